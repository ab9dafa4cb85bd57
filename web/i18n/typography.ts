// French typography, applied once to the French catalogue when it loads rather than by hand
// in each string: a non-breaking space (U+00A0, what the catalogue already used) before
// : ; ! ? and inside « ». Only an existing space is made non-breaking before : ; ! ?, so
// "https://", "14:00", "?next=" and "{x}:" stay as they are; guillemets get their spaces
// even when the string forgot them («Grâce…»).
const NBSP = "\u00a0";

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
    .replace(/[ \u00a0\u202f]+([;!?])/g, `${NBSP}$1`)
    .replace(/«[ \u00a0\u202f]*/g, `«${NBSP}`)
    .replace(/[ \u00a0\u202f]*»/g, `${NBSP}»`);
}
