// The members' outcomes on the federation of towns' dashboard, from their own open data
// (src/domain/open-data/indicators.ts, fetched by federation/member-open-data.ts): needs
// done, hours given and people helped, by domain. What a member hid (a count from 1 to
// 4; hours given by fewer than 5 volunteers) stays unknown here: the known cells are
// added up and the figure is "at least" that sum, a hidden count adding 1 (it is 1 to
// 4), a hidden number of hours nothing. A single hidden count and nothing else known is
// "< 5", as the member said. Summing figures the members published reveals nothing
// they did not.
//
// Only by domain: the open data has no total across domains (a need in two domains
// counts in both), so adding its cells by month, or in all, would count such a need
// twice; the total and the months stay "not available" for these three.
import type { Cell, IndicatorKey } from "./publish.ts";

/** One member's published cells (null: hidden by its small-counts rule). */
export interface MemberOpenData {
  origin: string;
  rows: { domain: string; month: string; needsDone: number | null; hoursGiven: number | null; peopleHelped: number | null }[];
}

export const OPEN_DATA_INDICATORS = ["needsDone", "hoursGiven", "peopleHelped"] as const satisfies readonly IndicatorKey[];
type OpenDataKey = (typeof OPEN_DATA_INDICATORS)[number];

/** The members' figures for one domain, as cells. */
export function memberCells(members: readonly MemberOpenData[], domain: string): Record<OpenDataKey, Cell> {
  const rows = members.flatMap((m) => m.rows.filter((r) => r.domain === domain));
  const out = {} as Record<OpenDataKey, Cell>;
  for (const key of OPEN_DATA_INDICATORS) {
    const known = rows.map((r) => r[key]).filter((v): v is number => v !== null);
    const hidden = rows.length - known.length;
    const sum = Math.round(known.reduce((s, v) => s + v, 0) * 10) / 10;
    const isCount = key !== "hoursGiven";
    if (rows.length === 0) out[key] = { kind: "none" };
    else if (hidden === 0) out[key] = { kind: "value", value: sum };
    else if (isCount && hidden === 1 && sum === 0) out[key] = { kind: "small" };
    else if (isCount) out[key] = { kind: "atLeast", value: sum + hidden };
    else out[key] = sum > 0 ? { kind: "atLeast", value: sum } : { kind: "unavailable" };
  }
  return out;
}

/** The domains the members' open data speaks of. */
export function memberDomains(members: readonly MemberOpenData[]): string[] {
  return [...new Set(members.flatMap((m) => m.rows.map((r) => r.domain)))];
}
