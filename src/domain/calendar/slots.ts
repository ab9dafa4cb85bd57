// Which slots of a need fall in a stretch of time, as the calendar pages show them:
// a one-off slot, a range of days (any time between two days), and each occurrence of
// a recurring need, expanded by the `rrule` package through ../needs/occurrences.ts
// (cancelled occurrences left out). Days are those of the people on the spot
// (Europe/Paris): a month or a week starts at midnight there, across the change of time.
import { Temporal } from "@js-temporal/polyfill";
import type { Schedule } from "../needs/model.ts";
import { occurrencesBetween, TIME_ZONE } from "../needs/occurrences.ts";

export type Slot =
  /** A one-off slot or one occurrence of a recurring need: instants (ISO, UTC). */
  | { kind: "date" | "occurrence"; start: string; end: string | null }
  /** Any time between two days (ISO dates, inclusive). */
  | { kind: "range"; firstDay: string; lastDay: string };

/** A stretch of calendar: [from, to) as instants. */
export interface Period {
  from: Date;
  to: Date;
}

const iso = (d: Date) => d.toISOString();

/** The slots of `schedule` that meet the period: starting before its end and ending after its start. */
export function slotsIn(schedule: Schedule, period: Period): Slot[] {
  const from = period.from.getTime();
  const to = period.to.getTime();
  switch (schedule.kind) {
    case "date": {
      const start = new Date(schedule.start);
      const end = schedule.end ? new Date(schedule.end) : null;
      const last = (end ?? start).getTime();
      return start.getTime() < to && last >= from ? [{ kind: "date", start: iso(start), end: end ? iso(end) : null }] : [];
    }
    case "range": {
      const first = dayStart(schedule.start).getTime();
      const after = dayStart(nextDay(schedule.end)).getTime();
      return first < to && after > from ? [{ kind: "range", firstDay: schedule.start, lastDay: schedule.end }] : [];
    }
    case "recurring": {
      // occurrencesBetween takes (from, to]: a millisecond earlier makes it [from, to].
      return occurrencesBetween(schedule, new Date(from - 1), period.to)
        .filter((start) => Date.parse(start) < to)
        .map((start) => ({ kind: "occurrence", start, end: iso(new Date(Date.parse(start) + schedule.durationMinutes * 60_000)) }));
    }
    case "flexible":
      return [];
  }
}

/** Midnight in Paris of a day (ISO date), as an instant. */
export function dayStart(day: string): Date {
  return new Date(Temporal.PlainDate.from(day).toZonedDateTime({ timeZone: TIME_ZONE }).epochMilliseconds);
}

/** The day after (ISO dates). */
export function nextDay(day: string): string {
  return Temporal.PlainDate.from(day).add({ days: 1 }).toString();
}

/** The day (ISO date) in Paris of an instant. */
export function dayOf(instant: string | Date): string {
  const ms = typeof instant === "string" ? Date.parse(instant) : instant.getTime();
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(TIME_ZONE).toPlainDate().toString();
}

export type CalendarView = "month" | "week";

/** A month or a week shown: its days (ISO dates, in order), the period they cover, and its neighbours. */
export interface CalendarPage {
  view: CalendarView;
  /** The first day: the 1st of the month, or the Monday of the week. */
  start: string;
  days: string[];
  period: Period;
  previous: string;
  next: string;
}

/** The month or the week holding `day` (ISO date). */
export function calendarPage(view: CalendarView, day: string): CalendarPage {
  const date = Temporal.PlainDate.from(day);
  const first = view === "month" ? date.with({ day: 1 }) : date.subtract({ days: date.dayOfWeek - 1 });
  const after = view === "month" ? first.add({ months: 1 }) : first.add({ days: 7 });
  const days: string[] = [];
  for (let d = first; Temporal.PlainDate.compare(d, after) < 0; d = d.add({ days: 1 })) days.push(d.toString());
  const previous = view === "month" ? first.subtract({ months: 1 }) : first.subtract({ days: 7 });
  return {
    view,
    start: first.toString(),
    days,
    period: { from: dayStart(first.toString()), to: dayStart(after.toString()) },
    previous: previous.toString(),
    next: after.toString(),
  };
}

/** The day (ISO date) of each slot that starts on one, for a grid: ranges are listed apart. */
export function slotDay(slot: Slot): string | null {
  return slot.kind === "range" ? null : dayOf(slot.start);
}
