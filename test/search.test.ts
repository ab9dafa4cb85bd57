// Searching needs, on SQLite (FTS5) and PostgreSQL (tsvector).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../src/domain/accounts/users.ts";
import { silentEvents } from "../src/domain/events.ts";
import type { NeedCreate } from "../src/domain/needs/input.ts";
import { scheduleBounds } from "../src/domain/needs/repository.ts";
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
    // From the published point (45.77, 4.83), in whole kilometres: 1.1 km.
    expect(found.items[0]!.distanceKm).toBe(1);
    expect(await titles({ near: { latitude: 43.3, longitude: 5.37, radiusKm: 5 } })).toEqual([
      "Accompagnement à l'hôpital",
      "Appels téléphoniques aux aînés",
    ]);
  });

  it("keeps to needs that can be done at a distance, in the query itself, so that pages stay full", async () => {
    expect(await titles({ atDistance: true })).toEqual(["Appels téléphoniques aux aînés"]);
    const first = await searchNeeds(db.kysely, db.dialect, { atDistance: true, limit: 1 });
    expect([first.items.map((n) => n.title), first.nextCursor]).toEqual([["Appels téléphoniques aux aînés"], null]);
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

  it("searches from a date find the needs still running, long ones included, in date order across pages", async () => {
    const org = await createOrganization(db.kysely, { handle: "calendrier", name: "Calendrier", coordinatorId: admin.id });
    // Short needs every ten days, and needs that last: two days, ten days, a season, weekly with no end, no date.
    const schedules: NeedCreate["schedule"][] = [];
    for (let day = 0; day < 200; day += 10) {
      schedules.push({ kind: "date", start: new Date(Date.UTC(2027, 0, 1 + day, 9)).toISOString(), end: null });
    }
    schedules.push(
      { kind: "range", start: "2027-02-27", end: "2027-02-28" },
      { kind: "range", start: "2027-01-20", end: "2027-01-30" },
      { kind: "range", start: "2027-01-10", end: "2027-04-10" },
      { kind: "range", start: "2026-12-01", end: "2027-06-30" },
      { kind: "date", start: "2027-03-01T08:00:00.000Z", end: "2027-03-09T18:00:00.000Z" },
      { kind: "recurring", start: "2026-11-03T17:00:00.000Z", duration_minutes: 120, rrule: "FREQ=WEEKLY;BYDAY=TU" },
      { kind: "flexible" },
    );
    const made: Awaited<ReturnType<typeof createNeed>>[] = [];
    for (const [i, schedule] of schedules.entries()) {
      made.push(await createNeed(db.kysely, silentEvents, admin, { ...base, organization: "calendrier", title: `n${i}`, schedule }));
    }
    // What a search from `from` to `to` must answer, from the needs' schedules alone.
    const expected = (from: string, to?: string) =>
      made
        .map((need) => ({ need, ...scheduleBounds(need.schedule) }))
        .filter(({ ends }) => ends === null || ends >= `${from}T00:00:00.000Z`)
        .filter(({ starts }) => !to || starts === null || starts <= `${to}T23:59:59.999Z`)
        .sort((a, b) => (a.starts ?? "9999").localeCompare(b.starts ?? "9999") || a.need.id.localeCompare(b.need.id))
        .map(({ need }) => need.title);
    const walk = async (from: string, to?: string) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 50; i++) {
        const page = await searchNeeds(db.kysely, db.dialect, { organizationId: org.id, from, to, limit: 3, cursor });
        seen.push(...page.items.map((n) => n.title));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      return seen;
    };
    for (const [from, to] of [
      ["2027-03-05", undefined],
      ["2027-03-05", "2027-03-20"],
      ["2027-01-25", "2027-02-05"],
      ["2027-05-01", "2027-02-01"],
      ["2027-07-15", undefined],
      ["2026-11-01", "2026-11-30"],
    ] as const) {
      const want = expected(from, to);
      // Long needs that started weeks before `from` are among them: the walk must not start at the floor only.
      expect(await walk(from, to), `${from} to ${to}`).toEqual(want);
    }
    expect(expected("2027-03-05")).toEqual(expect.arrayContaining(["n22", "n23", "n25", "n26"]));
  });
});
