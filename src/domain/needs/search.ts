// Finding needs: text, domain, status, dates, distance; cursor pagination.
// Only published, non-draft needs, and of those only what the viewer may read
// (the access policy's `visibleTo`).
import { type Kysely, sql } from "kysely";
import type { Dialect } from "../../db/database.ts";
import type { Database } from "../../db/schema.ts";
import { visibleTo } from "../access/filters.ts";
import { ANONYMOUS, type Viewer } from "../access/policy.ts";
import { DomainError } from "../errors.ts";
import { type Need, type NeedStatus, type PublishedNeed, publicRadiusKm, toPublishedNeed } from "./model.ts";
import { needsQuery, SHORT_NEED_MS, toNeed } from "./repository.ts";

export interface NeedSearch {
  /** Who searches: the list holds only what they may read (a visitor not signed in when not said). */
  viewer?: Viewer;
  q?: string;
  domain?: string[];
  status?: NeedStatus[];
  /** Needs happening on or after this day (or open-ended). */
  from?: string;
  /** Needs starting on or before this day. */
  to?: string;
  near?: { latitude: number; longitude: number; radiusKm: number };
  sort?: "date" | "distance";
  cursor?: string;
  limit?: number;
  /** Limit to one organisation. */
  organizationId?: string;
  /** Only needs that can be done at a distance (place mode `remote` or `both`). */
  atDistance?: boolean;
}

export interface SearchPage {
  /** `distanceKm`: from the point searched to the published point, in whole kilometres. */
  items: (Need & { distanceKm?: number })[];
  nextCursor: string | null;
}

const KM_PER_DEGREE = 111.32;
/** The smallest published radius (`publicRadiusKm`), as SQL reads it. */
const MIN_RADIUS_KM = publicRadiusKm(0);
/** Up to this radius, a flat projection of the circle is close enough to pre-filter in SQL. */
const FLAT_RADIUS_KM = 100;

/** Great-circle distance in km (haversine). */
export function distanceKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

function decodeCursor(cursor: string): { key: string; id: string } {
  try {
    const [key, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (typeof key === "string" && typeof id === "string") return { key, id };
  } catch {}
  throw new DomainError("invalid", "the cursor is not one this server gave", "cursor", "cursor_invalid");
}

const encodeCursor = (key: string, id: string) => Buffer.from(JSON.stringify([key, id])).toString("base64url");

/** Words of a free-text query: letters and digits only, so nothing reaches the search syntax. */
function terms(q: string): string[] {
  return q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length >= 2)
    .slice(0, 8);
}

