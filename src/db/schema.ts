// The database, one interface per table. Timestamps are ISO-8601 UTC strings
// and booleans are 0/1 integers in both SQLite and PostgreSQL, so every query
// means the same on both.
import type { Generated, Insertable, Selectable } from "kysely";

export type ActorType = "Application" | "Group" | "Person";
export type KeyType = "RSASSA-PKCS1-v1_5" | "Ed25519";
export type UserRole = "admin" | "moderator" | "citizen";
export type MemberRole = "coordinator" | "member";

export interface ActorsTable {
  id: string;
  type: ActorType;
  /** Lower-case, unique among local actors; the `preferredUsername` and WebFinger name. */
  handle: string;
  name: string;
  summary: string;
  created: string;
  updated: string;
}

export interface ActorKeysTable {
  actor_id: string;
  type: KeyType;
  /** JWK, JSON-encoded. */
  public_key: string;
  private_key: string;
  created: string;
}

export interface UsersTable {
  /** Also the id of the user's `Person` actor. */
  id: string;
  email: string;
  password_hash: string;
  role: UserRole;
  suspended: Generated<number>;
  created: string;
}

export interface OrganizationsTable {
  /** Also the id of the organisation's `Group` actor. */
  id: string;
  website: string | null;
  contact: string | null;
  avatar_url: string | null;
  /** The area served, in words ("Lyon 4e et Caluire"). */
  area: Generated<string>;
  /** JSON array of domain slugs. */
  domains: Generated<string>;
  created: string;
}

export interface MembershipsTable {
  organization_id: string;
  user_id: string;
  role: MemberRole;
  created: string;
}

export interface ApiTokensTable {
  /** The JWT's `jti`. */
  id: string;
  user_id: string;
  name: string;
  created: string;
  expires: string;
  revoked: string | null;
}

export interface SessionsTable {
  /** SHA-256 of the cookie's secret, hex. */
  id: string;
  user_id: string;
  csrf: string;
  created: string;
  expires: string;
}

/** Mail waiting to be sent, or a job that ends in mail (a reset to look up, a need to match against alerts). */
export interface MailOutboxTable {
  id: string;
  /** reset, alerts or message. */
  kind: string;
  /** JSON; what the kind needs. */
  payload: string;
  created: string;
  /** Not to be tried before (a retry waits). */
  available: string;
  /** Dropped unsent after this (a reset link is useless after its hour). */
  expires: string;
  attempts: Generated<number>;
  /** A worker holds it until then. */
  locked_until: string | null;
}

/** A citizen's alert: needs in these domains (and this area) are mailed to them. */
export interface AlertsTable {
  id: string;
  user_id: string;
  /** JSON array of domain slugs (at least one). */
  domains: string;
  /** anywhere, near (latitude, longitude, radius_km) or remote. */
  area: string;
  /** What the citizen typed (a town, a postal code), for display. */
  place_label: string | null;
  latitude: number | null;
  longitude: number | null;
  radius_km: number | null;
  /** fr or en: the language the alert was made in, which its mail is written in. */
  language: string;
  created: string;
}

/** A need a user was mailed about: `need:<id>` for ours, the remote need's URI otherwise. */
export interface AlertDeliveriesTable {
  user_id: string;
  need: string;
  created: string;
}

export interface PasswordResetsTable {
  /** SHA-256 of the link's secret, hex. */
  id: string;
  user_id: string;
  created: string;
  expires: string;
  /** When the link was used: once only. */
  used: string | null;
}

export interface SecretsTable {
  name: string;
  value: string;
  created: string;
}

export interface KvTable {
  key: string;
  value: string;
  expires: string | null;
}

export interface QueueMessagesTable {
  id: string;
  payload: string;
  ordering_key: string | null;
  /** When the message may be processed (delays). */
  available: string;
  /** While set in the future, a worker holds the message; after it, the message is free again. */
  locked_until: string | null;
  attempts: Generated<number>;
  created: string;
}

