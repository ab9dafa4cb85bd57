// The reads that grow with the data walk an index in the order they answer in,
// instead of reading every candidate row and sorting it (SQLite's plans, checked
// on the statements the application really runs).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OUTSIDER } from "../src/domain/access/policy.ts";
import { createUser } from "../src/domain/accounts/users.ts";
import { listPublishedNeeds } from "../src/domain/needs/queries.ts";
import { searchNeeds } from "../src/domain/needs/search.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { type TestDb, testDb } from "./helpers/db.ts";

describe("query plans on SQLite", () => {
  let db: TestDb;
  let orgId: string;
  const prepared: string[] = [];

  beforeAll(async () => {
    db = await testDb("sqlite");
    const admin = await createUser(db.kysely, { username: "mairie", email: "m@t.test", password: "a long password", role: "admin" });
    orgId = (await createOrganization(db.kysely, { handle: "asso", name: "Asso", coordinatorId: admin.id })).id;
    // Every statement the application prepares from now on.
    const sqlite = db.sqlite!;
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((sql: string) => {
      prepared.push(sql);
      return prepare(sql);
    }) as typeof sqlite.prepare;
  });
  afterAll(async () => {
    await db?.drop();
  });

  /** The plans of the statements `run` prepares that read needs. */
  const plans = async (run: () => Promise<unknown>) => {
    prepared.length = 0;
    await run();
    const reads = prepared.filter((sql) => /^select/i.test(sql) && sql.includes('from "needs"'));
    expect(reads.length).toBeGreaterThan(0);
    return reads.map((sql) => {
      const parameters = (sql.match(/\?/g) ?? []).map(() => null);
      return db.sqlite!.prepare(`explain query plan ${sql}`).all(...parameters).map((row) => (row as { detail: string }).detail).join(" | ");
    });
  };

  it("an organisation's outbox page reads its newest needs through (organization_id, published)", async () => {
    const [plan] = await plans(() => listPublishedNeeds(db.kysely, orgId, { viewer: OUTSIDER, before: "2027-01-01T00:00:00.000Z", limit: 20 }));
    expect(plan).toContain("needs_organization_published_idx");
    expect(plan).not.toContain("TEMP B-TREE");
  });

  it("a search from a date walks the long-running needs through their own index, then the others from the week before", async () => {
    const found = await plans(() => searchNeeds(db.kysely, "sqlite", { from: "2027-03-01", to: "2027-03-31" }));
    expect(found[0]).toContain("needs_status_long_date_order_idx");
    expect(found[1]).toMatch(/needs_status_date_order_idx \(status=\? AND <expr>>\? AND <expr><\?\)/);
    for (const plan of found.slice(0, 2)) expect(plan).not.toContain("TEMP B-TREE");
  });
});
