// Open data: the instance's evaluation (the figures of its public dashboard, /evaluation,
// src/domain/evaluation/dashboard.ts), as rows of a file: the total, each month, each
// domain, with the distributions its medians and mean are read from (the answers by
// rating, the durations by bucket). An aggregator adds these up across its member towns
// (src/domain/evaluation/combine.ts): a median or a mean does not add up, distributions
// do; and a total, a domain and a month each come from the needs themselves, so a need
// in two domains, or a volunteer who came back in another month, is counted once where
// it should be, which adding up the cells of needs-by-domain-month could not do.
//
// The figures are those the dashboard publishes, hidden where it hides them (a count
// of people from 1 to 4, what would give it back, complementary suppression between a
// breakdown and its total; a distribution counting 1 to 4, whole): the file says
// nothing the dashboard does not. A hidden figure is null and named in `suppressed`
// ("< 5" in the CSV); a figure with nothing to compute from (a median without any
// application) is null and not named.
import type { Evaluation } from "../evaluation/dashboard.ts";
import { DISTRIBUTION_KEYS, type DistributionKey, DURATION_BUCKETS, RATINGS } from "../evaluation/distributions.ts";
import { type Cell, type DistributionCell, INDICATOR_KEYS, type PublishedDistributions, type PublishedIndicators } from "../evaluation/publish.ts";
import { SMALL_COUNT } from "./indicators.ts";

/** Raised when a column changes meaning or goes; new columns may come within a version (readers ignore those they do not know). */
export const EVALUATION_VERSION = 1;

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Each distribution's columns' prefix. */
export const DISTRIBUTION_PREFIX: Record<DistributionKey, string> = { ratings: "ratings", firstApplication: "first_application", filling: "filling", response: "response" };

/** What each distribution counts, for the JSON file's readers. */
export const DISTRIBUTION_MEANING: Record<DistributionKey, string> = {
  ratings: "volunteers' answers giving each rating, 1 (bad) to 5 (very good)",
  firstApplication: "needs with an application, by the time from their publication to the first one",
  filling: "needs filled, by the time from their publication to the decision that filled them",
  response: "applications decided, by the time from the application to the decision",
};

/** A distribution's columns, in order. */
export function distributionColumns(key: DistributionKey): string[] {
  const prefix = DISTRIBUTION_PREFIX[key];
  return key === "ratings" ? RATINGS.map((r) => `${prefix}_${r}`) : DURATION_BUCKETS.map((b) => `${prefix}_${b.suffix}`);
}

/** The indicators' columns: the dashboard CSV's names. */
export const INDICATOR_COLUMNS = INDICATOR_KEYS.map(snake);

/** The columns of evaluation.csv, in order: the CSV's header, the JSON's keys. */
export const EVALUATION_COLUMNS = ["breakdown", "key", ...INDICATOR_COLUMNS, ...DISTRIBUTION_KEYS.flatMap(distributionColumns)] as const;

export interface EvaluationFileRow {
  breakdown: "total" | "month" | "domain";
  /** A month (YYYY-MM), a domain's slug, or "" for the total. */
  key: string;
  /** By column; null when hidden (then in `suppressed`) or when there is nothing to compute from. */
  figures: Record<string, number | null>;
  suppressed: string[];
}

function indicatorValues(cells: PublishedIndicators, suppressed: string[]): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  INDICATOR_KEYS.forEach((key, i) => {
    const cell: Cell = cells[key];
    out[INDICATOR_COLUMNS[i]!] = cell.kind === "value" ? cell.value : null;
    if (cell.kind === "small") suppressed.push(INDICATOR_COLUMNS[i]!);
  });
  return out;
}

function distributionValues(cells: PublishedDistributions, suppressed: string[]): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const key of DISTRIBUTION_KEYS) {
    const cell: DistributionCell = cells[key];
    distributionColumns(key).forEach((column, i) => {
      out[column] = cell.kind === "value" ? cell.counts[i]! : null;
      if (cell.kind === "small") suppressed.push(column);
    });
  }
  return out;
}

/** The dashboard as the file's rows: the total, the months, the domains (the pilot ones first). */
export function evaluationRows(evaluation: Evaluation): EvaluationFileRow[] {
  const row = (breakdown: EvaluationFileRow["breakdown"], key: string, indicators: PublishedIndicators, distributions: PublishedDistributions): EvaluationFileRow => {
    const suppressed: string[] = [];
    return { breakdown, key, figures: { ...indicatorValues(indicators, suppressed), ...distributionValues(distributions, suppressed) }, suppressed };
  };
  return [
    row("total", "", evaluation.total, evaluation.totalDistributions),
    ...evaluation.byMonth.map((r) => row("month", r.key, r.indicators, r.distributions)),
    ...evaluation.byDomain.map((r) => row("domain", r.key, r.indicators, r.distributions)),
  ];
}

/** A row as the CSV writes it: a hidden figure is "< 5", none is empty. */
export function evaluationCells(row: EvaluationFileRow): string[] {
  return EVALUATION_COLUMNS.map((column) => {
    if (column === "breakdown" || column === "key") return row[column];
    const value = row.figures[column];
    if (value === null || value === undefined) return row.suppressed.includes(column) ? `< ${SMALL_COUNT}` : "";
    return String(value);
  });
}

/** A row as the JSON writes it: every column, then `suppressed`. */
export function evaluationJsonRow(row: EvaluationFileRow): Record<string, unknown> {
  return { breakdown: row.breakdown, key: row.key, ...row.figures, suppressed: row.suppressed };
}
