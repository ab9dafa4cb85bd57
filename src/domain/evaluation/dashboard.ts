// The evaluation dashboards: an organisation's (for its coordinators: all its published
// needs), the instance's (public: only the needs anyone may read, as open data counts
// them), and, on an aggregator, the federation of towns' (from the public needs of the
// members it follows: what a need's own document says, so only some indicators; the
// others are "not available", docs/decisions/0019-evaluation.md). Each has its total,
// and the same indicators by domain (the pilot domains first) and by month of
// publication, published with the small-counts rule (publish.ts).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { visibleTo } from "../access/filters.ts";
import { OUTSIDER } from "../access/policy.ts";
import { listRemoteNeeds } from "../remote-needs/repository.ts";
import type { ServerRules } from "../remote-needs/visibility.ts";
import { DOMAINS } from "../vocabulary/domains.ts";
import { type MemberOpenData, memberCells, memberDomains, OPEN_DATA_INDICATORS } from "./federation.ts";
import { EMPTY, type Indicators, indicatorsForNeeds } from "./indicators.ts";
import { INDICATOR_KEYS, type IndicatorKey, type PublishedIndicators, publishBreakdown } from "./publish.ts";

export type Scope = { kind: "organization"; organizationId: string } | { kind: "instance" };

export interface EvaluationRow {
  /** A domain's slug, or a month (YYYY-MM). */
  key: string;
  indicators: PublishedIndicators;
}

export interface Evaluation {
  total: PublishedIndicators;
  byDomain: EvaluationRow[];
  byMonth: EvaluationRow[];
  /** What cannot be computed here (the federation's), or null when everything can. */
  available: ReadonlySet<IndicatorKey> | null;
}

/** How many months back the breakdown by month goes. */
export const MONTHS = 24;

interface Counted {
  id: string;
  month: string;
  domains: string[];
}

const domainOrder = new Map(DOMAINS.map((d, i) => [d.slug, i]));

function groups(needs: Counted[]): { domains: [string, string[]][]; months: [string, string[]][] } {
  const byDomain = new Map<string, string[]>();
  const byMonth = new Map<string, string[]>();
  for (const need of needs) {
    for (const d of need.domains) byDomain.set(d, [...(byDomain.get(d) ?? []), need.id]);
    byMonth.set(need.month, [...(byMonth.get(need.month) ?? []), need.id]);
  }
  const domains = [...byDomain.entries()].sort(([a], [b]) => (domainOrder.get(a) ?? 999) - (domainOrder.get(b) ?? 999) || a.localeCompare(b));
  const months = [...byMonth.entries()].sort(([a], [b]) => a.localeCompare(b)).slice(-MONTHS);
  return { domains, months };
}

async function localNeeds(db: Kysely<Database>, scope: Scope): Promise<Counted[]> {
  let query = db
    .selectFrom("needs")
    .select(["needs.id", "needs.published"])
    .where("needs.published", "is not", null)
    .where("needs.status", "<>", "draft");
  query = scope.kind === "organization" ? query.where("needs.organization_id", "=", scope.organizationId) : query.where(visibleTo(OUTSIDER));
  const rows = await query.execute();
  const domains = new Map<string, string[]>();
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) {
    for (const d of await db.selectFrom("need_domains").select(["need_id", "domain"]).where("need_id", "in", ids.slice(i, i + 500)).execute()) {
      domains.set(d.need_id, [...(domains.get(d.need_id) ?? []), d.domain]);
    }
  }
  return rows.map((r) => ({ id: r.id, month: r.published!.slice(0, 7), domains: domains.get(r.id) ?? [] }));
}

/** The total as both breakdowns allow it: hidden where either hid it. */
function stricter(a: PublishedIndicators, b: PublishedIndicators): PublishedIndicators {
  return Object.fromEntries(INDICATOR_KEYS.map((k) => [k, a[k].kind === "small" ? a[k] : b[k]])) as PublishedIndicators;
}

