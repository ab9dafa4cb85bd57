// Issue 16: the map of the needs on the search page and on an organisation's page.
// Its points are the public, rounded places of the needs listed, which the viewer may
// see; Leaflet is served by the instance, with caching headers; the pages' CSP lets in
// the tiles of MAP_TILES_URL, and only those.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../src/config.ts";
import { createUser } from "../src/domain/accounts/users.ts";
import { createNeed } from "../src/domain/needs/service.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { attributionHtml } from "../src/http/web/needs-map.ts";
import { testInstance } from "./helpers/app.ts";
import { postLogin } from "./helpers/login.ts";

const EXACT = { latitude: 45.771_937, longitude: 4.890_163 };

describe("the map of needs", () => {
  let app: Awaited<ReturnType<typeof testInstance>>;
  let cookie = "";
  const ids: Record<string, string> = {};
  const get = (path: string, headers: Record<string, string> = {}) =>
    app.http.request(`http://town.test${path}`, { headers: { Accept: "text/html", ...headers } });
  const points = (html: string): { id: string; title: string; lat: number; lon: number }[] => {
    const attr = /data-points="([^"]*)"/.exec(html)?.[1];
    return attr ? JSON.parse(attr.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&")) : [];
  };

  beforeAll(async () => {
    app = await testInstance({ LOGIN_RATE_LIMIT: "1000" });
    const db = app.db.kysely;
    const coord = await createUser(db, { username: "coord", email: "c@town.test", password: "a long password" });
    await createUser(db, { username: "zoe", email: "z@town.test", password: "a long password" });
    await createOrganization(db, { handle: "asso", name: "Asso", coordinatorId: coord.id });
    const base = {
      organization: "asso",
      description: "Une mission.",
      domains: ["culture-loisirs"],
      skills: [],
      audience: [],
      language: "fr" as const,
      place: { label: "Villeurbanne", mode: "on_site" as const, ...EXACT, radius_km: 1, address: "3 rue Exacte" },
      schedule: { kind: "date" as const, start: "2027-03-10T09:00:00+01:00" },
      volunteers_wanted: 2,
      visibility: "public" as const,
      private_notes: "",
      beneficiary: "",
      status: "open" as const,
    };
    type Input = Parameters<typeof createNeed>[3];
    ids.open = (await createNeed(db, app.contextData.events, coord, { ...base, title: "Jardin <partagé> & co" } as Input)).id;
    ids.hidden = (await createNeed(db, app.contextData.events, coord, { ...base, title: "Visite réservée", visibility: "followers" } as Input)).id;
    ids.remote = (await createNeed(db, app.contextData.events, coord, { ...base, title: "À distance", place: { label: "Partout", mode: "remote", radius_km: 1 } } as Input)).id;
    cookie = ((await postLogin(app.http.request, "http://town.test", { login: "zoe", password: "a long password" })).headers.get("set-cookie") ?? "").split(";")[0]!;
  });
  afterAll(async () => {
    await app.close();
  });

  it("puts on the search page's map only the public, rounded points of the needs listed, never the exact ones", async () => {
    const res = await get("/search?q=");
    const html = await res.text();
    const found = points(html);
    expect(found).toEqual([{ id: ids.open, title: "Jardin <partagé> & co", lat: 45.77, lon: 4.89, place: "Villeurbanne" }]);
    for (const p of found) {
      expect(Math.round(p.lat * 100) / 100).toBe(p.lat);
      expect(Math.round(p.lon * 100) / 100).toBe(p.lon);
    }
    // Nothing of the exact place anywhere in the page: not the coordinates, not the address.
    for (const secret of ["45.771937", "4.890163", "45.7719", "4.8901", "3 rue Exacte"]) expect(html).not.toContain(secret);
    // Without JavaScript the map stays hidden and the list is there, said so.
    expect(html).toMatch(/<section id="needs-map" class="needs-map" hidden=""/);
    expect(html).toContain("Le plan s&#39;affiche avec JavaScript. La liste ci-dessous présente les mêmes missions.");
    expect(html).toContain(`href="/needs/${ids.open}"`);
  });

  it("shows a followers-only need on the map of a signed-in citizen, not on a visitor's, as the list does", async () => {
    const citizen = points(await (await get("/search?q=", { Cookie: cookie })).text());
    expect(citizen.map((p) => p.id).sort()).toEqual([ids.open, ids.hidden].sort());
    const visitor = points(await (await get("/@asso")).text());
    expect(visitor.map((p) => p.id)).toEqual([ids.open]);
    const member = points(await (await get("/@asso", { Cookie: cookie })).text());
    expect(member.map((p) => p.id).sort()).toEqual([ids.open, ids.hidden].sort());
  });

  it("serves Leaflet, its clusters and the map's script and styles from the instance, kept for a year", async () => {
    const html = await (await get("/search?q=")).text();
    const script = /<script src="(\/assets\/map-[0-9a-f]{12}\.js)" defer=""><\/script>/.exec(html)?.[1];
    const style = /<link rel="stylesheet" href="(\/assets\/map-[0-9a-f]{12}\.css)"\/?>/.exec(html)?.[1];
    expect(script && style).toBeTruthy();
    const js = await get(script!);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const text = await js.text();
    expect(text).toContain("Leaflet 1.9.4");
    expect(text).toContain("MarkerClusterGroup");
    expect(text).toContain('getElementById("needs-map")');
    const css = await get(style!);
    expect([css.status, css.headers.get("content-type"), css.headers.get("cache-control")]).toEqual([200, "text/css; charset=utf-8", "public, max-age=31536000, immutable"]);
    expect(await css.text()).toContain(".leaflet-container");
    // No other address under /assets/map-… answers, and no script from anywhere else is named.
    expect((await get("/assets/map-000000000000.js")).status).toBe(404);
    expect(html).not.toMatch(/<script src="https?:/);
  });

  it("lets the pages load OpenStreetMap's tiles by default, with its attribution linked to its copyright page", async () => {
    const res = await get("/search?q=");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("img-src 'self' data: https://tile.openstreetmap.org;");
    expect(csp).toContain("script-src 'self';");
    const html = await res.text();
    expect(html).toContain('data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png"');
    expect(html).toContain('data-attribution="&lt;a href=&quot;https://www.openstreetmap.org/copyright&quot;&gt;© OpenStreetMap contributors&lt;/a&gt;"');
    expect((await get("/@asso")).headers.get("content-security-policy")).toContain("img-src 'self' data: https://tile.openstreetmap.org;");
    // Other pages do not load images from elsewhere.
    expect((await get("/about")).headers.get("content-security-policy")).toContain("img-src 'self' data:;");
  });

  it("takes its tiles, and the CSP's image origin, from MAP_TILES_URL, and refuses a URL that is not one of tiles", async () => {
    const other = await testInstance({ MAP_TILES_URL: "http://127.0.0.1:8999/tiles/{z}/{x}/{y}.png", MAP_TILES_ATTRIBUTION: "Tuiles <b>locales</b>" });
    try {
      const db = other.db.kysely;
      const coord = await createUser(db, { username: "coord", email: "c@town.test", password: "a long password" });
      await createOrganization(db, { handle: "asso", name: "Asso", coordinatorId: coord.id });
      const res = await other.http.request("http://town.test/@asso", { headers: { Accept: "text/html" } });
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("img-src 'self' data: http://127.0.0.1:8999;");
      expect(csp).not.toContain("openstreetmap");
    } finally {
      await other.close();
    }
    expect(attributionHtml("Tuiles <b>locales</b>")).toBe("Tuiles &lt;b&gt;locales&lt;/b&gt;");
    expect(parseConfig({ MAP_TILES_URL: "https://{s}.tile.example.org/{z}/{x}/{y}.png" }).mapTiles.origin).toBe("https://*.tile.example.org");
    expect(() => parseConfig({ MAP_TILES_URL: "https://tiles.example.org/tile.png" })).toThrow(/MAP_TILES_URL must be an http\(s\) URL of tiles/);
    expect(() => parseConfig({ MAP_TILES_URL: "javascript:alert(1)//{z}{x}{y}" })).toThrow(/MAP_TILES_URL/);
  });
});
