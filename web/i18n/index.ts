// Languages of the interface and the translator views receive.
import type { ErrorCode } from "../../src/domain/errors.ts";
import { en } from "./en.ts";
import { fr, type MessageKey } from "./fr.ts";
import { frenchTypography } from "./typography.ts";

export type { MessageKey };

// Every domain error code has its sentence in the catalogues: a new code without one fails to compile.
type Untranslated = Exclude<`error.${ErrorCode}`, MessageKey>;
const everyCode: [Untranslated] extends [never] ? true : Untranslated = true;
void everyCode;
export const LANGUAGES = ["fr", "en"] as const;
export type Lang = (typeof LANGUAGES)[number];
export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

// French spaces (non-breaking before : and inside « », narrow before ; ! ?) are put in once, here.
const frenchCatalogue = Object.fromEntries(Object.entries(fr).map(([key, text]) => [key, frenchTypography(text)])) as Record<MessageKey, string>;
const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { fr: frenchCatalogue, en };

export const isLang = (value: unknown): value is Lang => value === "fr" || value === "en";

/** French elides "de" before a vowel: "À propos d'Entraide", "Réglages d'Emmaüs" (not before an h, often aspirated). */
const VOWEL = /^[aeiouyàâäéèêëîïôöùûüœæ]/i;

/**
 * The translator for a language: `{name}` placeholders are replaced by `vars.name`,
 * in French "de {name}" becomes "d'{name}" when the value starts with a vowel, and a
 * numeric `vars.count` picks the plural form (see `pluralForm`).
 */
export function translator(lang: Lang): Translate {
  const catalogue: Record<string, string> = CATALOGUES[lang];
  const rules = new Intl.PluralRules(lang);
  return (key, vars) => {
    const text = pluralForm(catalogue, rules, key, vars?.count) ?? catalogue[key]!;
    if (!vars) return text;
    return text.replace(/(\b[Dd]e )?\{(\w+)\}/g, (whole, de: string | undefined, name: string) => {
      if (!(name in vars)) return whole;
      const value = String(vars[name]);
      if (!de) return value;
      return lang === "fr" && VOWEL.test(value) ? `${de[0]}'${value}` : `${de}${value}`;
    });
  };
}

/**
 * Plural forms without "(s)": with a number `count`, the catalogue's `key.zero` when it is 0
 * and that entry exists, else `key.one` when the language's rule says "one" (French: 0 and 1;
 * English: 1) and it exists; otherwise `key` itself, which holds the other form.
 */
function pluralForm(catalogue: Record<string, string>, rules: Intl.PluralRules, key: string, count: unknown): string | undefined {
  if (typeof count !== "number") return undefined;
  if (count === 0 && `${key}.zero` in catalogue) return catalogue[`${key}.zero`];
  return rules.select(count) === "one" ? catalogue[`${key}.one`] : undefined;
}

/**
 * The language to answer in: the `lang` cookie when set, else the first of ours
 * in Accept-Language by preference, else French.
 */
export function chooseLang(cookie: string | undefined, acceptLanguage: string | undefined): Lang {
  if (isLang(cookie)) return cookie;
  const wanted = (acceptLanguage ?? "")
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.trim().toLowerCase().split("-")[0], q: q ? Number(q) : 1, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return wanted.map((entry) => entry.lang).find(isLang) ?? "fr";
}
