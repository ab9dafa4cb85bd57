// The mail worker: takes jobs from the outbox (src/domain/mail/outbox.ts) and
// turns them into mail. It runs where the federation queue runs, polls once a
// second, and tries a failed job again later (doubling delays), up to 8 times.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { ANY_ACCOUNT, mayRead } from "../domain/access/policy.ts";
import { requestPasswordReset } from "../domain/accounts/resets.ts";
import { findUserByLogin } from "../domain/accounts/users.ts";
import { normalizeHandle } from "../domain/actors/actors.ts";
import { type AlertCandidate, claimAlertRecipients } from "../domain/alerts/alerts.ts";
import { unsubscribeKey, unsubscribeToken } from "../domain/alerts/unsubscribe.ts";
import type { Mailer } from "../domain/mail/mailer.ts";
import { claimMail, enqueueMail, finishMail, type MailJob, retryMail } from "../domain/mail/outbox.ts";
import { toPublishedNeed } from "../domain/needs/model.ts";
import { formatSchedule } from "../domain/needs/note-content.ts";
import { findNeed } from "../domain/needs/repository.ts";
import { findListedRemoteNeed } from "../domain/remote-needs/repository.ts";
import type { ServerRules } from "../domain/remote-needs/visibility.ts";
import { logger } from "../logging.ts";
import { type AlertNeed, alertMail, inactivityMail, resetMail, signupMail } from "./compose.ts";
import { mailDigest, mailNotification } from "./notifications.ts";

const log = logger("mail");

export interface MailWorkerOptions {
  db: Kysely<Database>;
  mailer: Mailer;
  publicUrl: URL;
  /** The moderators' policy: no alert about a need from a silenced server. */
  policy: ServerRules;
  /** The instance's settings in force: mail names the instance as an administrator last saved it. */
  settings: { get(): Promise<{ name: string }> };
  pollMs?: number;
  leaseMs?: number;
  maxAttempts?: number;
  retryBaseMs?: number;
}

export class MailWorker {
  readonly #o: Required<MailWorkerOptions>;

  constructor(options: MailWorkerOptions) {
    this.#o = { pollMs: 1000, leaseMs: 120_000, maxAttempts: 8, retryBaseMs: 30_000, ...options };
  }

