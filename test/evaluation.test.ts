// Issue 15, point 2: the evaluation dashboards against seeded needs whose answers are
// known (worked out by hand below), with the small-counts rule in the page and the CSV:
// a count of people under 5 is "< 5", so is what would give it back, and a breakdown
// hides a second cell when one alone would be the total minus the others.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../src/domain/accounts/sessions.ts";
import { type Account, createUser } from "../src/domain/accounts/users.ts";
import { indicatorsForNeeds } from "../src/domain/evaluation/indicators.ts";
import { applyWithAccount, decideApplication } from "../src/domain/needs/applications.ts";
import type { NeedCreate } from "../src/domain/needs/input.ts";
import { createNeed } from "../src/domain/needs/service.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { confirmOutcome } from "../src/domain/outcomes/outcomes.ts";
import { answerSurvey } from "../src/domain/outcomes/survey.ts";
import type { Instance } from "../src/main.ts";
import { testInstance } from "./helpers/app.ts";

const HOUR = 3_600_000;
const NBSP = "\u00a0";

function needInput(title: string, domain: string, wanted: number, visibility: NeedCreate["visibility"] = "public"): NeedCreate {
  return {
    organization: "asso",
    title,
    description: "Aider.",
    domains: [domain],
    skills: [],
    audience: [],
    language: "fr",
    place: { label: "Vaise", mode: "on_site", radius_km: 1 },
    schedule: { kind: "flexible" },
    volunteers_wanted: wanted,
    // Not a safeguarding test: its volunteers are accepted without a check (test/safeguarding.test.ts).
    safeguarding: false,
    visibility,
    private_notes: "",
    beneficiary: "",
    status: "open",
  };
}

/**
 * The seed, and its answers:
 * - N1 personnes-agees, published 2026-10-05 10:00, 5 wanted, u1…u5 accepted (applied +2 h,
 *   decided +5 h), done: 5 × 3 h = 15 h, 6 people helped; answers 5, 4, 4, 3, 5.
 * - N2 personnes-agees, 2026-10-20, 3 wanted, u1, u2 accepted (+1 h, +3 h), open.
 * - N3 education, 2026-11-03, 2 wanted, u6 accepted (+24 h, +48 h), done: 1 × 2 h, 1 helped.
 * - N4 education, followers only, 2026-11-10, 2 wanted, nobody.
 * The organisation: 4 published, 1 filled (N1), 2 done, 12 wanted, 8 accepted (67 %), 6
 * volunteers, 2 came back (u1, u2: "< 5"), 17 h, 7 helped, 5 answers, 4.2; medians: first
 * application 2 h (2, 1, 24), filling 5 h (N1 only is filled), response 3 h (3 ×5, 2 ×2, 24).
 * The instance (public needs only: not N4): 3 published, 10 wanted, 8 accepted (80 %).
 */
