// An application made with an account of this instance (on the pages or through
// the API) was recorded with source "local", a word that also names a
// visibility; it is now "account". The other sources (note, offer, join) name
// the ActivityPub form a remote application came in.
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.updateTable("applications").set({ source: "account" }).where("source", "=", "local").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.updateTable("applications").set({ source: "local" }).where("source", "=", "account").execute();
}