  /**
   * Runs until the signal aborts. A stop waits at most `graceMs` for the job in
   * progress: a silent SMTP server must not hold a shutdown (the job, still
   * leased, is taken again once its lease ends).
   */
  async run(signal: AbortSignal, graceMs = 5000): Promise<void> {
    const stopped = new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
    while (!signal.aborted) {
      const work = this.runOnce().catch((error) => {
        if (!signal.aborted) log.error("The mail outbox could not be read: {error}", { error });
        return 0;
      });
      const handled = await Promise.race([work, stopped.then(() => grace(graceMs))]);
      if (handled === 0 && !signal.aborted) await sleep(this.#o.pollMs, signal);
    }
  }

  /** Handles the jobs that are due now; how many. */
  async runOnce(): Promise<number> {
    const jobs = await claimMail(this.#o.db, 10, this.#o.leaseMs);
    for (const { id, job, attempts } of jobs) {
      try {
        await this.#handle(job);
        await finishMail(this.#o.db, id);
      } catch (error) {
        const tried = attempts + 1;
        if (tried >= this.#o.maxAttempts) {
          log.error("Gave up a {kind} mail after {tried} attempts: {error}", { kind: job.kind, tried, error });
          await finishMail(this.#o.db, id);
        } else {
          const delay = Math.min(3_600_000, this.#o.retryBaseMs * 2 ** (tried - 1));
          log.warning("A {kind} mail failed (attempt {tried}), trying again in {seconds} s: {error}", {
            kind: job.kind,
            tried,
            seconds: Math.round(delay / 1000),
            error,
          });
          await retryMail(this.#o.db, id, tried, delay);
        }
      }
    }
    return jobs.length;
  }

  async #handle(job: MailJob): Promise<void> {
    const { db, publicUrl } = this.#o;
    const instanceName = (await this.#o.settings.get()).name;
    // Every mail is sent under the instance's name (unless SMTP_FROM names another sender).
    const mailer: Mailer = { send: (message) => this.#o.mailer.send({ fromName: instanceName, ...message }) };
    switch (job.kind) {
      case "message":
        await mailer.send(job.message);
        return;
      case "notification":
        await mailNotification({ db, mailer, publicUrl, instanceName }, job.notificationId);
        return;
      case "digest":
        await mailDigest({ db, mailer, publicUrl, instanceName }, job.userId, job.notificationIds);
        return;
      case "reset": {
        const reset = await requestPasswordReset(db, job.email);
        if (!reset) return;
        const link = new URL(`/password-reset/${reset.secret}`, publicUrl).href;
        await mailer.send(resetMail(reset.account.email, job.language, instanceName, link));
        log.info("Password reset link sent for @{username}", { username: reset.account.username });
        return;
      }
      case "signup": {
        const owner = await findUserByLogin(db, job.email);
        if (!owner) return;
        // The account made by this sign-up has its username; any other owner had the address before.
        const made = owner.username === normalizeHandle(job.username) ? "welcome" : "taken";
        // The sign-in link leads back where the citizen was going (a need's page), checked again as a path of this site.
        const login = new URL("/login", publicUrl);
        const next = typeof job.next === "string" && job.next.startsWith("/") && !job.next.startsWith("//") ? job.next : undefined;
        if (next) login.searchParams.set("next", next);
        const links = { login: login.href, reset: new URL("/password-reset", publicUrl).href };
        await mailer.send(signupMail(owner.email, job.language, instanceName, made, { username: owner.username, ...links }));
        log.info("Sign-up mail ({made}) sent for @{username}", { made, username: owner.username });
        return;
      }
      case "inactivity": {
        await mailer.send(inactivityMail(job.email, instanceName, { username: job.username, erasesOn: job.erasesOn, login: new URL("/login", publicUrl).href }));
        log.info("Inactivity warning sent for @{username}", { username: job.username });
        return;
      }
      case "alerts": {
        const subject = alertSubject(job.need);
        const found = "needId" in subject ? await needCandidate(db, subject.needId, publicUrl) : await remoteNeedCandidate(db, this.#o.policy, subject.remoteNeedId);
        if (!found) return;
        const key = await unsubscribeKey(db);
        // Who is told and their mail are committed together: never twice, and none lost in between.
        const count = await db.transaction().execute(async (trx) => {
          const recipients = await claimAlertRecipients(trx, found.candidate);
          await enqueueMail(
            trx,
            recipients.map((r) => ({
              kind: "message" as const,
              message: alertMail(r.email, r.language, instanceName, found.describe(r.language), {
                unsubscribe: new URL(`/alerts/unsubscribe?token=${unsubscribeToken(key, r.userId, r.alertIds)}`, publicUrl).href,
                alerts: new URL("/me/alerts", publicUrl).href,
              }),
            })),
          );
          return recipients.length;
        });
        if (count > 0) log.info("{count} alert mail(s) queued for {need}", { count, need: found.candidate.key });
        return;
      }
    }
  }
}

interface Found {
  candidate: AlertCandidate;
  describe(language: string): AlertNeed;
}

const lang = (language: string) => (language === "en" ? "en" : "fr");

type AlertSubject = Extract<MailJob, { kind: "alerts" }>["need"];

/**
 * The need of an alerts job. Jobs queued by earlier versions named it `{ local }` or
 * `{ remote }`; they stay a week in the outbox, so they are still read.
 */
export function alertSubject(need: AlertSubject | { local: string } | { remote: string }): AlertSubject {
  if ("local" in need) return { needId: need.local };
  if ("remote" in need) return { remoteNeedId: need.remote };
  return need;
}

async function needCandidate(db: Kysely<Database>, id: string, publicUrl: URL): Promise<Found | undefined> {
  const need = await findNeed(db, id);
  // Only what any account here may read (the access policy), and only while volunteers are wanted.
  if (need?.status !== "open" || !mayRead(ANY_ACCOUNT, need)) return undefined;
  const shown = toPublishedNeed(need);
  return {
    candidate: {
      key: `need:${need.id}`,
      domains: shown.domains,
      mode: shown.place.mode,
      latitude: shown.place.latitude,
      longitude: shown.place.longitude,
      radiusKm: shown.place.radiusKm,
    },
    describe: (language) => ({
      title: shown.title,
      organization: shown.organization.name,
      place: shown.place.label,
      mode: shown.place.mode,
      when: formatSchedule(shown.schedule, lang(language)),
      url: new URL(`/needs/${need.id}`, publicUrl).href,
    }),
  };
}

async function remoteNeedCandidate(db: Kysely<Database>, rules: ServerRules, id: string): Promise<Found | undefined> {
  // What anyone may find here: a public need, not from a silenced server.
  const need = await findListedRemoteNeed(db, rules, {}, id);
  if (!need) return undefined;
  const { latitude, longitude, radiusKm, label } = need.place;
  const located = latitude !== null && longitude !== null;
  return {
    candidate: {
      key: need.uri,
      domains: need.domains,
      mode: "on_site",
      latitude: located ? Number(latitude) : null,
      longitude: located ? Number(longitude) : null,
      radiusKm: Number(radiusKm ?? 1),
    },
    describe: (language) => ({
      title: need.title,
      organization: need.author.name,
      place: label ?? "—",
      mode: "on_site",
      when: need.starts ? formatSchedule({ kind: "date", start: need.starts, end: need.ends }, lang(language)) : null,
      url: need.url ?? need.uri,
    }),
  };
}

/** Resolves with 0 after `ms`, without keeping the process alive. */
function grace(ms: number): Promise<number> {
  return new Promise((resolve) => setTimeout(() => resolve(0), ms).unref());
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
