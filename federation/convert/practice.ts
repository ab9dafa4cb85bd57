// A good-practice sheet on the wire: an `Article` by the organisation's Group.
// Mastodon shows an Article as its `name`, its `summary` and a link (`url`); the
// `content` holds the whole sheet in the HTML Mastodon keeps. For Entraide peers,
// the document served at the Article's id also carries the sheet's indicators,
// its needs (what "try it too" copies) and where it was tried, in the `entraide:`
// extension (ENTRAIDE_NS): Fedify's vocabulary serialises only the terms it
// knows when it signs an activity, so the extension lives in the served document
// and peers read it there, from the sheet's own origin (decision 0020).
// A try of someone's sheet is a `Note` replying to its Article (`inReplyTo`),
// whose served document carries the try's figures in the same extension.
import type { Context } from "@fedify/fedify";
import { Article, Hashtag, LanguageString, Note, PropertyValue, PUBLIC_COLLECTION, Tombstone } from "@fedify/vocab";
import { Temporal } from "@js-temporal/polyfill";
import type { Indicators, NeedTemplate, TryReport } from "../../src/domain/practices/model.ts";
import type { PublishedPractice } from "../../src/domain/practices/published.ts";
import { domainBySlug } from "../../src/domain/vocabulary/domains.ts";
import { type Lang, translator } from "../../web/i18n/index.ts";
import { indicatorsText } from "../../web/i18n/practice-words.ts";
import type { ContextData } from "../context.ts";
import { withDocument } from "../documents.ts";
import { tagUrl } from "./need.ts";

/** The namespace of Entraide's own terms (an IRI only: nothing is ever fetched from it). */
export const ENTRAIDE_NS = "https://w3id.org/entraide/ns#";
const PRACTICE_HASHTAG = "BonnesPratiques";

export function practiceUri(ctx: Context<ContextData>, id: string): URL {
  return ctx.getObjectUri(Article, { id });
}

/** A try made here: served beside the pages (Fedify routes Notes at /needs/{id}, which are needs). */
export function tryUri(ctx: Context<ContextData>, id: string): URL {
  return new URL(`/practice-tries/${id}`, ctx.canonicalOrigin);
}

const instant = (iso: string | null | undefined) => (iso ? Temporal.Instant.from(new Date(iso).toISOString()) : null);
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const langOf = (language: string | null | undefined): Lang => (language === "en" ? "en" : "fr");

function hashtags(domains: string[]): string[] {
  const tags = ["benevolat", PRACTICE_HASHTAG];
  for (const slug of domains) {
    const tag = domainBySlug(slug)?.hashtag;
    if (tag && !tags.some((t) => t.toLowerCase() === tag.toLowerCase())) tags.push(tag);
  }
  return tags;
}

/** The whole sheet in the tags Mastodon's sanitiser keeps (p, br, strong, a, ul, li…). */
export function practiceHtml(ctx: Context<ContextData>, view: PublishedPractice): string {
  const { practice: p, html } = view;
  const t = translator(langOf(p.language));
  const url = practiceUri(ctx, p.id).href;
  const section = (title: string, body: string) => (body.trim() ? `<p><strong>${esc(title)}</strong></p>${body}` : "");
  let out = `<p><strong>${esc(p.title)}</strong></p>`;
  if (p.summary) out += `<p>${esc(p.summary)}</p>`;
  out += section(t("practice.context"), html.context);
  out += section(t("practice.actions"), html.actions);
  out += section(t("practice.motivation"), html.motivation);
  out += section(t("practice.results"), `<p>${esc(indicatorsText(t, view.indicators))}</p>`);
  out += section(t("practice.watchOut"), html.watchOut);
  if (view.tries.length) {
    const items = view.tries.map((r) => `<li>${esc(tryLine(t, r))}</li>`).join("");
    out += section(t("practice.tries"), `<ul>${items}</ul>`);
  }
  if (p.contact) out += section(t("practice.contact"), `<p>${esc(p.contact)}</p>`);
  out += `<p><a href="${esc(url)}">${esc(url)}</a></p>`;
  out += `<p>${hashtags(p.domains)
    .map((tag) => `<a href="${esc(tagUrl(ctx, tag).href)}" class="mention hashtag" rel="tag">#<span>${esc(tag)}</span></a>`)
    .join(" ")}</p>`;
  return out;
}

export function tryLine(t: ReturnType<typeof translator>, r: TryReport): string {
  const line = t("practice.tryLine", { organization: r.organization, town: r.town, date: r.date.slice(0, 10), needs: r.needs });
  return `${line} — ${r.indicators ? t("practice.tryResults", { indicators: indicatorsText(t, r.indicators) }) : t("practice.tryPending")}`;
}

export function practiceToArticle(ctx: Context<ContextData>, view: PublishedPractice): Article {
  const p = view.practice;
  const lang = langOf(p.language);
  const id = practiceUri(ctx, p.id);
  const content = practiceHtml(ctx, view);
  const t = translator(lang);
  return new Article({
    id,
    attribution: ctx.getActorUri(p.organization.handle),
    audience: ctx.getActorUri(p.organization.handle),
    to: PUBLIC_COLLECTION,
    cc: ctx.getFollowersUri(p.organization.handle),
    name: p.title,
    summary: p.summary || null,
    contents: [content, new LanguageString(content, lang)],
    url: id,
    published: instant(p.created),
    updated: instant(p.updated),
    tags: hashtags(p.domains).map((tag) => new Hashtag({ name: `#${tag}`, href: tagUrl(ctx, tag) })),
    attachments: [
      new PropertyValue({ name: t("practices.domain"), value: p.domains.map((s) => domainBySlug(s)?.label[lang] ?? s).join(", ") }),
      new PropertyValue({ name: t("practice.results"), value: indicatorsText(t, view.indicators) }),
    ],
  });
}

