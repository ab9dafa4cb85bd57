// An account deleted on its server, whose `Delete` of itself can no longer be verified:
// its server answers its key's address 410 Gone (a Tombstone, as we serve an account
// erased here, and as Mastodon and GoToSocial do). Servers that knew the actor kept its
// key; one that did not fetches it, gets 410 and would refuse the Delete (401), keeping
// what it holds of a person who asked to be forgotten. Nothing needs believing here: the
// actor's own origin said, to Fedify's fetch of that very address, that it is gone.
import type { RequestContext, UnverifiedActivityReason } from "@fedify/fedify";
import { type Activity, Delete } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { eraseRemoteActor } from "../../src/domain/privacy/erase.ts";
import type { ContextData } from "../context.ts";

const log = getLogger(["entraide", "federation", "inbox", "gone"]);

/** A `Response` (202) when the activity is such a Delete; nothing otherwise (Fedify's 401 stands). */
export async function onUnverifiedActivity(
  ctx: RequestContext<ContextData>,
  activity: Activity,
  reason: UnverifiedActivityReason,
): Promise<Response | undefined> {
  if (!(activity instanceof Delete) || reason.type !== "keyFetchError") return undefined;
  if (!("status" in reason.result) || reason.result.status !== 410) return undefined;
  const actor = activity.actorId;
  // The actor deletes itself, signing with a key of its own document (`<actor>#main-key`).
  if (!actor || activity.objectId?.href !== actor.href) return undefined;
  const keyDocument = new URL(reason.keyId.href);
  keyDocument.hash = "";
  if (keyDocument.href !== actor.href) return undefined;
  if (await eraseRemoteActor(ctx.data.db, actor.href)) log.info("Erased what was held of {actor}: its server answers 410 Gone for it", { actor: actor.href });
  else log.debug("Delete of {actor}, gone from its server: nothing is held of it", { actor: actor.href });
  return new Response(null, { status: 202 });
}
