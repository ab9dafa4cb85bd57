// The durations the retention purge applies (retention.ts), their defaults and the
// bounds an administrator chooses within: plain values, read by the settings too.

export interface RetentionSettings {
  /** Months after a need is done or cancelled before its beneficiary's details, private notes and exact place are erased. */
  beneficiaryMonths: number;
  /** Months before the applications of volunteers who were not accepted are anonymised. */
  applicationsMonths: number;
  /** Months before direct messages received are deleted. */
  messagesMonths: number;
  /** Years without signing in before an account is warned, then erased 30 days later. */
  inactiveYears: number;
  /** Months the audit log is kept. */
  auditMonths: number;
}

export const RETENTION_DEFAULTS: RetentionSettings = {
  beneficiaryMonths: 3,
  applicationsMonths: 12,
  messagesMonths: 12,
  inactiveYears: 3,
  auditMonths: 12,
};

/** What an administrator may choose: never nothing, never for ever. */
export const RETENTION_BOUNDS: Record<keyof RetentionSettings, { min: number; max: number }> = {
  beneficiaryMonths: { min: 1, max: 24 },
  applicationsMonths: { min: 1, max: 36 },
  messagesMonths: { min: 1, max: 36 },
  inactiveYears: { min: 1, max: 10 },
  auditMonths: { min: 6, max: 60 },
};

/** Days between the warning mail and the erasure of an inactive account, unless its owner signs in. */
export const INACTIVITY_NOTICE_DAYS = 30;

