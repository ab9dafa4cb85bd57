// Offers of help: from a citizen or an organisation, through the API and on the wire.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../src/domain/accounts/users.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { testInstance } from "./helpers/app.ts";

describe("offers", () => {
  let app: Awaited<ReturnType<typeof testInstance>>;
  const tokens: Record<string, string> = {};
  const call = async (who: string, method: string, path: string, body?: unknown, accept = "application/json") => {
    const res = await app.http.request(`http://town.test${path}`, {
      method,
      headers: {
        Accept: accept,
        ...(tokens[who] ? { Authorization: `Bearer ${tokens[who]}` } : {}),
        ...(body ? { "Content-Type": "application/json" } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, text, body: text.startsWith("{") || text.startsWith("[") ? JSON.parse(text) : null };
  };

  beforeAll(async () => {
    app = await testInstance({ LOGIN_RATE_LIMIT: "1000" });
    const db = app.db.kysely;
    await createUser(db, { username: "karim", email: "k@town.test", password: "a long password" });
    await createUser(db, { username: "coord", email: "c@town.test", password: "a long password" });
    const coord = (await db.selectFrom("users").select("id").where("email", "=", "c@town.test").executeTakeFirstOrThrow()).id;
    await createOrganization(db, { handle: "asso", name: "Asso", coordinatorId: coord });
    for (const who of ["karim", "coord"]) {
      tokens[who] = (await call("", "POST", "/api/v1/tokens", { login: who, password: "a long password" })).body.token;
    }
    // A remote follower of karim, so that publishing enqueues a delivery.
    const karim = (await db.selectFrom("actors").select("id").where("handle", "=", "karim").executeTakeFirstOrThrow()).id;
    await db
      .insertInto("remote_actors")
      .values({ id: "r1", uri: "http://127.0.0.9/u/f", type: "Person", handle: "f@127.0.0.9", name: "F", url: null, inbox: "http://127.0.0.9/u/f/inbox", shared_inbox: null, software: null, updated: new Date().toISOString() })
      .execute();
    await db.insertInto("followers").values({ actor_id: karim, follower_id: "r1", follow_uri: "http://127.0.0.9/f/1", created: new Date().toISOString() }).execute();
  });
  afterAll(async () => {
    await app.close();
  });

  let offerId: string;

  it("lets a citizen offer help, listed and served as a Note with a Proposal", async () => {
    const created = await call("karim", "POST", "/api/v1/offers", {
      title: "Trajets en voiture vers l'hôpital",
      description: "J'ai une voiture et du temps le **mercredi**.",
      domains: ["sante"],
      availability: "Le mercredi après-midi",
      place: { label: "Bron" },
    });
    expect(created.status).toBe(201);
    offerId = created.body.id;
    expect(created.body).toMatchObject({ author: { type: "Person", handle: "karim" }, uri: `http://town.test/offers/${offerId}` });
    expect((await call("", "GET", "/api/v1/offers?domain=sante")).body.items.map((o: { id: string }) => o.id)).toEqual([offerId]);
    expect((await call("", "GET", "/api/v1/offers?domain=education")).body.items).toEqual([]);

    const note = (await call("", "GET", `/offers/${offerId}`, undefined, "application/activity+json")).body;
    expect(note).toMatchObject({ type: "Note", id: `http://town.test/offers/${offerId}`, attributedTo: "http://town.test/actors/karim" });
    expect(note.content).toContain("Trajets en voiture vers l'hôpital");
    expect(note.content).toContain("<strong>mercredi</strong>");
    const proposal = (await call("", "GET", `/offers/${offerId}/proposal`, undefined, "application/activity+json")).body;
    expect(proposal).toMatchObject({ type: "Proposal", purpose: "offer" });
    const page = await call("", "GET", `/offers/${offerId}`, undefined, "text/html");
    expect(page.text).toContain("Le mercredi après-midi");

    await app.events.idle();
    const queued = await app.db.kysely.selectFrom("queue_messages").select("payload").execute();
    expect(queued.map((q) => q.payload).join()).toContain(`http://town.test/offers/${offerId}`);
  });

  it("lets only its author change it, and an organisation offer only through its coordinators", async () => {
    expect((await call("coord", "PATCH", `/api/v1/offers/${offerId}`, { status: "closed" })).status).toBe(403);
    const closed = await call("karim", "PATCH", `/api/v1/offers/${offerId}`, { status: "closed" });
    expect(closed.body.status).toBe("closed");
    expect((await call("", "GET", "/api/v1/offers")).body.items).toEqual([]);

    const asOrg = { title: "Prêt de salle", domains: ["vivre-ensemble"], availability: "Le week-end", place: { label: "Bron" }, organization: "asso" };
    expect((await call("karim", "POST", "/api/v1/offers", asOrg)).status).toBe(403);
    const byOrg = await call("coord", "POST", "/api/v1/offers", asOrg);
    expect(byOrg.body.author).toMatchObject({ type: "Group", handle: "asso" });
  });

  it("deletes an offer, leaving nothing at its id", async () => {
    expect((await call("karim", "DELETE", `/api/v1/offers/${offerId}`)).status).toBe(204);
    expect((await call("", "GET", `/api/v1/offers/${offerId}`)).status).toBe(404);
    expect((await call("", "GET", `/offers/${offerId}`, undefined, "text/html")).status).toBe(410);
    await app.events.idle();
    const deletes = await app.db.kysely.selectFrom("queue_messages").select("payload").execute();
    expect(deletes.map((q) => q.payload).join()).toContain('"Delete"');
  });
});
