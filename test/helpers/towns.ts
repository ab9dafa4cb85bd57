// Two towns with known figures and an aggregator following both, on loopback: the seed
// of the federation's dashboard tests (test/evaluation-federation-open-data.test.ts
// works out its answers; test/browser-evaluation-federation.test.ts looks at its page).
import { expect } from "vitest";
import { type Account, createUser } from "../../src/domain/accounts/users.ts";
import { silentEvents } from "../../src/domain/events.ts";
import { applyWithAccount, decideApplication } from "../../src/domain/needs/applications.ts";
import { createNeed } from "../../src/domain/needs/service.ts";
import { createOrganization } from "../../src/domain/organizations/organizations.ts";
import { confirmOutcome } from "../../src/domain/outcomes/outcomes.ts";
import { answerSurvey } from "../../src/domain/outcomes/survey.ts";
import { apiClient, runCli, type ServerProcess, serverDb, startServer } from "./server.ts";
import { until } from "./wait.ts";

const HOUR = 3_600_000;

interface Planned {
  domain: string;
  published: string;
  wanted: number;
  volunteers: string[];
  /** Hours after publication each applied, and was accepted. */
  applied: number;
  decided: number;
  /** Done: hours per volunteer, people helped, and the answers of the first volunteers. */
  outcome?: { hours: number; helped: number; ratings: number[] };
}

/**
 * Town A: 4 needs, 10 volunteers.
 * - personnes-agees, 2026-10-05: v1–v5, applied +0.5 h, accepted +3 h; done, 5 × 3 h, 6 helped; answers 5 5 4 4 3.
 * - personnes-agees, 2026-11-02: v1 v2 v5 v6 v7, +2 h, +30 h; done, 5 × 2 h, 5 helped; answers 5 4 4 2 1.
 * - culture-loisirs, 2026-10-20: v3 v8, +10 h, +12 h; done, 2 × 4 h, 2 helped; answers 3 4.
 * - sante, 2026-11-10: v4 v9 v10, +48 h, +100 h; done, 3 × 2 h, 3 helped; answers 5 2 3.
 * It publishes: total 4 needs, 15 accepted of 15, 10 volunteers, returning (5) hidden (its
 * breakdowns would give it back), 39 h, 16 helped, answers 1 2 3 5 4 by rating, decisions
 * by bucket 0 7 0 8, first applications and fillings hidden (4 of each). The elderly: 10
 * accepted, 7 volunteers, returning (3) hidden, 25 h, 11 helped, answers 1 1 1 4 3,
 * decisions 0 5 0 5, its 2 first applications and fillings hidden. Culture and health:
 * their people hidden; each one need's medians published (10 h, 12 h; 48 h, 100 h, 52 h).
 */
export const TOWN_A: Planned[] = [
  { domain: "personnes-agees", published: "2026-10-05T08:00:00.000Z", wanted: 5, volunteers: ["v1", "v2", "v3", "v4", "v5"], applied: 0.5, decided: 3, outcome: { hours: 3, helped: 6, ratings: [5, 5, 4, 4, 3] } },
  { domain: "personnes-agees", published: "2026-11-02T08:00:00.000Z", wanted: 5, volunteers: ["v1", "v2", "v5", "v6", "v7"], applied: 2, decided: 30, outcome: { hours: 2, helped: 5, ratings: [5, 4, 4, 2, 1] } },
  { domain: "culture-loisirs", published: "2026-10-20T08:00:00.000Z", wanted: 2, volunteers: ["v3", "v8"], applied: 10, decided: 12, outcome: { hours: 4, helped: 2, ratings: [3, 4] } },
  { domain: "sante", published: "2026-11-10T08:00:00.000Z", wanted: 3, volunteers: ["v4", "v9", "v10"], applied: 48, decided: 100, outcome: { hours: 2, helped: 3, ratings: [5, 2, 3] } },
];

/**
 * Town B: 6 needs, 7 volunteers.
 * - personnes-agees, 2026-10-08: w1–w6, +1 h, +4 h; done, 6 × 2 h, 10 helped; answers 5 5 5 4 4 4.
 * - personnes-agees, 2026-11-05: w1–w5, +0.25 h, +0.5 h; done, 5 × 3 h, 7 helped; answers 4 4 3 5 5.
 * - personnes-agees, 2026-11-06, 07, 08: w1 alone each, applied +100 h, +200 h, +800 h, accepted an hour later.
 * - education, 2026-11-12: w7 of 2 wanted, +5 h, +6 h; done, 1 × 2 h, 1 helped; answer 2.
 * It publishes: total 6 needs, 5 filled, 3 done, 15 accepted of 16, 7 volunteers, returning
 * (5) hidden, 29 h, 18 helped, answers 0 1 1 5 5, first applications 1 2 0 0 1 1 1, fillings
 * 1 1 0 0 1 1 1, decisions 5 10. The elderly: its people hidden (education's one volunteer
 * would be the total minus them) but 5 who came back; its fillings 1 1 0 0 1 1 1.
 */
