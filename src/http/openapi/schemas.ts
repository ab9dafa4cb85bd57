// The OpenAPI components: request bodies from the zod schemas the routes validate
// with, and the shapes of what the API answers.
import { OutcomeConfirmation } from "../../domain/outcomes/outcomes.ts";
import { z } from "zod";
import { NeedCreate, NeedPatch } from "../../domain/needs/input.ts";
import { AlertRequest } from "../api/alerts.ts";
import { FollowAlerts } from "../api/local-follows.ts";
import { ApplicationChange } from "../api/applications.ts";
import { CheckInput } from "../../domain/safeguarding/checks.ts";
import { FollowRequest } from "../api/follows.ts";
import { MissionCancel, OccurrenceCancel } from "../api/missions.ts";
import { InstanceFollowRequest } from "../api/federation.ts";
import { AccountCreate, InstanceSettingsPatch, InstanceSettingsView } from "../api/instance.ts";
import { AccountErasure } from "../api/me.ts";
import { AdminErasure, DomainBlockRequest, ReportRequest } from "../api/moderation.ts";
import { TryRequest } from "../api/practices.ts";
import { PracticeCreate, PracticePatch } from "../../domain/practices/model.ts";
import { OrganizationCreate, OrganizationProfile, OrganizationSettings } from "../api/organizations.ts";
import { OfferCreate, OfferPatch } from "../../domain/offers/offers.ts";
import { TokenRequest } from "../api/tokens.ts";

export function schemas() {
  return {
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
          enum: ["application.received", "application.withdrawn", "application.pending", "application.accepted", "application.rejected", "need.changed", "need.cancelled", "need.reminder", "need.published", "outcome.survey", "practice.tried", "need.expired"],
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
  };
}
