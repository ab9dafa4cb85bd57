// Issue 15, point 2, on an aggregator: the members' outcomes on the federation's
// dashboard come from their own open data (federation/member-open-data.ts). Three real
// servers on loopback: towns A and B with done needs of known outcomes, F (AGGREGATOR)
// following both. F's /evaluation/federation and its CSV add up, by domain, the hours
// given, people helped and needs done A and B publish, a figure a member hid staying
// unknown ("at least"). Two more members F follows, one whose open data is not JSON and
// one that does not answer, are skipped with the reason logged, and the page renders.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../src/domain/ids.ts";
import { apiClient, freePort, runCli, type ServerProcess, serverDb, startServer } from "./helpers/server.ts";
import { until } from "./helpers/wait.ts";

type Client = ReturnType<typeof apiClient>;

const need = (organization: string, title: string, domain: string) => ({
  organization,
  title,
  description: "Une mission.",
  domains: [domain],
  place: { label: "Centre-ville" },
  schedule: { kind: "date", start: "2026-11-19T10:00:00+01:00" },
  volunteers_wanted: 5,
  visibility: "public",
});

describe("the federation's dashboard, from its members' open data", () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let f: ServerProcess;
  let adminA: Client;
  let adminB: Client;
  let adminF: Client;
  let broken: Server;
  let brokenOrigin: string;
  let silentOrigin: string;

  /** A done need of known outcome, with `accepted` volunteers (set in the town's database: no applications to go through). */
  async function doneNeed(server: ServerProcess, admin: Client, org: string, domain: string, hours: number, people: number, accepted: number) {
    const created = await admin("POST", "/missions", need(org, `Mission ${hours} h`, domain));
    expect(created.status).toBe(201);
    expect((await admin("PATCH", `/missions/${created.body.id}`, { status: "done", outcome: { volunteer_hours: hours, people_helped: people } })).status).toBe(200);
    const db = serverDb(server);
    await db.kysely.updateTable("needs").set({ volunteers_accepted: accepted }).where("id", "=", created.body.id).execute();
    await db.close();
  }

  beforeAll(async () => {
    [a, b, f] = await Promise.all([startServer(), startServer(), startServer({ env: { AGGREGATOR: "true" } })]);
    const admins: Client[] = [];
    for (const [server, org] of [
      [a, "visites-a"],
      [b, "visites-b"],
      [f, null],
    ] as const) {
      expect(runCli(["user", "create", "maire", "--email", "maire@town.test", "--admin"], server.env, "the mayor's password\n").status).toBe(0);
      if (org) expect(runCli(["org", "create", org, "--name", `Visites ${org}`, "--coordinator", "maire"], server.env).status).toBe(0);
      admins.push(apiClient(server, runCli(["token", "create", "maire"], server.env).stdout.trim()));
    }
    [adminA, adminB, adminF] = admins as [Client, Client, Client];
    // A: 5 done needs for the elderly, 4 h and 2 people each, 1 volunteer each: 5 done, 20 h, 10 people.
    for (let i = 0; i < 5; i++) await doneNeed(a, adminA, "visites-a", "personnes-agees", 4, 2, 1);
    // B: 1 for the elderly (10 h, 7 people, 5 volunteers): its needs done (1) hidden, the rest shown;
    // 1 in education (3 h, 2 people, 1 volunteer): all hidden.
    await doneNeed(b, adminB, "visites-b", "personnes-agees", 10, 7, 5);
    await doneNeed(b, adminB, "visites-b", "education", 3, 2, 1);

    expect((await adminF("POST", "/federation/follows", { target: a.url })).status).toBe(202);
    expect((await adminF("POST", "/federation/follows", { target: b.url })).status).toBe(202);
    await until("A and B to accept F", async () => {
      const follows = (await adminF("GET", "/federation/follows")).body as { accepted: number }[];
      return follows.length === 2 && follows.every((x) => x.accepted === 1);
    });

    // Two more members F follows: one answering with something that is not the open-data
    // file, one where nothing listens. (Their follows are written into F's database: no
    // Entraide runs there to accept them.)
    broken = createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end('{"rows": "not rows"}');
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
  }, 180_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop(), f?.stop(), new Promise((r) => (broken ? broken.close(r) : r(null)))]);
  });

  it("adds up the members' hours given, people helped and needs done by domain, keeping what they hid unknown", async () => {
    const res = await fetch(`${f.url}/evaluation/federation`, { headers: { Accept: "text/html" } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("données ouvertes de 2 serveurs membres");
    const csv = (await (await fetch(`${f.url}/evaluation/federation.csv`)).text()).trim().split("\r\n").map((l) => l.split(","));
    const header = csv[0]!;
    const row = (breakdown: string, key: string) => Object.fromEntries(header.map((h, j) => [h, csv.find((l) => l[0] === breakdown && l[1] === key)?.[j]]));
    // The elderly: 20 + 10 h, 10 + 7 people; needs done 5 + B's hidden one (1 to 4): at least 6.
    expect(row("domain", "personnes-agees")).toMatchObject({ hours_given: "30", people_helped: "17", needs_done: ">= 6" });
    // Education: B's single hidden count stays "< 5"; its hours, hidden, are not available.
    expect(row("domain", "education")).toMatchObject({ people_helped: "< 5", needs_done: "< 5", hours_given: "n/a" });
    // The open data has no totals across domains: the total and the months do not guess one.
    expect(row("total", "")).toMatchObject({ hours_given: "n/a", people_helped: "n/a" });
    // The page's charts say the same, in words.
    const table = (chart: string) => html.slice(html.indexOf(`id="${chart}-caption"`)).split("</table>")[0]!;
    expect(table("chart-hours")).toMatch(/Personnes âgées[^<]*<\/th><td>30<\/td>[\s\S]*Éducation[^<]*<\/th><td>non disponible<\/td>/);
    expect(table("chart-helped")).toMatch(/Personnes âgées[^<]*<\/th><td>17<\/td>[\s\S]*Éducation[^<]*<\/th><td>&lt; 5<\/td>/);
    // The two members whose open data could not be had are skipped, and said so in the log.
    await until("F to log the skipped members", async () => f.logs().includes(brokenOrigin) && f.logs().includes(silentOrigin));
    expect(f.logs()).toMatch(new RegExp(`${brokenOrigin.replaceAll(".", "\\.")}.*not the open-data file`));
  });
});
