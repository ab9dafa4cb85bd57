// Notification mails: one per notification (unless its user stopped that kind,
// or chose a digest for new applications), and the daily digest. Written in the
// language of the need they are about (the one its coordinators wrote it in).
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { Mailer } from "../domain/mail/mailer.ts";
import { mailKindOf } from "../domain/notifications/model.ts";
import { findNotification } from "../domain/notifications/repository.ts";
import { mailChoice } from "../domain/notifications/settings.ts";
import { stopKey, stopToken } from "../domain/notifications/unsubscribe.ts";
import { notificationWhen } from "../domain/notifications/words.ts";
import { surveyKey, surveyToken } from "../domain/outcomes/survey.ts";
import { logger } from "../logging.ts";
import { isLang, translator } from "../../web/i18n/index.ts";
import { notificationLine, notificationPath } from "../../web/i18n/notifications.ts";
import { digestMail, notificationMail } from "./compose.ts";

const log = logger("mail");

interface Deps {
  db: Kysely<Database>;
  mailer: Mailer;
  publicUrl: URL;
  instanceName: string;
}

const langOf = (language: string | undefined) => (isLang(language) ? language : "fr");

async function recipient(db: Kysely<Database>, userId: string) {
  return db.selectFrom("users").select(["email", "suspended"]).where("id", "=", userId).executeTakeFirst();
}

export async function mailNotification(deps: Deps, notificationId: string): Promise<void> {
  const { db, publicUrl } = deps;
  const n = await findNotification(db, notificationId);
  if (!n) return;
  const kind = mailKindOf(n.type);
  // The choice when the mail goes, not when it was queued: a stop link used meanwhile holds.
  if ((await mailChoice(db, n.userId, kind)) !== "each") return;
  const user = await recipient(db, n.userId);
  if (!user || user.suspended) return;
  const lang = langOf(n.need?.language);
  const line = notificationLine(translator(lang), n, await notificationWhen(db, n, lang));
  const stop = new URL(`/notifications/stop?token=${stopToken(await stopKey(db), n.userId, kind)}`, publicUrl).href;
  // The question's link works without signing in: it carries its signature.
  const path = n.type === "outcome.survey" && n.applicationId ? `/surveys/${n.applicationId}?token=${surveyToken(await surveyKey(db), n.applicationId)}` : notificationPath(n);
  await deps.mailer.send(
    notificationMail(user.email, lang, deps.instanceName, { line, message: n.details.message ?? null }, {
      page: new URL(path, publicUrl).href,
      stop,
      settings: new URL("/me/notifications#settings", publicUrl).href,
    }),
  );
  log.info("Notification mail ({type}) sent", { type: n.type });
}

export async function mailDigest(deps: Deps, userId: string, notificationIds: string[]): Promise<void> {
  const { db, publicUrl } = deps;
  if ((await mailChoice(db, userId, "application.received")) !== "digest") return;
  const user = await recipient(db, userId);
  if (!user || user.suspended) return;
  const found = [];
  for (const id of notificationIds) {
    const n = await findNotification(db, id);
    if (n && n.userId === userId) found.push(n);
  }
  if (found.length === 0) return;
  const lang = langOf(found[0]!.need?.language);
  const t = translator(lang);
  const lines = found.map((n) => `${notificationLine(t, n, null)} — ${new URL(notificationPath(n), publicUrl).href}`);
  const stop = new URL(`/notifications/stop?token=${stopToken(await stopKey(db), userId, "application.received")}`, publicUrl).href;
  await deps.mailer.send(
    digestMail(user.email, lang, deps.instanceName, lines, {
      page: new URL("/coordinate", publicUrl).href,
      stop,
      settings: new URL("/me/notifications#settings", publicUrl).href,
    }),
  );
  log.info("Digest of {count} application(s) sent", { count: found.length });
}
