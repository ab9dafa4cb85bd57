// Issue 15, points 3 and 4: good-practice sheets written here from done needs,
// the sheets received from the instances and organisations followed here, and
// the tries of a sheet by another organisation ("try it too"), both ways.
// The runner (src/db/migrate.ts) runs each migration in one transaction.
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types.
export async function up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable("practices")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("summary", "text", (c) => c.notNull())
      .addColumn("context", "text", (c) => c.notNull())
      .addColumn("actions", "text", (c) => c.notNull())
      .addColumn("motivation", "text", (c) => c.notNull())
      .addColumn("watch_out", "text", (c) => c.notNull())
      .addColumn("contact", "text", (c) => c.notNull())
      .addColumn("domains", "text", (c) => c.notNull())
      .addColumn("language", "text", (c) => c.notNull())
      .addColumn("visibility", "text", (c) => c.notNull())
      .addColumn("search_text", "text", (c) => c.notNull())
      .addColumn("sent_digest", "text")
      .addColumn("created", "text", (c) => c.notNull())
      .addColumn("updated", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("practices_organization").on("practices").columns(["organization_id"]).execute();
    await db.schema
      .createTable("practice_needs")
      .addColumn("practice_id", "text", (c) => c.notNull().references("practices.id").onDelete("cascade"))
      .addColumn("need_id", "text", (c) => c.notNull().references("needs.id").onDelete("cascade"))
      .addPrimaryKeyConstraint("practice_needs_pk", ["practice_id", "need_id"])
      .execute();
    await db.schema.createIndex("practice_needs_need").on("practice_needs").columns(["need_id"]).execute();
    await db.schema
      .createTable("remote_practices")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("uri", "text", (c) => c.notNull().unique())
      .addColumn("actor_id", "text", (c) => c.notNull().references("remote_actors.id").onDelete("cascade"))
      .addColumn("url", "text")
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("summary", "text", (c) => c.notNull())
      .addColumn("content_html", "text", (c) => c.notNull())
      .addColumn("domains", "text", (c) => c.notNull())
      .addColumn("language", "text")
      .addColumn("indicators", "text", (c) => c.notNull())
      .addColumn("templates", "text", (c) => c.notNull())
      .addColumn("tries", "text", (c) => c.notNull())
      .addColumn("search_text", "text", (c) => c.notNull())
      .addColumn("published", "text")
      .addColumn("updated", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("practice_tries")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
      .addColumn("practice_id", "text", (c) => c.references("practices.id").onDelete("cascade"))
      .addColumn("remote_practice_id", "text", (c) => c.references("remote_practices.id").onDelete("set null"))
      .addColumn("practice_uri", "text", (c) => c.notNull())
      .addColumn("practice_title", "text", (c) => c.notNull())
      .addColumn("sent_digest", "text")
      .addColumn("created", "text", (c) => c.notNull())
      .addColumn("updated", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("practice_tries_practice").on("practice_tries").columns(["practice_id"]).execute();
    await db.schema
      .createTable("practice_try_needs")
      .addColumn("try_id", "text", (c) => c.notNull().references("practice_tries.id").onDelete("cascade"))
      .addColumn("need_id", "text", (c) => c.notNull().references("needs.id").onDelete("cascade"))
      .addPrimaryKeyConstraint("practice_try_needs_pk", ["try_id", "need_id"])
      .execute();
    await db.schema.createIndex("practice_try_needs_need").on("practice_try_needs").columns(["need_id"]).execute();
    await db.schema
      .createTable("practice_tries_received")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("uri", "text", (c) => c.notNull().unique())
      .addColumn("practice_id", "text", (c) => c.notNull().references("practices.id").onDelete("cascade"))
      .addColumn("actor_id", "text", (c) => c.notNull().references("remote_actors.id").onDelete("cascade"))
      .addColumn("town", "text", (c) => c.notNull())
      .addColumn("organization_name", "text", (c) => c.notNull())
      .addColumn("needs_count", "integer", (c) => c.notNull())
      .addColumn("indicators", "text")
      .addColumn("created", "text", (c) => c.notNull())
      .addColumn("updated", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("practice_tries_received_practice").on("practice_tries_received").columns(["practice_id"]).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
    for (const table of ["practice_tries_received", "practice_try_needs", "practice_tries", "remote_practices", "practice_needs", "practices"]) {
      await db.schema.dropTable(table).execute();
    }
}
