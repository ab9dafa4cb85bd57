// /api/v1/missions: needs (missions for volunteers) and the applications to them.
import { recordSensitiveRead } from "../../domain/privacy/sensitive-reads.ts";
import { Hono } from "hono";
import { z } from "zod";
import { ANONYMOUS, readNeed } from "../../domain/access/policy.ts";
import { DomainError } from "../../domain/errors.ts";
import { cancelNeed, cancelOccurrence, duplicateNeed } from "../../domain/needs/actions.ts";
import { applyWithAccount, listApplications } from "../../domain/needs/applications.ts";
import { chosenOccurrences } from "../../domain/needs/chosen-occurrences.ts";
import { safeguardingStates } from "../../domain/safeguarding/checks.ts";
import { NeedCreate, NeedPatch } from "../../domain/needs/input.ts";
import { type Need, toPublishedNeed } from "../../domain/needs/model.ts";
import { applyRemote } from "../../domain/needs/outgoing.ts";
import { howToReach } from "../../domain/volunteer-details/details.ts";
import { findNeed } from "../../domain/needs/repository.ts";
import { toNeedTeaser } from "../../domain/needs/teaser.ts";
import { searchNeeds } from "../../domain/needs/search.ts";
import { createNeed, deleteNeed, isDeletedNeed, updateNeed } from "../../domain/needs/service.ts";
import type { RemoteNeed } from "../../domain/remote-needs/model.ts";
import { findListedRemoteNeed, listRemoteNeeds } from "../../domain/remote-needs/repository.ts";
import { isDomainSlug } from "../../domain/vocabulary/domains.ts";
import { currentAccount, requireAccount, viewerOf } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import { forgetFiles } from "../../domain/pictures/pictures.ts";
import { HttpProblem } from "../problem.ts";
import { validate } from "../validate.ts";
import { applicationJson, coordinatorNeedJson, needTeaserJson, publishedNeedJson } from "./json.ts";

const list = (value: string | undefined) => (value ? value.split(",").map((v) => v.trim()).filter(Boolean) : undefined);

export const MissionSearch = z.object({
  q: z.string().max(200).optional(),
  domain: z
    .string()
    .optional()
    .refine((v) => (list(v) ?? []).every(isDomainSlug), { error: "unknown domain (see /domains)" }),
  status: z
    .string()
    .optional()
    .refine((v) => (list(v) ?? []).every((s) => ["open", "filled", "done", "cancelled"].includes(s)), {
      error: "status is open, filled, done or cancelled (comma-separated)",
    }),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  near: z
    .string()
    .regex(/^-?\d+(\.\d+)?,-?\d+(\.\d+)?$/, { error: "near is latitude,longitude (example: 45.77,4.83)" })
    .optional()
    .describe("latitude,longitude: needs are found, measured (distance_km, in whole kilometres) and sorted from their published place, rounded to about 1 km"),
  radius_km: z.coerce.number().min(0.1).max(500).default(10),
  sort: z.enum(["date", "distance"]).default("date"),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  scope: z
    .enum(["here", "elsewhere", "all", "local", "remote"])
    .default("here")
    .describe("here: needs published on this instance; elsewhere: needs received from other servers; all: both. `local` and `remote` are the former names of `here` and `elsewhere`"),
});

export const ApplyBody = z.object({
  message: z.string().max(5000).default(""),
  share_email: z
    .boolean()
    .default(false)
    .describe("The applicant agrees that the need's coordinators see their email address, to reach them (not unless said)"),
  occurrences: z
    .array(z.string().max(40))
    .max(52)
    .optional()
    .describe(
      "For a recurring need: the starts (ISO 8601) of the occurrences the applicant answers for, each an upcoming one of the rule that was not cancelled (else 422); absent or empty: every occurrence",
    ),
});

export const MissionCancel = z.object({
  message: z.string().max(5000).nullable().optional().describe("For the accepted volunteers: they are told of the cancellation with it"),
});

export const OccurrenceCancel = z.object({
  occurrence: z.iso.datetime({ offset: true, error: "the start of a session, ISO 8601, e.g. 2026-12-08T14:00:00+01:00" }),
  message: z.string().max(5000).nullable().optional().describe("For the accepted volunteers"),
});

