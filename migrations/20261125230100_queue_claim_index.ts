// The queue's claim order as an index: a fan-out enqueues hundreds of messages in
// the same millisecond, and each claim sorted all the ready ones again by id.
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("queue_messages_claim_idx").on("queue_messages").columns(["available", "id"]).execute();
  await db.schema.dropIndex("queue_messages_available_idx").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("queue_messages_available_idx").on("queue_messages").column("available").execute();
  await db.schema.dropIndex("queue_messages_claim_idx").execute();
}
