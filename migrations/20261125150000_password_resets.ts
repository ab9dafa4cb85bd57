// Password reset tokens: the link holds a random secret, the table only its SHA-256.
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types.
export async function up(db: Kysely<any>): Promise<void> {
  // The runner applies each migration in one transaction.
  await db.schema
      .createTable("password_resets")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("created", "text", (c) => c.notNull())
      .addColumn("expires", "text", (c) => c.notNull())
      .addColumn("used", "text")
      .execute();
  await db.schema.createIndex("password_resets_user").on("password_resets").column("user_id").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("password_resets").execute();
}
