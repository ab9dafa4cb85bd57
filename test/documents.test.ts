// The compacted documents of actors, needs and outbox pages are reused while
// the rows they come from are unchanged (federation/documents.ts): a change,
// made by this process or by another one on the same database, shows at the
// next fetch, and a reused document is the one Fedify would build afresh.
import { Note } from "@fedify/vocab";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentCache } from "../federation/documents.ts";
import { DOCUMENT_TYPES, documentRoutes } from "../federation/responses.ts";
import { ResponseCache } from "../src/cache/responses.ts";
import { contextLoader } from "../federation/loader.ts";
import { parseConfig } from "../src/config.ts";
import { setDisplayName } from "../src/domain/accounts/profile.ts";
import { createUser, findUserById } from "../src/domain/accounts/users.ts";
import type { NeedCreate } from "../src/domain/needs/input.ts";
import { createNeed, updateNeed } from "../src/domain/needs/service.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { createInstance, type Instance } from "../src/main.ts";
import { testInstance } from "./helpers/app.ts";

/** A public, open need of @asso in Vaise, with no dates: what these tests publish, but for what they name. */
function publicNeed(need: Pick<NeedCreate, "title" | "description" | "domains"> & Partial<NeedCreate>): NeedCreate {
  return {
    organization: "asso",
    skills: [],
    audience: [],
    language: "fr",
    place: { label: "Vaise", mode: "on_site", address: null, latitude: 45.77, longitude: 4.8, radius_km: 1 },
    schedule: { kind: "flexible" },
    volunteers_wanted: 1,
    visibility: "public",
    private_notes: "",
    beneficiary: "",
    status: "open",
    ...need,
  };
}

const AP = "application/activity+json";

