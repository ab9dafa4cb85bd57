// Atom 1.0 (RFC 4287) of public needs, beside the RSS feeds: same items, with
// the ids, update dates and authors Atom requires.
import type { FeedInfo, FeedItem } from "./rss.ts";
import { xml } from "./rss.ts";

export interface AtomInfo extends FeedInfo {
  /** Who publishes the feed when an entry names nobody: the instance. */
  author: string;
  /** When nothing is in the feed, its `updated` date. */
  fallbackUpdated: string;
}

export function atomFeed(info: AtomInfo, items: FeedItem[]): string {
  const times = items.map(({ need }) => Date.parse(need.updated));
  const updated = times.length > 0 ? new Date(Math.max(...times)).toISOString() : info.fallbackUpdated;
  const entries = items.map(({ need, url, when, categories }) => {
    const summary = `${when} · ${need.place.label}`;
    return [
      "<entry>",
      `<id>${xml(url)}</id>`,
      `<title>${xml(need.title)}</title>`,
      `<link rel="alternate" type="text/html" href="${xml(url)}"/>`,
      `<published>${xml(new Date(need.published ?? need.updated).toISOString())}</published>`,
      `<updated>${xml(new Date(need.updated).toISOString())}</updated>`,
      `<author><name>${xml(need.organization.name)}</name></author>`,
      ...categories.map((c) => `<category term="${xml(c)}"/>`),
      `<summary>${xml(summary)}</summary>`,
      `<content type="html">${xml(`<p>${xml(summary)}</p>${need.descriptionHtml}`)}</content>`,
      "</entry>",
    ].join("");
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xml(info.lang)}">`,
    `<id>${xml(info.self)}</id>`,
    `<title>${xml(info.title)}</title>`,
    `<subtitle>${xml(info.description)}</subtitle>`,
    `<updated>${xml(new Date(updated).toISOString())}</updated>`,
    `<author><name>${xml(info.author)}</name></author>`,
    `<link rel="self" type="application/atom+xml" href="${xml(info.self)}"/>`,
    `<link rel="alternate" type="text/html" href="${xml(info.link)}"/>`,
    "<generator>Entraide</generator>",
    ...entries,
    "</feed>",
  ].join("\n");
}
