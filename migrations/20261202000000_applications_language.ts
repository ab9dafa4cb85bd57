// The language a remote volunteer wrote in (their message's contentMap), so that
// the organisation answers them in it. Unknown for older applications: null.
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("applications").addColumn("language", "text").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("applications").dropColumn("language").execute();
}
