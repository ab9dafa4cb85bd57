// The words of each mail, in the recipient's language, from the interface's catalogues.
import { isLang, translator } from "../../web/i18n/index.ts";
import type { MailMessage } from "../domain/mail/mailer.ts";

export interface AlertNeed {
  title: string;
  organization: string;
  /** The place in words; null for remote only. */
  place: string | null;
  mode: "on_site" | "remote" | "both";
  /** The dates in words, already in the recipient's language; null when unknown. */
  when: string | null;
  url: string;
}

const tr = (language: string) => translator(isLang(language) ? language : "fr");

export function resetMail(to: string, language: string, instance: string, link: string): MailMessage {
  const t = tr(language);
  return { to, subject: t("mail.reset.subject", { instance }), text: t("mail.reset.body", { instance, link }) };
}

/** After a sign-up with this address: a welcome to the new account, or, when the address was already used, a word to its owner. */
export function signupMail(
  to: string,
  language: string,
  instance: string,
  made: "welcome" | "taken",
  values: { username: string; login: string; reset: string },
): MailMessage {
  const t = tr(language);
  const key = made === "welcome" ? "welcome" : "signupTaken";
  return { to, subject: t(`mail.${key}.subject`, { instance }), text: t(`mail.${key}.body`, { instance, ...values }) };
}

/** An account unused for years: it will be erased on `erasesOn` unless its owner signs in. In French and English: we do not know the owner's language. */
export function inactivityMail(to: string, instance: string, values: { username: string; erasesOn: string; login: string }): MailMessage {
  const fr = tr("fr");
  const en = tr("en");
  return {
    to,
    subject: `${fr("mail.inactivity.subject", { instance })} / ${en("mail.inactivity.subject", { instance })}`,
    text: `${fr("mail.inactivity.body", { instance, ...values })}\n\n---\n\n${en("mail.inactivity.body", { instance, ...values })}`,
  };
}

export function alertMail(
  to: string,
  language: string,
  instance: string,
  need: AlertNeed,
  links: { unsubscribe: string; alerts: string },
): MailMessage {
  const t = tr(language);
  const place =
    need.mode === "remote" || !need.place
      ? t("need.remote")
      : need.mode === "both"
        ? t("need.orRemote", { place: need.place })
        : need.place;
  return {
    to,
    subject: t("mail.alert.subject", { title: need.title }),
    text: t("mail.alert.body", {
      instance,
      title: need.title,
      organization: need.organization,
      place,
      when: need.when ?? t("mail.alert.noDate"),
      link: need.url,
      unsubscribe: links.unsubscribe,
      alerts: links.alerts,
    }),
    // RFC 8058: mail clients offer a one-click unsubscribe that POSTs to the link.
    headers: {
      "List-Unsubscribe": `<${links.unsubscribe}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
}

/** A notification by mail, with its one-click stop link for that kind (RFC 8058). */
export function notificationMail(
  to: string,
  language: string,
  instance: string,
  content: { line: string; message: string | null },
  links: { page: string; stop: string; settings: string },
): MailMessage {
  const t = tr(language);
  const extra = content.message ? `\n${t("notif.message", { message: content.message })}\n` : "";
  return {
    to,
    subject: content.line,
    text: t("mail.notif.body", { line: content.line, extra, link: links.page, stop: links.stop, settings: links.settings, instance }),
    headers: { "List-Unsubscribe": `<${links.stop}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  };
}

/** A coordinator's daily digest of new applications. */
export function digestMail(to: string, language: string, instance: string, lines: string[], links: { page: string; stop: string; settings: string }): MailMessage {
  const t = tr(language);
  return {
    to,
    subject: t("mail.digest.subject", { count: lines.length, instance }),
    text: t("mail.digest.body", { lines: lines.map((l) => `- ${l}`).join("\n"), link: links.page, stop: links.stop, settings: links.settings, instance }),
    headers: { "List-Unsubscribe": `<${links.stop}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  };
}
