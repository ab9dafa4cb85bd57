// The words a need says of itself wherever it is shown: its count of volunteers
// and why it takes no more. One function each, used by the web pages, the Note
// sent to Mastodon (federation/convert/need.ts) and the API, so that all three say
// the same thing in the same words. The domain gives the numbers and the reason
// (src/domain/needs/model.ts: `placesLeft`, `closedReason`); the words are here.
import type { ClosedReason } from "../../src/domain/needs/model.ts";
import { type Lang, translator } from "./index.ts";

/** "2 bénévoles sur 4 — 2 places restantes", "2 of 4 volunteers — 2 places left". */
export function volunteerCount(lang: Lang, numbers: { accepted: number; wanted: number }): string {
  const t = translator(lang);
  const accepted = Math.max(0, numbers.accepted);
  const left = Math.max(0, numbers.wanted - accepted);
  // French puts 0 and 1 in the singular ("0 bénévole"); English agrees with the number wanted ("0 of 1 volunteer").
  const singular = lang === "fr" ? accepted <= 1 : numbers.wanted === 1;
  const volunteers = t(singular ? "count.volunteers.one" : "count.volunteers.many", { accepted, wanted: numbers.wanted });
  const places = left === 0 ? t("count.left.none") : left === 1 ? t("count.left.one") : t("count.left.many", { left });
  return t("count.line", { volunteers, left: places });
}

/** Why a need takes no more volunteers, in words ("Mission annulée"); `date`: the deadline, already in words. */
export function closedText(lang: Lang, reason: ClosedReason, date?: string): string {
  return translator(lang)(`closed.${reason}`, { date: date ?? "" });
}
