// Citizens' alerts: "mail me the needs in these domains, in this area". An area
// is anywhere, around a point (a place named as needs name it, or coordinates)
// within a radius, or remote only. Matching follows the search: a need matches
// an area when its rounded point is within the alert's radius plus its own, and
// a need that can be done remotely matches every area.
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database, AlertsTable } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import type { Account } from "../accounts/users.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { locatePlace } from "../needs/places.ts";
import { reaches } from "../needs/search.ts";
import { isDomainSlug } from "../vocabulary/domains.ts";

export const MAX_ALERTS = 20;

export const AlertCreate = z.object({
  domains: z
    .array(z.string().refine(isDomainSlug, { error: "a domain of the vocabulary (GET /api/v1/domains), e.g. sante" }))
    .min(1, { error: "at least one domain" })
    .max(10)
    .describe("Domain slugs; a need in any of them matches"),
  area: z
    .discriminatedUnion("kind", [
      z.object({ kind: z.literal("anywhere") }),
      z.object({ kind: z.literal("remote").describe("Only needs that can be done remotely") }),
      z.object({
        kind: z.literal("near"),
        place: z.string().trim().min(2).max(100).optional().describe("A French commune's name or postcode (69100, Villeurbanne), or a neighbourhood needs here name"),
        latitude: z.number().min(-90).max(90).optional(),
        longitude: z.number().min(-180).max(180).optional(),
        radius_km: z.number().min(1).max(200).default(10),
      }),
    ])
    .default({ kind: "anywhere" }),
});
export type AlertInput = z.infer<typeof AlertCreate>;

export interface Alert {
  id: string;
  domains: string[];
  area:
    | { kind: "anywhere" }
    | { kind: "remote" }
    | { kind: "near"; place: string | null; latitude: number; longitude: number; radiusKm: number };
  language: string;
  created: string;
}

function toAlert(row: AlertsTable): Alert {
  const area: Alert["area"] =
    row.area === "near"
      ? {
          kind: "near",
          place: row.place_label,
          latitude: Number(row.latitude),
          longitude: Number(row.longitude),
          radiusKm: Number(row.radius_km),
        }
      : { kind: row.area === "remote" ? "remote" : "anywhere" };
  return { id: row.id, domains: JSON.parse(row.domains) as string[], area, language: row.language, created: row.created };
}

export async function createAlert(db: Kysely<Database>, account: Account, input: AlertInput, language: string): Promise<Alert> {
  const parsed = AlertCreate.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainError("invalid", issue.message, issue.path.join(".") || "domains", "alert_invalid");
  }
  const { domains, area } = parsed.data;
  let point: { latitude: number; longitude: number; radiusKm: number; place: string | null } | undefined;
  if (area.kind === "near") {
    if (area.latitude !== undefined && area.longitude !== undefined) {
      point = { latitude: area.latitude, longitude: area.longitude, radiusKm: area.radius_km, place: area.place ?? null };
    } else if (area.place) {
      const found = await locatePlace(db, area.place);
      if (!found) throw new DomainError("invalid", "no French commune has this name or postcode, and no need here names this place: give a commune, a postcode or coordinates", "area.place", "alert_place_unknown", { place: area.place });
      point = { ...found, radiusKm: area.radius_km, place: area.place };
    } else {
      throw new DomainError("invalid", "an area near somewhere needs a place or coordinates", "area.place", "alert_place_required");
    }
  }
  const count = await db
    .selectFrom("alerts")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", account.id)
    .executeTakeFirstOrThrow();
  if (Number(count.n) >= MAX_ALERTS) throw new DomainError("conflict", `at most ${MAX_ALERTS} alerts per account`, "domains", "alert_limit", { max: MAX_ALERTS });
  const row: AlertsTable = {
    id: newId(),
    user_id: account.id,
    domains: JSON.stringify([...new Set(domains)]),
    area: area.kind,
    place_label: point?.place ?? null,
    latitude: point?.latitude ?? null,
    longitude: point?.longitude ?? null,
    radius_km: point?.radiusKm ?? null,
    language: language === "en" ? "en" : "fr",
    created: now(),
  };
  await db.insertInto("alerts").values(row).execute();
  return toAlert(row);
}

export async function listAlerts(db: Kysely<Database>, userId: string): Promise<Alert[]> {
  const rows = await db.selectFrom("alerts").selectAll().where("user_id", "=", userId).orderBy("created").orderBy("id").execute();
  return rows.map(toAlert);
}

export async function deleteAlert(db: Kysely<Database>, userId: string, id: string): Promise<void> {
  const result = await db.deleteFrom("alerts").where("id", "=", id).where("user_id", "=", userId).executeTakeFirst();
  if (!Number(result.numDeletedRows)) throw new DomainError("not_found", "no such alert", undefined, "alert_not_found");
}

/** Removes these alerts of this user (an unsubscribe link); how many were still there. */
export async function deleteAlerts(db: Kysely<Database>, userId: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db.deleteFrom("alerts").where("user_id", "=", userId).where("id", "in", ids).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** What alerts are matched against: a need's public fields (the published point and radius, never the exact ones). */
export interface AlertCandidate {
  /** `need:<id>` for ours, the URI for another server's. */
  key: string;
  domains: string[];
  mode: "on_site" | "remote" | "both";
  latitude: number | null;
  longitude: number | null;
  radiusKm: number;
}

export function alertMatches(alert: Alert, need: AlertCandidate): boolean {
  if (!alert.domains.some((d) => need.domains.includes(d))) return false;
  const area = alert.area;
  if (area.kind === "anywhere") return true;
  if (area.kind === "remote") return need.mode !== "on_site";
  // As a search around the same point finds it: the mail tells the user it matched.
  return reaches(area, need);
}

export interface AlertRecipient {
  userId: string;
  email: string;
  language: string;
  alertIds: string[];
}

/**
 * The users whose alerts match this need and who were never told about it:
 * each is recorded as told, once (a second call, or a second worker, finds them told).
 */
export async function claimAlertRecipients(db: Kysely<Database>, need: AlertCandidate): Promise<AlertRecipient[]> {
  if (need.domains.length === 0) return [];
  const rows = await db
    .selectFrom("alerts")
    .innerJoin("users", "users.id", "alerts.user_id")
    .selectAll("alerts")
    .select("users.email")
    .where("users.suspended", "=", 0)
    .where((eb) => eb.or(need.domains.map((d) => eb("alerts.domains", "like", `%"${d}"%`))))
    .orderBy("alerts.created", "desc")
    .execute();
  const byUser = new Map<string, AlertRecipient>();
  for (const row of rows) {
    if (!alertMatches(toAlert(row), need)) continue;
    const found = byUser.get(row.user_id);
    // The newest alert's language wins (rows come newest first).
    if (found) found.alertIds.push(row.id);
    else byUser.set(row.user_id, { userId: row.user_id, email: row.email, language: row.language, alertIds: [row.id] });
  }
  const recipients: AlertRecipient[] = [];
  for (const recipient of byUser.values()) {
    const inserted = await db
      .insertInto("alert_deliveries")
      .values({ user_id: recipient.userId, need: need.key, created: now() })
      .onConflict((oc) => oc.columns(["user_id", "need"]).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) recipients.push(recipient);
  }
  return recipients;
}
