// The evaluation dashboards: an organisation's (for its coordinators: all its published
// needs), the instance's (public: only the needs anyone may read, as open data counts
// them; its open data publishes the same figures, src/domain/open-data/evaluation.ts),
// and, on an aggregator, the federation of towns' (federation.ts). Each has its total,
// and the same indicators by domain (the pilot domains first) and by month of
// publication, published with the small-counts rule (publish.ts), with the
// distributions their medians and mean are read from (distributions.ts).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { visibleTo } from "../access/filters.ts";
import { OUTSIDER } from "../access/policy.ts";
import { DOMAINS } from "../vocabulary/domains.ts";
import { DISTRIBUTION_KEYS } from "./distributions.ts";
import { measureNeeds } from "./indicators.ts";
import { INDICATOR_KEYS, type IndicatorKey, type PublishedDistributions, type PublishedIndicators, publishBreakdown, publishDistributions } from "./publish.ts";

export type Scope = { kind: "organization"; organizationId: string } | { kind: "instance" };

export interface EvaluationRow {
  /** A domain's slug, or a month (YYYY-MM). */
  key: string;
  indicators: PublishedIndicators;
  distributions: PublishedDistributions;
}

export interface Evaluation {
  total: PublishedIndicators;
  totalDistributions: PublishedDistributions;
  byDomain: EvaluationRow[];
  byMonth: EvaluationRow[];
  /** What cannot be computed here (the federation's), or null when everything can. */
  available: ReadonlySet<IndicatorKey> | null;
}

/** How many months back the breakdown by month goes. */
export const MONTHS = 24;

export interface Counted {
  id: string;
  month: string;
  domains: string[];
}

const domainOrder = new Map(DOMAINS.map((d, i) => [d.slug, i]));

/** Domains in the vocabulary's order, the pilot ones first; unknown ones after, alphabetically. */
export const byDomainOrder = (a: string, b: string) => (domainOrder.get(a) ?? 999) - (domainOrder.get(b) ?? 999) || a.localeCompare(b);

export function groups(needs: Counted[]): { domains: [string, string[]][]; months: [string, string[]][] } {
  const byDomain = new Map<string, string[]>();
  const byMonth = new Map<string, string[]>();
  for (const need of needs) {
    for (const d of need.domains) byDomain.set(d, [...(byDomain.get(d) ?? []), need.id]);
    byMonth.set(need.month, [...(byMonth.get(need.month) ?? []), need.id]);
  }
  const domains = [...byDomain.entries()].sort(([a], [b]) => byDomainOrder(a, b));
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
export function stricter(a: PublishedIndicators, b: PublishedIndicators): PublishedIndicators {
  return Object.fromEntries(INDICATOR_KEYS.map((k) => [k, a[k].kind === "small" ? a[k] : b[k]])) as PublishedIndicators;
}

function stricterDistributions(a: PublishedDistributions, b: PublishedDistributions): PublishedDistributions {
  return Object.fromEntries(DISTRIBUTION_KEYS.map((k) => [k, a[k].kind === "small" ? a[k] : b[k]])) as PublishedDistributions;
}

/** An organisation's dashboard, or the instance's. */
export async function evaluate(db: Kysely<Database>, scope: Scope): Promise<Evaluation> {
  const needs = await localNeeds(db, scope);
  const { domains, months } = groups(needs);
  const total = await measureNeeds(
    db,
    needs.map((n) => n.id),
  );
  const domainMeasures = await Promise.all(domains.map(([, ids]) => measureNeeds(db, ids)));
  const monthMeasures = await Promise.all(months.map(([, ids]) => measureNeeds(db, ids)));
  const breakdown = (parts: typeof domainMeasures) => ({
    indicators: publishBreakdown(
      total.indicators,
      parts.map((p) => p.indicators),
    ),
    distributions: publishDistributions(
      total.distributions,
      parts.map((p) => p.distributions),
    ),
  });
  const byDomain = breakdown(domainMeasures);
  const byMonth = breakdown(monthMeasures);
  const rows = (keys: [string, string[]][], published: typeof byDomain) =>
    keys.map(([key], i) => ({ key, indicators: published.indicators.parts[i]!, distributions: published.distributions.parts[i]! }));
  return {
    total: stricter(byDomain.indicators.total, byMonth.indicators.total),
    totalDistributions: stricterDistributions(byDomain.distributions.total, byMonth.distributions.total),
    byDomain: rows(domains, byDomain),
    byMonth: rows(months, byMonth),
    available: null,
  };
}

