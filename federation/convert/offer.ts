// An offer on the wire: a Note from its author (a citizen's Person or an
// organisation's Group) that Mastodon shows in full, linking a FEP-0837
// Proposal with purpose "offer".
import type { Context } from "@fedify/fedify";
import { Hashtag, Intent, LanguageString, Link, Note, Proposal, Tombstone } from "@fedify/vocab";
import { Temporal } from "@js-temporal/polyfill";
import type { Offer } from "../../src/domain/offers/offers.ts";
import { domainBySlug, domainUri } from "../../src/domain/vocabulary/domains.ts";
import type { ContextData } from "../context.ts";
import { addressFields } from "./audience.ts";
import { PROPOSAL_REL, tagUrl } from "./need.ts";

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const instant = (iso: string | null) => (iso ? Temporal.Instant.from(iso) : null);

export const offerUri = (ctx: Context<ContextData>, id: string) => new URL(`/offers/${id}`, ctx.canonicalOrigin);
export const offerProposalUri = (ctx: Context<ContextData>, id: string) => new URL(`/offers/${id}/proposal`, ctx.canonicalOrigin);

/** to/cc of an offer's objects: the access policy's audience. */
function addressing(ctx: Context<ContextData>, offer: Offer) {
  return addressFields(ctx, offer.author.handle, offer.visibility);
}

function hashtags(offer: Offer): string[] {
  return ["entraide", ...offer.domains.map((d) => domainBySlug(d)?.hashtag).filter((t): t is string => Boolean(t))];
}

export function offerContent(ctx: Context<ContextData>, offer: Offer): string {
  const id = offerUri(ctx, offer.id).href;
  const where = offer.place.mode === "remote" ? "À distance" : escapeHtml(offer.place.label);
  const address = `@${offer.author.handle}@${ctx.host}`;
  const tags = hashtags(offer)
    .map((t) => `<a href="${tagUrl(ctx, t).href}" class="mention hashtag" rel="tag">#<span>${t}</span></a>`)
    .join(" ");
  return [
    `<p><strong>🤝 ${escapeHtml(offer.title)}</strong></p>`,
    `<p>🗓 ${escapeHtml(offer.availability)} · 📍 ${where}</p>`,
    offer.descriptionHtml,
    offer.status === "open"
      ? `<p>✋ Pour en profiter : écrivez en privé à ${escapeHtml(address)}.</p>`
      : "<p>Cette offre n'est plus disponible.</p>",
    `<p><a href="${id}">${id}</a></p>`,
    `<p>${tags}</p>`,
  ].join("");
}

export function offerToNote(ctx: Context<ContextData>, offer: Offer): Note {
  const content = offerContent(ctx, offer);
  return new Note({
    id: offerUri(ctx, offer.id),
    attribution: ctx.getActorUri(offer.author.handle),
    ...addressing(ctx, offer),
    name: offer.title,
    contents: [content, new LanguageString(content, "fr")],
    url: offerUri(ctx, offer.id),
    published: instant(offer.published),
    updated: instant(offer.updated),
    tags: hashtags(offer).map((t) => new Hashtag({ name: `#${t}`, href: tagUrl(ctx, t) })),
    attachments: [new Link({ rel: PROPOSAL_REL, href: offerProposalUri(ctx, offer.id), mediaType: "application/activity+json" })],
  });
}

export function offerToProposal(ctx: Context<ContextData>, offer: Offer): Proposal {
  const id = offerProposalUri(ctx, offer.id);
  return new Proposal({
    id,
    attribution: ctx.getActorUri(offer.author.handle),
    ...addressing(ctx, offer),
    name: offer.title,
    content: offer.descriptionHtml,
    url: offerUri(ctx, offer.id),
    published: instant(offer.published),
    purpose: "offer",
    publishes: new Intent({
      id: new URL(`${id.href}#intent`),
      action: "deliverService",
      resourceConformsTo: offer.domains[0] ? domainUri(ctx.canonicalOrigin, offer.domains[0]) : null,
    }),
  });
}

export function offerTombstone(ctx: Context<ContextData>, id: string): Tombstone {
  return new Tombstone({ id: offerUri(ctx, id), deleted: Temporal.Now.instant() });
}
