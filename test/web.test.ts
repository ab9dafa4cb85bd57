// The web interface in-process: language choice, sign-up errors, CSRF, OpenGraph, page weight, feeds.
import { parseDocument } from "htmlparser2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseLang } from "../web/i18n/index.ts";
import { requestPasswordReset } from "../src/domain/accounts/resets.ts";
import { createUser } from "../src/domain/accounts/users.ts";
import { createNeed } from "../src/domain/needs/service.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { testInstance } from "./helpers/app.ts";
import { postLogin } from "./helpers/login.ts";

type Element = { name: string; attribs: Record<string, string>; children: Node[] };
type Node = Element | { data: string };

function find(node: Node, name: string): Element[] {
  const found: Element[] = [];
  const walk = (n: Node) => {
    if ("name" in n && n.name === name) found.push(n);
    if ("children" in n) n.children.forEach(walk);
  };
  walk(node);
  return found;
}
const textOf = (n: Node): string => ("data" in n ? n.data : n.children.map(textOf).join(""));

describe("the web interface", () => {
  let app: Awaited<ReturnType<typeof testInstance>>;
  let needId: string;
  let recurringId: string;
  const page = (path: string, init: RequestInit = {}) =>
    app.http.request(`http://town.test${path}`, { ...init, headers: { Accept: "text/html", ...init.headers } });
  const form = (body: Record<string, string>, headers: Record<string, string> = {}) => ({
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(body).toString(),
  });

  beforeAll(async () => {
    app = await testInstance({ LOGIN_RATE_LIMIT: "1000" });
    const db = app.db.kysely;
    const coord = await createUser(db, { username: "coord", email: "c@town.test", password: "a long password", role: "admin" });
    await createOrganization(db, { handle: "asso", name: "Asso", coordinatorId: coord.id });
    const base = {
      organization: "asso",
      description: "Un *trajet* aller-retour.",
      domains: ["culture-loisirs"],
      skills: [],
      audience: [],
      language: "fr" as const,
      place: { label: "Villeurbanne", mode: "on_site" as const, radius_km: 2 },
      volunteers_wanted: 1,
      visibility: "public" as const,
      private_notes: "",
      beneficiary: "",
      status: "open" as const,
    };
    needId = (
      await createNeed(db, app.contextData.events, coord, {
        ...base,
        title: "Sortie au musée",
        schedule: { kind: "date", start: "2026-12-15T09:00:00+01:00", end: "2026-12-15T11:00:00+01:00" },
      })
    ).id;
    recurringId = (
      await createNeed(db, app.contextData.events, coord, {
        ...base,
        title: "Atelier lecture du mardi",
        schedule: { kind: "recurring", rrule: "FREQ=WEEKLY;BYDAY=TU", start: "2026-12-01T14:00:00+01:00", duration_minutes: 90 },
      })
    ).id;
  });
  afterAll(async () => {
    await app.close();
  });

  it("chooses the language from Accept-Language, and the lang cookie wins", async () => {
    expect(chooseLang(undefined, "en-GB,en;q=0.9,fr;q=0.5")).toBe("en");
    expect(chooseLang(undefined, "de,fr;q=0.8,en;q=0.9")).toBe("en");
    expect(chooseLang(undefined, undefined)).toBe("fr");
    const english = await (await page("/", { headers: { "Accept-Language": "en-US,en;q=0.9" } })).text();
    expect(english).toContain('<html lang="en">');
    expect(english).toContain("Open needs");
    const french = await (await page("/", { headers: { "Accept-Language": "en", Cookie: "lang=fr" } })).text();
    expect(french).toContain('<html lang="fr">');
    expect(french).toContain("Missions ouvertes");
    const switched = await page("/lang/en?back=/about");
    expect(switched.status).toBe(303);
    expect(switched.headers.get("location")).toBe("/about");
    expect(switched.headers.get("set-cookie")).toContain("lang=en");
    expect((await page("/lang/en?back=//evil.example")).headers.get("location")).toBe("/");
  });

  it("shows sign-up errors next to their field, and signs up with consent", async () => {
    const noConsent = await page("/signup", form({ username: "zoe", email: "zoe@town.test", password: "a long password" }));
    expect(noConsent.status).toBe(422);
    expect(await noConsent.text()).toContain('id="consent-error"');
    const short = await page("/signup", form({ username: "zoe", email: "zoe@town.test", password: "short", consent: "yes", age: "adult" }));
    expect(short.status).toBe(422);
    const html = await short.text();
    expect(html).toMatch(/<p class="error" id="password-error">Le mot de passe doit compter au moins 10 caractères.<\/p>/);
    expect(html).toContain('value="zoe@town.test"');
    const email = await page("/signup", form({ username: "zoe", email: "nope", password: "a long password", consent: "yes", age: "adult" }));
    expect(await email.text()).toContain('id="email-error"');
    const ok = await page("/signup", form({ username: "zoe", email: "zoe@town.test", password: "a long password", consent: "yes", age: "adult" }));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("Merci. Nous avons envoyé un message à l&#39;adresse indiquée");
    const login = await postLogin(app.http.request, "http://town.test", { login: "zoe", password: "a long password" });
    expect(login.status).toBe(303);
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const me = await (await page("/me", { headers: { Cookie: cookie } })).text();
    expect(me).toContain("@zoe");
  });

  it("shows the domain's refusals in the page's language, and keeps English with a code in the API", async () => {
    const taken = { username: "coord", email: "other@town.test", password: "a long password", consent: "yes", age: "adult" };
    const fr = await (await page("/signup", form(taken))).text();
    expect(fr).toContain("Le nom « coord » est déjà pris : choisissez-en un autre.");
    const en = await (await page("/signup", form(taken, { "Accept-Language": "en" }))).text();
    expect(en).toContain("The name &quot;coord&quot; is already taken: choose another one.");
    // A taken email is not said (test/security-accounts.test.ts): the owner gets a mail instead.
    const email = await (await page("/signup", form({ ...taken, username: "newcomer", email: "C@town.test" }))).text();
    expect(email).toContain("Merci. Nous avons envoyé un message à l&#39;adresse indiquée");
    expect(email).not.toContain("Un compte utilise déjà");

    // A need's form: validation problems and the domain's own refusals, in French.
    const login = await postLogin(app.http.request, "http://town.test", { login: "coord", password: "a long password" });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await (await page("/coordinate/needs/new", { headers: { Cookie: cookie } })).text())?.[1] ?? "";
    const need = (fields: Record<string, string>) =>
      page(
        "/coordinate/needs/new",
        form({ _csrf: csrf, organization: "asso", title: "Sortie", domains: "culture-loisirs", place_label: "Lyon", place_mode: "on_site",
          schedule_kind: "date", start: "2026-12-15T14:00", volunteers_wanted: "1", status: "open", action: "save", ...fields }, { Cookie: cookie }),
      );
    const short = await need({ title: "ab" });
    expect(short.status).toBe(422);
    expect(await short.text()).toMatch(/id="title-error">Trop court : 3 caractères au moins.</);
    const backwards = await (await need({ end: "2026-12-15T10:00" })).text();
    expect(backwards).toContain("La fin est avant le début.");
    expect(backwards).not.toContain("the schedule ends before it starts");

    // An error page too: applying twice.
    const applied = await page(`/needs/${needId}/apply`, form({ _csrf: csrf, message: "" }, { Cookie: cookie }));
    expect(applied.headers.get("location")).toBe(`/needs/${needId}?done=applied`);
    const twice = await page(`/needs/${needId}/apply`, form({ _csrf: csrf, message: "" }, { Cookie: cookie }));
    expect(twice.headers.get("location")).toBe(`/needs/${needId}?error=already_applied`);
    expect(await (await page(twice.headers.get("location")!, { headers: { Cookie: cookie } })).text()).toContain(
      "Vous avez déjà proposé votre aide pour cette mission.",
    );

    const { token } = await (await app.http.request("http://town.test/api/v1/tokens", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ login: "coord", password: "a long password" }),
    })).json();
    const api = await app.http.request("http://town.test/api/v1/organizations", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept-Language": "fr", Authorization: `Bearer ${token}` },
      body: JSON.stringify({ handle: "asso", name: "Encore" }),
    });
    expect(api.status).toBe(409);
    expect(api.headers.get("content-type")).toContain("application/problem+json");
    expect(await api.json()).toMatchObject({ code: "handle_taken", detail: 'the handle "asso" is already taken' });
  });

  it("refuses a form posted without the session's CSRF token", async () => {
    const login = await postLogin(app.http.request, "http://town.test", { login: "coord", password: "a long password" });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const refused = await page("/me/profile", form({ displayName: "Pirate" }, { Cookie: cookie }));
    expect(refused.status).toBe(403);
    const wrong = await page("/me/profile", form({ displayName: "Pirate", _csrf: "forged" }, { Cookie: cookie }));
    expect(wrong.status).toBe(403);
    const html = await (await page("/me", { headers: { Cookie: cookie } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
    const accepted = await page("/me/profile", form({ displayName: "Camille", _csrf: csrf }, { Cookie: cookie }));
    expect(accepted.status).toBe(303);
  });

  it("puts OpenGraph tags on public pages", async () => {
    const html = await (await page(`/needs/${needId}`)).text();
    expect(html).toContain('<meta property="og:title" content="Sortie au musée"');
    expect(html).toContain(`<meta property="og:url" content="http://town.test/needs/${needId}"`);
    expect(html).toContain('<meta property="og:type" content="article"');
    expect(html).toMatch(/<meta property="og:description" content="[^"]*Villeurbanne/);
    for (const path of ["/", "/about", "/@asso"]) expect(await (await page(path)).text(), path).toContain('property="og:title"');
  });

  it("keeps the main pages under 100 KB", async () => {
    for (const path of ["/", "/search?q=musée", `/needs/${needId}`, "/@asso", "/about", "/offers", "/signup", "/login"]) {
      const res = await page(path);
      expect(res.status, path).toBeLessThan(400);
      expect((await res.arrayBuffer()).byteLength, path).toBeLessThan(100_000);
    }
  });

  it("serves RSS feeds that parse as XML, with the need's title and link", async () => {
    for (const path of ["/feed.xml", "/@asso/feed.xml", "/domains/culture-loisirs/feed.xml"]) {
      const res = await page(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toContain("application/rss+xml");
      const doc = parseDocument(await res.text(), { xmlMode: true }) as unknown as Node;
      const [rss] = find(doc, "rss");
      expect(rss?.attribs.version).toBe("2.0");
      const items = find(doc, "item");
      const museum = items.find((item) => textOf(find(item, "title")[0]!) === "Sortie au musée");
      expect(museum, path).toBeDefined();
      expect(textOf(find(museum!, "link")[0]!)).toBe(`http://town.test/needs/${needId}`);
    }
  });

  it("serves Atom 1.0 feeds beside the RSS ones, and the pages advertise both", async () => {
    const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
    for (const path of ["/feed.atom", "/@asso/feed.atom", "/domains/culture-loisirs/feed.atom"]) {
      const res = await page(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toContain("application/atom+xml");
      const doc = parseDocument(await res.text(), { xmlMode: true }) as unknown as Node;
      const [feed] = find(doc, "feed");
      expect(feed?.attribs.xmlns).toBe("http://www.w3.org/2005/Atom");
      // The feed's own elements (not its entries'): id, title, updated, author, rel="self".
      const own = (name: string) => feed!.children.filter((n): n is Element => "name" in n && n.name === name);
      expect(textOf(own("id")[0]!)).toBe(`http://town.test${path}`);
      expect(textOf(own("title")[0]!)).not.toBe("");
      expect(textOf(own("updated")[0]!)).toMatch(rfc3339);
      expect(textOf(find(own("author")[0]!, "name")[0]!)).toBe("Entraide");
      expect(own("link").find((l) => l.attribs.rel === "self")?.attribs.href).toBe(`http://town.test${path}`);
      const entries = find(doc, "entry");
      expect(entries.length, path).toBeGreaterThan(0);
      for (const entry of entries) {
        for (const required of ["id", "title", "updated"]) expect(find(entry, required), required).toHaveLength(1);
        expect(textOf(find(entry, "updated")[0]!)).toMatch(rfc3339);
        expect(textOf(find(find(entry, "author")[0]!, "name")[0]!)).toBe("Asso");
        expect(find(entry, "link")[0]?.attribs.href).toBe(textOf(find(entry, "id")[0]!));
      }
      const museum = entries.find((e) => textOf(find(e, "title")[0]!) === "Sortie au musée");
      expect(textOf(find(museum!, "id")[0]!)).toBe(`http://town.test/needs/${needId}`);
      expect(find(museum!, "content")[0]?.attribs.type).toBe("html");
      expect(textOf(find(museum!, "content")[0]!)).toContain("<em>trajet</em>");
    }
    const advertised: [string, string][] = [
      ["/", "/feed.atom"],
      ["/@asso", "/@asso/feed.atom"],
      ["/domains/culture-loisirs", "/domains/culture-loisirs/feed.atom"],
      [`/needs/${needId}`, "/@asso/feed.atom"],
    ];
    for (const [path, atom] of advertised) {
      const html = await (await page(path)).text();
      expect(html, path).toContain(`<link rel="alternate" type="application/atom+xml" title="Flux Atom" href="${atom}"/>`);
      expect(html, path).toContain(`href="${atom.replace(".atom", ".xml")}"`);
    }
  });

  it("serves iCalendar events with DTSTART, and the RRULE of recurring needs", async () => {
    const one = await (await page(`/needs/${needId}/calendar.ics`)).text();
    expect(one).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(one).toContain("BEGIN:VEVENT");
    expect(one).toContain("DTSTART:20261215T080000Z");
    expect(one).toContain("DTEND:20261215T100000Z");
    const all = await page("/calendar.ics");
    expect(all.headers.get("content-type")).toContain("text/calendar");
    const text = await all.text();
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    const recurring = await (await page(`/needs/${recurringId}/calendar.ics`)).text();
    expect(recurring).toContain("DTSTART:20261201T130000Z");
    expect(recurring).toContain("RRULE:FREQ=WEEKLY;BYDAY=TU");
    expect(recurring).toContain("DURATION:PT90M");
  });

  it("resets a password with a single-use link", async () => {
    const asked = await page("/password-reset", form({ email: "nobody@town.test" }));
    expect(asked.status).toBe(200);
    const reset = await requestPasswordReset(app.db.kysely, "c@town.test");
    expect(reset).toBeDefined();
    expect((await page(`/password-reset/${reset!.secret}`)).status).toBe(200);
    const short = await page(`/password-reset/${reset!.secret}`, form({ password: "short" }));
    expect(await short.text()).toContain('id="password-error"');
    const done = await page(`/password-reset/${reset!.secret}`, form({ password: "a new long password" }));
    expect(done.headers.get("location")).toBe("/login?reset=1");
    expect((await page(`/password-reset/${reset!.secret}`)).status).toBe(410);
    const login = await postLogin(app.http.request, "http://town.test", { login: "coord", password: "a new long password" });
    expect(login.status).toBe(303);
  });
});
