// What a person reads on a French page, and what is wrong with it: untranslated keys,
// ISO dates, "(s)" plurals, decimal points and English words (test/french-pages.test.ts).
import { fr } from "../../web/i18n/fr.ts";

const KEYS = Object.keys(fr);
/** A word that is a catalogue key, or the end of one (an audit action shown as `instance.settings`). */
const isKey = (word: string) => KEYS.some((key) => key === word || key.endsWith(`.${word}`));
const ENGLISH = [" the ", "Submit", "Save", "Cancel", "Loading", "Error", "Delete", "Search", "Sign in", " and ", " of ", " your "];

/** The text a person reads: no scripts, styles, comments, tags or attribute values; entities decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, " ")
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;|&#160;/g, "\u00a0")
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/[ \t\r\n]+/g, " ");
}

/**
 * What is wrong with a French page's text, one line per finding. Text in <code> is to be
 * typed as shown (an example of coordinates, an address): dates and numbers there are not
 * read as French, but an untranslated key is still one.
 */
export function frenchFindings(html: string): string[] {
  const found: string[] = [];
  for (const match of visibleText(html).matchAll(/\b[a-z]+(?:\.[A-Za-z_]+)+\b/g)) if (isKey(match[0])) found.push(`key ${match[0]}`);
  const text = visibleText(html.replace(/<code\b[\s\S]*?<\/code>/gi, " "));
  for (const match of text.matchAll(/\b\d{4}-\d{2}-\d{2}\b/g)) found.push(`ISO date ${match[0]}`);
  for (const match of text.matchAll(/\S*\(s\)/g)) found.push(`plural ${match[0]}`);
  for (const match of text.matchAll(/(?<![\d.])\d+\.\d+(?![\d.])/g)) found.push(`decimal point ${match[0]}`);
  for (const word of ENGLISH) if (text.includes(word)) found.push(`English "${word.trim()}"`);
  return found;
}
