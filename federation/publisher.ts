// Domain events become activities. Runs after the change is committed, in the
// background (pending-events.ts); the activities go through Fedify into the
// persistent queue, so the request that caused them never waits for remote
// servers, and a failed delivery never undoes a local change. What goes to five
// inboxes or more becomes one fan-out message, which the queue worker signs
// (Linked Data Signature) and splits into one delivery per inbox; to fewer,
// Fedify signs here and enqueues the deliveries (cheaper: no second parse).
import type { Context, Federation } from "@fedify/fedify";
import {
  Accept,
  type Activity,
  Agreement,
  Commitment,
  Create,
  Delete,
  Flag,
  Follow,
  isActor,
  Measure,
  Mention,
  Note,
  Offer,
  PUBLIC_COLLECTION,
  Reject,
  type Tombstone,
  Update,
} from "@fedify/vocab";
import { parseDecimal } from "@fedify/vocab-runtime";
import { getLogger } from "@logtape/logtape";
import { Temporal } from "@js-temporal/polyfill";
import { audience } from "../src/domain/access/policy.ts";
import { findActorByHandle, INSTANCE_HANDLE } from "../src/domain/actors/actors.ts";
import type { DomainEvent } from "../src/domain/events.ts";
import { newId } from "../src/domain/ids.ts";
import { type Application, findApplication } from "../src/domain/needs/applications.ts";
import { toPublicNeed } from "../src/domain/needs/model.ts";
import { findNeed } from "../src/domain/needs/repository.ts";
import { findOffer } from "../src/domain/offers/offers.ts";
import { findRemoteNeed, findRemoteNeedByUri } from "../src/domain/remote-needs/repository.ts";
import { localActor } from "./actors.ts";
import { addressing } from "./convert/audience.ts";
import type { ContextData } from "./context.ts";
import { needToNote, needTombstone, needUri } from "./convert/need.ts";
import { offerTombstone, offerToNote } from "./convert/offer.ts";
import { decisionText, publicAcknowledgement } from "./convert/replies.ts";
import { listFollowers } from "./followers.ts";
import { publicAudience } from "./instance.ts";
import { lookup } from "./follows.ts";
import { asRecipient, findRemoteActor, findRemoteActorById, type RemoteActor, rememberActor } from "./remote-actors.ts";

