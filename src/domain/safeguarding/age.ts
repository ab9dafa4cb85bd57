// How old a volunteer must be, as each instance chooses within bounds (issue 14,
// point 5), and what a person declares of their age when signing up. The least
// data: a declaration ("I am 18 or older", or "I am between N and 17 and my
// guardian agrees"), never a birth date; it is kept with the consent it was given
// with (`consents.age`). Minors are never accepted on a safeguarded need.
import { DomainError } from "../errors.ts";

export interface VolunteerAgeSettings {
  /** The youngest age at which someone may sign up and volunteer (with a guardian's consent below 18). */
  minimumAge: number;
  /** Whether people under 18 (and at least `minimumAge`) may volunteer with their guardian's consent. */
  minorsWithGuardianConsent: boolean;
}

/**
 * 16, with a guardian's consent below 18: JeVeuxAider.gouv.fr's rule (missions from 16,
 * parental authorisation for minors). Not below 15: in France a minor consents alone to
 * an online service's processing of their data from 15 (loi Informatique et Libertés,
 * art. 45, under GDPR art. 8); below that the guardian would have to consent to the
 * account itself, which a declaration on a form cannot prove.
 */
export const AGE_DEFAULTS: VolunteerAgeSettings = { minimumAge: 16, minorsWithGuardianConsent: true };
export const MINIMUM_AGE_BOUNDS = { min: 15, max: 18 } as const;
export const ADULT_AGE = 18;

export const AGE_DECLARATIONS = ["adult", "minor_with_guardian_consent"] as const;
export type AgeDeclaration = (typeof AGE_DECLARATIONS)[number];

/** Whether the instance takes minors at all (with their guardian's consent). */
export function minorsMayJoin(settings: VolunteerAgeSettings): boolean {
  return settings.minorsWithGuardianConsent && settings.minimumAge < ADULT_AGE;
}

/** Checks the settings an administrator sends; throws naming the field at fault. */
export function checkAgeSettings(settings: VolunteerAgeSettings): VolunteerAgeSettings {
  const { min, max } = MINIMUM_AGE_BOUNDS;
  if (!Number.isInteger(settings.minimumAge) || settings.minimumAge < min || settings.minimumAge > max) {
    throw new DomainError("invalid", `volunteers.minimumAge is a whole number from ${min} to ${max}`, "volunteers.minimumAge", "minimum_age_out_of_bounds", { min, max });
  }
  return { minimumAge: settings.minimumAge, minorsWithGuardianConsent: Boolean(settings.minorsWithGuardianConsent) };
}

/**
 * What someone signing up declared, checked against the settings: nothing declared
 * (too young, or not said) and a minor where minors are not taken are refused.
 */
export function checkAgeDeclaration(settings: VolunteerAgeSettings, declared: string | undefined): AgeDeclaration {
  if (declared === "adult") return "adult";
  if (declared === "minor_with_guardian_consent") {
    if (minorsMayJoin(settings)) return declared;
    throw new DomainError("invalid", "this instance takes volunteers of 18 or older", "age", "minors_not_accepted", { age: ADULT_AGE });
  }
  const age = minorsMayJoin(settings) ? settings.minimumAge : ADULT_AGE;
  throw new DomainError("invalid", `say that you are ${age} or older to sign up`, "age", "age_declaration_required", { age });
}
