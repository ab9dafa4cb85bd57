// A need as the API would take it, with the defaults filled in: an open, public need
// of the organisation "asso", in one domain, whenever suits the volunteer, without
// safeguarding (the pilot domain's default is on: test/safeguarding.test.ts). A test
// says only what it is about.
import { NeedCreate } from "../../src/domain/needs/input.ts";

export function needInput(input: Partial<NeedCreate> & Pick<NeedCreate, "title">): NeedCreate {
  return NeedCreate.parse({
    organization: "asso",
    domains: ["personnes-agees"],
    place: { label: "Lyon" },
    schedule: { kind: "flexible" },
    visibility: "public",
    safeguarding: false,
    ...input,
  });
}
