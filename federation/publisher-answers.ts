// What the organisations and citizens of this instance write to people on other
// servers: the public acknowledgement of a public reply, the coordinator's
// decision (Accept/Reject and a direct Note), and a citizen's application to a
// remote need (an Offer, or a private reply) and its withdrawal (Undo, or Delete).
// Called by the publisher.
import type { Context } from "@fedify/fedify";
import {
  Accept,
  Agreement,
  Commitment,
  Create,
  Delete,
  Measure,
  Mention,
  Note,
  Offer,
  PUBLIC_COLLECTION,
  Reject,
  Tombstone,
  Undo,
} from "@fedify/vocab";
import { parseDecimal } from "@fedify/vocab-runtime";
import { Temporal } from "@js-temporal/polyfill";
import { newId } from "../src/domain/ids.ts";
import type { Application } from "../src/domain/needs/applications.ts";
import { findSurvey, recordSurveyNote } from "../src/domain/outcomes/survey.ts";
import { findRemoteNeed } from "../src/domain/remote-needs/repository.ts";
import type { ContextData } from "./context.ts";
import { decisionText, publicAcknowledgement, replyLanguage } from "./convert/replies.ts";
import { volunteerLinkToken } from "../src/domain/volunteer-details/links.ts";
import { translator } from "../web/i18n/index.ts";
import { asRecipient, findRemoteActorById, type RemoteActor } from "./remote-actors.ts";

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

