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
import { SMALL_COUNT } from "../open-data/indicators.ts";
import type { Indicators } from "./indicators.ts";

export type IndicatorKey = keyof Indicators;

/**
 * `small`: "< 5"; `none`: nothing to compute from (no need, no answer); `unavailable`: does not federate;
 * `atLeast`: a sum of the federation's members' figures, some of which they hid (federation.ts).
 */
export type Cell = { kind: "value"; value: number } | { kind: "atLeast"; value: number } | { kind: "small" } | { kind: "none" } | { kind: "unavailable" };

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
  return Object.fromEntries(PERSON_COUNTS.map((k) => [k, small(indicators[k])])) as Hidden;
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
 * A total and its breakdown, with the complementary suppression above applied to each
 * count of people (and to what follows them).
 */
export function publishBreakdown(
  total: Indicators,
  parts: Indicators[],
  available: ReadonlySet<IndicatorKey> | null = null,
): { total: PublishedIndicators; parts: PublishedIndicators[] } {
  const totalHidden = hiddenOf(total);
  const partHidden = parts.map(hiddenOf);
  for (const key of PERSON_COUNTS) {
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
  return { total: cells(total, totalHidden, available), parts: parts.map((p, i) => cells(p, partHidden[i]!, available)) };
}

/** A cell as text, for the CSV and the tables: "< 5", "" (none), "n/a" (does not federate), ">= N" (at least), or the number. */
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
    case "value":
      return String(cell.value);
  }
}
