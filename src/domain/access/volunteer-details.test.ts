// The access policy's rule for a need's details for its volunteers (issue 13):
// every viewer, application status and need status against the verdict.
import { describe, expect, it } from "vitest";
import { ANONYMOUS, mayReadApplicantEmail, mayReadVolunteerDetails, mayReadVolunteerDetailsByLink, type Viewer } from "./policy.ts";

const ORG = "org-1";
const viewers: Record<string, Viewer> = {
  anonymous: ANONYMOUS,
  applicant: { kind: "account", id: "u-ana", role: "citizen", coordinates: [] },
  otherCitizen: { kind: "account", id: "u-dan", role: "citizen", coordinates: [] },
  coordinator: { kind: "account", id: "u-coord", role: "citizen", coordinates: [ORG] },
  admin: { kind: "account", id: "u-admin", role: "admin", coordinates: [] },
  remote: { kind: "remote", uri: "https://elsewhere.example/users/ana", follows: [ORG] },
};
const APPLICATION_STATUSES = ["pending", "accepted", "rejected", "withdrawn", "done"];
const NEED_STATUSES = ["draft", "open", "filled", "done", "cancelled"];

describe("mayReadVolunteerDetails", () => {
  it("opens the details to the account that applied, once accepted, while the need still happens", () => {
    const granted: string[] = [];
    for (const [name, viewer] of Object.entries(viewers)) {
      for (const status of APPLICATION_STATUSES) {
        for (const needStatus of NEED_STATUSES) {
          const application = { status, applicant: { kind: "account", userId: "u-ana" } };
          if (mayReadVolunteerDetails(viewer, { application, need: { status: needStatus } })) granted.push(`${name} ${status} ${needStatus}`);
        }
      }
    }
    expect(granted).toEqual(["applicant accepted open", "applicant accepted filled"]);
  });

  it("opens a remote volunteer's link while accepted and the need still happens, never for an account's application", () => {
    const granted: string[] = [];
    for (const kind of ["remote", "account"]) {
      for (const status of APPLICATION_STATUSES) {
        for (const needStatus of NEED_STATUSES) {
          const facts = { application: { status, applicant: { kind } }, need: { status: needStatus } };
          if (mayReadVolunteerDetailsByLink(facts)) granted.push(`${kind} ${status} ${needStatus}`);
        }
      }
    }
    expect(granted).toEqual(["remote accepted open", "remote accepted filled"]);
  });
});

describe("mayReadApplicantEmail", () => {
  it("shows an applicant's email to the need's coordinators, only when the applicant agreed", () => {
    const granted: string[] = [];
    for (const [name, viewer] of Object.entries(viewers)) {
      for (const shareEmail of [true, false]) {
        for (const kind of ["account", "remote"]) {
          if (mayReadApplicantEmail(viewer, { shareEmail, applicant: { kind } }, { organization: { id: ORG } })) granted.push(`${name} ${shareEmail} ${kind}`);
        }
      }
    }
    expect(granted).toEqual(["coordinator true account", "admin true account"]);
  });
});
