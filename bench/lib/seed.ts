// Seeding a server's SQLite database before it starts: rows inserted in bulk with
// Kysely, in a few transactions, through the same row mapping as the application
// (`toRow`), so that 100,000 needs take seconds, not the hours the API would.
import type { Kysely } from "kysely";
import { type Db, openDatabase } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import type { Database } from "../../src/db/schema.ts";
import { issueToken, loadTokenKeys } from "../../src/domain/accounts/tokens.ts";
import { createUser } from "../../src/domain/accounts/users.ts";
import { ensureInstanceActor, generateActorKeys } from "../../src/domain/actors/actors.ts";
import { newId } from "../../src/domain/ids.ts";
import type { Need } from "../../src/domain/needs/model.ts";
import { toRow } from "../../src/domain/needs/repository.ts";

/** A small deterministic generator (mulberry32): every run seeds the same data. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const WORDS = [
  "accompagner", "visites", "courses", "jardin", "lecture", "repas", "collecte", "atelier", "informatique",
  "transport", "bibliothèque", "quartier", "enfants", "musique", "sport", "nettoyage", "rivière", "forêt",
  "épicerie", "solidaire", "permanence", "accueil", "devoirs", "tricot", "cuisine", "festival", "brocante",
  "marché", "hôpital", "maison", "retraite", "animaux", "refuge", "vélo", "réparation", "traduction",
  "administratif", "numérique", "potager", "compost", "théâtre", "chorale", "patrimoine", "mémoire",
];
// Non-sensitive domains only: their needs are public by default (see narrowestVisibilityFor).
export const SEED_DOMAINS = ["sport", "environnement", "culture-loisirs", "animaux", "vivre-ensemble", "emploi", "recherche"];
const PLACES = ["Croix-Rousse", "Vaise", "Gerland", "Part-Dieu", "Villeurbanne", "Caluire", "Oullins", "Bron"];
/** Lyon: distance filters find needs around here. */
export const CENTRE = { latitude: 45.76, longitude: 4.84 };

export interface SeedOptions {
  organizations: number;
  needs: number;
  /** The origin the server will use (token issuer). */
  origin: string;
  /** Organisations with no needs and remote followers, spread over servers with shared inboxes. */
  followed?: { handle: string; followers: number; servers: string[] }[];
}

export interface Seeded {
  /** A bearer token of the admin `bench`, coordinator of every organisation. */
  token: string;
  handles: string[];
  needIds: string[];
}

const chunks = <T>(rows: T[], size: number) => Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

async function insertAll<T extends keyof Database>(db: Kysely<Database>, table: T, rows: Record<string, unknown>[], per = 200) {
  for (const chunk of chunks(rows, per)) await db.insertInto(table).values(chunk as never).execute();
}

