// French typography, applied once to the French catalogue when it loads rather than by hand
// in each string: a non-breaking space before « : » and inside « », a narrow one before ; ! ?
// (Imprimerie nationale's rules, as in Wikipédia's). Only an existing space is made
// non-breaking before : ; ! ?, so "https://", "14:00", "?next=" and "{x}" stay as they are;
// guillemets get their spaces even when the string forgot them (« «Grâce…» »).
const NBSP = "\u00a0";
const NARROW = "\u202f";

/** `text` with French spaces; markup (`<a href="…">`) is left untouched. */
export function frenchTypography(text: string): string {
  return text
    .split(/(<[a-zA-Z/][^>]*>)/)
    .map((part, index) => (index % 2 === 1 ? part : spaces(part)))
    .join("");
}

function spaces(text: string): string {
  return text
    .replace(/[ \u00a0\u202f]+:/g, `${NBSP}:`)
    .replace(/[ \u00a0\u202f]+([;!?])/g, `${NARROW}$1`)
    .replace(/«[ \u00a0\u202f]*/g, `«${NBSP}`)
    .replace(/[ \u00a0\u202f]*»/g, `${NBSP}»`);
}
