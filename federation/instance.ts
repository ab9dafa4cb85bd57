// Instances following instances. A town's `Application` actor follows another
// Entraide instance's (or subscribes to a relay); the followed instance then
// sends every public post of its organisations to its instance followers too,
// and, for a federation of towns (AGGREGATOR), re-publishes what it receives.
import type { Context, InboxContext } from "@fedify/fedify";
import { Announce, Create, Follow, isActor, Note, PUBLIC_COLLECTION, Undo } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { Temporal } from "@js-temporal/polyfill";
import { viewerOfRemoteActor } from "../src/domain/access/viewers.ts";
import { findActorByHandle, INSTANCE_HANDLE } from "../src/domain/actors/actors.ts";
import { DomainError } from "../src/domain/errors.ts";
import { newId } from "../src/domain/ids.ts";
import { toPublishedNeed } from "../src/domain/needs/model.ts";
import { listPublishedNeeds } from "../src/domain/needs/queries.ts";
import {
  findRemoteNeedByUri,
  forgetRemoteNeed,
  forgetRemoteNeedsFromOrigin,
  markRefreshed,
  staleRemoteNeeds,
} from "../src/domain/remote-needs/repository.ts";
import { mayStore } from "../src/domain/remote-needs/visibility.ts";
import type { ContextData } from "./context.ts";
import { needToNote } from "./convert/need.ts";
import { listFollowers } from "./followers.ts";
import { lookup } from "./follows.ts";
import { asRecipient, findRemoteActor, type RemoteActor, rememberActor } from "./remote-actors.ts";

const log = getLogger(["entraide", "federation", "instance"]);

/** Finds another instance's Application actor from its address, its handle or its actor URL. */
async function findInstanceActor(ctx: Context<ContextData>, target: string): Promise<unknown> {
  const query = target.trim();
  if (/^https?:\/\/[^/]+\/?$/.test(query)) {
    // An instance's address: its actor is linked from NodeInfo (FEP-2677).
    const jrd = (await (await ctx.documentLoader(new URL("/.well-known/nodeinfo", query).href)).document) as {
      links?: { rel: string; href: string }[];
    };
    const href = jrd.links?.find((l) => l.rel === "https://www.w3.org/ns/activitystreams#Application")?.href;
    if (!href) throw new DomainError("not_found", `${query} advertises no instance actor (FEP-2677)`, "target", "remote_not_found", { target: query });
    return lookup(ctx, href);
  }
  return lookup(ctx, query);
}

async function instanceActorId(ctx: Context<ContextData>): Promise<string> {
  const actor = await findActorByHandle(ctx.data.db, INSTANCE_HANDLE);
  if (!actor) throw new Error("the instance actor is missing");
  return actor.id;
}

/** Our instance follows another instance (or subscribes to a relay: pass the relay's actor). */
export async function followInstance(ctx: Context<ContextData>, target: string, relay = false): Promise<RemoteActor> {
  const found = await findInstanceActor(ctx, target).catch((error) => {
    if (error instanceof DomainError) throw error;
    return null;
  });
  if (!isActor(found) || !found.id) throw new DomainError("not_found", `no instance or relay found at ${target}`, "target", "remote_not_found", { target });
  if (found.id.origin === ctx.canonicalOrigin) throw new DomainError("invalid", "that is this instance", "target", "remote_is_local");
  const remote = await rememberActor(ctx.data.db, found);
  if (relay) await ctx.data.db.updateTable("remote_actors").set({ software: "relay" }).where("id", "=", remote.id).execute();
  const actorId = await instanceActorId(ctx);
  const followUri = new URL(`/follows/${newId()}`, ctx.canonicalOrigin);
  await ctx.data.db
    .insertInto("following")
    .values({ actor_id: actorId, target_id: remote.id, follow_uri: followUri.href, created: new Date().toISOString() })
    .onConflict((oc) => oc.columns(["actor_id", "target_id"]).doUpdateSet({ follow_uri: followUri.href, accepted: 0 }))
    .execute();
  // The Mastodon/LitePub relay protocol follows the Public collection.
  const object = relay ? PUBLIC_COLLECTION : found.id;
  await ctx.sendActivity(
    { identifier: INSTANCE_HANDLE },
    found,
    new Follow({ id: followUri, actor: ctx.getActorUri(INSTANCE_HANDLE), object }),
  );
  log.info("Following {target}{relay}", { target: remote.uri, relay: relay ? " (relay)" : "" });
  return remote;
}

