// Pictures (issue 16): a need's image, an organisation's logo and image. Each column
// holds JSON naming the stored files by their storage keys (content-hashed, see
// src/domain/pictures/), their sizes and the alt text; the files live in the file
// store (DATA_DIR/files by default), never in the database.
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("needs").addColumn("image", "text").execute();
  await db.schema.alterTable("organizations").addColumn("logo", "text").execute();
  await db.schema.alterTable("organizations").addColumn("image", "text").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("organizations").dropColumn("image").execute();
  await db.schema.alterTable("organizations").dropColumn("logo").execute();
  await db.schema.alterTable("needs").dropColumn("image").execute();
}
