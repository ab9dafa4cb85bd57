// Who follows our actors, and whom our actors follow.
import type { Kysely } from "kysely";
import type { Database } from "../src/db/schema.ts";
import { now } from "../src/db/time.ts";
import { commitWithEvents, type EventSink } from "../src/domain/events.ts";
import type { RemoteActor } from "./remote-actors.ts";

/** Records a follow of a local actor; a new follower (not a repeated Follow) is announced as `follower.added`. */
export async function addFollower(db: Kysely<Database>, events: EventSink, actorId: string, follower: RemoteActor, followUri: string) {
  await commitWithEvents(db, events, async (trx) => {
    const known = await trx
      .selectFrom("followers")
      .select("follow_uri")
      .where("actor_id", "=", actorId)
      .where("follower_id", "=", follower.id)
      .executeTakeFirst();
    await trx
      .insertInto("followers")
      .values({ actor_id: actorId, follower_id: follower.id, follow_uri: followUri, created: now() })
      .onConflict((oc) => oc.columns(["actor_id", "follower_id"]).doUpdateSet({ follow_uri: followUri }))
      .execute();
    if (!known) await events.emit(trx, { type: "follower.added", actorId, followerId: follower.id });
  });
}

export async function removeFollower(db: Kysely<Database>, actorId: string, followerId: string): Promise<boolean> {
  const result = await db
    .deleteFrom("followers")
    .where("actor_id", "=", actorId)
    .where("follower_id", "=", followerId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Every follower of a local actor, for one-shot fan-out (Fedify groups them by shared inbox). */
export function listFollowers(db: Kysely<Database>, actorId: string) {
  return db
    .selectFrom("followers")
    .innerJoin("remote_actors as r", "r.id", "followers.follower_id")
    .select(["r.id", "r.uri", "r.inbox", "r.shared_inbox", "r.handle", "followers.created"])
    .where("followers.actor_id", "=", actorId)
    .orderBy("followers.created")
    .execute();
}

export async function countFollowers(db: Kysely<Database>, actorId: string): Promise<number> {
  const row = await db
    .selectFrom("followers")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("actor_id", "=", actorId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function isFollower(db: Kysely<Database>, actorId: string, remoteUri: string): Promise<boolean> {
  const row = await db
    .selectFrom("followers")
    .innerJoin("remote_actors as r", "r.id", "followers.follower_id")
    .select("r.id")
    .where("followers.actor_id", "=", actorId)
    .where("r.uri", "=", remoteUri)
    .executeTakeFirst();
  return Boolean(row);
}

export async function addFollowing(db: Kysely<Database>, actorId: string, target: RemoteActor, followUri: string) {
  await db
    .insertInto("following")
    .values({ actor_id: actorId, target_id: target.id, follow_uri: followUri, created: now() })
    .onConflict((oc) => oc.columns(["actor_id", "target_id"]).doUpdateSet({ follow_uri: followUri, accepted: 0 }))
    .execute();
}

export async function markFollowAccepted(db: Kysely<Database>, followUri: string, targetUri: string): Promise<boolean> {
  const target = await db.selectFrom("remote_actors").select("id").where("uri", "=", targetUri).executeTakeFirst();
  if (!target) return false;
  const result = await db
    .updateTable("following")
    .set({ accepted: 1 })
    .where("follow_uri", "=", followUri)
    .where("target_id", "=", target.id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Local actors following this remote actor (to know a Create from it is welcome). */
export function localFollowersOf(db: Kysely<Database>, remoteActorId: string) {
  return db.selectFrom("following").select(["actor_id", "accepted"]).where("target_id", "=", remoteActorId).execute();
}

/** Forgets every follow by these remote actors (by URI); returns how many follows were removed. */
export async function removeFollowersByUri(db: Kysely<Database>, uris: readonly string[]): Promise<number> {
  if (uris.length === 0) return 0;
  const result = await db
    .deleteFrom("followers")
    .where("follower_id", "in", db.selectFrom("remote_actors").select("id").where("uri", "in", [...uris]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
