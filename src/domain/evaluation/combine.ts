// Adding up the figures several towns published for one total, domain or month: the
// federation of towns' dashboard (federation.ts) from its members' open data
// (src/domain/open-data/evaluation.ts) and from the documents of other servers' needs.
// Only what the towns published is used, so nothing comes out that they did not
// publish; what one of them hid ("< 5") stays unknown, and the combined figure says so
// rather than guess (docs/decisions/0024-combining-figures-across-towns.md):
//
// - counts add up; with hidden parts the sum of the known ones is "at least", each
//   hidden count adding 1 (it is 1 or more); a single hidden count and nothing else
//   known stays "< 5", as its town said. Hours add up, hidden ones adding nothing.
// - the fill rate is the accepted volunteers' sum over the wanted ones' ("at least"
//   when some accepted were hidden), never a mean of the towns' rates.
// - the satisfaction is the mean of the answers added up rating by rating: exact;
//   "partial" when some towns hid their answers (then over the published ones).
// - a median is read from the durations added up bucket by bucket: an estimate, with
//   the buckets it surely lies between; when a single town has any, its own median.
import { addCounts, countOf, DISTRIBUTION_KEYS, type DistributionKey, histogramMedian, MEDIAN_OF, meanRating } from "./distributions.ts";
import { INDICATOR_KEYS, type Cell, type DistributionCell, type IndicatorKey, type PublishedDistributions, type PublishedIndicators } from "./publish.ts";

/** One town's published figures for one total, domain or month. */
export interface PublishedRow {
  indicators: PublishedIndicators;
  distributions: PublishedDistributions;
}

const COUNTS = [
  "needsPublished",
  "needsFilled",
  "needsDone",
  "volunteersWanted",
  "volunteersAccepted",
  "volunteers",
  "returningVolunteers",
  "peopleHelped",
  "answers",
] as const satisfies readonly IndicatorKey[];

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The cells of the sources that have this figure at all. */
const having = (cells: Cell[]) => cells.filter((c) => c.kind !== "unavailable");

function sum(cells: Cell[], count: boolean): Cell {
  const present = having(cells);
  if (present.length === 0) return { kind: "unavailable" };
  if (present.every((c) => c.kind === "none")) return { kind: "none" };
  let known = 0;
  let hidden = 0;
  let bounded = false;
  for (const c of present) {
    if (c.kind === "value") known += c.value;
    else if (c.kind === "atLeast" || c.kind === "estimate") {
      known += c.value;
      bounded = true;
    } else if (c.kind === "small") hidden += 1;
  }
  known = round(known, 2);
  if (hidden === 0 && !bounded) return { kind: "value", value: known };
  if (!count) return known > 0 ? { kind: "atLeast", value: known } : { kind: "unavailable" };
  if (hidden === 1 && known === 0 && !bounded) return { kind: "small" };
  return { kind: "atLeast", value: known + hidden };
}

function fillRate(accepted: Cell, wanted: Cell, cells: Cell[]): Cell {
  if (having(cells).length === 0) return { kind: "unavailable" };
  if (wanted.kind !== "value") return wanted.kind === "none" ? { kind: "none" } : { kind: "unavailable" };
  if (wanted.value === 0) return { kind: "none" };
  if (accepted.kind === "value") return { kind: "value", value: round(accepted.value / wanted.value, 3) };
  // A lower bound stays one: rounded down.
  if (accepted.kind === "atLeast") return { kind: "atLeast", value: Math.floor((accepted.value / wanted.value) * 1000) / 1000 };
  return accepted.kind === "small" ? { kind: "small" } : { kind: "unavailable" };
}

interface DistributionSum {
  cell: DistributionCell;
  /** The known parts' counts added up. */
  counts: number[];
  /** Parts with this distribution at all, and those of them hidden. */
  present: number;
  hidden: number;
}

/** A distribution added up, bucket by bucket. */
function sumDistribution(cells: DistributionCell[]): DistributionSum {
  const present = cells.filter((c) => c.kind !== "unavailable");
  let counts: number[] | null = null;
  let hidden = 0;
  for (const c of present) {
    if (c.kind === "value" || c.kind === "atLeast") counts = counts ? addCounts(counts, c.counts) : [...c.counts];
    // A part itself partial is as good as hidden for what it lacks.
    if (c.kind === "small" || c.kind === "atLeast") hidden += 1;
  }
  const known = counts ?? [];
  let cell: DistributionCell;
  if (present.length === 0) cell = { kind: "unavailable" };
  else if (hidden === 0) cell = { kind: "value", counts: known };
  else if (countOf(known) > 0) cell = { kind: "atLeast", counts: known };
  else cell = hidden === 1 ? { kind: "small" } : { kind: "unavailable" };
  return { cell, counts: known, present: present.length, hidden };
}

/** What a figure read from a distribution is when every part that had any was hidden: as its town said if one, else unknown. */
const hiddenOnly = (total: DistributionSum): Cell => (total.hidden === 1 ? { kind: "small" } : { kind: "unavailable" });

function median(rows: readonly PublishedRow[], key: Exclude<DistributionKey, "ratings">): Cell {
  const total = sumDistribution(rows.map((r) => r.distributions[key]));
  if (total.present === 0) return { kind: "unavailable" };
  // A single town measured any: its own median, exact, when it published it.
  const measured = rows.filter((r) => {
    const d = r.distributions[key];
    return d.kind === "small" || ((d.kind === "value" || d.kind === "atLeast") && countOf(d.counts) > 0);
  });
  const own = measured.length === 1 ? measured[0]!.indicators[MEDIAN_OF[key]] : null;
  if (own?.kind === "value") return own;
  const found = histogramMedian(total.counts);
  if (!found) return total.hidden ? hiddenOnly(total) : { kind: "none" };
  if (total.hidden) return { kind: "estimate", value: found.value, partial: true };
  return { kind: "estimate", value: found.value, low: found.low, high: found.high, partial: false };
}

function satisfaction(ratings: DistributionSum): Cell {
  if (ratings.present === 0) return { kind: "unavailable" };
  const mean = meanRating(ratings.counts);
  if (mean === null) return ratings.hidden ? hiddenOnly(ratings) : { kind: "none" };
  return ratings.hidden ? { kind: "estimate", value: mean, partial: true } : { kind: "value", value: mean };
}

/** The figures of several towns for one total, domain or month, added up. */
export function combine(rows: readonly PublishedRow[]): PublishedRow {
  const cellsOf = (key: IndicatorKey) => rows.map((r) => r.indicators[key]);
  const out = {} as PublishedIndicators;
  for (const key of COUNTS) out[key] = sum(cellsOf(key), true);
  out.hoursGiven = sum(cellsOf("hoursGiven"), false);
  out.fillRate = fillRate(out.volunteersAccepted, out.volunteersWanted, cellsOf("fillRate"));
  out.hoursToFirstApplication = median(rows, "firstApplication");
  out.hoursToFilling = median(rows, "filling");
  out.responseHours = median(rows, "response");
  const distributions = Object.fromEntries(DISTRIBUTION_KEYS.map((k) => [k, sumDistribution(rows.map((r) => r.distributions[k]))])) as Record<DistributionKey, DistributionSum>;
  out.satisfaction = satisfaction(distributions.ratings);
  const indicators = Object.fromEntries(INDICATOR_KEYS.map((k) => [k, out[k]])) as PublishedIndicators;
  return { indicators, distributions: Object.fromEntries(DISTRIBUTION_KEYS.map((k) => [k, distributions[k].cell])) as PublishedDistributions };
}
