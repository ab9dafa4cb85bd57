// Issue 15 (points 1, 2, 5): what each done need, or each occurrence of a recurring one,
// achieved (`outcomes`, with who took part and their hours in `outcome_participants`);
// the one question each volunteer is asked once (`surveys`: only whether it was asked
// and answered, per application) and the answers, kept apart with no link to who gave
// them (`survey_answers`); and the attestations of volunteering given to volunteers.
// `needs.outcome` stays the need's total (open data and practice sheets read it).
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types.
export async function up(db: Kysely<any>): Promise<void> {
  // The runner applies each migration in one transaction.
  await db.schema
    .createTable("outcomes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("need_id", "text", (c) => c.notNull().references("needs.id").onDelete("cascade"))
    // The occurrence's start (ISO, UTC) for one slot of a recurring need; '' for the whole need.
    .addColumn("occurrence", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("volunteer_hours", "real", (c) => c.notNull())
    .addColumn("people_helped", "integer", (c) => c.notNull())
    .addColumn("worked", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("not_worked", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("confirmed", "text", (c) => c.notNull())
    .addUniqueConstraint("outcomes_need_occurrence", ["need_id", "occurrence"])
    .execute();
  await db.schema
    .createTable("outcome_participants")
    .addColumn("outcome_id", "text", (c) => c.notNull().references("outcomes.id").onDelete("cascade"))
    .addColumn("application_id", "text", (c) => c.notNull().references("applications.id").onDelete("cascade"))
    .addColumn("hours", "real", (c) => c.notNull())
    .addPrimaryKeyConstraint("outcome_participants_pk", ["outcome_id", "application_id"])
    .execute();
  await db.schema.createIndex("outcome_participants_application").on("outcome_participants").column("application_id").execute();
  await db.schema
    .createTable("surveys")
    .addColumn("application_id", "text", (c) => c.primaryKey().references("applications.id").onDelete("cascade"))
    .addColumn("need_id", "text", (c) => c.notNull())
    .addColumn("asked", "text", (c) => c.notNull())
    .addColumn("answered", "integer", (c) => c.notNull().defaultTo(0))
    // The direct message sent to a remote volunteer: a reply to it is their answer.
    .addColumn("note_uri", "text")
    .execute();
  await db.schema.createIndex("surveys_note_uri").on("surveys").column("note_uri").execute();
  await db.schema
    .createTable("survey_answers")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("need_id", "text", (c) => c.notNull())
    .addColumn("organization_id", "text", (c) => c.notNull())
    // The month only (YYYY-MM): an exact time would point back at who answered when.
    .addColumn("month", "text", (c) => c.notNull())
    .addColumn("rating", "integer", (c) => c.notNull())
    .addColumn("comment", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema.createIndex("survey_answers_need").on("survey_answers").column("need_id").execute();
  await db.schema
    .createTable("attestations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text")
    .addColumn("organization_id", "text", (c) => c.notNull())
    .addColumn("volunteer_name", "text", (c) => c.notNull())
    .addColumn("issued", "text", (c) => c.notNull())
    // JSON: [{ title, from, to, hours }]
    .addColumn("missions", "text", (c) => c.notNull())
    .addColumn("hours", "real", (c) => c.notNull())
    .addColumn("revoked", "text")
    .execute();
  await db.schema.createIndex("attestations_user").on("attestations").column("user_id").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("attestations").execute();
  await db.schema.dropTable("survey_answers").execute();
  await db.schema.dropTable("surveys").execute();
  await db.schema.dropTable("outcome_participants").execute();
  await db.schema.dropTable("outcomes").execute();
}
