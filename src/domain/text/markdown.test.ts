// The three text filters, on the inputs that matter: what coordinators write,
// what hostile servers send, and what search and summaries need.
import { describe, expect, it } from "vitest";
import { htmlToText, renderMarkdown, sanitizeRemoteHtml } from "./markdown.ts";

const HOSTILE = [
  `<p>hello</p>`,
  `<script>alert("script")</script>`,
  `<img src="x" onerror="alert('img')">`,
  `<p onclick="alert('click')" style="color:red" class="big">styled</p>`,
  `<a href="javascript:alert('js')">js link</a>`,
  `<a href="java&#x09;script:alert('tab')">tab link</a>`,
  `<a href="data:text/html;base64,PHNjcmlwdD4=">data link</a>`,
  `<iframe src="https://evil.example/">framed text</iframe>`,
  `<style>body { display: none }</style>`,
].join("");

describe("renderMarkdown", () => {
  it("renders emphasis, lists, line breaks and links, every link with a forced rel", () => {
    const html = renderMarkdown("Bonjour *tout* le **monde**\nà bientôt\n\n- un\n- deux\n\n[Site](https://asso.example/page) et https://ville.example");
    expect(html).toContain("<em>tout</em>");
    expect(html).toContain("<strong>monde</strong>");
    expect(html).toContain("<br />\nà bientôt");
    expect(html).toContain("<ul>\n<li>un</li>\n<li>deux</li>\n</ul>");
    expect(html).toContain('<a href="https://asso.example/page" rel="nofollow noopener noreferrer">Site</a>');
    // linkify: a bare URL becomes a link too.
    expect(html).toContain('<a href="https://ville.example" rel="nofollow noopener noreferrer">https://ville.example</a>');
  });

  it("escapes raw HTML written in the markdown instead of rendering it", () => {
    const html = renderMarkdown(`Texte <b onmouseover="x()">gras</b> <script>alert(1)</script>`);
    expect(html).toBe(
      "<p>Texte &lt;b onmouseover=\"x()\"&gt;gras&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;</p>\n",
    );
  });

  it("refuses dangerous and relative links, keeping their text", () => {
    const html = renderMarkdown("[a](javascript:alert(1)) [b](data:text/html,x) [c](/relative) [d](mailto:contact@asso.example)");
    // markdown-it leaves `[a](javascript:…)` as literal text: visible, never a link.
    expect(html).not.toMatch(/href="(javascript|data|\/relative)/);
    expect(html).toContain('<a href="mailto:contact@asso.example" rel="nofollow noopener noreferrer">d</a>');
    expect(html).toContain("<a>c</a>");
  });

  it("turns headings into bold paragraphs and images into links, and drops classes", () => {
    const html = renderMarkdown("# Titre\n\n### Sous-titre\n\n![Affiche](https://asso.example/affiche.png)\n\n```js\nlet x;\n```");
    expect(html).toContain("<p><strong>Titre</strong></p>");
    expect(html).toContain("<p><strong>Sous-titre</strong></p>");
    expect(html).not.toMatch(/<h\d|<img|class=/);
    expect(html).toContain('<a href="https://asso.example/affiche.png" rel="nofollow noopener noreferrer">Affiche</a>');
    expect(html).toContain("<pre><code>let x;\n</code></pre>");
  });

  it("emits only allow-listed tags and attributes, whatever the input", () => {
    const html = renderMarkdown(HOSTILE);
    // The hostile markup is still there as visible, escaped text; every real tag is on the allow-list.
    expect(html).toContain("&lt;script&gt;");
    for (const tag of html.match(/<[^>]*>/g) ?? []) {
      expect(tag).toMatch(/^<\/?(p|br|a|strong|em|b|i|u|del|s|ul|ol|li|blockquote|code|pre)( (href|rel)="[^"<>]*")* ?\/?>$/);
    }
  });
});

describe("sanitizeRemoteHtml", () => {
  it("removes scripts, styles and frames with their content, event handlers and bad URLs", () => {
    const html = sanitizeRemoteHtml(HOSTILE);
    expect(html).toBe("<p>hello</p><p>styled</p><a>js link</a><a>tab link</a><a>data link</a>");
  });

  it("keeps Mastodon's mention and hashtag markup but drops other classes and attributes", () => {
    const html = sanitizeRemoteHtml(
      '<p><span class="h-card" translate="no"><a href="https://social.example/@lea" class="u-url mention" target="_blank">@<span>lea</span></a></span> ' +
        '<a href="https://social.example/tags/benevolat" class="mention hashtag tracker" rel="tag me">#<span>benevolat</span></a> ' +
        '<a href="https://ville.example/very/long/path"><span class="invisible">https://</span><span class="ellipsis">ville.example/very</span><span class="invisible">/long/path</span></a> ' +
        '<span class="evil" id="x">plain</span></p>',
    );
    expect(html).toBe(
      '<p><span class="h-card"><a href="https://social.example/@lea" rel="nofollow noopener noreferrer" class="u-url mention">@<span>lea</span></a></span> ' +
        '<a href="https://social.example/tags/benevolat" rel="tag nofollow noopener noreferrer" class="mention hashtag">#<span>benevolat</span></a> ' +
        '<a href="https://ville.example/very/long/path" rel="nofollow noopener noreferrer"><span class="invisible">https://</span><span class="ellipsis">ville.example/very</span><span class="invisible">/long/path</span></a> ' +
        "<span>plain</span></p>",
    );
  });

  it("turns headings into bold paragraphs", () => {
    expect(sanitizeRemoteHtml('<h2 class="title">Appel</h2><p>texte</p>')).toBe("<p><strong>Appel</strong></p><p>texte</p>");
  });

  it("is stable: sanitising its own output changes nothing", () => {
    const once = sanitizeRemoteHtml(
      `${HOSTILE}<h1>T</h1><p>a &amp; b &lt;c&gt;<br>d</p><a href="https://x.example/?a=1&amp;b=2" class="mention">m</a>`,
    );
    expect(sanitizeRemoteHtml(once)).toBe(once);
  });
});

describe("htmlToText", () => {
  it("removes tags, decodes entities and puts blocks on their own lines", () => {
    const text = htmlToText(
      "<p>Bonjour&nbsp;! Fish &amp; chips &lt;b&gt;\n   suite</p><ul><li>un</li><li>deux</li></ul><p>a<br>b</p><div>&amp;lt; littéral</div>",
    );
    expect(text).toBe("Bonjour\u00a0! Fish & chips <b> suite\n\nun\ndeux\n\na\nb\n\n&lt; littéral");
  });

  it("drops the content of scripts and styles, and handler attributes", () => {
    const text = htmlToText(HOSTILE);
    expect(text).not.toMatch(/alert|display|onerror/);
    expect(text.startsWith("hello\n\nstyled")).toBe(true);
    expect(text).toContain("js link");
  });
});
