// The tables of federation and of what runs in the background: Fedify's key-value
// store and queue, the event stream, remote actors and follows, moderation.
import type { Generated } from "kysely";

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
