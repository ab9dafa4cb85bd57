// The slots of a need's schedule that start in a window: the one occasion of a
// dated need, each occurrence of a recurring one (its RRULE, read by the `rrule`
// package from the first start). A range of days or a flexible need has no slot.
import rrule from "rrule";
import type { Schedule } from "../needs/model.ts";

const { RRule } = rrule;

/** Starts (ISO, UTC) of the slots that begin in (from, to]. */
export function slotsBetween(schedule: Schedule, from: Date, to: Date): string[] {
  if (schedule.kind === "date") {
    const start = new Date(schedule.start);
    return start > from && start <= to ? [start.toISOString()] : [];
  }
  if (schedule.kind !== "recurring") return [];
  const options = RRule.parseString(schedule.rrule.replace(/^RRULE:/, ""));
  const rule = new RRule({ ...options, dtstart: new Date(schedule.start) });
  return rule
    .between(from, to, true)
    .filter((d) => d > from)
    .map((d) => d.toISOString());
}
