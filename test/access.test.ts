// One access policy (src/domain/access/): every path that shows a need or takes an
// application agrees with it. Viewers (anonymous, a citizen, a local follower of the
// organisation, a coordinator of the organisation, a coordinator of another, an admin,
// a remote follower, a remote stranger) × visibilities (public, followers, local,
// draft) × routes (the need page and its teaser, the API detail and list, search,
// home, the organisation and domain pages, the calendar pages, the feeds and
// calendars, alerts, the ActivityPub object, the outbox, applying through the web,
// the API and the inbox), on
// a real server, with real signatures: each route's answer must be the policy's
// verdict for the viewer the route asks about.
import { Follow, Join } from "@fedify/vocab";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { visibleTo } from "../src/domain/access/filters.ts";
import {
  ANONYMOUS,
  ANY_ACCOUNT,
  cacheClass,
  mayApply,
  mayCacheNeed,
  mayRead,
  type NeedFacts,
  OUTSIDER,
  mayManageOffer,
  mayReadOffer,
  type OfferFacts,
  readNeed,
  type Viewer,
} from "../src/domain/access/policy.ts";
import { viewerOfAccount, viewerOfRemoteUri } from "../src/domain/access/viewers.ts";
import type { Db } from "../src/db/database.ts";
import { findNeed } from "../src/domain/needs/repository.ts";
import { findOffer } from "../src/domain/offers/offers.ts";
import { fediverseAccounts } from "./helpers/fediverse.ts";
import { apiClient, runCli, type ServerProcess, serverDb, startServer } from "./helpers/server.ts";
import { until } from "./helpers/wait.ts";

const VISIBILITIES = ["public", "followers", "local", "draft"] as const;
type Kind = (typeof VISIBILITIES)[number];
// "local-follower": a citizen who follows the organisation from this instance. The rule gives
// every account here what it gives a follower, so it is a citizen account like any other.
const LOCAL = ["anonymous", "citizen", "local-follower", "coordinator", "other-coordinator", "admin"] as const;
const REMOTE = ["follower", "stranger"] as const;
type Who = (typeof LOCAL)[number] | (typeof REMOTE)[number];

/** A list shows what the viewer may read among the published needs (drafts are not listed, even to their coordinators). */
const listed = (viewer: Viewer, need: NeedFacts) => mayRead(viewer, need) && need.status !== "draft";

