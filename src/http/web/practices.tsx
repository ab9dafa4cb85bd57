// The pages of good-practice sheets: the library at /practices (?q= words,
// ?domain=), a sheet's page at /practices/{id} (ours, or one received), the form
// to write one, "try it too", deletion; the JSON-LD of a deleted sheet (its
// Tombstone) and of a try made here come from the federation.
import { type Context, Hono } from "hono";
import { emptyPracticeValues, LibraryPage, type PracticeCard, PracticeFormPage, type PracticeFormValues, SheetPage } from "../../../web/pages/practices.tsx";
import { coordinatedOrganizations } from "../../domain/needs/dashboard.ts";
import { combine } from "../../domain/practices/indicators.ts";
import { allRemotePractices, findRemotePractice, searchLibrary } from "../../domain/practices/library.ts";
import { PracticeCreate, PracticePatch } from "../../domain/practices/model.ts";
import {
  createPractice,
  deletePractice,
  doneNeedsOf,
  findPractice,
  isDeletedPractice,
  mayReadPractice,
  practiceForCoordinator,
  updatePractice,
} from "../../domain/practices/practices.ts";
import { publishedPractice } from "../../domain/practices/published.ts";
import { findTry, ourTriesOfRemote, tryPractice } from "../../domain/practices/tries.ts";
import { canCoordinate } from "../../domain/needs/service.ts";
import { DOMAINS, isDomainSlug } from "../../domain/vocabulary/domains.ts";
import type { AppEnv } from "../env.ts";
import { fieldError, frame, issueMessage, signedInOrLogin, unreadableForm } from "./frame.ts";

const PAGE = 20;

async function library(c: Context<AppEnv>) {
  const f = await frame(c);
  const { db, config, settings } = c.var.deps;
  const q = (c.req.query("q") ?? "").slice(0, 200);
  const domain = c.req.query("domain") ?? "";
  const offset = Math.min(Math.max(Number(c.req.query("offset")) || 0, 0), 10_000);
  const town = (await settings.get()).name;
  const page = await searchLibrary(db.kysely, {
    q,
    domain: isDomainSlug(domain) ? [domain] : undefined,
    signedIn: Boolean(c.var.account),
    limit: PAGE,
    offset,
  });
  const items: PracticeCard[] = page.items.map((item) => {
    if (item.kind === "here") {
      const p = item.practice;
      return { href: `/practices/${p.id}`, title: p.title, summary: p.summary, by: f.t("practices.by", { organization: p.organization.name, town }), domains: p.domains, indicators: item.indicators, combined: null, tries: 0 };
    }
    const p = item.practice;
    const results = p.tries.flatMap((r) => (r.indicators ? [r.indicators] : []));
    return {
      href: `/practices/${p.id}`,
      title: p.title,
      summary: p.summary,
      by: f.t("practices.by", { organization: p.author.name || p.author.handle || p.author.uri, town: new URL(p.uri).host }),
      domains: p.domains,
      indicators: p.indicators,
      combined: combine([p.indicators, ...results]),
      tries: results.length,
    };
  });
  const account = c.var.account;
  const mayWrite = account ? (await coordinatedOrganizations(db.kysely, account)).length > 0 : false;
  let members: { sheets: number; indicators: ReturnType<typeof combine> } | null = null;
  if (config.aggregator) {
    const sheets = await allRemotePractices(db.kysely);
    members = { sheets: sheets.length, indicators: combine(sheets.flatMap((p) => [p.indicators, ...p.tries.flatMap((r) => (r.indicators ? [r.indicators] : []))])) };
  }
  const params = new URLSearchParams({ ...(q && { q }), ...(domain && { domain }), offset: String(offset + PAGE) });
  return c.html(<LibraryPage {...f} q={q} domain={domain} domains={DOMAINS} items={items} next={page.more ? `/practices?${params}` : null} mayWrite={mayWrite} members={members} />);
}

