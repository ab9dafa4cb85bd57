// Plain French on every main page: a scan of what people read (tags and attribute values
// stripped) for untranslated keys, ISO dates, "(s)" plurals, decimal points and English words.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../src/domain/accounts/users.ts";
import { audit } from "../src/domain/moderation/moderation.ts";
import { createNeed } from "../src/domain/needs/service.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { testInstance } from "./helpers/app.ts";
import { frenchFindings } from "./helpers/french-scan.ts";
import { postLogin } from "./helpers/login.ts";
import { needInput } from "./helpers/needs.ts";

describe("French pages", () => {
  let app: Awaited<ReturnType<typeof testInstance>>;
  let needId: string;
  const cookies: Record<string, string> = {};
  const page = (path: string, who?: string) =>
    app.http.request(`http://town.test${path}`, {
      headers: { Accept: "text/html", "Accept-Language": "fr", ...(who ? { Cookie: cookies[who]! } : {}) },
    });

  beforeAll(async () => {
    app = await testInstance({ LOGIN_RATE_LIMIT: "1000" });
    const db = app.db.kysely;
    const admin = await createUser(db, { username: "maire", email: "a@town.test", password: "a long password", role: "admin" });
    const coord = await createUser(db, { username: "coord", email: "c@town.test", password: "a long password" });
    await createUser(db, { username: "lucie", email: "l@town.test", password: "a long password" });
    await createOrganization(db, { handle: "asso", name: "Asso", coordinatorId: coord.id });
    const need = await createNeed(db, app.contextData.events, coord, {
      ...needInput({
        title: "Accompagner à un rendez-vous médical",
        place: { label: "Villeurbanne", mode: "on_site", radius_km: 2, latitude: 45.7667, longitude: 4.8799 },
        schedule: { kind: "date", start: "2026-12-15T09:00:00+01:00", end: "2026-12-15T11:00:00+01:00" },
        volunteers_wanted: 2,
      }),
    });
    needId = need.id;
    await createNeed(db, app.contextData.events, coord, needInput({ title: "Lire le journal à une voisine", schedule: { kind: "recurring", rrule: "FREQ=WEEKLY;BYDAY=TH", start: "2026-12-03T14:00:00+01:00", duration_minutes: 60 } }));
    await audit(db, admin, "instance.settings", "instance");
    for (const who of ["maire", "coord", "lucie"]) {
      const login = await postLogin(app.http.request, "http://town.test", { login: who, password: "a long password" });
      cookies[who] = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    }
    // Lucie offers help, so "Mes propositions" and the applications page have a row with a date.
    const html = await (await page(`/needs/${needId}`, "lucie")).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
    const applied = await app.http.request(`http://town.test/needs/${needId}/apply`, {
      method: "POST",
      headers: { Accept: "text/html", Cookie: cookies.lucie!, "Content-Type": "application/x-www-form-urlencoded" },
      body: `_csrf=${encodeURIComponent(csrf)}&message=Disponible`,
    });
    expect(applied.status).toBe(303);
  });
  afterAll(async () => {
    await app.close();
  });

  const pages: [string, string | undefined][] = [
    ["/", undefined],
    ["/search?q=", undefined],
    ["/search?q=&near=45.77,4.88&radius=10", undefined],
    ["/search?place=nullepart", undefined],
    ["/calendar", undefined],
    ["/practices", undefined],
    ["/evaluation", undefined],
    ["/about", undefined],
    ["/signup", undefined],
    ["/login", undefined],
    ["/domains", undefined],
    ["/@asso", undefined],
    ["/me", "lucie"],
    ["/me/data", "lucie"],
    ["/me/notifications", "lucie"],
    ["/me/alerts", "lucie"],
    ["/coordinate", "coord"],
    ["/coordinate/needs/new", "coord"],
    ["/coordinate/organizations/asso/settings", "coord"],
    ["/admin", "maire"],
    ["/admin/moderation", "maire"],
    ["/admin/federation", "maire"],
    ["/admin/settings", "maire"],
    ["/admin/privacy", "maire"],
  ];

  it("finds nothing English, untranslated, ISO-dated or badly plural on the main pages", async () => {
    const all = [...pages, [`/needs/${needId}`, undefined], [`/needs/${needId}`, "lucie"], [`/coordinate/needs/${needId}/applications`, "coord"], [`/coordinate/needs/${needId}/edit`, "coord"]] as const;
    const findings: string[] = [];
    for (const [path, who] of all) {
      const res = await page(path, who);
      // 422: a search the page answers with a message (an unknown place).
      expect([path, res.status]).toEqual([path, path.includes("nullepart") ? 422 : 200]);
      for (const finding of frenchFindings(await res.text())) findings.push(`${path}${who ? ` (${who})` : ""}: ${finding}`);
    }
    expect(findings).toEqual([]);
  });

  it("catches what it looks for (the scan can fail)", () => {
    expect(frenchFindings(`<p title="a.b">1 résultat(s) à 0.3 km le 2026-12-01, search.results</p><time datetime="2026-12-01">1er</time> Save <code>45.76,4.83</code>`)).toEqual([
      "key search.results",
      "ISO date 2026-12-01",
      "plural résultat(s)",
      "decimal point 0.3",
      'English "Save"',
    ]);
  });
});
