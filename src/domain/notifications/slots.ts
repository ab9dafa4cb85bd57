// The slots of a need's schedule that start in a window: the one occasion of a
// dated need, each occurrence of a recurring one (src/domain/needs/occurrences.ts,
// which expands its RRULE in Paris wall time without the cancelled ones). A range
// of days or a flexible need has no slot.
import type { Schedule } from "../needs/model.ts";
import { occurrencesBetween } from "../needs/occurrences.ts";

/** Starts (ISO, UTC) of the slots that begin in (from, to]. */
export function slotsBetween(schedule: Schedule, from: Date, to: Date): string[] {
  if (schedule.kind === "date") {
    const start = new Date(schedule.start);
    return start > from && start <= to ? [start.toISOString()] : [];
  }
  if (schedule.kind !== "recurring") return [];
  return occurrencesBetween(schedule, from, to);
}
