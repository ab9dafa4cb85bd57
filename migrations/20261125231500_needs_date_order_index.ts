// Search lists needs soonest first (undated last): an index in that order lets a
// filtered search stop at its first page instead of sorting every match.
import { type Kysely, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types.
export async function up(db: Kysely<any>): Promise<void> {
  // The runner applies each migration in one transaction. The expression must read
  // exactly as the search's ORDER BY does, or the planner does not use the index.
  await sql`create index needs_status_date_order_idx on needs (status, (coalesce(starts, '9999')), id)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index needs_status_date_order_idx`.execute(db);
}
