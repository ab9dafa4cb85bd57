// The Note content of a need, as a Mastodon user reads it, and proof that it
// only uses what Mastodon's sanitiser keeps.
import sanitizeHtml from "sanitize-html";
import { describe, expect, it } from "vitest";
import type { PublishedNeed } from "./model.ts";
import { renderMarkdown } from "../text/markdown.ts";
import { formatSchedule, needHashtags, needNoteHtml, type NeedNoteOptions } from "./note-content.ts";

/** Mastodon's MASTODON_STRICT (lib/sanitize_ext/sanitize_config.rb), written for sanitize-html. */
const MASTODON_STRICT: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "span", "a", "del", "s", "pre", "blockquote", "code", "b", "strong", "u", "i", "em", "ul", "ol", "li"],
  allowedAttributes: { a: ["href", "rel", "class"], span: ["class"] },
  allowedClasses: {
    a: [/^(h|p|u|dt|e)-/, "mention", "hashtag", "ellipsis", "invisible"],
    span: [/^(h|p|u|dt|e)-/, "mention", "hashtag", "ellipsis", "invisible"],
  },
  allowedSchemes: ["http", "https"],
  allowProtocolRelative: false,
};

const need: PublishedNeed = {
  id: "0193a0b4-7c1e-7000-8000-000000000001",
  organization: { handle: "petits-freres", name: "Petits Frères Lyon" },
  title: "Visites de convivialité à une personne âgée isolée",
  descriptionHtml: renderMarkdown(
    "Une dame de 87 ans, seule depuis peu, aimerait de la **compagnie** : discuter, jouer aux cartes, marcher un peu.\n\n## Ce que nous proposons\n\n- une formation d'une demi-journée\n- un binôme pour commencer",
  ),
  domains: ["personnes-agees"],
  skills: [],
  audience: [],
  language: "fr",
  place: { label: "Croix-Rousse", mode: "on_site", latitude: 45.77, longitude: 4.83, radiusKm: 1 },
  schedule: { kind: "recurring", rrule: "FREQ=WEEKLY;BYDAY=TU", start: "2026-12-01T14:00:00+01:00", durationMinutes: 120 },
  volunteersWanted: 2,
  placesLeft: 2,
  deadline: "2026-11-30",
  status: "open",
  visibility: "followers",
  safeguarding: false,
  outcome: null,
  published: "2026-11-10T09:00:00Z",
  updated: "2026-11-10T09:00:00Z",
};

const url = new URL("https://ville.example/needs/0193a0b4-7c1e-7000-8000-000000000001");
const options: NeedNoteOptions = {
  url,
  lang: "fr",
  tagUrl: (tag) => new URL(`https://ville.example/tags/${tag.toLowerCase()}`),
  handle: "@petits-freres@ville.example",
  // The words come from web/i18n/need-words.ts (test/need-words.test.ts): the Note writes what it is given.
  count: "0 bénévole sur 2 — 2 places restantes",
  closed: null,
};

/** Fails with the offending markup when the HTML holds anything Mastodon would strip. */
function expectMastodonKeepsAll(html: string): void {
  expect(sanitizeHtml(html, MASTODON_STRICT)).toBe(html);
}