/** A public reply gets a public answer with no personal data; a private one needs none yet. */
export async function acknowledge(ctx: Context<ContextData>, orgHandle: string, application: Application, applicant: RemoteActor) {
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
export async function answerDecision(
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
  // An accepted volunteer gets a private link to the need's address, contact and practical
  // details: the page shows them while they hold, so the address is never stored on their server.
  let details = "";
  if (accepted) {
    const link = new URL(`/volunteer-links/${await volunteerLinkToken(ctx.data.db, application.id)}`, ctx.canonicalOrigin).href;
    const sentence = escapeHtml(translator(replyLanguage(application.language))("details.link", { link }));
    details = `<p>${sentence.replace(escapeHtml(link), `<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>`)}</p>`;
  }
  const note = new Note({
    id: new URL(`/messages/${newId()}`, ctx.canonicalOrigin),
    attribution: actor,
    to: new URL(applicant.uri),
    replyTarget: application.objectUri ? new URL(application.objectUri) : null,
    content: `<p>${m.html} ${escapeHtml(text)}</p>${details}`,
    tags: [m.tag],
    published: Temporal.Now.instant(),
  });
  await ctx.sendActivity(
    sender,
    recipient,
    new Create({ id: new URL(`${note.id!.href}#create`), actor, to: note.toId, object: note }),
  );
}

/** A citizen's application elsewhere, with what it answers: enough to send it, or its retraction. */
async function outgoingToSend(ctx: Context<ContextData>, outgoingId: string) {
  const db = ctx.data.db;
  const outgoing = await db
    .selectFrom("outgoing_applications as o")
    .innerJoin("actors as u", "u.id", "o.user_id")
    .select(["o.message", "o.offer_uri", "o.note_uri", "o.remote_need_id", "u.handle"])
    .where("o.id", "=", outgoingId)
    .executeTakeFirst();
  const need = outgoing ? await findRemoteNeed(db, outgoing.remote_need_id) : undefined;
  const group = need ? await findRemoteActorById(db, need.author.id) : undefined;
  if (!outgoing || !need || !group) return undefined;
  return {
    ...outgoing,
    need,
    group,
    actor: ctx.getActorUri(outgoing.handle),
    // A need that links a Proposal comes from a FEP-0837 peer (another Entraide): it is sent an
    // Offer; any other (Mastodon, Lemmy…) a private reply. The retraction follows the same rule.
    speaksOffers: Boolean(need.proposalUri),
  };
}

type OutgoingToSend = NonNullable<Awaited<ReturnType<typeof outgoingToSend>>>;

function offerOf(row: OutgoingToSend): Offer {
  return new Offer({
    id: new URL(row.offer_uri),
    actor: row.actor,
    to: new URL(row.group.uri),
    content: escapeHtml(row.message),
    target: new URL(row.need.uri),
    object: new Agreement({
      id: new URL(`${row.offer_uri}#agreement`),
      stipulates: new Commitment({
        id: new URL(`${row.offer_uri}#commitment`),
        satisfies: row.need.intentUri ? new URL(row.need.intentUri) : null,
        resourceQuantity: new Measure({ unit: "one", numericalValue: parseDecimal("1") }),
      }),
    }),
  });
}

/** A local citizen answers a remote need: an Offer for FEP-0837 peers, a private reply for the others. */
export async function sendOutgoingApplication(ctx: Context<ContextData>, outgoingId: string) {
  const row = await outgoingToSend(ctx, outgoingId);
  if (!row) return;
  const sender = { identifier: row.handle };
  if (row.speaksOffers) {
    await ctx.sendActivity(sender, asRecipient(row.group), offerOf(row));
    return;
  }
  const m = mention(row.group);
  const note = new Note({
    id: new URL(row.note_uri),
    attribution: row.actor,
    to: new URL(row.group.uri),
    replyTarget: new URL(row.need.uri),
    content: `<p>${m.html} ${escapeHtml(row.message)}</p>`,
    tags: [m.tag],
    published: Temporal.Now.instant(),
  });
  await ctx.sendActivity(sender, asRecipient(row.group), new Create({ id: new URL(`${row.note_uri}#create`), actor: row.actor, to: note.toId, object: note }));
}

/**
 * A local citizen withdrew their application to a remote need: the retraction of what was
 * sent, as its receiver understands it. A FEP-0837 peer (an Entraide) gets an `Undo` of the
 * Offer, embedded since our Offer's id is not served; anyone else the `Delete` of the reply
 * with a `Tombstone`, as Mastodon sends when a post is deleted (its inbox removes the status,
 * an Entraide's withdraws the application).
 */
export async function sendOutgoingWithdrawal(ctx: Context<ContextData>, outgoingId: string) {
  const row = await outgoingToSend(ctx, outgoingId);
  if (!row) return;
  const sender = { identifier: row.handle };
  const to = new URL(row.group.uri);
  const activity = row.speaksOffers
    ? new Undo({ id: new URL(`${row.offer_uri}#undo`), actor: row.actor, to, object: offerOf(row) })
    : new Delete({
        id: new URL(`${row.note_uri}#delete`),
        actor: row.actor,
        to,
        object: new Tombstone({ id: new URL(row.note_uri), formerType: Note, deleted: Temporal.Now.instant() }),
      });
  await ctx.sendActivity(sender, asRecipient(row.group), activity);
}

/**
 * News for an accepted volunteer elsewhere (a need changed or cancelled, the
 * day-before reminder): a direct Note replying to their own message, so that it
 * is threaded with their application and Mastodon's filter lets it through.
 */
export async function tellVolunteer(
  ctx: Context<ContextData>,
  orgHandle: string,
  application: Application,
  applicant: RemoteActor,
  text: string,
  /** An address in the text, made a link. */
  link?: string,
  /** The Note's id, when the caller chose it first (the question whose reply is an answer). */
  id: URL = new URL(`/messages/${newId()}`, ctx.canonicalOrigin),
) {
  const actor = ctx.getActorUri(orgHandle);
  const m = mention(applicant);
  const words = link ? escapeHtml(text).replace(escapeHtml(link), `<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>`) : escapeHtml(text);
  const note = new Note({
    id,
    attribution: actor,
    to: new URL(applicant.uri),
    replyTarget: application.objectUri ? new URL(application.objectUri) : null,
    content: `<p>${m.html} ${words}</p>`,
    tags: [m.tag],
    published: Temporal.Now.instant(),
  });
  await ctx.sendActivity(
    { identifier: orgHandle },
    asRecipient(applicant),
    new Create({ id: new URL(`${note.id!.href}#create`), actor, to: note.toId, object: note }),
  );
}

/**
 * The one question to a remote volunteer who took part: a direct Note threaded on their
 * application, whose reply with a digit 1 to 5 is their answer (federation/inbox/surveys.ts).
 * Its id is kept first, so that the same event given again asks nobody twice.
 */
export async function askVolunteer(ctx: Context<ContextData>, orgHandle: string, application: Application, applicant: RemoteActor, title: string) {
  const survey = await findSurvey(ctx.data.db, application.id);
  if (!survey || survey.noteUri || survey.answered) return;
  const id = new URL(`/messages/${newId()}`, ctx.canonicalOrigin);
  await recordSurveyNote(ctx.data.db, application.id, id.href);
  const text = translator(replyLanguage(application.language))("reply.survey", { title });
  await tellVolunteer(ctx, orgHandle, application, applicant, text, undefined, id);
}
