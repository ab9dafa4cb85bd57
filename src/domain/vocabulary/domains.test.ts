// The domain vocabulary: its slugs are published URIs and its hashtags go on
// every need, so both must stay well-formed; sensitivity drives visibility.
import { describe, expect, it } from "vitest";
import { DOMAINS, domainBySlug, domainUri, isDomainSlug, narrowestVisibilityFor } from "./domains.ts";

describe("the domain vocabulary", () => {
  it("lists the three pilot domains first, all sensitive, and no other pilot", () => {
    expect(DOMAINS.slice(0, 3).map((domain) => domain.slug)).toEqual(["personnes-agees", "sante", "education"]);
    expect(DOMAINS.slice(0, 3).every((domain) => domain.pilot && domain.sensitive)).toBe(true);
    expect(DOMAINS.filter((domain) => domain.pilot)).toHaveLength(3);
    expect(domainBySlug("personnes-agees")?.label).toEqual({ fr: "Personnes âgées et dépendance", en: "Elderly people and dependency" });
  });

  it("keeps the slugs of the state's volunteering hub (API Engagement)", () => {
    for (const slug of ["solidarite-insertion", "sport", "culture-loisirs", "environnement", "prevention-protection", "memoire-et-citoyennete", "vivre-ensemble", "benevolat-competences", "animaux", "emploi", "humanitaire", "autre"]) {
      expect(isDomainSlug(slug), slug).toBe(true);
    }
  });

  it("has unique, URL-safe slugs", () => {
    const slugs = DOMAINS.map((domain) => domain.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const slug of slugs) expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it("has unique ASCII alphanumeric hashtags, without '#', and labels in both languages", () => {
    const tags = DOMAINS.map((domain) => domain.hashtag.toLowerCase());
    expect(new Set(tags).size).toBe(tags.length);
    for (const domain of DOMAINS) {
      expect(domain.hashtag).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
      expect(domain.label.fr.length).toBeGreaterThan(0);
      expect(domain.label.en.length).toBeGreaterThan(0);
    }
  });

  it("looks slugs up, and refuses unknown ones", () => {
    expect(domainBySlug("sante")?.hashtag).toBe("Sante");
    expect(domainBySlug("Sante")).toBeUndefined();
    expect(isDomainSlug("sante")).toBe(true);
    expect(isDomainSlug("nope")).toBe(false);
  });

  it("publishes each domain under <origin>/domains/<slug>", () => {
    expect(domainUri("https://ville.example", "sante").href).toBe("https://ville.example/domains/sante");
    expect(domainUri(new URL("https://ville.example/some/page"), "personnes-agees").href).toBe(
      "https://ville.example/domains/personnes-agees",
    );
  });
});

describe("narrowestVisibilityFor", () => {
  it("keeps needs for vulnerable people to followers, others public", () => {
    expect(narrowestVisibilityFor(["personnes-agees"])).toBe("followers");
    expect(narrowestVisibilityFor(["environnement", "sante"])).toBe("followers");
    expect(narrowestVisibilityFor(["environnement", "sport"])).toBe("public");
    expect(narrowestVisibilityFor([])).toBe("public");
  });

  it("errs on the narrow side for an unknown slug", () => {
    expect(narrowestVisibilityFor(["environnement", "unknown"])).toBe("followers");
  });
});