/** Stops following an instance: Undo, and forget what it sent that nobody else here follows. */
export async function unfollowInstance(ctx: Context<ContextData>, target: string): Promise<void> {
  const db = ctx.data.db;
  const actorId = await instanceActorId(ctx);
  const rows = await db
    .selectFrom("following as f")
    .innerJoin("remote_actors as r", "r.id", "f.target_id")
    .select(["f.follow_uri", "r.id", "r.uri", "r.handle"])
    .where("f.actor_id", "=", actorId)
    .execute();
  const row = rows.find((r) => r.uri === target || r.handle === target.replace(/^@/, "") || new URL(r.uri).origin === target.replace(/\/$/, ""));
  if (!row) throw new DomainError("not_found", `this instance does not follow ${target}`, "target", "not_following", { target });
  const remote = (await findRemoteActor(db, row.uri))!;
  await ctx.sendActivity(
    { identifier: INSTANCE_HANDLE },
    asRecipient(remote),
    new Undo({
      id: new URL(`${row.follow_uri}#undo`),
      actor: ctx.getActorUri(INSTANCE_HANDLE),
      object: new Follow({
        id: new URL(row.follow_uri),
        actor: ctx.getActorUri(INSTANCE_HANDLE),
        object: (await isRelay(ctx, remote.id)) ? PUBLIC_COLLECTION : new URL(row.uri),
      }),
    }),
  );
  await db.deleteFrom("following").where("follow_uri", "=", row.follow_uri).execute();
  // Needs from that server stay only if a local user follows their organisation.
  const followedByUsers = new Set(
    (await db.selectFrom("following").select("target_id").where("actor_id", "<>", actorId).execute()).map((f) => f.target_id),
  );
  const forgotten = await forgetRemoteNeedsFromOrigin(db, new URL(row.uri).origin, followedByUsers);
  log.info("No longer following {target}; forgot {count} of its needs", { target: row.uri, count: forgotten });
}

export async function listInstanceFollows(ctx: Context<ContextData>) {
  const actorId = await instanceActorId(ctx);
  return ctx.data.db
    .selectFrom("following as f")
    .innerJoin("remote_actors as r", "r.id", "f.target_id")
    .select(["r.uri", "r.handle", "r.name", "f.accepted", "f.created"])
    .where("f.actor_id", "=", actorId)
    .orderBy("f.created")
    .execute();
}

async function isRelay(ctx: Context<ContextData>, remoteId: string): Promise<boolean> {
  const row = await ctx.data.db.selectFrom("remote_actors").select("software").where("id", "=", remoteId).executeTakeFirst();
  return row?.software === "relay";
}

/** Whether our instance follows (directly, or through a relay) the server an actor lives on. */
export async function instanceFollowsOrigin(ctx: Context<ContextData>, actorUri: string): Promise<boolean> {
  const follows = await listInstanceFollows(ctx);
  const origin = new URL(actorUri).origin;
  return follows.some((f) => f.accepted && new URL(f.uri).origin === origin);
}

/** The instance's own followers (other instances, people following the whole town). */
export async function instanceAudience(ctx: Context<ContextData>) {
  const actorId = await instanceActorId(ctx);
  const rows = await listFollowers(ctx.data.db, actorId);
  const recipients = [];
  for (const r of rows) {
    const verdict = await ctx.data.policy.verdict(new URL(r.uri).host);
    if (verdict === "allow" || verdict === "silence") {
      recipients.push({ id: new URL(r.uri), inboxId: new URL(r.inbox), endpoints: r.shared_inbox ? { sharedInbox: new URL(r.shared_inbox) } : null });
    }
  }
  return recipients;
}

/**
 * Who receives our public posts besides each organisation's followers: the
 * instances following ours, and the relays we subscribed to.
 */
export async function publicAudience(ctx: Context<ContextData>) {
  const recipients = await instanceAudience(ctx);
  const actorId = await instanceActorId(ctx);
  const relays = await ctx.data.db
    .selectFrom("following as f")
    .innerJoin("remote_actors as r", "r.id", "f.target_id")
    .select(["r.uri", "r.inbox", "r.shared_inbox"])
    .where("f.actor_id", "=", actorId)
    .where("f.accepted", "=", 1)
    .where("r.software", "=", "relay")
    .execute();
  for (const r of relays) {
    recipients.push({ id: new URL(r.uri), inboxId: new URL(r.inbox), endpoints: r.shared_inbox ? { sharedInbox: new URL(r.shared_inbox) } : null });
  }
  return recipients;
}

/** A new instance follower gets the public needs already open. */
export async function backfill(ctx: Context<ContextData>, follower: RemoteActor): Promise<void> {
  const orgs = await ctx.data.db
    .selectFrom("organizations")
    .innerJoin("actors", "actors.id", "organizations.id")
    .select(["actors.id", "actors.handle"])
    .execute();
  // What the follower may read: the access policy, for the actor that follows.
  const viewer = await viewerOfRemoteActor(ctx.data.db, follower.id);
  let sent = 0;
  for (const org of orgs) {
    for (const need of await listPublishedNeeds(ctx.data.db, org.id, { viewer, limit: 100 })) {
      if (need.status !== "open") continue;
      const note = needToNote(ctx, toPublishedNeed(need));
      await ctx.sendActivity(
        { identifier: org.handle },
        asRecipient(follower),
        new Create({ id: new URL(`${note.id!.href}#create`), actor: ctx.getActorUri(org.handle), to: note.toId, ccs: note.ccIds, object: note }),
      );
      sent++;
    }
  }
  log.info("Sent {count} open needs to new instance follower {follower}", { count: sent, follower: follower.uri });
}

