// The instance's settings: name, description, rules, privacy policy, contact,
// whether anyone may sign up. The environment gives the defaults; a value an
// administrator saves is kept in `instance_settings` and wins from then on.
// Read on every page, so kept in memory: reloaded at once in the process that
// changed them, and after a short while in the others (as FederationPolicy).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import type { Account } from "../accounts/users.ts";
import { INSTANCE_HANDLE } from "../actors/actors.ts";
import { DomainError } from "../errors.ts";
import { commitWithEvents, type EventSink } from "../events.ts";
import { audit } from "../moderation/moderation.ts";
import { publishTermsVersion, type TermsPart } from "../consent/terms.ts";
import { RETENTION_BOUNDS, type RetentionSettings } from "../privacy/retention-settings.ts";
import { checkAgeSettings, type VolunteerAgeSettings } from "../safeguarding/age.ts";

export interface InstanceSettings {
  name: string;
  /** Plain text: the About page's introduction, NodeInfo's nodeDescription, the instance actor's summary. */
  description: string;
  /** Markdown; empty: the standard rules, in the reader's language. */
  rules: string;
  /** Markdown; empty: the standard privacy policy, in the reader's language. */
  privacy: string;
  /** Markdown: the charter volunteers commit to; empty: the standard one, in the reader's language. */
  charter: string;
  /** Shown on the About page; empty: none. */
  contactEmail: string;
  /** Whether anyone may create an account (on the web and through the API). */
  registrationsOpen: boolean;
  /** How long what must not be kept for ever is kept (src/domain/privacy/retention.ts). */
  retention: RetentionSettings;
  /** How old volunteers must be, and whether minors may volunteer with a guardian's consent (src/domain/safeguarding/age.ts). */
  volunteers: VolunteerAgeSettings;
}

export type SettingName = keyof InstanceSettings;

/** The column `name` of each setting (the durations: `retention.<name>`, one row each). */
type GroupName = "retention" | "volunteers";
const STORED_NAMES: Record<Exclude<SettingName, GroupName>, string> = {
  name: "name",
  description: "description",
  rules: "rules",
  privacy: "privacy",
  charter: "charter",
  contactEmail: "contact_email",
  registrationsOpen: "registrations_open",
};
const RETENTION_NAMES = Object.keys(RETENTION_BOUNDS) as (keyof RetentionSettings)[];
/** The rows of the volunteers' age settings. */
const VOLUNTEER_ROWS = { minimumAge: "volunteers.minimum_age", minorsWithGuardianConsent: "volunteers.minors_with_guardian_consent" } as const;

export const LIMITS = { name: 100, description: 500, rules: 20_000, privacy: 20_000, charter: 20_000, contactEmail: 320 } as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks and tidies what an administrator sends; throws a DomainError naming the field at fault. */
export function checkSettings(patch: Partial<InstanceSettings>): Partial<InstanceSettings> {
  const clean: Partial<InstanceSettings> = {};
  if (patch.name !== undefined) {
    const name = patch.name.trim();
    if (!name || name.length > LIMITS.name) {
      throw new DomainError("invalid", `the instance's name has 1 to ${LIMITS.name} characters`, "name", "instance_name_invalid");
    }
    clean.name = name;
  }
  for (const field of ["description", "rules", "privacy", "charter"] as const) {
    const value = patch[field];
    if (value === undefined) continue;
    const text = value.replace(/\r\n/g, "\n").trim();
    if (text.length > LIMITS[field]) {
      throw new DomainError("invalid", `${field} has at most ${LIMITS[field]} characters`, field, "text_too_long", { max: LIMITS[field] });
    }
    clean[field] = text;
  }
  if (patch.contactEmail !== undefined) {
    const email = patch.contactEmail.trim();
    if (email && (!EMAIL.test(email) || email.length > LIMITS.contactEmail)) {
      throw new DomainError("invalid", `"${email}" is not an email address`, "contactEmail", "email_invalid", { email });
    }
    clean.contactEmail = email;
  }
  if (patch.registrationsOpen !== undefined) clean.registrationsOpen = patch.registrationsOpen;
  if (patch.retention !== undefined) {
    for (const key of RETENTION_NAMES) {
      const value = patch.retention[key];
      const { min, max } = RETENTION_BOUNDS[key];
      if (!Number.isInteger(value) || value < min || value > max) {
        throw new DomainError("invalid", `retention.${key} is a whole number from ${min} to ${max}`, `retention.${key}`, "retention_out_of_bounds", { min, max });
      }
    }
    clean.retention = { ...patch.retention };
  }
  if (patch.volunteers !== undefined) clean.volunteers = checkAgeSettings(patch.volunteers);
  return clean;
}

export class InstanceSettingsStore {
  readonly #db: Kysely<Database>;
  readonly #defaults: InstanceSettings;
  readonly #ttlMs: number;
  #current: Promise<{ settings: InstanceSettings; loaded: number }> | undefined;

