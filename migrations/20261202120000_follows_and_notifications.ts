// Issue 13: citizens of this instance follow its organisations (local follows,
// never federated), notifications (the in-app list, shaped for a Mastodon client
// API: see docs/decisions/0016-notifications.md), per-kind mail preferences,
// the once-only keys of scheduled sends, and when an application was decided.
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("local_follows")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("alerts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("local_follows_pk", ["user_id", "organization_id"])
    .execute();
  await db.schema.createIndex("local_follows_organization").on("local_follows").columns(["organization_id"]).execute();

  await db.schema
    .createTable("notifications")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("need_id", "text", (c) => c.references("needs.id").onDelete("cascade"))
    .addColumn("application_id", "text", (c) => c.references("applications.id").onDelete("cascade"))
    .addColumn("actor_id", "text", (c) => c.references("actors.id").onDelete("set null"))
    .addColumn("remote_actor_id", "text", (c) => c.references("remote_actors.id").onDelete("set null"))
    .addColumn("group_key", "text", (c) => c.notNull())
    .addColumn("details", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("dedupe_key", "text", (c) => c.notNull().unique())
    .addColumn("created", "text", (c) => c.notNull())
    .addColumn("read_at", "text")
    .execute();
  await db.schema.createIndex("notifications_user").on("notifications").columns(["user_id", "id"]).execute();

  await db.schema
    .createTable("notification_settings")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("mail", "text", (c) => c.notNull())
    .addColumn("updated", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("notification_settings_pk", ["user_id", "kind"])
    .execute();

  await db.schema
    .createTable("scheduled_sends")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("created", "text", (c) => c.notNull())
    .execute();

  await db.schema.alterTable("applications").addColumn("decided", "text").execute();
  await db
    .updateTable("applications")
    .set((eb) => ({ decided: eb.ref("updated") }))
    .where("status", "in", ["accepted", "rejected", "done"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("applications").dropColumn("decided").execute();
  for (const table of ["scheduled_sends", "notification_settings", "notifications", "local_follows"]) {
    await db.schema.dropTable(table).execute();
  }
}
