// Markdown written by coordinators, HTML received from other servers, and
// plain text for summaries: every piece of HTML we store or show goes through
// one of the allow-lists below.
//
// The allow-lists are a subset of what Mastodon's sanitiser keeps
// (`MASTODON_STRICT` in lib/sanitize_ext/sanitize_config.rb, see
// shared/PROTOCOL.md): what we render locally reads the same once federated,
// and nothing we publish is silently dropped by the servers that show it.
import { createRequire } from "node:module";
import type MarkdownIt from "markdown-it";
import type sanitizeHtml from "sanitize-html";

/** Elements both allow-lists keep: what Mastodon keeps, minus ruby annotations. */
const BASE_TAGS = ["p", "br", "a", "strong", "em", "b", "i", "u", "del", "s", "ul", "ol", "li", "blockquote", "code", "pre"];

/** Classes that carry meaning in Mastodon's markup: mentions, hashtags, shortened links. */
const REMOTE_CLASSES = ["mention", "hashtag", "u-url", "h-card", "invisible", "ellipsis"];

const LINK_SCHEMES = ["http:", "https:", "mailto:"];

/** Every link we let through points elsewhere: no ranking credit, no window.opener, no referrer. */
const FORCED_REL = "nofollow noopener noreferrer";

/**
 * Elements dropped together with their content, not only their tags: the
 * text of a script or a style is code, not prose. The first five are
 * sanitize-html's defaults (replacing the option replaces them, and `xmp`
 * guards a known bypass), the others are raw-text or embedding elements.
 */
const DROPPED_WITH_CONTENT = [
  "script",
  "style",
  "textarea",
  "option",
  "xmp",
  "noscript",
  "iframe",
  "noembed",
  "noframes",
  "template",
  "title",
  "select",
  "object",
  "svg",
  "math",
];

type Markdown = InstanceType<typeof MarkdownIt>;
let libraries: { markdown: Markdown; sanitizeHtml: typeof sanitizeHtml } | undefined;

/**
 * markdown-it and sanitize-html (with the HTML and CSS parsers it brings), loaded by
 * the first text that needs them rather than at start: an idle server does without
 * their 1.3 MiB (bench/README.md, "Idle memory: what loads on first use"). Required
 * from node_modules, synchronously, as the callers are; the bundle leaves them there.
 */
function load(): NonNullable<typeof libraries> {
  if (libraries) return libraries;
  const require = createRequire(import.meta.url);
  const markdown: Markdown = new (require("markdown-it") as typeof MarkdownIt)({ html: false, linkify: true, breaks: true });
  // Tables have no Mastodon equivalent: left as text, the pipes still read as columns.
  markdown.disable(["table"]);
  // An image would be dropped by the allow-list; a link to it keeps the information
  // without making readers' browsers fetch from arbitrary hosts.
  markdown.renderer.rules.image = (tokens, index, options, env, self) => {
    const token = tokens[index]!;
    const src = String(token.attrGet("src") ?? "");
    const alt = self.renderInlineAsText(token.children ?? [], options, env) || src;
    return `<a href="${markdown.utils.escapeHtml(src)}">${markdown.utils.escapeHtml(alt)}</a>`;
  };
  libraries = { markdown, sanitizeHtml: require("sanitize-html") as typeof sanitizeHtml };
  return libraries;
}

/** Whether the libraries have been loaded (for the test that start-up does without them). */
export function markdownLoaded(): boolean {
  return libraries !== undefined;
}

/** Markdown from a coordinator to the HTML we store, show and federate. */
export function renderMarkdown(text: string): string {
  const { markdown, sanitizeHtml } = load();
  return sanitizeHtml(headingsToStrong(markdown.render(text)), {
    allowedTags: BASE_TAGS,
    allowedAttributes: { a: ["href", "rel"] },
    ...commonOptions(false),
  });
}