/** A federation of towns re-publishes a member's public need to its own followers. */
export async function reannounce(ctx: Context<ContextData>, note: Note): Promise<void> {
  if (!ctx.data.aggregator || !note.id) return;
  const isPublic = note.toIds.some((u) => u.href === PUBLIC_COLLECTION.href);
  if (!isPublic) return;
  await ctx.sendActivity(
    { identifier: INSTANCE_HANDLE },
    "followers",
    new Announce({
      id: new URL(`/announces/${newId()}`, ctx.canonicalOrigin),
      actor: ctx.getActorUri(INSTANCE_HANDLE),
      object: note.id,
      to: PUBLIC_COLLECTION,
      cc: ctx.getFollowersUri(INSTANCE_HANDLE),
      published: Temporal.Now.instant(),
    }),
    { preferSharedInbox: true },
  );
}

/**
 * Whether a federation of towns announced this need to its followers: it
 * re-publishes the public needs of the instances it follows. Asked before the
 * need is forgotten, so that its deletion can be passed on.
 */
export async function announcedHere(ctx: InboxContext<ContextData>, objectId: URL): Promise<boolean> {
  if (!ctx.data.aggregator) return false;
  return (await findRemoteNeedByUri(ctx.data.db, objectId.href))?.audience === "public";
}

/**
 * A federation of towns passes a member's Delete on to its followers, who got
 * the need through its Announce: the activity as received, signed by its
 * author (Object Integrity Proof, Linked Data Signature) so that they can
 * trust it; one without such a signature is not passed on.
 */
export async function passOnDeletion(ctx: InboxContext<ContextData>, objectId: URL): Promise<void> {
  await ctx.forwardActivity({ identifier: INSTANCE_HANDLE }, "followers", { skipIfUnsigned: true, preferSharedInbox: true });
  log.info("Passed the deletion of {id} on to the instance's followers", { id: objectId.href });
}

/** Answers from a need's origin that mean our copy must go: gone, or no longer ours to see. */
const NOT_OURS = new Set([401, 403, 404, 410]);

/**
 * Needs we keep from other servers are fetched again when they have not been
 * heard of for a while: updated if they changed, forgotten if they are gone or
 * if we may no longer see them. Each is fetched with a signed request, as a
 * local user who follows its organisation (the one who may see a
 * followers-only need) or else as the instance: a 401 or 403 to that request
 * says the origin no longer shows it to us (made local, or followers-only and
 * nobody here follows), as a 404 or 410 says it is gone. One that is no
 * longer addressed to the public is kept for its followers only.
 */
export async function refreshStaleRemoteNeeds(ctx: Context<ContextData>, olderThanMs: number, limit = 100): Promise<{ refreshed: number; removed: number }> {
  const db = ctx.data.db;
  const before = new Date(Date.now() - olderThanMs).toISOString();
  const stale = await staleRemoteNeeds(db, before, limit);
  let refreshed = 0;
  let removed = 0;
  const forget = async (id: string, uri: string, why: string) => {
    await forgetRemoteNeed(db, id);
    log.info("Forgot the remote need {uri}: {why}", { uri, why });
    removed++;
  };
  for (const need of stale) {
    // Its server was suspended (or its author blocked) since: forgotten without asking it.
    if (!(await mayStore(ctx.data.policy, need))) {
      await forget(need.id, need.uri, "its server or author is refused here");
      continue;
    }
    const follower = await db
      .selectFrom("following as f")
      .innerJoin("actors as a", "a.id", "f.actor_id")
      .select("a.handle")
      .where("f.target_id", "=", need.author.id)
      .where("f.accepted", "=", 1)
      .orderBy("f.created")
      .executeTakeFirst();
    const documentLoader = await ctx.getDocumentLoader({ identifier: follower?.handle ?? INSTANCE_HANDLE });
    let document: unknown;
    try {
      document = (await documentLoader(need.uri)).document;
    } catch (error) {
      const status = (error as { response?: { status?: number } }).response?.status;
      if (status && NOT_OURS.has(status)) await forget(need.id, need.uri, `its origin answered ${status}`);
      else log.debug("Could not refresh {uri}: {error}", { uri: need.uri, error });
      continue;
    }
    const type = (document as { type?: unknown }).type;
    if (type === "Tombstone") {
      await forget(need.id, need.uri, "its origin answered a Tombstone");
      continue;
    }
    const note = await Note.fromJsonLd(document, { documentLoader, contextLoader: ctx.contextLoader }).catch(() => null);
    const addressed = note ? [...note.toIds, ...note.ccIds].map((u) => u.href) : [];
    const name = (document as { name?: unknown }).name;
    await markRefreshed(db, need.id, {
      title: typeof name === "string" && name.trim() ? name.trim().slice(0, 200) : undefined,
      followersOnly: Boolean(note && !addressed.includes(PUBLIC_COLLECTION.href)),
    });
    refreshed++;
  }
  if (stale.length) log.info("Refreshed {refreshed} remote needs, removed {removed}", { refreshed, removed });
  return { refreshed, removed };
}
