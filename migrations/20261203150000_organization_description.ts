// An organisation's description, in Markdown as its coordinators typed it (issue 16):
// the page shows it rendered, the Group actor's `summary` carries the rendered HTML,
// and `actors.summary` keeps a plain-text version for previews and search.
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("organizations").addColumn("description", "text", (c) => c.notNull().defaultTo("")).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("organizations").dropColumn("description").execute();
}
