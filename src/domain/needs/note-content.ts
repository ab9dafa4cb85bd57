// The HTML `content` of the Note that carries a need to Mastodon timelines
// (and the preview coordinators see before publishing).
//
// Mastodon ignores `name`, `startTime`, `location` and attachments on a Note
// (shared/PROTOCOL.md), so this HTML alone must say what, when, where, how
// many and how to help. It uses only what Mastodon's sanitiser keeps (p, br,
// a with href/rel/class, strong, span with a mention/hashtag class), and its
// escaping matches sanitize-html's, so that sanitising it again changes
// nothing: a test holds us to that.
import type { PublishedNeed, Schedule } from "./model.ts";
import { sanitizeRemoteHtml } from "../text/markdown.ts";
import { domainBySlug } from "../vocabulary/domains.ts";

export type NoteLanguage = "fr" | "en";

export interface NeedNoteOptions {
  /** The need's web page. */
  url: URL;
  lang: NoteLanguage;
  /** Where a hashtag leads, e.g. the instance's tag page. */
  tagUrl: (hashtag: string) => URL;
  /** The publishing organisation, "@asso@host": named in closed needs so readers know whom to follow. */
  handle: string;
  /**
   * The words the need's page and the API use too (web/i18n/need-words.ts, given by the
   * caller: the domain has the numbers, not the words): its count of volunteers
   * ("2 bénévoles sur 4 — 2 places restantes") and, when it takes no more, why.
   */
  count: string;
  closed: string | null;
}

/** Missions happen in France: times are shown as the people on the spot read them. */
const TIME_ZONE = "Europe/Paris";
const LOCALES = { fr: "fr-FR", en: "en-GB" } as const;
/** Always present, in both languages: the tag French volunteers already follow. */
const GENERAL_HASHTAG = "benevolat";

const WORDS = {
  fr: {
    remote: "À distance",
    orRemote: "ou à distance",
    before: "avant le",
    flexible: "horaires libres",
    regular: "créneaux réguliers",
    everyDay: "chaque jour",
    everyMonth: "chaque mois",
    every: "chaque",
    everyOther: (day: string) => `un ${day} sur deux`,
    nthOfMonth: (nth: string, day: string) => `le ${nth} ${day} de chaque mois`,
    nth: { "1": "premier", "2": "deuxième", "3": "troisième", "4": "quatrième", "-1": "dernier" } as Record<string, string>,
    from: "à partir du",
    except: "sauf le",
    range: (start: string, end: string) => `du ${start} au ${end}`,
    follow: (handle: string) => `Suivez ${handle} pour ses prochaines missions.`,
    help: "✋ Pour aider : répondez en message privé (mention privée) à ce message.",
    safeguarding: "🛡️ Mission auprès de mineurs ou de personnes vulnérables : l'association rencontre chaque bénévole en personne avant de l'accepter.",
    days: { MO: "lundi", TU: "mardi", WE: "mercredi", TH: "jeudi", FR: "vendredi", SA: "samedi", SU: "dimanche" } as Record<string, string>,
  },
  en: {
    remote: "Remote",
    orRemote: "or remote",
    before: "before",
    flexible: "flexible hours",
    regular: "regular slots",
    everyDay: "every day",
    everyMonth: "every month",
    every: "every",
    everyOther: (day: string) => `every other ${day}`,
    nthOfMonth: (nth: string, day: string) => `the ${nth} ${day} of every month`,
    nth: { "1": "first", "2": "second", "3": "third", "4": "fourth", "-1": "last" } as Record<string, string>,
    from: "from",
    except: "except",
    range: (start: string, end: string) => `from ${start} to ${end}`,
    follow: (handle: string) => `Follow ${handle} for its next missions.`,
    help: "✋ To help: reply to this post privately (mentioned people only).",
    safeguarding: "🛡️ With minors or vulnerable adults: the organisation meets each volunteer in person before accepting them.",
    days: { MO: "Monday", TU: "Tuesday", WE: "Wednesday", TH: "Thursday", FR: "Friday", SA: "Saturday", SU: "Sunday" } as Record<string, string>,
  },
} as const;

export function needNoteHtml(need: PublishedNeed, options: NeedNoteOptions): string {
  const { lang } = options;
  const words = WORDS[lang];
  const paragraphs = [`<strong>${escapeText(need.title)}</strong>`, escapeText(infoLine(need, lang, options.count))];
  let html = paragraphs.map((content) => `<p>${content}</p>`).join("");
  html += descriptionHtml(need.descriptionHtml);
  if (options.closed) {
    // What a need that no longer takes volunteers became, in the page's words.
    const mark = need.status === "cancelled" ? "❌" : need.status === "open" ? "⏳" : "✅";
    html += `<p>${escapeText(`${mark} ${options.closed}`)}<br />${escapeText(words.follow(options.handle))}</p>`;
  } else {
    // The flag federates as this hint only: the checks themselves never leave the instance.
    if (need.safeguarding) html += `<p>${escapeText(words.safeguarding)}</p>`;
    html += `<p>${escapeText(words.help)}</p>`;
  }
  html += `<p><a href="${escapeAttribute(options.url.href)}">${escapeText(options.url.href)}</a></p>`;
  const tags = needHashtags(need).map(
    (tag) =>
      `<a href="${escapeAttribute(options.tagUrl(tag).href)}" class="mention hashtag" rel="tag">#<span>${escapeText(tag)}</span></a>`,
  );
  html += `<p>${tags.join(" ")}</p>`;
  return html;
}

