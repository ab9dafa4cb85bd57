// Scheduled notifications, run by the worker every few minutes (src/main.ts) with
// an injectable clock. Each due item is claimed by inserting its key into
// `scheduled_sends` with what it causes, in one transaction: of two worker
// processes, one inserts the key and the other finds it taken, so nothing is sent
// twice. Items:
// - `pending:<application>`: an application waiting more than 3 days for a
//   decision (made in the last 30 days): an `application.pending` event (its
//   coordinators are told, once);
// - `reminder:<application>:<slot>`: the day before each slot an accepted
//   volunteer comes to (each occurrence of a recurring need): an
//   `application.reminder` event (a notification here, a direct message elsewhere);
// - `digest:<user>:<day>`: once a day, from DIGEST_HOUR (UTC), the new
//   applications of a coordinator who chose a digest, in one mail.
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import { commitWithEvents, type EventSink } from "../events.ts";
import { enqueueMail } from "../mail/outbox.ts";
import type { Schedule } from "../needs/model.ts";
import { chosenOccurrences } from "../needs/chosen-occurrences.ts";
import { slotsBetween } from "./slots.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
export const PENDING_AFTER_MS = 3 * DAY_MS;
export const REMIND_BEFORE_MS = DAY_MS;
const PENDING_WINDOW_MS = 30 * DAY_MS;
/** The hour (UTC) from which a day's digest goes: 7 h, 8 or 9 h in France. */
export const DIGEST_HOUR = 7;

export interface ScheduledReport {
  pending: number;
  reminders: number;
  digests: number;
}

async function claim(db: Kysely<Database>, key: string, at: string): Promise<boolean> {
  const inserted = await db
    .insertInto("scheduled_sends")
    .values({ key, created: at })
    .onConflict((oc) => oc.column("key").doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Does what is due at `clock()`; what it did. Safe to run twice, and in several processes at once. */
export async function runScheduled(db: Kysely<Database>, events: EventSink, clock: () => number = Date.now): Promise<ScheduledReport> {
  const nowMs = clock();
  const at = new Date(nowMs).toISOString();
  const report: ScheduledReport = { pending: 0, reminders: 0, digests: 0 };

  // Waiting for more than 3 days, on a need still taking volunteers.
  const waiting = await db
    .selectFrom("applications as a")
    .innerJoin("needs as n", "n.id", "a.need_id")
    .select(["a.id", "a.need_id"])
    .where("a.status", "=", "pending")
    .where("a.created", "<=", new Date(nowMs - PENDING_AFTER_MS).toISOString())
    // Not about applications older than a month (an upgrade does not remind of everything at once).
    .where("a.created", ">=", new Date(nowMs - PENDING_WINDOW_MS).toISOString())
    .where("n.status", "in", ["open", "filled"])
    .where((eb) => eb.not(eb.exists(eb.selectFrom("scheduled_sends").select("key").where("key", "=", sql<string>`'pending:' || a.id`))))
    .execute();
  for (const row of waiting) {
    const done = await commitWithEvents(db, events, async (trx) => {
      if (!(await claim(trx, `pending:${row.id}`, at))) return false;
      await events.emit(trx, { type: "application.pending", applicationId: row.id, needId: row.need_id });
      return true;
    });
    if (done) report.pending++;
  }

  // Slots starting within a day, for the volunteers accepted for them.
  const soon = new Date(nowMs + REMIND_BEFORE_MS);
  const accepted = await db
    .selectFrom("applications as a")
    .innerJoin("needs as n", "n.id", "a.need_id")
    .select(["a.id", "a.need_id", "n.schedule"])
    .where("a.status", "=", "accepted")
    .where("n.status", "in", ["open", "filled"])
    .where("n.starts", "is not", null)
    .where("n.starts", "<=", soon.toISOString())
    .where((eb) => eb.or([eb("n.ends", "is", null), eb("n.ends", ">=", at)]))
    .execute();
  // A volunteer who chose some dates of a recurring need is reminded of those only (issue 16).
  const chosen = await chosenOccurrences(db, accepted.map((row) => row.id));
  for (const row of accepted) {
    const dates = chosen.get(row.id);
    for (const slot of slotsBetween(JSON.parse(row.schedule) as Schedule, new Date(nowMs), soon)) {
      if (dates && !dates.includes(slot)) continue;
      const done = await commitWithEvents(db, events, async (trx) => {
        if (!(await claim(trx, `reminder:${row.id}:${slot}`, at))) return false;
        await events.emit(trx, { type: "application.reminder", applicationId: row.id, needId: row.need_id, occurrence: slot });
        return true;
      });
      if (done) report.reminders++;
    }
  }

  // Daily digests of new applications.
  if (new Date(nowMs).getUTCHours() >= DIGEST_HOUR) {
    const day = at.slice(0, 10);
    const users = await db
      .selectFrom("notification_settings")
      .select(["user_id", "updated"])
      .where("kind", "=", "application.received")
      .where("mail", "=", "digest")
      .execute();
    for (const { user_id, updated } of users) {
      const sent = await db.transaction().execute(async (trx) => {
        const fresh = await trx
          .selectFrom("notifications")
          .select("id")
          .where("user_id", "=", user_id)
          .where("type", "=", "application.received")
          // Since the digest was chosen (those before were mailed one by one), a week at most.
          .where("created", ">=", new Date(Math.max(Date.parse(updated), nowMs - 7 * DAY_MS)).toISOString())
          .where((eb) => eb.not(eb.exists(eb.selectFrom("scheduled_sends").select("key").where("key", "=", sql<string>`'digested:' || notifications.id`))))
          .orderBy("id")
          .execute();
        if (fresh.length === 0 || !(await claim(trx, `digest:${user_id}:${day}`, at))) return false;
        for (const n of fresh) await claim(trx, `digested:${n.id}`, at);
        await enqueueMail(trx, { kind: "digest", userId: user_id, notificationIds: fresh.map((n) => n.id) }, 2 * DAY_MS);
        return true;
      });
      if (sent) report.digests++;
    }
  }
  return report;
}
