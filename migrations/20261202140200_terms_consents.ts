// The versions of the instance's terms (its rules, the charter for volunteers and
// the privacy policy) and who accepted which, when: sign-up records the version in
// force; a new version is accepted at the next sign-in (src/domain/consent/). No
// row yet: the terms as they were at the start are version 1.
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("terms_versions")
    .addColumn("version", "integer", (c) => c.primaryKey())
    .addColumn("published", "text", (c) => c.notNull())
    /** What changed (rules, charter, privacy), JSON. */
    .addColumn("changed", "text", (c) => c.notNull().defaultTo("[]"))
    .execute();
  await db.schema
    .createTable("consents")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("accepted", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("consents_pk", ["user_id", "version"])
    .execute();
  // The accounts made before: they accepted the terms at sign-up, version 1 stands for them.
  const users = await db.selectFrom("users").select(["id", "created"]).execute();
  if (users.length > 0) await db.insertInto("consents").values(users.map((u) => ({ user_id: u.id, version: 1, accepted: u.created }))).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("consents").execute();
  await db.schema.dropTable("terms_versions").execute();
}
