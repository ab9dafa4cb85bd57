// A need (mission for volunteers) and what of it may be seen outside the organisation.
//
// Privacy by construction: renderers for federation, public pages, feeds and
// the public API take a `PublishedNeed`, which `toPublishedNeed` builds by copying
// the public fields only. Private notes, the beneficiary's details, the exact
// address and exact coordinates never reach it.
import type { Picture } from "../pictures/model.ts";

export type NeedStatus = "draft" | "open" | "filled" | "done" | "cancelled";
export type Visibility = "public" | "followers" | "local";
export type PlaceMode = "on_site" | "remote" | "both";

export type Schedule =
  /** One occasion: a start (ISO date-time) and an optional end. */
  | { kind: "date"; start: string; end?: string | null }
  /** Any time between two days (ISO dates, inclusive). */
  | { kind: "range"; start: string; end: string }
    /**
   * Recurring slots: an RFC 5545 RRULE from a first start (ISO date-time), each lasting some
   * minutes; `exdates`: the starts (ISO, UTC) of the occurrences the coordinators cancelled.
   */
  | { kind: "recurring"; rrule: string; start: string; durationMinutes: number; exdates?: string[] }
  /** Whenever suits the volunteer. */
  | { kind: "flexible" };

export interface Outcome {
  volunteerHours: number;
  peopleHelped: number;
  /** A short testimony, anonymous: written for publication. */
  testimony: string;
}

export interface Need {
  id: string;
  /** Its picture (issue 16), public like the need; absent when the caller did not load it. */
  image?: Picture | null;
  organization: { id: string; handle: string; name: string };
  title: string;
  /** Markdown, as the coordinator wrote it. */
  description: string;
  /** The description rendered to sanitised HTML. */
  descriptionHtml: string;
  /** Slugs from the domain vocabulary. */
  domains: string[];
  skills: string[];
  audience: string[];
  language: string;
  place: {
    /** Public: a neighbourhood or town, never a street address. */
    label: string;
    mode: PlaceMode;
    /** Private: the exact address, for accepted volunteers only. */
    address: string | null;
    /** Private: exact coordinates; published rounded to about 1 km. */
    latitude: number | null;
    longitude: number | null;
    /** Public: how far around the rounded point the need lies. */
    radiusKm: number;
  };
  schedule: Schedule;
  volunteersWanted: number;
  volunteersAccepted: number;
  deadline: string | null;
  status: NeedStatus;
  visibility: Visibility;
  /**
   * Public: the need involves minors or vulnerable adults, so only volunteers whom the
   * organisation checked in person are accepted (src/domain/safeguarding/). Published
   * as a hint that an in-person check comes first; the checks themselves never are.
   */
  safeguarding: boolean;
  /** Private: for the organisation's coordinators only. */
  privateNotes: string;
  /** Private: who is helped (name, condition, contact); never published. */
  beneficiary: string;
  /** Private: the day (ISO date) the person helped, or their representative, agreed that `beneficiary` be recorded; required with it. */
  beneficiaryConsent: string | null;
  /**
   * Private, for its accepted volunteers only (src/domain/volunteer-details/): how they reach
   * the organisation for this need (null: the organisation's default), and what to bring,
   * whom to ask for.
   */
  contact: string | null;
  practicalDetails: string;
  outcome: Outcome | null;
  created: string;
  updated: string;
  published: string | null;
}

export interface PublishedNeed {
  id: string;
  image?: Picture | null;
  organization: { handle: string; name: string };
  title: string;
  descriptionHtml: string;
  domains: string[];
  skills: string[];
  audience: string[];
  language: string;
  place: { label: string; mode: PlaceMode; latitude: number | null; longitude: number | null; radiusKm: number };
  schedule: Schedule;
  volunteersWanted: number;
  placesLeft: number;
  deadline: string | null;
  status: NeedStatus;
  visibility: Visibility;
  /** An in-person check by the organisation comes before a volunteer is accepted. */
  safeguarding: boolean;
  outcome: Outcome | null;
  published: string | null;
  updated: string;
}

/**
 * About 1.1 km in latitude; enough to say "this neighbourhood", not "this building".
 * Everything someone other than the need's coordinators can observe (the Note's place,
 * search filters, distances, their order, place look-ups) is computed from this point
 * and `publicRadiusKm`, never from the exact coordinates (test/search-privacy.test.ts).
 */
export function roundCoordinate(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}

/** The radius published around the rounded point: never less than the rounding's own reach. */
export function publicRadiusKm(radiusKm: number): number {
  return Math.max(radiusKm, 1);
}

export function placesLeft(need: Pick<Need, "volunteersWanted" | "volunteersAccepted">): number {
  return Math.max(0, need.volunteersWanted - need.volunteersAccepted);
}

/**
 * Why a need takes no more volunteers, or null when it takes them: a draft, filled
 * (by its coordinators, or by the count), no place left while open, done, cancelled,
 * or its deadline (a day, inclusive) past. The pages hide the "Je peux aider" form and
 * say why; the Note and the API say the same (web/i18n/need-words.ts has the words).
 */
export type ClosedReason = "draft" | "filled" | "full" | "done" | "cancelled" | "deadline";

export function closedReason(
  need: Pick<PublishedNeed, "status" | "placesLeft" | "deadline">,
  today: string = new Date().toISOString().slice(0, 10),
): ClosedReason | null {
  if (need.status !== "open") return need.status;
  if (need.placesLeft <= 0) return "full";
  if (need.deadline && need.deadline < today) return "deadline";
  return null;
}

/** How many volunteers a need has and wants: the numbers behind the one count every renderer words alike. */
export function volunteerNumbers(need: Pick<PublishedNeed, "volunteersWanted" | "placesLeft">): { accepted: number; wanted: number } {
  return { accepted: Math.max(0, need.volunteersWanted - need.placesLeft), wanted: need.volunteersWanted };
}

export function toPublishedNeed(need: Need): PublishedNeed {
  return {
    id: need.id,
    organization: { handle: need.organization.handle, name: need.organization.name },
    title: need.title,
    descriptionHtml: need.descriptionHtml,
    domains: [...need.domains],
    skills: [...need.skills],
    audience: [...need.audience],
    language: need.language,
    place: {
      label: need.place.label,
      mode: need.place.mode,
      latitude: roundCoordinate(need.place.latitude),
      longitude: roundCoordinate(need.place.longitude),
      radiusKm: publicRadiusKm(need.place.radiusKm),
    },
    schedule: need.schedule,
    volunteersWanted: need.volunteersWanted,
    placesLeft: placesLeft(need),
    deadline: need.deadline,
    status: need.status,
    visibility: need.visibility,
    safeguarding: need.safeguarding,
    outcome: need.outcome,
    published: need.published,
    updated: need.updated,
    image: need.image ?? null,
  };
}
