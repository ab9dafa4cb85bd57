// Domain events become activities. Runs after the change is committed, in the
// background (the event stream's `federation` consumer); the activities go through Fedify into the
// persistent queue, so the request that caused them never waits for remote
// servers, and a failed delivery never undoes a local change. What goes to five
// inboxes or more becomes one fan-out message, which the queue worker signs
// (Linked Data Signature) and splits into one delivery per inbox; to fewer,
// Fedify signs here and enqueues the deliveries (cheaper: no second parse).
import type { Context, Federation } from "@fedify/fedify";
import {
  type Activity,
  Create,
  Delete,
  Flag,
  Follow,
  isActor,
  Note,
  Offer,
  PUBLIC_COLLECTION,
  type Tombstone,
  Update,
} from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { Temporal } from "@js-temporal/polyfill";
import { audience } from "../src/domain/access/policy.ts";
import { findActorByHandle, INSTANCE_HANDLE } from "../src/domain/actors/actors.ts";
import type { DomainEvent } from "../src/domain/events.ts";
import { newId } from "../src/domain/ids.ts";
import { findApplication } from "../src/domain/needs/applications.ts";
import { toPublishedNeed } from "../src/domain/needs/model.ts";
import { findNeed } from "../src/domain/needs/repository.ts";
import { findOffer } from "../src/domain/offers/offers.ts";
import { findRemoteNeedByUri } from "../src/domain/remote-needs/repository.ts";
import { localActor } from "./actors.ts";
import { addressing } from "./convert/audience.ts";
import type { ContextData } from "./context.ts";
import { needToNote, needTombstone, needUri } from "./convert/need.ts";
import { offerTombstone, offerToNote } from "./convert/offer.ts";
import { listFollowers } from "./followers.ts";
import { publicAudience } from "./instance.ts";
import { lookup } from "./follows.ts";
import { acknowledge, answerDecision, askVolunteer, sendOutgoingApplication, sendOutgoingWithdrawal, tellVolunteer } from "./publisher-answers.ts";
import { noticeText, reminderText, safeguardingText } from "./convert/replies.ts";
import { formatSchedule } from "../src/domain/needs/note-content.ts";
import { asRecipient, findRemoteActor, findRemoteActorById, rememberActor } from "./remote-actors.ts";
import { afterNeedChange, publishPracticeEvent } from "./publisher-practices.ts";

const log = getLogger(["entraide", "federation", "outbox"]);

/** Turns an event into activities on the queue; throws when it cannot (the event is then tried again). */
export function createPublisher(
  federation: Federation<ContextData>,
  contextData: ContextData,
  origin: URL,
): (event: DomainEvent) => Promise<void> {
  return (event) => publish(federation.createContext(origin, contextData), event);
}

/** To an actor's followers: one delivery per shared inbox. */
const TO_FOLLOWERS = { preferSharedInbox: true } as const;

