// The database, one interface per table (those of needs and of federation in
// schema-needs.ts and schema-federation.ts), joined in `Database`. Timestamps are ISO-8601 UTC strings
// and booleans are 0/1 integers in both SQLite and PostgreSQL, so every query
// means the same on both.
import type { Generated, Insertable, Selectable } from "kysely";
import type { AttestationsTable, OutcomeParticipantsTable, OutcomesTable, SurveyAnswersTable, SurveysTable } from "./schema-outcomes.ts";
import type {
  NeedsTable,
  NeedDomainsTable,
  TombstonesTable,
  OffersTable,
  ApplicationsTable,
  VolunteerLinksTable,
  ApplicationOccurrencesTable,
  RemoteNeedsTable,
  OutgoingApplicationsTable,
  MessagesTable,
} from "./schema-needs.ts";
import type {
  KvTable,
  QueueMessagesTable,
  EventOutboxTable,
  EventDeliveriesTable,
  RemoteActorsTable,
  FollowersTable,
  FollowingTable,
  DomainBlocksTable,
  AllowedDomainsTable,
  ActorBlocksTable,
  ReportsTable,
  AuditLogTable,
} from "./schema-federation.ts";
import type {
  LocalFollowsTable,
  NotificationsTable,
  NotificationSettingsTable,
  ScheduledSendsTable,
} from "./schema-notifications.ts";
import type { SafeguardingChecksTable } from "./schema-safeguarding.ts";
import type {
  PracticesTable,
  PracticeNeedsTable,
  RemotePracticesTable,
  PracticeTriesTable,
  PracticeTryNeedsTable,
  PracticeTriesReceivedTable,
} from "./schema-practices.ts";
export type * from "./schema-practices.ts";
export type * from "./schema-federation.ts";
export type * from "./schema-safeguarding.ts";
export type * from "./schema-needs.ts";
export type * from "./schema-notifications.ts";

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
  /** Last signed in or used (at most a day old); null: not since this was recorded. */
  last_seen: string | null;
  /** When the account was warned of its erasure for inactivity; cleared when it is next seen. */
  inactivity_warned: string | null;
}

export interface OrganizationsTable {
  /** Also the id of the organisation's `Group` actor. */
  id: string;
  website: string | null;
  contact: string | null;
  /** Private: the contact given to the accepted volunteers of needs that have none of their own. */
  volunteer_contact: string | null;
  avatar_url: string | null;
  /** The area served, in words ("Lyon 4e et Caluire"). */
  area: Generated<string>;
  /** JSON array of domain slugs. */
  domains: Generated<string>;
  /** Markdown, as its coordinators typed it (the actor's `summary` has a plain-text version). */
  description: Generated<string>;
  /** JSON of Pictures (src/domain/pictures/model.ts): public. */
  logo: string | null;
  image: string | null;
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

/** One value an administrator saved (`name`: name, description, rules, privacy, contact_email, registrations_open). */
export interface InstanceSettingsTable {
  name: string;
  value: string;
  updated: string;
}

/** A job run once a day (`retention`), claimed for a day (YYYY-MM-DD) by the first worker process. */
export interface DailyRunsTable {
  job: string;
  day: string;
  started: string;
}

/** A version of the instance's terms (rules, charter, privacy policy); `changed`: JSON list of the parts. */
export interface TermsVersionsTable {
  version: number;
  published: string;
  changed: Generated<string>;
}

/** An account accepted a version of the terms, on `accepted`. */
export interface ConsentsTable {
  user_id: string;
  version: number;
  accepted: string;
  /** What the account declared of its age with this consent (sign-up): adult, or minor_with_guardian_consent; null: not asked. */
  age: string | null;
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
  volunteer_links: VolunteerLinksTable;
  application_occurrences: ApplicationOccurrencesTable;
  remote_needs: RemoteNeedsTable;
  outgoing_applications: OutgoingApplicationsTable;
  messages: MessagesTable;
  domain_blocks: DomainBlocksTable;
  allowed_domains: AllowedDomainsTable;
  actor_blocks: ActorBlocksTable;
  reports: ReportsTable;
  audit_log: AuditLogTable;
  instance_settings: InstanceSettingsTable;
  local_follows: LocalFollowsTable;
  notifications: NotificationsTable;
  notification_settings: NotificationSettingsTable;
  scheduled_sends: ScheduledSendsTable;
  daily_runs: DailyRunsTable;
  terms_versions: TermsVersionsTable;
  consents: ConsentsTable;
  outcomes: OutcomesTable;
  outcome_participants: OutcomeParticipantsTable;
  surveys: SurveysTable;
  survey_answers: SurveyAnswersTable;
  attestations: AttestationsTable;
  safeguarding_checks: SafeguardingChecksTable;
  practices: PracticesTable;
  practice_needs: PracticeNeedsTable;
  remote_practices: RemotePracticesTable;
  practice_tries: PracticeTriesTable;
  practice_try_needs: PracticeTryNeedsTable;
  practice_tries_received: PracticeTriesReceivedTable;
}

export type Actor = Selectable<ActorsTable>;
export type NewActor = Insertable<ActorsTable>;
export type User = Selectable<UsersTable>;
