// The OpenAPI paths of needs (missions), their applications and outcomes, the evaluation, offers and good-practice sheets.
import { z } from "zod";
import { ApplyBody, MissionSearch } from "../api/missions.ts";
import { OfferSearch } from "../api/offers.ts";
import { PracticeSearch } from "../api/practices.ts";
import { ref, json, body, ok, bearer, pictureEndpoint, pathParam, queryParams } from "./parts.ts";

export function missionPaths() {
  return {
  "/missions": {
    post: {
      summary: "Publish a need (coordinators of the organisation)",
      security: bearer,
      requestBody: body("NeedCreate"),
      responses: ok("Created", ref("Need"), "201"),
    },
    get: {
      summary: "Search needs: text, domain, status, dates, distance; cursor pagination",
      parameters: queryParams(MissionSearch),
      responses: ok("A page of needs", {
        type: "object",
        properties: { items: { type: "array", items: ref("Need") }, next_cursor: { type: ["string", "null"] } },
      }),
    },
  },
  "/missions/{id}/image": pictureEndpoint("id", "Set the need's picture (its coordinators): a JPEG, PNG or WebP, resized and emptied of its metadata; federated as the Note's Image attachment", "Remove the need's picture (its coordinators)"),
  "/missions/{id}": {
    get: {
      summary: "A need",
      description:
        "Who reads a need: public ones everyone; followers-only and local ones every account of this instance " +
        "(and its organisation's coordinators, who also get the private fields). Without a token, a followers-only " +
        "or local need answers 200 with a NeedTeaser (teaser: true): what kind of need it is, never what it says. " +
        "A draft, or a need of another server not listed here, answers 404.",
      parameters: [pathParam("id")],
      responses: ok("The need, or its teaser", { oneOf: [ref("Need"), ref("NeedTeaser")] }),
    },
    patch: {
      summary: "Edit a need, change its status, record its outcome (coordinators)",
      description:
        "Status: open → filled (mark filled), done or cancelled; filled or cancelled → open (reopen: 409 need_schedule_past when its dates are past, need_full when no place is left); done is final. Cancelling with a message for the volunteers: POST /missions/{id}/cancel.",
      security: bearer,
      parameters: [pathParam("id")],
      requestBody: body("NeedPatch"),
      responses: ok("The need", ref("Need")),
    },
    delete: { summary: "Delete a need (coordinators)", security: bearer, parameters: [pathParam("id")], responses: ok("Deleted", undefined, "204") },
  },
  "/missions/{id}/cancel": {
    post: {
      summary: "Cancel a need (coordinators); its accepted volunteers are told, with the message",
      security: bearer,
      parameters: [pathParam("id")],
      requestBody: body("MissionCancel"),
      responses: ok("The need, cancelled", ref("Need")),
    },
  },
  "/missions/{id}/cancelled-occurrences": {
    post: {
      summary: "Cancel one session of a recurring need (coordinators): the next ones stay; its accepted volunteers are told",
      description: "The session is added to the schedule's `exdates`: the page, the calendar (EXDATE) and the Note skip it. 422 (code occurrence_unknown) for a start the rule does not yield or that is past.",
      security: bearer,
      parameters: [pathParam("id")],
      requestBody: body("OccurrenceCancel"),
      responses: ok("The need", ref("Need")),
    },
  },
  "/missions/{id}/outcome": {
    get: {
      summary: "The outcome form of a need, pre-filled (coordinators): the accepted volunteers, the hours per volunteer the slots make, the people helped; `?occurrence=` one past session of a recurring need",
      description: "Never anything of the person helped. `occurrences`: the past sessions of a recurring need and whether each has its outcome. 422 (code outcome_occurrence) for a start that is no past session.",
      security: bearer,
      parameters: [pathParam("id"), { name: "occurrence", in: "query", required: false, schema: { type: "string", format: "date-time" } }],
      responses: ok("The pre-filled outcome"),
    },
  },
  "/missions/{id}/outcomes": {
    post: {
      summary: "Confirm (or correct) the outcome of a need, or of one session (coordinators)",
      description:
        "Without `occurrence` the need becomes done. The need's `outcome` becomes the total over its outcomes. Each volunteer who came and was never asked is asked once how it went (a notification and a mail here, a direct message elsewhere); `asked` says how many. 422 (code outcome_participant) for an application that is not an accepted one of this need.",
      security: bearer,
      parameters: [pathParam("id")],
      requestBody: body("OutcomeConfirmation"),
      responses: ok("The outcome, and the need's total", undefined, "201"),
    },
  },
  "/evaluation": {
    get: {
      summary: "What the public needs of this instance achieved: the indicators in total, by month and by domain",
      description: "Each has `values` (null when not shown) and `suppressed`, the indicators hidden because they count fewer than 5 people or would give such a count back (docs/decisions/0019-evaluation.md).",
      responses: ok("The instance's evaluation"),
    },
  },
  "/missions/{id}/duplicate": {
    post: {
      summary: "A new draft from a need (coordinators): the same fields, no volunteer, no outcome",
      security: bearer,
      parameters: [pathParam("id")],
      responses: ok("The new draft", ref("Need"), "201"),
    },
  },
  "/missions/{id}/applications": {
    post: {
      summary: "Offer to help (the authenticated citizen); for a recurring need, optionally for chosen occurrences only",
      security: bearer,
      parameters: [pathParam("id")],
      requestBody: { required: true, content: json(z.toJSONSchema(ApplyBody, { io: "input" })) },
      responses: ok("Application", ref("Application"), "201"),
    },
    get: {
      summary: "Applications to a need (its coordinators)",
      security: bearer,
      parameters: [pathParam("id")],
      responses: ok("Applications", { type: "array", items: ref("Application") }),
    },
  },
  "/applications/{id}": {
    patch: {
      summary: "Accept, reject with a reason, mark done (coordinators); withdraw (the applicant)",
      description:
        "The applicant withdraws with {\"status\": \"withdrawn\"} a pending or accepted application (409, code application_transition, otherwise): " +
        "one to a need of this instance (its coordinators see it withdrawn, an accepted volunteer's place is freed), or one of theirs to a need " +
        "on another server, by the id GET /me/applications lists with remote: true (answered as a RemoteApplication). That server is told: " +
        "an Undo of the Offer that applied for a FEP-0837 peer (another Entraide, which withdraws the application there), " +
        "a Delete of the private reply (with a Tombstone, as Mastodon sends) for the others.",
      security: bearer,
      parameters: [pathParam("id")],
      requestBody: body("ApplicationChange"),
      responses: ok("Application", { oneOf: [ref("Application"), ref("RemoteApplication")] }),
    },
  },
  "/offers": {
    post: {
      summary: "Offer help, as oneself or in the name of an organisation one coordinates",
      security: bearer,
      requestBody: body("OfferCreate"),
      responses: ok("Created", { type: "object" }, "201"),
    },
    get: { summary: "Open offers, newest first", parameters: queryParams(OfferSearch), responses: ok("A page of offers") },
  },
  "/offers/{id}": {
    get: { summary: "An offer", parameters: [pathParam("id")], responses: ok("The offer") },
    patch: {
      summary: "Edit or close an offer (its author)",
      security: bearer,
      parameters: [pathParam("id")],
      requestBody: body("OfferPatch"),
      responses: ok("The offer"),
    },
    delete: { summary: "Delete an offer (its author)", security: bearer, parameters: [pathParam("id")], responses: ok("Deleted", undefined, "204") },
  },
  "/practices": {
    post: {
      summary: "Write a good-practice sheet from done needs of an organisation one coordinates (its results are computed from them)",
      security: bearer,
      requestBody: body("PracticeCreate"),
      responses: ok("Created; public sheets are published as an ActivityPub Article", { type: "object" }, "201"),
    },
    get: {
      summary: "The library: sheets written here and those received from the servers followed here, newest first, by words and domain",
      parameters: queryParams(PracticeSearch),
      responses: ok("A page of sheets (`kind` here or elsewhere) and `next_offset`"),
    },
  },
  "/practices/{id}": {
    get: { summary: "A sheet, with its computed indicators and where it was tried", parameters: [pathParam("id")], responses: ok("The sheet") },
    patch: {
      summary: "Edit a sheet (its organisation's coordinators); federated as an Update",
      security: bearer,
      parameters: [pathParam("id")],
      requestBody: body("PracticePatch"),
      responses: ok("The sheet"),
    },
    delete: { summary: "Delete a sheet (its organisation's coordinators); federated as a Delete", security: bearer, parameters: [pathParam("id")], responses: ok("Deleted", undefined, "204") },
  },
  "/practices/{id}/tries": {
    post: {
      summary: "Try it too: draft needs from the sheet's needs for an organisation one coordinates; the sheet's author is told",
      security: bearer,
      parameters: [pathParam("id")],
      requestBody: body("TryRequest"),
      responses: ok("The try and its drafts' ids", { type: "object" }, "201"),
    },
  },
  };
}
