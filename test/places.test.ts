// Places by name or postcode, offline (issue 16): the gazetteer of French communes,
// and what uses it (the search page, the home page's "near me", alerts, the need
// form, GET /api/v1/places).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../src/domain/accounts/sessions.ts";
import { createUser } from "../src/domain/accounts/users.ts";
import { createNeed } from "../src/domain/needs/service.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { foldPlaceName, gazetteerLoaded, locateCommune, suggestCommunes } from "../src/domain/places/gazetteer.ts";
import { silentEvents } from "../src/domain/events.ts";
import type { Instance } from "../src/main.ts";
import { testInstance } from "./helpers/app.ts";
import { needInput } from "./helpers/needs.ts";

describe("the gazetteer", () => {
  it("is not read until a place is looked up", async () => {
    expect(gazetteerLoaded()).toBe(false);
    await locateCommune("Villeurbanne");
    expect(gazetteerLoaded()).toBe(true);
  });

  it("finds a commune by postcode or by name, whatever the accents, case and hyphens", async () => {
    const found = async (text: string) => {
      const c = await locateCommune(text);
      return c && [c.code, c.name];
    };
    expect(await found("69100")).toEqual(["69266", "Villeurbanne"]);
    expect(await found("Villeurbanne")).toEqual(["69266", "Villeurbanne"]);
    expect(await found("villeurbanne")).toEqual(["69266", "Villeurbanne"]);
    expect(await found("  VILLEURBANNE ")).toEqual(["69266", "Villeurbanne"]);
    expect(await found("Saint-Étienne")).toEqual(["42218", "Saint-Étienne"]);
    expect(await found("saint etienne")).toEqual(["42218", "Saint-Étienne"]);
    expect(await found("St-Etienne")).toEqual(["42218", "Saint-Étienne"]);
    expect(await found("Nullepart-sur-Rien")).toBeUndefined();
    expect(await found("00000")).toBeUndefined();
    const villeurbanne = await locateCommune("69100");
    // Its point: GeoNames' centre of Villeurbanne, not a neighbour's.
    expect(villeurbanne?.latitude).toBeCloseTo(45.766, 2);
    expect(villeurbanne?.longitude).toBeCloseTo(4.88, 2);
    expect(villeurbanne?.approximate).toBe(false);
  });

  it("knows the arrondissements of Lyon, Paris and Marseille, by postcode and by name, and the cities themselves", async () => {
    const code = async (text: string) => (await locateCommune(text))?.code;
    expect(await code("69003")).toBe("69383");
    expect(await code("Lyon 3e")).toBe("69383");
    expect(await code("lyon 3")).toBe("69383");
    expect(await code("Lyon 3e Arrondissement")).toBe("69383");
    expect(await code("75015")).toBe("75115");
    expect(await code("Paris 15e")).toBe("75115");
    expect(await code("13001")).toBe("13201");
    expect(await code("Marseille 1er")).toBe("13201");
    expect(await code("Lyon")).toBe("69123");
    expect(await code("Paris")).toBe("75056");
    expect(await code("Marseille")).toBe("13055");
    // The arrondissements' points are theirs: the 3rd is east of the 5th.
    expect((await locateCommune("69003"))!.longitude).toBeGreaterThan((await locateCommune("69005"))!.longitude);
  });

  it("tells homonyms apart by postcode, and takes the most populous one without it", async () => {
    expect((await locateCommune("Saint-Denis 93200"))?.code).toBe("93066");
    expect((await locateCommune("Saint-Denis (97400)"))?.code).toBe("97411");
    expect((await locateCommune("Valence 26000"))?.code).toBe("26362");
    expect((await locateCommune("Valence"))?.code).toBe("26362");
  });

  it("suggests communes as one types, most populous first, by name or postcode", async () => {
    expect((await suggestCommunes("villeur")).map((c) => c.name)[0]).toBe("Villeurbanne");
    expect((await suggestCommunes("saint etie")).map((c) => c.name)[0]).toBe("Saint-Étienne");
    expect((await suggestCommunes("6910")).map((c) => c.name)).toContain("Villeurbanne");
    expect(await suggestCommunes("v")).toEqual([]);
    expect(foldPlaceName("Saint-Étienne")).toBe(foldPlaceName("ST ETIENNE"));
  });
});

