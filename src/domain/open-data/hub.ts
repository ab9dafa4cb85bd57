// The public needs as the French state's volunteering hub reads them: API
// Engagement (betagouv/api-engagement), which feeds JeVeuxAider.gouv.fr and its
// partners, imports each partner's XML feed of missions (decision 0017 names the
// schema's source). What may go there is what anyone anywhere may read: the access
// policy's OUTSIDER, in its public view (toPublishedNeed), so never a private
// field; the place is the need's public label and its rounded point.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { visibleTo } from "../access/filters.ts";
import { OUTSIDER } from "../access/policy.ts";
import { type PlaceMode, type PublishedNeed, toPublishedNeed } from "../needs/model.ts";
import { formatSchedule } from "../needs/note-content.ts";
import { needsQuery, scheduleBounds, toNeed } from "../needs/repository.ts";
import { DOMAINS } from "../vocabulary/domains.ts";

/**
 * The hub's domain codes (api/src/constants/domains.ts). Entraide's slugs are the
 * hub's, but for two of its own: elderly people and disability, which the hub files
 * under solidarity (its own examples put visits to isolated elderly people there).
 */
const HUB_DOMAIN: Record<string, string> = {
  "personnes-agees": "solidarite-insertion",
  handicap: "solidarite-insertion",
};

/** The hub's domain for a need: that of its first domain ("autre" when it has none). */
export function hubDomain(slugs: readonly string[]): string {
  const first = slugs[0];
  if (!first) return "autre";
  return HUB_DOMAIN[first] ?? (DOMAINS.some((d) => d.slug === first) ? first : "autre");
}

/** The hub's audience labels (its partners' mapping, e.g. api/src/jobs/letudiant/config.ts `AUDIENCE_MAPPING`). */
const HUB_AUDIENCE: Record<string, string> = {
  seniors: "Personnes âgées",
  children: "Jeunes / enfants",
  teenagers: "Jeunes / enfants",
  patients: "Personnes malades",
  families: "Parents",
  disabled: "Personnes en situation de handicap",
  everyone: "Tous publics",
};

/** The hub's `remote`: no, possible, full (or local). */
export function hubRemote(mode: PlaceMode): "no" | "possible" | "full" {
  return mode === "remote" ? "full" : mode === "both" ? "possible" : "no";
}

/**
 * The hub refuses a mission whose title or description holds "&#" (it takes it for an
 * encoding error: api/src/utils/mission-moderation.ts); sanitised HTML may write a
 * character as a numeric reference (&#39;). Each becomes the character, or the named
 * entity when the character means something in HTML.
 */
export function withoutNumericReferences(html: string): string {
  const named: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" };
  return html.replace(/&#(x[0-9a-f]+|[0-9]+);?/gi, (_whole, code: string) => {
    const point = code[0] === "x" || code[0] === "X" ? Number.parseInt(code.slice(1), 16) : Number.parseInt(code, 10);
    if (!Number.isFinite(point) || point <= 0 || point > 0x10ffff) return "";
    const char = String.fromCodePoint(point);
    return named[char] ?? char;
  });
}

/** The hub refuses descriptions over 20,000 characters. */
const MAX_DESCRIPTION = 20_000;

/** One mission of the feed, as plain values (the renderer is web/feeds/api-engagement.ts). */
export interface HubMission {
  clientId: string;
  title: string;
  /** Sanitised HTML, without numeric references. */
  descriptionHtml: string;
  applicationUrl: string;
  postedAt: string;
  startAt: string | null;
  endAt: string | null;
  /** The schedule in (French) words. */
  schedule: string;
  domain: string;
  audience: string[];
  remote: "no" | "possible" | "full";
  /** Places left. */
  places: number;
  /** Town level only: the public label and the rounded point (null for a need done at a distance only). */
  address: { city: string; latitude: number | null; longitude: number | null } | null;
  organizationName: string;
  organizationClientId: string;
  organizationUrl: string;
}

export function toHubMission(need: PublishedNeed, origin: URL): HubMission {
  const bounds = scheduleBounds(need.schedule);
  return {
    clientId: need.id,
    title: need.title,
    descriptionHtml: withoutNumericReferences(need.descriptionHtml).slice(0, MAX_DESCRIPTION),
    applicationUrl: new URL(`/needs/${need.id}`, origin).href,
    postedAt: need.published ?? need.updated,
    startAt: bounds.starts,
    endAt: bounds.ends,
    // The hub is French: its partners read the schedule in French.
    schedule: formatSchedule(need.schedule, "fr"),
    domain: hubDomain(need.domains),
    audience: [...new Set(need.audience.map((a) => HUB_AUDIENCE[a]).filter((a): a is string => a !== undefined))],
    remote: hubRemote(need.place.mode),
    places: need.placesLeft,
    address: need.place.mode === "remote" ? null : { city: need.place.label, latitude: need.place.latitude, longitude: need.place.longitude },
    organizationName: need.organization.name,
    organizationClientId: need.organization.handle,
    organizationUrl: new URL(`/@${need.organization.handle}`, origin).href,
  };
}

/** How many missions the feed holds at most: the hub deletes a mission that leaves it, so it lists them all up to this. */
export const HUB_FEED_LIMIT = 5_000;

/**
 * The missions for the hub: the needs published here that anyone may read and that are
 * open (a filled, done or cancelled need leaves the feed, and the hub takes it down), newest first.
 */
export async function hubMissions(db: Kysely<Database>, origin: URL): Promise<HubMission[]> {
  const rows = await needsQuery(db)
    .where("needs.published", "is not", null)
    .where("needs.status", "=", "open")
    .where(visibleTo(OUTSIDER))
    .orderBy("needs.published", "desc")
    .orderBy("needs.id")
    .limit(HUB_FEED_LIMIT)
    .execute();
  return rows.map((row) => toHubMission(toPublishedNeed(toNeed(row)), origin));
}
