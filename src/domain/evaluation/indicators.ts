// What a set of needs achieved, as numbers: published, filled, done; the fill rate
// (volunteers accepted ÷ wanted); the median times to a first application and to being
// filled (from publication), and to a first decision on an application (as
// src/domain/organizations/response-time.ts measures an organisation); the volunteers,
// those who came back for a second need; the hours given and the people helped
// (`needs.outcome`, each need's total); the volunteers' satisfaction (their anonymous
// answers, src/domain/outcomes/survey.ts). `indicatorsForNeeds` is what the dashboards
// and the practice sheets compute from; `measureNeeds` gives, with them, the
// distributions the medians and the mean are read from (distributions.ts), which the
// open data publishes so that towns' figures can be combined. What may be shown of
// either is publish.ts's call.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Outcome } from "../needs/model.ts";
import { MIN_DECIDED } from "../organizations/response-time.ts";
import { type Distributions, emptyDistributions, histogram, RATINGS } from "./distributions.ts";

export interface Indicators {
  needsPublished: number;
  needsFilled: number;
  needsDone: number;
  volunteersWanted: number;
  volunteersAccepted: number;
  /** accepted ÷ wanted, 0 to 1 (null when none was wanted). */
  fillRate: number | null;
  /** Medians, in hours (null without any). */
  hoursToFirstApplication: number | null;
  hoursToFilling: number | null;
  /** Null under MIN_DECIDED decided applications, as an organisation's response time. */
  responseHours: number | null;
  /** Distinct volunteers accepted. */
  volunteers: number;
  /** Of those, the ones accepted for two needs or more of the set. */
  returningVolunteers: number;
  hoursGiven: number;
  peopleHelped: number;
  /** Survey answers, and their mean rating 1 to 5 (null without any). */
  answers: number;
  satisfaction: number | null;
}

const HOUR_MS = 3_600_000;
const CHUNK = 500;

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

function chunks<T>(list: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

export const EMPTY: Indicators = {
  needsPublished: 0,
  needsFilled: 0,
  needsDone: 0,
  volunteersWanted: 0,
  volunteersAccepted: 0,
  fillRate: null,
  hoursToFirstApplication: null,
  hoursToFilling: null,
  responseHours: null,
  volunteers: 0,
  returningVolunteers: 0,
  hoursGiven: 0,
  peopleHelped: 0,
  answers: 0,
  satisfaction: null,
};

export interface Measured {
  indicators: Indicators;
  distributions: Distributions;
}

/** The indicators of these needs of this instance (drafts and unknown ids count for nothing). */
export async function indicatorsForNeeds(db: Kysely<Database>, needIds: readonly string[]): Promise<Indicators> {
  return (await measureNeeds(db, needIds)).indicators;
}

/** The indicators of these needs, and the distributions of their answers and durations. */
export async function measureNeeds(db: Kysely<Database>, needIds: readonly string[]): Promise<Measured> {
  const ids = [...new Set(needIds)];
  if (ids.length === 0) return { indicators: { ...EMPTY }, distributions: emptyDistributions() };
  const needs = [];
  const applications = [];
  const answers: { rating: number }[] = [];
  for (const part of chunks(ids)) {
    needs.push(
      ...(await db
        .selectFrom("needs")
        .select(["id", "status", "published", "volunteers_wanted", "volunteers_accepted", "outcome"])
        .where("id", "in", part)
        .where("status", "<>", "draft")
        .where("published", "is not", null)
        .execute()),
    );
    applications.push(
      ...(await db.selectFrom("applications").select(["need_id", "user_id", "remote_actor_id", "status", "quantity", "created", "decided"]).where("need_id", "in", part).execute()),
    );
    answers.push(...(await db.selectFrom("survey_answers").select("rating").where("need_id", "in", part).execute()));
  }
  const published = new Map(needs.map((n) => [n.id, Date.parse(n.published!)]));
  const byNeed = new Map<string, typeof applications>();
  for (const a of applications) {
    if (!published.has(a.need_id)) continue;
    const list = byNeed.get(a.need_id) ?? [];
    list.push(a);
    byNeed.set(a.need_id, list);
  }
  const toFirst: number[] = [];
  const toFilling: number[] = [];
  const responses: number[] = [];
  const needsOf = new Map<string, Set<string>>();
  let wanted = 0;
  let accepted = 0;
  let filled = 0;
  let done = 0;
  let hours = 0;
  let helped = 0;
  for (const need of needs) {
    const at = published.get(need.id)!;
    const list = byNeed.get(need.id) ?? [];
    wanted += need.volunteers_wanted;
    accepted += need.volunteers_accepted;
    const isFilled = need.volunteers_wanted > 0 && need.volunteers_accepted >= need.volunteers_wanted;
    if (isFilled) filled += 1;
    if (need.status === "done") done += 1;
    if (need.outcome) {
      const outcome = JSON.parse(need.outcome) as Outcome;
      hours += Number(outcome.volunteerHours) || 0;
      helped += Number(outcome.peopleHelped) || 0;
    }
    const first = Math.min(...list.map((a) => Date.parse(a.created)));
    if (Number.isFinite(first)) toFirst.push(Math.max(0, first - at) / HOUR_MS);
    const acceptedList = list.filter((a) => (a.status === "accepted" || a.status === "done") && a.decided).sort((a, b) => a.decided!.localeCompare(b.decided!));
    if (isFilled) {
      // Filled when the accepted volunteers first reached those wanted.
      let count = 0;
      for (const a of acceptedList) {
        count += a.quantity || 1;
        if (count >= need.volunteers_wanted) {
          toFilling.push(Math.max(0, Date.parse(a.decided!) - at) / HOUR_MS);
          break;
        }
      }
    }
    for (const a of list) {
      if (a.decided) responses.push((Date.parse(a.decided) - Date.parse(a.created)) / HOUR_MS);
      if (a.status !== "accepted" && a.status !== "done") continue;
      const who = a.user_id ? `u:${a.user_id}` : a.remote_actor_id ? `r:${a.remote_actor_id}` : null;
      if (!who) continue;
      const set = needsOf.get(who) ?? new Set();
      set.add(need.id);
      needsOf.set(who, set);
    }
  }
  const mean = answers.length ? answers.reduce((s, a) => s + a.rating, 0) / answers.length : null;
  const m = (values: number[]) => {
    const found = median(values);
    return found === null ? null : round(found, 1);
  };
  const indicators: Indicators = {
    needsPublished: needs.length,
    needsFilled: filled,
    needsDone: done,
    volunteersWanted: wanted,
    volunteersAccepted: accepted,
    fillRate: wanted > 0 ? round(accepted / wanted, 3) : null,
    hoursToFirstApplication: m(toFirst),
    hoursToFilling: m(toFilling),
    responseHours: responses.length >= MIN_DECIDED ? m(responses) : null,
    volunteers: needsOf.size,
    returningVolunteers: [...needsOf.values()].filter((s) => s.size >= 2).length,
    hoursGiven: round(hours),
    peopleHelped: helped,
    answers: answers.length,
    satisfaction: mean === null ? null : round(mean, 1),
  };
  const distributions: Distributions = {
    ratings: RATINGS.map((r) => answers.filter((a) => a.rating === r).length),
    firstApplication: histogram(toFirst),
    filling: histogram(toFilling),
    response: histogram(responses),
  };
  return { indicators, distributions };
}