/** What the requester may see of a need (the access policy): the coordinators' view, the published one, a teaser, or nothing. */
function visibleNeed(c: { var: AppEnv["Variables"] }, need: Need) {
  const { publicUrl } = c.var.deps.config;
  switch (readNeed(c.var.viewer ?? ANONYMOUS, need)) {
    case "full":
      return coordinatorNeedJson(need, publicUrl);
    case "published":
      return publishedNeedJson(toPublishedNeed(need), publicUrl);
    // Without a token, a followers-only or local need: that it exists, what kind of need it is,
    // and `teaser: true` (sign in to read it), as its page says; never its title or description.
    case "teaser":
      return needTeaserJson(toNeedTeaser(need), publicUrl);
    case "none":
      return null;
  }
}

function remoteNeedJson(need: RemoteNeed) {
  return {
    id: need.id,
    uri: need.uri,
    url: need.url,
    remote: true,
    organization: { uri: need.author.uri, handle: need.author.handle, name: need.author.name },
    title: need.title,
    description_html: need.contentHtml,
    domains: need.domains,
    place: { label: need.place.label, latitude: need.place.latitude, longitude: need.place.longitude, radius_km: need.place.radiusKm },
    starts: need.starts,
    ends: need.ends,
    volunteers_wanted: need.volunteersWanted,
    places_left: need.placesLeft,
    published: need.published,
    updated: need.updated,
  };
}