/** An organisation's dashboard, or the instance's. */
export async function evaluate(db: Kysely<Database>, scope: Scope): Promise<Evaluation> {
  const needs = await localNeeds(db, scope);
  const { domains, months } = groups(needs);
  const total = await indicatorsForNeeds(
    db,
    needs.map((n) => n.id),
  );
  const domainIndicators = await Promise.all(domains.map(([, ids]) => indicatorsForNeeds(db, ids)));
  const monthIndicators = await Promise.all(months.map(([, ids]) => indicatorsForNeeds(db, ids)));
  const byDomain = publishBreakdown(total, domainIndicators);
  const byMonth = publishBreakdown(total, monthIndicators);
  return {
    total: stricter(byDomain.total, byMonth.total),
    byDomain: domains.map(([key], i) => ({ key, indicators: byDomain.parts[i]! })),
    byMonth: months.map(([key], i) => ({ key, indicators: byMonth.parts[i]! })),
    available: null,
  };
}

/** What a federated need's document says of it: published, places wanted and left. */
export const FEDERATED_INDICATORS: ReadonlySet<IndicatorKey> = new Set(["needsPublished", "needsFilled", "volunteersWanted", "volunteersAccepted", "fillRate"]);

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

/**
 * The federation of towns, on an aggregator: the public needs of the instances and
 * organisations it follows, as their documents say (not those of silenced servers);
 * and, by domain, the needs done, hours given and people helped of the members whose
 * open data could be had (federation.ts).
 */
export async function evaluateFederation(
  db: Kysely<Database>,
  rules: ServerRules,
  given: readonly MemberOpenData[] = [],
): Promise<Evaluation & { towns: number; openDataMembers: number }> {
  // A silenced (or suspended, or not allowed) server's figures count no more than its needs.
  const members = (await Promise.all(given.map(async (m) => ((await rules.verdict(new URL(m.origin).host)) === "allow" ? [m] : [])))).flat();
  const needs = (await listRemoteNeeds(db, rules, {})).filter((n) => n.audience === "public" && n.published);
  const facts = new Map(needs.map((n) => [n.id, { wanted: n.volunteersWanted ?? 0, left: n.placesLeft ?? n.volunteersWanted ?? 0 }]));
  const counted: Counted[] = needs.map((n) => ({ id: n.id, month: n.published!.slice(0, 7), domains: n.domains }));
  const { domains: needDomains, months } = groups(counted);
  // The domains of the members' open data that no need kept here is in come after, in the usual order.
  const known = new Set(needDomains.map(([d]) => d));
  const domains = [...needDomains, ...memberDomains(members).filter((d) => !known.has(d)).map((d): [string, string[]] => [d, []])].sort(
    ([a], [b]) => (domainOrder.get(a) ?? 999) - (domainOrder.get(b) ?? 999) || a.localeCompare(b),
  );
  const of = (ids: string[]) => federatedIndicators(ids.map((id) => facts.get(id)!));
  const total = of(counted.map((n) => n.id));
  const byDomain = publishBreakdown(total, domains.map(([, ids]) => of(ids)), FEDERATED_INDICATORS);
  const byMonth = publishBreakdown(total, months.map(([, ids]) => of(ids)), FEDERATED_INDICATORS);
  return {
    total: stricter(byDomain.total, byMonth.total),
    byDomain: domains.map(([key], i) => ({ key, indicators: members.length ? { ...byDomain.parts[i]!, ...memberCells(members, key) } : byDomain.parts[i]! })),
    byMonth: months.map(([key], i) => ({ key, indicators: byMonth.parts[i]! })),
    available: members.length ? new Set([...FEDERATED_INDICATORS, ...OPEN_DATA_INDICATORS]) : FEDERATED_INDICATORS,
    towns: new Set(needs.map((n) => new URL(n.uri).host)).size,
    openDataMembers: members.length,
  };
}
