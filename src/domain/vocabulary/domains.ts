// The controlled vocabulary of need domains.
//
// Slugs are stable identifiers: they are stored on needs, published as
// `<origin>/domains/<slug>` URIs (the `resourceConformsTo` of a Proposal's
// Intent) and must never be renamed once released. They follow the list of
// the French state's volunteering hub (API Engagement,
// betagouv/api-engagement `api/src/constants/domains.ts`, used by
// JeVeuxAider.gouv.fr) so that needs can be exchanged with it; the pilot
// domains come first, and `personnes-agees` and `handicap`, which the hub
// files under solidarity or health, are Entraide's own.
//
// Hashtags are ASCII letters and digits in CamelCase: Mastodon matches tags
// case-insensitively, and ASCII avoids two spellings of one tag
// (#Santé / #Sante) splitting the conversation.

export interface DomainTerm {
  slug: string;
  label: { fr: string; en: string };
  /** Without '#', ASCII letters and digits, e.g. "PersonnesAgees". */
  hashtag: string;
  /** The people helped are vulnerable (age, illness, childhood, disability, precariousness): publish narrowly by default. */
  sensitive: boolean;
  /** One of the domains the pilot starts with. */
  pilot: boolean;
}

export const DOMAINS: readonly DomainTerm[] = [
  {
    slug: "personnes-agees",
    label: { fr: "Personnes âgées et dépendance", en: "Elderly people and dependency" },
    hashtag: "PersonnesAgees",
    sensitive: true,
    pilot: true,
  },
  {
    slug: "sante",
    label: { fr: "Santé et maladie chronique", en: "Health and chronic illness" },
    hashtag: "Sante",
    sensitive: true,
    pilot: true,
  },
  {
    slug: "education",
    label: { fr: "Éducation et décrochage scolaire", en: "Education and school dropout" },
    hashtag: "Education",
    sensitive: true,
    pilot: true,
  },
  {
    slug: "handicap",
    label: { fr: "Handicap", en: "Disability" },
    hashtag: "Handicap",
    sensitive: true,
    pilot: false,
  },
  {
    slug: "solidarite-insertion",
    label: { fr: "Solidarité et insertion", en: "Solidarity and social inclusion" },
    hashtag: "Solidarite",
    // People in poverty, homeless or newly arrived: vulnerable, and easy to single out locally.
    sensitive: true,
    pilot: false,
  },
  {
    slug: "prevention-protection",
    label: { fr: "Prévention et protection", en: "Prevention and protection" },
    hashtag: "Prevention",
    // Covers the protection of victims and of children, not only civil safety.
    sensitive: true,
    pilot: false,
  },
  {
    slug: "vivre-ensemble",
    label: { fr: "Vivre ensemble", en: "Living together" },
    hashtag: "VivreEnsemble",
    sensitive: false,
    pilot: false,
  },
  {
    slug: "culture-loisirs",
    label: { fr: "Culture et loisirs", en: "Culture and leisure" },
    hashtag: "Culture",
    sensitive: false,
    pilot: false,
  },
  { slug: "sport", label: { fr: "Sport", en: "Sport" }, hashtag: "Sport", sensitive: false, pilot: false },
  {
    slug: "environnement",
    label: { fr: "Environnement", en: "Environment" },
    hashtag: "Environnement",
    sensitive: false,
    pilot: false,
  },
  { slug: "animaux", label: { fr: "Animaux", en: "Animals" }, hashtag: "Animaux", sensitive: false, pilot: false },
  {
    slug: "memoire-et-citoyennete",
    label: { fr: "Mémoire et citoyenneté", en: "Remembrance and citizenship" },
    hashtag: "Citoyennete",
    sensitive: false,
    pilot: false,
  },
  {
    slug: "benevolat-competences",
    label: { fr: "Bénévolat de compétences", en: "Skills-based volunteering" },
    hashtag: "BenevolatDeCompetences",
    sensitive: false,
    pilot: false,
  },
  { slug: "emploi", label: { fr: "Emploi", en: "Employment" }, hashtag: "Emploi", sensitive: false, pilot: false },
  {
    slug: "humanitaire",
    label: { fr: "Développement international et aide humanitaire", en: "International development and humanitarian aid" },
    hashtag: "Humanitaire",
    sensitive: false,
    pilot: false,
  },
  {
    slug: "batiment-industrie-logistique",
    label: { fr: "Bâtiment, industrie et logistique", en: "Building, industry and logistics" },
    hashtag: "Logistique",
    sensitive: false,
    pilot: false,
  },
  {
    slug: "gestion-finance-droit",
    label: { fr: "Gestion, finance et droit", en: "Management, finance and law" },
    hashtag: "GestionFinanceDroit",
    sensitive: false,
    pilot: false,
  },
  { slug: "recherche", label: { fr: "Recherche", en: "Research" }, hashtag: "Recherche", sensitive: false, pilot: false },
  {
    slug: "service-public-defense-securite",
    label: { fr: "Service public, défense et sécurité", en: "Public service, defence and security" },
    hashtag: "ServicePublic",
    sensitive: false,
    pilot: false,
  },
  // "Autre" in the hub; #Entraide (mutual aid) is the tag such needs are already found under.
  { slug: "autre", label: { fr: "Autre", en: "Other" }, hashtag: "Entraide", sensitive: false, pilot: false },
];

const BY_SLUG = new Map(DOMAINS.map((domain) => [domain.slug, domain]));

export function domainBySlug(slug: string): DomainTerm | undefined {
  return BY_SLUG.get(slug);
}

export function isDomainSlug(slug: string): boolean {
  return BY_SLUG.has(slug);
}

/** The stable URI a domain is published under, e.g. https://ville.example/domains/sante. */
export function domainUri(origin: URL | string, slug: string): URL {
  return new URL(`/domains/${encodeURIComponent(slug)}`, origin);
}

/**
 * The default visibility for a need in these domains: as soon as one
 * concerns vulnerable people, only followers see it. "local" (never
 * federated) stays a coordinator's explicit choice, not a default: a need
 * nobody outside sees gets no help from outside either.
 */
export function narrowestVisibilityFor(slugs: string[]): "public" | "followers" {
  // An unknown slug should have been refused earlier; if one slips through, err on the narrow side.
  return slugs.some((slug) => domainBySlug(slug)?.sensitive ?? true) ? "followers" : "public";
}

/**
 * Whether a need in these domains involves minors or vulnerable adults unless its
 * coordinators say otherwise: the three pilot domains (elderly people and dependency,
 * health and chronic illness, education and school dropout) put a volunteer alone with
 * a dependent adult, a patient or a child (issue 14, safeguarding).
 */
export function safeguardingByDefault(slugs: string[]): boolean {
  return slugs.some((slug) => domainBySlug(slug)?.pilot ?? false);
}
