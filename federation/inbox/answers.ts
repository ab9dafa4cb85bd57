// Volunteers answering our needs from anywhere in the fediverse:
// a reply (private: an application; public: an expression of interest),
// an Offer(Agreement) from FEP-0837 peers, a Join from Mobilizon-like ones;
// and their withdrawal (Delete of the reply, Undo, Leave).
import type { InboxContext } from "@fedify/fedify";
import {
  type Activity,
  type Actor,
  Agreement,
  isActor,
  type Join,
  LanguageString,
  type Leave,
  type Note,
  type Offer,
  Proposal,
  PUBLIC_COLLECTION,
} from "@fedify/vocab";
import { Note as NoteClass } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { DomainError } from "../../src/domain/errors.ts";
import {
  findApplicationByActivity,
  type RemoteApplicationInput,
  recordRemoteApplication,
  withdrawRemote,
} from "../../src/domain/needs/applications.ts";
import { htmlToText, sanitizeRemoteHtml } from "../../src/domain/text/markdown.ts";
import type { ContextData } from "../context.ts";
import { rememberActor } from "../remote-actors.ts";
import { foreignId } from "./origin.ts";

const log = getLogger(["entraide", "federation", "inbox", "answers"]);
const MAX_MESSAGE = 5000;

/** The id of our need that a URI names: the Note, its Proposal or its Intent. */
export function localNeedId(ctx: InboxContext<ContextData>, uri: URL | null | undefined): string | null {
  if (!uri) return null;
  const parsed = ctx.parseUri(new URL(uri.href.replace(/#.*$/, "")));
  if (parsed?.type !== "object") return null;
  if (parsed.class !== NoteClass && parsed.class !== Proposal) return null;
  return parsed.values.id ?? null;
}

/** Plain text of remote HTML, sanitised first, bounded. */
function messageOf(html: string | null | undefined): string {
  return htmlToText(sanitizeRemoteHtml(html ?? "")).trim().slice(0, MAX_MESSAGE);
}

/**
 * The language a message says it is in (a contentMap entry), as a BCP 47 tag; null when it
 * says none. Given every value: with both `content` and `contentMap`, the first is untagged.
 */
function languageOf(...texts: unknown[]): string | null {
  const tagged = texts.find((text) => text instanceof LanguageString);
  return tagged instanceof LanguageString ? tagged.locale.baseName : null;
}

async function record(ctx: InboxContext<ContextData>, actor: Actor, input: Omit<RemoteApplicationInput, "remoteActorId">) {
  const remote = await rememberActor(ctx.data.db, actor);
  try {
    const { application, created } = await recordRemoteApplication(ctx.data.db, ctx.data.events, {
      ...input,
      remoteActorId: remote.id,
    });
    log.info("{how} application {id} from {actor} for need {need}", {
      how: created ? "New" : "Already known",
      id: application.id,
      actor: remote.uri,
      need: input.needId,
    });
    return application;
  } catch (error) {
    if (error instanceof DomainError) {
      log.info("Answer from {actor} to need {need} refused: {reason}", { actor: remote.uri, need: input.needId, reason: error.message });
      return null;
    }
    throw error;
  }
}

/** A reply to one of our needs. Returns false when the note answers none of them. */
export async function onReplyToNeed(ctx: InboxContext<ContextData>, create: Activity, note: Note): Promise<boolean> {
  const needId = localNeedId(ctx, note.replyTargetId);
  if (!needId || !note.id || !create.actorId) return false;
  // Its id is the key the application is kept under: no one may take another server's.
  if (foreignId("Reply", note.id, create.actorId)) return true;
  const actor = await create.getActor(ctx);
  if (!isActor(actor) || !actor.id) return true;
  if (note.attributionId && note.attributionId.href !== actor.id.href) {
    log.info("Reply {id} attributed to someone other than its sender: ignored", { id: note.id.href });
    return true;
  }
  const addressed = [...note.toIds, ...note.ccIds].map((u) => u.href);
  const isPublic = addressed.includes(PUBLIC_COLLECTION.href);
  // A poll vote (Mastodon sends Create(Note{name, inReplyTo})) has a name and no content.
  const message = messageOf(note.content?.toString()) || (note.name?.toString() ?? "").slice(0, MAX_MESSAGE);
  await record(ctx, actor, {
    needId,
    message,
    source: "note",
    public: isPublic,
    activityUri: note.id.href,
    objectUri: note.id.href,
    language: languageOf(...note.contents, ...note.names),
  });
  return true;
}

export async function onOffer(ctx: InboxContext<ContextData>, offer: Offer): Promise<void> {
  if (!offer.id || !offer.actorId || foreignId("Offer", offer.id, offer.actorId)) return;
  const object = await offer.getObject(ctx).catch(() => null);
  const commitment = object instanceof Agreement ? object.stipulates : null;
  const needId =
    localNeedId(ctx, offer.targetId) ?? localNeedId(ctx, commitment?.satisfies ?? null) ?? localNeedId(ctx, offer.objectId);
  if (!needId) {
    log.debug("Offer {id} concerns none of our needs", { id: offer.id.href });
    return;
  }
  const actor = await offer.getActor(ctx);
  if (!isActor(actor) || !actor.id) return;
  const quantity = Number(commitment?.resourceQuantity?.numericalValue ?? 1);
  await record(ctx, actor, {
    needId,
    message: messageOf(offer.content?.toString() ?? object?.content?.toString()),
    source: "offer",
    public: false,
    quantity: Number.isFinite(quantity) ? quantity : 1,
    activityUri: offer.id.href,
    objectUri: offer.id.href,
    language: languageOf(...offer.contents, ...(object?.contents ?? [])),
  });
}

export async function onJoin(ctx: InboxContext<ContextData>, join: Join): Promise<void> {
  if (!join.id || !join.actorId || foreignId("Join", join.id, join.actorId)) return;
  const needId = localNeedId(ctx, join.objectId);
  // Before fetching its actor: a Join of someone else's event is none of our business.
  if (!needId) {
    log.debug("Join {id} concerns none of our needs", { id: join.id.href });
    return;
  }
  const actor = await join.getActor(ctx);
  if (!isActor(actor) || !actor.id) return;
  await record(ctx, actor, {
    needId,
    message: messageOf(join.content?.toString()),
    source: "join",
    public: false,
    activityUri: join.id.href,
    objectUri: join.id.href,
    language: languageOf(...join.contents),
  });
}

/** Withdrawal: a Delete of the reply, an Undo of the Offer or Join, or a Leave. */
export async function withdrawByUri(ctx: InboxContext<ContextData>, uri: URL | null, actorId: URL | null): Promise<boolean> {
  if (!uri || !actorId) return false;
  const application = await findApplicationByActivity(ctx.data.db, uri.href);
  if (!application) return false;
  if (application.applicant.kind !== "remote" || application.applicant.uri !== actorId.href) {
    log.info("{actor} tried to withdraw an application that is not theirs", { actor: actorId.href });
    return true;
  }
  await withdrawRemote(ctx.data.db, ctx.data.events, application);
  log.info("Application {id} withdrawn by {actor}", { id: application.id, actor: actorId.href });
  return true;
}

export async function onLeave(ctx: InboxContext<ContextData>, leave: Leave): Promise<void> {
  const needId = localNeedId(ctx, leave.objectId);
  if (!needId || !leave.actorId) {
    log.debug("Leave {id} concerns none of our needs", { id: leave.id?.href });
    return;
  }
  const application = await ctx.data.db
    .selectFrom("applications as a")
    .innerJoin("remote_actors as r", "r.id", "a.remote_actor_id")
    .select("a.activity_uri")
    .where("a.need_id", "=", needId)
    .where("r.uri", "=", leave.actorId.href)
    .where("a.status", "in", ["pending", "accepted"])
    .executeTakeFirst();
  if (application?.activity_uri) await withdrawByUri(ctx, new URL(application.activity_uri), leave.actorId);
  else log.debug("Leave {id}: {actor} has no application for need {need}", { id: leave.id?.href, actor: leave.actorId.href, need: needId });
}
