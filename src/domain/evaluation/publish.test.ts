// The small-counts rule on its own: a count of people from 1 to 4 is hidden with what
// gives it back, and a breakdown never lets a hidden cell be worked out from its total.
import { describe, expect, it } from "vitest";
import { ratingOf } from "../outcomes/survey.ts";
import { EMPTY, type Indicators } from "./indicators.ts";
import { cellText, publishBreakdown, publishIndicators } from "./publish.ts";

const of = (patch: Partial<Indicators>): Indicators => ({ ...EMPTY, ...patch });

describe("the small-counts rule", () => {
  it("hides a count of people from 1 to 4 and what gives it back, never 0 or 5", () => {
    const shown = publishIndicators(of({ needsPublished: 2, volunteersWanted: 4, volunteersAccepted: 3, fillRate: 0.75, volunteers: 3, hoursGiven: 6, peopleHelped: 0, answers: 5, satisfaction: 4.2 }));
    expect(cellText(shown.needsPublished)).toBe("2");
    expect(cellText(shown.volunteersWanted)).toBe("4");
    expect(cellText(shown.volunteersAccepted)).toBe("< 5");
    expect(cellText(shown.fillRate)).toBe("< 5");
    expect(cellText(shown.hoursGiven)).toBe("< 5");
    expect(cellText(shown.peopleHelped)).toBe("0");
    expect(cellText(shown.satisfaction)).toBe("4.2");
    expect(cellText(publishIndicators(of({ answers: 4, satisfaction: 5 })).satisfaction)).toBe("< 5");
    expect(cellText(publishIndicators(of({ answers: 0, satisfaction: null })).satisfaction)).toBe("");
  });

  it("hides more cells of a breakdown until the hidden ones are two or more and add up to 5 or more", () => {
    // 12 = 7 + 3 + 2: 3 and 2 are hidden, but they add up to 5 and are two: 7 stays.
    const a = publishBreakdown(of({ volunteers: 12 }), [of({ volunteers: 7 }), of({ volunteers: 3 }), of({ volunteers: 2 })]);
    expect(a.parts.map((p) => cellText(p.volunteers))).toEqual(["7", "< 5", "< 5"]);
    // 10 = 6 + 1 + 1 + 2: hidden 1 + 1 + 2 = 4, so the next smallest (6) is hidden too.
    const b = publishBreakdown(of({ volunteers: 10 }), [of({ volunteers: 6 }), of({ volunteers: 1 }), of({ volunteers: 1 }), of({ volunteers: 2 })]);
    expect(b.parts.map((p) => cellText(p.volunteers))).toEqual(["< 5", "< 5", "< 5", "< 5"]);
    expect(cellText(b.total.volunteers)).toBe("10");
    // One hidden cell and nothing else to hide: the total goes.
    const c = publishBreakdown(of({ peopleHelped: 3 }), [of({ peopleHelped: 3 }), of({ peopleHelped: 0 })]);
    expect([cellText(c.total.peopleHelped), ...c.parts.map((p) => cellText(p.peopleHelped))]).toEqual(["< 5", "< 5", "0"]);
    // Not available stays so, whatever the numbers.
    expect(cellText(publishIndicators(of({ hoursGiven: 40 }), new Set(["needsPublished"])).hoursGiven)).toBe("n/a");
  });
});

describe("a remote volunteer's reply", () => {
  it("gives the first digit 1 to 5 standing alone", () => {
    expect(["4", "4/5", "Je dirais 4 !", "4, très bien", "note : 5."].map(ratingOf)).toEqual([4, 4, 4, 4, 5]);
    expect(["10", "0", "2026", "3.5", "6", "C'était bien", "3,5"].map(ratingOf)).toEqual([null, null, null, null, null, null, null]);
  });
});
