// Searching needs, on SQLite (FTS5) and PostgreSQL (tsvector).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../src/domain/accounts/users.ts";
import { silentEvents } from "../src/domain/events.ts";
import type { NeedCreate } from "../src/domain/needs/input.ts";
import { searchNeeds } from "../src/domain/needs/search.ts";
import { createNeed, updateNeed } from "../src/domain/needs/service.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { dialects, type TestDb, testDb } from "./helpers/db.ts";

const base: Omit<NeedCreate, "title"> = {
  organization: "asso",
  description: "",
  domains: ["personnes-agees"],
  skills: [],
  audience: [],
  language: "fr",
  place: { label: "Lyon", mode: "on_site", radius_km: 1 },
  schedule: { kind: "flexible" },
  volunteers_wanted: 1,
  visibility: "public",
  private_notes: "",
  beneficiary: "",
  status: "open",
};

describe.each(dialects)("searching needs on %s", (dialect) => {
  let db: TestDb;
  let admin: Awaited<ReturnType<typeof createUser>>;
  const titles = async (search: Parameters<typeof searchNeeds>[2]) =>
    (await searchNeeds(db.kysely, db.dialect, search)).items.map((n) => n.title);

  beforeAll(async () => {
    db = await testDb(dialect);
    admin = await createUser(db.kysely, { username: "mairie", email: "m@t.test", password: "a long password", role: "admin" });
    await createOrganization(db.kysely, { handle: "asso", name: "Asso", coordinatorId: admin.id });
    const add = (title: string, extra: Partial<NeedCreate> = {}) =>
      createNeed(db.kysely, silentEvents, admin, { ...base, title, ...extra });
    await add("Visites à une personne âgée", {
      description: "Des visites de convivialité le mardi.",
      place: { label: "Croix-Rousse", mode: "on_site", latitude: 45.774, longitude: 4.832, radius_km: 1 },
      schedule: { kind: "date", start: "2026-12-01T14:00:00+01:00", end: null },
    });
    await add("Soutien scolaire en mathématiques", {
      domains: ["education"],
      place: { label: "Vénissieux", mode: "on_site", latitude: 45.697, longitude: 4.886, radius_km: 1 },
      schedule: { kind: "range", start: "2027-01-05", end: "2027-03-31" },
    });
    await add("Appels téléphoniques aux aînés", {
      place: { label: "Partout", mode: "remote", radius_km: 1 },
      schedule: { kind: "date", start: "2026-12-20T10:00:00+01:00", end: null },
    });
    await add("Accompagnement à l'hôpital", {
      domains: ["sante"],
      place: { label: "Marseille", mode: "on_site", latitude: 43.296, longitude: 5.37, radius_km: 1 },
      schedule: { kind: "date", start: "2026-12-10T09:00:00+01:00", end: null },
    });
    const filled = await add("Déménagement solidaire", { schedule: { kind: "date", start: "2026-12-05T09:00:00+01:00", end: null } });
    await updateNeed(db.kysely, silentEvents, admin, filled.id, { status: "filled" });
    await add("Brouillon secret", { status: "draft" });
  });
  afterAll(async () => {
    await db.drop();
  });

  it("finds words in titles, descriptions and places, accents and endings aside", async () => {
    expect(await titles({ q: "visite" })).toEqual(["Visites à une personne âgée"]);
    expect(await titles({ q: "convivialite mardi" })).toEqual(["Visites à une personne âgée"]);
    expect(await titles({ q: "hopital" })).toEqual(["Accompagnement à l'hôpital"]);
    expect(await titles({ q: "venissieux" })).toEqual(["Soutien scolaire en mathématiques"]);
    expect(await titles({ q: "brouillon" })).toEqual([]); // drafts are never found
    expect(await titles({ q: "\") OR 1=1 --" })).toEqual([]);
  });

  it("filters by domain, status and dates, soonest first", async () => {
    expect(await titles({ domain: ["personnes-agees"] })).toEqual([
      "Visites à une personne âgée",
      "Appels téléphoniques aux aînés",
    ]);
    expect(await titles({ status: ["filled"] })).toEqual(["Déménagement solidaire"]);
    expect(await titles({ from: "2026-12-15", to: "2027-01-10" })).toEqual([
      "Appels téléphoniques aux aînés",
      "Soutien scolaire en mathématiques",
    ]);
  });

  it("finds what is near a point, remote needs included, sorted by distance", async () => {
    const near = { latitude: 45.76, longitude: 4.83, radiusKm: 15 };
    const found = await searchNeeds(db.kysely, db.dialect, { near, sort: "distance" });
    expect(found.items.map((n) => n.title)).toEqual([
      "Visites à une personne âgée",
      "Soutien scolaire en mathématiques",
      "Appels téléphoniques aux aînés",
    ]);
    expect(found.items[0]!.distanceKm).toBeCloseTo(1.6, 0);
    expect(await titles({ near: { latitude: 43.3, longitude: 5.37, radiusKm: 5 } })).toEqual([
      "Accompagnement à l'hôpital",
      "Appels téléphoniques aux aînés",
    ]);
  });

  it("pages with a cursor, without repeating or skipping", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 5; i++) {
      const page = await searchNeeds(db.kysely, db.dialect, { limit: 1, cursor });
      seen.push(...page.items.map((n) => n.title));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(await titles({ limit: 10 }));
    expect(seen).toHaveLength(4);
    await expect(searchNeeds(db.kysely, db.dialect, { cursor: "garbage" })).rejects.toMatchObject({ kind: "invalid" });
  });

  it("pages filtered searches one need at a time: dated needs up to `to`, then undated ones; near needs in date order", async () => {
    await createNeed(db.kysely, silentEvents, admin, { ...base, title: "Tri de livres, quand vous pouvez", domains: ["culture-loisirs"] });
    const walk = async (search: Parameters<typeof searchNeeds>[2]) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 10; i++) {
        const page = await searchNeeds(db.kysely, db.dialect, { ...search, limit: 1, cursor });
        seen.push(...page.items.map((n) => n.title));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      return seen;
    };
    expect(await walk({ to: "2026-12-15" })).toEqual([
      "Visites à une personne âgée",
      "Accompagnement à l'hôpital",
      "Tri de livres, quand vous pouvez",
    ]);
    expect(await walk({ to: "2026-12-15" })).toEqual(await titles({ to: "2026-12-15", limit: 10 }));
    expect(await walk({ near: { latitude: 45.76, longitude: 4.83, radiusKm: 15 } })).toEqual([
      "Visites à une personne âgée",
      "Appels téléphoniques aux aînés",
      "Soutien scolaire en mathématiques",
    ]);
  });
});
