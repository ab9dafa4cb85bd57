// What an organisation says of itself: avatar, area served, domains of action.
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("organizations").addColumn("avatar_url", "text").execute();
  await db.schema.alterTable("organizations").addColumn("area", "text", (c) => c.notNull().defaultTo("")).execute();
  await db.schema.alterTable("organizations").addColumn("domains", "text", (c) => c.notNull().defaultTo("[]")).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ["domains", "area", "avatar_url"]) {
    await db.schema.alterTable("organizations").dropColumn(column).execute();
  }
}