describe("evaluation dashboards", () => {
  let app: Instance;
  let coord: Account;
  let session: { secret: string; csrf: string };
  const needs: Record<string, string> = {};

  const page = async (path: string, signedIn = true) => {
    const res = await app.http.request(`http://town.test${path}`, { headers: { Accept: "text/html", ...(signedIn ? { Cookie: `entraide_session=${session.secret}` } : {}) } });
    return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
  };
  /** The value cell of an indicator in the overview table. */
  const overview = (html: string, key: string) => new RegExp(`<td data-indicator="${key}">([^<]*)</td>`).exec(html)?.[1];

  beforeAll(async () => {
    app = await testInstance();
    const db = app.db.kysely;
    const { events } = app.contextData;
    coord = await createUser(db, { username: "camille", email: "camille@town.test", password: "a long password" });
    await createOrganization(db, { handle: "asso", name: "Asso des Pentes", coordinatorId: coord.id });
    session = await createSession(db, coord.id);
    const users: Account[] = [];
    for (let i = 1; i <= 6; i++) users.push(await createUser(db, { username: `u${i}`, email: `u${i}@town.test`, password: "a long password" }));
    const seed = async (key: string, input: NeedCreate, published: string, volunteers: Account[], applied: number, decided: number) => {
      const need = await createNeed(db, events, coord, input);
      needs[key] = need.id;
      const apps: string[] = [];
      for (const u of volunteers) {
        const a = await applyWithAccount(db, events, u, need.id, "", "web");
        await decideApplication(db, events, coord, a.id, { status: "accepted" });
        apps.push(a.id);
      }
      const at = Date.parse(published);
      await db.updateTable("needs").set({ published, created: published }).where("id", "=", need.id).execute();
      for (const id of apps) {
        await db.updateTable("applications").set({ created: new Date(at + applied * HOUR).toISOString(), decided: new Date(at + decided * HOUR).toISOString() }).where("id", "=", id).execute();
      }
      return apps;
    };
    const n1 = await seed("n1", needInput("Visites", "personnes-agees", 5), "2026-10-05T10:00:00.000Z", users.slice(0, 5), 2, 5);
    await seed("n2", needInput("Courses", "personnes-agees", 3), "2026-10-20T10:00:00.000Z", users.slice(0, 2), 1, 3);
    const n3 = await seed("n3", needInput("Devoirs", "education", 2), "2026-11-03T10:00:00.000Z", users.slice(5, 6), 24, 48);
    await seed("n4", needInput("Soutien", "education", 2, "followers"), "2026-11-10T10:00:00.000Z", [], 0, 0);
    await confirmOutcome(db, events, coord, needs.n1!, { participants: n1, hours_per_volunteer: 3, people_helped: 6, worked: "Des binômes fixes.", not_worked: "" });
    await confirmOutcome(db, events, coord, needs.n3!, { participants: n3, hours_per_volunteer: 2, people_helped: 1, worked: "", not_worked: "Trop tard le soir." });
    for (const [i, rating] of [5, 4, 4, 3, 5].entries()) await answerSurvey(db, n1[i]!, { rating, comment: ["Zen", "Accueil chaleureux", "", "Bien", ""][i]! });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it("computes the indicators of a set of needs", async () => {
    const all = await indicatorsForNeeds(app.db.kysely, Object.values(needs));
    expect(all).toEqual({
      needsPublished: 4,
      needsFilled: 1,
      needsDone: 2,
      volunteersWanted: 12,
      volunteersAccepted: 8,
      fillRate: 0.667,
      hoursToFirstApplication: 2,
      hoursToFilling: 5,
      responseHours: 3,
      volunteers: 6,
      returningVolunteers: 2,
      hoursGiven: 17,
      peopleHelped: 7,
      answers: 5,
      satisfaction: 4.2,
    });
    // A need alone: its own figures (what a practice sheet shows of its needs).
    expect(await indicatorsForNeeds(app.db.kysely, [needs.n3!])).toMatchObject({ needsPublished: 1, needsFilled: 0, volunteersAccepted: 1, hoursToFirstApplication: 24, responseHours: null, hoursGiven: 2 });
    expect(await indicatorsForNeeds(app.db.kysely, [])).toMatchObject({ needsPublished: 0, fillRate: null });
  });

  it("shows the organisation's dashboard to its coordinators, small counts hidden in the page and the CSV", async () => {
    const res = await page("/coordinate/organizations/asso/evaluation");
    expect(res.status).toBe(200);
    const html = res.text;
    expect(overview(html, "needsPublished")).toBe("4");
    expect(overview(html, "needsDone")).toBe("2");
    expect(overview(html, "fillRate")).toBe(`67${NBSP}%`);
    expect(overview(html, "volunteers")).toBe("6");
    expect(overview(html, "returningVolunteers")).toBe("&lt; 5");
    expect(overview(html, "hoursGiven")).toBe("17");
    expect(overview(html, "peopleHelped")).toBe("7");
    expect(overview(html, "satisfaction")).toBe("4,2");
    expect(overview(html, "hoursToFirstApplication")).toBe("2 h");
    expect(overview(html, "hoursToFilling")).toBe("5 h");
    expect(overview(html, "responseHours")).toBe("3 h");
    // The charts: SVG images with their title and description, and their tables.
    expect(html).toContain('<svg role="img" aria-labelledby="chart-months-title chart-months-desc"');
    expect(html).toMatch(/<figure class="chart" aria-labelledby="chart-fill-caption"><figcaption id="chart-fill-caption">Taux de remplissage par domaine<\/figcaption>/);
    // Education has 1 volunteer accepted: its fill rate is "< 5" in the chart's label and table,
    // and so is the elderly's (7), or 8 − 7 would give it back.
    const fill = html.slice(html.indexOf('id="chart-fill-caption"'), html.indexOf('id="chart-hours-caption"'));
    expect(fill).toContain('<th scope="row">Éducation et décrochage scolaire</th><td>&lt; 5</td>');
    expect(fill).toContain('<th scope="row">Personnes âgées et dépendance</th><td>&lt; 5</td>');
    expect(fill.match(/<text class="chart-text"[^>]*>&lt; 5<\/text>/g)).toHaveLength(2);
    expect(fill).not.toContain("<rect");

    const csv = await page("/coordinate/organizations/asso/evaluation.csv");
    expect(csv.type).toContain("text/csv");
    const lines = csv.text.trim().split("\r\n").map((l) => l.split(","));
    const header = lines[0]!;
    expect(header.slice(0, 4)).toEqual(["breakdown", "key", "needs_published", "needs_filled"]);
    const row = (breakdown: string, key: string) => Object.fromEntries(header.map((h, i) => [h, lines.find((l) => l[0] === breakdown && l[1] === key)![i]]));
    expect(row("total", "")).toMatchObject({ needs_published: "4", volunteers_accepted: "8", fill_rate: "0.667", volunteers: "6", returning_volunteers: "< 5", hours_given: "17", answers: "5", satisfaction: "4.2" });
    expect(row("domain", "education")).toMatchObject({ needs_published: "2", volunteers_wanted: "4", volunteers_accepted: "< 5", fill_rate: "< 5", volunteers: "< 5", hours_given: "< 5", people_helped: "< 5", answers: "0", satisfaction: "" });
    expect(row("domain", "personnes-agees")).toMatchObject({ volunteers_accepted: "< 5", volunteers: "< 5", people_helped: "< 5", answers: "5", satisfaction: "4.2" });
    expect(row("month", "2026-10")).toMatchObject({ needs_published: "2", needs_done: "1", volunteers_accepted: "< 5" });
    // What the coordinators wrote; the volunteers' words of N1 (5 answers), alphabetically, not in the order given.
    expect(html).toContain("<dd class=\"pre-line\">Des binômes fixes.</dd>");
    expect(html).toContain("<dd class=\"pre-line\">Trop tard le soir.</dd>");
    expect(html).toMatch(/<li>Accueil chaleureux<\/li><li>Bien<\/li><li>Zen<\/li>/);
    // Not a coordinator of it: nothing.
    const other = await createUser(app.db.kysely, { username: "zoe", email: "zoe@town.test", password: "a long password" });
    const zoe = await createSession(app.db.kysely, other.id);
    const refused = await app.http.request("http://town.test/coordinate/organizations/asso/evaluation.csv", { headers: { Cookie: `entraide_session=${zoe.secret}` } });
    expect(refused.status).toBe(404);
  });

  it("shows the instance's public dashboard from its public needs only, with its CSV", async () => {
    const res = await page("/evaluation", false);
    expect(res.status).toBe(200);
    expect(overview(res.text, "needsPublished")).toBe("3");
    expect(overview(res.text, "volunteersWanted")).toBe("10");
    expect(overview(res.text, "fillRate")).toBe(`80${NBSP}%`);
    const csv = await page("/evaluation.csv", false);
    expect(csv.text.split("\r\n")[1]).toMatch(/^total,,3,1,2,10,8,0\.8,/);
    // The API says the same, with what it hid.
    const api = await app.http.request("http://town.test/api/v1/evaluation");
    const json = (await api.json()) as { total: { values: Record<string, number | null>; suppressed: string[] }; by_domain: { domain: string; suppressed: string[] }[] };
    expect(json.total.values).toMatchObject({ needsPublished: 3, volunteersWanted: 10, volunteersAccepted: 8, fillRate: 0.8, returningVolunteers: null });
    expect(json.total.suppressed).toEqual(["returningVolunteers"]);
    expect(json.by_domain.find((d) => d.domain === "education")?.suppressed).toEqual(expect.arrayContaining(["volunteersAccepted", "fillRate", "volunteers", "hoursGiven", "peopleHelped"]));
    // Not an aggregator: no federation's dashboard.
    expect((await page("/evaluation/federation", false)).status).toBe(404);
  });

  it("publishes the instance's dashboard as open data, with the distributions its medians and mean are read from", async () => {
    // The same figures, hidden where the dashboard hides them: the file says nothing the page does not.
    const file = await page("/open-data/evaluation.csv", false);
    expect(file.type).toMatch(/^text\/csv; charset=utf-8/);
    expect(file.text).toBe((await page("/evaluation.csv", false)).text);
    const lines = file.text.trim().split("\r\n").map((l) => l.split(","));
    const header = lines[0]!;
    const buckets = ["under_1h", "1h_6h", "6h_24h", "1d_3d", "3d_7d", "7d_30d", "30d_more"];
    expect(header.slice(17)).toEqual([
      ...[1, 2, 3, 4, 5].map((r) => `ratings_${r}`),
      ...["first_application", "filling", "response"].flatMap((d) => buckets.map((b) => `${d}_${b}`)),
    ]);
    const json = (await (await app.http.request("http://town.test/open-data/evaluation.json")).json()) as {
      version: number;
      columns: string[];
      rows: (Record<string, number | string | null> & { suppressed: string[] })[];
    };
    expect(json.version).toBe(1);
    expect(json.columns).toEqual(header);
    const row = (breakdown: string, key: string) => json.rows.find((r) => r.breakdown === breakdown && r.key === key)!;
    // N1's answers 5 4 4 3 5 by rating; its 5 decisions at 3 h and N2's 2 at 2 h within 1 to 6 h, N3's at 24 h within 1 to 3 days.
    expect(row("total", "")).toMatchObject({ answers: 5, satisfaction: 4.2, ratings_1: 0, ratings_3: 1, ratings_4: 2, ratings_5: 2, response_1h_6h: 7, response_1d_3d: 1, response_hours: 3 });
    // 3 first applications, 1 filling: fewer than 5, hidden whole; the 2 who came back too.
    expect(row("total", "")).toMatchObject({ first_application_1h_6h: null, filling_1h_6h: null, returning_volunteers: null, hours_to_first_application: 2 });
    expect(row("total", "").suppressed).toEqual(expect.arrayContaining(["returning_volunteers", "first_application_under_1h", "first_application_30d_more", "filling_1h_6h"]));
    expect(row("total", "").suppressed).not.toContain("response_1h_6h");
    // Education's one decision is hidden, so the elderly's 7 are too, or the total minus them would give it back.
    expect(row("domain", "education")).toMatchObject({ response_1d_3d: null, answers: 0, satisfaction: null, ratings_5: 0 });
    expect(row("domain", "education").suppressed).toContain("response_1d_3d");
    expect(row("domain", "education").suppressed).not.toContain("satisfaction");
    expect(row("domain", "personnes-agees")).toMatchObject({ response_1h_6h: null, answers: 5, ratings_4: 2 });
    expect(row("domain", "personnes-agees").suppressed).toContain("response_1h_6h");
    // The JSON says what the CSV says, cell by cell.
    const asCells = (r: (typeof json.rows)[number]) => header.map((c) => (r[c] === null ? (r.suppressed.includes(c) ? "< 5" : "") : String(r[c])));
    expect(json.rows.map(asCells)).toEqual(lines.slice(1));
    // The open-data page documents the file, its columns and its buckets.
    const doc = await page("/open-data", false);
    for (const word of ["evaluation.json", "<code>ratings_1</code>", "<code>response_hours</code>", "<code>_1d_3d</code>", "Version 1"]) expect(doc.text, word).toContain(word);
  });
});
