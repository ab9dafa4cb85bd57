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

export interface Database {
  actors: ActorsTable;
  actor_keys: ActorKeysTable;
  users: UsersTable;
  organizations: OrganizationsTable;
  memberships: MembershipsTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  secrets: SecretsTable;
  kv: KvTable;
  queue_messages: QueueMessagesTable;
}

export type Actor = Selectable<ActorsTable>;
export type NewActor = Insertable<ActorsTable>;
export type User = Selectable<UsersTable>;
