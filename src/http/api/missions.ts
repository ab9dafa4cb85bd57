// /api/v1/missions: needs (missions for volunteers) and the applications to them.
import { Hono } from "hono";
import { z } from "zod";
import { ANONYMOUS, readNeed } from "../../domain/access/policy.ts";
import { DomainError } from "../../domain/errors.ts";
import { applyLocal, listApplications } from "../../domain/needs/applications.ts";
import { NeedCreate, NeedPatch } from "../../domain/needs/input.ts";
import { type Need, toPublicNeed } from "../../domain/needs/model.ts";
import { applyRemote } from "../../domain/needs/outgoing.ts";
import { findNeed } from "../../domain/needs/repository.ts";
import { searchNeeds } from "../../domain/needs/search.ts";
import { createNeed, deleteNeed, isDeletedNeed, updateNeed } from "../../domain/needs/service.ts";
import { domainMatches } from "../../domain/moderation/policy.ts";
import { isDomainSlug } from "../../domain/vocabulary/domains.ts";
import { currentAccount, requireAccount, viewerOf } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import { HttpProblem } from "../problem.ts";
import { validate } from "../validate.ts";
import { applicationJson, coordinatorNeedJson, publicNeedJson } from "./json.ts";

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
  scope: z.enum(["local", "remote", "all"]).default("local"),
});

const ApplyBody = z.object({ message: z.string().max(5000).default("") });

/** What the requester may see of a need (the access policy): the coordinators' view, the public one, or nothing. */
function visibleNeed(c: { var: AppEnv["Variables"] }, need: Need) {
  const { publicUrl } = c.var.deps.config;
  switch (readNeed(c.var.viewer ?? ANONYMOUS, need)) {
    case "full":
      return coordinatorNeedJson(need, publicUrl);
    case "public":
      return publicNeedJson(toPublicNeed(need), publicUrl);
    // No teaser in the API yet: what may not be read does not exist.
    case "teaser":
    case "none":
      return null;
  }
}

function remoteNeedJson(row: Record<string, unknown>) {
  return {
    id: row.id,
    uri: row.uri,
    url: row.url,
    remote: true,
    organization: { uri: row.actor_uri, handle: row.actor_handle, name: row.actor_name },
    title: row.title,
    description_html: row.content_html,
    domains: JSON.parse(String(row.domains)),
    place: { label: row.place_label, latitude: row.latitude, longitude: row.longitude, radius_km: row.radius_km },
    starts: row.starts,
    ends: row.ends,
    volunteers_wanted: row.volunteers_wanted,
    places_left: row.places_left,
    published: row.published,
    updated: row.updated,
  };
}

function remoteNeeds(c: { var: AppEnv["Variables"] }) {
  return c.var.deps.db.kysely
    .selectFrom("remote_needs as n")
    .innerJoin("remote_actors as a", "a.id", "n.actor_id")
    .selectAll("n")
    .select(["a.uri as actor_uri", "a.handle as actor_handle", "a.name as actor_name"]);
}

/** Whether the requester follows a remote organisation (and so may see its followers-only needs). */
async function followsAuthor(c: { var: AppEnv["Variables"] }, remoteActorId: string): Promise<boolean> {
  const account = c.var.account;
  if (!account) return false;
  const row = await c.var.deps.db.kysely
    .selectFrom("following")
    .select("accepted")
    .where("actor_id", "=", account.id)
    .where("target_id", "=", remoteActorId)
    .executeTakeFirst();
  return Boolean(row?.accepted);
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
    if (query.scope !== "remote") {
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
      items.push(...page.items.map((n) => publicNeedJson(toPublicNeed(n), config.publicUrl, { distance_km: n.distanceKm })));
      nextCursor = page.nextCursor;
    }
    if (query.scope !== "local" && !query.cursor) {
      // Public remote needs, except from servers a moderator silenced or suspended.
      const hidden = await c.var.deps.policy.hiddenHosts();
      // Followers-only ones too, for a user who follows their organisation.
      const viewer = c.var.account?.id ?? "";
      const rows = await remoteNeeds(c)
        .where((eb) =>
          eb.or([
            eb("n.audience", "=", "public"),
            eb(
              "n.actor_id",
              "in",
              eb.selectFrom("following").select("target_id").where("actor_id", "=", viewer).where("accepted", "=", 1),
            ),
          ]),
        )
        .orderBy("n.published", "desc")
        .limit(500)
        .execute();
      const shown = rows.filter((r) => !hidden.some((h) => domainMatches(h.domain, new URL(r.uri).host))).slice(0, query.limit);
      items.push(...shown.map((r) => ({ ...remoteNeedJson(r), origin: new URL(r.uri).host })));
    }
    return c.json({ items, next_cursor: nextCursor });
  })
  .get("/:id", async (c) => {
    const id = c.req.param("id");
    const need = await findNeed(c.var.deps.db.kysely, id);
    if (need) {
      const json = visibleNeed(c, need);
      if (json) return c.json(json);
      throw new HttpProblem(404, "no such need");
    }
    const remote = await remoteNeeds(c).where("n.id", "=", id).executeTakeFirst();
    const hidden = await c.var.deps.policy.hiddenHosts();
    const shown = remote && !hidden.some((h) => domainMatches(h.domain, new URL(remote.uri).host));
    if (remote && shown && (remote.audience === "public" || (await followsAuthor(c, remote.actor_id)))) {
      return c.json(remoteNeedJson(remote));
    }
    if (await isDeletedNeed(c.var.deps.db.kysely, id)) throw new HttpProblem(410, "this need was deleted");
    throw new HttpProblem(404, "no such need");
  })
  .patch("/:id", requireAccount, validate("json", NeedPatch), async (c) => {
    const { db, events, config } = c.var.deps;
    const need = await updateNeed(db.kysely, events, currentAccount(c), c.req.param("id"), c.req.valid("json"));
    return c.json(coordinatorNeedJson(need, config.publicUrl));
  })
  .delete("/:id", requireAccount, async (c) => {
    const { db, events } = c.var.deps;
    await deleteNeed(db.kysely, events, currentAccount(c), c.req.param("id"));
    return c.body(null, 204);
  })
  .post("/:id/applications", requireAccount, validate("json", ApplyBody), async (c) => {
    const { db, events, config } = c.var.deps;
    const id = c.req.param("id");
    const { message } = c.req.valid("json");
    const account = currentAccount(c);
    if (await findNeed(db.kysely, id)) {
      const application = await applyLocal(db.kysely, events, account, id, message, "api", viewerOf(c));
      return c.json(applicationJson(application, config.publicUrl), 201);
    }
    const outgoing = await applyRemote(db.kysely, events, config.publicUrl, account, id, message).catch((error) => {
      if (error instanceof DomainError && error.kind === "not_found") throw new HttpProblem(404, "no such need");
      throw error;
    });
    return c.json({ id: outgoing.id, mission_id: id, status: outgoing.status, message: outgoing.message, remote: true }, 201);
  })
  .get("/:id/applications", requireAccount, async (c) => {
    const { db, config } = c.var.deps;
    const applications = await listApplications(db.kysely, currentAccount(c), c.req.param("id"));
    return c.json(applications.map((a) => applicationJson(a, config.publicUrl)));
  });
