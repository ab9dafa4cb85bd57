// The members' open-data cells on the federation's dashboard: known cells added up,
// hidden ones kept unknown ("at least"), one hidden count alone still "< 5".
import { describe, expect, it } from "vitest";
import { type MemberOpenData, memberCells } from "./federation.ts";

const member = (origin: string, rows: MemberOpenData["rows"]): MemberOpenData => ({ origin, rows });
const row = (domain: string, month: string, needsDone: number | null, hoursGiven: number | null, peopleHelped: number | null) => ({ domain, month, needsDone, hoursGiven, peopleHelped });

describe("memberCells", () => {
  it("adds the known cells of every member and month, and bounds what was hidden", () => {
    const members = [
      member("http://a.test", [row("sante", "2026-10", 5, 12.5, 6), row("sante", "2026-11", null, null, null)]),
      member("http://b.test", [row("sante", "2026-11", 7, 20, 9), row("education", "2026-11", null, null, null)]),
    ];
    expect(memberCells(members, "sante")).toEqual({
      needsDone: { kind: "atLeast", value: 13 },
      hoursGiven: { kind: "atLeast", value: 32.5 },
      peopleHelped: { kind: "atLeast", value: 16 },
    });
    expect(memberCells(members, "education")).toEqual({ needsDone: { kind: "small" }, hoursGiven: { kind: "unavailable" }, peopleHelped: { kind: "small" } });
    expect(memberCells(members, "culture")).toEqual({ needsDone: { kind: "none" }, hoursGiven: { kind: "none" }, peopleHelped: { kind: "none" } });
  });

  it("gives the sum itself when nothing was hidden, zeros included", () => {
    const members = [member("http://a.test", [row("sante", "2026-10", 5, 0, 0)]), member("http://b.test", [row("sante", "2026-10", 6, 10, 5)])];
    expect(memberCells(members, "sante")).toEqual({ needsDone: { kind: "value", value: 11 }, hoursGiven: { kind: "value", value: 10 }, peopleHelped: { kind: "value", value: 5 } });
  });

  it("says two hidden counts are at least 2, not under 5", () => {
    const members = [member("http://a.test", [row("sante", "2026-10", null, 0, null)]), member("http://b.test", [row("sante", "2026-10", null, 0, null)])];
    expect(memberCells(members, "sante").peopleHelped).toEqual({ kind: "atLeast", value: 2 });
  });
});