async function readForm(c: Context<AppEnv>): Promise<PracticeFormValues> {
  const body = await c.req.parseBody({ all: true }).catch(unreadableForm);
  const values = emptyPracticeValues();
  for (const key of Object.keys(values) as (keyof PracticeFormValues)[]) {
    const sent = body[key];
    const all = (Array.isArray(sent) ? sent : sent === undefined ? [] : [sent]).filter((v): v is string => typeof v === "string");
    if (key === "needs") values.needs = all;
    else if (all.length) values[key] = all.at(-1)!;
  }
  return values;
}

async function formPage(c: Context<AppEnv>, values: PracticeFormValues, errors?: Record<string, string>, practiceId?: string) {
  const f = await frame(c);
  const { db } = c.var.deps;
  const orgs = (await coordinatedOrganizations(db.kysely, c.var.account!)).filter((o) => !practiceId || o.handle === values.organization);
  const organizations = [];
  for (const o of orgs) organizations.push({ handle: o.handle, name: o.name, needs: await doneNeedsOf(db.kysely, o.id) });
  return c.html(<PracticeFormPage {...f} organizations={organizations} values={{ ...values, organization: values.organization || (orgs[0]?.handle ?? "") }} errors={errors} practiceId={practiceId} />, errors ? 422 : 200);
}

async function sheet(c: Context<AppEnv>, done?: string) {
  const { db, settings } = c.var.deps;
  const id = c.req.param("id") ?? "";
  const f = await frame(c);
  const town = (await settings.get()).name;
  const account = c.var.account;
  const tryFor = account ? (await coordinatedOrganizations(db.kysely, account)).map((o) => ({ handle: o.handle, name: o.name, id: o.id })) : [];
  const local = await findPractice(db.kysely, id);
  if (local && mayReadPractice(local, Boolean(account))) {
    const view = (await publishedPractice(db.kysely, id, town))!;
    const p = view.practice;
    const results = view.tries.flatMap((r) => (r.indicators ? [r.indicators] : []));
    const manages = account ? await canCoordinate(db.kysely, account, p.organization.id) : false;
    return c.html(
      <SheetPage
        {...f}
        title={p.title}
        summary={p.summary}
        by={f.t("practices.by", { organization: p.organization.name, town })}
        sections={[
          { heading: f.t("practice.context"), html: view.html.context },
          { heading: f.t("practice.actions"), html: view.html.actions },
          { heading: f.t("practice.motivation"), html: view.html.motivation },
          { heading: f.t("practice.watchOut"), html: view.html.watchOut },
        ]}
        indicators={view.indicators}
        combined={combine([view.indicators, ...results])}
        tries={view.tries}
        contact={p.contact}
        remote={null}
        tryFor={tryFor.filter((o) => o.id !== p.organization.id)}
        tryAction={`/practices/${id}/try`}
        manage={manages ? { deleteAction: `/practices/${id}/delete`, editHref: `/practices/${id}/edit` } : null}
        done={done}
      />,
    );
  }
  const remote = await findRemotePractice(db.kysely, id);
  if (!remote) {
    const deleted = await isDeletedPractice(db.kysely, id);
    if (deleted) {
      const tombstone = await c.var.deps.federation.practiceTombstone(c.req.raw, id, deleted);
      if (tombstone) return tombstone;
    }
    return c.notFound();
  }
  const ours = await ourTriesOfRemote(db.kysely, remote.id, town);
  const tries = [...remote.tries];
  // Our own tries, until its author tells of them (then they are in its list).
  for (const r of ours) if (!tries.some((x) => x.organization === r.organization && x.town === r.town)) tries.push(r);
  const results = tries.flatMap((r) => (r.indicators ? [r.indicators] : []));
  return c.html(
    <SheetPage
      {...f}
      title={remote.title}
      summary={remote.summary}
      by={f.t("practices.by", { organization: remote.author.name || remote.author.handle || remote.author.uri, town: new URL(remote.uri).host })}
      sections={[{ heading: "", html: remote.contentHtml }]}
      indicators={remote.indicators}
      combined={combine([remote.indicators, ...results])}
      tries={tries}
      contact=""
      remote={{ origin: new URL(remote.uri).host, url: remote.url ?? remote.uri }}
      tryFor={tryFor}
      tryAction={`/practices/${id}/try`}
      manage={null}
      done={done}
    />,
  );
}