export async function searchNeeds(db: Kysely<Database>, dialect: Dialect, search: NeedSearch): Promise<SearchPage> {
  const limit = Math.min(Math.max(search.limit ?? 20, 1), 100);
  const statuses = search.status?.length ? search.status : (["open"] as NeedStatus[]);
  let query = needsQuery(db)
    .where("needs.published", "is not", null)
    .where("needs.status", "in", statuses.filter((s) => s !== "draft"))
    .where(visibleTo(search.viewer ?? ANONYMOUS));
  if (search.organizationId) query = query.where("needs.organization_id", "=", search.organizationId);
  if (search.domain?.length) {
    const domains = search.domain;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("need_domains as d")
          .select(sql`1`.as("one"))
          .whereRef("d.need_id", "=", "needs.id")
          .where("d.domain", "in", domains),
      ),
    );
  }
  const words = terms(search.q ?? "");
  if (words.length > 0 && dialect === "postgres") {
    // Stemmed in both languages: "visiter" finds "visites".
    const text = words.join(" ");
    query = query.where(
      sql<boolean>`needs.search @@ (plainto_tsquery('entraide_fr', ${text}) || plainto_tsquery('entraide_en', ${text}))`,
    );
  } else if (words.length > 0) {
    // Every word, as a prefix: "visit" finds "visites"; accents are folded by the index.
    const match = words.map((w) => `"${w}"*`).join(" ");
    query = query.where(sql<boolean>`needs.rowid in (select rowid from needs_fts where needs_fts match ${match})`);
  }
  if (search.atDistance) query = query.where("needs.place_mode", "!=", "on_site");
  if (search.from) {
    const from = `${search.from}T00:00:00.000Z`;
    query = query.where((eb) => eb.or([eb("needs.ends", "is", null), eb("needs.ends", ">=", from)]));
  }
  const near = search.near;
  if (near) {
    // On the published point and radius only (see `reaches`). A box in SQL (both databases),
    // then, for the radii people use, the circle on a flat projection, both a little wider
    // than the true circle, which is drawn below.
    const margin = near.radiusKm * 1.02 + 0.5;
    const radius = sql<number>`(case when ${sql.ref("needs.radius_km")} < ${MIN_RADIUS_KM} then ${MIN_RADIUS_KM} else ${sql.ref("needs.radius_km")} end)`;
    const cosLat = Math.max(0.01, Math.cos((near.latitude * Math.PI) / 180));
    const dy = sql<number>`((${sql.ref("needs.public_latitude")} - ${near.latitude}) * ${KM_PER_DEGREE})`;
    const dx = sql<number>`((${sql.ref("needs.public_longitude")} - ${near.longitude}) * ${KM_PER_DEGREE * cosLat})`;
    query = query.where((eb) =>
      eb.or([
        eb("needs.place_mode", "=", "remote"),
        eb.and([
          sql<boolean>`abs(${dy}) <= ${margin} + ${radius}`,
          sql<boolean>`abs(${dx}) <= ${margin} + ${radius}`,
          ...(near.radiusKm <= FLAT_RADIUS_KM ? [sql<boolean>`${dy} * ${dy} + ${dx} * ${dx} <= (${margin} + ${radius}) * (${margin} + ${radius})`] : []),
        ]),
      ]),
    );
  }

  const byDistance = search.sort === "distance" && near;
  if (byDistance) {
    // Distance order needs every candidate in the circle; the circle keeps them few.
    const to = search.to ? `${search.to}T23:59:59.999Z` : null;
    if (to) query = query.where((eb) => eb.or([eb("needs.starts", "is", null), eb("needs.starts", "<=", to)]));
    const rows = (await query.limit(5000).execute()).map(toNeed);
    const ranked = rows
      .map((n) => ({ need: n, distance: publicDistance(n, near) }))
      .filter(({ need }) => reaches(near, toPublishedNeed(need).place))
      .sort((a, b) => a.distance - b.distance || a.need.id.localeCompare(b.need.id));
    const offset = search.cursor ? Number(decodeCursor(search.cursor).key) : 0;
    const items = ranked.slice(offset, offset + limit).map(({ need, distance }) => ({ ...need, distanceKm: shownDistance(distance) }));
    const more = ranked.length > offset + limit;
    return { items, nextCursor: more ? encodeCursor(String(offset + limit), items.at(-1)?.id ?? "") : null };
  }

  // By date: soonest first (undated last), then id, as a keyset cursor. The order is
  // that of an index (status, coalesce(starts, '9999'), id): a page reads about as many
  // rows as it shows. "Starting by `to`" is two ranges of that order, dated needs up to
  // `to`, then the undated ones, read one after the other so each stays a range.
  //
  // From a date, a need that lasts a week at most can only match if it starts in the week
  // before: the walk starts there, after the long-running needs that started earlier, walked
  // apart through their own index (status, long_running, date order). Otherwise the walk
  // would read every need that started before the date, to keep the few still running.
  const sortKey = sql<string>`coalesce(${sql.ref("needs.starts")}, '9999')`;
  type Query = typeof query;
  const to = search.to ? `${search.to}T23:59:59.999Z` : null;
  const floor = search.from ? new Date(Date.parse(`${search.from}T00:00:00.000Z`) - SHORT_NEED_MS).toISOString() : null;
  const upTo = (q: Query) => (to ? q.where(sortKey, "<=", to) : q);
  const ranges: ((q: Query) => Query)[] = [];
  if (floor) {
    // SQLite, without statistics, would take the date-order index and read every need
    // before the floor: told that few needs run long, it takes theirs.
    const long =
      dialect === "sqlite" ? sql<boolean>`likelihood(${sql.ref("needs.long_running")} = 1, 0.05)` : sql<boolean>`${sql.ref("needs.long_running")} = 1`;
    ranges.push((q) => upTo(q.where(long).where(sortKey, "<", floor)));
    ranges.push((q) => upTo(q.where(sortKey, ">=", floor)));
  } else {
    ranges.push(upTo);
  }
  // Undated needs sort last ('9999'), past any `to`: read after the dated ones.
  if (to) ranges.push((q) => q.where(sortKey, "=", "9999"));
  let after = search.cursor ? decodeCursor(search.cursor) : null;
  const items: (Need & { distanceKm?: number })[] = [];
  // One more than a page tells whether there is a next one; with `near`, the exact circle
  // may leave out a few of the rows read, so read on until the page is full.
  const chunk = limit + 1;
  for (const range of ranges) {
    for (;;) {
      let q = range(query);
      if (after) {
        const { key, id } = after;
        q = q.where((eb) => eb.or([eb(sortKey, ">", key), eb.and([eb(sortKey, "=", key), eb("needs.id", ">", id)])]));
      }
      const rows = (await q.orderBy(sortKey).orderBy("needs.id").limit(chunk).execute()).map(toNeed);
      for (const n of rows) {
        if (!near) items.push(n);
        else if (reaches(near, toPublishedNeed(n).place)) items.push({ ...n, distanceKm: shownDistance(publicDistance(n, near)) });
      }
      const last = rows.at(-1);
      if (last) after = { key: startsOf(last), id: last.id };
      if (items.length > limit || rows.length < chunk) break;
    }
    if (items.length > limit) break;
  }
  const page = items.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page,
    nextCursor: items.length > limit && last ? encodeCursor(startsOf(last), last.id) : null,
  };
}

function startsOf(need: Need): string {
  const s = need.schedule;
  if (s.kind === "range") return `${s.start}T00:00:00.000Z`;
  if (s.kind === "flexible") return "9999";
  return new Date(s.start).toISOString();
}

/**
 * Whether a search (or an alert) around `near` finds a need at this published place:
 * remote needs everywhere, others when the circles of the search and of the need meet.
 * Only the published point and radius go in, so that whatever sequence of searches
 * someone runs, they learn where the need lies to the published radius, no closer.
 */
export function reaches(
  near: { latitude: number; longitude: number; radiusKm: number },
  place: Pick<PublishedNeed["place"], "mode" | "latitude" | "longitude" | "radiusKm">,
): boolean {
  if (place.mode === "remote") return true;
  if (place.latitude === null || place.longitude === null) return false;
  return distanceKm(near, { latitude: place.latitude, longitude: place.longitude }) <= near.radiusKm + place.radiusKm;
}

/** From the point searched to the need's published point (infinite when it has none). */
function publicDistance(need: Need, near: { latitude: number; longitude: number }): number {
  const { latitude, longitude } = toPublishedNeed(need).place;
  if (latitude === null || longitude === null) return Number.POSITIVE_INFINITY;
  return distanceKm(near, { latitude, longitude });
}

/** Distances are shown in whole kilometres (0 within half a kilometre, said "under 1 km"), no finer than the published place. */
const shownDistance = (km: number) => Math.round(km);
