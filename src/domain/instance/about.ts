// What the About page says of the instance: who runs it, whom it exchanges with.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

/** Hosts of the remote servers we know actors of (followers, applicants, followed). */
export async function federatedHosts(db: Kysely<Database>, limit = 200): Promise<string[]> {
  const rows = await db.selectFrom("remote_actors").select("uri").limit(10_000).execute();
  const hosts = new Set<string>();
  for (const { uri } of rows) {
    try {
      hosts.add(new URL(uri).host);
    } catch {}
  }
  return [...hosts].sort().slice(0, limit);
}
