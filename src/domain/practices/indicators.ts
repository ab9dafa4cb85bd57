// A sheet's results, computed from the needs it was written from (and a try's,
// from the needs it made): never typed by anyone. Read from the needs' own
// columns (status, volunteers wanted and accepted) and their outcome's JSON
// (`volunteerHours`, `peopleHelped`: src/domain/needs/model.ts), so they change
// when an outcome is recorded or corrected, whoever records it.
//
// People helped from 1 to 4 are not published (null, shown "< 5"): in a small
// town "2 elderly people visited" can point at someone (the rule of the open
// data, src/domain/open-data/indicators.ts). Hours and volunteers are the
// volunteers' own figures, shown on each need's page already.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { publishable } from "../open-data/indicators.ts";
import type { Indicators } from "./model.ts";

export interface NeedFigures {
  status: string;
  volunteers_wanted: number;
  volunteers_accepted: number;
  outcome: string | null;
}

const number = (value: unknown) => (typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : 0);

/** The indicators of these needs: all of them counted, the outcomes of the done ones added up. */
export function indicatorsOf(needs: NeedFigures[]): Indicators {
  let wanted = 0;
  let accepted = 0;
  let hours = 0;
  let helped = 0;
  let done = 0;
  for (const need of needs) {
    wanted += number(need.volunteers_wanted);
    accepted += number(Number(need.volunteers_accepted));
    if (need.status !== "done") continue;
    done++;
    if (!need.outcome) continue;
    let outcome: Record<string, unknown> = {};
    try {
      outcome = JSON.parse(need.outcome) as Record<string, unknown>;
    } catch {}
    hours += number(outcome.volunteerHours);
    helped += number(outcome.peopleHelped);
  }
  return {
    needs: needs.length,
    needsDone: done,
    volunteersWanted: wanted,
    volunteersAccepted: accepted,
    fillRate: wanted > 0 ? Math.round((Math.min(accepted, wanted) / wanted) * 100) / 100 : null,
    volunteerHours: Math.round(hours * 10) / 10,
    peopleHelped: publishable(helped) ? helped : null,
  };
}

const FIGURES = ["needs.status", "needs.volunteers_wanted", "needs.volunteers_accepted", "needs.outcome"] as const;

/** The indicators of a sheet written here, from its linked needs as they are now. */
export async function practiceIndicators(db: Kysely<Database>, practiceId: string): Promise<Indicators> {
  const rows = await db
    .selectFrom("practice_needs as p")
    .innerJoin("needs", "needs.id", "p.need_id")
    .select(FIGURES)
    .where("p.practice_id", "=", practiceId)
    .execute();
  return indicatorsOf(rows);
}

/** The indicators of a try made here, from the needs it made (drafts count once published or done). */
export async function tryIndicators(db: Kysely<Database>, tryId: string): Promise<Indicators> {
  const rows = await db
    .selectFrom("practice_try_needs as t")
    .innerJoin("needs", "needs.id", "t.need_id")
    .select(FIGURES)
    .where("t.try_id", "=", tryId)
    .execute();
  return indicatorsOf(rows);
}

/**
 * Indicators added up (a sheet with its tries, an aggregator's members' sheets).
 * `atLeast`: some people helped were too few to be published, so the sum is a floor.
 */
export function combine(all: Indicators[]): Indicators & { atLeast: boolean } {
  const sum = (f: (i: Indicators) => number) => all.reduce((n, i) => n + f(i), 0);
  const wanted = sum((i) => i.volunteersWanted);
  const accepted = sum((i) => i.volunteersAccepted);
  const hidden = all.some((i) => i.peopleHelped === null);
  const helped = sum((i) => i.peopleHelped ?? 0);
  return {
    needs: sum((i) => i.needs),
    needsDone: sum((i) => i.needsDone),
    volunteersWanted: wanted,
    volunteersAccepted: accepted,
    fillRate: wanted > 0 ? Math.round((Math.min(accepted, wanted) / wanted) * 100) / 100 : null,
    volunteerHours: Math.round(sum((i) => i.volunteerHours) * 10) / 10,
    peopleHelped: hidden && helped === 0 ? null : helped,
    atLeast: hidden,
  };
}

/** Indicators read from another server: every figure a finite number ≥ 0, or the whole is refused. */
export function parseIndicators(value: unknown): Indicators | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  const n = (key: string) => {
    const x = Number(v[key]);
    return Number.isFinite(x) && x >= 0 && x < 1e9 ? x : null;
  };
  const needs = n("needs");
  if (needs === null) return null;
  const helped = v.peopleHelped === undefined || v.peopleHelped === null ? null : n("peopleHelped");
  const fill = v.fillRate === undefined || v.fillRate === null ? null : n("fillRate");
  return {
    needs: Math.trunc(needs),
    needsDone: Math.trunc(n("needsDone") ?? 0),
    volunteersWanted: Math.trunc(n("volunteersWanted") ?? 0),
    volunteersAccepted: Math.trunc(n("volunteersAccepted") ?? 0),
    fillRate: fill === null ? null : Math.min(1, fill),
    volunteerHours: n("volunteerHours") ?? 0,
    peopleHelped: helped === null || !publishable(helped) ? null : Math.trunc(helped),
  };
}
