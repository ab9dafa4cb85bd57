// Inbox wiring: one `.on(Type, handler)` per activity type; the handlers live
// in one file per concern. Every handler logs and returns on input it does not
// understand: nothing from outside causes a 500 or a partial write.
import type { FederationBuilder, InboxContext } from "@fedify/fedify";
import {
  Accept,
  Activity,
  Announce,
  Article,
  Create,
  Delete,
  Flag,
  isActor,
  Follow,
  Join,
  Leave,
  Note,
  Offer,
  Reject,
  Undo,
  Update,
} from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { eraseRemoteActor } from "../../src/domain/privacy/erase.ts";
import type { ContextData } from "../context.ts";
import { announcedHere, passOnDeletion } from "../instance.ts";
import { localNeedId, onJoin, onLeave, onOffer, onReplyToNeed, withdrawByUri } from "./answers.ts";
import { onAcceptFollow, onActorUpdate, onFollow, onRejectFollow, onUndoFollow } from "./follow.ts";
import { onUnverifiedActivity } from "./gone.ts";
import { onAnnounce, onFlag } from "./relayed.ts";
import { onSurveyReply } from "./surveys.ts";
import { onDirectMessage, onFollowedPost, onOfferDecision, onRemoteDelete } from "./remote-needs.ts";
import { onPracticeArticle, onPracticeDelete, onTryNote } from "./practices.ts";

const log = getLogger(["entraide", "federation", "inbox"]);

async function objectOf(ctx: InboxContext<ContextData>, activity: Activity) {
  try {
    return await activity.getObject(ctx);
  } catch (error) {
    log.info("{type} {id}: its object could not be read: {error}", {
      type: activity.constructor.name,
      id: activity.id?.href,
      error,
    });
    return null;
  }
}

function ignored(activity: Activity, why: string) {
  log.debug("Ignoring {type} {id}: {why}", { type: activity.constructor.name, id: activity.id?.href, why });
}

export function registerInbox(builder: FederationBuilder<ContextData>): void {
  builder
    .setInboxListeners("/actors/{identifier}/inbox", "/inbox")
    .on(Follow, onFollow)
    .on(Undo, async (ctx, undo) => {
      const object = await objectOf(ctx, undo);
      if (object instanceof Follow) return onUndoFollow(ctx, undo, object);
      if (!(await withdrawByUri(ctx, undo.objectId, undo.actorId))) ignored(undo, "nothing of ours to undo");
    })
    .on(Accept, async (ctx, accept) => {
      const objectId = accept.objectId;
      if (!objectId) return ignored(accept, "no object");
      if (await onAcceptFollow(ctx, accept, objectId)) return;
      if (await onOfferDecision(ctx, objectId, accept.actorId, true, null)) return;
      ignored(accept, "it accepts nothing we sent");
    })
    .on(Reject, async (ctx, reject) => {
      const objectId = reject.objectId;
      if (!objectId) return ignored(reject, "no object");
      if (await onRejectFollow(ctx, reject, objectId)) return;
      const reason = reject.content?.toString().slice(0, 500) ?? null;
      if (await onOfferDecision(ctx, objectId, reject.actorId, false, reason)) return;
      ignored(reject, "it rejects nothing we sent");
    })
    .on(Create, async (ctx, create) => {
      const object = await objectOf(ctx, create);
      if (object instanceof Article) return onPracticeArticle(ctx, create, object);
      if (!(object instanceof Note)) return ignored(create, `a ${object?.constructor.name ?? "missing"} object`);
      if (await onSurveyReply(ctx, create, object)) return;
      if (await onTryNote(ctx, create, object)) return;
      if (await onReplyToNeed(ctx, create, object)) return;
      if (await onDirectMessage(ctx, create, object)) return;
      if (await onFollowedPost(ctx, create, object)) return;
      ignored(create, "neither an answer to our needs, nor for our users, nor from someone they follow");
    })
    .on(Update, async (ctx, update) => {
      const object = await objectOf(ctx, update);
      if (isActor(object)) return void (await onActorUpdate(ctx, update, object));
      if (object instanceof Article) return onPracticeArticle(ctx, update, object);
      if (!(object instanceof Note)) return ignored(update, `a ${object?.constructor.name ?? "missing"} object`);
      if (await onTryNote(ctx, update, object)) return;
      if (localNeedId(ctx, object.id)) return ignored(update, "it claims to update one of our own needs");
      if (!(await onFollowedPost(ctx, update, object))) ignored(update, "not from someone our users follow");
    })
    .on(Delete, async (ctx, del) => {
      // An account deleted on its server: by itself only (the signer is the actor, checked by Fedify).
      if (del.objectId && del.actorId && del.objectId.href === del.actorId.href) {
        if (await eraseRemoteActor(ctx.data.db, del.actorId.href)) log.info("Erased what was held of {actor}: its account was deleted", { actor: del.actorId.href });
        else ignored(del, "an account nothing is held of");
        return;
      }
      if (del.objectId && del.actorId && (await onPracticeDelete(ctx, del.objectId, del.actorId))) return;
      if (await withdrawByUri(ctx, del.objectId, del.actorId)) return;
      if (del.objectId && del.actorId) {
        const announced = await announcedHere(ctx, del.objectId);
        if (await onRemoteDelete(ctx, del.objectId, del.actorId)) {
          if (announced) await passOnDeletion(ctx, del.objectId);
          return;
        }
      }
      ignored(del, "nothing of it is stored here");
    })
    .on(Announce, onAnnounce)
    .on(Flag, onFlag)
    .on(Offer, onOffer)
    .on(Join, onJoin)
    .on(Leave, onLeave)
    .on(Activity, async (_ctx, activity) => ignored(activity, "no handler for this type"))
    // A Delete of an actor whose key its server now answers 410 for: the account is gone.
    .onUnverifiedActivity(onUnverifiedActivity)
    .onError((_ctx, error) => {
      log.warning("Inbox activity failed: {error}", { error });
    });
}
