// Every reply, Delete, Undo or Leave that reaches the inbox looks its application up
// by activity or by object URI: without an index on the second, each one read the
// whole table.
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types.
export async function up(db: Kysely<any>): Promise<void> {
  // The runner applies each migration in one transaction.
  await db.schema.createIndex("applications_object_uri_idx").on("applications").column("object_uri").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("applications_object_uri_idx").execute();
}
