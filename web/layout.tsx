// The page frame shared by every HTML page: plain, fast, accessible, mobile first.
import type { Child } from "hono/jsx";
import type { Lang, Translate } from "./i18n/index.ts";
import { FAVICON_PATH, SCRIPT_PATH } from "./assets.ts";
import { STYLESHEET_PATH } from "./style.ts";
import { UnreadLink } from "./components/unread.tsx";

/** What every page receives from its handler. */
export interface Frame {
  instanceName: string;
  lang: Lang;
  t: Translate;
  /** The current path and query, for the language switch to come back to. */
  path: string;
  signedIn?: { username: string; csrf: string; role: string; coordinates: boolean; /** Unread notifications (issue 13). */ unread?: number };
  /** What the action that led here did (`?done=<code>`, in the catalogue's words), said once at the top. */
  confirmation?: string;
  /** For a visitor not signed in: the path of this site the header's sign-in and sign-up links lead back to (checked by the frame). */
  comeBackTo?: string;
}

export interface OpenGraph {
  /** Absolute URL of the page. */
  url: string;
  description: string;
  type?: "website" | "article";
}

export interface LayoutProps extends Frame {
  title: string;
  og?: OpenGraph;
  /** An RSS feed for this page (`…/feed.xml`); its Atom twin is `…/feed.atom`. */
  feed?: string;
  /** A private page (a volunteer's link): not indexed, and no referrer sent from it. */
  noindex?: boolean;
  children?: Child;
}

export type PageProps = Omit<LayoutProps, "title" | "children" | "og" | "feed" | "noindex">;

export function Layout(props: LayoutProps) {
  const { t, signedIn, lang, og } = props;
  const back = props.comeBackTo ? encodeURIComponent(props.comeBackTo) : undefined;
  const other: Lang = lang === "fr" ? "en" : "fr";
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${props.instanceName}`}</title>
        {props.noindex ? (
          <>
            <meta name="robots" content="noindex, nofollow" />
            <meta name="referrer" content="no-referrer" />
          </>
        ) : null}
        {og ? (
          <>
            <meta name="description" content={og.description} />
            <meta property="og:title" content={props.title} />
            <meta property="og:description" content={og.description} />
            <meta property="og:type" content={og.type ?? "website"} />
            <meta property="og:url" content={og.url} />
            <meta property="og:site_name" content={props.instanceName} />
            <meta property="og:locale" content={lang === "fr" ? "fr_FR" : "en_GB"} />
          </>
        ) : null}
        <link rel="alternate" type="application/rss+xml" title={t("layout.feed")} href={props.feed ?? "/feed.xml"} />
        <link rel="alternate" type="application/atom+xml" title={t("layout.atomFeed")} href={(props.feed ?? "/feed.xml").replace(/\.xml$/, ".atom")} />
        <link rel="stylesheet" href={STYLESHEET_PATH} />
        <link rel="icon" href={FAVICON_PATH} type="image/svg+xml" />
        <script src={SCRIPT_PATH} defer />
      </head>
      <body>
        <a class="skip" href="#main">
          {t("layout.skip")}
        </a>
        <header>
          <a href="/" class="brand">
            {props.instanceName}
          </a>
          <nav aria-label={t("layout.main")}>
            <ul>
              <li>
                <a href="/search">{t("nav.search")}</a>
              </li>
              <li>
                <a href="/calendar">{t("nav.calendar")}</a>
              </li>
              <li>
                <a href="/offers">{t("nav.offers")}</a>
              </li>
              <li>
                <a href="/practices">{t("practices.title")}</a>
              </li>
              {signedIn ? (
                <li>
                  <a href="/me">{t("nav.me")}</a>
                </li>
              ) : null}
              {signedIn?.coordinates ? (
                <li>
                  <a href="/coordinate">{t("nav.coordinate")}</a>
                </li>
              ) : null}
              {signedIn?.role === "admin" ? (
                <li>
                  <a href="/admin">{t("nav.admin")}</a>
                </li>
              ) : null}
              {signedIn?.role === "moderator" ? (
                <li>
                  <a href="/admin/moderation">{t("admin.moderation")}</a>
                </li>
              ) : null}
              <li>
                <a href={`/lang/${other}?back=${encodeURIComponent(props.path)}`} lang={other} hreflang={other}>
                  {t("lang.switch")}
                </a>
              </li>
            </ul>
          </nav>
          <nav aria-label={t("layout.account")}>
            {signedIn ? (
              <form method="post" action="/logout" class="inline">
                <input type="hidden" name="_csrf" value={signedIn.csrf} />
                <UnreadLink t={t} unread={signedIn.unread ?? 0} /> <span>@{signedIn.username}</span> <button type="submit">{t("layout.logout")}</button>
              </form>
            ) : (
              <ul>
                <li>
                  <a href={back ? `/login?next=${back}` : "/login"}>{t("layout.login")}</a>
                </li>
                <li>
                  <a href={back ? `/signup?next=${back}` : "/signup"}>{t("layout.signup")}</a>
                </li>
              </ul>
            )}
          </nav>
        </header>
        <main id="main">
          {props.confirmation ? (
            <p class="notice" role="status">
              {props.confirmation}
            </p>
          ) : null}
          {props.children}
        </main>
        <footer>
          <a href="/about">{t("layout.about")}</a>
          <a href="/feed.xml">{t("layout.feed")}</a>
          <a href="/feed.atom">{t("layout.atomFeed")}</a>
          <a href="/open-data">{t("layout.openData")}</a>
          <a href="/evaluation">{t("eval.title")}</a>
        </footer>
      </body>
    </html>
  );
}
