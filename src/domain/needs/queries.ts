// Lists of needs for outboxes, pages and feeds (search has its own module).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Need } from "./model.ts";
import { needsQuery, toNeed } from "./repository.ts";

/** An organisation's published, federated needs, newest first, `limit` at a time before a cursor. */
export async function listPublishedNeeds(
  db: Kysely<Database>,
  organizationId: string,
  options: { before?: string | null; limit: number; publicOnly?: boolean },
): Promise<Need[]> {
  let query = needsQuery(db)
    .where("needs.organization_id", "=", organizationId)
    .where("needs.published", "is not", null)
    .where("needs.visibility", "in", options.publicOnly === false ? ["public", "followers"] : ["public"])
    .where("needs.status", "<>", "draft");
  if (options.before) query = query.where("needs.published", "<", options.before);
  const rows = await query.orderBy("needs.published", "desc").limit(options.limit).execute();
  return rows.map(toNeed);
}

export async function countPublishedNeeds(db: Kysely<Database>, organizationId: string): Promise<number> {
  const row = await db
    .selectFrom("needs")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("organization_id", "=", organizationId)
    .where("published", "is not", null)
    .where("visibility", "=", "public")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
