// Plain French on every main page: a scan of what people read (tags and attribute values
// stripped) for untranslated keys, ISO dates, "(s)" plurals, decimal points and English words.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../src/domain/accounts/users.ts";
import { audit } from "../src/domain/moderation/moderation.ts";
import { createNeed } from "../src/domain/needs/service.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { fr } from "../web/i18n/fr.ts";
import { testInstance } from "./helpers/app.ts";
import { postLogin } from "./helpers/login.ts";
import { needInput } from "./helpers/needs.ts";

const KEYS = Object.keys(fr);
/** A word that is a catalogue key, or the end of one (an audit action shown as `instance.settings`). */
const isKey = (word: string) => KEYS.some((key) => key === word || key.endsWith(`.${word}`));
const ENGLISH = [" the ", "Submit", "Save", "Cancel", "Loading", "Error", "Delete", "Search", "Sign in", " and ", " of ", " your "];

/** The text a person reads: no scripts, styles, comments, tags or attribute values; entities decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, " ")
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;|&#160;/g, "\u00a0")
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/[ \t\r\n]+/g, " ");
}

/** What is wrong with a French page's text, one line per finding. */
export function frenchFindings(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/\b[a-z]+(?:\.[A-Za-z_]+)+\b/g)) if (isKey(match[0])) found.push(`key ${match[0]}`);
  for (const match of text.matchAll(/\b\d{4}-\d{2}-\d{2}\b/g)) found.push(`ISO date ${match[0]}`);
  for (const match of text.matchAll(/\S*\(s\)/g)) found.push(`plural ${match[0]}`);
  for (const match of text.matchAll(/(?<![\d.])\d+\.\d+(?![\d.])/g)) found.push(`decimal point ${match[0]}`);
  for (const word of ENGLISH) if (text.includes(word)) found.push(`English "${word.trim()}"`);
  return found;
}

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
      for (const finding of frenchFindings(visibleText(await res.text()))) findings.push(`${path}${who ? ` (${who})` : ""}: ${finding}`);
    }
    expect(findings).toEqual([]);
  });

  it("catches what it looks for (the scan can fail)", () => {
    expect(frenchFindings(visibleText(`<p title="a.b">1 résultat(s) à 0.3 km le 2026-12-01, search.results</p><time datetime="2026-12-01">1er</time> Save`))).toEqual([
      "key search.results",
      "ISO date 2026-12-01",
      "plural résultat(s)",
      "decimal point 0.3",
      'English "Save"',
    ]);
  });
});