/** The hashtags of a need, without '#': the general one, then one per known domain, each once. */
export function needHashtags(need: Pick<PublishedNeed, "domains">): string[] {
  const tags = [GENERAL_HASHTAG];
  for (const slug of need.domains) {
    const hashtag = domainBySlug(slug)?.hashtag;
    // Mastodon compares tags case-insensitively: one spelling each.
    if (hashtag && !tags.some((tag) => tag.toLowerCase() === hashtag.toLowerCase())) tags.push(hashtag);
  }
  return tags;
}

/** "mardi 3 décembre 2026, 14:00–16:00", "du 3 au 20 décembre 2026", "chaque mardi, 14:00–16:00, …", "horaires libres". */
export function formatSchedule(schedule: Schedule, lang: NoteLanguage): string {
  const words = WORDS[lang];
  switch (schedule.kind) {
    case "date": {
      const start = calendarDay(schedule.start, lang);
      if (start.time === null) return longDate(start, lang);
      const text = `${longDate(start, lang)}, ${start.time}`;
      if (!schedule.end) return text;
      const end = calendarDay(schedule.end, lang);
      if (sameDay(start, end)) return end.time === null ? text : `${text}–${end.time}`;
      return `${text} – ${longDate(end, lang)}${end.time === null ? "" : `, ${end.time}`}`;
    }
    case "range": {
      const start = calendarDay(schedule.start, lang);
      const end = calendarDay(schedule.end, lang);
      if (sameDay(start, end)) return shortDate(start, lang);
      // Say the month and year once when both ends share them: "du 3 au 20 décembre 2026".
      const sameYear = start.year === end.year;
      const sameMonth = sameYear && start.month === end.month;
      const first = sameMonth ? dayNumber(start, lang) : sameYear ? `${dayNumber(start, lang)} ${start.month}` : shortDate(start, lang);
      return words.range(first, shortDate(end, lang));
    }
    case "recurring": {
      const start = calendarDay(schedule.start, lang);
      const parts = [recurrence(schedule.rrule, start.code, lang)];
      if (start.time !== null && schedule.durationMinutes > 0) {
        const end = new Date(start.instant.getTime() + schedule.durationMinutes * 60_000);
        parts.push(`${start.time}–${calendarDay(end.toISOString(), lang).time}`);
      }
      parts.push(`${words.from} ${shortDate(start, lang)}`);
      // Occurrences the coordinators cancelled: the others stay.
      const skipped = [...new Set((schedule.exdates ?? []).map((iso) => shortDate(calendarDay(iso, lang), lang)))];
      if (skipped.length > 0) parts.push(`${words.except} ${new Intl.ListFormat(LOCALES[lang], { type: "conjunction" }).format(skipped)}`);
      return parts.join(", ");
    }
    case "flexible":
      return words.flexible;
  }
}

/** "📅 chaque mardi, 14:00–16:00, … · 📍 Croix-Rousse · 👥 0 bénévole sur 2 — 2 places restantes · ⏳ avant le 30 novembre 2026", as text. */
function infoLine(need: PublishedNeed, lang: NoteLanguage, count: string): string {
  const words = WORDS[lang];
  const place =
    need.place.mode === "remote"
      ? words.remote
      : need.place.mode === "both"
        ? `${need.place.label} ${words.orRemote}`
        : need.place.label;
  const items = [`📅 ${formatSchedule(need.schedule, lang)}`, `📍 ${place}`, `👥 ${count}`];
  if (need.deadline) items.push(`⏳ ${words.before} ${shortDate(calendarDay(need.deadline, lang), lang)}`);
  return items.join(" · ");
}

/**
 * The description was sanitised when it was saved, but it may predate the
 * current allow-list or come from an import: sanitising again is cheap, and
 * turns any heading into a bold paragraph as Mastodon would.
 */
function descriptionHtml(html: string): string {
  const clean = withoutSourceNewlines(sanitizeRemoteHtml(html)).trim();
  if (clean === "") return "";
  // Bare text between our paragraphs would run into them.
  return /^<(p|ul|ol|blockquote|pre)[\s>]/.test(clean) ? clean : `<p>${clean}</p>`;
}

/**
 * markdown-it puts a newline after each block and `<br>`. They mean nothing
 * in HTML, but Mastodon's own posts have none, and an app that shows content
 * with `white-space: pre-wrap` would turn each into an extra blank line.
 * Inside `<pre>` newlines are the content: those stay.
 */