async function publish(ctx: Context<ContextData>, event: DomainEvent): Promise<void> {
  const db = ctx.data.db;
  switch (event.type) {
    case "need.published":
    case "need.updated": {
      // The sheets written from it, and the tries that made it, say what it achieved.
      if (event.type === "need.updated") await afterNeedChange(ctx, event.needId);
      // What the need's accepted volunteers elsewhere must hear of, in their language.
      if (event.type === "need.updated" && event.notice) await tellAcceptedVolunteers(ctx, event.needId, event.notice);
      if (event.type === "need.updated" && !audience(event.visibility)) {
        // No longer federated (made local): the servers that received it are asked to forget it, as for a deletion.
        const before = event.previousVisibility;
        if (before) await deleteNeed(ctx, event.needId, event.organizationHandle, before);
        return;
      }
      const need = await findNeed(db, event.needId);
      if (!need?.published || !audience(need.visibility) || need.status === "draft") return;
      const note = needToNote(ctx, toPublishedNeed(need));
      const Activity = event.type === "need.published" ? Create : Update;
      const activity = new Activity({
        id: new URL(`${note.id!.href}#${event.type === "need.published" ? "create" : `update-${newId()}`}`),
        actor: ctx.getActorUri(need.organization.handle),
        to: note.toId,
        ccs: note.ccIds,
        object: note,
        published: Temporal.Now.instant(),
      });
      await ctx.sendActivity({ identifier: need.organization.handle }, "followers", activity, TO_FOLLOWERS);
      await toPublicAudience(ctx, need.organization.handle, need.visibility, activity);
      if (event.type === "need.updated" && event.previousVisibility === "public" && need.visibility !== "public") {
        await toFormerPublicAudience(ctx, need.organization.handle, needTombstone(ctx, need.id, new Date().toISOString()));
      }
      return;
    }
    case "need.deleted":
      await deleteNeed(ctx, event.needId, event.organizationHandle, event.visibility);
      return;
    case "application.received":
    case "application.decided": {
      // A local application concerns no other server.
      if (event.type === "application.received" && event.source !== "federation") return;
      const application = await findApplication(db, event.applicationId);
      if (application?.applicant.kind !== "remote") return;
      const applicant = await findRemoteActorById(db, application.applicant.actorId);
      const need = await findNeed(db, application.needId);
      if (!applicant || !need) return;
      if (event.type === "application.received") {
        await acknowledge(ctx, need.organization.handle, application, applicant);
        // With minors or vulnerable adults: they learn, privately, that an in-person check comes first.
        if (need.safeguarding) {
          const signup = new URL("/signup", ctx.canonicalOrigin).href;
          await tellVolunteer(ctx, need.organization.handle, application, applicant, safeguardingText(signup, application.language), signup);
        }
      } else await answerDecision(ctx, need.organization.handle, application, applicant, event);
      return;
    }
    case "application.reminder": {
      const application = await findApplication(db, event.applicationId);
      if (application?.applicant.kind !== "remote" || application.status !== "accepted") return;
      const applicant = await findRemoteActorById(db, application.applicant.actorId);
      const need = await findNeed(db, application.needId);
      if (!applicant || !need) return;
      const lang = replyLang(application.language);
      const text = reminderText({ title: need.title, when: formatSchedule({ kind: "date", start: event.occurrence }, lang) }, application.language);
      await tellVolunteer(ctx, need.organization.handle, application, applicant, text);
      return;
    }
    case "outcome.confirmed": {
      // The one question, to each remote volunteer asked for the first time.
      const need = await findNeed(db, event.needId);
      if (!need) return;
      for (const id of event.asked) {
        const application = await findApplication(db, id);
        if (application?.applicant.kind !== "remote") continue;
        const applicant = await findRemoteActorById(db, application.applicant.actorId);
        if (applicant) await askVolunteer(ctx, need.organization.handle, application, applicant, need.title);
      }
      // The need's total changed: the good-practice sheets made from it say so (their Update).
      await afterNeedChange(ctx, event.needId);
      return;
    }
    case "need.expired":
    case "application.pending":
    case "application.withdrawn":
    case "outgoing-application.answered":
    case "follower.added":
    case "message.received":
    case "report.received":
      // Things that happened here, told by other servers or to nobody outside: nothing to federate.
      return;
    case "outgoing-application.created":
      await sendOutgoingApplication(ctx, event.outgoingId);
      return;
    case "outgoing-application.withdrawn":
      await sendOutgoingWithdrawal(ctx, event.outgoingId);
      return;
    case "offer.published":
    case "offer.updated": {
      if (event.type === "offer.updated" && !audience(event.visibility)) {
        const before = event.previousVisibility;
        if (before) await deleteOffer(ctx, event.offerId, event.authorHandle, before);
        return;
      }
      const offer = await findOffer(db, event.offerId);
      if (!offer?.published || !audience(offer.visibility)) return;
      const note = offerToNote(ctx, offer);
      const Activity = event.type === "offer.published" ? Create : Update;
      const activity = new Activity({
        id: new URL(`${note.id!.href}#${event.type === "offer.published" ? "create" : `update-${newId()}`}`),
        actor: ctx.getActorUri(offer.author.handle),
        to: note.toId,
        ccs: note.ccIds,
        object: note,
      });
      await ctx.sendActivity({ identifier: offer.author.handle }, "followers", activity, TO_FOLLOWERS);
      await toPublicAudience(ctx, offer.author.handle, offer.visibility, activity);
      if (event.type === "offer.updated" && event.previousVisibility === "public" && offer.visibility !== "public") {
        await toFormerPublicAudience(ctx, offer.author.handle, offerTombstone(ctx, offer.id));
      }
      return;
    }
    case "offer.deleted":
      await deleteOffer(ctx, event.offerId, event.authorHandle, event.visibility);
      return;
    case "report.sent":
      await sendFlag(ctx, event.reportId);
      return;
    case "remote-need.received":
      // Another server's need: nothing to federate (alerts listen for it).
      return;
    case "practice.published":
    case "practice.updated":
    case "practice.deleted":
    case "practice.tried":
    case "practice-try.received":
      await publishPracticeEvent(ctx, event);
      return;
    case "instance.updated":
      // The instance's new name or description, to the servers following it.
      await sendActorUpdate(ctx, INSTANCE_HANDLE);
      return;
    case "organization.updated":
      // An organisation's new profile (description, website, contact, logo…), to its followers.
      await sendActorUpdate(ctx, event.handle);
      return;
    case "account.erased": {
      // Every server that knew the account forgets it (Mastodon removes the account and its
      // posts on a Delete of the actor), signed with its keys.
      const told = (await Promise.all(event.recipients.map((id) => findRemoteActorById(db, id)))).filter((a) => a !== undefined);
      const actor = await db.selectFrom("actors").select("id").where("id", "=", event.actorId).executeTakeFirst();
      if (actor && told.length > 0) {
        const id = ctx.getActorUri(event.handle);
        await ctx.sendActivity(
          { identifier: event.handle },
          told.map(asRecipient),
          new Delete({ id: new URL(`${id.href}#delete`), actor: id, to: PUBLIC_COLLECTION, object: id, published: Temporal.Now.instant() }),
          { preferSharedInbox: true },
        );
      }
      return;
    }
    case "follow.requested": {
      const actor = await db.selectFrom("actors").select("handle").where("id", "=", event.actorId).executeTakeFirst();
      const target = await findRemoteActorById(db, event.targetId);
      if (!actor || !target) return;
      await ctx.sendActivity(
        { identifier: actor.handle },
        asRecipient(target),
        new Follow({ id: new URL(event.followUri), actor: ctx.getActorUri(actor.handle), object: new URL(target.uri) }),
      );
      return;
    }
  }
}

