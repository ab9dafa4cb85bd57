// The tables of issue 13: citizens following organisations here, notifications,
// their mail preferences, and the once-only keys of scheduled sends.
import type { Generated } from "kysely";

/** A user of this instance follows one of its organisations: never federated (see federation/collections.ts). */
export interface LocalFollowsTable {
  user_id: string;
  organization_id: string;
  /** 1: the user is told of each need the organisation publishes. */
  alerts: Generated<number>;
  created: string;
}

/** One thing a user is told of, in the in-app list (and maybe by mail). */
export interface NotificationsTable {
  /** UUIDv7: time-ordered, so pages go by id (max_id, since_id, min_id as in Mastodon's API). */
  id: string;
  user_id: string;
  /** A `NotificationType` (src/domain/notifications/model.ts). */
  type: string;
  need_id: string | null;
  application_id: string | null;
  /** Who caused it: an actor of this instance (`actors`), or of another server (`remote_actors`). */
  actor_id: string | null;
  remote_actor_id: string | null;
  /** Notifications with the same key may be shown as one (Mastodon's group_key). */
  group_key: string;
  /** JSON: the facts as they were (a reason code, a coordinator's message, an occurrence). */
  details: Generated<string>;
  /** What made it (an event, a scheduled item) and for whom: the same thing twice makes one notification. */
  dedupe_key: string;
  created: string;
  read_at: string | null;
}

/** A user's choice of mail for one kind of notification (no row: the default, `each`). */
export interface NotificationSettingsTable {
  user_id: string;
  kind: string;
  /** each, digest (new applications only) or off. */
  mail: string;
  updated: string;
}

/** A scheduled item done once (a digest of a day, a reminder): its key's insertion is the claim. */
export interface ScheduledSendsTable {
  key: string;
  created: string;
}
