// The tables of needs, offers and the answers to them (applications, outgoing
// applications, messages), and the needs kept from other servers.
import type { Generated } from "kysely";

export interface NeedsTable {
  id: string;
  organization_id: string;
  title: string;
  description: string;
  description_html: string;
  /** JSON arrays of strings. */
  domains: string;
  skills: string;
  audience: string;
  language: string;
  place_label: string;
  place_mode: string;
  address: string | null;
  /** Private: exact; only coordinators see them. */
  latitude: number | null;
  longitude: number | null;
  radius_km: number;
  /** The published point (`roundCoordinate` of the exact one): what searches filter, measure and sort on. */
  public_latitude: number | null;
  public_longitude: number | null;
  /** JSON of the Schedule; `starts`/`ends` derived from it for date filters. */
  schedule: string;
  starts: string | null;
  ends: string | null;
  /** 1 when the need lasts more than a week or has no end (`longRunning`): searches from a date walk these apart. */
  long_running: Generated<number>;
  volunteers_wanted: number;
  volunteers_accepted: Generated<number>;
  deadline: string | null;
  status: string;
  visibility: string;
  private_notes: Generated<string>;
  beneficiary: Generated<string>;
  /** The day (ISO) the person helped, or their representative, agreed that `beneficiary` be recorded. */
  beneficiary_consent: string | null;
  /** JSON of the Outcome, once done. */
  outcome: string | null;
  created: string;
  updated: string;
  published: string | null;
  /** Private: how the accepted volunteers reach the organisation for this need (a phone number, an address); null: the organisation's default. */
  contact: string | null;
  /** Private: what the accepted volunteers need to know (what to bring, whom to ask for). */
  practical_details: Generated<string>;
  /** 1: the need involves minors or vulnerable adults: only volunteers checked in person by its organisation are accepted. */
  safeguarding: Generated<number>;
  /** JSON of its Picture (src/domain/pictures/model.ts), public like the need. */
  image: string | null;
}

export interface NeedDomainsTable {
  need_id: string;
  domain: string;
}

export interface TombstonesTable {
  uri: string;
  former_type: string;
  deleted: string;
}

export interface OffersTable {
  id: string;
  actor_id: string;
  title: string;
  description: string;
  description_html: string;
  domains: string;
  availability: string;
  place_label: string;
  place_mode: string;
  status: string;
  visibility: string;
  created: string;
  updated: string;
  published: string | null;
}

export interface ApplicationsTable {
  id: string;
  need_id: string;
  user_id: string | null;
  remote_actor_id: string | null;
  message: Generated<string>;
  quantity: Generated<number>;
  status: string;
  reason: string | null;
  source: string;
  public: Generated<number>;
  activity_uri: string | null;
  object_uri: string | null;
  /** The language a remote applicant wrote in (BCP 47), when their message said. */
  language: string | null;
  /** 1: the applicant of this instance agreed to give the organisation their email address. */
  share_email: Generated<number>;
  created: string;
  updated: string;
  /** When a coordinator first accepted or rejected it (the organisation's response time). */
  decided: string | null;
}

/** A date of a recurring need an application answers for; none: every date. */
export interface ApplicationOccurrencesTable {
  application_id: string;
  /** The occurrence's start, ISO UTC with milliseconds (occurrenceKey). */
  occurrence: string;
}

/** The private link that gives an accepted volunteer on another server their need's details: only its token's hash. */
export interface VolunteerLinksTable {
  /** SHA-256 of the token, hex. */
  token_hash: string;
  application_id: string;
  created: string;
}

export interface RemoteNeedsTable {
  id: string;
  uri: string;
  actor_id: string;
  url: string | null;
  title: string;
  content_html: string;
  language: string | null;
  domains: string;
  starts: string | null;
  ends: string | null;
  place_label: string | null;
  latitude: number | null;
  longitude: number | null;
  radius_km: number | null;
  volunteers_wanted: number | null;
  places_left: number | null;
  proposal_uri: string | null;
  intent_uri: string | null;
  /** public, or followers (only the local users following its author may see it). */
  audience: Generated<string>;
  published: string | null;
  updated: string;
}

export interface OutgoingApplicationsTable {
  id: string;
  user_id: string;
  remote_need_id: string;
  message: string;
  offer_uri: string;
  note_uri: string;
  status: string;
  reason: string | null;
  created: string;
  updated: string;
}

export interface MessagesTable {
  id: string;
  uri: string;
  user_id: string;
  sender_id: string;
  in_reply_to: string | null;
  content_html: string;
  created: string;
}
