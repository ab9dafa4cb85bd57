// What we keep of remote actors: enough to address them, show who they are,
// and recognise them again. Refreshed each time they act.
import type { Actor, Recipient } from "@fedify/vocab";
import type { Kysely } from "kysely";
import type { Database } from "../src/db/schema.ts";
import { now } from "../src/db/time.ts";
import { newId } from "../src/domain/ids.ts";

export interface RemoteActor {
  id: string;
  uri: string;
  type: string;
  handle: string | null;
  name: string;
  url: string | null;
  inbox: string;
  sharedInbox: string | null;
}

const UNCHANGED_REFRESH_MS = 3_600_000;

/** Stores or refreshes a remote actor; returns our row for it. Throws when it has no inbox. */
export async function rememberActor(db: Kysely<Database>, actor: Actor): Promise<RemoteActor> {
  if (!actor.id || !actor.inboxId) throw new Error("the actor has no id or no inbox");
  // user@host from the actor itself: no WebFinger round trip on the inbox path.
  const username = actor.preferredUsername?.toString();
  const handle = username ? `${username}@${actor.id.host}` : null;
  const url = actor.url instanceof URL ? actor.url.href : (actor.url?.href?.href ?? null);
  const row = {
    uri: actor.id.href,
    type: actor.constructor.name,
    handle,
    name: (actor.name?.toString() ?? actor.preferredUsername?.toString() ?? "").slice(0, 200),
    url,
    inbox: actor.inboxId.href,
    shared_inbox: actor.endpoints?.sharedInbox?.href ?? null,
    updated: now(),
  };
  // An actor delivering many activities is the same from one to the next: the row is
  // read, and written only when something changed or it was last refreshed an hour ago.
  const known = await db.selectFrom("remote_actors").selectAll().where("uri", "=", row.uri).executeTakeFirst();
  if (
    known &&
    known.type === row.type &&
    known.handle === row.handle &&
    known.name === row.name &&
    known.url === row.url &&
    known.inbox === row.inbox &&
    known.shared_inbox === row.shared_inbox &&
    Date.parse(known.updated) > Date.now() - UNCHANGED_REFRESH_MS
  ) {
    return toRemoteActor(known);
  }
  await db
    .insertInto("remote_actors")
    .values({ id: newId(), ...row })
    .onConflict((oc) => oc.column("uri").doUpdateSet(row))
    .execute();
  return (await findRemoteActor(db, row.uri))!;
}

export async function findRemoteActor(db: Kysely<Database>, uri: string): Promise<RemoteActor | undefined> {
  const r = await db.selectFrom("remote_actors").selectAll().where("uri", "=", uri).executeTakeFirst();
  return r && toRemoteActor(r);
}

export async function findRemoteActorById(db: Kysely<Database>, id: string): Promise<RemoteActor | undefined> {
  const r = await db.selectFrom("remote_actors").selectAll().where("id", "=", id).executeTakeFirst();
  return r && toRemoteActor(r);
}

function toRemoteActor(r: Database["remote_actors"]): RemoteActor {
  return {
    id: r.id,
    uri: r.uri,
    type: r.type,
    handle: r.handle,
    name: r.name,
    url: r.url,
    inbox: r.inbox,
    sharedInbox: r.shared_inbox,
  };
}

export function asRecipient(actor: RemoteActor): Recipient {
  return {
    id: new URL(actor.uri),
    inboxId: new URL(actor.inbox),
    endpoints: actor.sharedInbox ? { sharedInbox: new URL(actor.sharedInbox) } : null,
  };
}
