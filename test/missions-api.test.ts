// The needs API: who may do what, the application lifecycle, places and status.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../src/domain/accounts/users.ts";
import { apiAs, testInstance } from "./helpers/app.ts";

describe("the needs API", () => {
  let app: Awaited<ReturnType<typeof testInstance>>;
  const tokens: Record<string, string> = {};
  const call = (who: string, method: string, path: string, body?: unknown) => apiAs(app, tokens)(who, method, path, body);
  const need = {
    organization: "asso",
    title: "Lecture à voix haute",
    description: "Lire le journal à des résidents.",
    domains: ["personnes-agees"],
    safeguarding: false,
    place: { label: "EHPAD des Tilleuls" },
    schedule: { kind: "date", start: "2026-12-12T15:00:00+01:00" },
    volunteers_wanted: 2,
    visibility: "public",
  };

  beforeAll(async () => {
    app = await testInstance({ LOGIN_RATE_LIMIT: "1000" });
    const db = app.db.kysely;
    await createUser(db, { username: "mairie", email: "m@town.test", password: "a long password", role: "admin" });
    for (const u of ["coord", "alice", "bob", "carla"]) {
      await createUser(db, { username: u, email: `${u}@town.test`, password: "a long password" });
    }
    for (const u of ["mairie", "coord", "alice", "bob", "carla"]) {
      tokens[u] = (await call("", "POST", "/tokens", { login: u, password: "a long password" })).body.token;
    }
    expect((await call("alice", "POST", "/organizations", { handle: "asso", name: "Asso" })).status).toBe(403);
    expect((await call("mairie", "POST", "/organizations", { handle: "asso", name: "Asso" })).status).toBe(201);
    expect((await call("mairie", "POST", "/organizations", { handle: "asso", name: "Autre" })).status).toBe(409);
    expect((await call("mairie", "PUT", "/organizations/asso/members/coord", { role: "coordinator" })).status).toBe(200);
  });
  afterAll(async () => {
    await app.close();
  });

  let id: string;

  it("lets only coordinators publish, edit and see applications", async () => {
    const refused = await call("alice", "POST", "/missions", need);
    expect(refused.status).toBe(403);
    expect(refused.type).toContain("application/problem+json");
    const created = await call("coord", "POST", "/missions", need);
    expect(created.status).toBe(201);
    id = created.body.id;
    expect(created.body).toMatchObject({ uri: `http://town.test/needs/${id}`, url: `http://town.test/needs/${id}`, status: "open", places_left: 2 });
    expect((await call("alice", "PATCH", `/missions/${id}`, { title: "Piraté" })).status).toBe(403);
    expect((await call("alice", "GET", `/missions/${id}/applications`)).status).toBe(403);
    expect((await call("", "GET", `/missions/${id}`)).body).not.toHaveProperty("private_notes");
    const draft = await call("coord", "POST", "/missions", { ...need, status: "draft" });
    expect((await call("alice", "GET", `/missions/${draft.body.id}`)).status).toBe(404);
    expect((await call("alice", "PATCH", `/missions/${draft.body.id}`, { title: "x y z" })).status).toBe(404);
  });

  it("runs applications from pending to accepted, filled when full, and back open on withdrawal", async () => {
    const a = await call("alice", "POST", `/missions/${id}/applications`, { message: "Avec plaisir" });
    expect(a.status).toBe(201);
    expect((await call("alice", "POST", `/missions/${id}/applications`, {})).status).toBe(409);
    const b = await call("bob", "POST", `/missions/${id}/applications`, {});
    const c = await call("carla", "POST", `/missions/${id}/applications`, {});
    expect((await call("coord", "GET", `/missions/${id}/applications`)).body).toHaveLength(3);

    expect((await call("alice", "PATCH", `/applications/${a.body.id}`, { status: "accepted" })).status).toBe(403);
    expect((await call("coord", "PATCH", `/applications/${a.body.id}`, { status: "accepted" })).body.status).toBe("accepted");
    expect((await call("coord", "PATCH", `/applications/${b.body.id}`, { status: "accepted" })).body.status).toBe("accepted");
    const full = await call("", "GET", `/missions/${id}`);
    expect(full.body).toMatchObject({ status: "filled", places_left: 0 });
    expect((await call("carla", "POST", `/missions/${id}/applications`, {})).status).toBe(409);

    const rejected = await call("coord", "PATCH", `/applications/${c.body.id}`, { status: "rejected", reason: "mission_finished" });
    expect(rejected.body).toMatchObject({ status: "rejected", reason: "mission_finished" });
    expect((await call("coord", "PATCH", `/applications/${c.body.id}`, { status: "rejected", reason: "because" })).status).toBe(422);

    expect((await call("bob", "PATCH", `/applications/${b.body.id}`, { status: "withdrawn" })).body.status).toBe("withdrawn");
    expect((await call("", "GET", `/missions/${id}`)).body).toMatchObject({ status: "open", places_left: 1 });
    const mine = await call("alice", "GET", "/me/applications");
    expect(mine.body.map((x: { status: string }) => x.status)).toEqual(["accepted"]);
  });

  it("closes a need with its outcome, and refuses impossible status changes", async () => {
    expect((await call("coord", "PATCH", `/missions/${id}`, { outcome: { volunteer_hours: 4, people_helped: 6 } })).status).toBe(422);
    const done = await call("coord", "PATCH", `/missions/${id}`, {
      status: "done",
      outcome: { volunteer_hours: 4, people_helped: 6, testimony: "Un moment chaleureux." },
    });
    expect(done.body).toMatchObject({ status: "done", outcome: { volunteer_hours: 4, people_helped: 6 } });
    const again = await call("coord", "PATCH", `/missions/${id}`, { status: "open" });
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe("a need cannot go from done to open");
    expect((await call("", "GET", "/missions?status=done")).body.items.map((n: { id: string }) => n.id)).toEqual([id]);
  });

  it("takes no application after the deadline", async () => {
    const late = await call("coord", "POST", "/missions", { ...need, deadline: "2020-01-31" });
    const applied = await call("alice", "POST", `/missions/${late.body.id}/applications`, {});
    expect(applied.status).toBe(409);
    expect(applied.body.detail).toBe("applications closed on 2020-01-31");
  });

  it("describes organisations: area, domains, contact, avatar, also on their Group actor", async () => {
    const created = await call("mairie", "POST", "/organizations", {
      handle: "ccas",
      name: "CCAS de la Ville",
      area: "Lyon 4e",
      domains: ["personnes-agees", "sante"],
      contact: "ccas@town.test",
      website: "https://ccas.example",
      avatar_url: "https://ccas.example/logo.png",
    });
    expect(created.body).toMatchObject({ area: "Lyon 4e", domains: ["personnes-agees", "sante"], address: "@ccas@town.test" });
    const actor = await app.http.request("http://town.test/actors/ccas", { headers: { Accept: "application/activity+json" } });
    const json = await actor.json();
    expect(json.icon).toMatchObject({ type: "Image", url: "https://ccas.example/logo.png" });
    expect(json.attachment).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: "PropertyValue", name: "Territoire", value: "Lyon 4e" })]),
    );
    expect(json.outbox).toBe("http://town.test/actors/ccas/outbox");
    expect(json.followers).toBe("http://town.test/actors/ccas/followers");
    expect((await call("", "GET", "/organizations/ccas/members")).status).toBe(401);
  });

  it("validates what it is given and names the faulty fields", async () => {
    const bad = await call("coord", "POST", "/missions", {
      ...need,
      domains: ["astrologie"],
      schedule: { kind: "recurring", rrule: "EVERY TUESDAY", start: "2026-12-01T14:00:00+01:00", duration_minutes: 60 },
      volunteers_wanted: 0,
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["domains.0", "schedule.rrule", "volunteers_wanted"]);
    expect((await call("", "GET", "/missions?near=here")).status).toBe(422);
    expect((await call("", "GET", "/missions?sort=distance")).status).toBe(422);
  });
});
