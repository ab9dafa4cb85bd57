// Every read and write of `remote_needs`: storing what a followed server sends
// (its first author stays its owner), finding one, listing what a viewer may see,
// and forgetting what is gone or no longer welcome. Whose needs are kept and
// shown is decided by visibility.ts, here and nowhere else.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import { newId } from "../ids.ts";
import { type RemoteNeed, type RemoteNeedFields, toRemoteNeed } from "./model.ts";
import { type Admitted, mayList, type ServerRules } from "./visibility.ts";

/** Who looks: nobody signed in, or a local user (who may follow organisations elsewhere). */
export interface RemoteViewer {
  userId?: string;
}

function withAuthor(db: Kysely<Database>) {
  return db
    .selectFrom("remote_needs as n")
    .innerJoin("remote_actors as a", "a.id", "n.actor_id")
    .selectAll("n")
    .select(["a.uri as actor_uri", "a.handle as actor_handle", "a.name as actor_name"]);
}

/** The local actor whose need a URI is stored as, if any. */
export async function remoteNeedOwner(db: Kysely<Database>, uri: string): Promise<string | undefined> {
  return (await db.selectFrom("remote_needs").select("actor_id").where("uri", "=", uri).executeTakeFirst())?.actor_id;
}

export type ReceivedNeed = { uri: string; author: { id: string; uri: string } } & RemoteNeedFields;

/**
 * Stores a received copy: inserted, or updated when the same author's need is
 * already here. An update never changes whose need it is: a copy by another
 * actor leaves the stored one as it was. Only a need the policy admitted
 * (visibility.ts: nothing from a suspended server or a blocked actor). Returns
 * the id of the need now stored for this author, or undefined when nothing was.
 */
export async function storeRemoteNeed(db: Kysely<Database>, need: Admitted<ReceivedNeed>): Promise<string | undefined> {
  const { uri, author, ...fields } = need;
  const update = { ...fields, updated: now() };
  await db
    .insertInto("remote_needs")
    .values({ id: newId(), uri, actor_id: author.id, ...update })
    .onConflict((oc) => oc.column("uri").doUpdateSet(update).where("remote_needs.actor_id", "=", author.id))
    .execute();
  const kept = await db.selectFrom("remote_needs").select("id").where("uri", "=", uri).where("actor_id", "=", author.id).executeTakeFirst();
  return kept?.id;
}

/** A stored need, whoever may see it (for the federation's own bookkeeping). */
export async function findRemoteNeed(db: Kysely<Database>, id: string): Promise<RemoteNeed | undefined> {
  const row = await withAuthor(db).where("n.id", "=", id).executeTakeFirst();
  return row ? toRemoteNeed(row) : undefined;
}

export async function findRemoteNeedByUri(db: Kysely<Database>, uri: string): Promise<RemoteNeed | undefined> {
  const row = await withAuthor(db).where("n.uri", "=", uri).executeTakeFirst();
  return row ? toRemoteNeed(row) : undefined;
}

/** Stored needs by id, whoever may see them (a user's own offers of help name them). */
export async function findRemoteNeeds(db: Kysely<Database>, ids: string[]): Promise<Map<string, RemoteNeed>> {
  if (ids.length === 0) return new Map();
  const rows = await withAuthor(db).where("n.id", "in", [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, toRemoteNeed(r)]));
}

/** Whether a local user's follow of a remote organisation was accepted. */
async function follows(db: Kysely<Database>, userId: string | undefined, authorId: string): Promise<boolean> {
  if (!userId) return false;
  const row = await db.selectFrom("following").select("accepted").where("actor_id", "=", userId).where("target_id", "=", authorId).executeTakeFirst();
  return Boolean(row?.accepted);
}

/**
 * Whether the viewer may see this need at all: a public one, anyone; a
 * followers-only one, a local user whose follow of its organisation was accepted.
 * (Whether its server is silenced is the other half: see findListedRemoteNeed.)
 */
export async function mayView(db: Kysely<Database>, viewer: RemoteViewer, need: RemoteNeed): Promise<boolean> {
  return need.audience === "public" || (await follows(db, viewer.userId, need.author.id));
}

