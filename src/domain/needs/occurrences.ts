// The occurrences of a recurring need: its RRULE expanded from its first start, as
// the people on the spot read a calendar (Europe/Paris: a Tuesday 14:00 slot stays at
// 14:00 across the change of time), without those its coordinators cancelled
// (`exdates`). Understands what the need form writes and the Note words (FREQ DAILY,
// WEEKLY with BYDAY, MONTHLY by day of month or "1TU"/"-1FR", INTERVAL, COUNT,
// UNTIL); for any other rule it knows no occurrence, and cancelling one is refused.
import { Temporal } from "@js-temporal/polyfill";
import type { Schedule } from "./model.ts";

type Recurring = Extract<Schedule, { kind: "recurring" }>;

const TIME_ZONE = "Europe/Paris";
const DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
/** Enough for years of weekly slots; a rule that never yields stops here. */
const MAX_STEPS = 5000;

function fields(rrule: string): Map<string, string> {
  return new Map(
    rrule
      .replace(/^RRULE:/i, "")
      .split(";")
      .filter((part) => part.includes("="))
      .map((part) => {
        const [key, value] = part.split("=");
        return [key!.trim().toUpperCase(), (value ?? "").trim().toUpperCase()] as const;
      }),
  );
}

/** 20261231T235959Z or 20261231 (the end of that day in Paris). */
function untilInstant(value: string | undefined): number | null {
  if (!value) return null;
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(value);
  if (!m) return null;
  if (!m[4]) {
    return Temporal.PlainDate.from({ year: +m[1]!, month: +m[2]!, day: +m[3]! })
      .toZonedDateTime({ timeZone: TIME_ZONE, plainTime: Temporal.PlainTime.from("23:59:59") })
      .epochMilliseconds;
  }
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

/** Every start the rule yields, in order, each once (a generator: the caller stops). */
function* starts(schedule: Recurring): Generator<Temporal.ZonedDateTime> {
  const f = fields(schedule.rrule);
  const first = Temporal.Instant.from(new Date(schedule.start).toISOString()).toZonedDateTimeISO(TIME_ZONE);
  const interval = Math.max(1, Number(f.get("INTERVAL") ?? "1") || 1);
  const byDay = (f.get("BYDAY") ?? "").split(",").filter(Boolean);
  const time = first.toPlainTime();
  const at = (date: Temporal.PlainDate) => date.toZonedDateTime({ timeZone: TIME_ZONE, plainTime: time });
  switch (f.get("FREQ")) {
    case "DAILY":
      if (byDay.length > 0) return;
      for (let step = 0; step < MAX_STEPS; step++) yield at(first.toPlainDate().add({ days: step * interval }));
      return;
    case "WEEKLY": {
      const days = (byDay.length > 0 ? byDay : [DAYS[first.dayOfWeek - 1]!]).map((code) => DAYS.indexOf(code));
      if (days.some((day) => day < 0)) return;
      days.sort((a, b) => a - b);
      const monday = first.toPlainDate().subtract({ days: first.dayOfWeek - 1 });
      for (let week = 0; week < MAX_STEPS; week++) {
        for (const day of days) {
          const start = at(monday.add({ weeks: week * interval, days: day }));
          if (Temporal.ZonedDateTime.compare(start, first) >= 0) yield start;
        }
      }
      return;
    }
    case "MONTHLY": {
      const nth = byDay.length === 1 ? /^([+-]?\d)([A-Z]{2})$/.exec(byDay[0]!) : null;
      if (byDay.length > 0 && !nth) return;
      const month0 = first.toPlainDate().toPlainYearMonth();
      for (let step = 0; step < MAX_STEPS; step++) {
        const month = month0.add({ months: step * interval });
        let date: Temporal.PlainDate | null;
        if (!nth) date = first.day <= month.daysInMonth ? month.toPlainDate({ day: first.day }) : null;
        else {
          const n = Number(nth[1]);
          const weekday = DAYS.indexOf(nth[2]!) + 1;
          if (weekday === 0) return;
          if (n > 0) {
            const firstDay = month.toPlainDate({ day: 1 });
            const day = 1 + ((weekday - firstDay.dayOfWeek + 7) % 7) + (n - 1) * 7;
            date = day <= month.daysInMonth ? month.toPlainDate({ day }) : null;
          } else {
            const lastDay = month.toPlainDate({ day: month.daysInMonth });
            const day = month.daysInMonth - ((lastDay.dayOfWeek - weekday + 7) % 7) + (n + 1) * 7;
            date = day >= 1 ? month.toPlainDate({ day }) : null;
          }
        }
        if (date) {
          const start = at(date);
          if (Temporal.ZonedDateTime.compare(start, first) >= 0) yield start;
        }
      }
      return;
    }
    default:
      return;
  }
}

/** An occurrence's start as stored and compared: ISO, UTC, milliseconds ("2026-12-08T13:00:00.000Z"). */
export const occurrenceKey = (iso: string) => new Date(iso).toISOString();

/**
 * The occurrences starting at or after `from` (ISO), at most `limit`, without the
 * cancelled ones: what the need page, the calendar and the reminders count on.
 */
export function upcomingOccurrences(schedule: Recurring, from: string, limit: number): string[] {
  const f = fields(schedule.rrule);
  const count = f.has("COUNT") ? Number(f.get("COUNT")) : Number.POSITIVE_INFINITY;
  const until = untilInstant(f.get("UNTIL"));
  const skipped = new Set((schedule.exdates ?? []).map(occurrenceKey));
  const after = Date.parse(from);
  const found: string[] = [];
  let seen = 0;
  for (const start of starts(schedule)) {
    // COUNT counts the cancelled occurrences too (RFC 5545: EXDATE removes from the set the rule made).
    if (++seen > count || (until !== null && start.epochMilliseconds > until) || found.length >= limit) break;
    const iso = new Date(start.epochMilliseconds).toISOString();
    if (start.epochMilliseconds >= after && !skipped.has(iso)) found.push(iso);
  }
  return found;
}

/** Whether `iso` is an occurrence the rule yields and nobody cancelled yet. */
export function isUpcomingOccurrence(schedule: Recurring, iso: string, now: string): boolean {
  const key = occurrenceKey(iso);
  if (Date.parse(key) < Date.parse(now)) return false;
  return upcomingOccurrences(schedule, key, 1)[0] === key;
}
