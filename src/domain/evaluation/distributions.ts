// The distributions a dashboard's medians and mean are read from: the volunteers'
// answers by rating, and three durations by bucket (publication to first application,
// publication to filling, application to decision). A median or a mean does not add up
// from one town to the next; these do, bucket by bucket, so an aggregator can read the
// federation's median and mean from its members' open data (federation.ts,
// docs/decisions/0024-combining-figures-across-towns.md).
//
// A median read from buckets is known to lie in the bucket it falls in (or between two
// buckets, for an even count); within it, `histogramMedian` interpolates as if the
// durations were spread evenly, the usual grouped median. The buckets are those a
// coordinator thinks in: within the hour, the morning, the day, the next days, the
// week, the month.

export interface DurationBucket {
  /** The end of the CSV column's name: `first_application_1h_6h`. */
  suffix: string;
  /** Hours, from (included) to (excluded; null: no end). */
  from: number;
  to: number | null;
}

export const DURATION_BUCKETS: readonly DurationBucket[] = [
  { suffix: "under_1h", from: 0, to: 1 },
  { suffix: "1h_6h", from: 1, to: 6 },
  { suffix: "6h_24h", from: 6, to: 24 },
  { suffix: "1d_3d", from: 24, to: 72 },
  { suffix: "3d_7d", from: 72, to: 168 },
  { suffix: "7d_30d", from: 168, to: 720 },
  { suffix: "30d_more", from: 720, to: null },
];

export const RATINGS = [1, 2, 3, 4, 5] as const;

export interface Distributions {
  /** Survey answers by rating: index 0 counts the 1s, index 4 the 5s. */
  ratings: number[];
  /** Needs with an application, by the time from publication to the first one. */
  firstApplication: number[];
  /** Needs filled, by the time from publication to the decision that filled them. */
  filling: number[];
  /** Decided applications, by the time from the application to its decision. */
  response: number[];
}

export type DistributionKey = keyof Distributions;

export const DISTRIBUTION_KEYS = ["ratings", "firstApplication", "filling", "response"] as const satisfies readonly DistributionKey[];

/** The median each duration's distribution is read for. */
export const MEDIAN_OF = { firstApplication: "hoursToFirstApplication", filling: "hoursToFilling", response: "responseHours" } as const;

export const emptyDistributions = (): Distributions => ({
  ratings: RATINGS.map(() => 0),
  firstApplication: DURATION_BUCKETS.map(() => 0),
  filling: DURATION_BUCKETS.map(() => 0),
  response: DURATION_BUCKETS.map(() => 0),
});

/** The bucket a duration (hours, negative ones as 0) falls in. */
export function bucketOf(hours: number): number {
  const h = Math.max(0, hours);
  const i = DURATION_BUCKETS.findIndex((b) => b.to === null || h < b.to);
  return i === -1 ? DURATION_BUCKETS.length - 1 : i;
}

export function histogram(hours: readonly number[]): number[] {
  const counts = DURATION_BUCKETS.map(() => 0);
  for (const h of hours) counts[bucketOf(h)]! += 1;
  return counts;
}

/** Bucket by bucket. */
export function addCounts(a: readonly number[], b: readonly number[]): number[] {
  return a.map((n, i) => n + (b[i] ?? 0));
}

export const countOf = (counts: readonly number[]) => counts.reduce((s, n) => s + n, 0);

/** The mean rating of answers by rating, to one decimal (null without any). */
export function meanRating(ratings: readonly number[]): number | null {
  const n = countOf(ratings);
  if (n === 0) return null;
  const sum = ratings.reduce((s, c, i) => s + c * (i + 1), 0);
  return Math.round((sum / n) * 10) / 10;
}

export interface HistogramMedian {
  /** Interpolated within its bucket, to one decimal; the bucket's start when it has no end. */
  value: number;
  /** Where the median surely lies: from the start of the bucket of the lower middle duration to the end of the upper one's (null: no end). */
  low: number;
  high: number | null;
}

/** The median of the durations counted by bucket (null without any). */
export function histogramMedian(counts: readonly number[]): HistogramMedian | null {
  const n = countOf(counts);
  if (n === 0) return null;
  // The bucket holding the duration of this rank (1 to n).
  const bucketOfRank = (rank: number) => {
    let seen = 0;
    for (let i = 0; i < counts.length; i++) {
      seen += counts[i]!;
      if (seen >= rank) return i;
    }
    return counts.length - 1;
  };
  const lower = DURATION_BUCKETS[bucketOfRank(Math.floor((n + 1) / 2))]!;
  const upper = DURATION_BUCKETS[bucketOfRank(Math.ceil((n + 1) / 2))]!;
  // The grouped median: the bucket where half the count is reached, read as evenly spread.
  let before = 0;
  let i = 0;
  while (before + counts[i]! < n / 2) before += counts[i++]!;
  const bucket = DURATION_BUCKETS[i]!;
  const value = bucket.to === null ? bucket.from : bucket.from + ((n / 2 - before) / counts[i]!) * (bucket.to - bucket.from);
  return { value: Math.round(value * 10) / 10, low: lower.from, high: upper.to };
}
