// Follow, Undo(Follow), and the answers to our own Follows.
// Organisations and citizens accept every follow at once (a pending request
// confuses Mastodon users, and what they publish is public anyway).
import type { InboxContext } from "@fedify/fedify";
import { Accept, type Actor, type Follow, isActor, type Reject, type Undo, type Update } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { findActorByHandle } from "../../src/domain/actors/actors.ts";
import type { ContextData } from "../context.ts";
import { addFollower, markFollowAccepted, removeFollower } from "../followers.ts";
import { backfill } from "../instance.ts";
import { findRemoteActor, rememberActor } from "../remote-actors.ts";

const log = getLogger(["entraide", "federation", "inbox", "follow"]);

export async function onFollow(ctx: InboxContext<ContextData>, follow: Follow): Promise<void> {
  if (!follow.id || !follow.objectId) return;
  const parsed = ctx.parseUri(follow.objectId);
  if (parsed?.type !== "actor") {
    log.debug("Follow {id} of {object}: not one of our actors", { id: follow.id.href, object: follow.objectId.href });
    return;
  }
  const target = await findActorByHandle(ctx.data.db, parsed.identifier);
  if (!target) return;
  const follower = await follow.getActor(ctx);
  if (!isActor(follower) || !follower.id) {
    log.info("Follow {id}: its actor could not be fetched", { id: follow.id.href });
    return;
  }
  const remote = await rememberActor(ctx.data.db, follower);
  await addFollower(ctx.data.db, ctx.data.events, target.id, remote, follow.id.href);
  log.info("{follower} follows @{handle}", { follower: follower.id.href, handle: target.handle });
  await ctx.sendActivity(
    { identifier: target.handle },
    follower,
    new Accept({
      id: new URL(`${ctx.getActorUri(target.handle).href}#accepts/${encodeURIComponent(follow.id.href)}`),
      actor: ctx.getActorUri(target.handle),
      object: follow,
    }),
  );
  // Another instance following ours gets the needs already open (then each new one as it comes).
  if (target.type === "Application" && (remote.type === "Application" || remote.type === "Service")) {
    await backfill(ctx, remote);
  }
}

export async function onUndoFollow(ctx: InboxContext<ContextData>, undo: Undo, follow: Follow): Promise<void> {
  if (!follow.objectId || !undo.actorId) return;
  const parsed = ctx.parseUri(follow.objectId);
  if (parsed?.type !== "actor") {
    log.debug("Undo {id} of a follow of {object}: not one of our actors", { id: undo.id?.href, object: follow.objectId.href });
    return;
  }
  const [target, remote] = await Promise.all([
    findActorByHandle(ctx.data.db, parsed.identifier),
    findRemoteActor(ctx.data.db, undo.actorId.href),
  ]);
  if (target && remote && (await removeFollower(ctx.data.db, target.id, remote.id))) {
    log.info("{follower} no longer follows @{handle}", { follower: remote.uri, handle: target.handle });
    return;
  }
  log.debug("Undo {id}: {actor} was not following @{handle}", { id: undo.id?.href, actor: undo.actorId.href, handle: parsed.identifier });
}

/** Our Follow was accepted. */
export async function onAcceptFollow(ctx: InboxContext<ContextData>, accept: Accept, followId: URL): Promise<boolean> {
  if (!accept.actorId) return false;
  return markFollowAccepted(ctx.data.db, followId.href, accept.actorId.href);
}

/** Our Follow was refused: forget it. */
export async function onRejectFollow(ctx: InboxContext<ContextData>, reject: Reject, followId: URL): Promise<boolean> {
  const target = reject.actorId && (await findRemoteActor(ctx.data.db, reject.actorId.href));
  if (!target) return false;
  // Only the followed actor may refuse the follow.
  const result = await ctx.data.db
    .deleteFrom("following")
    .where("follow_uri", "=", followId.href)
    .where("target_id", "=", target.id)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) return false;
  log.info("Follow {id} was rejected by {actor}", { id: followId.href, actor: target.uri });
  return true;
}

/**
 * An actor we know of sends itself again (Update of a Person, Group,
 * Application…): its new name, handle and inboxes replace ours. Only the actor
 * itself may update itself, and only an actor already stored is refreshed.
 */
export async function onActorUpdate(ctx: InboxContext<ContextData>, update: Update, actor: Actor): Promise<boolean> {
  if (!actor.id || !update.actorId || actor.id.href !== update.actorId.href) {
    log.info("Update {id}: an actor may update only itself", { id: update.id?.href });
    return true;
  }
  if (!(await findRemoteActor(ctx.data.db, actor.id.href))) {
    log.debug("Update {id}: {actor} is not stored here", { id: update.id?.href, actor: actor.id.href });
    return true;
  }
  await rememberActor(ctx.data.db, actor);
  log.info("Updated the remote actor {actor}", { actor: actor.id.href });
  return true;
}