const indicatorsLd = (i: Indicators) => ({
  type: "entraide:Indicators",
  "entraide:needs": i.needs,
  "entraide:needsDone": i.needsDone,
  "entraide:volunteersWanted": i.volunteersWanted,
  "entraide:volunteersAccepted": i.volunteersAccepted,
  ...(i.fillRate !== null && { "entraide:fillRate": i.fillRate }),
  "entraide:volunteerHours": i.volunteerHours,
  // 1 to 4 people helped are not published: the term is left out.
  ...(i.peopleHelped !== null && { "entraide:peopleHelped": i.peopleHelped }),
});

const templateLd = (n: NeedTemplate) => ({
  type: "entraide:NeedTemplate",
  "entraide:title": n.title,
  "entraide:description": n.description,
  "entraide:domain": n.domains,
  "entraide:scheduleKind": n.scheduleKind,
  "entraide:volunteersWanted": n.volunteersWanted,
});

const tryLd = (r: TryReport) => ({
  type: "entraide:TryReport",
  "entraide:organization": r.organization,
  "entraide:town": r.town,
  "entraide:date": r.date,
  "entraide:needs": r.needs,
  ...(r.indicators && { "entraide:indicators": indicatorsLd(r.indicators) }),
});

/** Adds the `entraide:` terms to a compacted document, with the prefix in its @context. */
function extend(document: unknown, terms: Record<string, unknown>): Record<string, unknown> {
  const doc = { ...(document as Record<string, unknown>) };
  const context = doc["@context"];
  doc["@context"] = [...(Array.isArray(context) ? context : context ? [context] : []), { entraide: ENTRAIDE_NS }];
  return { ...doc, ...terms };
}

/** The Article as served at its id: Fedify's document with the extension, for Entraide peers. */
export async function practiceArticleServed(ctx: Context<ContextData>, view: PublishedPractice): Promise<Article> {
  const article = practiceToArticle(ctx, view);
  const document = extend(await article.toJsonLd({ format: "compact", contextLoader: ctx.contextLoader }), {
    "entraide:indicators": indicatorsLd(view.indicators),
    "entraide:needTemplate": view.templates.map(templateLd),
    "entraide:tried": view.tries.map(tryLd),
  });
  return withDocument(article, document);
}

export function practiceTombstone(ctx: Context<ContextData>, id: string, deleted: string): Tombstone {
  return new Tombstone({ id: practiceUri(ctx, id), formerType: Article, deleted: instant(deleted) });
}

export interface TryView {
  id: string;
  organization: { handle: string; name: string };
  town: string;
  practiceUri: URL;
  /** The sheet's author, to whom the try is addressed. */
  author: URL;
  title: string;
  language: string;
  created: string;
  updated: string;
  needs: number;
  indicators: Indicators | null;
}

/** A try as a reply to the sheet: to its author, public, in words for any reader. */
export function tryToNote(ctx: Context<ContextData>, view: TryView): Note {
  const lang = langOf(view.language);
  const t = translator(lang);
  const vars = { organization: view.organization.name, town: view.town, title: view.title, needs: view.needs };
  const text = view.indicators
    ? t("practice.note.results", { ...vars, indicators: indicatorsText(t, view.indicators) })
    : t("practice.note.tried", vars);
  const content = `<p>${esc(text)}</p>`;
  return new Note({
    id: tryUri(ctx, view.id),
    attribution: ctx.getActorUri(view.organization.handle),
    to: view.author,
    ccs: [PUBLIC_COLLECTION, ctx.getFollowersUri(view.organization.handle)],
    replyTarget: view.practiceUri,
    contents: [content, new LanguageString(content, lang)],
    published: instant(view.created),
    updated: instant(view.updated),
  });
}

export async function tryNoteServed(ctx: Context<ContextData>, view: TryView): Promise<Note> {
  const note = tryToNote(ctx, view);
  const document = extend(await note.toJsonLd({ format: "compact", contextLoader: ctx.contextLoader }), {
    "entraide:tries": { id: view.practiceUri.href },
    "entraide:organization": view.organization.name,
    "entraide:town": view.town,
    "entraide:needs": view.needs,
    ...(view.indicators && { "entraide:indicators": indicatorsLd(view.indicators) }),
  });
  return withDocument(note, document);
}
