// Building a Viewer (policy.ts) from what a request proves: an account signed in
// here (src/http/auth.ts, once per request), or the owner of the key that signed
// a fetch or an activity (federation/viewer.ts, and the inbox).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Account } from "../accounts/users.ts";
import { type AccountViewer, OUTSIDER, type Viewer } from "./policy.ts";

/** An account of this instance, with the organisations it coordinates. */
export async function viewerOfAccount(db: Kysely<Database>, account: Pick<Account, "id" | "role">): Promise<AccountViewer> {
  const rows = await db
    .selectFrom("memberships")
    .select("organization_id")
    .where("user_id", "=", account.id)
    .where("role", "=", "coordinator")
    .execute();
  return { kind: "account", id: account.id, role: account.role, coordinates: rows.map((r) => r.organization_id) };
}

/** A remote actor known by its row, with the local actors it follows. */
export async function viewerOfRemoteActor(db: Kysely<Database>, remoteActorId: string): Promise<Viewer> {
  const actor = await db.selectFrom("remote_actors").select(["id", "uri"]).where("id", "=", remoteActorId).executeTakeFirst();
  return actor ? remoteViewer(db, actor) : OUTSIDER;
}

/** A remote actor known by its URI (a signed key's owner); one never seen here follows nobody. */
export async function viewerOfRemoteUri(db: Kysely<Database>, uri: string): Promise<Viewer> {
  const actor = await db.selectFrom("remote_actors").select(["id", "uri"]).where("uri", "=", uri).executeTakeFirst();
  return actor ? remoteViewer(db, actor) : { kind: "remote", uri, follows: [] };
}

async function remoteViewer(db: Kysely<Database>, actor: { id: string; uri: string }): Promise<Viewer> {
  const rows = await db.selectFrom("followers").select("actor_id").where("follower_id", "=", actor.id).execute();
  return { kind: "remote", uri: actor.uri, follows: rows.map((r) => r.actor_id) };
}
