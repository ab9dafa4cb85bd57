// Security headers on every answer: pages, the API, ActivityPub documents, WebFinger,
// the stylesheet, error pages, and answers sent again from the caches of whole answers
// (they all leave through the app's first middleware, which sets these last).
import type { Context } from "hono";

/**
 * The pages: no inline script or style, no plugin, nothing from elsewhere, never in a
 * frame (clickjacking), forms posted to this site only. `data:` images cover the
 * browsers' own icons; nothing else is loaded from anywhere but here. The site's one
 * script (web/assets.ts) asks this site only (`connect-src`: the communes suggested).
 */
export const PAGE_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * The need page's form sends a visitor to their own server (`/remote-follow` redirects
 * to https://their-server/authorize_interaction), and browsers apply form-action to
 * where a form's redirect leads: that page alone may send a form on to an https site.
 */
export const REMOTE_FORM_POLICY = PAGE_POLICY.replace("form-action 'self'", "form-action 'self' https:");

/** Everything that is not a page (JSON, JSON-LD, feeds, CSS): nothing may run or load in it. */
export const DOCUMENT_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/** On every answer, whatever its type. */
export const COMMON_HEADERS: Record<string, string> = {
  // A JSON or plain-text answer is never run as a script or rendered as HTML by guesswork.
  "X-Content-Type-Options": "nosniff",
  // The address of a page (a need, a search for a health domain near a place) is not told
  // to other sites; this site's own pages still see where a visitor came from.
  "Referrer-Policy": "same-origin",
};

const HTML = /^text\/html\b/i;

/**
 * Sets the headers on the answer in `c.res`. A handler may have chosen a policy of its own
 * (REMOTE_FORM_POLICY, or `Referrer-Policy: no-referrer`); it is kept. Answers built with immutable headers (Response.redirect,
 * a fetched Response) are copied first.
 */
export function secureAnswer(c: Context): void {
  let res = c.res;
  try {
    apply(res.headers);
  } catch {
    res = new Response(res.body, res);
    apply(res.headers);
    c.res = undefined;
    c.res = res;
  }
}

function apply(headers: Headers): void {
  // A stricter Referrer-Policy a handler chose (no-referrer where a secret is in the address) is kept.
  headers.set("X-Content-Type-Options", COMMON_HEADERS["X-Content-Type-Options"]!);
  if (!headers.has("Referrer-Policy")) headers.set("Referrer-Policy", COMMON_HEADERS["Referrer-Policy"]!);
  if (!headers.has("Content-Security-Policy")) {
    headers.set("Content-Security-Policy", HTML.test(headers.get("Content-Type") ?? "") ? PAGE_POLICY : DOCUMENT_POLICY);
  }
}
