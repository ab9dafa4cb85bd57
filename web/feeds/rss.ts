// RSS 2.0 of public needs: for feed readers, and for sharing without an account.
import type { PublishedNeed } from "../../src/domain/needs/model.ts";

export interface FeedInfo {
  title: string;
  /** The page the feed is about. */
  link: string;
  /** The feed's own address. */
  self: string;
  description: string;
  lang: string;
}

export interface FeedItem {
  need: PublishedNeed;
  url: string;
  /** The schedule in words, put first in the description. */
  when: string;
  categories: string[];
}

export const xml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");

export function rssFeed(info: FeedInfo, items: FeedItem[]): string {
  const entries = items.map(({ need, url, when, categories }) => {
    const date = new Date(need.published ?? need.updated).toUTCString();
    const description = `<p>${xml(when)} · ${xml(need.place.label)}</p>${need.descriptionHtml}`;
    return [
      "<item>",
      `<title>${xml(need.title)}</title>`,
      `<link>${xml(url)}</link>`,
      `<guid isPermaLink="true">${xml(url)}</guid>`,
      `<pubDate>${date}</pubDate>`,
      `<dc:creator>${xml(need.organization.name)}</dc:creator>`,
      ...categories.map((c) => `<category>${xml(c)}</category>`),
      `<description>${xml(description)}</description>`,
      "</item>",
    ].join("");
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    "<channel>",
    `<title>${xml(info.title)}</title>`,
    `<link>${xml(info.link)}</link>`,
    `<atom:link href="${xml(info.self)}" rel="self" type="application/rss+xml"/>`,
    `<description>${xml(info.description)}</description>`,
    `<language>${xml(info.lang)}</language>`,
    ...entries,
    "</channel>",
    "</rss>",
  ].join("\n");
}