describe("every path asks the access policy", () => {
  let a: ServerProcess;
  let db: Db;
  let remote: Awaited<ReturnType<typeof fediverseAccounts>>;
  const tokens: Partial<Record<Who, string>> = {};
  const viewers = {} as Record<Who, Viewer>;
  const ids = {} as Record<Kind, string>;
  const facts = {} as Record<Kind, NeedFacts>;
  /** Offers of the organisation in each visibility, and a citizen's followers-only one. */
  const OFFERS = ["public", "followers", "local", "alice's"] as const;
  type OfferKind = (typeof OFFERS)[number];
  const offerIds = {} as Record<OfferKind, string>;
  const offerFacts = {} as Record<OfferKind, OfferFacts>;
  const users: Record<string, Who> = { alice: "citizen", lucie: "local-follower", claire: "coordinator", oscar: "other-coordinator", mairie: "admin" };

  const get = (who: Who, path: string, accept = "text/html") =>
    fetch(`${a.url}${path}`, { headers: { Accept: accept, ...(tokens[who] ? { Authorization: `Bearer ${tokens[who]}` } : {}) }, redirect: "manual" });
  const shows = async (who: Who, path: string, kind: Kind) => (await (await get(who, path)).text()).includes(`/needs/${ids[kind]}`);
  /** What the need's page shows: the need (its title), its teaser (no title, but how to sign in and come back), or nothing. */
  const pageReading = async (who: Who, kind: Kind) => {
    const res = await get(who, `/needs/${ids[kind]}`);
    const text = await res.text();
    if (res.status === 404) return "none";
    expect([who, kind, res.status]).toEqual([who, kind, 200]);
    if (text.includes(`Visites ${kind}`)) return "published";
    expect(text).not.toContain("Accompagner une personne");
    return text.includes(`/signup?next=${encodeURIComponent(`/needs/${ids[kind]}`)}`) ? "teaser" : "unexpected";
  };
  /** The page shows the same to its coordinators as to its readers (the private fields are the API's and the inbox's). */
  const onPage = (viewer: Viewer, need: NeedFacts) => (readNeed(viewer, need) === "full" ? "published" : readNeed(viewer, need));

  beforeAll(async () => {
    a = await startServer();
    const cli = (args: string[], input?: string) => expect(runCli(args, a.env, input).status).toBe(0);
    cli(["user", "create", "mairie", "--email", "mairie@a.test", "--admin"], "a long password\n");
    for (const name of ["alice", "lucie", "claire", "oscar"]) cli(["user", "create", name, "--email", `${name}@a.test`], "a long password\n");
    cli(["org", "create", "asso", "--name", "Asso", "--coordinator", "claire"]);
    cli(["org", "create", "autre", "--name", "Autre", "--coordinator", "oscar"]);
    for (const [name, who] of Object.entries(users)) tokens[who] = runCli(["token", "create", name], a.env).stdout.trim();
    // Alice is alerted of every need about the elderly, anywhere.
    const alerted = await apiClient(a, tokens.citizen!)("POST", "/alerts", { domains: ["personnes-agees"], area: { kind: "anywhere" }, language: "fr" });
    expect(alerted.status).toBe(201);
    const coordinator = apiClient(a, tokens.coordinator!);
    // The public need last: once its alert is out, the others' were decided (the events go in order).
    for (const kind of ["draft", "followers", "local", "public"] as const) {
      const created = await coordinator("POST", "/missions", {
        organization: "asso",
        title: `Visites ${kind}`,
        description: "Accompagner une personne âgée.",
        domains: ["personnes-agees"],
        place: { label: "Croix-Rousse" },
        schedule: { kind: "date", start: "2027-03-06T09:00:00.000Z" },
        volunteers_wanted: 5,
        visibility: kind === "draft" ? "public" : kind,
        ...(kind === "draft" ? { status: "draft" } : {}),
      });
      expect(created.status).toBe(201);
      ids[kind] = created.body.id;
    }
    for (const kind of OFFERS) {
      const created = await apiClient(a, kind === "alice's" ? tokens.citizen! : tokens.coordinator!)("POST", "/offers", {
        title: `Transport ${kind}`,
        description: "En voiture, le samedi.",
        domains: ["personnes-agees"],
        availability: "Le samedi",
        place: { label: "Croix-Rousse", mode: "on_site" },
        visibility: kind === "alice's" ? "followers" : kind,
        ...(kind === "alice's" ? {} : { organization: "asso" }),
      });
      expect(created.status).toBe(201);
      offerIds[kind] = created.body.id;
    }
    remote = await fediverseAccounts(["fanny", "mallory"]);
    // Fanny follows the organisation; Mallory does not.
    await remote.send("fanny", `${a.url}/actors/asso`, (actor, object) => new Follow({ id: remote.id(), actor, object }));
    await until("A to count Fanny among the followers", async () => a.logs().includes(`${remote.uri("fanny")} follows @asso`));
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    await Promise.all([a?.stop(), remote?.close()]);
  });

  it("builds the viewers the server builds, and the SQL filter says what the rule says", async () => {
    db = serverDb(a);
    for (const kind of VISIBILITIES) facts[kind] = (await findNeed(db.kysely, ids[kind]))!;
    for (const kind of OFFERS) offerFacts[kind] = (await findOffer(db.kysely, offerIds[kind]))!;
    viewers.anonymous = ANONYMOUS;
    for (const [name, who] of Object.entries(users)) {
      const row = await db.kysely.selectFrom("users").innerJoin("actors", "actors.id", "users.id").select(["users.id", "users.role"]).where("actors.handle", "=", name).executeTakeFirstOrThrow();
      viewers[who] = await viewerOfAccount(db.kysely, row);
    }
    viewers.follower = await viewerOfRemoteUri(db.kysely, remote.uri("fanny"));
    viewers.stranger = await viewerOfRemoteUri(db.kysely, remote.uri("mallory"));
    expect(viewers.follower).toMatchObject({ kind: "remote", follows: [facts.public.organization.id] });
    expect(viewers.stranger).toMatchObject({ kind: "remote", follows: [] });
    // The rule, spelt out once: public to all; followers-only to every account here (the town's citizens)
    // and the remote followers; local to every account here, never another server; drafts to coordinators;
    // a visitor not signed in gets a teaser of the followers-only and local ones, never of a draft.
    const readers = (kind: Kind) => [...LOCAL, ...REMOTE].filter((who) => mayRead(viewers[who], facts[kind]));
    const accounts = ["citizen", "local-follower", "coordinator", "other-coordinator", "admin"];
    expect(readers("public")).toEqual([...LOCAL, ...REMOTE]);
    expect(readers("local")).toEqual(accounts);
    expect(readers("followers")).toEqual([...accounts, "follower"]);
    expect(readers("draft")).toEqual(["coordinator", "admin"]);
    const teased = (kind: Kind) => [...LOCAL, ...REMOTE].filter((who) => readNeed(viewers[who], facts[kind]) === "teaser");
    expect(VISIBILITIES.map(teased)).toEqual([[], ["anonymous"], ["anonymous"], []]);
    expect(VISIBILITIES.map((kind) => readNeed(ANY_ACCOUNT, facts[kind]))).toEqual(["published", "published", "published", "none"]);
    for (const who of [...LOCAL, ...REMOTE, "outsider", "any account"] as const) {
      const viewer = who === "outsider" ? OUTSIDER : who === "any account" ? ANY_ACCOUNT : viewers[who];
      const rows = await db.kysely.selectFrom("needs").select("id").where(visibleTo(viewer)).execute();
      const inSql = new Set(rows.map((r) => r.id));
      for (const kind of VISIBILITIES) expect([who, kind, inSql.has(ids[kind])]).toEqual([who, kind, mayRead(viewer, facts[kind])]);
    }
  });

  it("keeps an answer for a cache class only when every viewer of the class reads it alike", () => {
    const kept: string[] = [];
    for (const kind of VISIBILITIES) {
      for (const cls of ["anonymous", "remote"] as const) {
        const members = [...LOCAL, ...REMOTE].filter((who) => cacheClass(viewers[who]) === cls).map((who) => viewers[who]);
        const first = cls === "anonymous" ? ANONYMOUS : OUTSIDER;
        // The cache of "remote" answers before the signature is checked: any server, follower or not, may get it.
        if (cls === "remote") members.push(viewers.follower);
        if (!mayCacheNeed(cls, facts[kind])) continue;
        kept.push(`${cls} ${kind}`);
        const reading = readNeed(first, facts[kind]);
        // A teaser is kept for visitors not signed in only: no other server is ever told more than the need's visibility says.
        expect([cls, kind, reading]).toEqual([cls, kind, cls === "anonymous" && kind !== "public" ? "teaser" : "published"]);
        for (const v of members) expect([cls, kind, readNeed(v, facts[kind])]).toEqual([cls, kind, reading]);
      }
    }
    expect(kept).toEqual(["anonymous public", "remote public", "anonymous followers", "anonymous local"]);
    expect(cacheClass(viewers.citizen)).toBeNull();
    expect(cacheClass(viewers.follower)).toBeNull();
  });

  /** Routes a local viewer reaches over HTTP, with the viewer the route answers for and what it observes. */
  const localRoutes: { route: string; verdict(viewer: Viewer, need: NeedFacts): unknown; observe(who: Who, kind: Kind): Promise<unknown> }[] = [
    { route: "need page", verdict: onPage, observe: pageReading },
    {
      route: "API detail",
      verdict: readNeed,
      async observe(who, kind) {
        const res = await get(who, `/api/v1/missions/${ids[kind]}`, "application/json");
        const body = await res.json();
        // What the API shows is the policy's reading: private fields for "full" only, a teaser without the need's words.
        if (res.status === 404) return "none";
        expect(res.status).toBe(200);
        if (body.teaser === true) {
          expect(Object.keys(body).sort()).toEqual(["domains", "id", "organization", "place", "schedule", "status", "teaser", "url", "visibility"]);
          expect(JSON.stringify(body)).not.toMatch(/Visites|Accompagner|latitude/);
          return "teaser";
        }
        expect(body.title).toBe(`Visites ${kind}`);
        return "private_notes" in body ? "full" : "published";
      },
    },
    {
      route: "API list",
      verdict: listed,
      observe: async (who, kind) => JSON.stringify(await (await get(who, "/api/v1/missions?limit=100", "application/json")).json()).includes(ids[kind]),
    },
    { route: "search", verdict: listed, observe: (who, kind) => shows(who, "/search?q=visites", kind) },
    // Issue 16: the calendars show what the search lists (the needs' slots are on 6 March 2027).
    { route: "calendar", verdict: listed, observe: (who, kind) => shows(who, "/calendar?view=month&date=2027-03-01", kind) },
    { route: "organisation calendar", verdict: listed, observe: (who, kind) => shows(who, "/@asso/calendar?view=week&date=2027-03-06", kind) },
    { route: "home", verdict: listed, observe: (who, kind) => shows(who, "/", kind) },
    { route: "organisation page", verdict: listed, observe: (who, kind) => shows(who, "/@asso", kind) },
    { route: "domain page", verdict: listed, observe: (who, kind) => shows(who, "/domains/personnes-agees", kind) },
    { route: "RSS feed", verdict: (_, need) => listed(OUTSIDER, need), observe: (who, kind) => shows(who, "/@asso/feed.xml", kind) },
    { route: "calendar feed", verdict: (_, need) => listed(OUTSIDER, need), observe: (who, kind) => shows(who, "/@asso/calendar.ics", kind) },
    {
      route: "API Engagement feed",
      verdict: (_, need) => listed(OUTSIDER, need) && need.status === "open",
      observe: (who, kind) => shows(who, "/feeds/api-engagement.xml", kind),
    },
    { route: "need calendar", verdict: mayRead, observe: async (who, kind) => (await get(who, `/needs/${ids[kind]}/calendar.ics`)).status === 200 },
  ];

  for (const { route, verdict, observe } of localRoutes) {
    it(`${route}: answers each local viewer as the policy says`, async () => {
      for (const who of LOCAL) {
        for (const kind of VISIBILITIES) expect([route, who, kind, await observe(who, kind)]).toEqual([route, who, kind, verdict(viewers[who], facts[kind])]);
      }
    });
  }

  it("alerts: mails what any account here may read", async () => {
    const alerted = (kind: Kind) => a.logs().includes(`queued for need:${ids[kind]}`);
    await until("the public need's alert", async () => alerted("public"));
    for (const kind of VISIBILITIES) expect([kind, alerted(kind)]).toEqual([kind, listed(ANY_ACCOUNT, facts[kind])]);
  });

  it("ActivityPub object and outbox: answer each remote viewer as the policy says", async () => {
    const outbox = JSON.stringify(await (await fetch(`${a.url}/actors/asso/outbox?cursor=`, { headers: { Accept: "application/activity+json" } })).json());
    for (const who of REMOTE) {
      const name = who === "follower" ? "fanny" : "mallory";
      for (const kind of VISIBILITIES) {
        const fetched = await remote.fetches(`${a.url}/needs/${ids[kind]}`, name);
        expect(["object", who, kind, fetched]).toEqual(["object", who, kind, mayRead(viewers[who], facts[kind])]);
        // The outbox is the same for every server (and kept whole): what may go anywhere.
        expect(["outbox", kind, outbox.includes(`/needs/${ids[kind]}`)]).toEqual(["outbox", kind, listed(OUTSIDER, facts[kind])]);
      }
    }
  });

  it("applying through the web form and the API: taken exactly where the policy allows", async () => {
    for (const who of LOCAL) {
      for (const kind of VISIBILITIES) {
        const allowed = mayApply(viewers[who], facts[kind]);
        const web = await fetch(`${a.url}/needs/${ids[kind]}/apply`, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded", ...(tokens[who] ? { Authorization: `Bearer ${tokens[who]}` } : {}) },
          body: "message=Je+viens",
          redirect: "manual",
        });
        const applied = web.status === 303 && (web.headers.get("location") ?? "").endsWith("done=applied");
        expect(["web", who, kind, applied]).toEqual(["web", who, kind, allowed]);
        if (!allowed && who !== "anonymous") expect(web.status).toBe(404);
        // Once more through the API: the same need is open to them (already applied) or does not exist.
        const api = await fetch(`${a.url}/api/v1/missions/${ids[kind]}/applications`, {
          method: "POST",
          headers: { "Content-Type": "application/json", ...(tokens[who] ? { Authorization: `Bearer ${tokens[who]}` } : {}) },
          body: "{}",
        });
        const code = (await api.json()).code;
        expect(["api", who, kind, api.status, code]).toEqual(["api", who, kind, ...(allowed ? [409, "already_applied"] : who === "anonymous" ? [401, undefined] : [404, "need_not_found"])]);
      }
    }
  });

  it("applying through the inbox: a Join is taken exactly where the policy allows", async () => {
    const coordinator = apiClient(a, tokens.coordinator!);
    const joined = async (kind: Kind) =>
      ((await coordinator("GET", `/missions/${ids[kind]}/applications`)).body as { applicant: { uri?: string } }[]).map((x) => x.applicant.uri).filter(Boolean);
    for (const who of REMOTE) {
      const name = who === "follower" ? "fanny" : "mallory";
      for (const kind of VISIBILITIES) {
        await remote.send(name, `${a.url}/actors/asso`, (actor, to) => new Join({ id: remote.id(), actor, to, object: new URL(`${a.url}/needs/${ids[kind]}`) }));
      }
    }
    const decided = (kind: Kind) => a.logs().split("\n").filter((l) => l.includes(`to need ${ids[kind]} refused`)).length;
    const expected = (kind: Kind) => REMOTE.filter((who) => mayApply(viewers[who], facts[kind])).map((who) => remote.uri(who === "follower" ? "fanny" : "mallory"));
    await until("every Join taken or refused", async () => {
      for (const kind of VISIBILITIES) if ((await joined(kind)).length + decided(kind) < REMOTE.length) return false;
      return true;
    });
    for (const kind of VISIBILITIES) expect([kind, (await joined(kind)).sort()]).toEqual([kind, expected(kind).sort()]);
  });

  /** Offer routes a local viewer reaches, and what the policy says of each. */
  const offerRoutes: { route: string; verdict(viewer: Viewer, offer: OfferFacts): boolean; observe(who: Who, kind: OfferKind): Promise<boolean> }[] = [
    { route: "offer page", verdict: mayReadOffer, observe: async (who, kind) => (await get(who, `/offers/${offerIds[kind]}`)).status === 200 },
    { route: "offer API detail", verdict: mayReadOffer, observe: async (who, kind) => (await get(who, `/api/v1/offers/${offerIds[kind]}`, "application/json")).status === 200 },
    {
      route: "offer API list",
      verdict: mayReadOffer,
      observe: async (who, kind) => JSON.stringify(await (await get(who, "/api/v1/offers?limit=100", "application/json")).json()).includes(offerIds[kind]),
    },
    {
      route: "offer edit",
      verdict: (viewer, offer) => mayManageOffer(viewer, offer),
      async observe(who, kind) {
        const res = await fetch(`${a.url}/api/v1/offers/${offerIds[kind]}`, {
          method: "PATCH",
          headers: { "Content-Type": "application/json", ...(tokens[who] ? { Authorization: `Bearer ${tokens[who]}` } : {}) },
          body: JSON.stringify({ availability: `Le samedi (${who})` }),
        });
        if (res.status !== 200) expect(res.status).toBe(who === "anonymous" ? 401 : 403);
        return res.status === 200;
      },
    },
  ];

  for (const { route, verdict, observe } of offerRoutes) {
    it(`${route}: one owner rule, and the reading rule, for each local viewer`, async () => {
      for (const who of LOCAL) {
        for (const kind of OFFERS) expect([route, who, kind, await observe(who, kind)]).toEqual([route, who, kind, verdict(viewers[who], offerFacts[kind])]);
      }
    });
  }

  it("offer objects: served to each remote viewer as the policy says", async () => {
    // Who manages an offer, spelt out once: its author, the coordinators of the organisation that is its author, the admins.
    expect(LOCAL.filter((who) => mayManageOffer(viewers[who], offerFacts.followers))).toEqual(["coordinator", "admin"]);
    expect(LOCAL.filter((who) => mayManageOffer(viewers[who], offerFacts["alice's"]))).toEqual(["citizen", "admin"]);
    // Who reads an offer, spelt out once: the reading rule of needs (every account here reads followers-only and local ones).
    const accounts = ["citizen", "local-follower", "coordinator", "other-coordinator", "admin"];
    expect(LOCAL.filter((who) => mayReadOffer(viewers[who], offerFacts.local))).toEqual(accounts);
    expect([...LOCAL, ...REMOTE].filter((who) => mayReadOffer(viewers[who], offerFacts.followers))).toEqual([...accounts, "follower"]);
    expect(REMOTE.filter((who) => mayReadOffer(viewers[who], offerFacts.local))).toEqual([]);
    for (const who of REMOTE) {
      for (const kind of OFFERS) {
        const fetched = await remote.fetches(`${a.url}/offers/${offerIds[kind]}`, who === "follower" ? "fanny" : "mallory");
        expect(["offer object", who, kind, fetched]).toEqual(["offer object", who, kind, mayReadOffer(viewers[who], offerFacts[kind])]);
      }
    }
  });
});
