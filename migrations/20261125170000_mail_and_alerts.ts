// Mail and alerts: the outbox mail is sent from, citizens' alerts (domains and an
// area), and which needs each user was already told about (never twice).
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("mail_outbox")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("created", "text", (c) => c.notNull())
    .addColumn("available", "text", (c) => c.notNull())
    .addColumn("expires", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("locked_until", "text")
    .execute();
  await db.schema.createIndex("mail_outbox_available").on("mail_outbox").column("available").execute();

  await db.schema
    .createTable("alerts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("domains", "text", (c) => c.notNull())
    .addColumn("area", "text", (c) => c.notNull())
    .addColumn("place_label", "text")
    .addColumn("latitude", "double precision")
    .addColumn("longitude", "double precision")
    .addColumn("radius_km", "double precision")
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("created", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("alerts_user").on("alerts").column("user_id").execute();

  await db.schema
    .createTable("alert_deliveries")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("need", "text", (c) => c.notNull())
    .addColumn("created", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("alert_deliveries_pk", ["user_id", "need"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("alert_deliveries").execute();
  await db.schema.dropTable("alerts").execute();
  await db.schema.dropTable("mail_outbox").execute();
}
