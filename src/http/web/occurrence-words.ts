// The occurrences of a recurring need in words, for the apply form's checkboxes and the
// coordinators' roster: "mardi 16 mars 2027, 14:00", in the need's time zone.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Application } from "../../domain/needs/applications.ts";
import type { Need } from "../../domain/needs/model.ts";
import { choosableOccurrences, chosenOccurrences, rosterByOccurrence } from "../../domain/needs/chosen-occurrences.ts";
import { TIME_ZONE } from "../../domain/needs/occurrences.ts";

export function occurrenceLabel(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: TIME_ZONE }).format(
    new Date(iso),
  );
}

/** The next occurrences a volunteer may tick on the need's page (none for a need that does not recur). */
export function occurrenceChoices(need: Pick<Need, "schedule">, lang: string): { value: string; label: string }[] {
  return choosableOccurrences(need, new Date().toISOString()).map((value) => ({ value, label: occurrenceLabel(value, lang) }));
}

/** Who comes on which of the next dates of a recurring need, in words, for its coordinators' page. */
export async function occurrenceRoster(db: Kysely<Database>, need: Need, applications: Application[], lang: string) {
  const chosen = await chosenOccurrences(db, applications.map((a) => a.id));
  const name = (a: Application) => (a.applicant.kind === "account" ? `${a.applicant.name || a.applicant.username} (@${a.applicant.username})` : a.applicant.name || (a.applicant.handle ?? a.applicant.uri));
  const rows = rosterByOccurrence(choosableOccurrences(need, new Date().toISOString(), 8), applications, chosen).map((r) => ({
    occurrence: r.occurrence,
    label: occurrenceLabel(r.occurrence, lang),
    accepted: r.accepted.map(name),
    pending: r.pending.map(name),
  }));
  return {
    roster: need.schedule.kind === "recurring" ? rows : undefined,
    chosen: Object.fromEntries([...chosen].map(([id, dates]) => [id, dates.map((d) => occurrenceLabel(d, lang))])),
  };
}
