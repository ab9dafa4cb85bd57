// When an account was last signed in or used, and when it was warned that it would
// be erased for inactivity (src/domain/privacy/retention.ts). Unknown for older
// accounts: their creation date stands for it until they are next seen.
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("last_seen", "text").execute();
  await db.schema.alterTable("users").addColumn("inactivity_warned", "text").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("inactivity_warned").execute();
  await db.schema.alterTable("users").dropColumn("last_seen").execute();
}
