// What a coordinator sends to publish or edit a need (the API's request body).
import { z } from "zod";
import { isDomainSlug } from "../vocabulary/domains.ts";

export const AUDIENCES = ["seniors", "children", "teenagers", "patients", "families", "disabled", "everyone"] as const;
export const REJECTION_REASONS = ["no_longer_needed", "profile_mismatch", "mission_finished", "other"] as const;

const isoDateTime = z.iso.datetime({ offset: true, error: "an ISO 8601 date-time, e.g. 2026-12-01T14:00:00+01:00" });
const isoDate = z.iso.date({ error: "an ISO 8601 date, e.g. 2026-12-20" });
const RRULE = /^(?:RRULE:)?FREQ=(?:DAILY|WEEKLY|MONTHLY|YEARLY)(?:;[A-Z]+=[A-Z0-9,+-]+)*$/;

export const ScheduleInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("date"), start: isoDateTime, end: isoDateTime.nullable().optional() }),
  z.object({ kind: z.literal("range"), start: isoDate, end: isoDate }),
  z.object({
    kind: z.literal("recurring"),
    rrule: z.string().regex(RRULE, { error: "an RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=TU" }),
    start: isoDateTime,
    duration_minutes: z.number().int().min(5).max(24 * 60),
  }),
  z.object({ kind: z.literal("flexible") }),
]);

export const PlaceInput = z.object({
  label: z.string().trim().min(1).max(200).describe("Public: a neighbourhood or town, never a street address"),
  mode: z.enum(["on_site", "remote", "both"]).default("on_site"),
  address: z.string().trim().max(300).nullable().optional().describe("Private: for accepted volunteers only"),
  latitude: z.number().min(-90).max(90).nullable().optional().describe("Private; published rounded to ~1 km"),
  longitude: z.number().min(-180).max(180).nullable().optional(),
  radius_km: z.number().min(0).max(500).default(2),
});

const domains = z
  .array(z.string().refine(isDomainSlug, { error: "not a known domain (see /domains)" }))
  .min(1)
  .max(5);

const needFields = {
  title: z.string().trim().min(3).max(200),
  description: z.string().max(20_000).describe("Markdown"),
  domains,
  skills: z.array(z.string().trim().min(1).max(80)).max(20),
  audience: z.array(z.enum(AUDIENCES)).max(AUDIENCES.length),
  language: z.enum(["fr", "en"]),
  place: PlaceInput,
  schedule: ScheduleInput,
  volunteers_wanted: z.number().int().min(1).max(10_000),
  deadline: isoDate.nullable(),
  visibility: z.enum(["public", "followers", "local"]).describe("Default: the narrowest federated one for the domains"),
  safeguarding: z
    .boolean()
    .describe(
      "The need involves minors or vulnerable adults: only volunteers whom a coordinator of the organisation checked in person (identity and the contrôle d'honorabilité) can be accepted. Default: true for the pilot domains (personnes-agees, sante, education). Published as a hint; the checks never are",
    ),
  private_notes: z.string().max(10_000).describe("Private: coordinators only"),
  beneficiary: z.string().max(10_000).describe("Private: who is helped; never published"),
  beneficiary_consent: isoDate
    .nullable()
    .describe("Private: the day the person helped (or their representative) agreed that these details be recorded; required when beneficiary is not empty"),
  contact: z
    .string()
    .trim()
    .max(300)
    .nullable()
    .describe("Private: how the accepted volunteers reach the organisation for this need (a phone number, an email address); null or empty: the organisation's default"),
  practical_details: z.string().max(5000).describe("Private: for the accepted volunteers (what to bring, whom to ask for)"),
};

export const NeedCreate = z.object({
  organization: z.string().min(1).describe("The handle of the organisation publishing the need"),
  ...needFields,
  description: needFields.description.default(""),
  skills: needFields.skills.default([]),
  audience: needFields.audience.default([]),
  language: needFields.language.default("fr"),
  volunteers_wanted: needFields.volunteers_wanted.default(1),
  deadline: needFields.deadline.optional(),
  visibility: needFields.visibility.optional(),
  safeguarding: needFields.safeguarding.optional(),
  private_notes: needFields.private_notes.default(""),
  beneficiary: needFields.beneficiary.default(""),
  beneficiary_consent: needFields.beneficiary_consent.optional(),
  contact: needFields.contact.optional(),
  practical_details: needFields.practical_details.optional(),
  status: z.enum(["draft", "open"]).default("open"),
});
export type NeedCreate = z.infer<typeof NeedCreate>;

export const OutcomeInput = z.object({
  volunteer_hours: z.number().min(0).max(1_000_000),
  people_helped: z.number().int().min(0).max(1_000_000),
  testimony: z.string().max(2000).default("").describe("Anonymous: it is published"),
});

export const NeedPatch = z
  .object({
    ...needFields,
    status: z.enum(["draft", "open", "filled", "done", "cancelled"]),
    outcome: OutcomeInput.nullable(),
  })
  .partial();
export type NeedPatch = z.infer<typeof NeedPatch>;

export const ApplicationDecision = z.discriminatedUnion("status", [
  z.object({ status: z.literal("accepted"), message: z.string().max(5000).optional() }),
  z.object({
    status: z.literal("rejected"),
    reason: z.enum(REJECTION_REASONS),
    message: z.string().max(5000).optional(),
  }),
  z.object({ status: z.literal("done") }),
]);
export type ApplicationDecision = z.infer<typeof ApplicationDecision>;
