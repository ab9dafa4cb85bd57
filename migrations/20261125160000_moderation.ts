// Moderation: blocked and allowed domains, blocked remote actors, reports
// (received and sent as Flag), and the audit log of moderators' actions.
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("domain_blocks")
    .addColumn("domain", "text", (c) => c.primaryKey())
    .addColumn("severity", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("allowed_domains")
    .addColumn("domain", "text", (c) => c.primaryKey())
    .addColumn("created", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("actor_blocks")
    .addColumn("uri", "text", (c) => c.primaryKey())
    .addColumn("reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("reports")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("direction", "text", (c) => c.notNull())
    .addColumn("reporter_uri", "text")
    .addColumn("reporter_user_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("targets", "text", (c) => c.notNull())
    .addColumn("comment", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("flag_uri", "text", (c) => c.unique())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created", "text", (c) => c.notNull())
    .addColumn("resolved", "text")
    .execute();
  await db.schema.createIndex("reports_status_idx").on("reports").columns(["status", "created"]).execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("moderator_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("target", "text", (c) => c.notNull())
    .addColumn("details", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("created", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("audit_log_created_idx").on("audit_log").column("created").execute();

  // Whether a remote need was addressed to the public or to its followers only.
  await db.schema.alterTable("remote_needs").addColumn("audience", "text", (c) => c.notNull().defaultTo("followers")).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("remote_needs").dropColumn("audience").execute();
  for (const table of ["audit_log", "reports", "actor_blocks", "allowed_domains", "domain_blocks"]) {
    await db.schema.dropTable(table).execute();
  }
}