describe("served documents follow the rows they are built from", () => {
  let app: Instance;
  let other: Instance;
  let needId: string;
  let adminId: string;
  const get = async (path: string, accept = AP, instance = app) => {
    const res = await instance.http.request(`http://town.test${path}`, { headers: { Accept: accept } });
    expect(res.status, path).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    app = await testInstance();
    // A second process on the same database (a web process beside a worker, say).
    other = await createInstance(
      parseConfig({
        PUBLIC_URL: "http://town.test",
        DATA_DIR: app.config.dataDir,
        DATABASE_URL: app.config.databaseUrl,
        REDIS_URL: app.config.redisUrl,
      }),
    );
    const db = app.db.kysely;
    const admin = await createUser(db, { username: "mairie", email: "mairie@town.test", password: "a long password", role: "admin" });
    adminId = admin.id;
    await createOrganization(db, { handle: "asso", name: "Asso du quartier", website: "https://asso.example", coordinatorId: admin.id });
    const need = await createNeed(db, app.contextData.events, admin, publicNeed({ title: "Lire le journal à Mme B.", description: "Une heure par semaine.", domains: ["culture-loisirs"], volunteers_wanted: 2 }));
    needId = need.id;
  });
  afterAll(async () => {
    await other?.close();
    await app?.close();
  });

  it("serves a reused document identical to a freshly built one", async () => {
    for (const path of ["/actors/asso", `/needs/${needId}`, `/needs/${needId}/proposal`, "/actors/asso/outbox?cursor=", "/actors/mairie"]) {
      app.contextData.documents.clear();
      const built = await get(path);
      const reused = await get(path);
      expect(reused, path).toEqual(built);
    }
    // Reused: the second fetch did not build the actor again.
    expect(app.contextData.documents.size).toBeGreaterThan(0);
  });

  it("shows an organisation's new name and profile at the next fetch", async () => {
    expect(await get("/actors/asso")).toMatchObject({ name: "Asso du quartier" });
    await app.db.kysely.updateTable("actors").set({ name: "Asso des Voisins", updated: new Date().toISOString() }).where("handle", "=", "asso").execute();
    const org = await app.db.kysely.selectFrom("actors").select("id").where("handle", "=", "asso").executeTakeFirstOrThrow();
    await app.db.kysely.updateTable("organizations").set({ website: "https://voisins.example", avatar_url: "https://voisins.example/logo.png" }).where("id", "=", org.id).execute();
    const actor = await get("/actors/asso");
    expect(actor).toMatchObject({ name: "Asso des Voisins", icon: { url: "https://voisins.example/logo.png" } });
    expect(JSON.stringify(actor.attachment)).toContain("https://voisins.example");
    expect(JSON.stringify(actor.attachment)).not.toContain("https://asso.example");
    // The key is still there after a rebuild.
    expect(actor.publicKey).toMatchObject({ id: "http://town.test/actors/asso#main-key" });
    const finger = await get(`/.well-known/webfinger?resource=${encodeURIComponent("acct:asso@town.test")}`, "application/jrd+json");
    expect(finger.links).toContainEqual({ rel: "http://webfinger.net/rel/avatar", href: "https://voisins.example/logo.png" });
  });

  it("answers WebFinger without building the actor's document", async () => {
    app.contextData.documents.clear();
    const finger = await get(`/.well-known/webfinger?resource=${encodeURIComponent("acct:asso@town.test")}`, "application/jrd+json");
    expect(finger).toMatchObject({ subject: "acct:asso@town.test", aliases: ["http://town.test/actors/asso"] });
    expect(finger.links).toContainEqual({ rel: "self", href: "http://town.test/actors/asso", type: AP });
    expect(finger.links).toContainEqual({ rel: "http://webfinger.net/rel/profile-page", href: "http://town.test/@asso" });
    expect(app.contextData.documents.size).toBe(0);
  });

  it("shows a user's new display name at the next fetch", async () => {
    await get("/actors/mairie");
    await setDisplayName(app.db.kysely, (await findUserById(app.db.kysely, adminId))!, "Mairie de Vaise");
    expect(await get("/actors/mairie")).toMatchObject({ name: "Mairie de Vaise" });
  });

  it("shows an updated need in its Note, its Proposal and the outbox at the next fetch", async () => {
    const before = await get(`/needs/${needId}`);
    expect(before.name).toBe("Lire le journal à Mme B.");
    await get(`/needs/${needId}/proposal`);
    await get("/actors/asso/outbox?cursor=");
    const admin = (await findUserById(app.db.kysely, adminId))!;
    await updateNeed(app.db.kysely, app.contextData.events, admin, needId, { title: "Lire le journal (mardi)", volunteers_wanted: 3 });
    expect(await get(`/needs/${needId}`)).toMatchObject({ name: "Lire le journal (mardi)" });
    expect(await get(`/needs/${needId}/proposal`)).toMatchObject({
      name: "Lire le journal (mardi)",
      publishes: { resourceQuantity: { hasNumericalValue: "3" } },
    });
    const page = await get("/actors/asso/outbox?cursor=");
    expect(page.orderedItems[0].object).toMatchObject({ name: "Lire le journal (mardi)" });
  });

  it("shows a change made by another process on the same database", async () => {
    await get(`/needs/${needId}`);
    await get("/actors/asso");
    // The other process accepts a volunteer and renames the organisation.
    await other.db.kysely.updateTable("needs").set({ volunteers_accepted: 1, updated: new Date().toISOString() }).where("id", "=", needId).execute();
    await other.db.kysely.updateTable("actors").set({ name: "Voisins solidaires" }).where("handle", "=", "asso").execute();
    const note = await get(`/needs/${needId}`);
    expect(note.attachment).toContainEqual(expect.objectContaining({ name: "Places", "http://schema.org#value": "1 bénévole sur 3 — 2 places restantes" }));
    expect(await get("/actors/asso")).toMatchObject({ name: "Voisins solidaires" });
  });

  it("no longer serves a need once it is local only", async () => {
    await get(`/needs/${needId}`);
    await app.db.kysely.updateTable("needs").set({ visibility: "local" }).where("id", "=", needId).execute();
    const res = await app.http.request(`http://town.test/needs/${needId}`, { headers: { Accept: AP } });
    expect(res.status).toBe(404);
  });
});

