// A need on the wire: a `Note` everyone can read (Mastodon shows Notes in
// full) linking a FEP-0837 `Proposal` for software that understands it.
// Built from a PublishedNeed only: private fields cannot leak from here.
import type { Context } from "@fedify/fedify";
import { pictureToImage } from "./picture.ts";
import {
  Hashtag,
  Intent,
  LanguageString,
  Link,
  Measure,
  Note,
  Place,
  PropertyValue,
  Proposal,
  Tombstone,
} from "@fedify/vocab";
import { parseDecimal } from "@fedify/vocab-runtime";
import { Temporal } from "@js-temporal/polyfill";
import { closedReason, type PublishedNeed, volunteerNumbers } from "../../src/domain/needs/model.ts";
import { closedText, volunteerCount } from "../../web/i18n/need-words.ts";
import { domainBySlug, domainUri } from "../../src/domain/vocabulary/domains.ts";
import type { ContextData } from "../context.ts";
import { addressFields } from "./audience.ts";
import { formatSchedule, needHashtags, needNoteHtml } from "../../src/domain/needs/note-content.ts";

export const PROPOSAL_REL = "https://w3id.org/valueflows/ont/vf#Proposal";

export function needUri(ctx: Context<ContextData>, id: string): URL {
  return ctx.getObjectUri(Note, { id });
}

export function proposalUri(ctx: Context<ContextData>, id: string): URL {
  return ctx.getObjectUri(Proposal, { id });
}

export function tagUrl(ctx: Context<ContextData>, tag: string): URL {
  return new URL(`/tags/${encodeURIComponent(tag.toLowerCase())}`, ctx.canonicalOrigin);
}

/** to/cc of a need's objects: the access policy's audience (Public or not, always the group's followers). */
function addressing(ctx: Context<ContextData>, need: PublishedNeed) {
  return addressFields(ctx, need.organization.handle, need.visibility);
}

const instant = (iso: string | null | undefined) => (iso ? Temporal.Instant.from(new Date(iso).toISOString()) : null);

function times(need: PublishedNeed) {
  const s = need.schedule;
  if (s.kind === "date") return { startTime: instant(s.start), endTime: instant(s.end) };
  if (s.kind === "range") return { startTime: instant(`${s.start}T00:00:00Z`), endTime: instant(`${s.end}T23:59:59Z`) };
  if (s.kind === "recurring") return { startTime: instant(s.start), endTime: null };
  return { startTime: null, endTime: null };
}

export function needToNote(ctx: Context<ContextData>, need: PublishedNeed): Note {
  const id = needUri(ctx, need.id);
  const lang = need.language === "en" ? "en" : "fr";
  const handle = `@${need.organization.handle}@${ctx.host}`;
  // The count and why it is closed in the words of its page and the API (web/i18n/need-words.ts).
  const count = volunteerCount(lang, volunteerNumbers(need));
  const reason = closedReason(need);
  const deadline = need.deadline ? formatSchedule({ kind: "range", start: need.deadline, end: need.deadline }, lang) : undefined;
  const closed = reason ? closedText(lang, reason, deadline) : null;
  const content = needNoteHtml(need, { url: id, lang, tagUrl: (t) => tagUrl(ctx, t), handle, count, closed });
  const { startTime, endTime } = times(need);
  const place =
    need.place.mode === "remote"
      ? null
      : new Place({
          name: need.place.label,
          latitude: need.place.latitude,
          longitude: need.place.longitude,
          radius: need.place.latitude === null ? null : need.place.radiusKm,
          units: need.place.latitude === null ? null : "km",
        });
  const domainLabels = need.domains.map((slug) => domainBySlug(slug)?.label[lang] ?? slug);
  return new Note({
    id,
    attribution: ctx.getActorUri(need.organization.handle),
    audience: ctx.getActorUri(need.organization.handle),
    ...addressing(ctx, need),
    name: need.title,
    // `content` for everyone, `contentMap` with its language for those who read it.
    contents: [content, new LanguageString(content, lang)],
    url: id,
    published: instant(need.published),
    updated: instant(need.updated),
    startTime,
    endTime,
    location: place,
    tags: needHashtags(need).map((tag) => new Hashtag({ name: `#${tag}`, href: tagUrl(ctx, tag) })),
    attachments: [
      new PropertyValue({ name: lang === "fr" ? "Domaines" : "Domains", value: domainLabels.join(", ") }),
      new PropertyValue({
        name: lang === "fr" ? "Places" : "Places",
        value: count,
      }),
      new PropertyValue({
        name: lang === "fr" ? "Format" : "Format",
        value: { on_site: lang === "fr" ? "sur place" : "on site", remote: lang === "fr" ? "à distance" : "remote", both: lang === "fr" ? "sur place ou à distance" : "on site or remote" }[need.place.mode],
      }),
      new Link({ rel: PROPOSAL_REL, href: proposalUri(ctx, need.id), mediaType: "application/activity+json" }),
      // Its picture, as Mastodon shows a post's media: an Image with its type, size and alt text (`name`).
      ...(need.image ? [pictureToImage(ctx, need.image)] : []),
    ],
  });
}

export function needToProposal(ctx: Context<ContextData>, need: PublishedNeed): Proposal {
  const id = proposalUri(ctx, need.id);
  const { startTime, endTime } = times(need);
  return new Proposal({
    id,
    attribution: ctx.getActorUri(need.organization.handle),
    ...addressing(ctx, need),
    name: need.title,
    content: need.descriptionHtml,
    url: needUri(ctx, need.id),
    published: instant(need.published),
    updated: instant(need.updated),
    startTime,
    endTime,
    purpose: "request",
    // Volunteering is a gift: no reciprocal intent.
    publishes: new Intent({
      id: new URL(`${id.href}#intent`),
      action: "deliverService",
      resourceConformsTo: need.domains[0] ? domainUri(ctx.canonicalOrigin, need.domains[0]) : null,
      resourceQuantity: new Measure({ unit: "one", numericalValue: parseDecimal(String(need.volunteersWanted)) }),
      availableQuantity: new Measure({ unit: "one", numericalValue: parseDecimal(String(need.placesLeft)) }),
    }),
  });
}

export function needTombstone(ctx: Context<ContextData>, id: string, deleted: string): Tombstone {
  return new Tombstone({ id: needUri(ctx, id), formerType: Note, deleted: instant(deleted) });
}
