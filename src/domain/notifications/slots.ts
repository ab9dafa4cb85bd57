// The slots of a need's schedule that start in a window: the one occasion of a
// dated need, each occurrence of a recurring one (its RRULE, read by the `rrule`
// package from the first start), without those its coordinators cancelled
// (`exdates`, when the schedule has them). A range of days or a flexible need has
// no slot. Occurrences are expanded in Paris wall time, as the people on the spot
// read a calendar (and as note-content.ts writes it): a Tuesday 14:00 slot stays at
// 14:00 across the change of time.
import { Temporal } from "@js-temporal/polyfill";
import rrule from "rrule";
import type { Schedule } from "../needs/model.ts";

const { RRule } = rrule;
const TIME_ZONE = "Europe/Paris";
const DAY_MS = 86_400_000;

/** A wall time in Paris as the "floating" UTC date rrule works in. */
function floating(instant: Date): Date {
  const z = Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(TIME_ZONE);
  return new Date(Date.UTC(z.year, z.month - 1, z.day, z.hour, z.minute, z.second));
}

/** The real instant of a floating date read as Paris wall time. */
function real(wall: Date): Date {
  const plain = new Temporal.PlainDateTime(wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate(), wall.getUTCHours(), wall.getUTCMinutes(), wall.getUTCSeconds());
  return new Date(plain.toZonedDateTime(TIME_ZONE).epochMilliseconds);
}

/** Starts (ISO, UTC) of the slots that begin in (from, to]. */
export function slotsBetween(schedule: Schedule, from: Date, to: Date): string[] {
  if (schedule.kind === "date") {
    const start = new Date(schedule.start);
    return start > from && start <= to ? [start.toISOString()] : [];
  }
  if (schedule.kind !== "recurring") return [];
  const options = RRule.parseString(schedule.rrule.replace(/^RRULE:/, ""));
  const rule = new RRule({ ...options, dtstart: floating(new Date(schedule.start)) });
  const cancelled = new Set(((schedule as { exdates?: string[] }).exdates ?? []).map((d) => Date.parse(d)));
  // A day more on each side: the offset between wall time and UTC is under a day.
  return rule
    .between(new Date(floating(from).getTime() - DAY_MS), new Date(floating(to).getTime() + DAY_MS), true)
    .map(real)
    .filter((d) => d > from && d <= to && !cancelled.has(d.getTime()))
    .map((d) => d.toISOString());
}
