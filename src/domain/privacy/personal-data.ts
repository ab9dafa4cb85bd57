// Where the instance keeps what it knows of a person: one rule per table, so that
// the export (art. 15, 20) and the erasure (art. 17) cannot forget one. The record
// is typed over every table of `Database`: a new table does not compile until it
// says whether it holds personal data, and how it is exported and erased.
// test/personal-data.test.ts seeds a user with a row of every kind and checks the
// export holds them and the erasure leaves none.
import type { Database } from "../../db/schema.ts";

/**
 * - `person`: rows about one of our accounts, found by `column` (the account's id):
 *   exported, and on erasure `erase`d: `delete`d, or `anonymise`d (kept for the
 *   counts, the person's columns emptied);
 * - `remote`: rows about people of other servers (a remote actor's id): erased
 *   when that actor is deleted (a `Delete` received);
 * - `none`: nothing about a person, or only ids of rows ruled above (`why`).
 */
export type TableRule =
  | { holds: "person"; column: string; erase: "delete" | "anonymise"; why?: string }
  | { holds: "remote"; column: string; why: string }
  | { holds: "none"; why: string };

export const PERSONAL_DATA = {
  actors: {
    holds: "person",
    column: "id",
    erase: "anonymise",
    why: "the account's Person actor: its name and summary are emptied; its handle stays, as on Mastodon, so that it is never given to someone else (other servers remember the actor's URI with its keys) and the Delete of the actor can be verified",
  },
  actor_keys: { holds: "none", why: "key pairs made by the server for an actor, nothing of the person; kept with the actor so that its Delete can be verified" },
  users: { holds: "person", column: "id", erase: "delete" },
  organizations: { holds: "none", why: "an organisation's public profile (with its public contact, and `logo`, `image`: the files of its pictures); its coordinators are in memberships" },
  memberships: { holds: "person", column: "user_id", erase: "delete" },
  api_tokens: { holds: "person", column: "user_id", erase: "delete" },
  sessions: { holds: "person", column: "user_id", erase: "delete" },
  password_resets: { holds: "person", column: "user_id", erase: "delete" },
  mail_outbox: { holds: "person", column: "payload", erase: "delete", why: "mail waiting for the person's address (matched in the payload)" },
  alerts: { holds: "person", column: "user_id", erase: "delete" },
  alert_deliveries: { holds: "person", column: "user_id", erase: "delete" },
  secrets: { holds: "none", why: "the instance's own secrets" },
  kv: { holds: "none", why: "Fedify's caches of public documents from other servers" },
  queue_messages: { holds: "none", why: "activities on their way, public or addressed; they expire with their delivery" },
  event_outbox: { holds: "none", why: "what happened, by ids only; consumed and then dropped" },
  event_deliveries: { holds: "none", why: "the consumers' progress on the events" },
  remote_actors: { holds: "remote", column: "id", why: "people and organisations of other servers that wrote, applied or were followed" },
  followers: { holds: "person", column: "actor_id", erase: "delete", why: "who follows the person (their followers are told of the erasure first)" },
  following: { holds: "person", column: "actor_id", erase: "delete" },
  needs: { holds: "none", why: "an organisation's needs; the beneficiary's details are purged by retention; `image` names the files of its picture (public like the need, metadata removed on upload; deleted with the need)" },
  need_domains: { holds: "none", why: "the domains of each need" },
  tombstones: { holds: "none", why: "ids of deleted needs" },
  offers: { holds: "person", column: "actor_id", erase: "delete" },
  applications: {
    holds: "person",
    column: "user_id",
    erase: "anonymise",
    why: "kept, without the person or their message, as anonymous counts for the outcomes",
  },
  volunteer_links: {
    holds: "remote",
    column: "application_id",
    why: "the digests of the private links that give a remote volunteer the details of a need; removed with the person's applications",
  },
  application_occurrences: {
    holds: "none",
    why: "the dates of a recurring need an application answers for, by the application's id: exported with the person's application (its `occurrences`), deleted when the application is made anonymous by an erasure",
  },
  remote_needs: { holds: "none", why: "public or followers-only needs of organisations elsewhere" },
  practices: { holds: "none", why: "an organisation's good-practice sheets; the contact is the one its coordinators chose to publish" },
  practice_needs: { holds: "none", why: "which needs a sheet was written from" },
  remote_practices: { holds: "none", why: "public good-practice sheets of organisations elsewhere" },
  practice_tries: { holds: "none", why: "which of our organisations tried which sheet, and the draft needs it made" },
  practice_try_needs: { holds: "none", why: "the needs of a try" },
  practice_tries_received: { holds: "none", why: "an organisation elsewhere tried one of our sheets: its name and town, counts" },
  outgoing_applications: { holds: "person", column: "user_id", erase: "delete" },
  messages: { holds: "person", column: "user_id", erase: "delete" },
  domain_blocks: { holds: "none", why: "servers refused" },
  allowed_domains: { holds: "none", why: "servers allowed" },
  actor_blocks: { holds: "none", why: "remote actors refused, by URI" },
  reports: { holds: "person", column: "reporter_user_id", erase: "anonymise", why: "kept for moderation, without who reported or their words" },
  audit_log: {
    holds: "person",
    column: "moderator_id",
    erase: "anonymise",
    why: "the moderators' actions are kept, without the erased moderator; an erasure is itself recorded, by the account's random id",
  },
  instance_settings: { holds: "none", why: "the instance's settings" },
  local_follows: { holds: "person", column: "user_id", erase: "delete", why: "the organisations here the person follows" },
  notifications: { holds: "person", column: "user_id", erase: "delete", why: "what the person was told; in those of others, the account that caused them is emptied" },
  notification_settings: { holds: "person", column: "user_id", erase: "delete" },
  scheduled_sends: { holds: "none", why: "keys of the reminders and digests sent, by ids only" },
  daily_runs: { holds: "none", why: "the days the daily jobs ran" },
  terms_versions: { holds: "none", why: "when the instance's terms changed" },
  consents: { holds: "person", column: "user_id", erase: "delete", why: "the versions of the terms accepted, and the age declared at sign-up" },
  outcomes: { holds: "none", why: "what a need achieved: hours and people helped as numbers, and the coordinators' words on what worked, which never name anyone" },
  outcome_participants: { holds: "none", why: "who took part, by application id only (an erased volunteer's application keeps nothing of them), and their hours" },
  surveys: { holds: "none", why: "whether the volunteer of an application was asked the one question and answered, never the answer" },
  survey_answers: { holds: "none", why: "anonymous answers: no account, application or time, only the need and the month" },
  attestations: {
    holds: "person",
    column: "user_id",
    erase: "anonymise",
    why: "the attestation stays as a revoked address, without the person, their name or their missions: its verification link then answers that it is no longer valid",
  },
  safeguarding_checks: {
    holds: "person",
    column: "user_id",
    erase: "delete",
    why: "what an organisation's coordinator saw when meeting the volunteer (never federated); those a coordinator recorded about others stay, without who recorded them (checked_by, revoked_by emptied)",
  },
} as const satisfies Record<keyof Database, TableRule>;
