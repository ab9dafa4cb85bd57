// Feeds and calendars: RSS 2.0 (feed.xml) and Atom 1.0 (feed.atom) for the
// instance, each organisation and each domain; iCalendar for dated needs.
// What may go anywhere only: the access policy's OUTSIDER (feeds are copied
// by readers and aggregators), in its public view (toPublishedNeed). The
// public needs in the XML of the state's volunteering hub (API Engagement):
// /feeds/api-engagement.xml.
import { type Context, Hono } from "hono";
import { type CalendarItem, icsCalendar } from "../../../web/feeds/ics.ts";
import { apiEngagementFeed } from "../../../web/feeds/api-engagement.ts";
import { atomFeed } from "../../../web/feeds/atom.ts";
import { type FeedItem, rssFeed } from "../../../web/feeds/rss.ts";
import { mayRead, OUTSIDER } from "../../domain/access/policy.ts";
import { type Need, toPublishedNeed } from "../../domain/needs/model.ts";
import { formatSchedule } from "../../domain/needs/note-content.ts";
import { findNeed } from "../../domain/needs/repository.ts";
import { hubMissions } from "../../domain/open-data/hub.ts";
import { searchNeeds } from "../../domain/needs/search.ts";
import { findOrganization } from "../../domain/organizations/organizations.ts";
import { domainBySlug } from "../../domain/vocabulary/domains.ts";
import type { AppEnv } from "../env.ts";
import { viewerOf } from "../auth.ts";
import { frame } from "./frame.ts";

type C = Context<AppEnv>;

async function publicNeeds(c: C, filter: { organizationId?: string; domain?: string[] }) {
  const { db } = c.var.deps;
  // Feeds go everywhere: only what anyone anywhere may read.
  const page = await searchNeeds(db.kysely, db.dialect, { ...filter, viewer: OUTSIDER, status: ["open", "filled"], limit: 50 });
  return page.items;
}

/** The feed of `needs` as RSS (feed.xml) or Atom (feed.atom), by the path asked for. */
async function feed(c: C, title: string, link: string, needs: Need[]) {
  const f = await frame(c);
  const { publicUrl } = c.var.deps.config;
  const items: FeedItem[] = needs.map((need) => ({
    need: toPublishedNeed(need),
    url: new URL(`/needs/${need.id}`, publicUrl).href,
    when: formatSchedule(need.schedule, f.lang),
    categories: need.domains.map((d) => domainBySlug(d)?.label[f.lang] ?? d),
  }));
  const info = { title, link: new URL(link, publicUrl).href, self: new URL(c.req.path, publicUrl).href, description: title, lang: f.lang };
  if (c.req.path.endsWith(".atom")) {
    const body = atomFeed({ ...info, author: f.instanceName, fallbackUpdated: new Date().toISOString() }, items);
    return c.body(body, 200, { "Content-Type": "application/atom+xml; charset=utf-8" });
  }
  return c.body(rssFeed(info, items), 200, { "Content-Type": "application/rss+xml; charset=utf-8" });
}

function ics(c: C, needs: Need[], name: string) {
  const { publicUrl } = c.var.deps.config;
  const items: CalendarItem[] = needs.map((need) => ({
    need: toPublishedNeed(need),
    url: new URL(`/needs/${need.id}`, publicUrl).href,
    text: need.descriptionHtml.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim(),
  }));
  const body = icsCalendar(name, publicUrl.host, items, new Date().toISOString());
  return c.body(body, 200, { "Content-Type": "text/calendar; charset=utf-8" });
}

export const feeds = new Hono<AppEnv>()
  .on("GET", ["/feed.xml", "/feed.atom"], async (c) => {
    const f = await frame(c);
    return feed(c, f.t("feed.instance", { name: f.instanceName }), "/", await publicNeeds(c, {}));
  })
  .get("/feeds/api-engagement.xml", async (c) => {
    const { db, config } = c.var.deps;
    const missions = await hubMissions(db.kysely, config.publicUrl);
    const info = { publisher: (await c.var.deps.settings.get()).name, publisherUrl: config.publicUrl.href, built: new Date().toISOString() };
    return c.body(apiEngagementFeed(info, missions), 200, { "Content-Type": "application/xml; charset=utf-8" });
  })
  .get("/calendar.ics", async (c) => ics(c, await publicNeeds(c, {}), (await c.var.deps.settings.get()).name))
  .on("GET", ["/domains/:slug/feed.xml", "/domains/:slug/feed.atom"], async (c, next) => {
    const domain = domainBySlug(c.req.param("slug"));
    if (!domain) return next();
    const f = await frame(c);
    return feed(c, f.t("feed.domain", { name: domain.label[f.lang] }), `/domains/${domain.slug}`, await publicNeeds(c, { domain: [domain.slug] }));
  })
  .on("GET", ["/:at{@[^/]+}/feed.xml", "/:at{@[^/]+}/feed.atom"], async (c, next) => {
    const org = await findOrganization(c.var.deps.db.kysely, c.req.param("at").slice(1));
    if (!org) return next();
    const f = await frame(c);
    return feed(c, f.t("feed.org", { name: org.name }), `/@${org.handle}`, await publicNeeds(c, { organizationId: org.id }));
  })
  .get("/:at{@[^/]+}/calendar.ics", async (c, next) => {
    const org = await findOrganization(c.var.deps.db.kysely, c.req.param("at").slice(1));
    if (!org) return next();
    return ics(c, await publicNeeds(c, { organizationId: org.id }), org.name);
  })
  .get("/needs/:id/calendar.ics", async (c, next) => {
    // One need's calendar, downloaded from its page: for whoever may read the page.
    const need = await findNeed(c.var.deps.db.kysely, c.req.param("id"));
    if (!need || !mayRead(viewerOf(c), need) || need.schedule.kind === "flexible") return next();
    return ics(c, [need], need.title);
  });
