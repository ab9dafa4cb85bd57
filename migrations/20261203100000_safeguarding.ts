// Safeguarding (issue 14, point 5): a need may involve minors or vulnerable adults
// (`needs.safeguarding`); such a need accepts only volunteers whom a coordinator of
// its organisation has met and checked (`safeguarding_checks`: who checked, when,
// what was seen; never federated, shown only to that organisation's coordinators
// and admins, and to the volunteer in their export). The age a volunteer declared
// at sign-up is kept with the consent it was given with (`consents.age`). Needs
// already published keep `safeguarding` 0: turning it on would hold up their
// pending applications; their coordinators decide.
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types.
export async function up(db: Kysely<any>): Promise<void> {
  // The runner applies each migration in one transaction.
  await db.schema.alterTable("needs").addColumn("safeguarding", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema
    .createTable("safeguarding_checks")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("actors.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    /** The coordinator who met the volunteer; null once that coordinator's account is erased. */
    .addColumn("checked_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("checked", "text", (c) => c.notNull())
    /** 1: an identity document was seen. */
    .addColumn("identity_seen", "integer", (c) => c.notNull())
    /** 1: the check the instance's frame requires was seen (in France, the contrôle d'honorabilité). */
    .addColumn("record_seen", "integer", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    /** The day (ISO date) after which the check no longer counts; null: none. */
    .addColumn("expires", "text")
    .addColumn("revoked", "text")
    .addColumn("revoked_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await db.schema.createIndex("safeguarding_checks_org_user").on("safeguarding_checks").columns(["organization_id", "user_id"]).execute();
  await db.schema.createIndex("safeguarding_checks_user").on("safeguarding_checks").column("user_id").execute();
  /** What the volunteer declared of their age with this consent: adult, or minor_with_guardian_consent; null: not asked. */
  await db.schema.alterTable("consents").addColumn("age", "text").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("consents").dropColumn("age").execute();
  await db.schema.dropTable("safeguarding_checks").execute();
  await db.schema.alterTable("needs").dropColumn("safeguarding").execute();
}