describe("places on the pages and the API", () => {
  let app: Instance;
  let session: { cookie: string; csrf: string };
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await app.http.request(`http://town.test${path}`, { headers: { Accept: "text/html", "Accept-Language": "fr", ...headers } });
    return { status: res.status, html: await res.text() };
  };
  const post = (path: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams({ _csrf: session.csrf });
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
    return app.http.request(`http://town.test${path}`, {
      method: "POST",
      headers: { Cookie: session.cookie, "Content-Type": "application/x-www-form-urlencoded", Accept: "text/html", "Accept-Language": "fr" },
      body,
      redirect: "manual",
    });
  };

  beforeAll(async () => {
    app = await testInstance({ LOGIN_RATE_LIMIT: "1000" });
    const db = app.db.kysely;
    const coord = await createUser(db, { username: "coord", email: "coord@town.test", password: "a long password", role: "admin" });
    await createOrganization(db, { handle: "asso", name: "Asso", coordinatorId: coord.id });
    const made = await createSession(db, coord.id);
    session = { cookie: `entraide_session=${made.secret}`, csrf: made.csrf };
    // A need at Villeurbanne's centre, one in Marseille: neither names the other's town, and no need names "69100".
    await createNeed(db, silentEvents, coord, needInput({ title: "Lecture à la médiathèque", place: { label: "Gratte-Ciel", mode: "on_site", latitude: 45.7665, longitude: 4.8795, radius_km: 1 } }));
    await createNeed(db, silentEvents, coord, needInput({ title: "Accueil au Vieux-Port", place: { label: "Vieux-Port", mode: "on_site", latitude: 43.295, longitude: 5.374, radius_km: 1 } }));
    await createNeed(db, silentEvents, coord, needInput({ title: "Courses à la Croix-Rousse", place: { label: "Croix-Rousse", mode: "on_site", latitude: 45.774, longitude: 4.832, radius_km: 1 } }));
  });
  afterAll(async () => {
    await app.close();
  });

  it("the search page finds the needs near a postcode or a commune typed any way", async () => {
    for (const place of ["69100", "Villeurbanne", "villeurbanne", "VILLEURBANNE"]) {
      const { status, html } = await get(`/search?place=${encodeURIComponent(place)}&radius=3`);
      expect([place, status]).toEqual([place, 200]);
      expect(html).toContain("Lecture à la médiathèque");
      expect(html).not.toContain("Accueil au Vieux-Port");
      expect(html).not.toContain("Nous ne trouvons pas");
    }
    const marseille = await get(`/search?place=${encodeURIComponent("13002")}&radius=5`);
    expect(marseille.html).toContain("Accueil au Vieux-Port");
    expect(marseille.html).not.toContain("Lecture à la médiathèque");
  });

  it("still finds a place only needs name (a neighbourhood), and says when it finds nothing", async () => {
    const croix = await get(`/search?place=${encodeURIComponent("croix-rousse")}&radius=1`);
    expect(croix.html).toContain("Courses à la Croix-Rousse");
    const none = await get(`/search?place=${encodeURIComponent("Nullepart-sur-Rien")}`);
    expect(none.status).toBe(422);
    expect(none.html).toContain("Nous ne trouvons pas « Nullepart-sur-Rien » : donnez le nom d&#39;une commune ou son code postal (par exemple : 69100).</p>");
  });

  it("the home page's near me takes a postcode", async () => {
    const { html } = await get("/?place=69100");
    expect(html).toContain("Lecture à la médiathèque");
    expect(html).not.toContain("Nous ne trouvons pas");
  });

  it("an alert takes a postcode, and an unknown place is said at the top of the page, linked to the field", async () => {
    const ok = await post("/me/alerts", { domains: "personnes-agees", area: "near", place: "69100", radius: "10" });
    expect([ok.status, ok.headers.get("location")]).toEqual([303, "/me/alerts?created=1"]);
    const alert = await app.db.kysely.selectFrom("alerts").selectAll().where("place_label", "=", "69100").executeTakeFirstOrThrow();
    expect([alert.latitude, alert.longitude]).toEqual([45.77, 4.88]);
    const saint = await post("/me/alerts", { domains: "personnes-agees", area: "near", place: "saint etienne", radius: "10" });
    expect(saint.status).toBe(303);
    const bad = await post("/me/alerts", { domains: "personnes-agees", area: "near", place: "Nullepart-sur-Rien", radius: "10" });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    const top = html.indexOf('<div class="error" role="alert">');
    expect(top).toBeGreaterThan(-1);
    // The summary comes before the list of alerts and the form; it links to the place field.
    expect(top).toBeLessThan(html.indexOf('id="alerts-mine"'));
    expect(html.slice(top, top + 400)).toContain('<a href="#alert-place">Nous ne trouvons pas ce lieu');
    expect(html).toMatch(/<input id="alert-place" name="place" value="Nullepart-sur-Rien" aria-invalid="true" aria-describedby="alert-place-hint place-error"/);
  });

  it("the API suggests communes, with their postcodes and points", async () => {
    const res = await app.http.request("http://town.test/api/v1/places?q=villeurb");
    expect(res.status).toBe(200);
    const { items } = await res.json();
    expect(items[0]).toMatchObject({ code: "69266", name: "Villeurbanne", postcodes: ["69100"], label: "Villeurbanne (69100)" });
    expect((await app.http.request("http://town.test/api/v1/places?q=v")).status).toBe(422);
  });

  it("the need form gives a need named after a commune its point, rounded as it is published", async () => {
    const form = await get("/coordinate/needs/new", { Cookie: session.cookie });
    expect(form.html).toMatch(/<input id="place_label" name="place_label" type="text" value="" required="" list="communes" data-suggest="\/api\/v1\/places"/);
    const res = await post("/coordinate/needs/new", {
      organization: "asso",
      title: "Aide aux devoirs à Villeurbanne",
      description: "",
      domains: "education",
      place_label: "Villeurbanne, Gratte-Ciel",
      place_mode: "on_site",
      latitude: "",
      longitude: "",
      schedule_kind: "flexible",
      volunteers_wanted: "1",
      language: "fr",
      status: "open",
      action: "preview",
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("« Villeurbanne, Gratte-Ciel » : le point est placé au centre de Villeurbanne, arrondi comme il sera publié.");
    expect(html).toContain('<input id="latitude" name="latitude" type="text" value="45.77"');
    expect(html).toContain('<input id="longitude" name="longitude" type="text" value="4.88"');
  });
});

describe("the address API (GEOCODER_URL)", () => {
  it("is off by default, and when set gives the need form the address's point, falling back to the commune", async () => {
    const { createServer } = await import("node:http");
    const asked: string[] = [];
    let answer: "ok" | "empty" | "broken" = "ok";
    // A stand-in for the national address API, on loopback, answering as it does.
    const standIn = createServer((req, res) => {
      asked.push(req.url ?? "");
      res.setHeader("Content-Type", "application/json");
      if (answer === "broken") return res.writeHead(502).end("{}");
      const features =
        answer === "ok"
          ? [{ type: "Feature", geometry: { type: "Point", coordinates: [4.80412, 45.77541] }, properties: { label: "3 Place Valmy 69009 Lyon", score: 0.97 } }]
          : [];
      res.end(JSON.stringify({ type: "FeatureCollection", features }));
    });
    await new Promise<void>((resolve) => standIn.listen(0, "127.0.0.1", resolve));
    const port = (standIn.address() as { port: number }).port;
    const instances: Instance[] = [];
    try {
      const setUp = async (env: Record<string, string>) => {
        const app = await testInstance(env);
        instances.push(app);
        const coord = await createUser(app.db.kysely, { username: "coord", email: "coord@town.test", password: "a long password", role: "admin" });
        await createOrganization(app.db.kysely, { handle: "asso", name: "Asso", coordinatorId: coord.id });
        const s = await createSession(app.db.kysely, coord.id);
        return async (fields: Record<string, string>) => {
          const res = await app.http.request("http://town.test/coordinate/needs/new", {
            method: "POST",
            headers: { Cookie: `entraide_session=${s.secret}`, "Content-Type": "application/x-www-form-urlencoded", Accept: "text/html", "Accept-Language": "fr" },
            body: new URLSearchParams({
              _csrf: s.csrf, organization: "asso", title: "Courses à Vaise", description: "", domains: "solidarite-insertion", place_label: "Lyon 9e",
              place_mode: "on_site", latitude: "", longitude: "", schedule_kind: "flexible", volunteers_wanted: "1", language: "fr", status: "open", action: "preview", ...fields,
            }),
          });
          return res.text();
        };
      };
      const off = await setUp({});
      const withoutApi = await off({ address: "3 place Valmy, 69009 Lyon" });
      expect(asked).toEqual([]);
      expect(withoutApi).toContain("le point est placé au centre de Lyon 9e Arrondissement");

      const on = await setUp({ GEOCODER_URL: `http://127.0.0.1:${port}` });
      const html = await on({ address: "3 place Valmy, 69009 Lyon" });
      expect(asked).toEqual([`/search/?q=${encodeURIComponent("3 place Valmy, 69009 Lyon").replace(/%20/g, "+")}&limit=1`]);
      expect(html).toContain("Le point de la mission est celui de l&#39;adresse « 3 Place Valmy 69009 Lyon » : il reste privé");
      expect(html).toContain('<input id="latitude" name="latitude" type="text" value="45.77541"');
      expect(html).toContain('<input id="longitude" name="longitude" type="text" value="4.80412"');
      // No address, or coordinates given: the service is not asked.
      await on({ address: "" });
      await on({ address: "3 place Valmy", latitude: "45.7", longitude: "4.8" });
      expect(asked).toHaveLength(1);
      // The service knows nothing, or fails: the commune's centre, as without it.
      answer = "empty";
      expect(await on({ address: "nulle part" })).toContain("le point est placé au centre de Lyon 9e Arrondissement");
      answer = "broken";
      expect(await on({ address: "3 place Valmy" })).toContain("le point est placé au centre de Lyon 9e Arrondissement");
      expect(asked).toHaveLength(3);
    } finally {
      for (const app of instances) await app.close();
      await new Promise((resolve) => standIn.close(resolve));
    }
  }, 60_000);
});
