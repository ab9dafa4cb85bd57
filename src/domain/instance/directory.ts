// The directory of a federation of towns: the instances it follows, with
// their open needs per domain (from the public needs they sent).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { listRemoteNeeds } from "../remote-needs/repository.ts";
import type { ServerRules } from "../remote-needs/visibility.ts";
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
  rules: ServerRules,
  follows: { uri: string; name: string; accepted: number }[],
): Promise<Member[]> {
  const relays = await relayUris(db);
  // What anyone may see: public needs, none from a silenced server.
  const needs = await listRemoteNeeds(db, rules, {});
  return follows
    .filter((f) => f.accepted && !relays.has(f.uri))
    .map((f) => {
      const origin = new URL(f.uri).origin;
      const byDomain: Record<string, number> = {};
      let total = 0;
      for (const need of needs) {
        if (new URL(need.author.uri).origin !== origin || need.placesLeft === 0) continue;
        total++;
        for (const domain of need.domains) byDomain[domain] = (byDomain[domain] ?? 0) + 1;
      }
      return { uri: f.uri, origin, name: f.name, openNeeds: total, openNeedsByDomain: byDomain };
    });
}