/** Migrates `file` and fills it; the server must not be running yet. */
export async function seed(file: string, options: SeedOptions): Promise<Seeded> {
  const db: Db = openDatabase(`sqlite:${file}`);
  try {
    await migrateToLatest(db);
    await ensureInstanceActor(db.kysely, "Entraide");
    const admin = await createUser(db.kysely, { username: "bench", email: "bench@bench.test", password: "bench password 1234", role: "admin" });
    const token = (await issueToken(db.kysely, await loadTokenKeys(db.kysely, options.origin), admin.id, { name: "bench" })).token;
    // One key pair set for every organisation: generating 1,000 RSA keys would take
    // minutes, and what is measured (serving, signing) costs the same with any of them.
    const keys = await generateActorKeys();
    const created = new Date("2026-11-01T00:00:00Z").toISOString();
    const handles = Array.from({ length: options.organizations }, (_, i) => `asso-${i}`);
    const followed = options.followed ?? [];
    const orgs = [...handles, ...followed.map((f) => f.handle)].map((handle) => ({ id: newId(), handle }));
    const rand = random(42);
    await db.kysely.transaction().execute(async (trx) => {
      await insertAll(
        trx,
        "actors",
        orgs.map((o) => ({ id: o.id, type: "Group", handle: o.handle, name: `Association ${o.handle}`, summary: "Une association du quartier.", created, updated: created })),
      );
      await insertAll(
        trx,
        "actor_keys",
        orgs.flatMap((o) => keys.map((k) => ({ actor_id: o.id, type: k.type, public_key: k.publicKey, private_key: k.privateKey, created }))),
      );
      await insertAll(
        trx,
        "organizations",
        orgs.map((o) => ({ id: o.id, website: null, contact: null, avatar_url: null, area: "Lyon", domains: "[]", created })),
      );
      await insertAll(
        trx,
        "memberships",
        orgs.map((o) => ({ organization_id: o.id, user_id: admin.id, role: "coordinator", created })),
      );
    });

    const needIds: string[] = [];
    const base = Date.parse("2026-12-01T00:00:00Z");
    const withNeeds = orgs.slice(0, Math.min(handles.length, 200));
    for (const batch of chunks(Array.from({ length: options.needs }, (_, i) => i), 5000)) {
      const needs = batch.map((i): Need => {
        const org = withNeeds[i % withNeeds.length]!;
        const word = () => WORDS[Math.floor(rand() * WORDS.length)]!;
        const title = `${word()} ${word()} ${word()}`.replace(/^./, (c) => c.toUpperCase());
        const description = `Nous cherchons des bénévoles pour ${word()} et ${word()} près de ${PLACES[i % PLACES.length]}. ${word()} ${word()} ${word()}.`;
        const start = new Date(base + Math.floor(rand() * 365) * 86_400_000 + 9 * 3_600_000).toISOString();
        const published = new Date(Date.parse(created) + i * 1000).toISOString();
        const domain = SEED_DOMAINS[Math.floor(rand() * SEED_DOMAINS.length)]!;
        const id = newId();
        needIds.push(id);
        return {
          id,
          organization: { id: org.id, handle: org.handle, name: `Association ${org.handle}` },
          title,
          description,
          descriptionHtml: `<p>${description}</p>`,
          domains: [domain],
          skills: [],
          audience: [],
          language: "fr",
          place: {
            label: PLACES[i % PLACES.length]!,
            mode: "on_site",
            address: null,
            latitude: CENTRE.latitude + (rand() - 0.5) * 0.6,
            longitude: CENTRE.longitude + (rand() - 0.5) * 0.8,
            radiusKm: 2,
          },
          // Mostly one-off; one in fifty runs two to twelve weeks, one in a hundred weekly with no end.
          schedule:
            i % 50 === 7
              ? { kind: "range", start: start.slice(0, 10), end: new Date(Date.parse(start) + (14 + (i % 70)) * 86_400_000).toISOString().slice(0, 10) }
              : i % 100 === 13
                ? { kind: "recurring", start, durationMinutes: 120, rrule: "FREQ=WEEKLY" }
                : { kind: "date", start, end: null },
          volunteersWanted: 1 + Math.floor(rand() * 5),
          volunteersAccepted: 0,
          deadline: null,
          status: "open",
          visibility: "public",
          safeguarding: false,
          privateNotes: "",
          beneficiary: "",
          beneficiaryConsent: null,
          contact: null,
          practicalDetails: "",
          outcome: null,
          created: published,
          updated: published,
          published,
        };
      });
      await db.kysely.transaction().execute(async (trx) => {
        await insertAll(trx, "needs", needs.map(toRow), 100);
        await insertAll(trx, "need_domains", needs.map((n) => ({ need_id: n.id, domain: n.domains[0]! })), 500);
      });
    }

    let n = 0;
    for (const group of followed) {
      const orgId = orgs.find((o) => o.handle === group.handle)!.id;
      const actors = Array.from({ length: group.followers }, () => {
        const i = n++;
        const server = group.servers[i % group.servers.length]!;
        return {
          id: newId(),
          uri: `${server}/users/u${i}`,
          type: "Person",
          handle: `u${i}@${new URL(server).host}`,
          name: `u${i}`,
          url: null,
          inbox: `${server}/users/u${i}/inbox`,
          shared_inbox: `${server}/inbox`,
          software: "mastodon",
          updated: created,
        };
      });
      await db.kysely.transaction().execute(async (trx) => {
        await insertAll(trx, "remote_actors", actors, 500);
        await insertAll(
          trx,
          "followers",
          actors.map((a) => ({ actor_id: orgId, follower_id: a.id, follow_uri: `${a.uri}#follow`, created })),
          500,
        );
      });
    }
    return { token, handles, needIds };
  } finally {
    await db.close();
  }
}
