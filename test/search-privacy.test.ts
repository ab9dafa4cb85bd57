// Where a need lies, to the metre, is for its coordinators: everyone else is shown
// a point rounded to about 1 km and a radius of at least 1 km. An outsider who
// searches again and again (radii bisected from several directions, distances,
// the order of results, place names) must learn nothing finer. So every answer
// must be the same wherever the need lies in its published cell: the attack below
// is run, the need is moved to another exact point of the same cell, the attack is
// run again, and the two transcripts must be identical.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../src/domain/accounts/users.ts";
import { silentEvents } from "../src/domain/events.ts";
import type { NeedCreate } from "../src/domain/needs/input.ts";
import { searchNeeds } from "../src/domain/needs/search.ts";
import { createNeed, updateNeed } from "../src/domain/needs/service.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { down, up } from "../migrations/20261201230000_needs_public_place.ts";
import { apiAs, testInstance } from "./helpers/app.ts";
import { dialects, testDb } from "./helpers/db.ts";

/** The published point of all the needs below but the decoy: 45.76, 4.84 (0.01° cells). */
const PUBLIC = { latitude: 45.76, longitude: 4.84 };
/** Where the target really is, then where it is moved to: the same cell, 1.2 km apart. */
const EXACT = { latitude: 45.76412, longitude: 4.83561, radius_km: 0.2 };
const MOVED = { latitude: 45.75611, longitude: 4.8448, radius_km: 0.6 };

const base: Omit<NeedCreate, "title" | "place"> = {
  organization: "asso",
  description: "",
  domains: ["personnes-agees"],
  skills: [],
  audience: [],
  language: "fr",
  schedule: { kind: "flexible" },
  volunteers_wanted: 1,
  visibility: "public",
  private_notes: "",
  beneficiary: "",
  status: "open",
};

