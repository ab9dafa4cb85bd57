// Need pages for visitors who are not signed in, kept whole (federation/responses.ts):
// the page most shared and most visited, the same for every such visitor in a language
// while the need, its organisation and the instance's name are unchanged. A signed-in
// visitor (a session cookie, a token) or a query string (a notice after applying, an
// error) gets a page made for the request, as before. The key starts with the viewers'
// cache class (the access policy's `cacheClass`: "anonymous"), and a need's page is kept
// only when the policy says every viewer of that class reads it alike (`mayCacheNeed`):
// its published view, or the teaser of a followers-only or local need, the same for all.
import { parse } from "hono/utils/cookie";
import type { Resolver } from "../cache/responses.ts";
import { ANONYMOUS, cacheClass, mayCacheNeed } from "../domain/access/policy.ts";
import { findNeed } from "../domain/needs/repository.ts";
import { chooseLang } from "../../web/i18n/index.ts";
import { SESSION_COOKIE } from "./auth.ts";
import type { HttpDeps } from "./env.ts";
import { LANG_COOKIE } from "./web/frame.ts";

/** HTML pages. */
export const PAGE_TYPES = /^text\/html\b/;

export function pageRoutes(deps: Pick<HttpDeps, "db" | "settings">): Resolver {
  return (request, url) => {
    if (url.search) return null;
    const match = /^\/needs\/([^/]+)$/.exec(url.pathname);
    if (!match?.[1] || request.headers.has("Authorization")) return null;
    const cookies = parse(request.headers.get("Cookie") ?? "");
    if (cookies[SESSION_COOKIE] !== undefined) return null;
    // No credentials: the request is read as the anonymous viewer (auth.ts would say the same).
    const cls = cacheClass(ANONYMOUS);
    if (!cls) return null;
    const lang = chooseLang(cookies[LANG_COOKIE], request.headers.get("Accept-Language") ?? undefined);
    const id = decodeURIComponent(match[1]);
    return {
      key: `${cls}\n${url.pathname}\n${lang}`,
      // What the need page shows (src/http/web/public.tsx): the need as read, and the instance's name.
      rows: async () => {
        const need = await findNeed(deps.db.kysely, id);
        if (!need || !mayCacheNeed(cls, need)) return null;
        const { name } = await deps.settings.get();
        return [need, name];
      },
    };
  };
}
