// Adding up towns' published figures (combine.ts) with known answers: counts summed and
// bounded where a town hid one, never guessed; the fill rate and the satisfaction from
// the sums, not a mean of the towns' own; medians read from the durations added up by
// bucket, with where they surely lie; a town's own exact median when it is alone.
import { describe, expect, it } from "vitest";
import { combine, type PublishedRow } from "./combine.ts";
import { DISTRIBUTION_KEYS, type DistributionKey, emptyDistributions, histogramMedian } from "./distributions.ts";
import { type Cell, type DistributionCell, INDICATOR_KEYS, type IndicatorKey } from "./publish.ts";

const value = (n: number): Cell => ({ kind: "value", value: n });
const hidden: Cell = { kind: "small" };
const counts = (...c: number[]): DistributionCell => ({ kind: "value", counts: c });
const hiddenDistribution: DistributionCell = { kind: "small" };
const MEDIANS: readonly IndicatorKey[] = ["hoursToFirstApplication", "hoursToFilling", "responseHours", "satisfaction"];

/** A town's row: zeros, no medians, empty distributions, but for what is given. */
function row(indicators: Partial<Record<IndicatorKey, Cell>>, distributions: Partial<Record<DistributionKey, DistributionCell>> = {}): PublishedRow {
  const empty = emptyDistributions();
  return {
    indicators: Object.fromEntries(INDICATOR_KEYS.map((k) => [k, indicators[k] ?? (MEDIANS.includes(k) || k === "fillRate" ? { kind: "none" } : value(0))])) as PublishedRow["indicators"],
    distributions: Object.fromEntries(DISTRIBUTION_KEYS.map((k) => [k, distributions[k] ?? { kind: "value", counts: empty[k] }])) as PublishedRow["distributions"],
  };
}