/** HTML from another server (a Note's content) to HTML safe to store and show. */
export function sanitizeRemoteHtml(html: string): string {
  return load().sanitizeHtml(headingsToStrong(html), {
    allowedTags: [...BASE_TAGS, "span"],
    allowedAttributes: { a: ["href", "rel", "class"], span: ["class"] },
    allowedClasses: { a: REMOTE_CLASSES, span: REMOTE_CLASSES },
    ...commonOptions(true),
  });
}

/** Plain text for summaries, search and notifications: no tags, entities decoded, blocks on their own lines. */
export function htmlToText(html: string): string {
  // First reduce to bare block tags (no attributes), dropping scripts and
  // styles with their content; what remains is regular enough for regexes.
  const blocks = load().sanitizeHtml(html, {
    allowedTags: ["p", "br", "li", "blockquote", "pre", "div", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table"],
    allowedAttributes: {},
    nonTextTags: DROPPED_WITH_CONTENT,
  });
  const text = blocks
    // Source line breaks are spaces in HTML; only tags make lines. (Not `\s`:
    // it would also flatten the no-break spaces of French punctuation.)
    .replace(/[ \t\r\n\f]+/g, " ")
    .replace(/<br\s*\/?>/g, "\n")
    // List items and table rows start a line; other blocks stand apart by a blank line.
    .replace(/<(li|tr)>/g, "\n")
    .replace(/<\/(li|tr)>/g, "")
    .replace(/<\/?[a-z0-9]+>/g, "\n\n")
    // sanitize-html escapes exactly these in text, `&amp;` last so that `&amp;lt;` stays `&lt;`.
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
  return text
    .replace(/[ \t]*\n[ \t]*/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/**
 * `<h1>`…`<h6>` become `<p><strong>`, as Mastodon does: a heading in a post
 * reads as a bold line. sanitize-html can rename a tag but not wrap its
 * content, so this runs on the input; the allow-list that follows still
 * decides what survives, so a malformed heading cannot smuggle anything in.
 */
function headingsToStrong(html: string): string {
  return html.replace(/<h[1-6](?=[\s/>])[^>]*>/gi, "<p><strong>").replace(/<\/h[1-6]\s*>/gi, "</strong></p>");
}

/** Options shared by the markdown and the remote allow-lists. */
function commonOptions(remote: boolean): sanitizeHtml.IOptions {
  return {
    disallowedTagsMode: "discard",
    nonTextTags: DROPPED_WITH_CONTENT,
    allowedSchemes: LINK_SCHEMES.map((scheme) => scheme.slice(0, -1)),
    allowedSchemesAppliedToAttributes: ["href"],
    allowProtocolRelative: false,
    transformTags: {
      a: (tagName, attribs) => {
        // Mastodon replaces such a link by its text. Renaming it to a tag that is
        // not allowed would do the same here, but sanitize-html then mislabels
        // the next sibling's closing tag; an `<a>` without href is inert text too.
        if (!linkAllowed(attribs.href)) return { tagName, attribs: {} };
        const link: sanitizeHtml.Attributes = { href: attribs.href!, rel: relFor(remote ? attribs.rel : undefined) };
        if (remote && attribs.class) link.class = attribs.class;
        return { tagName, attribs: link };
      },
    },
  };
}

/**
 * Absolute http(s) and mailto links only. The WHATWG parser is the one
 * browsers use, so `java\tscript:`, upper case or leading spaces cannot
 * hide a scheme from it; relative links mean nothing once federated.
 */
function linkAllowed(href: string | undefined): boolean {
  if (!href) return false;
  try {
    return LINK_SCHEMES.includes(new URL(href).protocol);
  } catch {
    return false;
  }
}

/** Keeps `tag` from a remote `rel` (it marks hashtag links) and forces ours. */
function relFor(remoteRel: string | undefined): string {
  const kept = (remoteRel ?? "").split(/\s+/).filter((token) => token.toLowerCase() === "tag");
  return [...kept.map((token) => token.toLowerCase()), FORCED_REL].join(" ");
}
