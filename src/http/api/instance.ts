// /api/v1/instance/settings: the instance's name, description, rules, privacy
// policy, contact and sign-ups (administrators). /api/v1/accounts: sign-up,
// while the instance takes new accounts.
import { Hono } from "hono";
import { z } from "zod";
import { chooseLang } from "../../../web/i18n/index.ts";
import { signUp } from "../../domain/accounts/users.ts";
import { acceptTerms } from "../../domain/consent/terms.ts";
import { normalizeHandle } from "../../domain/actors/actors.ts";
import { enqueueMail } from "../../domain/mail/outbox.ts";
import { DomainError } from "../../domain/errors.ts";
import { type InstanceSettings, LIMITS } from "../../domain/instance/settings.ts";
import { AGE_DECLARATIONS, checkAgeDeclaration } from "../../domain/safeguarding/age.ts";
import { currentAccount, requireAccount } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import { validate } from "../validate.ts";

export const InstanceSettingsPatch = z
  .object({
    name: z.string().max(LIMITS.name),
    description: z.string().max(LIMITS.description).describe("Plain text: the About page, NodeInfo, the instance actor's summary"),
    rules: z.string().max(LIMITS.rules).describe("Markdown; empty: the standard rules in the reader's language"),
    privacy_policy: z.string().max(LIMITS.privacy).describe("Markdown; empty: the standard privacy policy in the reader's language"),
    charter: z.string().max(LIMITS.charter).describe("Markdown: the charter volunteers commit to; empty: the standard one. A change to the rules, the privacy policy or the charter is a new version of the terms, which every account accepts at its next sign-in"),
    contact_email: z.string().max(LIMITS.contactEmail).describe("Shown on the About page; empty: none"),
    registrations_open: z.boolean().describe("Whether anyone may sign up"),
    retention: z
      .object({
        beneficiary_months: z.number().int().describe("Months after a need is done or cancelled before its beneficiary's details, private notes and exact place are erased (1–24; default 3)"),
        applications_months: z.number().int().describe("Months before applications not accepted are anonymised (1–36; default 12)"),
        messages_months: z.number().int().describe("Months before direct messages are deleted (1–36; default 12)"),
        inactive_years: z.number().int().describe("Years without signing in before an account is warned, then erased 30 days later (1–10; default 3)"),
        audit_months: z.number().int().describe("Months the audit log is kept (6–60; default 12)"),
      })
      .partial()
      .describe("How long the instance keeps what it must not keep for ever: docs/privacy.md"),
    volunteers: z
      .object({
        minimum_age: z.number().int().describe("The youngest age at which someone may sign up and volunteer (15–18; default 16); below 18 only with a guardian's consent"),
        minors_with_guardian_consent: z.boolean().describe("Whether people under 18 may volunteer with their guardian's consent (default true); minors are never accepted on safeguarded needs"),
      })
      .partial()
      .describe("Who may volunteer: docs/privacy.md, Safeguarding"),
  })
  .partial();

export const InstanceSettingsView = z.object({
  name: z.string(),
  description: z.string(),
  rules: z.string(),
  privacy_policy: z.string(),
  charter: z.string(),
  contact_email: z.string(),
  registrations_open: z.boolean(),
  retention: z.object({
    beneficiary_months: z.number(),
    applications_months: z.number(),
    messages_months: z.number(),
    inactive_years: z.number(),
    audit_months: z.number(),
  }),
  volunteers: z.object({ minimum_age: z.number(), minors_with_guardian_consent: z.boolean() }),
});

export const AccountCreate = z.object({
  username: z.string().min(1).max(30).describe("1 to 30 lower-case letters, digits, - or _"),
  email: z.string().min(3).max(320),
  password: z.string().min(1).max(1024),
  display_name: z.string().max(100).optional(),
  agreement: z.literal(true).describe("Consent to the instance's rules and privacy policy"),
  age: z
    .enum(AGE_DECLARATIONS)
    .describe(
      "What the person declares of their age (no birth date is asked): adult (18 or older), or minor_with_guardian_consent (from the instance's minimum age, with a guardian's consent, where the instance takes minors). Kept with the consent",
    ),
});

const view = (s: InstanceSettings): z.infer<typeof InstanceSettingsView> => ({
  name: s.name,
  description: s.description,
  rules: s.rules,
  privacy_policy: s.privacy,
  charter: s.charter,
  contact_email: s.contactEmail,
  registrations_open: s.registrationsOpen,
  retention: {
    beneficiary_months: s.retention.beneficiaryMonths,
    applications_months: s.retention.applicationsMonths,
    messages_months: s.retention.messagesMonths,
    inactive_years: s.retention.inactiveYears,
    audit_months: s.retention.auditMonths,
  },
  volunteers: { minimum_age: s.volunteers.minimumAge, minors_with_guardian_consent: s.volunteers.minorsWithGuardianConsent },
});

export const instance = new Hono<AppEnv>()
  .get("/settings", requireAccount, async (c) => {
    if (currentAccount(c).role !== "admin") {
      throw new DomainError("forbidden", "only the instance's administrators may see its settings", undefined, "admins_only");
    }
    return c.json(view(await c.var.deps.settings.get()));
  })
  .patch("/settings", requireAccount, validate("json", InstanceSettingsPatch), async (c) => {
    const body = c.req.valid("json");
    const before = await c.var.deps.settings.get();
    const current = before.retention;
    const r = body.retention;
    const v = body.volunteers;
    const { settings } = await c.var.deps.settings.update(c.var.deps.events, currentAccount(c), {
      retention: r && {
        beneficiaryMonths: r.beneficiary_months ?? current.beneficiaryMonths,
        applicationsMonths: r.applications_months ?? current.applicationsMonths,
        messagesMonths: r.messages_months ?? current.messagesMonths,
        inactiveYears: r.inactive_years ?? current.inactiveYears,
        auditMonths: r.audit_months ?? current.auditMonths,
      },
      name: body.name,
      description: body.description,
      rules: body.rules,
      privacy: body.privacy_policy,
      charter: body.charter,
      contactEmail: body.contact_email,
      registrationsOpen: body.registrations_open,
      volunteers: v && {
        minimumAge: v.minimum_age ?? before.volunteers.minimumAge,
        minorsWithGuardianConsent: v.minors_with_guardian_consent ?? before.volunteers.minorsWithGuardianConsent,
      },
    });
    return c.json(view(settings));
  });

export const accounts = new Hono<AppEnv>().post("/", validate("json", AccountCreate), async (c) => {
  const body = c.req.valid("json");
  const { registrationsOpen, volunteers } = await c.var.deps.settings.get();
  // Before anything is made: too young, or a minor where the instance takes none, is refused.
  const age = checkAgeDeclaration(volunteers, body.age);
  const made = await signUp(c.var.deps.db.kysely, registrationsOpen, {
    username: body.username,
    email: body.email,
    password: body.password,
    displayName: body.display_name,
  });
  // `agreement: true`: the version of the terms in force, accepted now.
  if (made) await acceptTerms(c.var.deps.db.kysely, made.id, undefined, age);
  // As the sign-up page: the same answer whether or not the address already had an account
  // (its owner is told by mail), so no id, only what the caller sent.
  const email = body.email.trim().toLowerCase();
  await enqueueMail(c.var.deps.db.kysely, { kind: "signup", email, username: body.username, language: chooseLang(undefined, c.req.header("Accept-Language")) });
  return c.json(
    {
      username: normalizeHandle(body.username),
      display_name: body.display_name?.trim() || normalizeHandle(body.username),
      detail: "a message was sent to the address: it says how to log in",
    },
    202,
  );
});
