// What our citizens receive: needs from the remote organisations they follow,
// the answers to their applications (Accept/Reject of their Offer, a direct
// message), and the edits and deletions of those needs.
import type { InboxContext } from "@fedify/fedify";
import {
  type Activity,
  Create,
  Hashtag,
  isActor,
  LanguageString,
  Link,
  type Note,
  Place,
  PropertyValue,
  Proposal,
  PUBLIC_COLLECTION,
} from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { now } from "../../src/db/time.ts";
import { INSTANCE_HANDLE } from "../../src/domain/actors/actors.ts";
import { commitWithEvents } from "../../src/domain/events.ts";
import { newId } from "../../src/domain/ids.ts";
import { htmlToText, sanitizeRemoteHtml } from "../../src/domain/text/markdown.ts";
import { deleteRemoteNeed, findRemoteNeed, remoteNeedOwner, storeRemoteNeed } from "../../src/domain/remote-needs/repository.ts";
import { admit, mayStore } from "../../src/domain/remote-needs/visibility.ts";
import { DOMAINS } from "../../src/domain/vocabulary/domains.ts";
import type { ContextData } from "../context.ts";
import { PROPOSAL_REL } from "../convert/need.ts";
import { localFollowersOf } from "../followers.ts";
import { instanceFollowsOrigin, reannounce } from "../instance.ts";
import { findRemoteActor, rememberActor } from "../remote-actors.ts";
import { fetchNoteFromOrigin, foreignId, fromSenderOrigin } from "./origin.ts";

const log = getLogger(["entraide", "federation", "inbox", "remote-needs"]);
const BY_HASHTAG = new Map(DOMAINS.map((d) => [d.hashtag.toLowerCase(), d.slug]));

/** Local users a note is addressed to (to/cc naming our actors). */
export async function localRecipients(ctx: InboxContext<ContextData>, note: Note): Promise<string[]> {
  const handles = [...note.toIds, ...note.ccIds]
    .map((uri) => ctx.parseUri(uri))
    .flatMap((p) => (p?.type === "actor" ? [p.identifier] : []));
  if (handles.length === 0) return [];
  const rows = await ctx.data.db
    .selectFrom("actors")
    .innerJoin("users", "users.id", "actors.id")
    .select("users.id")
    .where("actors.handle", "in", handles)
    .execute();
  return rows.map((r) => r.id);
}

/** A direct message to local users (a coordinator answering a citizen). Returns false if for nobody here. */
export async function onDirectMessage(ctx: InboxContext<ContextData>, create: Activity, note: Note): Promise<boolean> {
  if (!note.id || !create.actorId) return false;
  const users = await localRecipients(ctx, note);
  if (users.length === 0) return false;
  // Its id is the key a message is kept under: no one may take another server's.
  if (foreignId("Message", note.id, create.actorId)) return true;
  const sender = await findRemoteActor(ctx.data.db, create.actorId.href);
  if (!sender) {
    log.info("Message {id} from {actor}, who is unknown here: dropped", { id: note.id.href, actor: create.actorId.href });
    return true;
  }
  const html = sanitizeRemoteHtml(note.content?.toString() ?? "").slice(0, 20_000);
  for (const userId of users) {
    const messageId = newId();
    await commitWithEvents(ctx.data.db, ctx.data.events, async (trx) => {
      const inserted = await trx
        .insertInto("messages")
        .values({
          id: messageId,
          uri: users.length === 1 ? note.id!.href : `${note.id!.href}#${userId}`,
          user_id: userId,
          sender_id: sender.id,
          in_reply_to: note.replyTargetId?.href ?? null,
          content_html: html,
          created: now(),
        })
        .onConflict((oc) => oc.column("uri").doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) {
        await ctx.data.events.emit(trx, { type: "message.received", messageId, userId, senderId: sender.id });
      }
    });
  }
  log.info("Message {id} from {actor} for {count} local user(s)", { id: note.id.href, actor: sender.uri, count: users.length });
  return true;
}

/**
 * A need from a remote organisation that a local user follows, or from a
 * server our instance follows (directly, through a relay, or announced by a
 * federation of towns). Returns false when nobody here asked for it.
 * Only needs are kept: Notes linking a FEP-0837 Proposal whose purpose is a request.
 */