  constructor(db: Kysely<Database>, defaults: InstanceSettings, options: { ttlMs?: number } = {}) {
    this.#db = db;
    this.#defaults = defaults;
    this.#ttlMs = options.ttlMs ?? 30_000;
  }

  async #load(): Promise<{ settings: InstanceSettings; loaded: number }> {
    const rows = await this.#db.selectFrom("instance_settings").select(["name", "value"]).execute();
    const stored = new Map(rows.map((r) => [r.name, r.value]));
    const settings = { ...this.#defaults, retention: { ...this.#defaults.retention }, volunteers: { ...this.#defaults.volunteers } };
    const age = Number(stored.get(VOLUNTEER_ROWS.minimumAge));
    if (Number.isInteger(age)) settings.volunteers.minimumAge = age;
    const minors = stored.get(VOLUNTEER_ROWS.minorsWithGuardianConsent);
    if (minors !== undefined) settings.volunteers.minorsWithGuardianConsent = minors === "true";
    for (const key of RETENTION_NAMES) {
      const value = Number(stored.get(`retention.${key}`));
      if (Number.isInteger(value)) settings.retention[key] = value;
    }
    for (const [key, column] of Object.entries(STORED_NAMES) as [Exclude<SettingName, GroupName>, string][]) {
      const value = stored.get(column);
      if (value === undefined) continue;
      if (key === "registrationsOpen") settings.registrationsOpen = value === "true";
      else settings[key] = value;
    }
    return { settings, loaded: Date.now() };
  }

  /** The settings in force: saved values, and the environment's for the others. */
  async get(): Promise<InstanceSettings> {
    this.#current ??= this.#load();
    const current = await this.#current.catch((error) => {
      this.#current = undefined;
      throw error;
    });
    if (Date.now() - current.loaded > this.#ttlMs) {
      this.#current = this.#load();
      return (await this.#current).settings;
    }
    return current.settings;
  }

  /** Forget the cached settings: the next read loads them again. */
  invalidate(): void {
    this.#current = undefined;
  }

  /**
   * An administrator saves settings. Only what differs is written and audited;
   * a new name or description also renames the instance's actor, and other
   * servers are told (`instance.updated`).
   */
  async update(events: EventSink, admin: Account, patch: Partial<InstanceSettings>): Promise<{ settings: InstanceSettings; changed: SettingName[] }> {
    const db = this.#db;
    if (admin.role !== "admin") {
      throw new DomainError("forbidden", "only the instance's administrators may change its settings", undefined, "admins_only");
    }
    const wanted = checkSettings(Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)));
    this.invalidate();
    const before = await this.get();
    const same = (key: SettingName) =>
      key === "retention"
        ? RETENTION_NAMES.every((k) => wanted.retention?.[k] === before.retention[k])
        : key === "volunteers"
          ? wanted.volunteers?.minimumAge === before.volunteers.minimumAge &&
            wanted.volunteers?.minorsWithGuardianConsent === before.volunteers.minorsWithGuardianConsent
          : wanted[key] === before[key];
    const changed = (Object.keys(wanted) as SettingName[]).filter((key) => !same(key));
    if (changed.length === 0) return { settings: before, changed };
    const updated = now();
    // The short values as they now are; the long texts by their length only.
    const details = Object.fromEntries(
      changed.map((key) => [key, key === "rules" || key === "privacy" || key === "charter" ? { characters: String(wanted[key]).length } : wanted[key]]),
    );
    await commitWithEvents(db, events, async (trx) => {
      const rows: [string, string][] = changed.flatMap((key): [string, string][] =>
        key === "retention"
          ? RETENTION_NAMES.map((k) => [`retention.${k}`, String(wanted.retention![k])])
          : key === "volunteers"
            ? [
                [VOLUNTEER_ROWS.minimumAge, String(wanted.volunteers!.minimumAge)],
                [VOLUNTEER_ROWS.minorsWithGuardianConsent, String(wanted.volunteers!.minorsWithGuardianConsent)],
              ]
            : [[STORED_NAMES[key], String(wanted[key])]],
      );
      for (const [name, value] of rows) {
        await trx
          .insertInto("instance_settings")
          .values({ name, value, updated })
          .onConflict((oc) => oc.column("name").doUpdateSet({ value, updated }))
          .execute();
      }
      if (changed.includes("name") || changed.includes("description")) {
        await trx
          .updateTable("actors")
          .set({ name: wanted.name ?? before.name, summary: wanted.description ?? before.description, updated })
          .where("handle", "=", INSTANCE_HANDLE)
          .where("type", "=", "Application")
          .execute();
        await events.emit(trx, { type: "instance.updated" });
      }
      // New terms: every account accepts them at its next page (src/domain/consent/).
      const terms = changed.filter((key): key is TermsPart => key === "rules" || key === "privacy" || key === "charter");
      if (terms.length > 0) await publishTermsVersion(trx, terms);
      await audit(trx, admin, "instance.settings", "instance", details);
    });
    this.invalidate();
    return { settings: await this.get(), changed };
  }
}