export const practicePages = new Hono<AppEnv>()
  .get("/practices", library)
  .get("/practices/new", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    return formPage(c, emptyPracticeValues());
  })
  .post("/practices/new", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const values = await readForm(c);
    const parsed = PracticeCreate.safeParse({ ...values, visibility: values.visibility === "local" ? "local" : "public" });
    if (!parsed.success) {
      const { t } = await frame(c);
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "_form")] ??= issueMessage(issue, t);
      return formPage(c, values, errors);
    }
    try {
      const created = await createPractice(c.var.deps.db.kysely, c.var.deps.events, account, parsed.data);
      return c.redirect(`/practices/${created.id}?saved=1`, 303);
    } catch (error) {
      return formPage(c, values, fieldError(error, (await frame(c)).t, "needs"));
    }
  })
  .get("/practices/:id", async (c) => {
    const f = await frame(c);
    const saved = c.req.query("saved") ? f.t("practice.saved") : undefined;
    const tried = Number(c.req.query("tried"));
    return sheet(c, Number.isInteger(tried) && tried > 0 ? f.t("practice.tried", { count: tried }) : saved);
  })
  .post("/practices/:id/try", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const { db, events } = c.var.deps;
    const id = c.req.param("id");
    const body = await c.req.parseBody().catch(unreadableForm);
    const organization = typeof body.organization === "string" ? body.organization : "";
    const local = await findPractice(db.kysely, id);
    try {
      const made = await tryPractice(db.kysely, events, account, organization, local ? { kind: "here", id } : { kind: "elsewhere", id });
      return c.redirect(`/practices/${id}?tried=${made.needIds.length}`, 303);
    } catch (error) {
      const errors = fieldError(error, (await frame(c)).t);
      return (await sheet(c, Object.values(errors)[0])) as Response;
    }
  })
  .get("/practices/:id/edit", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const p = await practiceForCoordinator(c.var.deps.db.kysely, account, c.req.param("id"));
    const values: PracticeFormValues = {
      organization: p.organization.handle,
      title: p.title,
      summary: p.summary,
      context: p.context,
      actions: p.actions,
      motivation: p.motivation,
      watch_out: p.watchOut,
      contact: p.contact,
      needs: p.needIds,
      visibility: p.visibility,
    };
    return formPage(c, values, undefined, p.id);
  })
  .post("/practices/:id/edit", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const id = c.req.param("id");
    const values = await readForm(c);
    const parsed = PracticePatch.safeParse({ ...values, organization: undefined, visibility: values.visibility === "local" ? "local" : "public" });
    if (!parsed.success) {
      const { t } = await frame(c);
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "_form")] ??= issueMessage(issue, t);
      return formPage(c, values, errors, id);
    }
    try {
      await updatePractice(c.var.deps.db.kysely, c.var.deps.events, account, id, parsed.data);
      return c.redirect(`/practices/${id}?saved=1`, 303);
    } catch (error) {
      return formPage(c, values, fieldError(error, (await frame(c)).t, "needs"), id);
    }
  })
  .post("/practices/:id/delete", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    await deletePractice(c.var.deps.db.kysely, c.var.deps.events, account, c.req.param("id"));
    return c.redirect("/practices", 303);
  })
  .get("/practice-tries/:id", async (c) => {
    const answer = await c.var.deps.federation.practiceTry(c.req.raw, c.req.param("id"));
    if (answer) return answer;
    const found = await findTry(c.var.deps.db.kysely, c.req.param("id"));
    if (!found) return c.notFound();
    return c.redirect(found.practiceId ? `/practices/${found.practiceId}` : found.remotePracticeId ? `/practices/${found.remotePracticeId}` : "/practices", 303);
  });
