// Numbers, distances, dates and plurals as people read them, by language (Intl, no hand-made rules):
// "0,3 km", "1 résultat" / "2 résultats", "1 décembre 2026" rather than 0.3 km, résultat(s), 2026-12-01.
import type { Lang } from "./index.ts";

const LOCALE: Record<Lang, string> = { fr: "fr-FR", en: "en-GB" };

/** `forms.one` or `forms.other` by the language's plural rule for `n` (French: 0 and 1 are "one"). */
export function plural<T>(lang: Lang, n: number, forms: { one: T; other: T }): T {
  return new Intl.PluralRules(LOCALE[lang]).select(n) === "one" ? forms.one : forms.other;
}

/** A number in the language's way: "0,3", "1 200" in French; "0.3", "1,200" in English. */
export function formatNumber(lang: Lang, n: number, maximumFractionDigits = 1): string {
  return new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits }).format(n);
}

/** A distance in kilometres, one decimal under 10 km: "0,3 km", "12 km". */
export function formatKm(lang: Lang, km: number): string {
  return `${formatNumber(lang, km, km < 10 ? 1 : 0)}\u00a0km`;
}

/**
 * A day as people write it: "1 décembre 2026" / "1 December 2026", from an ISO date or
 * date-time (its calendar day as written, so no time zone moves it). Not a date: as it came.
 */
export function formatDay(lang: Lang, iso: string): string {
  const date = new Date(`${iso.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(LOCALE[lang], { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(date);
}

/** A moment as people write it, in Paris time: "2 décembre 2026 à 07:09" / "2 December 2026 at 07:09". */
export function formatMoment(lang: Lang, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" }).format(date);
}
