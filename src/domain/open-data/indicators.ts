// Open data: what the needs published here achieved, added up by domain and month,
// anonymised, for anyone to reuse under the Licence Ouverte / Open Licence 2.0 (Etalab).
//
// Which needs count: only those anyone may read (the access policy's OUTSIDER:
// public and published). Followers-only needs are, by default, those about vulnerable
// people (elderly, ill, children, disabled: `narrowestVisibilityFor`), and local ones
// are kept to this server by their coordinators' choice: they chose not to publish them
// to the world, and figures about them should not go further than the needs
// themselves, even added up. Counting them only in aggregates of 5 or more would not
// do: the public needs' figures are on their own pages, so the aggregate minus those
// would give back what the restricted needs hold.
//
// Small counts: a figure from 1 to 4 is not published ("< 5" in the CSV, null and named
// in `suppressed` in the JSON), because in a small town "2 people helped in health in
// March" can point at someone; 0 singles nobody out and is shown. A figure computed from
// a hidden one is hidden with it (the fill rate gives back the volunteers accepted from
// those wanted; the hours, the hours of each of a few volunteers). No totals across
// domains or months are published: subtracting the published cells from a total would
// give back a hidden one.
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Dialect } from "../../db/database.ts";
import type { Database } from "../../db/schema.ts";
import { visibleTo } from "../access/filters.ts";
import { OUTSIDER } from "../access/policy.ts";
import { DOMAINS } from "../vocabulary/domains.ts";

/** Counts under this are not published. */
export const SMALL_COUNT = 5;

/** What SQL adds up for one domain and one month (the month the needs were published in). */
export interface DomainMonthTotals {
  domain: string;
  /** YYYY-MM, UTC. */
  month: string;
  needsPublished: number;
  /** Needs whose volunteers accepted reached those wanted. */
  needsFilled: number;
  needsDone: number;
  volunteersWanted: number;
  volunteersAccepted: number;
  /** The volunteers accepted on the done needs with an outcome: the people the hours were given by. */
  volunteersBehindOutcomes: number;
  hoursGiven: number;
  peopleHelped: number;
}

/** A number held in the outcome's JSON, in each dialect's words. */
function outcomeNumber(dialect: Dialect, key: "volunteerHours" | "peopleHelped"): RawBuilder<number> {
  const outcome = sql.ref("needs.outcome");
  return dialect === "postgres"
    ? sql<number>`coalesce(cast(cast(${outcome} as jsonb) ->> ${sql.lit(key)} as numeric), 0)`
    : sql<number>`coalesce(json_extract(${outcome}, ${sql.lit(`$.${key}`)}), 0)`;
}

/** The totals of the public needs, by domain and month of publication (a need in two domains counts in both). */
export async function needsByDomainMonth(db: Kysely<Database>, dialect: Dialect): Promise<DomainMonthTotals[]> {
  const month = sql<string>`substr(${sql.ref("needs.published")}, 1, 7)`;
  const done = sql<boolean>`${sql.ref("needs.status")} = 'done'`;
  const rows = await db
    .selectFrom("needs")
    .innerJoin("need_domains as d", "d.need_id", "needs.id")
    .where("needs.published", "is not", null)
    .where("needs.status", "<>", "draft")
    .where(visibleTo(OUTSIDER))
    .select([
      "d.domain as domain",
      month.as("month"),
      sql<number>`count(*)`.as("published"),
      sql<number>`sum(case when ${sql.ref("needs.volunteers_accepted")} >= ${sql.ref("needs.volunteers_wanted")} then 1 else 0 end)`.as("filled"),
      sql<number>`sum(case when ${done} then 1 else 0 end)`.as("done"),
      sql<number>`sum(${sql.ref("needs.volunteers_wanted")})`.as("wanted"),
      sql<number>`sum(${sql.ref("needs.volunteers_accepted")})`.as("accepted"),
      sql<number>`sum(case when ${done} and ${sql.ref("needs.outcome")} is not null then ${sql.ref("needs.volunteers_accepted")} else 0 end)`.as("behind"),
      sql<number>`sum(case when ${done} then ${outcomeNumber(dialect, "volunteerHours")} else 0 end)`.as("hours"),
      sql<number>`sum(case when ${done} then ${outcomeNumber(dialect, "peopleHelped")} else 0 end)`.as("helped"),
    ])
    .groupBy(["d.domain", month])
    .execute();
  const order = new Map(DOMAINS.map((d, i) => [d.slug, i]));
  return rows
    .map((r) => ({
      domain: r.domain,
      month: r.month,
      needsPublished: Number(r.published),
      needsFilled: Number(r.filled),
      needsDone: Number(r.done),
      volunteersWanted: Number(r.wanted),
      volunteersAccepted: Number(r.accepted),
      volunteersBehindOutcomes: Number(r.behind),
      hoursGiven: Number(r.hours),
      peopleHelped: Number(r.helped),
    }))
    .sort((a, b) => (order.get(a.domain) ?? DOMAINS.length) - (order.get(b.domain) ?? DOMAINS.length) || a.domain.localeCompare(b.domain) || a.month.localeCompare(b.month));
}

