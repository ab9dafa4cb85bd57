// The mail outbox: a table of jobs that end in mail, so that a page never waits
// on an SMTP server and mail survives a restart. A job is one of:
// - reset: a password reset asked for with this email, looked up by the worker,
//   so that the form does the same work whether or not the address is known;
// - signup: someone signed up with this email and username, looked up by the worker:
//   a welcome to the new account, or a warning to the owner of the address when an
//   account already used it, so that the sign-up answers the same either way;
// - alerts: a need just published, to match against alerts;
// - message: one mail, ready to send.
// Claims are leases (as in the federation queue): a worker that dies leaves the
// job to be taken again once its lease ends.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { newId } from "../ids.ts";
import type { MailMessage } from "./mailer.ts";

export type MailJob =
  | { kind: "reset"; email: string; language: string }
  /** `next`: the path the new citizen was going to (a need's page), for the welcome's sign-in link. */
  | { kind: "signup"; email: string; username: string; language: string; next?: string }
  /** A need published here (`needId`) or received from another server (`remoteNeedId`). */
  | { kind: "alerts"; need: { needId: string } | { remoteNeedId: string } }
  /** An account inactive for too long is told it will be erased on `erasesOn` (a day) unless its owner signs in. */
  | { kind: "inactivity"; email: string; username: string; erasesOn: string }
  | { kind: "message"; message: MailMessage }
  /** A notification (src/domain/notifications/), mailed unless its user stopped that kind. */
  | { kind: "notification"; notificationId: string }
  /** A coordinator's daily digest of new applications: these notifications. */
  | { kind: "digest"; userId: string; notificationIds: string[] };

export interface ClaimedJob {
  id: string;
  job: MailJob;
  attempts: number;
}

const DAY_MS = 86_400_000;

/** Puts a job in the outbox; `lifetimeMs`: dropped unsent after that long (a day unless said). */
export async function enqueueMail(db: Kysely<Database>, jobs: MailJob | MailJob[], lifetimeMs = DAY_MS): Promise<void> {
  const list = Array.isArray(jobs) ? jobs : [jobs];
  if (list.length === 0) return;
  const created = new Date();
  const expires = new Date(created.getTime() + lifetimeMs).toISOString();
  await db
    .insertInto("mail_outbox")
    .values(
      list.map((job) => ({
        id: newId(),
        kind: job.kind,
        payload: JSON.stringify(job),
        created: created.toISOString(),
        available: created.toISOString(),
        expires,
        attempts: 0,
        locked_until: null,
      })),
    )
    .execute();
}

/** Takes up to `limit` jobs that are due and not held by another worker, for `leaseMs`. */
export async function claimMail(db: Kysely<Database>, limit: number, leaseMs: number): Promise<ClaimedJob[]> {
  const at = new Date().toISOString();
  // Expired jobs go unsent: a reset link past its hour, an alert about a stale need.
  await db.deleteFrom("mail_outbox").where("expires", "<", at).execute();
  const due = await db
    .selectFrom("mail_outbox")
    .select(["id", "payload", "attempts"])
    .where("available", "<=", at)
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", at)]))
    .orderBy("available")
    .limit(limit)
    .execute();
  const until = new Date(Date.now() + leaseMs).toISOString();
  const claimed: ClaimedJob[] = [];
  for (const row of due) {
    // A conditional update: of two workers, only one changes the row.
    const taken = await db
      .updateTable("mail_outbox")
      .set({ locked_until: until })
      .where("id", "=", row.id)
      .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", at)]))
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 1) {
      claimed.push({ id: row.id, job: JSON.parse(row.payload) as MailJob, attempts: row.attempts });
    }
  }
  return claimed;
}

/** The job is done (or given up): it leaves the outbox, and with it any address or link it held. */
export async function finishMail(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom("mail_outbox").where("id", "=", id).execute();
}

/** The job failed: tried again after `delayMs`. */
export async function retryMail(db: Kysely<Database>, id: string, attempts: number, delayMs: number): Promise<void> {
  await db
    .updateTable("mail_outbox")
    .set({ attempts, locked_until: null, available: new Date(Date.now() + delayMs).toISOString() })
    .where("id", "=", id)
    .execute();
}