/** A domain event, recorded with its change, until every consumer is done with it (src/domain/events/stream.ts). */
export interface EventOutboxTable {
  id: string;
  /** The DomainEvent, as JSON. */
  event: string;
  /** Unused since event_deliveries (each consumer's delivery has its own). */
  available: string;
  /** Unused since event_deliveries. */
  locked_until: string | null;
  attempts: Generated<number>;
  created: string;
}

/** One consumer's delivery of one event: its attempts, back-off and lease are its own. */
export interface EventDeliveriesTable {
  event_id: string;
  /** The consumer's name ("federation", "alerts"…). */
  consumer: string;
  /** What the event is about: a consumer takes the events of one subject in order. */
  subject: string;
  attempts: Generated<number>;
  /** When it may be tried (now, or after a failed attempt, later). */
  next_attempt: string;
  /** While set in the future, a process is running it. */
  lease_until: string | null;
  /** 1 once it succeeded, or was dropped after its last attempt. */
  done: Generated<number>;
}

export interface RemoteActorsTable {
  id: string;
  uri: string;
  type: string;
  /** user@host, when known. */
  handle: string | null;
  name: string;
  url: string | null;
  inbox: string;
  shared_inbox: string | null;
  software: string | null;
  updated: string;
}

export interface FollowersTable {
  actor_id: string;
  follower_id: string;
  follow_uri: string;
  created: string;
}

export interface FollowingTable {
  actor_id: string;
  target_id: string;
  follow_uri: string;
  accepted: Generated<number>;
  created: string;
}

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
  /** JSON of the Outcome, once done. */
  outcome: string | null;
  created: string;
  updated: string;
  published: string | null;
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
  created: string;
  updated: string;
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

export interface DomainBlocksTable {
  domain: string;
  /** suspend: refuse everything from it; silence: accept, keep out of public listings. */
  severity: string;
  reason: Generated<string>;
  created: string;
}

export interface AllowedDomainsTable {
  domain: string;
  created: string;
}

export interface ActorBlocksTable {
  uri: string;
  reason: Generated<string>;
  created: string;
}

export interface ReportsTable {
  id: string;
  /** received (a Flag came in) or sent (we flagged something elsewhere). */
  direction: string;
  reporter_uri: string | null;
  reporter_user_id: string | null;
  /** JSON array of the URIs reported. */
  targets: string;
  comment: Generated<string>;
  flag_uri: string | null;
  status: string;
  created: string;
  resolved: string | null;
}

export interface AuditLogTable {
  id: string;
  moderator_id: string | null;
  action: string;
  target: string;
  details: Generated<string>;
  created: string;
}

/** One value an administrator saved (`name`: name, description, rules, privacy, contact_email, registrations_open). */
export interface InstanceSettingsTable {
  name: string;
  value: string;
  updated: string;
}

export interface Database {
  actors: ActorsTable;
  actor_keys: ActorKeysTable;
  users: UsersTable;
  organizations: OrganizationsTable;
  memberships: MembershipsTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  mail_outbox: MailOutboxTable;
  alerts: AlertsTable;
  alert_deliveries: AlertDeliveriesTable;
  secrets: SecretsTable;
  kv: KvTable;
  queue_messages: QueueMessagesTable;
  event_outbox: EventOutboxTable;
  event_deliveries: EventDeliveriesTable;
  remote_actors: RemoteActorsTable;
  followers: FollowersTable;
  following: FollowingTable;
  needs: NeedsTable;
  need_domains: NeedDomainsTable;
  tombstones: TombstonesTable;
  offers: OffersTable;
  applications: ApplicationsTable;
  remote_needs: RemoteNeedsTable;
  outgoing_applications: OutgoingApplicationsTable;
  messages: MessagesTable;
  domain_blocks: DomainBlocksTable;
  allowed_domains: AllowedDomainsTable;
  actor_blocks: ActorBlocksTable;
  reports: ReportsTable;
  audit_log: AuditLogTable;
  instance_settings: InstanceSettingsTable;
}

export type Actor = Selectable<ActorsTable>;
export type NewActor = Insertable<ActorsTable>;
export type User = Selectable<UsersTable>;