describe("adding up towns' figures", () => {
  it("sums counts, and bounds a sum where a town hid its part, without guessing it", () => {
    const a = row({ volunteers: value(12), returningVolunteers: value(5), peopleHelped: value(20), hoursGiven: value(31.5) });
    const b = row({ volunteers: value(7), returningVolunteers: hidden, peopleHelped: hidden, hoursGiven: hidden });
    const c = row({ volunteers: hidden, returningVolunteers: hidden, peopleHelped: value(0), hoursGiven: value(0) });
    const all = combine([a, b, c]).indicators;
    expect(all.volunteers).toEqual({ kind: "atLeast", value: 20 });
    // Two hidden counts (each 1 to 4, so perhaps 8 in all) with 5 known: at least 7, nothing more said.
    expect(all.returningVolunteers).toEqual({ kind: "atLeast", value: 7 });
    expect(all.peopleHelped).toEqual({ kind: "atLeast", value: 21 });
    // Hidden hours add nothing to the bound.
    expect(all.hoursGiven).toEqual({ kind: "atLeast", value: 31.5 });
    expect(combine([a, row({ volunteers: value(5) })]).indicators.volunteers).toEqual(value(17));
    // One hidden count alone stays "< 5", as its town said; two are "at least 2", never their true sum.
    expect(combine([row({ answers: hidden }), row({})]).indicators.answers).toEqual(hidden);
    expect(combine([row({ answers: hidden }), row({ answers: hidden })]).indicators.answers).toEqual({ kind: "atLeast", value: 2 });
    expect(combine([row({ hoursGiven: hidden }), row({})]).indicators.hoursGiven).toEqual({ kind: "unavailable" });
  });

  it("works the fill rate out from the sums, not from the towns' rates", () => {
    const a = row({ volunteersWanted: value(20), volunteersAccepted: value(10), fillRate: value(0.5) });
    const b = row({ volunteersWanted: value(10), volunteersAccepted: value(9), fillRate: value(0.9) });
    expect(combine([a, b]).indicators.fillRate).toEqual(value(0.633));
    const c = row({ volunteersWanted: value(3), volunteersAccepted: hidden, fillRate: hidden });
    // 19 + at least 1 of 33: at least 0.606, rounded down so that it stays a bound.
    expect(combine([a, b, c]).indicators.fillRate).toEqual({ kind: "atLeast", value: 0.606 });
    expect(combine([c]).indicators.fillRate).toEqual(hidden);
  });

  it("takes the satisfaction from the answers added up rating by rating", () => {
    // 5 answers of 5 and 15 of 3: (25 + 45) / 20 = 3.5, not the mean of 5 and 3.
    const a = row({ answers: value(5), satisfaction: value(5) }, { ratings: counts(0, 0, 0, 0, 5) });
    const b = row({ answers: value(15), satisfaction: value(3) }, { ratings: counts(0, 0, 15, 0, 0) });
    const both = combine([a, b]);
    expect(both.indicators.satisfaction).toEqual(value(3.5));
    expect(both.distributions.ratings).toEqual(counts(0, 0, 15, 0, 5));
    // A town hid its answers: the mean of the others', said to be partial.
    const c = row({ answers: hidden, satisfaction: hidden }, { ratings: hiddenDistribution });
    const partial = combine([a, b, c]);
    expect(partial.indicators.satisfaction).toEqual({ kind: "estimate", value: 3.5, partial: true });
    expect(partial.distributions.ratings).toEqual({ kind: "atLeast", counts: [0, 0, 15, 0, 5] });
    expect(combine([c, row({})]).indicators.satisfaction).toEqual(hidden);
    expect(combine([row({}), row({})]).indicators.satisfaction).toEqual({ kind: "none" });
  });

  it("reads a median from the durations added up by bucket, with where it surely lies", () => {
    // A: 3 needs under an hour, 2 within 1 to 6 h; B: 4 within 1 to 3 days, 2 within 3 to 7 days.
    // Together 11: the 6th is the first of the 1-to-3-days bucket; half the count (5.5) is an
    // eighth into its 4: 24 + 48 / 8 = 30 h.
    const a = row({ hoursToFirstApplication: value(0.8) }, { firstApplication: counts(3, 2, 0, 0, 0, 0, 0) });
    const b = row({ hoursToFirstApplication: value(40) }, { firstApplication: counts(0, 0, 0, 4, 2, 0, 0) });
    expect(combine([a, b]).indicators.hoursToFirstApplication).toEqual({ kind: "estimate", value: 30, low: 24, high: 72, partial: false });
    expect(combine([a, b]).distributions.firstApplication).toEqual(counts(3, 2, 0, 4, 2, 0, 0));
    // A single town with any: its own median, exact.
    expect(combine([a, row({})]).indicators.hoursToFirstApplication).toEqual(value(0.8));
    // One town hid its durations: the others' median, said to be partial, and no bounds claimed.
    const c = row({ hoursToFirstApplication: value(3) }, { firstApplication: hiddenDistribution });
    expect(combine([a, b, c]).indicators.hoursToFirstApplication).toEqual({ kind: "estimate", value: 30, partial: true });
    // ...but alone with it, the median it published is its own.
    expect(combine([c, row({})]).indicators.hoursToFirstApplication).toEqual(value(3));
    // What documents say nothing of stays out: a server without open data adds no durations.
    const documents = row({ needsPublished: value(4), needsDone: { kind: "unavailable" }, hoursToFirstApplication: { kind: "unavailable" } }, { firstApplication: { kind: "unavailable" } });
    expect(combine([documents, a, b]).indicators.hoursToFirstApplication).toMatchObject({ kind: "estimate", value: 30 });
    expect(combine([documents]).indicators.hoursToFirstApplication).toEqual({ kind: "unavailable" });
    expect(combine([documents, row({ needsPublished: value(6), needsDone: value(5) })]).indicators).toMatchObject({ needsPublished: value(10), needsDone: value(5) });
  });
});

describe("a median read from buckets", () => {
  it("lies in its bucket, or between two for an even count, and has no end in the last", () => {
    expect(histogramMedian([5, 0, 0, 0, 0, 0, 0])).toEqual({ value: 0.5, low: 0, high: 1 });
    // 1 under an hour, 1 within 6 to 24 h: the median is between them, 0 to 24 h.
    expect(histogramMedian([1, 0, 1, 0, 0, 0, 0])).toEqual({ value: 1, low: 0, high: 24 });
    expect(histogramMedian([0, 0, 0, 0, 0, 0, 3])).toEqual({ value: 720, low: 720, high: null });
    expect(histogramMedian([0, 0, 0, 0, 0, 0, 0])).toBeNull();
  });
});
