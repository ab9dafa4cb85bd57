// Public pages: home, search, a need, an organisation, domains, offers, About.
import { followsOrganization } from "../../domain/follows/follows.ts";
import { medianResponseHours } from "../../domain/organizations/response-time.ts";
import { Hono } from "hono";
import { AboutPage } from "../../../web/pages/about.tsx";
import { ActorPage } from "../../../web/pages/actor.tsx";
import { findErasedAccount } from "../../domain/privacy/erase.ts";
import { DomainPage, DomainsPage } from "../../../web/pages/domain.tsx";
import { HomePage } from "../../../web/pages/home.tsx";
import { MembersPage } from "../../../web/pages/members.tsx";
import { NeedPage, placeText } from "../../../web/pages/need.tsx";
import { NeedTeaserPage } from "../../../web/pages/need-teaser.tsx";
import { NotFound } from "../../../web/pages/not-found.tsx";
import { OfferPage, OffersPage } from "../../../web/pages/offer.tsx";
import { type SearchQuery, SearchPage } from "../../../web/pages/search.tsx";
import { mayApply, mayReadOffer, readNeed } from "../../domain/access/policy.ts";
import { listUsers } from "../../domain/accounts/profile.ts";
import { findActorByHandle } from "../../domain/actors/actors.ts";
import { DomainError } from "../../domain/errors.ts";
import { federatedHosts } from "../../domain/instance/about.ts";
import { memberDirectory } from "../../domain/instance/directory.ts";
import { applyWithAccount, myLiveApplicationStatus } from "../../domain/needs/applications.ts";
import { toPublishedNeed } from "../../domain/needs/model.ts";
import { formatSchedule } from "../../domain/needs/note-content.ts";
import { locatePlace } from "../../domain/needs/places.ts";
import { openNeedsByDomain } from "../../domain/needs/domain-counts.ts";
import { findNeed } from "../../domain/needs/repository.ts";
import { toNeedTeaser } from "../../domain/needs/teaser.ts";
import { occurrenceChoices } from "./occurrence-words.ts";
import { mapView, withMapTiles } from "./needs-map.ts";
import { type NeedSearch, searchNeeds } from "../../domain/needs/search.ts";
import { isDeletedNeed } from "../../domain/needs/service.ts";
import { findOffer, listOffers } from "../../domain/offers/offers.ts";
import { findOrganization } from "../../domain/organizations/organizations.ts";
import { renderMarkdown } from "../../domain/text/markdown.ts";
import { fileAddress } from "../../domain/pictures/model.ts";
import { DOMAINS, domainBySlug } from "../../domain/vocabulary/domains.ts";
import { viewerOf } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import { REMOTE_FORM_POLICY } from "../security-headers.ts";
import { needWords } from "./need-words.ts";
import { myVolunteerDetails } from "../../domain/volunteer-details/details.ts";
import { fieldError, formBody, formList, frame, openGraph, queryError, summary, switchLanguage, withDone } from "./frame.ts";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A day of the calendar (2026-13-45 and 2026-02-30 are not): searching from it cannot fail. */
function isCalendarDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const day = new Date(`${text}T00:00:00.000Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(text);
}
const NEAR = /^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$/;

export const publicPages = new Hono<AppEnv>()
  .get("/lang/:lang", switchLanguage)
  .get("/members", async (c) => {
    const members = await memberDirectory(c.var.deps.db.kysely, c.var.deps.policy, await c.var.deps.federation.listInstanceFollows());
    return c.html(<MembersPage {...await frame(c)} members={members} domains={DOMAINS} />);
  })
  .get("/", async (c) => {
    const f = await frame(c);
    const { db } = c.var.deps;
    const placeText = (c.req.query("place") ?? "").trim().slice(0, 100);
    const located = placeText ? await locatePlace(db.kysely, placeText) : undefined;
    const page = await searchNeeds(db.kysely, db.dialect, {
      viewer: viewerOf(c),
      limit: 12,
      ...(located ? { near: { ...located, radiusKm: 15 }, sort: "distance" as const } : {}),
    });
    const counts = await openNeedsByDomain(db.kysely, viewerOf(c));
    return c.html(
      <HomePage
        {...f}
        needs={page.items.map((n) => summary({ ...toPublishedNeed(n), distanceKm: n.distanceKm }, f))}
        domains={DOMAINS.map((d) => ({ ...d, open: counts.get(d.slug) ?? 0 }))}
        place={placeText ? { text: placeText, found: Boolean(located) } : undefined}
        og={openGraph(c, "/", f.t("home.intro"))}
      />,
    );
  })
  .get("/search", async (c) => {
    const f = await frame(c);
    const { db } = c.var.deps;
    const q = (name: string) => (c.req.query(name) ?? "").trim().slice(0, 200);
    const query: SearchQuery = {
      q: q("q"),
      domain: q("domain"),
      from: q("from"),
      to: q("to"),
      place: q("place"),
      near: q("near"),
      radius: q("radius") || "10",
      // `remote=1`: the name of this filter in links made before it was `distance=1`.
      atDistance: c.req.query("distance") === "1" || c.req.query("remote") === "1",
    };
    const asked = Object.entries(c.req.queries()).length > 0;
    const errors: Record<string, string> = {};
    if (query.from && !isCalendarDate(query.from)) errors.from = f.t("search.dateInvalid");
    if (query.to && !isCalendarDate(query.to)) errors.to = f.t("search.dateInvalid");
    let near: NeedSearch["near"];
    const radiusKm = Math.min(Math.max(Number(query.radius) || 10, 1), 500);
    const coordinates = NEAR.exec(query.near);
    if (query.near && !coordinates) errors.near = f.t("search.nearInvalid");
    else if (coordinates) near = { latitude: Number(coordinates[1]), longitude: Number(coordinates[2]), radiusKm };
    else if (query.place) {
      const found = await locatePlace(db.kysely, query.place);
      if (found) near = { ...found, radiusKm };
      else errors.place = f.t("search.unknownPlace", { place: query.place });
    }
    if (!asked || Object.keys(errors).length > 0) {
      return c.html(<SearchPage {...f} query={query} domains={DOMAINS} errors={errors} />, asked ? 422 : 200);
    }
    let page: Awaited<ReturnType<typeof searchNeeds>>;
    try {
      page = await searchNeeds(db.kysely, db.dialect, {
        viewer: viewerOf(c),
        q: query.q || undefined,
        domain: domainBySlug(query.domain) ? [query.domain] : undefined,
        from: query.from || undefined,
        to: query.to || undefined,
        near,
        sort: near ? "distance" : "date",
        cursor: c.req.query("cursor") || undefined,
        limit: 20,
        atDistance: query.atDistance,
      });
    } catch (error) {
      return c.html(<SearchPage {...f} query={query} domains={DOMAINS} errors={fieldError(error, f.t, "q")} />, 422);
    }
    const items = page.items;
    let next: string | undefined;
    if (page.nextCursor) {
      const params = new URLSearchParams(c.req.url.split("?")[1] ?? "");
      params.set("cursor", page.nextCursor);
      next = `/search?${params}`;
    }
    const results = items.map((n) => summary({ ...toPublishedNeed(n), distanceKm: n.distanceKm }, f));
    c.header("Content-Security-Policy", withMapTiles(c));
    return c.html(<SearchPage {...f} query={query} domains={DOMAINS} results={results} next={next} map={mapView(c, items.map(toPublishedNeed))} />);
  })
  .get("/needs/:id", async (c) => {
    const { db, config } = c.var.deps;
    const f = await frame(c);
    const id = c.req.param("id");
    const need = await findNeed(db.kysely, id);
    // The access policy: coordinators ("full") and whom the visibility admits ("published") see the
    // page; a visitor not signed in asking for a followers-only or local need gets its teaser.
    const reading = need ? readNeed(viewerOf(c), need) : "none";
    const visible = reading === "full" || reading === "published";
    const wantsActivity = /activity\+json|ld\+json/.test(c.req.header("Accept") ?? "");
    // A local-only need has no ActivityPub representation (Fedify answered nothing for it), nor a teaser.
    if (need && reading !== "none" && wantsActivity) return c.body(null, 404);
    if (need && reading === "teaser") {
      const teaser = toNeedTeaser(need);
      c.header("Content-Security-Policy", REMOTE_FORM_POLICY);
      return c.html(
        <NeedTeaserPage
          {...f}
          teaser={teaser}
          when={formatSchedule(teaser.schedule, f.lang)}
          domainLabels={teaser.domains.map((d) => domainBySlug(d)?.label[f.lang] ?? d)}
          place={placeText(teaser, f.t)}
          orgAddress={`@${teaser.organization.handle}@${config.publicUrl.host}`}
        />,
      );
    }
    if (!need || !visible) {
      const deleted = await isDeletedNeed(db.kysely, id);
      // The old id answers 410 with a Tombstone, built by the federation as ActivityPub asks.
      const tombstone = deleted ? await c.var.deps.federation.needTombstone(c.req.raw, id, deleted) : null;
      if (tombstone) return tombstone;
      if (deleted) return c.html(<NotFound {...f} message={f.t("need.deleted")} />, 410);
      return c.html(<NotFound {...f} message={f.t("need.notFound")} />, 404);
    }
    const publicNeed = toPublishedNeed(need);
    // Its "follow from my instance" form leads to the visitor's own server.
    c.header("Content-Security-Policy", REMOTE_FORM_POLICY);
    return c.html(
      <NeedPage
        {...f}
        need={publicNeed}
        when={formatSchedule(need.schedule, f.lang)}
        deadline={need.deadline ? formatSchedule({ kind: "range", start: need.deadline, end: need.deadline }, f.lang) : undefined}
        domainLabels={need.domains.map((d) => domainBySlug(d)?.label[f.lang] ?? d)}
        orgAddress={`@${need.organization.handle}@${config.publicUrl.host}`}
        canApply={Boolean(c.var.csrf) && mayApply(viewerOf(c), need)}
        {...needWords(publicNeed, f.lang)}
        volunteerDetails={await myVolunteerDetails(db.kysely, viewerOf(c), need)}
        myApplication={await myLiveApplicationStatus(db.kysely, viewerOf(c), need.id)}
        error={queryError(c.req.query("error"), f.t)}
        occurrences={occurrenceChoices(need, f.lang)}
        og={openGraph(c, `/needs/${need.id}`, `${formatSchedule(need.schedule, f.lang)} · ${need.place.label} · ${need.descriptionHtml}`, "article")}
      />,
    );
  })
  .post("/needs/:id/apply", async (c) => {
    const account = c.var.account;
    const id = c.req.param("id");
    if (!account) return c.redirect(`/login?next=/needs/${id}`, 303);
    const form = await formBody(c);
    try {
      await applyWithAccount(c.var.deps.db.kysely, c.var.deps.events, account, id, (form.message ?? "").slice(0, 5000), "web", viewerOf(c), {
        shareEmail: form.share_email === "yes",
        occurrences: await formList(c, "occurrences"),
      });
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind === "not_found") throw error;
      return c.redirect(`/needs/${id}?error=${error.code}`, 303);
    }
    return c.redirect(withDone(`/needs/${id}`, "applied"), 303);
  })
  .get("/remote-follow", async (c) => {
    // Sends the visitor to their own instance, which asks them to confirm the follow.
    const account = (c.req.query("account") ?? "").trim();
    const instance = (c.req.query("instance") ?? "").trim().replace(/^https?:\/\//, "").replace(/\/.*$/, "").replace(/^@?[^@]*@/, "");
    if (!/^[a-z0-9.-]+(:\d+)?$/i.test(instance) || !/^@?[^@\s]+@[^@\s]+$/.test(account)) {
      // Said on a page of its own: sent back to the form, the visitor would not know why.
      const f = await frame(c);
      return c.html(<NotFound {...f} heading={f.t("need.remoteFollowSubmit")} message={f.t("need.remoteFollowInvalid")} />, 422);
    }
    const uri = `acct:${account.replace(/^@/, "")}`;
    return c.redirect(`https://${instance}/authorize_interaction?uri=${encodeURIComponent(uri)}`, 303);
  })
  .get("/offers", async (c) => {
    const f = await frame(c);
    const offers = await listOffers(c.var.deps.db.kysely, { viewer: viewerOf(c), limit: 50 });
    return c.html(<OffersPage {...f} offers={offers} />);
  })
  .get("/offers/:id/proposal", async (c, next) => {
    const ap = await c.var.deps.federation.offerObject(c.req.raw, c.req.param("id"), true);
    return ap ?? next();
  })
  .get("/offers/:id", async (c) => {
    const { db, config } = c.var.deps;
    const id = c.req.param("id");
    const ap = await c.var.deps.federation.offerObject(c.req.raw, id, false);
    if (ap) return ap;
    const f = await frame(c);
    const offer = await findOffer(db.kysely, id);
    // An offer the viewer may not read (a followers-only or local one, for a visitor not signed in) is not shown.
    if (!offer || !mayReadOffer(viewerOf(c), offer)) {
      const gone = !offer && (await db.kysely.selectFrom("tombstones").select("deleted").where("uri", "=", `offer:${id}`).executeTakeFirst());
      return c.html(<NotFound {...f} message={f.t("offer.notFound")} />, gone ? 410 : 404);
    }
    return c.html(
      <OfferPage {...f} offer={offer} authorAddress={`@${offer.author.handle}@${config.publicUrl.host}`} og={openGraph(c, `/offers/${id}`, offer.descriptionHtml || offer.title, "article")} />,
    );
  })
  .get("/domains", async (c) => c.html(<DomainsPage {...await frame(c)} domains={DOMAINS} />))
  .get("/tags/:tag", (c) => {
    // Hashtags in our posts lead here: a domain's tag to the domain, the others to a search.
    const tag = c.req.param("tag").toLowerCase();
    const domain = DOMAINS.find((d) => d.hashtag.toLowerCase() === tag);
    return c.redirect(domain ? `/domains/${domain.slug}` : `/search?q=${encodeURIComponent(tag)}`, 302);
  })
  .get("/domains/:slug", async (c) => {
    const f = await frame(c);
    const domain = domainBySlug(c.req.param("slug"));
    if (!domain) return c.html(<NotFound {...f} message={f.t("domain.notFound")} />, 404);
    const { db } = c.var.deps;
    const page = await searchNeeds(db.kysely, db.dialect, { viewer: viewerOf(c), domain: [domain.slug], limit: 20 });
    return c.html(<DomainPage {...f} domain={domain} needs={page.items.map((n) => summary(toPublishedNeed(n), f))} />);
  })
  .get("/about", async (c) => {
    const f = await frame(c);
    const db = c.var.deps.db.kysely;
    const [admins, peers, settings] = await Promise.all([
      listUsers(db, { role: "admin", limit: 20 }),
      federatedHosts(db),
      c.var.deps.settings.get(),
    ]);
    return c.html(
      <AboutPage
        {...f}
        host={c.var.deps.config.publicUrl.host}
        admins={admins.map((a) => ({ username: a.username, name: a.displayName }))}
        peers={peers}
        description={settings.description}
        rulesHtml={settings.rules ? renderMarkdown(settings.rules) : undefined}
        privacyHtml={settings.privacy ? renderMarkdown(settings.privacy) : undefined}
        charterHtml={settings.charter ? renderMarkdown(settings.charter) : undefined}
        contactEmail={settings.contactEmail}
        registrationsOpen={settings.registrationsOpen}
        retention={settings.retention}
        volunteers={settings.volunteers}
        og={openGraph(c, "/about", settings.description || f.t("about.intro"))}
      />,
    );
  })
  .get("/:at{@[^/]+}", async (c, next) => {
    const db = c.var.deps.db.kysely;
    const actor = await findActorByHandle(db, c.req.param("at").slice(1));
    if (!actor || actor.type === "Application") return next();
    const f = await frame(c);
    // An erased account: gone for good (410), said in the visitor's language, nothing of the person.
    if (actor.type === "Person" && (await findErasedAccount(db, actor.handle))) {
      return c.html(<NotFound {...f} heading={f.t("actor.erasedTitle")} message={f.t("actor.erased")} />, 410);
    }
    const org = actor.type === "Group" ? await findOrganization(db, actor.handle) : undefined;
    const view = {
      type: actor.type,
      handle: actor.handle,
      name: actor.name,
      summary: actor.summary,
      address: `@${actor.handle}@${c.var.deps.config.publicUrl.host}`,
      website: org?.website,
      area: org?.area,
      contact: org?.contact,
      descriptionHtml: org?.description ? renderMarkdown(org.description) : undefined,
      domains: org?.domains.flatMap((slug) => domainBySlug(slug)?.label[f.lang] ?? []),
      logo: org?.logo ? { src: fileAddress(org.logo.thumbnail.key), alt: org.logo.alt, width: org.logo.thumbnail.width, height: org.logo.thumbnail.height } : undefined,
      image: org?.image ? { src: fileAddress(org.image.key), alt: org.image.alt, width: org.image.width, height: org.image.height } : undefined,
    };
    const { dialect } = c.var.deps.db;
    const needs = org ? (await searchNeeds(db, dialect, { viewer: viewerOf(c), organizationId: org.id, limit: 50 })).items : [];
    c.header("Content-Security-Policy", withMapTiles(c, REMOTE_FORM_POLICY));
    const follow = org && f.signedIn ? { following: await followsOrganization(db, c.var.account!.id, org.id), csrf: f.signedIn.csrf } : undefined;
    const followDone = c.req.query("followed") ? f.t("follow.followed") : c.req.query("unfollowed") ? f.t("follow.unfollowed") : undefined;
    return c.html(
      <ActorPage
        {...f}
        actor={view}
        needs={needs.map((n) => summary(toPublishedNeed(n), f))}
        og={openGraph(c, `/@${actor.handle}`, actor.summary || actor.name)}
        follow={follow}
        followDone={followDone}
        responseHours={org ? await medianResponseHours(db, org.id) : null}
        map={mapView(c, needs.map(toPublishedNeed))}
      />,
    );
  });
