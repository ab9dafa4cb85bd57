// What an organisation says back to a volunteer over the fediverse, in the
// words of the web/i18n catalogues and in the language the volunteer wrote in
// (their message's contentMap), else the instance's default, French. No
// personal data: these may be read by others (public acknowledgements) or
// forwarded.
import { REJECTION_REASONS } from "../../src/domain/needs/input.ts";
import { isLang, type Lang, type MessageKey, translator } from "../../web/i18n/index.ts";

/** The catalogue to answer in: the primary subtag of the applicant's language when we have it, else French. */
export function replyLanguage(language: string | null | undefined): Lang {
  const primary = (language ?? "").toLowerCase().split("-")[0];
  return isLang(primary) ? primary : "fr";
}

export function decisionText(accepted: boolean, reason: string | null, language: string | null | undefined): string {
  const t = translator(replyLanguage(language));
  if (accepted) return t("reply.accepted");
  const known = REJECTION_REASONS.find((r) => r === reason) ?? "other";
  return t("reply.rejected", { reason: t(`reply.reason.${known}` satisfies MessageKey) });
}

export function publicAcknowledgement(orgAddress: string, language: string | null | undefined): string {
  return translator(replyLanguage(language))("reply.acknowledged", { organization: orgAddress });
}

/**
 * What a volunteer elsewhere who applied to a safeguarded need is told, privately: an
 * in-person check comes first, and only an account on this instance can be checked
 * (decision 0018). Nothing of the check itself.
 */
export function safeguardingText(signUpUrl: string, language: string | null | undefined): string {
  return translator(replyLanguage(language))("reply.safeguarding", { signup: signUpUrl });
}

/** What an accepted volunteer elsewhere is told when a need changes or is cancelled (issue 13). */
export function noticeText(
  notice: { kind: "cancelled" | "occurrence-cancelled" | "changed"; message: string | null },
  need: { title: string; when: string },
  language: string | null | undefined,
): string {
  const t = translator(replyLanguage(language));
  const key = notice.kind === "changed" ? "reply.notice.changed" : notice.kind === "cancelled" ? "reply.notice.cancelled" : "reply.notice.occurrenceCancelled";
  const text = t(key, { title: need.title, when: need.when });
  return notice.message ? `${text} ${t("reply.notice.message", { message: notice.message })}` : text;
}

/** The day-before reminder of a slot, to an accepted volunteer elsewhere. */
export function reminderText(need: { title: string; when: string }, language: string | null | undefined): string {
  return translator(replyLanguage(language))("reply.reminder", { title: need.title, when: need.when });
}
