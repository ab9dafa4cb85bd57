// One row per benchmark: what was measured, its baseline from the same run, the ratio,
// the target and whether it is met; printed as a Markdown table (it goes into the README as is).

export interface Row {
  name: string;
  /** What was measured, human-readable ("1,234 req/s, p99 8.1 ms"). */
  result: string;
  baseline: string;
  /** result / baseline, in the sense the target uses; null when not meaningful. */
  ratio: number | null;
  target: string;
  /** null: no target, or it could not be judged. */
  met: boolean | null;
  /** Raw figures, kept in the JSON results. */
  data?: Record<string, unknown>;
}

const HEADERS = ["Name", "Result", "Baseline (same run)", "Ratio", "Target", "Met"];

export function formatRatio(value: number | null): string {
  if (value === null) return "–";
  return `${value >= 10 ? value.toFixed(0) : value >= 1 ? value.toFixed(2) : value.toFixed(3)}×`;
}

const verdict = (met: boolean | null) => (met === null ? "–" : met ? "yes" : "**no**");

export function formatTable(rows: readonly Row[]): string {
  const cells = rows.map((r) => [r.name, r.result, r.baseline, formatRatio(r.ratio), r.target, verdict(r.met)]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(HEADERS), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

/** 12345.6 → "12,346"; small numbers keep a decimal or two. */
export function num(value: number, digits = value >= 100 ? 0 : value >= 10 ? 1 : 2): string {
  return value.toLocaleString("en-GB", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export const ms = (value: number) => `${num(value, value >= 100 ? 0 : 1)} ms`;