function withoutSourceNewlines(html: string): string {
  return html
    .split(/(<pre>[\s\S]*?<\/pre>)/)
    .map((part, index) =>
      index % 2 === 1
        ? part
        : part
            .replace(/(<br \/>|<\/?(?:p|ul|ol|li|blockquote)>|<\/pre>)\s*\n\s*/g, "$1")
            // Elsewhere a newline is a space between words.
            .replace(/\s*\n\s*/g, " "),
    )
    .join("");
}

/** An RRULE in words, or "créneaux réguliers" when it says more than we can put simply. */
function recurrence(rrule: string, startDay: string, lang: NoteLanguage): string {
  const words = WORDS[lang];
  const fields = new Map(
    rrule
      .replace(/^RRULE:/i, "")
      .split(";")
      .filter((part) => part.includes("="))
      .map((part) => {
        const [key, value] = part.split("=");
        return [key!.trim().toUpperCase(), (value ?? "").trim().toUpperCase()] as const;
      }),
  );
  // UNTIL and COUNT bound the series; the phrase stays true within it. Anything else changes its meaning.
  const understood = ["FREQ", "INTERVAL", "BYDAY", "WKST", "UNTIL", "COUNT"];
  if ([...fields.keys()].some((key) => !understood.includes(key))) return words.regular;
  const interval = Number(fields.get("INTERVAL") ?? "1");
  const byDay = fields.get("BYDAY")?.split(",").filter(Boolean) ?? [];
  const list = new Intl.ListFormat(LOCALES[lang], { type: "conjunction" });
  switch (fields.get("FREQ")) {
    case "DAILY":
      return interval === 1 && byDay.length === 0 ? words.everyDay : words.regular;
    case "WEEKLY": {
      const days = (byDay.length > 0 ? byDay : [startDay]).map((code) => words.days[code]);
      if (days.some((day) => day === undefined)) return words.regular;
      if (interval === 1) return `${words.every} ${list.format(days as string[])}`;
      if (interval === 2 && days.length === 1) return words.everyOther(days[0]!);
      return words.regular;
    }
    case "MONTHLY": {
      if (interval !== 1) return words.regular;
      if (byDay.length === 0) return words.everyMonth;
      // "1TU": the first Tuesday; "-1FR": the last Friday.
      const match = byDay.length === 1 ? /^([+-]?\d)([A-Z]{2})$/.exec(byDay[0]!) : null;
      const nth = match ? words.nth[match[1]!.replace("+", "")] : undefined;
      const day = match ? words.days[match[2]!] : undefined;
      return nth && day ? words.nthOfMonth(nth, day) : words.regular;
    }
    default:
      return words.regular;
  }
}

interface CalendarDay {
  instant: Date;
  weekday: string;
  /** The RRULE code of the weekday: "TU". */
  code: string;
  day: number;
  month: string;
  year: string;
  /** "14:00", or null for a date without a time. */
  time: string | null;
}

const DATE_PARTS = { weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" } as const;
/** Built once: constructing an Intl formatter costs far more than using one. */
const FORMATTERS = {
  fr: new Intl.DateTimeFormat(LOCALES.fr, { ...DATE_PARTS, timeZone: TIME_ZONE, hourCycle: "h23" }),
  en: new Intl.DateTimeFormat(LOCALES.en, { ...DATE_PARTS, timeZone: TIME_ZONE, hourCycle: "h23" }),
};

/** An ISO date or date-time as seen on a calendar in Paris. */
function calendarDay(iso: string, lang: NoteLanguage): CalendarDay {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  // A bare date is a calendar day, not midnight UTC (23:00 the day before in Paris):
  // noon UTC falls on the same day in Paris all year round.
  const instant = new Date(dateOnly ? `${iso}T12:00:00Z` : iso);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`not an ISO date: ${iso}`);
  const parts = new Map(FORMATTERS[lang].formatToParts(instant).map((part) => [part.type, part.value]));
  const englishDay = FORMATTERS.en.formatToParts(instant).find((part) => part.type === "weekday")!.value;
  return {
    instant,
    weekday: parts.get("weekday")!,
    code: englishDay.slice(0, 2).toUpperCase(),
    day: Number(parts.get("day")),
    month: parts.get("month")!,
    year: parts.get("year")!,
    time: dateOnly ? null : `${parts.get("hour")}:${parts.get("minute")}`,
  };
}

function sameDay(a: CalendarDay, b: CalendarDay): boolean {
  return a.day === b.day && a.month === b.month && a.year === b.year;
}

/** French writes the first of the month "1er". */
function dayNumber(day: CalendarDay, lang: NoteLanguage): string {
  return lang === "fr" && day.day === 1 ? "1er" : String(day.day);
}

/** "3 décembre 2026" */
function shortDate(day: CalendarDay, lang: NoteLanguage): string {
  return `${dayNumber(day, lang)} ${day.month} ${day.year}`;
}

/** "mardi 3 décembre 2026" */
function longDate(day: CalendarDay, lang: NoteLanguage): string {
  return `${day.weekday} ${shortDate(day, lang)}`;
}

/** Escapes text as sanitize-html does (`&`, `<`, `>`), so re-sanitising leaves it unchanged. */
function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, "&quot;");
}
