// Everything the instance holds about one of its accounts (GDPR art. 15 and 20),
// as one document: the schema is described in docs/privacy.md ("The export").
// Secrets never leave: no password hash, no session or token secret (sessions are
// kept by the hash of their secret anyway), no private key.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { listConsents } from "../consent/terms.ts";
import { attestationsOf } from "../outcomes/attestations.ts";
import { findRemoteNeeds } from "../remote-needs/repository.ts";
import { checksOfVolunteer } from "../safeguarding/checks.ts";

/** The export's format; a change that removes or renames a field makes it 2. */
export const EXPORT_VERSION = 1;

export interface PersonalDataExport {
  format: "entraide-personal-data";
  version: typeof EXPORT_VERSION;
  exported: string;
  account: { id: string; username: string; display_name: string; summary: string; email: string; role: string; suspended: boolean; created: string };
  organisations: { handle: string; name: string; role: string; since: string }[];
  applications: {
    id: string;
    need: { id: string; title: string; organisation: string };
    message: string;
    status: string;
    reason: string | null;
    /** Issue 16: the dates of a recurring need it answers for (none: every date). */
    occurrences: string[];
    created: string;
    updated: string;
  }[];
  applications_elsewhere: {
    id: string;
    need: { uri: string; title: string };
    message: string;
    status: string;
    reason: string | null;
    created: string;
    updated: string;
  }[];
  messages: { from: { uri: string; handle: string | null; name: string }; content_html: string; in_reply_to: string | null; received: string }[];
  offers: { id: string; title: string; description: string; status: string; visibility: string; created: string; updated: string }[];
  alerts: { id: string; domains: string[]; area: string; place_label: string | null; language: string; created: string }[];
  needs_mailed_about: { need: string; mailed: string }[];
  following: { uri: string; handle: string | null; accepted: boolean; since: string }[];
  followers: { uri: string; handle: string | null; since: string }[];
  sessions: { created: string; expires: string }[];
  api_tokens: { name: string; created: string; expires: string; revoked: string | null }[];
  password_resets: { created: string; expires: string; used: string | null }[];
  reports_sent: { targets: string[]; comment: string; status: string; created: string }[];
  /** Issue 13: the organisations here they follow, what they were told, their choices of mail. */
  organisations_followed: { handle: string; alerts: boolean; since: string }[];
  notifications: { type: string; need: string | null; created: string; read: string | null }[];
  notification_mail: { kind: string; mail: string; updated: string }[];
  /** The versions of the instance's terms (rules, charter, privacy policy) the user accepted, and when. */
  consents: { version: number; accepted: string; age: string | null }[];
  /** Issue 15: the attestations of volunteering issued to the user (their verification address, what they state). */
  attestations: { id: string; organisation: string; issued: string; hours: number; missions: { title: string; from: string; to: string; sessions: number; hours: number }[] }[];
  /** Issue 14: what coordinators recorded when they met the person (safeguarding: identity and the frame's check seen). */
  safeguarding_checks: {
    organisation: string;
    checked: string;
    checked_by: string | null;
    identity_seen: boolean;
    record_seen: boolean;
    note: string;
    expires: string | null;
    revoked: string | null;
  }[];
}

/** The user's applications to needs of other servers, with those needs' addresses and titles. */
async function outgoing(db: Kysely<Database>, userId: string) {
  const rows = await db
    .selectFrom("outgoing_applications")
    .select(["id", "remote_need_id", "message", "status", "reason", "created", "updated"])
    .where("user_id", "=", userId)
    .orderBy("created")
    .execute();
  const needs = await findRemoteNeeds(db, rows.map((r) => r.remote_need_id));
  return rows.map(({ remote_need_id, ...row }) => ({ ...row, uri: needs.get(remote_need_id)?.uri ?? "", title: needs.get(remote_need_id)?.title ?? "" }));
}

const json = <T>(text: string, fallback: T): T => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

