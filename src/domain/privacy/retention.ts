// How long the instance keeps what it must not keep for ever, and the purge that
// applies it (GDPR art. 5.1.e, storage limitation). The defaults follow the
// practice of public volunteering platforms (JeVeuxAider.gouv.fr erases accounts
// inactive for three years, after a warning); an administrator may shorten or
// lengthen each within its bounds (/admin/settings). The worker runs the purge
// once a day; each run is written to the audit log with what it did.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { enqueueMail } from "../mail/outbox.ts";
import type { EventSink } from "../events.ts";
import { audit } from "../moderation/moderation.ts";
import { roundCoordinate } from "../needs/model.ts";
import { eraseAccount } from "./erase.ts";
import { INACTIVITY_NOTICE_DAYS, type RetentionSettings } from "./retention-settings.ts";

export { INACTIVITY_NOTICE_DAYS, RETENTION_BOUNDS, RETENTION_DEFAULTS, type RetentionSettings } from "./retention-settings.ts";

export interface RetentionReport {
  /** Needs whose beneficiary's details, private notes and exact place were erased. */
  needsCleared: number;
  applicationsAnonymised: number;
  outgoingApplicationsDeleted: number;
  messagesDeleted: number;
  accountsWarned: number;
  accountsErased: number;
  auditEntriesDeleted: number;
}

const monthsBefore = (at: Date, months: number) => {
  const d = new Date(at);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString();
};
const daysBefore = (at: Date, days: number) => new Date(at.getTime() - days * 86_400_000).toISOString();

/**
 * Applies the durations in force at `at`: erases and anonymises what is past them,
 * warns the accounts inactive for too long and erases those warned 30 days ago that
 * did not sign in since. Idempotent: a second run the same day finds nothing more.
 */
export async function applyRetention(
  db: Kysely<Database>,
  events: EventSink,
  retention: RetentionSettings,
  at = new Date(),
): Promise<RetentionReport> {
  const n = (r: { numUpdatedRows?: bigint; numDeletedRows?: bigint }) => Number(r.numUpdatedRows ?? r.numDeletedRows ?? 0);
  const report: RetentionReport = {
    needsCleared: 0,
    applicationsAnonymised: 0,
    outgoingApplicationsDeleted: 0,
    messagesDeleted: 0,
    accountsWarned: 0,
    accountsErased: 0,
    auditEntriesDeleted: 0,
  };

  // A need over for long enough keeps its public fields; its private ones go (the exact place becomes the published one).
  const over = await db
    .selectFrom("needs")
    .select(["id", "latitude", "longitude"])
    .where("status", "in", ["done", "cancelled"])
    .where("updated", "<", monthsBefore(at, retention.beneficiaryMonths))
    .where((eb) => eb.or([eb("beneficiary", "!=", ""), eb("private_notes", "!=", ""), eb("address", "is not", null), eb("latitude", "!=", eb.ref("public_latitude"))]))
    .execute();
  for (const need of over) {
    await db
      .updateTable("needs")
      .set({ beneficiary: "", beneficiary_consent: null, private_notes: "", address: null, latitude: roundCoordinate(need.latitude), longitude: roundCoordinate(need.longitude) })
      .where("id", "=", need.id)
      .execute();
  }
  report.needsCleared = over.length;

  const applicationsBefore = monthsBefore(at, retention.applicationsMonths);
  report.applicationsAnonymised = n(
    await db
      .updateTable("applications")
      .set({ user_id: null, remote_actor_id: null, message: "", activity_uri: null, object_uri: null })
      .where("status", "in", ["pending", "rejected", "withdrawn"])
      .where("updated", "<", applicationsBefore)
      .where((eb) => eb.or([eb("user_id", "is not", null), eb("remote_actor_id", "is not", null), eb("message", "!=", "")]))
      .executeTakeFirst(),
  );
  report.outgoingApplicationsDeleted = n(
    await db
      .deleteFrom("outgoing_applications")
      .where("status", "in", ["pending", "rejected", "withdrawn"])
      .where("updated", "<", applicationsBefore)
      .executeTakeFirst(),
  );
  report.messagesDeleted = n(await db.deleteFrom("messages").where("created", "<", monthsBefore(at, retention.messagesMonths)).executeTakeFirst());

  // Inactive accounts: warned once, erased 30 days later unless they signed in (which clears the warning).
  // Administrators are warned, never erased: an instance must not lose its last one to a purge.
  const inactiveSince = monthsBefore(at, retention.inactiveYears * 12);
  const toWarn = await db
    .selectFrom("users")
    .innerJoin("actors", "actors.id", "users.id")
    .select(["users.id", "users.email", "actors.handle"])
    .where((eb) => eb(eb.fn.coalesce("users.last_seen", "users.created"), "<", inactiveSince))
    .where("users.inactivity_warned", "is", null)
    .execute();
  const erasesOn = new Date(at.getTime() + INACTIVITY_NOTICE_DAYS * 86_400_000).toISOString().slice(0, 10);
  for (const user of toWarn) {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable("users").set({ inactivity_warned: at.toISOString() }).where("id", "=", user.id).execute();
      await enqueueMail(trx, { kind: "inactivity", email: user.email, username: user.handle, erasesOn }, INACTIVITY_NOTICE_DAYS * 86_400_000);
    });
  }
  report.accountsWarned = toWarn.length;
  const toErase = await db
    .selectFrom("users")
    .select("id")
    .where("inactivity_warned", "<", daysBefore(at, INACTIVITY_NOTICE_DAYS))
    .where((eb) => eb(eb.fn.coalesce("last_seen", "created"), "<", eb.ref("inactivity_warned")))
    .where("role", "!=", "admin")
    .execute();
  for (const user of toErase) await eraseAccount(db, events, user.id, { by: "retention" });
  report.accountsErased = toErase.length;

  report.auditEntriesDeleted = n(await db.deleteFrom("audit_log").where("created", "<", monthsBefore(at, retention.auditMonths)).executeTakeFirst());
  await audit(db, null, "retention.purge", "instance", { ...report, retention });
  return report;
}

/**
 * The daily purge, where the queue runs: the first process to claim the day (UTC)
 * runs it with the durations in force; the others, and later calls that day, find
 * it claimed (null).
 */
export async function runRetentionOnce(
  db: Kysely<Database>,
  events: EventSink,
  retention: () => Promise<RetentionSettings>,
  at = new Date(),
): Promise<RetentionReport | null> {
  const claimed = await db
    .insertInto("daily_runs")
    .values({ job: "retention", day: at.toISOString().slice(0, 10), started: at.toISOString() })
    .onConflict((oc) => oc.columns(["job", "day"]).doNothing())
    .returning("day")
    .executeTakeFirst();
  if (!claimed) return null;
  return applyRetention(db, events, await retention(), at);
}

/** An account signed in or used: the warning of inactivity, if any, is lifted. */
export async function markSeen(db: Kysely<Database>, userId: string, at = new Date()): Promise<void> {
  await db.updateTable("users").set({ last_seen: at.toISOString(), inactivity_warned: null }).where("id", "=", userId).execute();
}
