// The OpenAPI 3.1 description of /api/v1, the contract for the web UI and other tools.
// Request bodies and query parameters come from the zod schemas the routes validate with.
import { OutcomeConfirmation } from "../domain/outcomes/outcomes.ts";
import { z } from "zod";
import { NeedCreate, NeedPatch } from "../domain/needs/input.ts";
import { AlertRequest } from "./api/alerts.ts";
import { NotificationQuery } from "./api/notifications.ts";
import { FollowAlerts } from "./api/local-follows.ts";
import { ApplicationChange } from "./api/applications.ts";
import { CheckInput } from "../domain/safeguarding/checks.ts";
import { FollowRequest } from "./api/follows.ts";
import { ApplyBody, MissionCancel, MissionSearch, OccurrenceCancel } from "./api/missions.ts";
import { InstanceFollowRequest } from "./api/federation.ts";
import { AccountCreate, InstanceSettingsPatch, InstanceSettingsView } from "./api/instance.ts";
import { AccountErasure } from "./api/me.ts";
import { AdminErasure, DomainBlockRequest, ReportRequest } from "./api/moderation.ts";
import { OfferSearch } from "./api/offers.ts";
import { PracticeSearch, TryRequest } from "./api/practices.ts";
import { PracticeCreate, PracticePatch } from "../domain/practices/model.ts";
import { OrganizationCreate, OrganizationProfile, OrganizationSettings } from "./api/organizations.ts";
import { OfferCreate, OfferPatch } from "../domain/offers/offers.ts";
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS } from "../domain/accounts/tokens.ts";
import { TokenRequest } from "./api/tokens.ts";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problemResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ref("Problem") } },
});
const errors = {
  "400": problemResponse("Malformed request (for example JSON that does not parse)"),
  "401": problemResponse("Missing, invalid, expired or revoked credentials"),
  "403": problemResponse("Authenticated, but not allowed (for example not a coordinator of the organisation)"),
  "404": problemResponse("No such resource, or not visible to you"),
  "409": problemResponse("Conflicts with the current state (a taken handle, a closed need, a second application)"),
  "413": problemResponse("Body larger than the server accepts"),
  "422": problemResponse("The body or query does not validate; `errors` names each field"),
  "429": problemResponse("Too many requests; see Retry-After"),
  "500": problemResponse("Server error, without internals"),
};
const json = (schema: unknown) => ({ "application/json": { schema } });
const body = (name: string) => ({ required: true, content: json(ref(name)) });
const ok = (description: string, schema?: unknown, status = "200") => ({
  [status]: { description, ...(schema ? { content: json(schema) } : {}) },
  ...errors,
});
const bearer = [{ bearer: [] }];
/** A picture upload (issue 16): 413 over MAX_UPLOAD_BYTES, 422 `image_type` (by content) or `image_alt_required`. */
const pictureUpload = {
  required: true,
  content: {
    "multipart/form-data": {
      schema: {
        type: "object",
        required: ["image", "alt"],
        properties: {
          image: { type: "string", format: "binary", description: "A JPEG, PNG or WebP picture (checked by its content), at most MAX_UPLOAD_BYTES (8 MiB by default)" },
          alt: { type: "string", maxLength: 1500, description: "What the picture shows, for those who cannot see it (required; federated as the image's `name`)" },
        },
      },
      encoding: { image: { contentType: "image/jpeg, image/png, image/webp" } },
    },
  },
};
const pathParam = (name: string) => ({ name, in: "path", required: true, schema: { type: "string" } });

/** Query parameters from a zod object schema. */
function queryParams(schema: z.ZodObject) {
  const jsonSchema = z.toJSONSchema(schema, { io: "input" }) as { properties: Record<string, unknown> };
  return Object.entries(jsonSchema.properties).map(([name, s]) => ({ name, in: "query", required: false, schema: s }));
}

