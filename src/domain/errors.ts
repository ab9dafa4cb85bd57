// Errors the domain raises on purpose. The HTTP layer maps `kind` to a status
// (problem+json, with the English message as `detail`) and the CLI prints the
// message; web pages show the catalogue's sentence for `code` in the page's
// language, filled in with `params`. Anything else is a bug.
export type DomainErrorKind = "invalid" | "not_found" | "conflict" | "forbidden" | "unauthorized";

/** Stable names of the refusals: the web catalogues have a sentence for each (`error.<code>`). */
export const ERROR_CODES = [
  "handle_invalid",
  "handle_reserved",
  "handle_taken",
  "email_invalid",
  "email_taken",
  "password_too_short",
  "password_too_long",
  "registrations_closed",
  "account_not_found",
  "account_suspended",
  "admins_only",
  "moderators_only",
  "admin_suspends_admin",
  "display_name_empty",
  "display_name_too_long",
  "current_password_wrong",
  "reset_link_invalid",
  "token_days",
  "token_invalid",
  "token_expired",
  "token_revoked",
  "token_not_found",
  "organization_not_found",
  "organization_name_required",
  "coordinators_only",
  "need_not_found",
  "need_closed",
  "applications_closed",
  "already_applied",
  "application_not_found",
  "applicant_only",
  "application_transition",
  "need_transition",
  "need_schedule_past",
  "need_full",
  "need_not_recurring",
  "occurrence_unknown",
  "delete_unconfirmed",
  "schedule_end_before_start",
  "outcome_when_done",
  "offer_not_found",
  "offer_author_only",
  "cursor_invalid",
  "domain_invalid",
  "domain_not_blocked",
  "actor_uri_invalid",
  "report_target_invalid",
  "report_not_found",
  "instance_name_invalid",
  "text_too_long",
  "backup_sqlite_only",
  "remote_not_found",
  "remote_is_local",
  "remote_blocked",
  "not_following",
  "alert_invalid",
  "alert_place_unknown",
  "alert_place_required",
  "alert_limit",
  "alert_not_found",
  "erasure_reason_required",
  "admin_erases_self",
  "retention_out_of_bounds",
  "beneficiary_consent_required",
  "beneficiary_consent_future",
  // issue 13: follows and notifications
  "follow_not_found",
  "notification_kind_unknown",
  "notification_choice_invalid",
  "notification_not_found",
  // issue 15: outcomes, the volunteers' question, attestations
  "outcome_occurrence",
  "outcome_participant",
  "survey_not_found",
  "survey_answered",
  "survey_rating",
  "attestation_nothing",
  // issue 14: safeguarding
  "minimum_age_out_of_bounds",
  "minors_not_accepted",
  "age_declaration_required",
  "safeguarding_expiry_past",
  "safeguarding_check_not_found",
  "safeguarding_remote_applicant",
  "safeguarding_minor",
  "safeguarding_check_required",
  // issue 15: good-practice sheets
  "practice_not_found",
  "practice_need_unusable",
  "practice_not_triable",
  // issue 16: organisation profiles and pictures
  "website_invalid",
  "public_contact_invalid",
  "area_street",
  "vocabulary_domain_unknown",
  "image_type",
  "image_too_large",
  "image_too_many_pixels",
  "image_required",
  "image_alt_required",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export type ErrorParams = Record<string, string | number>;

export class DomainError extends Error {
  readonly kind: DomainErrorKind;
  /** The input field at fault, when there is one. */
  readonly field?: string;
  /** What went wrong, for translations; the message says it in English. */
  readonly code: ErrorCode;
  /** The values the message names (a handle, an email, a number), for translations. */
  readonly params: ErrorParams;
  constructor(kind: DomainErrorKind, message: string, field: string | undefined, code: ErrorCode, params: ErrorParams = {}) {
    super(message);
    this.kind = kind;
    this.field = field;
    this.code = code;
    this.params = params;
  }
}