describe("needNoteHtml", () => {
  it("tells a Mastodon reader what, when, where, how many and how to help", () => {
    const html = needNoteHtml(need, options);
    expect(html.startsWith("<p><strong>Visites de convivialité à une personne âgée isolée</strong></p>")).toBe(true);
    expect(html).toContain(
      "<p>📅 chaque mardi, 14:00–16:00, à partir du 1er décembre 2026 · 📍 Croix-Rousse · 👥 0 bénévole sur 2 — 2 places restantes · ⏳ avant le 30 novembre 2026</p>",
    );
    expect(html).toContain("de la <strong>compagnie</strong>");
    // The markdown heading reads as a bold line, as Mastodon would show it.
    expect(html).toContain("<p><strong>Ce que nous proposons</strong></p>");
    expect(html).toContain("<li>une formation d'une demi-journée</li>");
    expect(html).toContain("<p>✋ Pour aider : répondez en message privé (mention privée) à ce message.</p>");
    expect(html).toContain(`<p><a href="${url.href}">${url.href}</a></p>`);
    expect(html.endsWith(
      '<p><a href="https://ville.example/tags/benevolat" class="mention hashtag" rel="tag">#<span>benevolat</span></a> ' +
        '<a href="https://ville.example/tags/personnesagees" class="mention hashtag" rel="tag">#<span>PersonnesAgees</span></a></p>',
    )).toBe(true);
    expect(html).not.toMatch(/Pourvu|Suivez/);
    // Source newlines would become blank lines where content is shown with pre-wrap.
    expect(html).not.toContain("\n");
  });

  it("says that an in-person check comes first on a need with minors or vulnerable adults, and only then", () => {
    const hint = "<p>🛡️ Mission auprès de mineurs ou de personnes vulnérables : l'association rencontre chaque bénévole en personne avant de l'accepter.</p>";
    const html = needNoteHtml({ ...need, safeguarding: true }, options);
    expect(html).toContain(`${hint}<p>✋ Pour aider`);
    expectMastodonKeepsAll(html);
    expect(needNoteHtml(need, options)).not.toContain("🛡️");
    expect(needNoteHtml({ ...need, safeguarding: true }, { ...options, lang: "en" })).toContain(
      "<p>🛡️ With minors or vulnerable adults: the organisation meets each volunteer in person before accepting them.</p>",
    );
  });

  it("keeps the newlines of a code block", () => {
    const html = needNoteHtml({ ...need, descriptionHtml: renderMarkdown("Code :\n\n```\nligne 1\nligne 2\n```") }, options);
    expect(html).toContain("<p>Code :</p><pre><code>ligne 1\nligne 2\n</code></pre><p>✋");
  });

  it("uses only the elements, attributes and classes Mastodon keeps", () => {
    expectMastodonKeepsAll(needNoteHtml(need, options));
    expectMastodonKeepsAll(needNoteHtml({ ...need, status: "filled", placesLeft: 0 }, { ...options, lang: "en" }));
    // A description that slipped past the markdown renderer is cleaned up, not passed through.
    const dirty = needNoteHtml(
      { ...need, descriptionHtml: '<h2 class="x">Titre</h2><p style="color:red">texte <img src="x" onerror="alert(1)"></p>' },
      options,
    );
    expect(dirty).toContain("<p><strong>Titre</strong></p><p>texte </p>");
    expectMastodonKeepsAll(dirty);
  });

  it("checks itself: the Mastodon allow-list does reject what it should", () => {
    expect(sanitizeHtml('<h1>T</h1><p class="big">x<img src="y"></p>', MASTODON_STRICT)).toBe("T<p>x</p>");
  });

  it("writes English for an English audience, keeping #benevolat", () => {
    const html = needNoteHtml(need, { ...options, lang: "en", count: "0 of 2 volunteers — 2 places left" });
    expect(html).toContain(
      "<p>📅 every Tuesday, 14:00–16:00, from 1 December 2026 · 📍 Croix-Rousse · 👥 0 of 2 volunteers — 2 places left · ⏳ before 30 November 2026</p>",
    );
    expect(html).toContain("<p>✋ To help: reply to this post privately (mentioned people only).</p>");
    expect(html).toContain("#<span>benevolat</span>");
  });

  it("says why a closed need takes no more volunteers, and no longer asks for help", () => {
    const filled = { ...options, count: "2 bénévoles sur 2 — plus de place", closed: "Cette mission a trouvé tous ses bénévoles — merci !" };
    const html = needNoteHtml({ ...need, status: "filled", placesLeft: 0 }, filled);
    expect(html).toContain("👥 2 bénévoles sur 2 — plus de place");
    expect(html).toContain(
      "<p>✅ Cette mission a trouvé tous ses bénévoles — merci !<br />Suivez @petits-freres@ville.example pour ses prochaines missions.</p>",
    );
    expect(html).not.toContain("✋");
    expect(needNoteHtml({ ...need, status: "cancelled" }, { ...options, closed: "Mission annulée" })).toContain("<p>❌ Mission annulée<br />");
    expect(needNoteHtml({ ...need, status: "done" }, { ...options, lang: "en", closed: "Mission completed" })).toContain("<p>✅ Mission completed<br />");
  });

  it("names the cancelled occurrences of a recurring need, the others staying", () => {
    const schedule = { ...need.schedule, exdates: ["2026-12-08T13:00:00.000Z"] } as PublishedNeed["schedule"];
    expect(needNoteHtml({ ...need, schedule }, options)).toContain("à partir du 1er décembre 2026, sauf le 8 décembre 2026 ·");
  });

  it("escapes the title and the place as text", () => {
    const html = needNoteHtml(
      { ...need, title: "Aide <b>urgente</b> & café", place: { ...need.place, label: "Quai <Rhône>", mode: "both" } },
      options,
    );
    expect(html.startsWith("<p><strong>Aide &lt;b&gt;urgente&lt;/b&gt; &amp; café</strong></p>")).toBe(true);
    expect(html).toContain("📍 Quai &lt;Rhône&gt; ou à distance ·");
    expectMastodonKeepsAll(html);
  });

  it("shows a one-off date, a remote need and flexible hours", () => {
    const dated = needNoteHtml(
      {
        ...need,
        deadline: null,
        place: { ...need.place, mode: "remote" },
        schedule: { kind: "date", start: "2026-12-03T14:00:00+01:00", end: "2026-12-03T16:00:00+01:00" },
      },
      options,
    );
    expect(dated).toContain("<p>📅 jeudi 3 décembre 2026, 14:00–16:00 · 📍 À distance · 👥 0 bénévole sur 2 — 2 places restantes</p>");
    const flexible = needNoteHtml({ ...need, schedule: { kind: "flexible" }, volunteersWanted: 1, placesLeft: 1 }, { ...options, lang: "en", count: "0 of 1 volunteer — 1 place left" });
    expect(flexible).toContain("📅 flexible hours · 📍 Croix-Rousse · 👥 0 of 1 volunteer — 1 place left ·");
  });
});