describe("answers kept whole for other servers", () => {
  let app: Instance;
  let needId: string;
  let adminId: string;
  const fetchRaw = (path: string, accept = AP) => app.http.request(`http://town.test${path}`, { headers: { Accept: accept } });
  const PATHS = () => [
    "/actors/asso",
    `/needs/${needId}`,
    `/needs/${needId}/proposal`,
    "/actors/asso/outbox",
    "/actors/asso/outbox?cursor=",
    `/.well-known/webfinger?resource=${encodeURIComponent("acct:asso@town.test")}`,
  ];

  beforeAll(async () => {
    app = await testInstance();
    const db = app.db.kysely;
    const admin = await createUser(db, { username: "mairie", email: "mairie@town.test", password: "a long password", role: "admin" });
    adminId = admin.id;
    await createOrganization(db, { handle: "asso", name: "Asso du quartier", coordinatorId: admin.id });
    const need = await createNeed(db, app.contextData.events, admin, publicNeed({ title: "Accompagner M. D. chez le médecin", description: "Un jeudi sur deux.", domains: ["sante"] }));
    needId = need.id;
  });
  afterAll(async () => {
    await app?.close();
  });

  it("sends again the same bytes and headers Fedify sent, without asking Fedify", async () => {
    for (const path of PATHS()) {
      app.responses.clear();
      app.contextData.documents.clear();
      const first = await fetchRaw(path);
      expect(first.status, path).toBe(200);
      const firstBody = await first.text();
      const before = app.responses.stats;
      expect(before.entries, path).toBe(1);
      // Were Fedify asked, the document cache, just emptied, would fill again.
      app.contextData.documents.clear();
      const again = await fetchRaw(path);
      expect(again.status, path).toBe(200);
      expect(await again.text(), path).toBe(firstBody);
      expect([...again.headers], path).toEqual([...first.headers]);
      expect(app.responses.stats.hits, path).toBe(before.hits + 1);
      expect(app.contextData.documents.size, path).toBe(0);
    }
  });

  it("keeps one answer per Accept header, and none for web pages", async () => {
    app.responses.clear();
    await fetchRaw(`/needs/${needId}`, AP);
    await fetchRaw(`/needs/${needId}`, 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"');
    expect(app.responses.stats.entries).toBe(2);
    const page = await fetchRaw(`/needs/${needId}`, "text/html");
    expect(page.headers.get("Content-Type")).toMatch(/text\/html/);
    expect(await page.text()).toContain("Accompagner M. D.");
    await fetchRaw("/actors/asso", "text/html");
    expect(app.responses.stats.entries).toBe(2);
  });

  it("gives browsers the pages without Fedify, and what Fedify gives when there is no page", async () => {
    const browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    const page = await fetchRaw(`/needs/${needId}`, browser);
    expect([page.status, page.headers.get("Content-Type")]).toEqual([200, "text/html; charset=UTF-8"]);
    // Whatever the path, the same answer as through Fedify (which an XHTML-first client still meets).
    for (const path of ["/actors/asso", "/actors/asso/outbox", "/actors/asso/followers", `/needs/${needId}/proposal`, "/inbox", "/@asso", "/search"]) {
      const bypassed = await fetchRaw(path, browser);
      const through = await fetchRaw(path, "application/xhtml+xml,text/html;q=0.9");
      expect(bypassed.status, path).toBe(through.status);
      expect(bypassed.headers.get("Content-Type"), path).toBe(through.headers.get("Content-Type"));
    }
    // A path of Fedify's that has no page: the 404 page.
    const outbox = await fetchRaw("/actors/asso/outbox", browser);
    expect([outbox.status, outbox.headers.get("Content-Type")]).toEqual([404, "text/html; charset=UTF-8"]);
    // WebFinger and NodeInfo answer whatever the Accept header.
    const finger = await fetchRaw(`/.well-known/webfinger?resource=${encodeURIComponent("acct:asso@town.test")}`, browser);
    expect([finger.status, finger.headers.get("Content-Type")]).toEqual([200, "application/jrd+json"]);
    expect((await fetchRaw("/nodeinfo/2.1", browser)).status).toBe(200);
    // Neither a page nor Fedify's: the 404 page.
    const missing = await fetchRaw("/nowhere", browser);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("<html");
    // JSON-LD preferred, HTML after: Fedify's document.
    const actor = await fetchRaw("/actors/asso", "application/activity+json, text/html;q=0.5");
    expect(actor.headers.get("Content-Type")).toBe("application/activity+json");
  });

  it("sends visitors not signed in the need page sent last time, while the need, its organisation and the instance's name are unchanged", async () => {
    const browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    const visit = (path: string, headers: Record<string, string> = {}) =>
      app.http.request(`http://town.test${path}`, { headers: { Accept: browser, "Accept-Language": "fr-FR,fr;q=0.9", ...headers } });
    app.pages.clear();
    const { hits } = app.pages.stats;
    const first = await visit(`/needs/${needId}`);
    const html = await first.text();
    const again = await visit(`/needs/${needId}`);
    expect(await again.text()).toBe(html);
    expect([...again.headers]).toEqual([...first.headers]);
    expect(app.pages.stats).toMatchObject({ entries: 1, hits: hits + 1 });
    // Another language is another page.
    const english = await (await visit(`/needs/${needId}`, { "Accept-Language": "en" })).text();
    expect(english).toContain('lang="en"');
    expect(app.pages.stats.entries).toBe(2);
    // A change to the need, to its organisation or to the instance's name shows at once.
    await app.db.kysely.updateTable("needs").set({ title: "Accompagner M. D. (jeudi matin)" }).where("id", "=", needId).execute();
    expect(await (await visit(`/needs/${needId}`)).text()).toContain("Accompagner M. D. (jeudi matin)");
    await app.db.kysely.updateTable("actors").set({ name: "Asso des Voisins" }).where("handle", "=", "asso").execute();
    expect(await (await visit(`/needs/${needId}`)).text()).toContain("Asso des Voisins");
    const admin = (await findUserById(app.db.kysely, adminId))!;
    await app.contextData.settings.update(app.contextData.events, admin, { name: "Ville de Vaise" });
    expect(await (await visit(`/needs/${needId}`)).text()).toContain("Ville de Vaise");
    // Made for the request: a query string (a notice), a session cookie, a token.
    const before = app.pages.stats;
    expect(await (await visit(`/needs/${needId}?done=applied`)).text()).toContain('role="status"');
    const withCookie = await visit(`/needs/${needId}`, { Cookie: "entraide_session=unknown" });
    expect(withCookie.headers.get("Set-Cookie")).toContain("entraide_session=;");
    await visit(`/needs/${needId}`, { Authorization: "Bearer nothing-valid" });
    expect(app.pages.stats).toMatchObject({ hits: before.hits, misses: before.misses });
    // A need that is no longer public is not served from what was kept: its teaser is, the same
    // for every visitor not signed in (kept too), and it says nothing of what the need says.
    await app.db.kysely.updateTable("needs").set({ visibility: "followers" }).where("id", "=", needId).execute();
    const teaser = await visit(`/needs/${needId}`);
    expect(teaser.status).toBe(200);
    const teaserHtml = await teaser.text();
    expect(teaserHtml).not.toContain("Accompagner M. D.");
    expect(teaserHtml).toContain(`/signup?next=${encodeURIComponent(`/needs/${needId}`)}`);
    const hitsBefore = app.pages.stats.hits;
    expect(await (await visit(`/needs/${needId}`)).text()).toBe(teaserHtml);
    expect(app.pages.stats.hits).toBe(hitsBefore + 1);
    await app.db.kysely.updateTable("needs").set({ visibility: "public" }).where("id", "=", needId).execute();
    await app.db.kysely.updateTable("actors").set({ name: "Asso du quartier" }).where("handle", "=", "asso").execute();
    await app.db.kysely.updateTable("needs").set({ title: "Accompagner M. D. chez le médecin" }).where("id", "=", needId).execute();
  });

  it("answers from the rows of the moment: a change, a followers-only need, a deleted actor", async () => {
    app.responses.clear();
    expect((await (await fetchRaw(`/needs/${needId}`)).json()).name).toBe("Accompagner M. D. chez le médecin");
    await app.db.kysely.updateTable("needs").set({ title: "Accompagner M. D. (jeudi)" }).where("id", "=", needId).execute();
    expect((await (await fetchRaw(`/needs/${needId}`)).json()).name).toBe("Accompagner M. D. (jeudi)");
    // Followers only: answered by Fedify, which asks for a follower's signature, and never kept.
    await app.db.kysely.updateTable("needs").set({ visibility: "followers" }).where("id", "=", needId).execute();
    app.responses.clear();
    const refused = await fetchRaw(`/needs/${needId}`);
    expect(refused.status).toBe(401);
    expect(app.responses.stats.entries).toBe(0);
    await app.db.kysely.updateTable("needs").set({ visibility: "public" }).where("id", "=", needId).execute();
    expect((await fetchRaw(`/needs/${needId}`)).status).toBe(200);
    // A new need shows on the outbox page at the next fetch.
    const page = async () => (await (await fetchRaw("/actors/asso/outbox?cursor=")).json()).orderedItems.length;
    const count = async () => (await (await fetchRaw("/actors/asso/outbox")).json()).totalItems;
    expect([await page(), await count()]).toEqual([1, 1]);
    await createNeed(app.db.kysely, app.contextData.events, (await findUserById(app.db.kysely, adminId))!, publicNeed({ title: "Aider aux devoirs", description: "Le mercredi.", domains: ["decrochage-scolaire"] }));
    expect([await page(), await count()]).toEqual([2, 2]);
    // An actor that is gone is not served from what was kept.
    expect((await fetchRaw("/actors/asso")).status).toBe(200);
    await app.db.kysely.updateTable("actors").set({ handle: "asso-renamed" }).where("handle", "=", "asso").execute();
    expect((await fetchRaw("/actors/asso")).status).toBe(404);
    await app.db.kysely.updateTable("actors").set({ handle: "asso" }).where("handle", "=", "asso-renamed").execute();
  });

  it("keeps within its byte budget, forgetting the least recently used first", async () => {
    for (const handle of ["asso-b", "asso-c", "asso-d"]) {
      await createOrganization(app.db.kysely, { handle, name: `Asso ${handle}`, coordinatorId: adminId });
    }
    const size = (await (await fetchRaw("/actors/asso-b")).arrayBuffer()).byteLength;
    const cache = new ResponseCache({ maxBytes: Math.floor(size * 2.5), resolve: documentRoutes(app.contextData), types: DOCUMENT_TYPES });
    let made = 0;
    const get = (handle: string) =>
      cache.fetch(new Request(`http://town.test/actors/${handle}`, { headers: { Accept: AP } }), () => {
        made++;
        return fetchRaw(`/actors/${handle}`);
      });
    await get("asso-b");
    await get("asso-c");
    await get("asso-b"); // b is now the most recently used
    expect(made).toBe(2);
    await get("asso-d"); // c goes
    expect(cache.stats.entries).toBe(2);
    expect(cache.stats.bytes).toBeLessThanOrEqual(size * 2.5);
    made = 0;
    await get("asso-b");
    await get("asso-d");
    expect(made).toBe(0);
    await get("asso-c");
    expect(made).toBe(1);
    // Nothing public at that address: whatever answers is not kept.
    await cache.fetch(new Request("http://town.test/needs/none", { headers: { Accept: AP } }), () => fetchRaw("/needs/none"));
    expect(cache.stats.entries).toBe(2);
  });
});

describe("RESPONSE_CACHE_MB", () => {
  it("sizes the cache of whole answers, 0 turning it off, and refuses what is not a size", async () => {
    expect(parseConfig({ PUBLIC_URL: "http://town.test" }).responseCacheBytes).toBe(32 * 1024 * 1024);
    expect(parseConfig({ PUBLIC_URL: "http://town.test", RESPONSE_CACHE_MB: "0.5" }).responseCacheBytes).toBe(512 * 1024);
    expect(() => parseConfig({ PUBLIC_URL: "http://town.test", RESPONSE_CACHE_MB: "lots" })).toThrow(/RESPONSE_CACHE_MB must be a number of mebibytes/);
    expect(() => parseConfig({ PUBLIC_URL: "http://town.test", RESPONSE_CACHE_MB: "-1" })).toThrow(/RESPONSE_CACHE_MB must be 0/);
    const app = await testInstance({ RESPONSE_CACHE_MB: "0" });
    try {
      const admin = await createUser(app.db.kysely, { username: "mairie", email: "mairie@town.test", password: "a long password", role: "admin" });
      await createOrganization(app.db.kysely, { handle: "asso", name: "Asso", coordinatorId: admin.id });
      for (let i = 0; i < 2; i++) {
        const res = await app.http.request("http://town.test/actors/asso", { headers: { Accept: AP } });
        expect(res.status).toBe(200);
      }
      expect(app.responses.stats).toMatchObject({ entries: 0, hits: 0 });
    } finally {
      await app.close();
    }
  });
});

describe("the document cache", () => {
  const note = (n: number, name = `Note ${n}`) => new Note({ id: new URL(`https://town.test/needs/${n}`), name });

  it("keeps within its size budget, forgetting the least recently used first", async () => {
    // Room for three documents and a half (their shared context is not counted).
    const { "@context": _, ...bare } = (await note(1).toJsonLd({ contextLoader })) as Record<string, unknown>;
    const budget = Math.floor(JSON.stringify(bare).length * 3.5);
    const cache = new DocumentCache({ maxChars: budget });
    let built = 0;
    const fetch = (n: number) =>
      cache.object(`Note ${n}`, {
        input: n,
        contextLoader,
        full() {
          built++;
          return note(n);
        },
        light: () => new Note({ id: new URL(`https://town.test/needs/${n}`) }),
      });
    await fetch(1);
    await fetch(2);
    await fetch(1); // 1 is now the most recently used
    expect(built).toBe(2);
    for (let n = 3; n <= 10; n++) await fetch(n);
    expect(cache.size).toBe(3);
    expect(cache.chars).toBeLessThanOrEqual(budget);
    built = 0;
    await fetch(10);
    expect(built).toBe(0);
    await fetch(2);
    expect(built).toBe(1);
  });

  it("builds again when the input changes, and serves a frozen document", async () => {
    const cache = new DocumentCache();
    const first = await cache.object("Note 1", { input: { title: "a" }, contextLoader, full: () => note(1, "a") });
    const again = await cache.object("Note 1", { input: { title: "a" }, contextLoader, full: () => note(1, "changed without telling") });
    expect(await again.toJsonLd()).toBe(await first.toJsonLd());
    const changed = await cache.object("Note 1", { input: { title: "b" }, contextLoader, full: () => note(1, "b") });
    const document = (await changed.toJsonLd()) as Record<string, unknown>;
    expect(document.name).toBe("b");
    expect(Object.isFrozen(document)).toBe(true);
  });

  it("serves, but does not keep, a document larger than its budget", async () => {
    const cache = new DocumentCache({ maxChars: 10 });
    const served = await cache.object("Note 1", { input: 1, contextLoader, full: () => note(1, "a") });
    expect(await served.toJsonLd()).toMatchObject({ name: "a" });
    expect(cache.size).toBe(0);
    expect(cache.chars).toBe(0);
  });
});
