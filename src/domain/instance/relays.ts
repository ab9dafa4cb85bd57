// Which of the actors this instance follows are relays (marked when subscribed).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

export async function relayUris(db: Kysely<Database>): Promise<Set<string>> {
  const rows = await db.selectFrom("remote_actors").select("uri").where("software", "=", "relay").execute();
  return new Set(rows.map((r) => r.uri));
}