describe("needHashtags", () => {
  it("names #benevolat first, then each known domain once", () => {
    expect(needHashtags({ domains: ["personnes-agees", "sante", "personnes-agees", "nope"] })).toEqual(["benevolat", "PersonnesAgees", "Sante"]);
    expect(needHashtags({ domains: [] })).toEqual(["benevolat"]);
  });
});

describe("formatSchedule", () => {
  it("formats dates in Paris time, whatever the offset they were written with", () => {
    // 13:00 UTC is 14:00 in Paris in winter.
    expect(formatSchedule({ kind: "date", start: "2026-12-03T13:00:00Z", end: "2026-12-03T15:00:00Z" }, "fr")).toBe(
      "jeudi 3 décembre 2026, 14:00–16:00",
    );
    expect(formatSchedule({ kind: "date", start: "2026-07-14T08:00:00Z" }, "en")).toBe("Tuesday 14 July 2026, 10:00");
  });

  it("says a range once per month and year", () => {
    expect(formatSchedule({ kind: "range", start: "2026-12-03", end: "2026-12-20" }, "fr")).toBe("du 3 au 20 décembre 2026");
    expect(formatSchedule({ kind: "range", start: "2026-11-28", end: "2026-12-03" }, "fr")).toBe("du 28 novembre au 3 décembre 2026");
    expect(formatSchedule({ kind: "range", start: "2026-12-28", end: "2027-01-01" }, "en")).toBe("from 28 December 2026 to 1 January 2027");
  });

  it("translates common recurrence rules, and falls back on regular slots", () => {
    const start = "2026-12-01T14:00:00+01:00";
    const rule = (rrule: string, lang: "fr" | "en") => formatSchedule({ kind: "recurring", rrule, start, durationMinutes: 90 }, lang);
    expect(rule("FREQ=WEEKLY;BYDAY=TU", "fr")).toBe("chaque mardi, 14:00–15:30, à partir du 1er décembre 2026");
    expect(rule("FREQ=WEEKLY;BYDAY=MO,WE,FR", "en")).toBe("every Monday, Wednesday and Friday, 14:00–15:30, from 1 December 2026");
    expect(rule("FREQ=WEEKLY", "fr")).toMatch(/^chaque mardi,/);
    expect(rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "fr")).toMatch(/^un mardi sur deux,/);
    expect(rule("FREQ=DAILY", "fr")).toMatch(/^chaque jour,/);
    expect(rule("FREQ=MONTHLY", "en")).toMatch(/^every month,/);
    expect(rule("FREQ=MONTHLY;BYDAY=1SA", "fr")).toMatch(/^le premier samedi de chaque mois,/);
    expect(rule("FREQ=YEARLY;BYMONTH=3", "fr")).toMatch(/^créneaux réguliers,/);
    expect(rule("FREQ=WEEKLY;BYDAY=XX", "en")).toMatch(/^regular slots,/);
  });

  it("says flexible hours", () => {
    expect(formatSchedule({ kind: "flexible" }, "fr")).toBe("horaires libres");
    expect(formatSchedule({ kind: "flexible" }, "en")).toBe("flexible hours");
  });
});