/** The actor's document as it now is, in an `Update` to its followers (Mastodon refreshes the profile). */
async function sendActorUpdate(ctx: Context<ContextData>, handle: string) {
  const actor = await localActor(ctx, handle);
  if (!actor?.id) return;
  const update = new Update({
    id: new URL(`${actor.id.href}#update-${newId()}`),
    actor: actor.id,
    to: PUBLIC_COLLECTION,
    cc: ctx.getFollowersUri(handle),
    object: actor,
    published: Temporal.Now.instant(),
  });
  await ctx.sendActivity({ identifier: handle }, "followers", update, TO_FOLLOWERS);
}

/** A Delete of a need, to those who could see it (`visibility`: as it was); nothing if it never went out. */
async function deleteNeed(ctx: Context<ContextData>, needId: string, handle: string, visibility: string) {
  const addressed = addressing(ctx, handle, visibility);
  if (!addressed) return;
  const deletion = new Delete({
    id: new URL(`${needUri(ctx, needId).href}#delete-${newId()}`),
    actor: ctx.getActorUri(handle),
    to: addressed.to,
    cc: addressed.cc,
    object: needTombstone(ctx, needId, new Date().toISOString()),
  });
  await ctx.sendActivity({ identifier: handle }, "followers", deletion, TO_FOLLOWERS);
  await toPublicAudience(ctx, handle, visibility, deletion);
}

/** As `deleteNeed`, for an offer. */
async function deleteOffer(ctx: Context<ContextData>, offerId: string, handle: string, visibility: string) {
  const addressed = addressing(ctx, handle, visibility);
  if (!addressed) return;
  const deletion = new Delete({
    id: new URL(`${offerTombstone(ctx, offerId).id!.href}#delete-${newId()}`),
    actor: ctx.getActorUri(handle),
    to: addressed.to,
    cc: addressed.cc,
    object: offerTombstone(ctx, offerId),
  });
  await ctx.sendActivity({ identifier: handle }, "followers", deletion, TO_FOLLOWERS);
  await toPublicAudience(ctx, handle, visibility, deletion);
}

/**
 * A report about something on another server, sent there as a Flag from the
 * instance actor (as Mastodon does: the reporter's identity stays here).
 */
