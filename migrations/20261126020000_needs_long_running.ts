// A search from a date walks needs soonest first and keeps those that end on or after
// it. Needs that last a few days at most (most of them) can only match if they start
// in the week before that date, so the walk may start there; the others, marked here,
// are walked apart through their own index. Without this, a search from a date read
// every need that started before it: 0.3 s on 100,000 needs.
import { type Kysely, sql } from "kysely";

/** As `longRunning` in src/domain/needs/repository.ts when this was written. */
const LONG_MS = 7 * 86_400_000;

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types.
export async function up(db: Kysely<any>): Promise<void> {
  // The runner applies each migration in one transaction.
  await db.schema.alterTable("needs").addColumn("long_running", "integer", (c) => c.notNull().defaultTo(0)).execute();
  const rows: { id: string; starts: string; ends: string | null }[] = await db
    .selectFrom("needs")
    .select(["id", "starts", "ends"])
    .where("starts", "is not", null)
    .execute();
  const long = rows.filter((r) => r.ends === null || Date.parse(r.ends) - Date.parse(r.starts) > LONG_MS).map((r) => r.id);
  for (let i = 0; i < long.length; i += 500) {
    await db.updateTable("needs").set({ long_running: 1 }).where("id", "in", long.slice(i, i + 500)).execute();
  }
  // The expression must read exactly as the search's ORDER BY does, or the planner does not use the index.
  await sql`create index needs_status_long_date_order_idx on needs (status, long_running, (coalesce(starts, '9999')), id)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index needs_status_long_date_order_idx`.execute(db);
  await db.schema.alterTable("needs").dropColumn("long_running").execute();
}
