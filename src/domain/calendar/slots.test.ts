// Which slots fall in a month or a week of the calendar.
import { describe, expect, it } from "vitest";
import { calendarPage, dayOf, slotsIn } from "./slots.ts";

const october = calendarPage("month", "2026-10-14");
const weekly = { kind: "recurring" as const, rrule: "FREQ=WEEKLY;BYDAY=TU", start: "2026-10-06T14:00:00+02:00", durationMinutes: 90 };

describe("calendarPage", () => {
  it("covers a month from midnight in Paris to midnight in Paris, across the change of time", () => {
    expect(october.start).toBe("2026-10-01");
    expect(october.days).toHaveLength(31);
    // Summer time on the 1st (UTC+2), winter time after the 25th (UTC+1).
    expect(october.period.from.toISOString()).toBe("2026-09-30T22:00:00.000Z");
    expect(october.period.to.toISOString()).toBe("2026-10-31T23:00:00.000Z");
    expect([october.previous, october.next]).toEqual(["2026-09-01", "2026-11-01"]);
  });

  it("starts a week on its Monday and holds seven days, the 25 October one lasting 25 hours", () => {
    const week = calendarPage("week", "2026-10-28");
    expect(week.days).toEqual(["2026-10-26", "2026-10-27", "2026-10-28", "2026-10-29", "2026-10-30", "2026-10-31", "2026-11-01"]);
    const dst = calendarPage("week", "2026-10-25");
    expect(dst.start).toBe("2026-10-19");
    expect(dst.period.to.getTime() - dst.period.from.getTime()).toBe((7 * 24 + 1) * 3_600_000);
    expect([week.previous, week.next]).toEqual(["2026-10-19", "2026-11-02"]);
  });
});

describe("slotsIn", () => {
  it("keeps a one-off slot in the period it starts in, or the one it still runs in", () => {
    const slot = { kind: "date" as const, start: "2026-10-31T20:00:00+01:00", end: "2026-11-01T02:00:00+01:00" };
    expect(slotsIn(slot, october.period)).toEqual([{ kind: "date", start: "2026-10-31T19:00:00.000Z", end: "2026-11-01T01:00:00.000Z" }]);
    expect(slotsIn(slot, calendarPage("month", "2026-11-01").period)).toHaveLength(1);
    expect(slotsIn(slot, calendarPage("month", "2026-09-01").period)).toEqual([]);
    // Half an hour after midnight in Paris on 1 November is still 31 October in UTC: not October's.
    const early = { kind: "date" as const, start: "2026-11-01T00:30:00+01:00" };
    expect(slotsIn(early, october.period)).toEqual([]);
    expect(dayOf(early.start)).toBe("2026-11-01");
  });

  it("keeps a range of days in every period it meets", () => {
    const range = { kind: "range" as const, start: "2026-09-28", end: "2026-10-01" };
    expect(slotsIn(range, october.period)).toEqual([{ kind: "range", firstDay: "2026-09-28", lastDay: "2026-10-01" }]);
    expect(slotsIn(range, calendarPage("week", "2026-10-02").period)).toHaveLength(1);
    expect(slotsIn(range, calendarPage("week", "2026-10-05").period)).toEqual([]);
  });

  it("expands each occurrence of a recurring need, at 14:00 in Paris on both sides of the change of time, without the cancelled ones", () => {
    const cancelled = { ...weekly, exdates: ["2026-10-20T12:00:00.000Z"] };
    expect(slotsIn(cancelled, october.period)).toEqual([
      { kind: "occurrence", start: "2026-10-06T12:00:00.000Z", end: "2026-10-06T13:30:00.000Z" },
      { kind: "occurrence", start: "2026-10-13T12:00:00.000Z", end: "2026-10-13T13:30:00.000Z" },
      { kind: "occurrence", start: "2026-10-27T13:00:00.000Z", end: "2026-10-27T14:30:00.000Z" },
    ]);
    // A week holds its one Tuesday; a rule that ended holds none.
    expect(slotsIn(weekly, calendarPage("week", "2026-11-05").period).map((s) => (s.kind === "range" ? "" : s.start))).toEqual(["2026-11-03T13:00:00.000Z"]);
    expect(slotsIn({ ...weekly, rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=2" }, calendarPage("month", "2026-11-01").period)).toEqual([]);
  });

  it("keeps an occurrence that starts at the period's first instant and not one at its end", () => {
    const midnight = { kind: "recurring" as const, rrule: "FREQ=DAILY", start: "2026-10-01T00:00:00+02:00", durationMinutes: 60 };
    const slots = slotsIn(midnight, october.period);
    expect(slots).toHaveLength(31);
    expect(slots[0]).toMatchObject({ start: "2026-09-30T22:00:00.000Z" });
    expect(slots.at(-1)).toMatchObject({ start: "2026-10-30T23:00:00.000Z" });
  });

  it("has no slot for a need done whenever suits", () => {
    expect(slotsIn({ kind: "flexible" }, october.period)).toEqual([]);
  });
});
