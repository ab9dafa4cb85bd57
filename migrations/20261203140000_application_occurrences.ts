// The occurrences of a recurring need a volunteer answered for (issue 16): one row per
// chosen date (the occurrence's start, ISO UTC as occurrences.ts keys it). An
// application without rows answers for every occurrence (the remote volunteers' private
// replies, and citizens who ticked none).
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("application_occurrences")
    .addColumn("application_id", "text", (c) => c.notNull().references("applications.id").onDelete("cascade"))
    .addColumn("occurrence", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("application_occurrences_pk", ["application_id", "occurrence"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("application_occurrences").execute();
}
