// What a coordinator's dashboard lists: the organisations they coordinate
// (every one for an admin), each with its needs and their applications.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Account } from "../accounts/users.ts";
import type { Need } from "./model.ts";
import { needsQuery, toNeed } from "./repository.ts";

export async function coordinatedOrganizations(db: Kysely<Database>, account: Account) {
  let query = db
    .selectFrom("organizations")
    .innerJoin("actors", "actors.id", "organizations.id")
    .select(["actors.id", "actors.handle", "actors.name"]);
  if (account.role !== "admin") {
    query = query
      .innerJoin("memberships as m", "m.organization_id", "organizations.id")
      .where("m.user_id", "=", account.id)
      .where("m.role", "=", "coordinator");
  }
  return query.orderBy("actors.name").execute();
}

export interface DashboardNeed extends Need {
  applications: number;
  pending: number;
}

/** Every need of these organisations (drafts too), newest first, with counts of applications. */
export async function needsWithApplicationCounts(db: Kysely<Database>, organizationIds: string[]): Promise<DashboardNeed[]> {
  if (organizationIds.length === 0) return [];
  const needs = (await needsQuery(db).where("needs.organization_id", "in", organizationIds).orderBy("needs.created", "desc").limit(500).execute()).map(toNeed);
  if (needs.length === 0) return [];
  const counts = await db
    .selectFrom("applications")
    .select(["need_id", "status", (eb) => eb.fn.countAll<number>().as("n")])
    .where(
      "need_id",
      "in",
      needs.map((n) => n.id),
    )
    .groupBy(["need_id", "status"])
    .execute();
  return needs.map((need) => {
    const mine = counts.filter((c) => c.need_id === need.id);
    return {
      ...need,
      applications: mine.reduce((sum, c) => sum + Number(c.n), 0),
      pending: Number(mine.find((c) => c.status === "pending")?.n ?? 0),
    };
  });
}