/** The columns of needs-by-domain-month, in order: the CSV's header, the JSON's keys. */
export const DOMAIN_MONTH_COLUMNS = [
  "domain",
  "domain_label",
  "month",
  "needs_published",
  "needs_filled",
  "needs_done",
  "volunteers_wanted",
  "volunteers_accepted",
  "fill_rate",
  "hours_given",
  "people_helped",
] as const;

export type DomainMonthColumn = (typeof DOMAIN_MONTH_COLUMNS)[number];

/** One published row: a figure is null when it is hidden, and then named in `suppressed`. */
export type DomainMonthRow = {
  domain: string;
  domain_label: string;
  month: string;
  needs_published: number | null;
  needs_filled: number | null;
  needs_done: number | null;
  volunteers_wanted: number | null;
  volunteers_accepted: number | null;
  fill_rate: number | null;
  hours_given: number | null;
  people_helped: number | null;
  suppressed: DomainMonthColumn[];
};

/** Whether a count may be published: nobody, or enough people not to single one out. */
export const publishable = (count: number) => count === 0 || count >= SMALL_COUNT;

/** The totals as published: small counts hidden, with what would give them back. */
export function publishDomainMonth(totals: DomainMonthTotals[]): DomainMonthRow[] {
  return totals.map((t) => {
    const suppressed: DomainMonthColumn[] = [];
    const count = (column: DomainMonthColumn, value: number) => {
      if (publishable(value)) return value;
      suppressed.push(column);
      return null;
    };
    const row: DomainMonthRow = {
      domain: t.domain,
      domain_label: DOMAINS.find((d) => d.slug === t.domain)?.label.fr ?? t.domain,
      month: t.month,
      needs_published: count("needs_published", t.needsPublished),
      needs_filled: count("needs_filled", t.needsFilled),
      needs_done: count("needs_done", t.needsDone),
      volunteers_wanted: count("volunteers_wanted", t.volunteersWanted),
      volunteers_accepted: count("volunteers_accepted", t.volunteersAccepted),
      fill_rate: null,
      hours_given: null,
      people_helped: count("people_helped", t.peopleHelped),
      suppressed,
    };
    // Volunteers accepted ÷ wanted, to two decimals; none when nothing was wanted.
    if (row.volunteers_accepted === null || row.volunteers_wanted === null) suppressed.push("fill_rate");
    else if (t.volunteersWanted > 0) row.fill_rate = Math.round((t.volunteersAccepted / t.volunteersWanted) * 100) / 100;
    // The hours were given by the volunteers of the done needs: shown when they are enough (or when there are none to show).
    if (t.hoursGiven === 0 || t.volunteersBehindOutcomes >= SMALL_COUNT) row.hours_given = Math.round(t.hoursGiven * 10) / 10;
    else suppressed.push("hours_given");
    suppressed.sort((a, b) => DOMAIN_MONTH_COLUMNS.indexOf(a) - DOMAIN_MONTH_COLUMNS.indexOf(b));
    return row;
  });
}

/** The rows as the CSV writes them: a hidden figure is "< 5". */
export function domainMonthCells(row: DomainMonthRow): string[] {
  return DOMAIN_MONTH_COLUMNS.map((column) => {
    const value = row[column];
    if (value === null) return row.suppressed.includes(column) ? `< ${SMALL_COUNT}` : "";
    return String(value);
  });
}