const log = getLogger(["entraide", "federation", "outbox"]);

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `@user@host` as Mastodon writes a mention, so that the recipient is notified. */
function mention(actor: RemoteActor) {
  const name = actor.handle ? `@${actor.handle.split("@")[0]}` : actor.name;
  const href = escapeHtml(actor.url ?? actor.uri);
  return {
    html: `<span class="h-card"><a href="${href}" class="u-url mention">@<span>${escapeHtml(name.replace(/^@/, ""))}</span></a></span>`,
    tag: new Mention({ href: new URL(actor.uri), name: actor.handle ? `@${actor.handle}` : actor.name }),
  };
}

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
      if (event.type === "need.updated" && !audience(event.visibility)) {
        // No longer federated (made local): the servers that received it are asked to forget it, as for a deletion.
        const before = event.previousVisibility;
        if (before) await deleteNeed(ctx, event.needId, event.organizationHandle, before);
        return;
      }
      const need = await findNeed(db, event.needId);
      if (!need?.published || !audience(need.visibility) || need.status === "draft") return;
      const note = needToNote(ctx, toPublicNeed(need));
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
      if (event.type === "application.received") await acknowledge(ctx, need.organization.handle, application, applicant);
      else await answerDecision(ctx, need.organization.handle, application, applicant, event);
      return;
    }
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
    case "instance.updated": {
      // The instance's new name or description, to the servers following it.
      const actor = await localActor(ctx, INSTANCE_HANDLE);
      if (!actor?.id) return;
      const update = new Update({
        id: new URL(`${actor.id.href}#update-${newId()}`),
        actor: actor.id,
        to: PUBLIC_COLLECTION,
        cc: ctx.getFollowersUri(INSTANCE_HANDLE),
        object: actor,
        published: Temporal.Now.instant(),
      });
      await ctx.sendActivity({ identifier: INSTANCE_HANDLE }, "followers", update, { preferSharedInbox: true });
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

/** A public reply gets a public answer with no personal data; a private one needs none yet. */
async function acknowledge(ctx: Context<ContextData>, orgHandle: string, application: Application, applicant: RemoteActor) {
  if (!application.public || !application.objectUri) return;
  const m = mention(applicant);
  const note = new Note({
    id: new URL(`/replies/${newId()}`, ctx.canonicalOrigin),
    attribution: ctx.getActorUri(orgHandle),
    to: PUBLIC_COLLECTION,
    ccs: [new URL(applicant.uri), ctx.getFollowersUri(orgHandle)],
    replyTarget: new URL(application.objectUri),
    content: `<p>${m.html} ${escapeHtml(publicAcknowledgement(`@${orgHandle}@${ctx.host}`, application.language))}</p>`,
    tags: [m.tag],
    published: Temporal.Now.instant(),
  });
  await ctx.sendActivity(
    { identifier: orgHandle },
    asRecipient(applicant),
    new Create({ id: new URL(`${note.id!.href}#create`), actor: ctx.getActorUri(orgHandle), to: note.toId, ccs: note.ccIds, object: note }),
  );
}

/**
 * The coordinator's decision: Accept/Reject of the Offer or Join for peers that
 * sent one, and for everyone a direct Note replying to their own message (so
 * Mastodon's filter of unsolicited private mentions lets it through).
 */
async function answerDecision(
  ctx: Context<ContextData>,
  orgHandle: string,
  application: Application,
  applicant: RemoteActor,
  decision: { status: "accepted" | "rejected" | "done"; reason: string | null },
) {
  // The decision as it was taken, not the application as it is now (accepted
  // then rejected before this ran: an acceptance, then a rejection).
  if (decision.status === "done") return;
  const sender = { identifier: orgHandle };
  const recipient = asRecipient(applicant);
  const actor = ctx.getActorUri(orgHandle);
  const accepted = decision.status === "accepted";
  const text = decisionText(accepted, decision.reason, application.language);
  if ((application.source === "offer" || application.source === "join") && application.activityUri) {
    const id = new URL(`/decisions/${newId()}`, ctx.canonicalOrigin);
    const object = new URL(application.activityUri);
    const activity = accepted
      ? new Accept({ id, actor, to: new URL(applicant.uri), object, result: new Agreement({ id: new URL(`${id.href}#agreement`) }) })
      : new Reject({ id, actor, to: new URL(applicant.uri), object, content: text });
    await ctx.sendActivity(sender, recipient, activity);
  }
  const m = mention(applicant);
  const note = new Note({
    id: new URL(`/messages/${newId()}`, ctx.canonicalOrigin),
    attribution: actor,
    to: new URL(applicant.uri),
    replyTarget: application.objectUri ? new URL(application.objectUri) : null,
    content: `<p>${m.html} ${escapeHtml(text)}</p>`,
    tags: [m.tag],
    published: Temporal.Now.instant(),
  });
  await ctx.sendActivity(
    sender,
    recipient,
    new Create({ id: new URL(`${note.id!.href}#create`), actor, to: note.toId, object: note }),
  );
}

/** A local citizen answers a remote need: an Offer for FEP-0837 peers, a private reply for the others. */
async function sendOutgoingApplication(ctx: Context<ContextData>, outgoingId: string) {
  const db = ctx.data.db;
  const outgoing = await db
    .selectFrom("outgoing_applications as o")
    .innerJoin("actors as u", "u.id", "o.user_id")
    .select(["o.message", "o.offer_uri", "o.note_uri", "o.remote_need_id", "u.handle"])
    .where("o.id", "=", outgoingId)
    .executeTakeFirst();
  const need = outgoing ? await findRemoteNeed(db, outgoing.remote_need_id) : undefined;
  if (!outgoing || !need) return;
  const row = { ...outgoing, need_uri: need.uri, actor_id: need.author.id, intent_uri: need.intentUri, proposal_uri: need.proposalUri };
  const group = await findRemoteActorById(db, row.actor_id);
  if (!group) return;
  const actor = ctx.getActorUri(row.handle);
  const sender = { identifier: row.handle };
  if (row.proposal_uri) {
    await ctx.sendActivity(
      sender,
      asRecipient(group),
      new Offer({
        id: new URL(row.offer_uri),
        actor,
        to: new URL(group.uri),
        content: escapeHtml(row.message),
        target: new URL(row.need_uri),
        object: new Agreement({
          id: new URL(`${row.offer_uri}#agreement`),
          stipulates: new Commitment({
            id: new URL(`${row.offer_uri}#commitment`),
            satisfies: row.intent_uri ? new URL(row.intent_uri) : null,
            resourceQuantity: new Measure({ unit: "one", numericalValue: parseDecimal("1") }),
          }),
        }),
      }),
    );
    return;
  }
  const m = mention(group);
  const note = new Note({
    id: new URL(row.note_uri),
    attribution: actor,
    to: new URL(group.uri),
    replyTarget: new URL(row.need_uri),
    content: `<p>${m.html} ${escapeHtml(row.message)}</p>`,
    tags: [m.tag],
    published: Temporal.Now.instant(),
  });
  await ctx.sendActivity(sender, asRecipient(group), new Create({ id: new URL(`${row.note_uri}#create`), actor, to: note.toId, object: note }));
}
