// The federation of towns' dashboard, on an aggregator (AGGREGATOR=true). Each member
// instance it follows publishes its own dashboard's figures as open data, small counts
// already hidden, with the distributions its medians and mean are read from
// (src/domain/open-data/evaluation.ts; fetched by federation/member-open-data.ts):
// for the members that answered, every figure comes from there, their total, domains
// and months added up by combine.ts. The needs kept here from the other servers it
// follows (other software, members whose open data could not be had, organisations
// followed one by one) count as their documents say: published, filled, volunteers
// wanted and accepted, fill rate; what no document carries (outcomes, delays,
// volunteers, satisfaction) comes from the members only. A server silenced (or
// suspended, or not allowed) by moderation counts in neither way.
// docs/decisions/0024-combining-figures-across-towns.md.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { listRemoteNeeds } from "../remote-needs/repository.ts";
import type { ServerRules } from "../remote-needs/visibility.ts";
import { type PublishedRow, combine } from "./combine.ts";
import { byDomainOrder, type Counted, type Evaluation, groups, MONTHS, stricter } from "./dashboard.ts";
import { DISTRIBUTION_KEYS } from "./distributions.ts";
import { EMPTY, type Indicators } from "./indicators.ts";
import { type IndicatorKey, type PublishedDistributions, publishBreakdown } from "./publish.ts";

/** One member's open data: its published figures, by breakdown (rows it has none for count as nothing). Lists, not records: keys come from another server. */
export interface MemberEvaluation {
  origin: string;
  total: PublishedRow;
  byDomain: MemberRow[];
  byMonth: MemberRow[];
}

export interface MemberRow extends PublishedRow {
  /** A domain's slug, or a month (YYYY-MM). */
  key: string;
}

/** What the members answered: their figures, and the members whose figures could not be had. */
export interface MembersOpenData {
  answered: MemberEvaluation[];
  failed: { origin: string; error: string }[];
}

export interface FederationEvaluation extends Evaluation {
  /** Each member, by origin, and whether its open data was had; in the origins' order. */
  members: { origin: string; answered: boolean }[];
  /** The other servers whose needs count as their documents say. */
  documentServers: number;
}

/** What a federated need's document says of it: published, places wanted and left. */
export const FEDERATED_INDICATORS: ReadonlySet<IndicatorKey> = new Set(["needsPublished", "needsFilled", "volunteersWanted", "volunteersAccepted", "fillRate"]);

const NO_DISTRIBUTIONS = Object.fromEntries(DISTRIBUTION_KEYS.map((k) => [k, { kind: "unavailable" }])) as PublishedDistributions;

interface FederatedNeed {
  wanted: number;
  left: number;
}

function federatedIndicators(needs: FederatedNeed[]): Indicators {
  const wanted = needs.reduce((s, n) => s + n.wanted, 0);
  const accepted = needs.reduce((s, n) => s + Math.max(0, n.wanted - n.left), 0);
  return {
    ...EMPTY,
    needsPublished: needs.length,
    needsFilled: needs.filter((n) => n.wanted > 0 && n.left <= 0).length,
    volunteersWanted: wanted,
    volunteersAccepted: accepted,
    fillRate: wanted > 0 ? Math.round((accepted / wanted) * 1000) / 1000 : null,
  };
}

/** The needs of the servers without open data, by their documents, published with the small-counts rule. */
async function documentedNeeds(db: Kysely<Database>, rules: ServerRules, without: ReadonlySet<string>) {
  const needs = (await listRemoteNeeds(db, rules, {})).filter((n) => n.audience === "public" && n.published && !without.has(new URL(n.uri).origin));
  const facts = new Map(needs.map((n) => [n.id, { wanted: n.volunteersWanted ?? 0, left: n.placesLeft ?? n.volunteersWanted ?? 0 }]));
  const counted: Counted[] = needs.map((n) => ({ id: n.id, month: n.published!.slice(0, 7), domains: n.domains }));
  const { domains, months } = groups(counted);
  const of = (ids: string[]) => federatedIndicators(ids.map((id) => facts.get(id)!));
  const total = of(counted.map((n) => n.id));
  const byDomain = publishBreakdown(total, domains.map(([, ids]) => of(ids)), FEDERATED_INDICATORS);
  const byMonth = publishBreakdown(total, months.map(([, ids]) => of(ids)), FEDERATED_INDICATORS);
  const row = (indicators: PublishedRow["indicators"]): PublishedRow => ({ indicators, distributions: NO_DISTRIBUTIONS });
  return {
    total: row(stricter(byDomain.total, byMonth.total)),
    byDomain: new Map(domains.map(([key], i) => [key, row(byDomain.parts[i]!)])),
    byMonth: new Map(months.map(([key], i) => [key, row(byMonth.parts[i]!)])),
    servers: new Set(needs.map((n) => new URL(n.uri).host)).size,
  };
}

/** The federation of towns: its members' open data added up, with the documents of the other servers' needs. */
export async function evaluateFederation(db: Kysely<Database>, rules: ServerRules, given: MembersOpenData = { answered: [], failed: [] }): Promise<FederationEvaluation> {
  const allowed = async (origin: string) => (await rules.verdict(new URL(origin).host)) === "allow";
  const answered = (await Promise.all(given.answered.map(async (m) => ((await allowed(m.origin)) ? [m] : [])))).flat();
  const failed = (await Promise.all(given.failed.map(async (m) => ((await allowed(m.origin)) ? [m] : [])))).flat();
  const documented = await documentedNeeds(db, rules, new Set(answered.map((m) => m.origin)));
  const byDomain = answered.map((m) => new Map(m.byDomain.map((r) => [r.key, r])));
  const byMonth = answered.map((m) => new Map(m.byMonth.map((r) => [r.key, r])));
  const keys = (own: Map<string, PublishedRow>, members: Map<string, PublishedRow>[]) => new Set([...own.keys(), ...members.flatMap((m) => [...m.keys()])]);
  const domains = [...keys(documented.byDomain, byDomain)].sort(byDomainOrder);
  const months = [...keys(documented.byMonth, byMonth)].sort().slice(-MONTHS);
  const combined = (own: PublishedRow | undefined, members: (PublishedRow | undefined)[]) => combine([own, ...members].filter((r): r is PublishedRow => r !== undefined));
  const total = combined(
    documented.total,
    answered.map((m) => m.total),
  );
  const row = (key: string, own: Map<string, PublishedRow>, members: Map<string, PublishedRow>[]) => {
    const { indicators, distributions } = combined(
      own.get(key),
      members.map((m) => m.get(key)),
    );
    return { key, indicators, distributions };
  };
  return {
    total: total.indicators,
    totalDistributions: total.distributions,
    byDomain: domains.map((key) => row(key, documented.byDomain, byDomain)),
    byMonth: months.map((key) => row(key, documented.byMonth, byMonth)),
    available: answered.length ? null : FEDERATED_INDICATORS,
    members: [...answered.map((m) => ({ origin: m.origin, answered: true })), ...failed.map((m) => ({ origin: m.origin, answered: false }))].sort((a, b) =>
      a.origin.localeCompare(b.origin),
    ),
    documentServers: documented.servers,
  };
}