async function sendFlag(ctx: Context<ContextData>, reportId: string) {
  const db = ctx.data.db;
  const report = await db.selectFrom("reports").select(["targets", "comment"]).where("id", "=", reportId).executeTakeFirst();
  if (!report) return;
  const targets: string[] = JSON.parse(report.targets);
  // The account to notify: the target itself, or the author of the reported need.
  let owner = await findRemoteActor(db, targets[0]!);
  if (!owner) {
    const need = await findRemoteNeedByUri(db, targets[0]!);
    owner = need ? await findRemoteActorById(db, need.author.id) : undefined;
  }
  if (!owner) {
    const found = await lookup(ctx, targets[0]!).catch(() => null);
    const author = found instanceof Note || found instanceof Offer ? await found.getAttribution(ctx).catch(() => null) : found;
    if (isActor(author)) owner = await rememberActor(db, author);
  }
  if (!owner) {
    log.warning("Report {id}: nobody to send it to for {target}", { id: reportId, target: targets[0] });
    return;
  }
  const flag = new Flag({
    id: new URL(`/reports/${reportId}`, ctx.canonicalOrigin),
    actor: ctx.getActorUri(INSTANCE_HANDLE),
    objects: [...new Set([...targets, owner.uri])].map((t) => new URL(t)),
    content: report.comment,
  });
  await ctx.sendActivity({ identifier: INSTANCE_HANDLE }, asRecipient(owner), flag);
  await db.updateTable("reports").set({ flag_uri: flag.id!.href }).where("id", "=", reportId).execute();
}

/** Public posts also go to the instances following ours and to our relays. */
async function toPublicAudience(ctx: Context<ContextData>, handle: string, visibility: string, activity: Activity) {
  if (audience(visibility)?.to !== "public") return;
  const recipients = await publicAudience(ctx);
  if (recipients.length > 0) await ctx.sendActivity({ identifier: handle }, recipients, activity, TO_FOLLOWERS);
}

/**
 * A public post made followers-only: the servers that received the public copy
 * through the instance (instances following ours, aggregators, relays) and
 * are no longer in its audience get a Delete. Servers where the actor has
 * followers are left out: they got the Update with the narrower addressing and
 * keep their copy (a Delete there would remove it for the followers too).
 */
async function toFormerPublicAudience(ctx: Context<ContextData>, handle: string, tombstone: Tombstone) {
  const actor = await findActorByHandle(ctx.data.db, handle);
  if (!actor) return;
  const keep = new Set<string>();
  for (const f of await listFollowers(ctx.data.db, actor.id)) {
    for (const uri of [f.uri, f.inbox, f.shared_inbox]) if (uri) keep.add(new URL(uri).origin);
  }
  const former = (await publicAudience(ctx)).filter(
    (r) => !keep.has(r.id.origin) && !keep.has((r.endpoints?.sharedInbox ?? r.inboxId).origin),
  );
  if (former.length === 0) return;
  const deletion = new Delete({
    id: new URL(`${tombstone.id!.href}#delete-${newId()}`),
    actor: ctx.getActorUri(handle),
    to: PUBLIC_COLLECTION,
    object: tombstone,
  });
  await ctx.sendActivity({ identifier: handle }, former, deletion, TO_FOLLOWERS);
  log.info("{id} is no longer public: Delete sent to {count} server(s) outside its audience", { id: tombstone.id!.href, count: former.length });
}

const replyLang = (language: string | null) => ((language ?? "").toLowerCase().startsWith("en") ? "en" : "fr");

/** A need's change or cancellation, to each volunteer elsewhere accepted for it, threaded on their reply. */
async function tellAcceptedVolunteers(ctx: Context<ContextData>, needId: string, notice: NonNullable<Extract<DomainEvent, { type: "need.updated" }>["notice"]>) {
  const db = ctx.data.db;
  const need = await findNeed(db, needId);
  if (!need) return;
  const rows = await db
    .selectFrom("applications")
    .select("id")
    .where("need_id", "=", needId)
    .where("status", "=", "accepted")
    .where("remote_actor_id", "is not", null)
    .execute();
  for (const { id } of rows) {
    const application = await findApplication(db, id);
    if (application?.applicant.kind !== "remote") continue;
    const applicant = await findRemoteActorById(db, application.applicant.actorId);
    if (!applicant) continue;
    const lang = replyLang(application.language);
    const when = notice.occurrence ? formatSchedule({ kind: "date", start: notice.occurrence }, lang) : formatSchedule(need.schedule, lang);
    await tellVolunteer(ctx, need.organization.handle, application, applicant, noticeText(notice, { title: need.title, when }, application.language));
  }
}
