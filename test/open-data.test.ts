// Open data: needs by domain and month, from seeded needs with known answers (on
// SQLite, and on PostgreSQL with TEST_DATABASE=postgres): only public needs count,
// figures from 1 to 4 are hidden ("< 5" in the CSV, null and named in the JSON) with
// what would give them back, the CSV parses, the JSON says the same as the CSV, and
// the page documents the files in French and English.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../src/domain/accounts/users.ts";
import type { NeedCreate } from "../src/domain/needs/input.ts";
import { createNeed } from "../src/domain/needs/service.ts";
import { needsByDomainMonth } from "../src/domain/open-data/indicators.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { testInstance } from "./helpers/app.ts";

/** RFC 4180: fields split by commas, double quotes around a field with a comma, a quote (doubled) or a line break; CRLF lines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else if (ch === '"' || ch === "\n" || ch === "\r") throw new Error(`a bare ${JSON.stringify(ch)} at ${i}`);
    else field += ch;
  }
  if (quoted || field !== "" || row.length) throw new Error("the last line does not end with CRLF");
  return rows;
}

const HEADER = [
  "domain",
  "domain_label",
  "month",
  "needs_published",
  "needs_filled",
  "needs_done",
  "volunteers_wanted",
  "volunteers_accepted",
  "fill_rate",
  "hours_given",
  "people_helped",
];

describe("open data: needs by domain and month", () => {
  let app: Awaited<ReturnType<typeof testInstance>>;
  const get = (path: string, headers: Record<string, string> = {}) => app.http.request(`http://town.test${path}`, { headers });

  beforeAll(async () => {
    app = await testInstance();
    const db = app.db.kysely;
    const { events } = app.contextData;
    const coord = await createUser(db, { username: "coord", email: "c@town.test", password: "a long password", role: "admin" });
    await createOrganization(db, { handle: "asso", name: "Asso", coordinatorId: coord.id });
    let n = 0;
    /** A need published in `month`, then as far as `state` says (set on the row: what the coordinators' forms would have done). */
    const seed = async (
      month: string,
      domains: string[],
      wanted: number,
      state: { accepted?: number; outcome?: { hours: number; helped: number }; visibility?: NeedCreate["visibility"]; draft?: boolean } = {},
    ) => {
      const need = await createNeed(db, events, coord, {
        organization: "asso",
        title: `Mission numéro ${++n}`,
        description: "Aider.",
        domains,
        skills: [],
        audience: [],
        language: "fr",
        place: { label: "Vaise", mode: "on_site", radius_km: 1 },
        schedule: { kind: "flexible" },
        volunteers_wanted: wanted,
        visibility: state.visibility ?? "public",
        private_notes: "",
        beneficiary: "",
        status: state.draft ? "draft" : "open",
      });
      if (state.draft) return;
      const accepted = state.accepted ?? 0;
      await db
        .updateTable("needs")
        .set({
          published: `${month}-15T10:00:00.000Z`,
          volunteers_accepted: accepted,
          status: state.outcome ? "done" : accepted >= wanted ? "filled" : "open",
          outcome: state.outcome ? JSON.stringify({ volunteerHours: state.outcome.hours, peopleHelped: state.outcome.helped, testimony: "" }) : null,
        })
        .where("id", "=", need.id)
        .execute();
    };
    // Elderly people, October: 6 needs of 2 volunteers; 5 filled and done, 4 hours and 1 person each.
    for (let i = 0; i < 5; i++) await seed("2026-10", ["personnes-agees"], 2, { accepted: 2, outcome: { hours: 4, helped: 1 } });
    await seed("2026-10", ["personnes-agees"], 2);
    // ...and needs that must not count: followers-only, local, a draft.
    for (let i = 0; i < 3; i++) await seed("2026-10", ["personnes-agees"], 2, { accepted: 2, outcome: { hours: 9, helped: 9 }, visibility: "followers" });
    await seed("2026-10", ["personnes-agees"], 5, { accepted: 5, outcome: { hours: 9, helped: 9 }, visibility: "local" });
    await seed("2026-10", ["personnes-agees"], 2, { draft: true });
    // Elderly people, November: 2 needs of 1; one done by its volunteer, 2.5 hours, 1 person.
    await seed("2026-11", ["personnes-agees"], 1, { accepted: 1, outcome: { hours: 2.5, helped: 1 } });
    await seed("2026-11", ["personnes-agees"], 1);
    // Health and education, October: 5 needs in both, nobody yet.
    for (let i = 0; i < 5; i++) await seed("2026-10", ["sante", "education"], 1);
    // Culture, November: 1 need of 10 volunteers, 7 accepted.
    await seed("2026-11", ["culture-loisirs"], 10, { accepted: 7 });
    // A label with a comma, for the CSV's quotes.
    await seed("2026-11", ["gestion-finance-droit"], 6);
  });

  afterAll(async () => {
    await app.close();
  });

  it("adds up the public needs only, by domain and month, in SQL", async () => {
    const totals = await needsByDomainMonth(app.db.kysely, app.db.dialect);
    const key = (t: { domain: string; month: string }) => `${t.domain} ${t.month}`;
    expect(totals.map(key)).toEqual([
      "personnes-agees 2026-10",
      "personnes-agees 2026-11",
      "sante 2026-10",
      "education 2026-10",
      "culture-loisirs 2026-11",
      "gestion-finance-droit 2026-11",
    ]);
    expect(totals[0]).toEqual({
      domain: "personnes-agees",
      month: "2026-10",
      needsPublished: 6,
      needsFilled: 5,
      needsDone: 5,
      volunteersWanted: 12,
      volunteersAccepted: 10,
      volunteersBehindOutcomes: 10,
      hoursGiven: 20,
      peopleHelped: 5,
    });
    expect(totals[1]).toMatchObject({ needsPublished: 2, needsFilled: 1, needsDone: 1, volunteersWanted: 2, volunteersAccepted: 1, volunteersBehindOutcomes: 1, hoursGiven: 2.5, peopleHelped: 1 });
    expect(totals[2]).toMatchObject({ needsPublished: 5, needsFilled: 0, needsDone: 0, volunteersWanted: 5, volunteersAccepted: 0, hoursGiven: 0, peopleHelped: 0 });
    expect(totals[4]).toMatchObject({ needsPublished: 1, needsFilled: 0, volunteersWanted: 10, volunteersAccepted: 7 });
  });

  it("publishes the CSV with figures from 1 to 4 hidden as \"< 5\", and what would give them back", async () => {
    const res = await get("/open-data/needs-by-domain-month.csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv; charset=utf-8/);
    const [header, ...rows] = parseCsv(await res.text());
    expect(header).toEqual(HEADER);
    expect(rows).toEqual([
      ["personnes-agees", "Personnes âgées et dépendance", "2026-10", "6", "5", "5", "12", "10", "0.83", "20", "5"],
      ["personnes-agees", "Personnes âgées et dépendance", "2026-11", "< 5", "< 5", "< 5", "< 5", "< 5", "< 5", "< 5", "< 5"],
      ["sante", "Santé et maladie chronique", "2026-10", "5", "0", "0", "5", "0", "0", "0", "0"],
      ["education", "Éducation et décrochage scolaire", "2026-10", "5", "0", "0", "5", "0", "0", "0", "0"],
      ["culture-loisirs", "Culture et loisirs", "2026-11", "< 5", "0", "0", "10", "7", "0.7", "0", "0"],
      ["gestion-finance-droit", "Gestion, finance et droit", "2026-11", "< 5", "0", "0", "6", "0", "0", "0", "0"],
    ]);
  });

  it("publishes the JSON with the same rows, hidden figures null and named, under the Licence Ouverte", async () => {
    const [csvRes, jsonRes] = await Promise.all([get("/open-data/needs-by-domain-month.csv"), get("/open-data/needs-by-domain-month.json")]);
    const doc = await jsonRes.json();
    expect(jsonRes.headers.get("content-type")).toMatch(/^application\/json/);
    expect(doc.licence).toEqual({ name: "Licence Ouverte / Open Licence version 2.0 (Etalab)", url: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/" });
    expect(doc.small_counts.threshold).toBe(5);
    expect(doc.columns).toEqual(HEADER);
    expect(doc.rows[1]).toMatchObject({ needs_published: null, people_helped: null, fill_rate: null, hours_given: null });
    expect(doc.rows[1].suppressed).toEqual(HEADER.slice(3));
    expect(doc.rows[0].suppressed).toEqual([]);
    expect(doc.rows[4].suppressed).toEqual(["needs_published"]);
    // The JSON says what the CSV says, cell by cell.
    const [, ...csvRows] = parseCsv(await csvRes.text());
    const asCells = (row: Record<string, unknown> & { suppressed: string[] }) =>
      HEADER.map((c) => (row[c] === null ? (row.suppressed.includes(c) ? "< 5" : "") : String(row[c])));
    expect(doc.rows.map(asCells)).toEqual(csvRows);
  });

  it("documents the files, the licence, the rule and every column, in French and in English", async () => {
    for (const [lang, words] of [
      ["fr", ["Données ouvertes", "Licence Ouverte / Open Licence version 2.0 (Etalab)", "« < 5 »", "Seules les missions publiques comptent", "Taux de remplissage"]],
      ["en", ["Open data", "Licence Ouverte / Open Licence version 2.0 (Etalab)", "“< 5”", "Only public needs count", "Fill rate"]],
    ] as const) {
      const res = await get("/open-data", { Accept: "text/html", "Accept-Language": lang });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(`<html lang="${lang}">`);
      for (const word of words) expect(html, `${lang}: ${word}`).toContain(word.replace(/</g, "&lt;"));
      for (const column of HEADER) expect(html).toContain(`<code>${column}</code>`);
      expect(html).toContain('href="/open-data/needs-by-domain-month.csv"');
      expect(html).toContain('href="/open-data/needs-by-domain-month.json"');
      expect(html).toContain("http://town.test/feeds/api-engagement.xml");
    }
    // Every page's footer leads there.
    expect(await (await get("/", { Accept: "text/html" })).text()).toContain('<a href="/open-data">');
  });
});
