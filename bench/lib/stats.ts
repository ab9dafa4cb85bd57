// Percentiles, ratios and the verdict against a target: plain arithmetic, shared by every row.

/** The nearest-rank percentile `p` (0–100) of `values`; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** `result / baseline`, or null when the baseline is not a positive number. */
export function ratio(result: number, baseline: number): number | null {
  return baseline > 0 && Number.isFinite(baseline) && Number.isFinite(result) ? result / baseline : null;
}

export interface Latencies {
  p50: number;
  p95: number;
  p99: number;
}

export function latencies(values: readonly number[]): Latencies {
  return { p50: percentile(values, 50), p95: percentile(values, 95), p99: percentile(values, 99) };
}
