// Lists of needs for outboxes, pages and feeds (search has its own module).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { visibleTo } from "../access/filters.ts";
import type { Viewer } from "../access/policy.ts";
import type { Need } from "./model.ts";
import { needsQuery, toNeed } from "./repository.ts";

/** An organisation's published needs that the viewer may read, newest first, `limit` at a time before a cursor. */
export async function listPublishedNeeds(
  db: Kysely<Database>,
  organizationId: string,
  options: { viewer: Viewer; before?: string | null; limit: number },
): Promise<Need[]> {
  let query = needsQuery(db)
    .where("needs.organization_id", "=", organizationId)
    .where("needs.published", "is not", null)
    .where("needs.status", "<>", "draft")
    .where(visibleTo(options.viewer));
  if (options.before) query = query.where("needs.published", "<", options.before);
  const rows = await query.orderBy("needs.published", "desc").limit(options.limit).execute();
  return rows.map(toNeed);
}

/** How many of them: the same needs as listPublishedNeeds. */
export async function countPublishedNeeds(db: Kysely<Database>, organizationId: string, viewer: Viewer): Promise<number> {
  const row = await db
    .selectFrom("needs")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("needs.organization_id", "=", organizationId)
    .where("needs.published", "is not", null)
    .where("needs.status", "<>", "draft")
    .where(visibleTo(viewer))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