export const TOWN_B: Planned[] = [
  { domain: "personnes-agees", published: "2026-10-08T08:00:00.000Z", wanted: 6, volunteers: ["w1", "w2", "w3", "w4", "w5", "w6"], applied: 1, decided: 4, outcome: { hours: 2, helped: 10, ratings: [5, 5, 5, 4, 4, 4] } },
  { domain: "personnes-agees", published: "2026-11-05T08:00:00.000Z", wanted: 5, volunteers: ["w1", "w2", "w3", "w4", "w5"], applied: 0.25, decided: 0.5, outcome: { hours: 3, helped: 7, ratings: [4, 4, 3, 5, 5] } },
  { domain: "personnes-agees", published: "2026-11-06T08:00:00.000Z", wanted: 1, volunteers: ["w1"], applied: 100, decided: 101 },
  { domain: "personnes-agees", published: "2026-11-07T08:00:00.000Z", wanted: 1, volunteers: ["w1"], applied: 200, decided: 201 },
  { domain: "personnes-agees", published: "2026-11-08T08:00:00.000Z", wanted: 1, volunteers: ["w1"], applied: 800, decided: 801 },
  { domain: "education", published: "2026-11-12T08:00:00.000Z", wanted: 2, volunteers: ["w7"], applied: 5, decided: 6, outcome: { hours: 2, helped: 1, ratings: [2] } },
];

/**
 * Writes a town's needs into its server's database, as its coordinators' and volunteers'
 * actions would have, while the server is stopped (two processes writing SQLite
 * transactions at once would find it locked).
 */
export async function seedTown(server: ServerProcess, org: string, plan: Planned[]) {
  const db = serverDb(server);
  const k = db.kysely;
  try {
    const coord = await createUser(k, { username: "coord", email: "coord@town.test", password: "a long password" });
    await createOrganization(k, { handle: org, name: `Visites ${org}`, coordinatorId: coord.id });
    const people = new Map<string, Account>();
    for (const name of new Set(plan.flatMap((p) => p.volunteers))) people.set(name, await createUser(k, { username: name, email: `${name}@town.test`, password: "a long password" }));
    let n = 0;
    for (const p of plan) {
      const need = await createNeed(k, silentEvents, coord, {
        organization: org,
        title: `Mission ${++n}`,
        description: "Aider.",
        domains: [p.domain],
        skills: [],
        audience: [],
        language: "fr",
        place: { label: "Centre", mode: "on_site", radius_km: 1 },
        schedule: { kind: "flexible" },
        volunteers_wanted: p.wanted,
        // Not a safeguarding test: its volunteers are accepted without a check (test/safeguarding.test.ts).
        safeguarding: false,
        visibility: "public",
        private_notes: "",
        beneficiary: "",
        status: "open",
      });
      const applications: string[] = [];
      for (const name of p.volunteers) {
        const application = await applyWithAccount(k, silentEvents, people.get(name)!, need.id, "", "web");
        await decideApplication(k, silentEvents, coord, application.id, { status: "accepted" });
        applications.push(application.id);
      }
      if (p.outcome) {
        await confirmOutcome(k, silentEvents, coord, need.id, { participants: applications, hours_per_volunteer: p.outcome.hours, people_helped: p.outcome.helped, worked: "", not_worked: "" });
        for (const [i, rating] of p.outcome.ratings.entries()) await answerSurvey(k, applications[i]!, { rating, comment: "" });
      }
      const at = Date.parse(p.published);
      await k.updateTable("needs").set({ published: p.published, created: p.published }).where("id", "=", need.id).execute();
      await k
        .updateTable("applications")
        .set({ created: new Date(at + p.applied * HOUR).toISOString(), decided: new Date(at + p.decided * HOUR).toISOString() })
        .where("need_id", "=", need.id)
        .execute();
    }
  } finally {
    await db.close();
  }
}

/**
 * Towns A and B, seeded (they start once, so that their databases are migrated and their
 * instance actors made, stop, are seeded, and start again), and F, an aggregator
 * following both, once they accepted.
 */
export async function federationOfTowns(env: Record<string, string> = {}) {
  const [a0, b0] = await Promise.all([startServer({ env }), startServer({ env })]);
  await Promise.all([a0.stop(), b0.stop()]);
  await seedTown(a0, "visites-a", TOWN_A);
  await seedTown(b0, "visites-b", TOWN_B);
  const [a, b, f] = await Promise.all([
    startServer({ dataDir: a0.dataDir, port: a0.port, env }),
    startServer({ dataDir: b0.dataDir, port: b0.port, env }),
    startServer({ env: { ...env, AGGREGATOR: "true" } }),
  ]);
  expect(runCli(["user", "create", "maire", "--email", "maire@town.test", "--admin"], f.env, "the mayor's password\n").status).toBe(0);
  const adminF = apiClient(f, runCli(["token", "create", "maire"], f.env).stdout.trim());
  expect((await adminF("POST", "/federation/follows", { target: a.url })).status).toBe(202);
  expect((await adminF("POST", "/federation/follows", { target: b.url })).status).toBe(202);
  await until("A and B to accept F", async () => {
    const follows = (await adminF("GET", "/federation/follows")).body as { accepted: number }[];
    return follows.length === 2 && follows.every((x) => x.accepted === 1);
  });
  return { a, b, f };
}