/** The name the export is downloaded as: the instance's software, the username, the day. */
export function exportFileName(username: string, at = new Date()): string {
  return `entraide-${username}-${at.toISOString().slice(0, 10)}.json`;
}

/** The export of an account, or undefined when there is no such account. */
export async function exportPersonalData(db: Kysely<Database>, userId: string, at = new Date()): Promise<PersonalDataExport | undefined> {
  const account = await db
    .selectFrom("users")
    .innerJoin("actors", "actors.id", "users.id")
    .select(["users.id", "actors.handle", "actors.name", "actors.summary", "users.email", "users.role", "users.suspended", "users.created"])
    .where("users.id", "=", userId)
    .executeTakeFirst();
  if (!account) return undefined;
  const [organisations, applications, elsewhere, messages, offers, alerts, mailed, following, followers, sessions, tokens, resets, reports, consents] =
    await Promise.all([
      db
        .selectFrom("memberships as m")
        .innerJoin("actors as a", "a.id", "m.organization_id")
        .select(["a.handle", "a.name", "m.role", "m.created"])
        .where("m.user_id", "=", userId)
        .orderBy("m.created")
        .execute(),
      db
        .selectFrom("applications as ap")
        .innerJoin("needs as n", "n.id", "ap.need_id")
        .innerJoin("actors as o", "o.id", "n.organization_id")
        .select(["ap.id", "ap.need_id", "n.title", "o.handle as organisation", "ap.message", "ap.status", "ap.reason", "ap.created", "ap.updated"])
        .where("ap.user_id", "=", userId)
        .orderBy("ap.created")
        .execute(),
      outgoing(db, userId),
      db
        .selectFrom("messages as m")
        .innerJoin("remote_actors as s", "s.id", "m.sender_id")
        .select(["s.uri", "s.handle", "s.name", "m.content_html", "m.in_reply_to", "m.created"])
        .where("m.user_id", "=", userId)
        .orderBy("m.created")
        .execute(),
      db
        .selectFrom("offers")
        .select(["id", "title", "description", "status", "visibility", "created", "updated"])
        .where("actor_id", "=", userId)
        .orderBy("created")
        .execute(),
      db.selectFrom("alerts").select(["id", "domains", "area", "place_label", "language", "created"]).where("user_id", "=", userId).orderBy("created").execute(),
      db.selectFrom("alert_deliveries").select(["need", "created"]).where("user_id", "=", userId).orderBy("created").execute(),
      db
        .selectFrom("following as f")
        .innerJoin("remote_actors as r", "r.id", "f.target_id")
        .select(["r.uri", "r.handle", "f.accepted", "f.created"])
        .where("f.actor_id", "=", userId)
        .orderBy("f.created")
        .execute(),
      db
        .selectFrom("followers as f")
        .innerJoin("remote_actors as r", "r.id", "f.follower_id")
        .select(["r.uri", "r.handle", "f.created"])
        .where("f.actor_id", "=", userId)
        .orderBy("f.created")
        .execute(),
      db.selectFrom("sessions").select(["created", "expires"]).where("user_id", "=", userId).orderBy("created").execute(),
      db.selectFrom("api_tokens").select(["name", "created", "expires", "revoked"]).where("user_id", "=", userId).orderBy("created").execute(),
      db.selectFrom("password_resets").select(["created", "expires", "used"]).where("user_id", "=", userId).orderBy("created").execute(),
      db.selectFrom("reports").select(["targets", "comment", "status", "created"]).where("reporter_user_id", "=", userId).orderBy("created").execute(),
      listConsents(db, userId),
    ]);
  const [followed, told, mailChoices, attestations, checks] = await Promise.all([
    db
      .selectFrom("local_follows as f")
      .innerJoin("actors as a", "a.id", "f.organization_id")
      .select(["a.handle", "f.alerts", "f.created"])
      .where("f.user_id", "=", userId)
      .orderBy("f.created")
      .execute(),
    db.selectFrom("notifications").select(["type", "need_id", "created", "read_at"]).where("user_id", "=", userId).orderBy("id").execute(),
    db.selectFrom("notification_settings").select(["kind", "mail", "updated"]).where("user_id", "=", userId).orderBy("kind").execute(),
    attestationsOf(db, userId),
    checksOfVolunteer(db, userId),
  ]);
  const chosen = await db
    .selectFrom("application_occurrences as o")
    .innerJoin("applications as ap", "ap.id", "o.application_id")
    .select(["o.application_id", "o.occurrence"])
    .where("ap.user_id", "=", userId)
    .orderBy("o.occurrence")
    .execute();
  return {
    format: "entraide-personal-data",
    version: EXPORT_VERSION,
    exported: at.toISOString(),
    account: {
      id: account.id,
      username: account.handle,
      display_name: account.name,
      summary: account.summary,
      email: account.email,
      role: account.role,
      suspended: account.suspended === 1,
      created: account.created,
    },
    organisations: organisations.map((o) => ({ handle: o.handle, name: o.name, role: o.role, since: o.created })),
    applications: applications.map((a) => ({
      id: a.id,
      need: { id: a.need_id, title: a.title, organisation: a.organisation },
      message: a.message,
      status: a.status,
      reason: a.reason,
      occurrences: chosen.filter((o) => o.application_id === a.id).map((o) => o.occurrence),
      created: a.created,
      updated: a.updated,
    })),
    applications_elsewhere: elsewhere.map((o) => ({
      id: o.id,
      need: { uri: o.uri, title: o.title },
      message: o.message,
      status: o.status,
      reason: o.reason,
      created: o.created,
      updated: o.updated,
    })),
    messages: messages.map((m) => ({ from: { uri: m.uri, handle: m.handle, name: m.name }, content_html: m.content_html, in_reply_to: m.in_reply_to, received: m.created })),
    offers: offers.map((o) => ({ ...o })),
    alerts: alerts.map((a) => ({ id: a.id, domains: json<string[]>(a.domains, []), area: a.area, place_label: a.place_label, language: a.language, created: a.created })),
    needs_mailed_about: mailed.map((d) => ({ need: d.need, mailed: d.created })),
    following: following.map((f) => ({ uri: f.uri, handle: f.handle, accepted: f.accepted === 1, since: f.created })),
    followers: followers.map((f) => ({ uri: f.uri, handle: f.handle, since: f.created })),
    sessions: sessions.map((s) => ({ ...s })),
    api_tokens: tokens.map((t) => ({ ...t })),
    password_resets: resets.map((r) => ({ ...r })),
    reports_sent: reports.map((r) => ({ targets: json<string[]>(r.targets, []), comment: r.comment, status: r.status, created: r.created })),
    organisations_followed: followed.map((f) => ({ handle: f.handle, alerts: f.alerts === 1, since: f.created })),
    notifications: told.map((n) => ({ type: n.type, need: n.need_id, created: n.created, read: n.read_at })),
    notification_mail: mailChoices.map((c) => ({ ...c })),
    consents: consents.map((c) => ({ version: c.version, accepted: c.accepted, age: c.age })),
    safeguarding_checks: checks.map((c) => ({
      organisation: c.organization.handle,
      checked: c.checked,
      checked_by: c.checkedBy,
      identity_seen: c.identitySeen,
      record_seen: c.recordSeen,
      note: c.note,
      expires: c.expires,
      revoked: c.revoked,
    })),
    attestations: attestations.map((t) => ({
      id: t.id,
      organisation: t.organization,
      issued: t.issued,
      hours: t.hours,
      missions: json<{ title: string; from: string; to: string; sessions: number; hours: number }[]>(t.missions, []).map((m) => ({ title: m.title, from: m.from, to: m.to, sessions: m.sessions, hours: m.hours })),
    })),
  };
}
