// What may be shown of the indicators: counts of people under 5 are "< 5" wherever a
// person could be singled out (the volunteers accepted, the distinct volunteers, those
// who came back, the people helped, the survey answers), and so is a figure that would
// give one back (the fill rate gives back the volunteers accepted; the hours, the hours
// of each of a few volunteers; the mean rating, a few volunteers' ratings). Counts of
// needs and of places wanted name nobody and are shown as they are.
//
// A breakdown (by month, by domain) is shown with its total, so one hidden cell would be
// the total minus the others: when the hidden cells of a row of cells are a single one,
// or add up to less than 5, the smallest cells shown are hidden with them until they
// are not (complementary suppression, as statistics offices do); when nothing is left to
// hide, the total is hidden. See docs/decisions/0019-evaluation.md.
//
// A distribution (answers by rating, durations by bucket: distributions.ts) is shown
// whole or not at all: hidden while it counts 1 to 4 answers, needs or applications,
// with the same complementary suppression, so the answers by rating are hidden exactly
// when the answers are.
import { SMALL_COUNT } from "../open-data/indicators.ts";
import { countOf, DISTRIBUTION_KEYS, type DistributionKey, type Distributions } from "./distributions.ts";
import type { Indicators } from "./indicators.ts";

export type IndicatorKey = keyof Indicators;

/**
 * `small`: "< 5"; `none`: nothing to compute from (no need, no answer); `unavailable`: does not federate;
 * `atLeast`: a sum of the federation's members' figures, some of which they hid (federation.ts);
 * `estimate`: a median read from the members' distributions (where it surely lies: `low`
 * to `high`, null for no end) or a mean; `partial` when some members hid their part.
 */
export type Cell =
  | { kind: "value"; value: number }
  | { kind: "atLeast"; value: number }
  | { kind: "estimate"; value: number; low?: number; high?: number | null; partial: boolean }
  | { kind: "small" }
  | { kind: "none" }
  | { kind: "unavailable" };

/** A distribution as shown: its counts (`atLeast`: the known parts' only, some being hidden), or hidden. */
export type DistributionCell = { kind: "value"; counts: number[] } | { kind: "atLeast"; counts: number[] } | { kind: "small" } | { kind: "unavailable" };

export type PublishedDistributions = Record<DistributionKey, DistributionCell>;

export type PublishedIndicators = Record<IndicatorKey, Cell>;

/** The indicators, in the order the pages, the tables and the CSV give them. */
export const INDICATOR_KEYS = [
  "needsPublished",
  "needsFilled",
  "needsDone",
  "volunteersWanted",
  "volunteersAccepted",
  "fillRate",
  "hoursToFirstApplication",
  "hoursToFilling",
  "responseHours",
  "volunteers",
  "returningVolunteers",
  "hoursGiven",
  "peopleHelped",
  "answers",
  "satisfaction",
] as const satisfies readonly IndicatorKey[];

/** Counts of people: hidden from 1 to 4. */
const PERSON_COUNTS = ["volunteersAccepted", "volunteers", "returningVolunteers", "peopleHelped", "answers"] as const satisfies readonly IndicatorKey[];
type PersonCount = (typeof PERSON_COUNTS)[number];

/** Figures hidden with the count they would give back. */
const DERIVED: Partial<Record<IndicatorKey, PersonCount>> = { fillRate: "volunteersAccepted", hoursGiven: "volunteers", satisfaction: "answers" };

const small = (n: number) => n > 0 && n < SMALL_COUNT;

type Hidden = Record<PersonCount, boolean>;

function hiddenOf(indicators: Indicators): Hidden {
  return complementary<PersonCount>(indicators, [], PERSON_COUNTS).total;
}

function cells(indicators: Indicators, hidden: Hidden, available: ReadonlySet<IndicatorKey> | null): PublishedIndicators {
  const out = {} as PublishedIndicators;
  for (const key of INDICATOR_KEYS) {
    const value = indicators[key];
    const base = (PERSON_COUNTS as readonly string[]).includes(key) ? (key as PersonCount) : DERIVED[key];
    if (available && !available.has(key)) out[key] = { kind: "unavailable" };
    else if (base && hidden[base]) out[key] = { kind: "small" };
    else if (value === null) out[key] = { kind: "none" };
    else out[key] = { kind: "value", value };
  }
  return out;
}

