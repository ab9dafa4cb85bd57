// /api/v1/practices: good-practice sheets, written here from done needs or
// received from the servers followed here, and "try it too".
import { Hono } from "hono";
import { z } from "zod";
import type { Indicators, RemotePractice, TryReport } from "../../domain/practices/model.ts";
import { PracticeCreate, PracticePatch } from "../../domain/practices/model.ts";
import { combine } from "../../domain/practices/indicators.ts";
import { allRemotePractices, findRemotePractice, searchLibrary } from "../../domain/practices/library.ts";
import { createPractice, deletePractice, findPractice, mayReadPractice, updatePractice } from "../../domain/practices/practices.ts";
import { type PublishedPractice, publishedPractice } from "../../domain/practices/published.ts";
import { ourTriesOfRemote, tryPractice } from "../../domain/practices/tries.ts";
import { isDomainSlug } from "../../domain/vocabulary/domains.ts";
import { currentAccount, requireAccount } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import { HttpProblem } from "../problem.ts";
import { validate } from "../validate.ts";

export const PracticeSearch = z.object({
  q: z.string().max(200).optional().describe("Words, all of them, anywhere in the sheet (accents and case ignored)"),
  domain: z
    .string()
    .optional()
    .refine((v) => !v || v.split(",").every(isDomainSlug), { error: "unknown domain (see /domains)" })
    .describe("Domain slugs, comma-separated: sheets in any of them"),
  scope: z.enum(["all", "here", "elsewhere"]).default("all").describe("Sheets written here, received from other servers, or both"),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const TryRequest = z.object({ organization: z.string().min(1).max(100).describe("The handle of the organisation that tries the sheet") });

export function indicatorsJson(i: Indicators) {
  return {
    needs: i.needs,
    needs_done: i.needsDone,
    volunteers_wanted: i.volunteersWanted,
    volunteers_accepted: i.volunteersAccepted,
    fill_rate: i.fillRate,
    volunteer_hours: i.volunteerHours,
    /** null: from 1 to 4, not published. */
    people_helped: i.peopleHelped,
  };
}

export function combinedJson(all: Indicators[]) {
  const c = combine(all);
  return { ...indicatorsJson(c), at_least: c.atLeast };
}

/** A federation of towns: every sheet of its members, with their tries, added up. */
export async function memberTotals(db: Parameters<typeof allRemotePractices>[0]) {
  const sheets = await allRemotePractices(db);
  const all = sheets.flatMap((p) => [p.indicators, ...p.tries.flatMap((t) => (t.indicators ? [t.indicators] : []))]);
  return { sheets: sheets.length, towns: new Set(sheets.map((p) => new URL(p.uri).host)).size, indicators: combinedJson(all) };
}

const tryJson = (r: TryReport) => ({
  organization: r.organization,
  town: r.town,
  date: r.date,
  needs: r.needs,
  indicators: r.indicators && indicatorsJson(r.indicators),
});

export function practiceJson(view: PublishedPractice, origin: URL) {
  const p = view.practice;
  const url = new URL(`/practices/${p.id}`, origin).href;
  return {
    id: p.id,
    kind: "here" as const,
    uri: url,
    url,
    organization: { handle: p.organization.handle, name: p.organization.name, uri: new URL(`/actors/${p.organization.handle}`, origin).href },
    title: p.title,
    summary: p.summary,
    context: p.context,
    actions: p.actions,
    motivation: p.motivation,
    watch_out: p.watchOut,
    contact: p.contact,
    html: { context: view.html.context, actions: view.html.actions, motivation: view.html.motivation, watch_out: view.html.watchOut },
    domains: p.domains,
    language: p.language,
    visibility: p.visibility,
    needs: p.needIds,
    indicators: indicatorsJson(view.indicators),
    tries: view.tries.map(tryJson),
    created: p.created,
    updated: p.updated,
  };
}

export function remotePracticeJson(p: RemotePractice, ours: TryReport[] = []) {
  return {
    id: p.id,
    kind: "elsewhere" as const,
    uri: p.uri,
    url: p.url ?? p.uri,
    origin: new URL(p.uri).host,
    author: { uri: p.author.uri, handle: p.author.handle, name: p.author.name },
    title: p.title,
    summary: p.summary,
    content_html: p.contentHtml,
    domains: p.domains,
    language: p.language,
    indicators: indicatorsJson(p.indicators),
    /** The sheet's own and its tries' results added up (`at_least`: some people helped were too few to publish). */
    combined_indicators: combinedJson([p.indicators, ...p.tries.flatMap((t) => (t.indicators ? [t.indicators] : []))]),
    needs_to_copy: p.templates.length,
    tries: p.tries.map(tryJson),
    tries_here: ours.map(tryJson),
    published: p.published,
    updated: p.updated,
  };
}

export const practices = new Hono<AppEnv>()
  .post("/", requireAccount, validate("json", PracticeCreate), async (c) => {
    const { db, events, config, settings } = c.var.deps;
    const created = await createPractice(db.kysely, events, currentAccount(c), c.req.valid("json"));
    const view = await publishedPractice(db.kysely, created.id, (await settings.get()).name);
    return c.json(practiceJson(view!, config.publicUrl), 201, { Location: `/api/v1/practices/${created.id}` });
  })
  .get("/", validate("query", PracticeSearch), async (c) => {
    const q = c.req.valid("query");
    const { db, config, settings } = c.var.deps;
    const town = (await settings.get()).name;
    const page = await searchLibrary(db.kysely, { q: q.q, domain: q.domain?.split(","), scope: q.scope, signedIn: Boolean(c.var.account), limit: q.limit, offset: q.offset });
    const items = [];
    for (const item of page.items) {
      if (item.kind === "here") {
        const view = await publishedPractice(db.kysely, item.practice.id, town);
        if (view) items.push(practiceJson(view, config.publicUrl));
      } else items.push(remotePracticeJson(item.practice));
    }
    return c.json({
      items,
      next_offset: page.more ? q.offset + q.limit : null,
      ...(config.aggregator && { members: await memberTotals(db.kysely) }),
    });
  })
  .get("/:id", async (c) => {
    const { db, config, settings } = c.var.deps;
    const id = c.req.param("id");
    const town = (await settings.get()).name;
    const local = await findPractice(db.kysely, id);
    if (local) {
      if (!mayReadPractice(local, Boolean(c.var.account))) throw new HttpProblem(404, "no such sheet");
      return c.json(practiceJson((await publishedPractice(db.kysely, id, town))!, config.publicUrl));
    }
    const remote = await findRemotePractice(db.kysely, id);
    if (!remote) throw new HttpProblem(404, "no such sheet");
    return c.json(remotePracticeJson(remote, await ourTriesOfRemote(db.kysely, remote.id, town)));
  })
  .patch("/:id", requireAccount, validate("json", PracticePatch), async (c) => {
    const { db, events, config, settings } = c.var.deps;
    const updated = await updatePractice(db.kysely, events, currentAccount(c), c.req.param("id"), c.req.valid("json"));
    return c.json(practiceJson((await publishedPractice(db.kysely, updated.id, (await settings.get()).name))!, config.publicUrl));
  })
  .delete("/:id", requireAccount, async (c) => {
    const { db, events } = c.var.deps;
    await deletePractice(db.kysely, events, currentAccount(c), c.req.param("id"));
    return c.body(null, 204);
  })
  .post("/:id/tries", requireAccount, validate("json", TryRequest), async (c) => {
    const { db, events } = c.var.deps;
    const id = c.req.param("id");
    const local = await findPractice(db.kysely, id);
    if (local && !mayReadPractice(local, true)) throw new HttpProblem(404, "no such sheet");
    const target = local ? ({ kind: "here", id } as const) : ({ kind: "elsewhere", id } as const);
    const made = await tryPractice(db.kysely, events, currentAccount(c), c.req.valid("json").organization, target);
    return c.json({ id: made.tryId, drafts: made.needIds }, 201);
  });
