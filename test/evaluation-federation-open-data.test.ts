// Issue 15, point 2, on an aggregator: every figure of the federation's dashboard from
// its members' open data (src/domain/open-data/evaluation.ts, fetched by
// federation/member-open-data.ts, added up by src/domain/evaluation/combine.ts). Three
// real servers on loopback: towns A and B, seeded with needs whose applications, times,
// outcomes and answers are known (test/helpers/towns.ts), and F (AGGREGATOR)
// following both. F's /evaluation/federation and its CSV give the sums, the fill rate
// and the satisfaction from the sums, the medians from the durations added up by
// bucket, and, where a town hid a figure ("< 5"), a bound or "partial" that never
// gives the hidden part back. Two more members F follows, one whose open data is not
// the file and one that does not answer, are listed as not obtained, and logged.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../src/domain/ids.ts";
import { freePort, type ServerProcess, serverDb } from "./helpers/server.ts";
import { federationOfTowns } from "./helpers/towns.ts";
import { until } from "./helpers/wait.ts";

describe("the federation's dashboard, from its members' open data", () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let f: ServerProcess;
  let broken: Server;
  let brokenOrigin: string;
  let silentOrigin: string;

  beforeAll(async () => {
    ({ a, b, f } = await federationOfTowns());

    // Two more members F follows: one answering with something that is not the open-data
    // file, one where nothing listens. (Their follows are written into F's database: no
    // Entraide runs there to accept them.)
    broken = createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end('{"version": 1, "rows": [{"breakdown": "total", "key": ""}]}');
    });
    const brokenPort = await freePort();
    await new Promise<void>((resolve) => broken.listen(brokenPort, "127.0.0.1", resolve));
    brokenOrigin = `http://127.0.0.1:${brokenPort}`;
    silentOrigin = `http://127.0.0.1:${await freePort()}`;
    const db = serverDb(f);
    const instance = await db.kysely.selectFrom("actors").select("id").where("handle", "=", "instance").executeTakeFirstOrThrow();
    const at = new Date().toISOString();
    for (const origin of [brokenOrigin, silentOrigin]) {
      const id = newId();
      await db.kysely
        .insertInto("remote_actors")
        .values({ id, uri: `${origin}/actors/instance`, type: "Application", handle: null, name: origin, url: null, inbox: `${origin}/inbox`, shared_inbox: null, software: "entraide", updated: at })
        .execute();
      await db.kysely.insertInto("following").values({ actor_id: instance.id, target_id: id, follow_uri: `${f.url}/follows/${newId()}`, accepted: 1, created: at }).execute();
    }
    await db.close();
  }, 240_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop(), f?.stop(), new Promise((r) => (broken ? broken.close(r) : r(null)))]);
  });

  /** F's CSV, as rows by breakdown and key. */
  async function federationCsv() {
    const text = await (await fetch(`${f.url}/evaluation/federation.csv`)).text();
    const lines = text.trim().split("\r\n").map((l) => l.split(","));
    const header = lines[0]!;
    const row = (breakdown: string, key: string) => {
      const line = lines.find((l) => l[0] === breakdown && l[1] === key);
      expect(line, `${breakdown} ${key}`).toBeDefined();
      return Object.fromEntries(header.map((h, j) => [h, line![j]]));
    };
    return { lines, row };
  }

  it("publishes each town's figures as its dashboard shows them, with their distributions", async () => {
    const file = await (await fetch(`${a.url}/open-data/evaluation.json`)).json();
    expect(file.version).toBe(1);
    const row = (breakdown: string, key: string) => file.rows.find((r: { breakdown: string; key: string }) => r.breakdown === breakdown && r.key === key);
    expect(row("total", "")).toMatchObject({ needs_published: 4, volunteers_accepted: 15, volunteers: 10, returning_volunteers: null, answers: 15, satisfaction: 3.6 });
    expect(row("total", "")).toMatchObject({ ratings_1: 1, ratings_2: 2, ratings_3: 3, ratings_4: 5, ratings_5: 4, response_1h_6h: 7, response_1d_3d: 8, first_application_under_1h: null });
    expect(row("total", "").suppressed).toEqual(expect.arrayContaining(["returning_volunteers", "first_application_under_1h", "filling_30d_more"]));
    expect(row("domain", "sante")).toMatchObject({ hours_to_first_application: 48, hours_to_filling: 100, response_hours: 52, volunteers: null, ratings_5: null });
    // The same figures as A's own dashboard's CSV.
    const dashboard = (await (await fetch(`${a.url}/evaluation.csv`)).text()).split("\r\n")[1]!;
    expect(dashboard).toMatch(/^total,,4,4,4,15,15,1,6,21,28,10,< 5,39,16,15,3\.6,1,2,3,5,4,/);
  });

  it("adds up every figure of the members, in total, by month and by domain, never giving back what they hid", async () => {
    const { lines, row } = await federationCsv();
    // The pilot domains first, then the others.
    expect(lines.filter((l) => l[0] === "domain").map((l) => l[1])).toEqual(["personnes-agees", "sante", "education", "culture-loisirs"]);
    expect(row("total", "")).toMatchObject({
      needs_published: "10",
      needs_filled: "9",
      needs_done: "7",
      volunteers_wanted: "31",
      volunteers_accepted: "30",
      // 30 ÷ 31, from the sums.
      fill_rate: "0.968",
      // A hid its first applications and fillings: B's alone (half of its 6 first applications
      // are in by the end of the 1-to-6-hours bucket), said to be partial.
      hours_to_first_application: "~6 (partial)",
      hours_to_filling: "~120 (partial)",
      // 30 decisions, 5 under an hour and 17 within 1 to 6 h: the 15th and 16th are in 1 to 6 h.
      response_hours: "~3.9 (1-6)",
      volunteers: "17",
      // Both towns hid theirs (5 each): at least 2, not 10.
      returning_volunteers: ">= 2",
      hours_given: "68",
      people_helped: "34",
      answers: "27",
      // 104 ÷ 27, from the answers added up rating by rating.
      satisfaction: "3.9",
      ratings_1: "1",
      ratings_2: "3",
      ratings_3: "4",
      ratings_4: "10",
      ratings_5: "9",
      response_under_1h: "5",
      response_1h_6h: "17",
      response_1d_3d: "8",
      first_application_1h_6h: ">= 2",
    });
    expect(row("domain", "personnes-agees")).toMatchObject({
      needs_published: "7",
      needs_filled: "7",
      needs_done: "4",
      volunteers_wanted: "24",
      // A's 10 and B's hidden part: at least 11; the fill rate at least 11 ÷ 24.
      volunteers_accepted: ">= 11",
      fill_rate: ">= 0.458",
      hours_to_first_application: "n/a",
      hours_to_filling: "~120 (partial)",
      response_hours: "~6 (partial)",
      volunteers: ">= 8",
      // A's 3 hidden and B's 5: at least 6, not 8.
      returning_volunteers: ">= 6",
      hours_given: ">= 25",
      people_helped: ">= 12",
      answers: ">= 11",
      satisfaction: "~3.7 (partial)",
    });
    // A single town's small figures stay "< 5"; its one need's medians are its own, exact.
    expect(row("domain", "sante")).toMatchObject({ needs_published: "1", volunteers_accepted: "< 5", fill_rate: "< 5", hours_to_first_application: "48", hours_to_filling: "100", response_hours: "52", volunteers: "< 5", returning_volunteers: "0", hours_given: "n/a", people_helped: "< 5", answers: "< 5", satisfaction: "< 5", ratings_5: "< 5" });
    expect(row("domain", "education")).toMatchObject({ needs_filled: "0", needs_done: "1", hours_to_first_application: "5", hours_to_filling: "", response_hours: "< 5", answers: "< 5" });
    expect(row("domain", "culture-loisirs")).toMatchObject({ hours_to_first_application: "10", hours_to_filling: "12", response_hours: "< 5", people_helped: "< 5" });
    expect(row("month", "2026-10")).toMatchObject({
      needs_published: "3",
      volunteers_accepted: "13",
      fill_rate: "1",
      hours_to_first_application: "n/a",
      response_hours: "~3.5 (1-6)",
      volunteers: "12",
      returning_volunteers: "< 5",
      hours_given: "35",
      people_helped: "18",
      answers: "13",
      satisfaction: "4.2",
    });
    expect(row("month", "2026-11")).toMatchObject({
      needs_published: "7",
      needs_filled: "6",
      needs_done: "4",
      volunteers_wanted: "18",
      volunteers_accepted: "17",
      fill_rate: "0.944",
      response_hours: "~5.4 (1-6)",
      volunteers: "14",
      hours_given: "33",
      people_helped: "16",
      answers: "14",
      satisfaction: "3.5",
    });
  });

  it("shows them in charts with their tables, and says which members answered", async () => {
    const res = await fetch(`${f.url}/evaluation/federation`, { headers: { Accept: "text/html" } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Les chiffres que 2 serveurs membres publient dans leurs données ouvertes");
    const cell = (key: string) => new RegExp(`<td data-indicator="${key}">([^<]*)</td>`).exec(html)?.[1];
    expect(cell("responseHours")).toBe("≈ 3,9 h (entre 1 h et 6 h)");
    expect(cell("hoursToFirstApplication")).toBe("≈ 6 h (partiel)");
    expect(cell("returningVolunteers")).toBe("au moins 2");
    expect(cell("satisfaction")).toBe("3,9");
    const table = (chart: string) => html.slice(html.indexOf(`id="${chart}-caption"`)).split("</table>")[0]!;
    expect(table("chart-returning")).toMatch(/Personnes âgées[^<]*<\/th><td>au moins 8<\/td><td>au moins 6<\/td>/);
    expect(table("chart-delays")).toMatch(/Santé[^<]*<\/th><td>2 j<\/td><td>4,2 j<\/td><td>2,2 j<\/td>/);
    expect(table("chart-satisfaction")).toMatch(/Personnes âgées[^<]*<\/th><td>≈ 3,7 \(partiel\)<\/td>/);
    expect(table("chart-ratings")).toMatch(/1 – mal<\/th><td>1<\/td>[\s\S]*<th scope="row">4<\/th><td>10<\/td>[\s\S]*5 – très bien<\/th><td>9<\/td>/);
    // Every member, with whether its figures were had.
    const member = (origin: string) => new RegExp(`<li data-member="${new URL(origin).host}">([^<]*)</li>`).exec(html)?.[1];
    expect(member(a.url)).toContain("données ouvertes reçues");
    expect(member(b.url)).toContain("données ouvertes reçues");
    expect(member(brokenOrigin)).toContain("données ouvertes non obtenues");
    expect(member(silentOrigin)).toContain("données ouvertes non obtenues");
    // The two members whose open data could not be had are said so in the log too.
    await until("F to log the skipped members", async () => f.logs().includes(brokenOrigin) && f.logs().includes(silentOrigin));
    expect(f.logs()).toMatch(new RegExp(`${brokenOrigin.replaceAll(".", "\\.")}.*not the open-data file`));
  });
});
