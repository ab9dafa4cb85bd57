// The page frame shared by every HTML page: plain, fast, accessible, mobile first.
import type { Child } from "hono/jsx";
import type { Lang, Translate } from "./i18n/index.ts";

/** What every page receives from its handler. */
export interface Frame {
  instanceName: string;
  lang: Lang;
  t: Translate;
  /** The current path and query, for the language switch to come back to. */
  path: string;
  signedIn?: { username: string; csrf: string; role: string; coordinates: boolean };
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
  children?: Child;
}

export type PageProps = Omit<LayoutProps, "title" | "children" | "og" | "feed">;

export function Layout(props: LayoutProps) {
  const { t, signedIn, lang, og } = props;
  const other: Lang = lang === "fr" ? "en" : "fr";
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${props.instanceName}`}</title>
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
        <style>{STYLE}</style>
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
                <a href="/offers">{t("nav.offers")}</a>
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
                <span>@{signedIn.username}</span> <button type="submit">{t("layout.logout")}</button>
              </form>
            ) : (
              <ul>
                <li>
                  <a href="/login">{t("layout.login")}</a>
                </li>
                <li>
                  <a href="/signup">{t("layout.signup")}</a>
                </li>
              </ul>
            )}
          </nav>
        </header>
        <main id="main">{props.children}</main>
        <footer>
          <a href="/about">{t("layout.about")}</a>
          <a href="/feed.xml">{t("layout.feed")}</a>
          <a href="/feed.atom">{t("layout.atomFeed")}</a>
        </footer>
      </body>
    </html>
  );
}

const STYLE = `
:root{font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;background:#fff}
body{margin:0 auto;max-width:52rem;padding:0 1rem}
header{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;padding:.75rem 0;border-bottom:1px solid #767676}
header nav ul,footer{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
header nav a,footer a{display:inline-block;padding:.5rem 0;min-height:24px}
footer{padding:1rem 0;border-top:1px solid #767676;margin-top:2rem}
.brand{font-weight:700;font-size:1.25rem;margin-right:auto}
a{color:#0b4f9c}
:focus-visible{outline:3px solid #b34700;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
label,legend{display:block;font-weight:600;margin-top:1rem}
fieldset{border:1px solid #767676;margin-top:1rem}
fieldset label{font-weight:400;margin-top:.25rem}
input,button,select,textarea{font:inherit;min-height:44px;padding:.25rem .75rem;box-sizing:border-box;max-width:100%}
input:not([type=checkbox]):not([type=radio]),select,textarea{display:block}
input[type=checkbox],input[type=radio]{min-height:24px;min-width:24px;vertical-align:middle}
input[type=text],input[type=password],input[type=email],input[type=search],input[type=number],input[type=date],input[type=datetime-local],select,textarea{width:100%;max-width:32rem;border:1px solid #595959}
button{margin-top:1rem;cursor:pointer;background:#0b4f9c;color:#fff;border:2px solid #0b4f9c;border-radius:4px}
button.secondary{background:#fff;color:#0b4f9c}
form.inline,form.inline button{display:inline;margin:0}
.hint{color:#4a4a4a;font-size:.95rem;margin:0}
.error{color:#a00000;font-weight:600}
.notice{background:#e8f4e8;border-left:4px solid #1d6b1d;padding:.5rem 1rem}
.cards{list-style:none;padding:0;display:grid;gap:1rem}
.cards li{border:1px solid #767676;border-radius:6px;padding:.75rem 1rem}
.cards h3{margin:0 0 .25rem}
.meta{color:#4a4a4a;margin:0}
.preview{border:2px dashed #595959;padding:1rem;border-radius:8px}
.subnav{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;padding:0;margin:1rem 0 0}
.subnav a{display:inline-block;padding:.5rem 0}
.subnav a[aria-current=page]{font-weight:700}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.5rem;border-bottom:1px solid #767676;vertical-align:top}
@media(min-width:48rem){.cards{grid-template-columns:1fr 1fr}}
`;