/** A need as someone browsing finds it: one the viewer may see, from a server that is neither silenced nor refused. */
export async function findListedRemoteNeed(
  db: Kysely<Database>,
  rules: ServerRules,
  viewer: RemoteViewer,
  id: string,
): Promise<RemoteNeed | undefined> {
  const need = await findRemoteNeed(db, id);
  if (!need || !(await mayList(rules, need)) || !(await mayView(db, viewer, need))) return undefined;
  return need;
}

/**
 * The needs a viewer finds when browsing, newest first: the public ones and,
 * for a local user, the followers-only ones of organisations they follow; never
 * those of a silenced or refused server. Without a limit, every one (the directory counts them).
 */
export async function listRemoteNeeds(
  db: Kysely<Database>,
  rules: ServerRules,
  viewer: RemoteViewer,
  options: { limit?: number } = {},
): Promise<RemoteNeed[]> {
  const viewerId = viewer.userId ?? "";
  let query = withAuthor(db)
    .where((eb) =>
      eb.or([
        eb("n.audience", "=", "public"),
        eb("n.actor_id", "in", eb.selectFrom("following").select("target_id").where("actor_id", "=", viewerId).where("accepted", "=", 1)),
      ]),
    )
    .orderBy("n.published", "desc");
  // Hidden servers are found after the query (their rules match subdomains): read some more than asked.
  if (options.limit !== undefined) query = query.limit(Math.max(500, options.limit));
  const shown: RemoteNeed[] = [];
  for (const row of await query.execute()) {
    const need = toRemoteNeed(row);
    if (await mayList(rules, need)) shown.push(need);
    if (options.limit !== undefined && shown.length >= options.limit) break;
  }
  return shown;
}

/** Its author deleted it: removed if it is theirs. Whether anything was. */
export async function deleteRemoteNeed(db: Kysely<Database>, uri: string, ownerId: string): Promise<boolean> {
  const result = await db.deleteFrom("remote_needs").where("uri", "=", uri).where("actor_id", "=", ownerId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Forgets every need of these actors (a suspended server, a blocked actor). */
export async function forgetRemoteNeedsOf(db: Kysely<Database>, actorIds: string[]): Promise<number> {
  if (actorIds.length === 0) return 0;
  const result = await db.deleteFrom("remote_needs").where("actor_id", "in", actorIds).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Forgets the needs by the actors of a server, except those of the actors named (someone here still follows them). How many. */
export async function forgetRemoteNeedsFromOrigin(db: Kysely<Database>, origin: string, keepActorIds: Set<string>): Promise<number> {
  const rows = await db
    .selectFrom("remote_needs as n")
    .innerJoin("remote_actors as a", "a.id", "n.actor_id")
    .select(["n.id", "n.actor_id", "a.uri"])
    .execute();
  const stale = rows.filter((n) => new URL(n.uri).origin === origin && !keepActorIds.has(n.actor_id)).map((n) => n.id);
  if (stale.length) await db.deleteFrom("remote_needs").where("id", "in", stale).execute();
  return stale.length;
}

export async function forgetRemoteNeed(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom("remote_needs").where("id", "=", id).execute();
}

/** Needs not heard of since `before`, oldest first: to be fetched again. */
export async function staleRemoteNeeds(db: Kysely<Database>, before: string, limit: number): Promise<RemoteNeed[]> {
  const rows = await withAuthor(db).where("n.updated", "<", before).orderBy("n.updated").limit(limit).execute();
  return rows.map(toRemoteNeed);
}

/** A need fetched again: its new title, whether it is now for followers only, and that it was heard of now. */
export async function markRefreshed(db: Kysely<Database>, id: string, change: { title?: string; followersOnly?: boolean }): Promise<void> {
  await db
    .updateTable("remote_needs")
    .set({
      ...(change.title ? { title: change.title } : {}),
      ...(change.followersOnly ? { audience: "followers" } : {}),
      updated: now(),
    })
    .where("id", "=", id)
    .execute();
}
