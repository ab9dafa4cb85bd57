// The small-counts rule on its own: a count of people from 1 to 4 is hidden with what
// gives it back, and a breakdown never lets a hidden cell be worked out from its total.
import { describe, expect, it } from "vitest";
import { ratingOf } from "../outcomes/survey.ts";
import { type Distributions, emptyDistributions } from "./distributions.ts";
import { EMPTY, type Indicators } from "./indicators.ts";
import { cellText, publishBreakdown, publishDistributions, publishIndicators } from "./publish.ts";

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

describe("the distributions' rule", () => {
  const dist = (patch: Partial<Distributions>): Distributions => ({ ...emptyDistributions(), ...patch });

  it("shows a distribution whole from 5, hides it whole under, and complements it in a breakdown", () => {
    // Answers 5, 5, 4, 2 | 3, 3, 4, 4, 5, 1 | none: the first town's 4 are hidden, so the next smallest (6) is too.
    const parts = [dist({ ratings: [0, 1, 0, 1, 2] }), dist({ ratings: [1, 0, 2, 2, 1] }), dist({})];
    const total = dist({ ratings: [1, 1, 2, 3, 3] });
    const shown = publishDistributions(total, parts);
    expect(shown.total.ratings).toEqual({ kind: "value", counts: [1, 1, 2, 3, 3] });
    expect(shown.parts.map((p) => p.ratings.kind)).toEqual(["small", "small", "value"]);
    // The same cells as the answers' count, which the indicators hide with the same rule.
    const answers = publishBreakdown(of({ answers: 10 }), [of({ answers: 4 }), of({ answers: 6 }), of({ answers: 0 })]);
    expect(answers.parts.map((p) => p.answers.kind)).toEqual(["small", "small", "value"]);
    // Each distribution on its own: 4 decisions hidden, 5 first applications shown, buckets of 1 within them included.
    const one = publishDistributions(dist({ response: [0, 4, 0, 0, 0, 0, 0], firstApplication: [1, 1, 1, 1, 1, 0, 0] }), []);
    expect(one.total.response).toEqual({ kind: "small" });
    expect(one.total.firstApplication).toEqual({ kind: "value", counts: [1, 1, 1, 1, 1, 0, 0] });
  });

  it("writes an estimate with where it surely lies, or as partial", () => {
    expect(cellText({ kind: "estimate", value: 3.9, low: 1, high: 6, partial: false })).toBe("~3.9 (1-6)");
    expect(cellText({ kind: "estimate", value: 720, low: 720, high: null, partial: false })).toBe("~720 (>= 720)");
    expect(cellText({ kind: "estimate", value: 4.2, partial: true })).toBe("~4.2 (partial)");
  });
});

describe("a remote volunteer's reply", () => {
  it("gives the first digit 1 to 5 standing alone", () => {
    expect(["4", "4/5", "Je dirais 4 !", "4, très bien", "note : 5."].map(ratingOf)).toEqual([4, 4, 4, 4, 5]);
    expect(["10", "0", "2026", "3.5", "6", "C'était bien", "3,5"].map(ratingOf)).toEqual([null, null, null, null, null, null, null]);
  });
});
