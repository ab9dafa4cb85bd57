// Jobs the worker runs once a day (the retention purge): a row per job and day, so
// that of several worker processes only the first to claim a day runs it.
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("daily_runs")
    .addColumn("job", "text", (c) => c.notNull())
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("started", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("daily_runs_pk", ["job", "day"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("daily_runs").execute();
}
