// The sessions of a recurring need, as its page, calendar and coordinators count them.
import { describe, expect, it } from "vitest";
import { isUpcomingOccurrence, upcomingOccurrences } from "./occurrences.ts";

const weekly = { kind: "recurring" as const, rrule: "FREQ=WEEKLY;BYDAY=TU", start: "2026-10-20T14:00:00+02:00", durationMinutes: 120 };

describe("upcomingOccurrences", () => {
  it("keeps a Tuesday 14:00 slot at 14:00 in Paris across the change of time", () => {
    expect(upcomingOccurrences(weekly, "2026-10-20T00:00:00Z", 3)).toEqual([
      "2026-10-20T12:00:00.000Z",
      "2026-10-27T13:00:00.000Z",
      "2026-11-03T13:00:00.000Z",
    ]);
  });

  it("skips the cancelled sessions, counting them in COUNT, and stops at UNTIL", () => {
    const counted = { ...weekly, rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=3", exdates: ["2026-10-27T13:00:00.000Z"] };
    expect(upcomingOccurrences(counted, "2026-10-01T00:00:00Z", 10)).toEqual(["2026-10-20T12:00:00.000Z", "2026-11-03T13:00:00.000Z"]);
    const until = { ...weekly, rrule: "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20261023" };
    expect(upcomingOccurrences(until, "2026-10-01T00:00:00Z", 10)).toEqual(["2026-10-20T12:00:00.000Z", "2026-10-22T12:00:00.000Z"]);
  });

  it("expands every other week, every day, and the last Friday of each month", () => {
    expect(upcomingOccurrences({ ...weekly, rrule: "FREQ=WEEKLY;INTERVAL=2" }, "2026-10-21T00:00:00Z", 2)).toEqual([
      "2026-11-03T13:00:00.000Z",
      "2026-11-17T13:00:00.000Z",
    ]);
    expect(upcomingOccurrences({ ...weekly, rrule: "FREQ=DAILY" }, "2026-10-21T00:00:00Z", 1)).toEqual(["2026-10-21T12:00:00.000Z"]);
    const lastFriday = { ...weekly, rrule: "FREQ=MONTHLY;BYDAY=-1FR", start: "2026-10-30T18:00:00+01:00" };
    expect(upcomingOccurrences(lastFriday, "2026-10-01T00:00:00Z", 3)).toEqual([
      "2026-10-30T17:00:00.000Z",
      "2026-11-27T17:00:00.000Z",
      "2026-12-25T17:00:00.000Z",
    ]);
  });

  it("knows no session of a rule it cannot read", () => {
    for (const rrule of ["FREQ=NEVER", "BYDAY=TU", "nonsense"]) expect([rrule, upcomingOccurrences({ ...weekly, rrule }, "2026-01-01T00:00:00Z", 3)]).toEqual([rrule, []]);
    // What the library reads, beyond what the form writes: a yearly slot.
    expect(upcomingOccurrences({ ...weekly, rrule: "FREQ=YEARLY" }, "2026-01-01T00:00:00Z", 2)).toEqual(["2026-10-20T12:00:00.000Z", "2027-10-20T12:00:00.000Z"]);
  });
});

describe("isUpcomingOccurrence", () => {
  it("says yes for a session to come, whatever the ISO spelling, and no for another time, a past or a cancelled one", () => {
    const now = "2026-10-21T00:00:00Z";
    expect(isUpcomingOccurrence(weekly, "2026-10-27T14:00:00+01:00", now)).toBe(true);
    expect(isUpcomingOccurrence(weekly, "2026-10-27T15:00:00+01:00", now)).toBe(false);
    expect(isUpcomingOccurrence(weekly, "2026-10-20T14:00:00+02:00", now)).toBe(false);
    expect(isUpcomingOccurrence({ ...weekly, exdates: ["2026-10-27T13:00:00.000Z"] }, "2026-10-27T13:00:00Z", now)).toBe(false);
  });
});