/** Great-circle distance in km, as an attacker computes it. */
function km(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.latitude - a.latitude) * rad) / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(((b.longitude - a.longitude) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A point `distance` km from `from` towards `bearing` degrees (flat, which is all an attacker needs). */
function towards(from: { latitude: number; longitude: number }, bearing: number, distance: number) {
  const b = (bearing * Math.PI) / 180;
  return {
    latitude: from.latitude + (distance * Math.cos(b)) / 111.32,
    longitude: from.longitude + (distance * Math.sin(b)) / (111.32 * Math.cos((from.latitude * Math.PI) / 180)),
  };
}

/**
 * The point X and the margin c that best explain the thresholds: the need is found from
 * q when the radius reaches distance(q, X) - c (Gauss-Newton on the three unknowns).
 */
function trilaterate(probes: { q: { latitude: number; longitude: number }; r: number }[], start: { latitude: number; longitude: number }) {
  let x = [start.latitude, start.longitude, 0.5];
  const residuals = (v: number[]) => probes.map(({ q, r }) => km(q, { latitude: v[0]!, longitude: v[1]! }) - r - v[2]!);
  for (let step = 0; step < 30; step++) {
    const r0 = residuals(x);
    const columns = [0, 1, 2].map((k) => {
      const h = k === 2 ? 1e-3 : 1e-6;
      const moved = x.map((v, i) => (i === k ? v + h : v));
      return residuals(moved).map((r, i) => (r - r0[i]!) / h);
    });
    // Normal equations (J^T J) d = -J^T r, solved by Cramer's rule.
    const a = [0, 1, 2].map((i) => [0, 1, 2].map((j) => columns[i]!.reduce((s, v, n) => s + v * columns[j]![n]!, 0)));
    const g = [0, 1, 2].map((i) => -columns[i]!.reduce((s, v, n) => s + v * r0[n]!, 0));
    const det = (m: number[][]) =>
      m[0]![0]! * (m[1]![1]! * m[2]![2]! - m[1]![2]! * m[2]![1]!) -
      m[0]![1]! * (m[1]![0]! * m[2]![2]! - m[1]![2]! * m[2]![0]!) +
      m[0]![2]! * (m[1]![0]! * m[2]![1]! - m[1]![1]! * m[2]![0]!);
    const d = det(a);
    const delta = [0, 1, 2].map((k) => det(a.map((row, i) => row.map((v, j) => (j === k ? g[i]! : v)))) / d);
    x = x.map((v, i) => v + delta[i]!);
  }
  return { latitude: x[0]!, longitude: x[1]!, margin: x[2]! };
}

describe("what searches tell an outsider about where a need lies", () => {
  let app: Awaited<ReturnType<typeof testInstance>>;
  const tokens: Record<string, string> = {};
  const call = (who: string, method: string, path: string, body?: unknown) => apiAs(app, tokens)(who, method, path, body);
  const page = async (path: string) => {
    const res = await app.http.request(`http://town.test${path}`, { headers: { Accept: "text/html" } });
    return { status: res.status, html: await res.text() };
  };
  /** Ids of the needs, by the names the transcripts give them. */
  const names = new Map<string, string>();
  let target: string;
  let twin: string;
  let lure: string;
  let mairie: Awaited<ReturnType<typeof createUser>>;

  beforeAll(async () => {
    app = await testInstance({ LOGIN_RATE_LIMIT: "1000" });
    const db = app.db.kysely;
    mairie = await createUser(db, { username: "mairie", email: "m@town.test", password: "a long password", role: "admin" });
    const voisin = await createUser(db, { username: "voisin", email: "v@town.test", password: "a long password" });
    await createUser(db, { username: "curieux", email: "c@town.test", password: "a long password" });
    await createOrganization(db, { handle: "asso", name: "Asso", coordinatorId: mairie.id });
    // The attacker coordinates an organisation of its own on the same instance.
    await createOrganization(db, { handle: "autre", name: "Autre", coordinatorId: voisin.id });
    for (const u of ["voisin", "curieux"]) {
      tokens[u] = (await call("", "POST", "/tokens", { login: u, password: "a long password" })).body.token;
    }
    const add = async (name: string, title: string, place: NeedCreate["place"], extra: Partial<NeedCreate> = {}) => {
      const need = await createNeed(db, silentEvents, extra.organization === "autre" ? voisin : mairie, { ...base, title, place, ...extra });
      names.set(need.id, name);
      return need.id;
    };
    target = await add("target", "Courses pour une voisine", { label: "Quartier Ainay", mode: "on_site", ...EXACT });
    // Another need in the same cell, elsewhere in it: it must answer exactly as the target does.
    twin = await add("twin", "Lecture au foyer", { label: "Bellecour", mode: "on_site", latitude: 45.7631, longitude: 4.8372, radius_km: 1 });
    await add("decoy", "Jardin partagé", { label: "Terreaux", mode: "on_site", latitude: 45.7705, longitude: 4.8296, radius_km: 1 });
    await add("draft", "Brouillon", { label: "Impasse Cachée", mode: "on_site", latitude: 45.7, longitude: 4.9, radius_km: 1 }, { status: "draft" });
    await add("followers", "Pour les abonnés", { label: "Cour Discrète", mode: "on_site", latitude: 45.71, longitude: 4.91, radius_km: 1 }, { visibility: "followers" });
    // The attacker's own need, named like the target's place, to move the place look-up's centre.
    lure = await add("lure", "Leurre", { label: "Ainay nord", mode: "on_site", latitude: 45.75, longitude: 4.84, radius_km: 1 }, { organization: "autre" });
  });
  afterAll(async () => {
    await app?.close();
  });

  /** Its coordinators move the target to another exact point (and radius) of the same cell. */
  const moveTarget = (place: typeof EXACT) =>
    updateNeed(app.db.kysely, silentEvents, mairie, target, { place: { label: "Quartier Ainay", mode: "on_site", ...place } });

  /** Where the target and its twin answered differently (both or neither, at one distance, side by side). */
  const differences: string[] = [];
  const sameAsTwin = (ids: string[], distances: unknown[], where: string) => {
    const t = ids.indexOf(target);
    const w = ids.indexOf(twin);
    if (t === -1 && w === -1) return;
    if (t === -1 || w === -1) differences.push(`${where}: only the ${t === -1 ? "twin" : "target"} is found`);
    else if (Math.abs(t - w) !== 1) differences.push(`${where}: something sorts between them`);
    else if (JSON.stringify(distances[t]) !== JSON.stringify(distances[w])) differences.push(`${where}: ${distances[t]} and ${distances[w]}`);
  };

  /** The API's answer to one anonymous search, as the transcript records it. */
  const api = async (transcript: string[], q: { latitude: number; longitude: number }, radius: number) => {
    const near = `${q.latitude.toFixed(6)},${q.longitude.toFixed(6)}`;
    const res = await call("", "GET", `/missions?near=${near}&radius_km=${radius}&sort=distance&limit=100`);
    expect(res.status).toBe(200);
    const items = res.body.items as { id: string; distance_km: number }[];
    const ids = items.map((i) => i.id);
    sameAsTwin(ids, items.map((i) => i.distance_km), `near=${near}&radius_km=${radius}`);
    transcript.push(`api ${near} ${radius}: ${items.map((i) => `${names.get(i.id)} ${i.distance_km}`).join(", ")}`);
    return ids.includes(target);
  };

  /** The /search page's cards: which needs, in which order, and what each says (its distance). */
  const cards = (html: string) =>
    [...html.matchAll(/<a href="\/needs\/([^"]+)">[^<]*<\/a><\/h3><p class="meta">([^<]*)<\/p>/g)].map((m) => ({ id: m[1]!, meta: m[2]! }));

  const searchPage = async (transcript: string[], query: string) => {
    const { status, html } = await page(`/search?${query}`);
    const found = cards(html);
    sameAsTwin(found.map((c) => c.id), found.map((c) => c.meta.replace(/^.*📍 [^(]*/, "")), query);
    transcript.push(`page ${query} ${status}: ${found.map((c) => `${names.get(c.id)} ${c.meta}`).join(", ")}`);
    return found.some((c) => c.id === target);
  };

  /** The smallest radius at which a search from q finds the target, to a millionth of a km. */
  const threshold = async (found: (radius: number) => Promise<boolean>, low: number, high: number) => {
    expect(await found(low)).toBe(false);
    expect(await found(high)).toBe(true);
    for (let i = 0; i < 30; i++) {
      const middle = (low + high) / 2;
      if (await found(middle)) high = middle;
      else low = middle;
    }
    return high;
  };

  /** Bisects radii from three directions and three distances; returns the thresholds. */
  const attackApi = async (transcript: string[]) => {
    const probes: { q: { latitude: number; longitude: number }; r: number }[] = [];
    for (const bearing of [45, 135, 315]) {
      for (const distance of [4, 12, 40]) {
        const q = towards(PUBLIC, bearing, distance);
        probes.push({ q, r: await threshold((r) => api(transcript, q, r), 0.1, 100) });
      }
    }
    return probes;
  };

  const attackPage = async (transcript: string[]) => {
    for (const bearing of [45, 135, 315]) {
      const q = towards(PUBLIC, bearing, 12);
      const near = `${q.latitude.toFixed(6)},${q.longitude.toFixed(6)}`;
      transcript.push(`page threshold ${bearing}: ${await threshold((r) => searchPage(transcript, `near=${near}&radius=${r}`), 1, 100)}`);
    }
  };

  /** The attacker moves its own need named like the target's place, and reads where the place look-up lands. */
  const attackPlace = async (transcript: string[]) => {
    const located = async (latitude: number) => {
      const moved = await call("voisin", "PATCH", `/missions/${lure}`, { place: { label: "Ainay nord", mode: "on_site", latitude, longitude: 4.84, radius_km: 1 } });
      expect(moved.status).toBe(200);
      const alert = await call("curieux", "POST", "/alerts", { domains: ["personnes-agees"], area: { kind: "near", place: "ainay", radius_km: 5 } });
      expect(alert.status).toBe(201);
      expect((await call("curieux", "DELETE", `/alerts/${alert.body.id}`)).status).toBe(204);
      transcript.push(`alert at ${latitude}: ${alert.body.area.latitude},${alert.body.area.longitude}`);
      return alert.body.area.latitude as number;
    };
    // Where the centre of "ainay" reaches 45.76: with exact points, at 2 × 45.755 − the target's latitude.
    let low = 45.7;
    let high = 45.82;
    expect(await located(low)).toBeLessThan(45.76);
    expect(await located(high)).toBeGreaterThanOrEqual(45.76);
    for (let i = 0; i < 20; i++) {
      const middle = (low + high) / 2;
      if ((await located(middle)) >= 45.76) high = middle;
      else low = middle;
    }
    await searchPage(transcript, "place=ainay&radius=5");
    const home = await page("/?place=ainay");
    transcript.push(`home: ${cards(home.html).map((c) => `${names.get(c.id)} ${c.meta}`).join(", ")}`);
    await located(45.75);
    return high;
  };

  it("bisecting radii on the API from three directions gives back the public point, never the exact one", async () => {
    const transcript: string[] = [];
    const probes = await attackApi(transcript);
    const found = trilaterate(probes, { latitude: 45.75, longitude: 4.85 });
    // The fit is exact (a few metres at most): the thresholds are those of one point and one radius.
    for (const p of probes) expect(Math.abs(km(p.q, found) - p.r - found.margin)).toBeLessThan(0.002);
    expect(km(found, EXACT), "the exact point is not recovered").toBeGreaterThan(0.3);
    expect(km(found, PUBLIC), "what is recovered is the published point").toBeLessThan(0.01);
    expect(found.margin, "and the published radius, at least 1 km").toBeCloseTo(1, 2);
  });

  it("answers every search the same wherever the need lies in its cell: API, /search, place look-ups", async () => {
    const before: string[] = [];
    await attackApi(before);
    await attackPage(before);
    const placeBefore = await attackPlace(before);
    await moveTarget(MOVED);
    const after: string[] = [];
    await attackApi(after);
    await attackPage(after);
    const placeAfter = await attackPlace(after);
    await moveTarget(EXACT);
    expect(after.length).toBeGreaterThan(300);
    // Line by line first, for a readable failure, then as a whole.
    for (const [i, line] of before.entries()) expect(after[i], `answer ${i}`).toBe(line);
    expect(after).toEqual(before);
    expect(differences.slice(0, 5), "the twin, elsewhere in the cell, answers as the target does").toEqual([]);
    // The centre of "ainay" moves only when the lure's own published point does, at the edge of a cell.
    expect(Math.abs(placeBefore * 100 - 0.5 - Math.round(placeBefore * 100 - 0.5))).toBeLessThan(0.001);
    expect(placeAfter).toBe(placeBefore);
  });

  it("shows distances in whole kilometres from the published point", async () => {
    const q = towards(PUBLIC, 45, 3.4);
    const res = await call("", "GET", `/missions?near=${q.latitude},${q.longitude}&radius_km=10&sort=distance`);
    const shown = (res.body.items as { id: string; distance_km: number }[]).find((i) => i.id === target);
    expect(shown?.distance_km).toBe(Math.round(km(q, PUBLIC)));
    // 0.4 km from the published point, whereas the exact point is 0.9 km away.
    const by = towards(PUBLIC, 130, 0.4);
    expect(km(by, EXACT)).toBeGreaterThan(0.8);
    const close = await call("", "GET", `/missions?near=${by.latitude},${by.longitude}&radius_km=1&sort=distance`);
    expect((close.body.items as { id: string; distance_km: number }[]).find((i) => i.id === target)?.distance_km).toBe(0);
    const { html } = await page(`/search?near=${q.latitude},${q.longitude}&radius=10`);
    expect(cards(html).find((c) => c.id === target)?.meta).toContain("(à environ 3 km)");
    const here = await page(`/search?near=${by.latitude},${by.longitude}&radius=1`);
    expect(cards(here.html).find((c) => c.id === target)?.meta).toContain("(à moins de 1 km)");
  });

  it("resolves place names only from needs anyone may see", async () => {
    for (const place of ["cachée", "discrète"]) {
      const { status, html } = await page(`/search?place=${encodeURIComponent(place)}&radius=5`);
      expect(status, place).toBe(422);
      expect(html).toContain("Nous ne trouvons pas");
      const alert = await call("curieux", "POST", "/alerts", { domains: ["personnes-agees"], area: { kind: "near", place, radius_km: 5 } });
      expect(alert.status, place).toBe(422);
    }
    const { status } = await page("/search?place=bellecour&radius=5");
    expect(status).toBe(200);
  });
});

describe.each(dialects)("needs stored before searches used the published point, on %s", (dialect) => {
  it("get their published point from the migration, and are found from it", async () => {
    const db = await testDb(dialect);
    try {
      const admin = await createUser(db.kysely, { username: "mairie", email: "m@t.test", password: "a long password", role: "admin" });
      await createOrganization(db.kysely, { handle: "asso", name: "Asso", coordinatorId: admin.id });
      await createNeed(db.kysely, silentEvents, admin, { ...base, title: "Avant", place: { label: "Ainay", mode: "on_site", ...EXACT } });
      await createNeed(db.kysely, silentEvents, admin, { ...base, title: "Sans lieu", place: { label: "Lyon", mode: "on_site", radius_km: 1 } });
      // As the table was before: no published point stored.
      await down(db.kysely);
      await up(db.kysely);
      const rows = await db.kysely.selectFrom("needs").select(["title", "public_latitude", "public_longitude"]).orderBy("title").execute();
      expect(rows.map((r) => [r.title, r.public_latitude === null ? null : Number(r.public_latitude), r.public_longitude === null ? null : Number(r.public_longitude)])).toEqual([
        ["Avant", PUBLIC.latitude, PUBLIC.longitude],
        ["Sans lieu", null, null],
      ]);
      // 2.05 km from the published point (radius 1 km), 1.5 km from the exact one (radius 0.2 km):
      // found from 1.05 km on, 2 km away, as the published place says.
      const q = towards(PUBLIC, 300, 2.05);
      const found = await searchNeeds(db.kysely, db.dialect, { near: { ...q, radiusKm: 1.06 }, sort: "distance" });
      expect(found.items.map((n) => [n.title, n.distanceKm])).toEqual([["Avant", 2]]);
      const missed = await searchNeeds(db.kysely, db.dialect, { near: { ...q, radiusKm: 1.04 }, sort: "distance" });
      expect(missed.items).toEqual([]);
    } finally {
      await db.drop();
    }
  });
});