export const missions = new Hono<AppEnv>()
  .post("/", validate("json", z.looseObject({})), requireAccount, validate("json", NeedCreate), async (c) => {
    const { db, events, config } = c.var.deps;
    const need = await createNeed(db.kysely, events, currentAccount(c), c.req.valid("json"));
    return c.json(coordinatorNeedJson(need, config.publicUrl), 201, { Location: `/api/v1/missions/${need.id}` });
  })
  .get("/", validate("query", MissionSearch), async (c) => {
    const query = c.req.valid("query");
    const { db, config } = c.var.deps;
    const [latitude, longitude] = query.near ? query.near.split(",").map(Number) : [];
    if (query.sort === "distance" && !query.near) {
      throw new HttpProblem(422, "sort=distance needs near=latitude,longitude", { errors: [{ field: "near", message: "required with sort=distance" }] });
    }
    const items: unknown[] = [];
    let nextCursor: string | null = null;
    const scope = query.scope === "local" ? "here" : query.scope === "remote" ? "elsewhere" : query.scope;
    if (scope !== "elsewhere") {
      const page = await searchNeeds(db.kysely, db.dialect, {
        viewer: viewerOf(c),
        q: query.q,
        domain: list(query.domain),
        status: list(query.status) as Need["status"][] | undefined,
        from: query.from,
        to: query.to,
        near: latitude === undefined ? undefined : { latitude, longitude: longitude!, radiusKm: query.radius_km },
        sort: query.sort,
        cursor: query.cursor,
        limit: query.limit,
      });
      items.push(...page.items.map((n) => publishedNeedJson(toPublishedNeed(n), config.publicUrl, { distance_km: n.distanceKm })));
      nextCursor = page.nextCursor;
    }
    if (scope !== "here" && !query.cursor) {
      // Public remote needs and the followers-only ones of organisations the user follows, except from silenced servers.
      const shown = await listRemoteNeeds(db.kysely, c.var.deps.policy, { userId: c.var.account?.id }, { limit: query.limit });
      items.push(...shown.map((n) => ({ ...remoteNeedJson(n), origin: new URL(n.uri).host })));
    }
    return c.json({ items, next_cursor: nextCursor });
  })
  .get("/:id", async (c) => {
    const id = c.req.param("id");
    const need = await findNeed(c.var.deps.db.kysely, id);
    if (need) {
      const json = visibleNeed(c, need);
      // Its coordinators were shown the person helped: the audit log keeps who and when.
      if (json && "beneficiary" in json && c.var.account) await recordSensitiveRead(c.var.deps.db.kysely, c.var.account, [need], "api");
      if (json) return c.json(json);
      throw new HttpProblem(404, "no such need");
    }
    const remote = await findListedRemoteNeed(c.var.deps.db.kysely, c.var.deps.policy, { userId: c.var.account?.id }, id);
    if (remote) return c.json(remoteNeedJson(remote));
    if (await isDeletedNeed(c.var.deps.db.kysely, id)) throw new HttpProblem(410, "this need was deleted");
    throw new HttpProblem(404, "no such need");
  })
  .patch("/:id", requireAccount, validate("json", NeedPatch), async (c) => {
    const { db, events, config } = c.var.deps;
    const need = await updateNeed(db.kysely, events, currentAccount(c), c.req.param("id"), c.req.valid("json"));
    return c.json(coordinatorNeedJson(need, config.publicUrl));
  })
  .delete("/:id", requireAccount, async (c) => {
    const { db, events, files } = c.var.deps;
    // Its picture's files go with it (unless another need or organisation shows the same).
    await forgetFiles(db.kysely, files, await deleteNeed(db.kysely, events, currentAccount(c), c.req.param("id")));
    return c.body(null, 204);
  })
  .post("/:id/cancel", requireAccount, validate("json", MissionCancel), async (c) => {
    const { db, events, config } = c.var.deps;
    const need = await cancelNeed(db.kysely, events, currentAccount(c), c.req.param("id"), c.req.valid("json").message ?? null);
    return c.json(coordinatorNeedJson(need, config.publicUrl));
  })
  .post("/:id/cancelled-occurrences", requireAccount, validate("json", OccurrenceCancel), async (c) => {
    const { db, events, config } = c.var.deps;
    const { occurrence, message } = c.req.valid("json");
    const need = await cancelOccurrence(db.kysely, events, currentAccount(c), c.req.param("id"), occurrence, message ?? null);
    return c.json(coordinatorNeedJson(need, config.publicUrl));
  })
  .post("/:id/duplicate", requireAccount, async (c) => {
    const { db, config } = c.var.deps;
    const copy = await duplicateNeed(db.kysely, currentAccount(c), c.req.param("id"));
    return c.json(coordinatorNeedJson(copy, config.publicUrl), 201, { Location: `/api/v1/missions/${copy.id}` });
  })
  .post("/:id/applications", requireAccount, validate("json", ApplyBody), async (c) => {
    const { db, events, config } = c.var.deps;
    const id = c.req.param("id");
    const { message, share_email, occurrences } = c.req.valid("json");
    const account = currentAccount(c);
    const need = await findNeed(db.kysely, id);
    if (need) {
      const application = await applyWithAccount(db.kysely, events, account, id, message, "api", viewerOf(c), { shareEmail: share_email, occurrences });
      const chosen = await chosenOccurrences(db.kysely, [application.id]);
      // On a safeguarded need the applicant learns, about themself, whether an in-person check comes first.
      const state = (await safeguardingStates(db.kysely, need, [application])).get(application.id);
      return c.json({ ...applicationJson(application, config.publicUrl, state), occurrences: chosen.get(application.id) ?? [] }, 201);
    }
    const outgoing = await applyRemote(db.kysely, events, c.var.deps.policy, config.publicUrl, account, id, message).catch((error) => {
      if (error instanceof DomainError && error.kind === "not_found") throw new HttpProblem(404, "no such need");
      throw error;
    });
    return c.json({ id: outgoing.id, mission_id: id, status: outgoing.status, message: outgoing.message, remote: true }, 201);
  })
  .get("/:id/applications", requireAccount, async (c) => {
    const { db, config } = c.var.deps;
    const applications = await listApplications(db.kysely, currentAccount(c), c.req.param("id"));
    const need = (await findNeed(db.kysely, c.req.param("id")))!;
    // How to reach each applicant: a consenting account's email, a remote one's handle (the access policy decides).
    const reach = await howToReach(db.kysely, viewerOf(c), need, applications);
    const chosen = await chosenOccurrences(db.kysely, applications.map((a) => a.id));
    const states = await safeguardingStates(db.kysely, need, applications);
    return c.json(applications.map((a) => ({ ...applicationJson(a, config.publicUrl, states.get(a.id)), contact: reach.get(a.id) ?? null, occurrences: chosen.get(a.id) ?? [] })));
  });
