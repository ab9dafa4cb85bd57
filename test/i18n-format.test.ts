// Plural forms, numbers, distances and dates in the words of each language.
import { describe, expect, it } from "vitest";
import { formatDay, formatKm, formatMoment, formatNumber, plural } from "../web/i18n/format.ts";
import { fr as catalogue } from "../web/i18n/fr.ts";
import { translator } from "../web/i18n/index.ts";
import { frenchTypography } from "../web/i18n/typography.ts";

describe("plain French and English", () => {
  it("chooses the plural form by the language's rule, never « (s) »", () => {
    const fr = translator("fr");
    const en = translator("en");
    expect([0, 1, 2].map((count) => fr("search.results", { count }))).toEqual(["Aucun résultat", "1 résultat", "2 résultats"]);
    expect([0, 1, 2].map((count) => en("search.results", { count }))).toEqual(["No results", "1 result", "2 results"]);
    expect(fr("coord.applications", { count: 3, pending: 1 })).toBe("3 propositions, dont 1 en attente");
    expect(fr("coord.applications", { count: 1, pending: 0 })).toBe("1 proposition, 0 en attente");
    expect(fr("coord.applications", { count: 0, pending: 0 })).toBe("Aucune proposition");
    // The rule is Intl's: French says « 1,5 heure », English "1.5 hours".
    expect([plural("fr", 1.5, { one: "a", other: "b" }), plural("en", 1.5, { one: "a", other: "b" })]).toEqual(["a", "b"]);
    // A string count is not a number: the other form, as written.
    expect(fr("search.results", { count: "1" })).toBe("1 résultats");
  });

  it("writes numbers, distances and dates as people read them", () => {
    expect([formatNumber("fr", 0.25), formatNumber("en", 0.25), formatNumber("fr", 1234.5)]).toEqual(["0,3", "0.3", "1\u202f234,5"]);
    expect([formatKm("fr", 0.3), formatKm("en", 0.3), formatKm("fr", 12.4)]).toEqual(["0,3\u00a0km", "0.3\u00a0km", "12\u00a0km"]);
    expect([formatDay("fr", "2026-12-01"), formatDay("en", "2026-12-01T23:30:00+01:00"), formatDay("fr", "soon")]).toEqual(["1 décembre 2026", "1 December 2026", "soon"]);
    expect(formatMoment("fr", "2026-12-02T07:09:00Z")).toBe("2 décembre 2026 à 08:09");
  });

  it("puts French spaces in the catalogue: non-breaking before : and inside « », before ; ! ? too", () => {
    expect(frenchTypography("Qui la verra : « {title} » ? Oui ! Non ; peut-être")).toBe("Qui la verra\u00a0: «\u00a0{title}\u00a0»\u00a0? Oui\u00a0! Non\u00a0; peut-être");
    expect(frenchTypography("«Grâce à vous»")).toBe("«\u00a0Grâce à vous\u00a0»");
    // Not in addresses, times, placeholders or markup.
    expect(frenchTypography('Voir https://town.test/search?q=a:b à 14:00, {x}: <a href="/x?y=1" title="a : b">ici</a> : fin')).toBe(
      'Voir https://town.test/search?q=a:b à 14:00, {x}: <a href="/x?y=1" title="a : b">ici</a>\u00a0: fin',
    );
    const fr = translator("fr");
    expect(fr("need.remoteFollowInvalid")).toContain("Indiquez le nom de votre serveur, par exemple mastodon.social, et le compte à suivre sous la forme @nom@serveur.");
    expect(fr("search.unknownPlace", { place: "Trifouilly" })).toBe("Nous ne trouvons pas «\u00a0Trifouilly\u00a0»\u00a0: donnez le nom d'une commune ou son code postal (par exemple\u00a0: 69100).");
    // Every French string the translator gives has its spaces, and English is left alone.
    const loose = Object.keys(catalogue).filter((key) => / [:;!?»]|« /.test(fr(key as keyof typeof catalogue)));
    expect(loose).toEqual([]);
    expect(translator("en")("search.nearHint")).toBe("The two numbers separated by a comma, for example:");
  });
});
