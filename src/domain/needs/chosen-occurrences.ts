// The occurrences of a recurring need a volunteer answers for (issue 16): chosen when
// applying (the need page's checkboxes, the API's `occurrences`), checked against the
// rule (only upcoming occurrences nobody cancelled, through occurrences.ts), stored
// with the application in `application_occurrences`. No row: every occurrence, as for
// a volunteer elsewhere who applied by a private reply (docs/federation.md).
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import { DomainError } from "../errors.ts";
import type { Need } from "./model.ts";
import { isUpcomingOccurrence, occurrenceKey, upcomingOccurrences } from "./occurrences.ts";

/** The most dates one application may name, and the upcoming ones a form offers. */
export const MAX_CHOSEN = 52;

/**
 * The dates chosen, as keys (ISO UTC, milliseconds), without repeats, in order; refused
 * (`occurrence_unknown`, with the date) when one is not an upcoming occurrence of the
 * need's rule, was cancelled, or the need does not recur.
 */
export function checkChosenOccurrences(need: Pick<Need, "schedule">, dates: readonly string[], now: string): string[] {
  if (dates.length === 0) return [];
  if (dates.length > MAX_CHOSEN) throw new DomainError("invalid", `at most ${MAX_CHOSEN} occurrences`, "occurrences", "occurrence_unknown", { date: "" });
  const keys = new Set<string>();
  for (const date of dates) {
    const key = Number.isNaN(Date.parse(date)) ? null : occurrenceKey(date);
    if (!key || need.schedule.kind !== "recurring" || !isUpcomingOccurrence(need.schedule, key, now)) {
      throw new DomainError("invalid", `${date} is not an upcoming occurrence of this need`, "occurrences", "occurrence_unknown", { date });
    }
    keys.add(key);
  }
  return [...keys].sort();
}

/** The next occurrences a volunteer may choose from (none for a need that does not recur). */
export function choosableOccurrences(need: Pick<Need, "schedule">, now: string, limit = 8): string[] {
  return need.schedule.kind === "recurring" ? upcomingOccurrences(need.schedule, now, Math.min(limit, MAX_CHOSEN)) : [];
}

export async function saveChosenOccurrences(trx: Transaction<Database>, applicationId: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await trx
    .insertInto("application_occurrences")
    .values(keys.map((occurrence) => ({ application_id: applicationId, occurrence })))
    .execute();
}

/** The dates each application of the list answers for (absent: every date). */
export async function chosenOccurrences(db: Kysely<Database>, applicationIds: readonly string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  if (applicationIds.length === 0) return found;
  const rows = await db
    .selectFrom("application_occurrences")
    .select(["application_id", "occurrence"])
    .where("application_id", "in", [...applicationIds])
    .orderBy("occurrence")
    .execute();
  for (const row of rows) found.set(row.application_id, [...(found.get(row.application_id) ?? []), row.occurrence]);
  return found;
}

export interface OccurrenceRoster<A> {
  occurrence: string;
  accepted: A[];
  pending: A[];
}

/**
 * Who comes on which date, for the coordinators: per upcoming occurrence, the accepted and
 * the pending applications that answer for it (those that chose no date answer for all).
 */
export function rosterByOccurrence<A extends { id: string; status: string }>(
  occurrences: readonly string[],
  applications: readonly A[],
  chosen: Map<string, string[]>,
): OccurrenceRoster<A>[] {
  return occurrences.map((occurrence) => {
    const coming = applications.filter((a) => {
      const dates = chosen.get(a.id);
      return !dates || dates.includes(occurrence);
    });
    return {
      occurrence,
      accepted: coming.filter((a) => a.status === "accepted" || a.status === "done"),
      pending: coming.filter((a) => a.status === "pending"),
    };
  });
}
