// The occurrences of a recurring need: its RRULE (RFC 5545) expanded from its first
// start by the `rrule` package, as the people on the spot read a calendar
// (Europe/Paris: a Tuesday 14:00 slot stays at 14:00 across the change of time),
// without those its coordinators cancelled (`exdates`). COUNT counts the cancelled
// ones too (an EXDATE removes from the set the rule made). A rule the package cannot
// read has no occurrence, and cancelling one is refused. The need page, its calendar,
// the coordinators' actions and the reminders all count on this one module.
import { Temporal } from "@js-temporal/polyfill";
import rrule from "rrule";
import type { Schedule } from "./model.ts";

const { RRule } = rrule;
type Recurring = Extract<Schedule, { kind: "recurring" }>;

/** The time zone of the people on the spot: where a wall time, a day, a week begin. */
export const TIME_ZONE = "Europe/Paris";
const DAY_MS = 86_400_000;
/** Enough for years of weekly slots; a rule that never ends is not walked further. */
const MAX_STEPS = 5000;

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

function ruleOf(schedule: Recurring): InstanceType<typeof RRule> | null {
  try {
    const options = RRule.parseString(schedule.rrule.replace(/^RRULE:/i, ""));
    if (options.freq === undefined) return null;
    return new RRule({ ...options, dtstart: floating(new Date(schedule.start)) });
  } catch {
    return null;
  }
}

/** An occurrence's start as stored and compared: ISO, UTC, milliseconds ("2026-12-08T13:00:00.000Z"). */
export const occurrenceKey = (iso: string) => new Date(iso).toISOString();

const cancelledOf = (schedule: Recurring) => new Set((schedule.exdates ?? []).map(occurrenceKey));

/**
 * The occurrences starting at or after `from` (ISO), at most `limit`, without the
 * cancelled ones: what the need page, the calendar and the coordinators count on.
 */
export function upcomingOccurrences(schedule: Recurring, from: string, limit: number): string[] {
  const rule = ruleOf(schedule);
  if (!rule || limit <= 0) return [];
  const skipped = cancelledOf(schedule);
  const after = Date.parse(from);
  const found: string[] = [];
  rule.all((wall, i) => {
    if (i >= MAX_STEPS) return false;
    const start = real(wall);
    const iso = start.toISOString();
    if (start.getTime() >= after && !skipped.has(iso)) found.push(iso);
    return found.length < limit;
  });
  return found;
}

/** The occurrences that start in (from, to], without the cancelled ones: what the reminders count on. */
export function occurrencesBetween(schedule: Recurring, from: Date, to: Date): string[] {
  const rule = ruleOf(schedule);
  if (!rule) return [];
  const skipped = cancelledOf(schedule);
  // A day more on each side: the offset between wall time and UTC is under a day.
  return rule
    .between(new Date(floating(from).getTime() - DAY_MS), new Date(floating(to).getTime() + DAY_MS), true)
    .map(real)
    .filter((d) => d > from && d <= to && !skipped.has(d.toISOString()))
    .map((d) => d.toISOString());
}

/** Whether `iso` is an occurrence the rule yields and nobody cancelled yet. */
export function isUpcomingOccurrence(schedule: Recurring, iso: string, now: string): boolean {
  const key = occurrenceKey(iso);
  if (Date.parse(key) < Date.parse(now)) return false;
  return upcomingOccurrences(schedule, key, 1)[0] === key;
}