export function openApiDocument(origin: URL, version: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Entraide API",
      version,
      description:
        "Needs (missions for volunteers) and offers of a federated Entraide instance. Errors are RFC 9457 problem details. Each need carries its `id`, its ActivityPub `uri` and its web page `url`.",
      license: { name: "AGPL-3.0-or-later", identifier: "AGPL-3.0-or-later" },
    },
    servers: [{ url: new URL("/api/v1", origin).href }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: {
        Problem: {
          type: "object",
          required: ["type", "title", "status"],
          properties: {
            type: { type: "string" },
            title: { type: "string" },
            status: { type: "integer" },
            detail: { type: "string" },
            code: { type: "string", description: "For refusals of the domain: a stable name of the reason (e.g. email_taken), for clients that show their own sentence" },
            errors: {
              type: "array",
              items: { type: "object", properties: { field: { type: "string" }, message: { type: "string" } } },
            },
          },
        },
        TokenRequest: z.toJSONSchema(TokenRequest, { io: "input" }),
        NeedCreate: z.toJSONSchema(NeedCreate, { io: "input" }),
        NeedPatch: z.toJSONSchema(NeedPatch, { io: "input" }),
        MissionCancel: z.toJSONSchema(MissionCancel, { io: "input" }),
        OccurrenceCancel: z.toJSONSchema(OccurrenceCancel, { io: "input" }),
        OutcomeConfirmation: z.toJSONSchema(OutcomeConfirmation, { io: "input" }),
        ApplicationChange: z.toJSONSchema(ApplicationChange, { io: "input" }),
        SafeguardingCheckInput: z.toJSONSchema(CheckInput, { io: "input" }),
        SafeguardingCheck: {
          type: "object",
          description:
            "A coordinator met a volunteer of this instance: who checked, when, what was seen. Never federated; read only by the organisation's " +
            "coordinators and the admins, and by the volunteer in their export. It counts while identity_seen and record_seen are true, " +
            "it is not revoked and its expires day is not past.",
          properties: {
            id: { type: "string" },
            organization: { type: "string", description: "The organisation's handle" },
            volunteer: { type: "object", properties: { username: { type: "string" }, name: { type: "string" } } },
            checked_by: { type: ["string", "null"], description: "The coordinator's username; null once their account is erased" },
            checked: { type: "string", format: "date-time" },
            identity_seen: { type: "boolean" },
            record_seen: { type: "boolean", description: "The check the instance's frame requires (in France: the contrôle d'honorabilité)" },
            note: { type: "string" },
            expires: { type: ["string", "null"], format: "date" },
            revoked: { type: ["string", "null"], format: "date-time" },
            revoked_by: { type: ["string", "null"] },
          },
        },
        OrganizationCreate: z.toJSONSchema(OrganizationCreate, { io: "input" }),
        OrganizationSettings: z.toJSONSchema(OrganizationSettings, { io: "input" }),
        OrganizationProfile: z.toJSONSchema(OrganizationProfile, { io: "input" }),
        Picture: {
          type: "object",
          properties: {
            url: { type: "string", format: "uri" },
            media_type: { enum: ["image/jpeg", "image/png", "image/webp"] },
            width: { type: "integer" },
            height: { type: "integer" },
            alt: { type: "string" },
            thumbnail: { type: "object", properties: { url: { type: "string", format: "uri" }, width: { type: "integer" }, height: { type: "integer" } } },
          },
        },
        FollowRequest: z.toJSONSchema(FollowRequest, { io: "input" }),
        AlertRequest: z.toJSONSchema(AlertRequest, { io: "input" }),
        FollowAlerts: z.toJSONSchema(FollowAlerts, { io: "input" }),
        Notification: {
          type: "object",
          required: ["id", "type", "created_at", "group_key", "read", "account", "need"],
          description: "Shaped as Mastodon's notification: a time-ordered id, who caused it (account), what it is about (need)",
          properties: {
            id: { type: "string" },
            type: {
              enum: ["application.received", "application.pending", "application.accepted", "application.rejected", "need.changed", "need.cancelled", "need.reminder", "need.published", "outcome.survey", "practice.tried", "need.expired"],
            },
            created_at: { type: "string", format: "date-time" },
            group_key: { type: "string" },
            read: { type: "boolean" },
            account: { type: ["object", "null"] },
            need: { type: ["object", "null"] },
            application_id: { type: ["string", "null"] },
            reason: { type: ["string", "null"], description: "A rejection's reason code" },
            message: { type: ["string", "null"], description: "The coordinator's words" },
            occurrence: { type: ["string", "null"], format: "date-time" },
          },
        },
        Alert: {
          type: "object",
          required: ["id", "domains", "area", "language", "created"],
          properties: {
            id: { type: "string" },
            domains: { type: "array", items: { type: "string" } },
            area: {
              type: "object",
              description: "anywhere; remote (needs that can be done remotely); or near a point within radius_km",
              properties: {
                kind: { enum: ["anywhere", "remote", "near"] },
                place: { type: ["string", "null"] },
                latitude: { type: "number" },
                longitude: { type: "number" },
                radius_km: { type: "number" },
              },
            },
            language: { enum: ["fr", "en"] },
            created: { type: "string", format: "date-time" },
          },
        },
        OfferCreate: z.toJSONSchema(OfferCreate, { io: "input" }),
        PracticeCreate: z.toJSONSchema(PracticeCreate, { io: "input" }),
        PracticePatch: z.toJSONSchema(PracticePatch, { io: "input" }),
        TryRequest: z.toJSONSchema(TryRequest, { io: "input" }),
        DomainBlockRequest: z.toJSONSchema(DomainBlockRequest, { io: "input" }),
        AccountErasure: z.toJSONSchema(AccountErasure, { io: "input" }),
        AdminErasure: z.toJSONSchema(AdminErasure, { io: "input" }),
        ReportRequest: z.toJSONSchema(ReportRequest, { io: "input" }),
        InstanceFollowRequest: z.toJSONSchema(InstanceFollowRequest, { io: "input" }),
        OfferPatch: z.toJSONSchema(OfferPatch, { io: "input" }),
        InstanceSettingsPatch: z.toJSONSchema(InstanceSettingsPatch, { io: "input" }),
        InstanceSettings: z.toJSONSchema(InstanceSettingsView),
        AccountCreate: z.toJSONSchema(AccountCreate, { io: "input" }),
        Need: {
          type: "object",
          description: "A need. Coordinators of its organisation also get description, address, exact coordinates, private_notes, beneficiary, contact (for its accepted volunteers; null: the organisation's default) and practical_details.",
          required: ["id", "uri", "url", "title", "status"],
          properties: {
            id: { type: "string" },
            uri: { type: "string", format: "uri", description: "ActivityPub id" },
            url: { type: "string", format: "uri", description: "Web page" },
            title: { type: "string" },
            description_html: { type: "string" },
            domains: { type: "array", items: { type: "string" } },
            volunteers_wanted: { type: "integer" },
            places_left: { type: "integer" },
            volunteers_text: {
              type: "string",
              description: "The count in words, in the need's language, as its page and its Note say it: \"2 bénévoles sur 4 — 2 places restantes\", \"2 of 4 volunteers — 2 places left\"",
            },
            takes_volunteers: { type: "boolean", description: "Whether it takes applications now (open, a place left, before its deadline)" },
            closed_reason: { enum: ["draft", "filled", "full", "done", "cancelled", "deadline", null], description: "Why it takes no more volunteers" },
            closed_text: { type: ["string", "null"], description: "The same, in words, as its page and its Note say it" },
            schedule: {
              type: "object",
              description: "date, range, recurring (rrule, start, duration_minutes, exdates: the starts of the sessions cancelled) or flexible",
            },
            status: { enum: ["draft", "open", "filled", "done", "cancelled"] },
            visibility: { enum: ["public", "followers", "local"] },
            safeguarding: {
              type: "boolean",
              description:
                "The need involves minors or vulnerable adults: an in-person check by the organisation comes before a volunteer is accepted " +
                "(accepting one it has not checked, one from another server or a minor is refused, 409, codes safeguarding_check_required, " +
                "safeguarding_remote_applicant, safeguarding_minor). Default on creation: true for the pilot domains.",
            },
          },
        },
        NeedTeaser: {
          type: "object",
          description:
            "A followers-only or local need asked for without a token: only what kind of need it is and whose " +
            "(never its title, description or counts), with teaser: true. Signed in, an account of this instance reads the need itself.",
          required: ["id", "url", "teaser", "organization", "domains", "place", "schedule", "status", "visibility"],
          properties: {
            id: { type: "string" },
            url: { type: "string", format: "uri", description: "Web page (it offers to sign in or sign up)" },
            teaser: { const: true },
            organization: { type: "object", properties: { handle: { type: "string" }, name: { type: "string" }, uri: { type: "string", format: "uri" } } },
            domains: { type: "array", items: { type: "string" } },
            place: { type: "object", properties: { label: { type: "string" }, mode: { enum: ["on_site", "remote", "both"] } } },
            schedule: { type: "object" },
            status: { enum: ["open", "filled", "done", "cancelled"] },
            visibility: { enum: ["followers", "local"] },
          },
        },
        Application: {
          type: "object",
          properties: {
            id: { type: "string" },
            mission_id: { type: "string" },
            applicant: { type: "object" },
            message: { type: "string" },
            status: { enum: ["pending", "accepted", "rejected", "withdrawn", "done"] },
            reason: { type: ["string", "null"] },
            share_email: { type: "boolean", description: "The applicant here agreed that the coordinators see their email address" },
            occurrences: {
              type: "array",
              items: { type: "string", format: "date-time" },
              description: "For a recurring need: the occurrences (starts, ISO UTC) the applicant answers for; empty: every occurrence (and always so for a volunteer elsewhere who applied by a private reply)",
            },
            safeguarding: {
              enum: ["checked", "check_required", "remote", "minor"],
              description:
                "On a safeguarded need only: for its coordinators, how the applicant stands (checked by the organisation; a check to record first; " +
                "from another server, who cannot be checked here; a minor, never accepted); for the applicant, in the answer to their application",
            },
            contact: {
              type: ["object", "null"],
              description: "For the need's coordinators (GET /missions/{id}/applications): how to reach the applicant: `email` of an account here that agreed to share it, `handle` and `url` of a remote one; null otherwise",
              properties: { email: { type: "string" }, handle: { type: "string" }, url: { type: "string" } },
            },
            details: {
              type: "object",
              description: "In GET /me/applications, for an application accepted for a need still to happen: what its volunteer needs (never to anyone else)",
              properties: { address: { type: ["string", "null"] }, contact: { type: ["string", "null"] }, practical_details: { type: "string" } },
            },
          },
        },
        RemoteApplication: {
          type: "object",
          description: "The authenticated citizen's application to a need on another server, as GET /me/applications lists it (remote: true)",
          required: ["id", "mission_id", "mission_uri", "status", "remote"],
          properties: {
            id: { type: "string", description: "What PATCH /applications/{id} takes to withdraw it" },
            mission_id: { type: "string", description: "The need as kept here (GET /missions/{id})" },
            mission_uri: { type: "string", format: "uri", description: "The need on its own server" },
            title: { type: "string" },
            message: { type: "string" },
            status: { enum: ["pending", "accepted", "rejected", "withdrawn"], description: "Accepted or rejected by the organisation on its server; withdrawn by the citizen here" },
            reason: { type: ["string", "null"] },
            remote: { const: true },
            created: { type: "string", format: "date-time" },
            updated: { type: "string", format: "date-time" },
          },
        },
      },
    },
    paths: {
      "/accounts": {
        post: {
          summary: "Sign up: a citizen's account (403 when the instance takes no new accounts)",
          description:
            "The answer is the same whether the email was free or already an account's: a mail to the address says which " +
            "(a welcome, or a word to its owner that someone tried), so that the API does not tell who has an account here. " +
            "A taken username is refused (409, code handle_taken).",
          requestBody: body("AccountCreate"),
          responses: ok("Accepted: a mail was sent to the address", { type: "object" }, "202"),
        },
      },
      "/instance/settings": {
        get: { summary: "The instance's settings (administrators)", security: bearer, responses: ok("Settings", ref("InstanceSettings")) },
        patch: {
          summary: "Change the instance's settings (administrators); each change is written to the audit log",
          security: bearer,
          requestBody: body("InstanceSettingsPatch"),
          responses: ok("The settings now in force", ref("InstanceSettings")),
        },
      },
      "/places": {
        get: {
          summary: "French communes whose name or postcode starts with `q` (at most 8, most populous first), from the offline gazetteer",
          description:
            "Names, INSEE codes and postcodes from Etalab (Licence Ouverte 2.0), points from GeoNames (CC BY 4.0); `approximate` when " +
            "GeoNames has no point for the commune and the centre of its postcode's communes stands for it. The web search's place field, " +
            "the home page and alerts (`area.place` of POST /alerts) read the same gazetteer: `69100`, `Villeurbanne`, `saint etienne` are found.",
          parameters: [{ name: "q", in: "query", required: true, schema: { type: "string", minLength: 2, maxLength: 100 } }],
          responses: ok("Communes", { type: "object" }),
        },
      },
      "/openapi.json": { get: { summary: "This document", responses: { "200": { description: "OpenAPI 3.1 document" } } } },
      "/tokens": {
        post: {
          summary: "Exchange a login and password for a bearer token",
          description:
            `A token lasts \`days\` days: ${DEFAULT_TOKEN_DAYS} by default, at most ${MAX_TOKEN_DAYS} (tokens made with \`entraide token create\` too); ` +
            "a longer lifetime is refused with a 422 problem (code token_days), never shortened in silence. " +
            "Every token of an account is revoked when its password is changed or reset.",
          requestBody: body("TokenRequest"),
          responses: ok("Token issued", { type: "object" }, "201"),
        },
        get: { summary: "My tokens", security: bearer, responses: ok("Tokens, newest first") },
      },
      "/tokens/{id}": {
        delete: { summary: "Revoke one of my tokens", security: bearer, parameters: [pathParam("id")], responses: ok("Revoked", undefined, "204") },
      },
      "/me": {
        get: { summary: "The authenticated account", security: bearer, responses: ok("Account", { type: "object" }) },
        delete: {
          summary: "Erase my account (GDPR art. 17): personal data removed or anonymised everywhere, a Delete of the actor sent to the servers that know it",
          security: bearer,
          requestBody: body("AccountErasure"),
          responses: ok("Erased", undefined, "204"),
        },
      },
      "/me/follows": {
        get: { summary: "The organisations of this instance I follow, with their open needs", security: bearer, responses: ok("Organisations followed") },
      },
      "/organizations/{handle}/follow": {
        post: {
          summary: "Follow an organisation of this instance (accepted at once, never federated); alerts: be told of its new needs",
          security: bearer,
          parameters: [pathParam("handle")],
          requestBody: { required: false, content: json(ref("FollowAlerts")) },
          responses: ok("Following", { type: "object" }),
        },
        patch: {
          summary: "Turn the alerts of my follow on or off",
          security: bearer,
          parameters: [pathParam("handle")],
          requestBody: body("FollowAlerts"),
          responses: ok("Following", { type: "object" }),
        },
        delete: { summary: "Stop following the organisation", security: bearer, parameters: [pathParam("handle")], responses: ok("Unfollowed", undefined, "204") },
      },
      "/me/export": {
        get: { summary: "Everything this instance holds about me (GDPR art. 15 and 20), as JSON: the schema is in docs/privacy.md", security: bearer, responses: ok("The export", { type: "object" }) },
      },
      "/me/applications": {
        get: {
          summary: "My applications, here and on other servers",
          security: bearer,
          responses: ok("Applications", { type: "array", items: { oneOf: [ref("Application"), ref("RemoteApplication")] } }),
        },
      },
      "/me/messages": {
        get: { summary: "Direct messages received from other servers", security: bearer, responses: ok("Messages") },
      },
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
      "/missions/{id}/image": {
        put: {
          summary: "Set the need's picture (its coordinators): a JPEG, PNG or WebP, resized and emptied of its metadata; federated as the Note's Image attachment",
          security: bearer,
          parameters: [pathParam("id")],
          requestBody: pictureUpload,
          responses: ok("The picture as stored", ref("Picture")),
        },
        delete: { summary: "Remove the need's picture (its coordinators)", security: bearer, parameters: [pathParam("id")], responses: ok("Removed", undefined, "204") },
      },
      "/organizations/{handle}/logo": {
        put: {
          summary: "Set the organisation's logo (the Group's icon) (its coordinators)",
          security: bearer,
          parameters: [pathParam("handle")],
          requestBody: pictureUpload,
          responses: ok("The picture as stored", ref("Picture")),
        },
        delete: { summary: "Remove the organisation's logo (its coordinators)", security: bearer, parameters: [pathParam("handle")], responses: ok("Removed", undefined, "204") },
      },
      "/organizations/{handle}/image": {
        put: {
          summary: "Set the organisation's picture (the Group's image) (its coordinators)",
          security: bearer,
          parameters: [pathParam("handle")],
          requestBody: pictureUpload,
          responses: ok("The picture as stored", ref("Picture")),
        },
        delete: { summary: "Remove the organisation's image (its coordinators)", security: bearer, parameters: [pathParam("handle")], responses: ok("Removed", undefined, "204") },
      },
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
      "/organizations": {
        get: { summary: "Organisations hosted here", responses: ok("Organisations") },
        post: {
          summary: "Create an organisation (administrators and moderators; they coordinate it)",
          security: bearer,
          requestBody: body("OrganizationCreate"),
          responses: ok("Created", { type: "object" }, "201"),
        },
      },
      "/organizations/{handle}": {
        get: { summary: "An organisation", parameters: [pathParam("handle")], responses: ok("Organisation") },
        patch: {
          summary: "Edit the organisation's public profile (its coordinators and administrators); its followers elsewhere receive an Update of its Group actor",
          security: bearer,
          parameters: [pathParam("handle")],
          requestBody: body("OrganizationProfile"),
          responses: ok("Organisation"),
        },
      },
      "/organizations/{handle}/settings": {
        get: {
          summary: "The organisation's private settings (coordinators): the default contact of its accepted volunteers",
          security: bearer,
          parameters: [pathParam("handle")],
          responses: ok("Settings", z.toJSONSchema(OrganizationSettings)),
        },
        put: {
          summary: "Change the organisation's private settings (coordinators)",
          security: bearer,
          parameters: [pathParam("handle")],
          requestBody: body("OrganizationSettings"),
          responses: ok("Settings", z.toJSONSchema(OrganizationSettings)),
        },
      },
      "/organizations/{handle}/safeguarding-checks": {
        get: {
          summary: "The organisation's safeguarding checks, revoked ones too, newest first (its coordinators and the admins)",
          security: bearer,
          parameters: [pathParam("handle")],
          responses: ok("Checks", { type: "array", items: ref("SafeguardingCheck") }),
        },
        post: {
          summary: "Record that a coordinator met a volunteer of this instance (identity seen, the frame's check seen); written to the audit log",
          security: bearer,
          parameters: [pathParam("handle")],
          requestBody: body("SafeguardingCheckInput"),
          responses: ok("The check", ref("SafeguardingCheck"), "201"),
        },
      },
      "/safeguarding-checks/{id}": {
        delete: {
          summary: "Revoke a check (coordinators of its organisation): it no longer counts, and stays in the list as revoked; written to the audit log",
          security: bearer,
          parameters: [pathParam("id")],
          responses: ok("The revoked check", ref("SafeguardingCheck")),
        },
      },
      "/organizations/{handle}/members": {
        get: { summary: "Members and their roles (coordinators)", security: bearer, parameters: [pathParam("handle")], responses: ok("Members") },
      },
      "/organizations/{handle}/members/{username}": {
        put: {
          summary: "Add a member or change their role (coordinators)",
          security: bearer,
          parameters: [pathParam("handle"), pathParam("username")],
          requestBody: { required: true, content: json({ type: "object", properties: { role: { enum: ["coordinator", "member"] } } }) },
          responses: ok("Members"),
        },
        delete: {
          summary: "Remove a member (coordinators)",
          security: bearer,
          parameters: [pathParam("handle"), pathParam("username")],
          responses: ok("Removed", undefined, "204"),
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
      "/reports": {
        post: {
          summary: "Report an account or a post on another server (sent there as a Flag from this instance)",
          security: bearer,
          requestBody: body("ReportRequest"),
          responses: ok("Report recorded and sent", { type: "object" }, "202"),
        },
      },
      "/moderation/domain-blocks": {
        get: { summary: "Blocked and silenced servers (moderators)", security: bearer, responses: ok("Blocks") },
        post: {
          summary: "Suspend (refuse all traffic) or silence (keep out of public listings) a server",
          security: bearer,
          requestBody: body("DomainBlockRequest"),
          responses: ok("Blocked", { type: "object" }, "201"),
        },
      },
      "/moderation/domain-blocks/{domain}": {
        delete: { summary: "Lift a block", security: bearer, parameters: [pathParam("domain")], responses: ok("Lifted", undefined, "204") },
      },
      "/moderation/allowed-domains": {
        post: {
          summary: "Approve a server (allow-list mode: FEDERATION_MODE=allowlist)",
          security: bearer,
          requestBody: { required: true, content: json({ type: "object", properties: { domain: { type: "string" } } }) },
          responses: ok("Approved", undefined, "204"),
        },
      },
      "/moderation/actor-blocks": {
        post: {
          summary: "Block a remote account",
          security: bearer,
          requestBody: {
            required: true,
            content: json({
              type: "object",
              required: ["uri"],
              properties: {
                uri: { type: "string", description: "The account's handle (@name@server, asked of its server by WebFinger) or its actor URI" },
                reason: { type: "string" },
              },
            }),
          },
          responses: ok("Blocked", undefined, "204"),
        },
      },
      "/moderation/accounts/{username}/erase": {
        post: {
          summary: "Erase a local account (administrators), with a reason kept in the audit log; answers the rows removed or anonymised, by table",
          security: bearer,
          parameters: [pathParam("username")],
          requestBody: body("AdminErasure"),
          responses: ok("Erased", { type: "object" }),
        },
      },
      "/moderation/accounts/{username}/suspend": {
        post: {
          summary: "Suspend a local account; what it published is withdrawn with Delete",
          security: bearer,
          parameters: [pathParam("username")],
          responses: ok("Suspended", undefined, "204"),
        },
      },
      "/moderation/reports": {
        get: { summary: "The moderation queue: reports received and sent", security: bearer, responses: ok("Reports") },
      },
      "/moderation/reports/{id}": {
        patch: { summary: "Resolve a report", security: bearer, parameters: [pathParam("id")], responses: ok("Resolved", undefined, "204") },
      },
      "/moderation/audit": { get: { summary: "The audit log of moderators' actions", security: bearer, responses: ok("Entries, newest first") } },
      "/federation/follows": {
        get: { summary: "The instances this one follows (moderators)", security: bearer, responses: ok("Follows") },
        post: {
          summary: "Follow another Entraide instance (administrators)",
          security: bearer,
          requestBody: body("InstanceFollowRequest"),
          responses: ok("Follow sent", { type: "object" }, "202"),
        },
        delete: {
          summary: "Stop following an instance (administrators)",
          security: bearer,
          requestBody: body("InstanceFollowRequest"),
          responses: ok("Unfollowed", undefined, "204"),
        },
      },
      "/federation/relays": {
        post: {
          summary: "Subscribe to an ActivityPub relay (Mastodon/LitePub protocol; administrators)",
          security: bearer,
          requestBody: body("InstanceFollowRequest"),
          responses: ok("Subscription sent", { type: "object" }, "202"),
        },
      },
      "/federation/members": {
        get: { summary: "Member instances of this federation of towns, with open needs per domain", responses: ok("Members") },
      },
      "/alerts": {
        get: { summary: "My alerts", security: bearer, responses: ok("Alerts, oldest first", { type: "array", items: ref("Alert") }) },
        post: {
          summary: "Create an alert: open needs published in these domains (and this area) are mailed to me, once each",
          security: bearer,
          requestBody: body("AlertRequest"),
          responses: ok("Created", ref("Alert"), "201"),
        },
      },
      "/alerts/{id}": {
        delete: { summary: "Delete one of my alerts", security: bearer, parameters: [pathParam("id")], responses: ok("Deleted", undefined, "204") },
      },
      "/notifications": {
        get: {
          summary: "My notifications, newest first, paged as Mastodon's (max_id, since_id, min_id; Link header)",
          security: bearer,
          parameters: queryParams(NotificationQuery),
          responses: ok("Notifications", { type: "array", items: ref("Notification") }),
        },
      },
      "/notifications/unread_count": {
        get: { summary: "How many of my notifications are unread", security: bearer, responses: ok("The count", { type: "object", properties: { count: { type: "integer" } } }) },
      },
      "/notifications/read": {
        post: { summary: "Mark all my notifications read", security: bearer, responses: ok("How many were marked", { type: "object", properties: { marked: { type: "integer" } } }) },
      },
      "/notifications/{id}/read": {
        post: { summary: "Mark one of my notifications read", security: bearer, parameters: [pathParam("id")], responses: ok("Marked", undefined, "204") },
      },
      "/follows": {
        post: {
          summary: "Follow an account on another server (by handle or URL)",
          security: bearer,
          requestBody: body("FollowRequest"),
          responses: ok("Follow requested", { type: "object" }, "202"),
        },
      },
    },
  };
}
