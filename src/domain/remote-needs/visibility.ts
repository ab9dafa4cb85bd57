// The one rule on whose needs we keep and show, from the moderators' policy
// (src/domain/moderation/policy.ts): from a suspended server or a blocked actor a
// need is not stored at all (and what we had is forgotten); from a silenced one
// it is kept (the offers of help made to it stay answerable, and lifting the
// silence shows it again) but stays out of listings, alerts and the directory. In allow-list mode, a server no longer
// allowed counts as suspended. Both the need's own server and its author's are asked.
import type { FederationPolicy, Verdict } from "../moderation/policy.ts";

/** What the rule needs of the policy (the real FederationPolicy in the server). */
export type ServerRules = Pick<FederationPolicy, "verdict">;

/** A need as the rule sees it: where it lives and who wrote it. */
export interface Provenance {
  uri: string;
  author: { uri: string };
}

async function verdicts(rules: ServerRules, need: Provenance): Promise<Verdict[]> {
  return Promise.all([rules.verdict(new URL(need.uri).host), rules.verdict(new URL(need.author.uri).host, need.author.uri)]);
}

/** Whether such a need may be stored (and kept) here. */
export async function mayStore(rules: ServerRules, need: Provenance): Promise<boolean> {
  return (await verdicts(rules, need)).every((v) => v === "allow" || v === "silence");
}

declare const checked: unique symbol;
/** A need the policy lets us store: only admit() makes one, so nothing is stored without the check. */
export type Admitted<T extends Provenance> = T & { readonly [checked]: true };

/**
 * Checks a need before its transaction (the policy may read the database, and on
 * SQLite a transaction holds the only connection): the need, admitted, or
 * undefined when its server or author is refused.
 */
export async function admit<T extends Provenance>(rules: ServerRules, need: T): Promise<Admitted<T> | undefined> {
  return (await mayStore(rules, need)) ? (need as Admitted<T>) : undefined;
}

/** Whether such a need may appear where people browse: listings, alerts, the directory. */
export async function mayList(rules: ServerRules, need: Provenance): Promise<boolean> {
  return (await verdicts(rules, need)).every((v) => v === "allow");
}
