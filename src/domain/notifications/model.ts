// What a user of this instance is told of, in the in-app list and by mail. The
// shape follows Mastodon's notifications (GET /api/v1/notifications): a
// time-ordered id to page by, a type, when, who caused it (an account here or
// elsewhere), the need it is about (a status, for a Mastodon client) and a
// group key. See docs/decisions/0016-notifications.md.

/** Each kind of thing told. */
export const NOTIFICATION_TYPES = [
  /** To the coordinators: someone offered to help (actor: the applicant). */
  "application.received",
  /** To the coordinators: a volunteer withdrew their application (actor: the applicant), from here or from their server. */
  "application.withdrawn",
  /** To the coordinators: an application has waited more than 3 days for a decision (told once). */
  "application.pending",
  /** To the volunteer: accepted, or rejected (details.reason: a rejection reason code). */
  "application.accepted",
  "application.rejected",
  /** To the accepted volunteers: when or where changed; cancelled (details.occurrence: one occurrence only). */
  "need.changed",
  "need.cancelled",
  /** To an accepted volunteer, the day before a slot (details.occurrence: its start). */
  "need.reminder",
  /** To a follower who turned alerts on: the organisation published a need. */
  "need.published",
  /** To a volunteer who took part, once: how did it go? (src/domain/outcomes/survey.ts) */
  "outcome.survey",
  /** To the coordinators: another organisation tries one of their good-practice sheets (details: practice, title, organization, town). */
  "practice.tried",
  /** To the coordinators: the need's dates are past, it closed itself (src/domain/needs/expiry.ts). */
  "need.expired",
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** The kinds of mail a user may stop one by one (each link in a mail stops its own kind). */
export const MAIL_KINDS = ["application.received", "application.pending", "application.decided", "need.changed", "need.reminder", "need.published", "outcome.survey", "practice.tried", "need.expired"] as const;
export type MailKind = (typeof MAIL_KINDS)[number];
/** `digest`: for new applications only, one mail a day instead of one each. */
export type MailChoice = "each" | "digest" | "off";

export const isMailKind = (kind: string): kind is MailKind => (MAIL_KINDS as readonly string[]).includes(kind);

export function mailKindOf(type: NotificationType): MailKind {
  switch (type) {
    case "application.accepted":
    case "application.rejected":
      return "application.decided";
    // Stopped with the mails of new applications: both are the coordinators' news of who comes.
    case "application.withdrawn":
      return "application.received";
    case "need.cancelled":
      return "need.changed";
    default:
      return type;
  }
}

export interface NotificationDetails {
  reason?: string | null;
  message?: string | null;
  occurrence?: string;
  /** practice.tried: the sheet tried, and who tries it. */
  practice?: string;
  title?: string;
  organization?: string;
  town?: string;
}

export interface Notification {
  id: string;
  type: NotificationType;
  created: string;
  read: boolean;
  groupKey: string;
  details: NotificationDetails;
  need: { id: string; title: string; organization: { handle: string; name: string }; language: string } | null;
  applicationId: string | null;
  /** Who caused it: an account here (`handle`), or an actor elsewhere (`uri`, `handle` user@host when known). */
  account: { kind: "account"; id: string; handle: string; name: string } | { kind: "remote"; id: string; uri: string; handle: string | null; name: string } | null;
}
