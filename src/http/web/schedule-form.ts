// The need form's "Quand ?" (issue 16): once, over a period, every week, whenever.
// Every week is days ticked, a time, a length and an optional last day; this module
// writes the RRULE from them with the `rrule` package (the API still takes a raw
// RRULE), and reads them back from a need's rule when it is edited. A rule the
// weekly fields cannot show (monthly, every other week…, written through the API)
// stays as typed, in a field of its own.
import rrule from "rrule";
import type { Need } from "../../domain/needs/model.ts";

const { RRule } = rrule;

export const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface WeeklyValues {
  weekdays: string[];
  /** The first day the slots may happen (a date). */
  weekly_from: string;
  /** The slots' start, Paris time ("14:00"). */
  weekly_time: string;
  /** The last day (a date), or "". */
  weekly_until: string;
  /** A rule the weekly fields cannot show, kept as typed; "" otherwise. */
  rrule: string;
}

const TIME_ZONE = "Europe/Paris";
const paris = new Intl.DateTimeFormat("en-CA", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

function parisParts(iso: string): { date: string; time: string } {
  const p = Object.fromEntries(paris.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

const isWeekday = (day: string): day is Weekday => (WEEKDAYS as readonly string[]).includes(day);

/**
 * The RRULE the weekly fields mean ("FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20270131T235959Z"),
 * or the rule kept as typed, or "" when no day is ticked (the validator then refuses it).
 * UNTIL is the end of the last day, in the floating time the occurrences are computed in.
 */
export function weeklyRule(v: Pick<WeeklyValues, "weekdays" | "weekly_until" | "rrule">): string {
  const days = WEEKDAYS.filter((d) => v.weekdays.includes(d));
  if (days.length === 0) return v.rrule.trim();
  const until = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v.weekly_until);
  const rule = new RRule({
    freq: RRule.WEEKLY,
    byweekday: days.map((d) => RRule[d]),
    ...(until ? { until: new Date(Date.UTC(Number(until[1]), Number(until[2]) - 1, Number(until[3]), 23, 59, 59)) } : {}),
  });
  return rule.toString().replace(/^RRULE:/, "");
}

/**
 * The first slot, Paris wall time ("2026-12-17T14:00"): the first ticked day on or after
 * `weekly_from`, so that the need's start is a real occurrence. "" when a field is missing.
 */
export function weeklyStart(v: Pick<WeeklyValues, "weekdays" | "weekly_from" | "weekly_time">): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v.weekly_from);
  if (!m || !/^\d{2}:\d{2}$/.test(v.weekly_time)) return "";
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  const ticked = new Set(v.weekdays.filter(isWeekday).map((d) => (WEEKDAYS.indexOf(d) + 1) % 7));
  if (ticked.size > 0) for (let i = 0; i < 7 && !ticked.has(day.getUTCDay()); i++) day.setUTCDate(day.getUTCDate() + 1);
  return `${day.toISOString().slice(0, 10)}T${v.weekly_time}`;
}

/** The weekly fields of a recurring need, read from its RRULE; its rule as typed when they cannot show it. */
export function weeklyValues(schedule: Need["schedule"]): WeeklyValues {
  const empty: WeeklyValues = { weekdays: [], weekly_from: "", weekly_time: "", weekly_until: "", rrule: "" };
  if (schedule.kind !== "recurring") return empty;
  const start = parisParts(schedule.start);
  const kept = { ...empty, weekly_from: start.date, weekly_time: start.time, rrule: schedule.rrule };
  let options: ReturnType<typeof RRule.parseString>;
  try {
    options = RRule.parseString(schedule.rrule.replace(/^RRULE:/i, ""));
  } catch {
    return kept;
  }
  const known = Object.entries(options).every(([key, value]) => value === undefined || ["freq", "byweekday", "until", "interval", "wkst"].includes(key));
  const byweekday = Array.isArray(options.byweekday) ? options.byweekday : options.byweekday === undefined || options.byweekday === null ? [] : [options.byweekday];
  if (!known || options.freq !== RRule.WEEKLY || (options.interval ?? 1) !== 1 || byweekday.length === 0) return kept;
  const days = byweekday.map((d) => (typeof d === "number" ? d : typeof d === "string" ? WEEKDAYS.indexOf(d as Weekday) : d.weekday));
  if (byweekday.some((d) => typeof d === "object" && d !== null && "n" in d && d.n)) return kept;
  return {
    weekdays: WEEKDAYS.filter((_, i) => days.includes(i)),
    weekly_from: start.date,
    weekly_time: start.time,
    weekly_until: options.until ? options.until.toISOString().slice(0, 10) : "",
    rrule: "",
  };
}
