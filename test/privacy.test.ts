// A need full of private data (the beneficiary, an exact address, private
// notes, exact coordinates) goes through every way a need leaves the server:
// none of it may come out anywhere but to its coordinators.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../src/domain/accounts/users.ts";
import { silentEvents } from "../src/domain/events.ts";
import { createNeed, updateNeed } from "../src/domain/needs/service.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { testInstance } from "./helpers/app.ts";

const SECRETS = ["Mme Huguette Privée", "insuffisance cardiaque", "7 impasse des Secrets", "digicode 4711", "45.76412", "4.83561"];
const AP = "application/activity+json";

describe("private data of a need", () => {
  let app: Awaited<ReturnType<typeof testInstance>>;
  let needId: string;
  const get = async (path: string, accept = "application/json") => {
    const res = await app.http.request(`http://town.test${path}`, { headers: { Accept: accept } });
    return { status: res.status, text: await res.text() };
  };

  beforeAll(async () => {
    app = await testInstance();
    const db = app.db.kysely;
    const admin = await createUser(db, { username: "mairie", email: "mairie@town.test", password: "a long password", role: "admin" });
    await createOrganization(db, { handle: "asso", name: "Asso", coordinatorId: admin.id });
    // A remote follower, so that publishing enqueues a delivery we can read.
    await db
      .insertInto("remote_actors")
      .values({ id: "r1", uri: "http://127.0.0.9/users/f", type: "Person", handle: "f@127.0.0.9", name: "F", url: null, inbox: "http://127.0.0.9/users/f/inbox", shared_inbox: "http://127.0.0.9/inbox", software: null, updated: new Date().toISOString() })
      .execute();
    const org = await db.selectFrom("actors").select("id").where("handle", "=", "asso").executeTakeFirstOrThrow();
    await db.insertInto("followers").values({ actor_id: org.id, follower_id: "r1", follow_uri: "http://127.0.0.9/f/1", created: new Date().toISOString() }).execute();

    const events = app.contextData.events;
    const need = await createNeed(db, events, admin, {
      organization: "asso",
      title: "Courses pour une voisine",
      description: "Faire les courses une fois par semaine.",
      domains: ["solidarite-insertion"],
      skills: [],
      audience: ["seniors"],
      language: "fr",
      place: { label: "Quartier Ainay", mode: "on_site", address: "7 impasse des Secrets, Lyon", latitude: 45.76412, longitude: 4.83561, radius_km: 1 },
      schedule: { kind: "flexible" },
      volunteers_wanted: 1,
      visibility: "public",
      private_notes: "digicode 4711",
      beneficiary: "Mme Huguette Privée, insuffisance cardiaque",
      status: "open",
    });
    needId = need.id;
    await updateNeed(db, events, admin, needId, { title: "Courses pour une voisine (samedi)" });
    expect(silentEvents).toBeDefined();
  });
  afterAll(async () => {
    await app.close();
  });

  const paths = () => [
    [`/api/v1/missions/${needId}`, "application/json"],
    ["/api/v1/missions", "application/json"],
    ["/api/v1/missions?q=courses&near=45.76,4.83&radius_km=5&sort=distance", "application/json"],
    [`/needs/${needId}`, AP],
    [`/needs/${needId}/proposal`, AP],
    [`/needs/${needId}`, "text/html"],
    ["/actors/asso/outbox?cursor=", AP],
    ["/@asso", "text/html"],
    ["/", "text/html"],
    ["/search?q=courses", "text/html"],
    ["/feed.xml", "application/rss+xml"],
    ["/@asso/feed.xml", "application/rss+xml"],
    ["/domains/solidarite-insertion/feed.xml", "application/rss+xml"],
  ];

  it("is absent from every public answer: API, ActivityPub objects, outbox, pages", async () => {
    for (const [path, accept] of paths()) {
      const { status, text } = await get(path!, accept);
      expect(status, path).toBe(200);
      expect(text, path).toContain("Courses pour une voisine");
      for (const secret of SECRETS) expect(text, `${path} leaks "${secret}"`).not.toContain(secret);
    }
  });

  it("counts as one local post in NodeInfo", async () => {
    const { text } = await get("/nodeinfo/2.1");
    expect(JSON.parse(text).usage.localPosts).toBe(1);
  });

  it("is absent from the activities queued for delivery (Create and Update)", async () => {
    await app.events.idle();
    const queued = await app.db.kysely.selectFrom("queue_messages").select("payload").execute();
    const payloads = queued.map((q) => q.payload).join("\n");
    expect(payloads).toContain("Courses pour une voisine");
    expect(payloads).toContain('"Update"');
    for (const secret of SECRETS) expect(payloads, `deliveries leak "${secret}"`).not.toContain(secret);
  });

  it("is given to the organisation's coordinators, and rounded coordinates to everyone", async () => {
    const { text } = await get(`/api/v1/missions/${needId}`);
    const json = JSON.parse(text);
    expect(json.place).toMatchObject({ latitude: 45.76, longitude: 4.84, radius_km: 1 });
    const token = await app.http.request("http://town.test/api/v1/tokens", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ login: "mairie", password: "a long password" }),
    });
    const { token: bearer } = (await token.json()) as { token: string };
    const mine = await app.http.request(`http://town.test/api/v1/missions/${needId}`, {
      headers: { Authorization: `Bearer ${bearer}` },
    });
    const full = await mine.json();
    expect(full).toMatchObject({ beneficiary: "Mme Huguette Privée, insuffisance cardiaque", private_notes: "digicode 4711" });
    expect(full.place).toMatchObject({ address: "7 impasse des Secrets, Lyon", latitude: 45.76412 });
  });
});