export async function onFollowedPost(
  ctx: InboxContext<ContextData>,
  activity: Activity,
  received: Note,
  announcedBy?: string,
): Promise<boolean> {
  if (!received.id || !activity.actorId) return false;
  const noteId = received.id; // a copy fetched from the origin has this same id
  let note = received;
  // Someone else's note, embedded or pointed to (an Announce, a forged Create): only the copy
  // its own origin serves is taken, and then it came through its sender, as an Announce does.
  if (!fromSenderOrigin(received, activity.actorId)) {
    if (!(await anyoneInterested(ctx, activity.actorId.href, received.attributionId?.href))) return false;
    const fetched = await fetchNoteFromOrigin(ctx, received.id);
    if (!fetched) return true;
    note = fetched;
    announcedBy ??= activity.actorId.href;
  }
  const authorUri = announcedBy ? note.attributionId?.href : activity.actorId.href;
  if (!authorUri) return false;
  if (!(await mayStore(ctx.data.policy, { uri: noteId.href, author: { uri: authorUri } }))) return true;
  const found = await interest(ctx, authorUri, announcedBy);
  const { followers, viaInstance } = found;
  let author = found.author;
  if (followers.length === 0 && !viaInstance) return false;
  if (!announcedBy && note.attributionId && note.attributionId.href !== authorUri) return true;
  if (!author) {
    const fetched = await note.getAttribution(ctx).catch(() => null);
    if (!isActor(fetched)) return true;
    author = await rememberActor(ctx.data.db, fetched);
  }
  const isPublic = [...note.toIds, ...note.ccIds].some((u) => u.href === PUBLIC_COLLECTION.href);
  const content = sanitizeRemoteHtml(note.content?.toString() ?? "").slice(0, 50_000);
  const title = (note.name?.toString() ?? htmlToText(content).split("\n")[0] ?? "").trim().slice(0, 200);
  if (!title) return true;

  const tags = await Array.fromAsync(note.getTags(ctx)).catch(() => []);
  const domains = [
    ...new Set(
      tags.flatMap((t) => (t instanceof Hashtag ? [BY_HASHTAG.get(t.name?.toString().replace(/^#/, "").toLowerCase() ?? "")] : [])),
    ),
  ].filter((d): d is string => Boolean(d));
  const location = await note.getLocation(ctx).catch(() => null);
  const place = location instanceof Place ? location : null;
  const proposalLink = (await Array.fromAsync(note.getAttachments(ctx)).catch(() => [])).find(
    (a) => a instanceof Link && a.rels.includes(PROPOSAL_REL),
  ) as Link | undefined;
  if (!proposalLink?.href) {
    log.debug("{id} from {actor} is not a need (no Proposal): not stored", { id: noteId.href, actor: author.uri });
    return true;
  }
  // Its numbers and purpose are its author's word too: from its own origin only.
  if (proposalLink.href.origin !== noteId.origin) {
    log.info("{id} links a Proposal on another origin ({href}): not stored", { id: noteId.href, href: proposalLink.href.href });
    return true;
  }
  // Followers-only needs are fetched as one of their followers, with a signed request.
  const follower = followers[0]
    ? await ctx.data.db.selectFrom("actors").select("handle").where("id", "=", followers[0].actor_id).executeTakeFirst()
    : { handle: INSTANCE_HANDLE };
  const quantities = await proposalQuantities(ctx, proposalLink.href, note, follower?.handle);
  if (quantities.purpose !== "request") {
    log.debug("{id} from {actor} proposes {purpose}, not a need: not stored", { id: noteId.href, actor: author.uri, purpose: quantities.purpose ?? "nothing readable" });
    return true;
  }

  const row = {
    url: note.url instanceof URL ? note.url.href : (note.url?.href?.href ?? noteId.href),
    title,
    content_html: content,
    language: note.contents.find((c): c is LanguageString => c instanceof LanguageString)?.locale.language ?? null,
    domains: JSON.stringify(domains),
    starts: note.startTime?.toString() ?? null,
    ends: note.endTime?.toString() ?? null,
    place_label: place?.name?.toString() ?? null,
    latitude: place?.latitude ?? null,
    longitude: place?.longitude ?? null,
    radius_km: place?.radius ?? null,
    volunteers_wanted: quantities.wanted,
    places_left: quantities.left,
    proposal_uri: proposalLink.href.href,
    audience: isPublic ? ("public" as const) : ("followers" as const),
    intent_uri: quantities.intent,
    published: note.published?.toString() ?? null,
  };
  // An update never changes whose need it is: the owner is set once, by the first copy stored.
  const owner = await remoteNeedOwner(ctx.data.db, noteId.href);
  if (owner && owner !== author.id) {
    log.info("{id} from {actor} is stored as another actor's need: refused", { id: noteId.href, actor: author.uri });
    return true;
  }
  const admitted = await admit(ctx.data.policy, { uri: noteId.href, author, ...row });
  if (!admitted) return true;
  await commitWithEvents(ctx.data.db, ctx.data.events, async (trx) => {
    const kept = await storeRemoteNeed(trx, admitted);
    // A new public need: alerts may want it (they mail each user about a need once, however often it comes).
    if (isPublic && (activity instanceof Create || announcedBy)) {
      if (kept) await ctx.data.events.emit(trx, { type: "remote-need.received", remoteNeedId: kept });
    }
  });
  log.info("Stored {id} from {actor}{via}", {
    id: noteId.href,
    actor: author.uri,
    via: announcedBy ? ` (announced by ${announcedBy})` : "",
  });
  // A federation of towns re-publishes what its members (the instances it follows) publish.
  if (!announcedBy && viaInstance && isPublic && activity instanceof Create) await reannounce(ctx, note);
  return true;
}

/** Who here asked for what an actor publishes: local users following it, or our instance following its server (or the one that brought it). */
async function interest(ctx: InboxContext<ContextData>, authorUri: string, broughtBy?: string) {
  const author = await findRemoteActor(ctx.data.db, authorUri);
  const followers = author ? (await localFollowersOf(ctx.data.db, author.id)).filter((f) => f.accepted) : [];
  const viaInstance = await instanceFollowsOrigin(ctx, broughtBy ?? authorUri);
  return { author, followers, viaInstance };
}

/** Before fetching someone else's note: whether anyone here follows its sender or the author it claims. */
async function anyoneInterested(ctx: InboxContext<ContextData>, senderUri: string, claimedAuthor: string | undefined) {
  const sender = await interest(ctx, senderUri);
  if (sender.followers.length > 0 || sender.viaInstance) return true;
  if (!claimedAuthor) return false;
  return (await interest(ctx, claimedAuthor, senderUri)).followers.length > 0;
}

/** Volunteers wanted and places left: from the FEP-0837 Proposal when linked, else from the Note's "Places". */
async function proposalQuantities(ctx: InboxContext<ContextData>, href: URL | null, note: Note, as?: string) {
  if (href) {
    try {
      const documentLoader = as ? await ctx.getDocumentLoader({ identifier: as }) : ctx.documentLoader;
      const proposal = await Proposal.fromJsonLd((await documentLoader(href.href)).document, {
        documentLoader,
        contextLoader: ctx.contextLoader,
      });
      if (proposal instanceof Proposal) {
        const intent = proposal.publishes;
        const wanted = Number(intent?.resourceQuantity?.numericalValue);
        const left = Number(intent?.availableQuantity?.numericalValue);
        return {
          wanted: Number.isFinite(wanted) ? wanted : null,
          left: Number.isFinite(left) ? left : null,
          intent: intent?.id?.href ?? null,
          purpose: proposal.purpose,
        };
      }
    } catch (error) {
      log.debug("Could not fetch proposal {href}: {error}", { href: href.href, error });
    }
  }
  for (const attachment of await Array.fromAsync(note.getAttachments(ctx)).catch(() => [])) {
    const match = attachment instanceof PropertyValue ? /(\d+)\s*\/\s*(\d+)/.exec(attachment.value?.toString() ?? "") : null;
    if (match) return { wanted: Number(match[2]), left: Number(match[2]) - Number(match[1]), intent: null, purpose: null };
  }
  return { wanted: null, left: null, intent: null, purpose: null };
}

/** The remote organisation deleted a need we stored. */
export async function onRemoteDelete(ctx: InboxContext<ContextData>, objectId: URL, actorId: URL): Promise<boolean> {
  const author = await findRemoteActor(ctx.data.db, actorId.href);
  if (!author) return false;
  const deleted = await deleteRemoteNeed(ctx.data.db, objectId.href, author.id);
  if (deleted) log.info("Removed {id}, deleted by its author", { id: objectId.href });
  return deleted;
}

/** The answer to one of our citizens' Offers: only the organisation that received it may give it. */
export async function onOfferDecision(
  ctx: InboxContext<ContextData>,
  offerId: URL,
  actorId: URL | null,
  accepted: boolean,
  reason: string | null,
) {
  const offer = await ctx.data.db
    .selectFrom("outgoing_applications")
    .select(["id", "user_id", "remote_need_id", "status"])
    .where("offer_uri", "=", offerId.href)
    .executeTakeFirst();
  const need = offer ? await findRemoteNeed(ctx.data.db, offer.remote_need_id) : undefined;
  if (!offer || !need) return false;
  if (need.author.uri !== actorId?.href) {
    log.info("{actor} answered an offer made to {owner}: ignored", { actor: actorId?.href, owner: need.author.uri });
    return true;
  }
  // Withdrawn here first: the answer crossed our Undo on the way, and changes nothing.
  if (offer.status === "withdrawn") {
    log.info("Answer to offer {id}, withdrawn since: ignored", { id: offerId.href });
    return true;
  }
  const status = accepted ? "accepted" : "rejected";
  await commitWithEvents(ctx.data.db, ctx.data.events, async (trx) => {
    await trx.updateTable("outgoing_applications").set({ status, reason, updated: now() }).where("id", "=", offer.id).execute();
    await ctx.data.events.emit(trx, { type: "outgoing-application.answered", outgoingId: offer.id, userId: offer.user_id, status, reason });
  });
  return true;
}
