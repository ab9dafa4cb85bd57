// The count of volunteers and why a need is closed, in words, for the pages and
// the API: the numbers and the reason from the domain, the words from
// web/i18n/need-words.ts, the same the Note uses (federation/convert/need.ts).
import { closedText, volunteerCount } from "../../../web/i18n/need-words.ts";
import type { Lang } from "../../../web/i18n/index.ts";
import { type ClosedReason, closedReason, type PublishedNeed, volunteerNumbers } from "../../domain/needs/model.ts";
import { formatSchedule } from "../../domain/needs/note-content.ts";

export interface NeedWords {
  count: string;
  closed: string | null;
  reason: ClosedReason | null;
}

export function needWords(need: PublishedNeed, lang: Lang): NeedWords {
  const reason = closedReason(need);
  const deadline = need.deadline ? formatSchedule({ kind: "range", start: need.deadline, end: need.deadline }, lang) : undefined;
  return { count: volunteerCount(lang, volunteerNumbers(need)), closed: reason ? closedText(lang, reason, deadline) : null, reason };
}
