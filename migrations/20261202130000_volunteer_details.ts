// What an accepted volunteer is given (issue 13): a need's contact and practical
// details (the exact address was already there), an organisation's default contact
// for its volunteers (its public `contact` stays what the directory shows), whether
// an applicant of this instance agreed to share their email with the organisation,
// and the private links that carry those details to volunteers on other servers
// (only the token's SHA-256 is kept: the link itself is in their inbox, not here).
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types.
export async function up(db: Kysely<any>): Promise<void> {
  // The runner applies each migration in one transaction.
  await db.schema.alterTable("needs").addColumn("contact", "text").execute();
  await db.schema.alterTable("needs").addColumn("practical_details", "text", (c) => c.notNull().defaultTo("")).execute();
  await db.schema.alterTable("organizations").addColumn("volunteer_contact", "text").execute();
  await db.schema.alterTable("applications").addColumn("share_email", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema
    .createTable("volunteer_links")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("application_id", "text", (c) => c.notNull().unique())
    .addColumn("created", "text", (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("volunteer_links").execute();
  await db.schema.alterTable("applications").dropColumn("share_email").execute();
  await db.schema.alterTable("organizations").dropColumn("volunteer_contact").execute();
  await db.schema.alterTable("needs").dropColumn("practical_details").execute();
  await db.schema.alterTable("needs").dropColumn("contact").execute();
}
