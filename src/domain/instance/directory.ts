// The directory of a federation of towns: the instances it follows, with
// their open needs per domain (from the public needs they sent).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { relayUris } from "./relays.ts";

export interface Member {
  uri: string;
  origin: string;
  name: string;
  openNeeds: number;
  openNeedsByDomain: Record<string, number>;
}

export async function memberDirectory(
  db: Kysely<Database>,
  follows: { uri: string; name: string; accepted: number }[],
): Promise<Member[]> {
  const relays = await relayUris(db);
  const needs = await db
    .selectFrom("remote_needs")
    .innerJoin("remote_actors", "remote_actors.id", "remote_needs.actor_id")
    .select(["remote_actors.uri", "remote_needs.domains", "remote_needs.places_left"])
    .where("remote_needs.audience", "=", "public")
    .execute();
  return follows
    .filter((f) => f.accepted && !relays.has(f.uri))
    .map((f) => {
      const origin = new URL(f.uri).origin;
      const byDomain: Record<string, number> = {};
      let total = 0;
      for (const need of needs) {
        if (new URL(need.uri).origin !== origin || need.places_left === 0) continue;
        total++;
        for (const domain of JSON.parse(need.domains) as string[]) byDomain[domain] = (byDomain[domain] ?? 0) + 1;
      }
      return { uri: f.uri, origin, name: f.name, openNeeds: total, openNeedsByDomain: byDomain };
    });
}
