// The pure rules of open data: the hub's domain codes and text, and which figures
// of a domain and month are hidden (the SQL and the files: test/open-data.test.ts).
import { describe, expect, it } from "vitest";
import { DOMAINS } from "../vocabulary/domains.ts";
import { hubDomain, hubRemote, withoutNumericReferences } from "./hub.ts";
import { type DomainMonthTotals, domainMonthCells, publishDomainMonth } from "./indicators.ts";

describe("the hub's words", () => {
  it("maps every domain of the vocabulary to one of the hub's codes, the pilot ones as the hub files them", () => {
    expect([hubDomain(["personnes-agees"]), hubDomain(["sante"]), hubDomain(["education"])]).toEqual(["solidarite-insertion", "sante", "education"]);
    expect(hubDomain(["handicap", "sante"])).toBe("solidarite-insertion");
    expect([hubDomain([]), hubDomain(["inconnu"])]).toEqual(["autre", "autre"]);
    for (const d of DOMAINS) expect(hubDomain([d.slug])).not.toMatch(/^(personnes-agees|handicap)$/);
    expect([hubRemote("on_site"), hubRemote("both"), hubRemote("remote")]).toEqual(["no", "possible", "full"]);
  });

  it("writes characters, not numeric references, which the hub takes for an encoding error", () => {
    expect(withoutNumericReferences("<p>l&#39;eau &#x26; le &#60;pain&#62; &#34;frais&#34; &#xE9;t&#233;</p>")).toBe(
      "<p>l'eau &amp; le &lt;pain&gt; &quot;frais&quot; été</p>",
    );
    expect(withoutNumericReferences("&#0; &#x110000; ok")).toBe("  ok");
  });
});

const totals = (over: Partial<DomainMonthTotals>): DomainMonthTotals => ({
  domain: "sante",
  month: "2026-10",
  needsPublished: 8,
  needsFilled: 6,
  needsDone: 5,
  volunteersWanted: 12,
  volunteersAccepted: 10,
  volunteersBehindOutcomes: 10,
  hoursGiven: 31.25,
  peopleHelped: 7,
  ...over,
});

describe("the small-numbers rule", () => {
  it("publishes figures of 0 and from 5, rounded", () => {
    const [row] = publishDomainMonth([totals({})]);
    expect(row).toMatchObject({ needs_published: 8, fill_rate: 0.83, hours_given: 31.3, people_helped: 7, suppressed: [] });
    expect(publishDomainMonth([totals({ needsDone: 0, volunteersBehindOutcomes: 0, hoursGiven: 0, peopleHelped: 0 })])[0]).toMatchObject({
      needs_done: 0,
      hours_given: 0,
      people_helped: 0,
      suppressed: [],
    });
  });

  it("hides a figure from 1 to 4, and the fill rate with the volunteers it would give back", () => {
    const [row] = publishDomainMonth([totals({ volunteersAccepted: 4, peopleHelped: 1 })]);
    expect(row!.suppressed).toEqual(["volunteers_accepted", "fill_rate", "people_helped"]);
    expect(domainMonthCells(row!)).toEqual(["sante", "Santé et maladie chronique", "2026-10", "8", "6", "5", "12", "< 5", "< 5", "31.3", "< 5"]);
  });

  it("hides the hours given by fewer than 5 volunteers, even when every count is large", () => {
    const [row] = publishDomainMonth([totals({ volunteersBehindOutcomes: 3 })]);
    expect(row).toMatchObject({ hours_given: null, volunteers_accepted: 10, suppressed: ["hours_given"] });
    // Hours recorded with nobody accepted behind them point at someone too.
    expect(publishDomainMonth([totals({ volunteersBehindOutcomes: 0, hoursGiven: 6 })])[0]!.suppressed).toEqual(["hours_given"]);
  });
});