/** One set of indicators on its own (a need's, a practice sheet's). */
export function publishIndicators(indicators: Indicators, available: ReadonlySet<IndicatorKey> | null = null): PublishedIndicators {
  return cells(indicators, hiddenOf(indicators), available);
}

/**
 * Which counts of a total and of its parts stay hidden: those from 1 to 4, and, in each
 * key, more parts (the smallest shown first) until the hidden ones are two or more and
 * add up to 5 or more, or else the total (complementary suppression). Also used for
 * the distributions' counts (dashboard.ts).
 */
export function complementary<K extends string>(
  total: Record<K, number>,
  parts: readonly Record<K, number>[],
  keys: readonly K[],
): { total: Record<K, boolean>; parts: Record<K, boolean>[] } {
  const hide = (counts: Record<K, number>) => Object.fromEntries(keys.map((k) => [k, small(counts[k])])) as Record<K, boolean>;
  const totalHidden = hide(total);
  const partHidden = parts.map(hide);
  for (const key of keys) {
    for (;;) {
      if (totalHidden[key]) break;
      const hidden = parts.map((p, i) => ({ p, i })).filter(({ i }) => partHidden[i]![key]);
      if (hidden.length === 0) break;
      const sum = hidden.reduce((s, { p }) => s + p[key], 0);
      if (hidden.length >= 2 && sum >= SMALL_COUNT) break;
      const shown = parts
        .map((p, i) => ({ p, i }))
        .filter(({ p, i }) => !partHidden[i]![key] && p[key] > 0)
        .sort((a, b) => a.p[key] - b.p[key]);
      if (shown.length === 0) {
        totalHidden[key] = true;
        break;
      }
      partHidden[shown[0]!.i]![key] = true;
    }
  }
  return { total: totalHidden, parts: partHidden };
}

/**
 * A total and its breakdown, with the complementary suppression above applied to each
 * count of people (and to what follows them).
 */
export function publishBreakdown(
  total: Indicators,
  parts: Indicators[],
  available: ReadonlySet<IndicatorKey> | null = null,
): { total: PublishedIndicators; parts: PublishedIndicators[] } {
  const hidden = complementary<PersonCount>(total, parts, PERSON_COUNTS);
  return { total: cells(total, hidden.total, available), parts: parts.map((p, i) => cells(p, hidden.parts[i]!, available)) };
}

/** The distributions of a total and its breakdown: each shown whole, or hidden while it counts 1 to 4 (and complemented). */
export function publishDistributions(total: Distributions, parts: Distributions[]): { total: PublishedDistributions; parts: PublishedDistributions[] } {
  const counts = (d: Distributions) => Object.fromEntries(DISTRIBUTION_KEYS.map((k) => [k, countOf(d[k])])) as Record<DistributionKey, number>;
  const hidden = complementary(counts(total), parts.map(counts), DISTRIBUTION_KEYS);
  const cellsOf = (d: Distributions, h: Record<DistributionKey, boolean>) =>
    Object.fromEntries(DISTRIBUTION_KEYS.map((k) => [k, h[k] ? { kind: "small" } : { kind: "value", counts: [...d[k]] }])) as PublishedDistributions;
  return { total: cellsOf(total, hidden.total), parts: parts.map((p, i) => cellsOf(p, hidden.parts[i]!)) };
}

/**
 * A cell as text, for the CSV and the tables: "< 5", "" (none), "n/a" (does not federate),
 * ">= N" (at least), "~N (low-high)" or "~N (partial)" (an estimate), or the number.
 */
export function cellText(cell: Cell, options: { none?: string; unavailable?: string } = {}): string {
  switch (cell.kind) {
    case "small":
      return `< ${SMALL_COUNT}`;
    case "none":
      return options.none ?? "";
    case "unavailable":
      return options.unavailable ?? "n/a";
    case "atLeast":
      return `>= ${cell.value}`;
    case "estimate": {
      const range = cell.low === undefined ? [] : [cell.high === null || cell.high === undefined ? `>= ${cell.low}` : `${cell.low}-${cell.high}`];
      const notes = [...range, ...(cell.partial ? ["partial"] : [])];
      return `~${cell.value}${notes.length ? ` (${notes.join("; ")})` : ""}`;
    }
    case "value":
      return String(cell.value);
  }
}
