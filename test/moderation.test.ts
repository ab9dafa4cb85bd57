// Moderation through the API: who may, what it blocks, what it withdraws, what it records.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../src/domain/accounts/users.ts";
import { apiAs, testInstance } from "./helpers/app.ts";
import { fediverseAccounts } from "./helpers/fediverse.ts";

const signed = (keyId: string) => ({
  "Content-Type": "application/activity+json",
  Signature: `keyId="${keyId}",algorithm="rsa-sha256",headers="(request-target) host date",signature="AAAA"`,
});
const like = JSON.stringify({ "@context": "https://www.w3.org/ns/activitystreams", type: "Like", id: "https://x.example/l/1" });

describe("moderation", () => {
  let app: Awaited<ReturnType<typeof testInstance>>;
  const tokens: Record<string, string> = {};
  const call = (who: string, method: string, path: string, body?: unknown) => apiAs(app, tokens)(who, method, path, body);
  const inbox = (keyId: string) => app.http.request("http://town.test/inbox", { method: "POST", headers: signed(keyId), body: like });

  beforeAll(async () => {
    // Private addresses allowed: the other server below listens on loopback.
    app = await testInstance({ LOGIN_RATE_LIMIT: "1000", ALLOW_PRIVATE_ADDRESS: "true" });
    await createUser(app.db.kysely, { username: "modo", email: "modo@town.test", password: "a long password", role: "moderator" });
    await createUser(app.db.kysely, { username: "zoe", email: "zoe@town.test", password: "a long password" });
    for (const u of ["modo", "zoe"]) {
      tokens[u] = (await call("", "POST", "/tokens", { login: u, password: "a long password" })).body.token;
    }
  });
  afterAll(async () => {
    await app.close();
  });

  it("is for moderators only", async () => {
    expect((await call("zoe", "POST", "/moderation/domain-blocks", { domain: "spam.example" })).status).toBe(403);
    expect((await call("zoe", "GET", "/moderation/reports")).status).toBe(403);
    expect((await call("", "GET", "/moderation/audit")).status).toBe(401);
  });

  it("refuses deliveries from suspended servers and blocked actors before reading them", async () => {
    expect((await inbox("https://spam.example/users/a#main-key")).status).not.toBe(403);
    expect((await call("modo", "POST", "/moderation/domain-blocks", { domain: "spam.example", severity: "suspend" })).status).toBe(201);
    for (const keyId of ["https://spam.example/users/a#main-key", "https://sub.spam.example/actor#key"]) {
      const refused = await inbox(keyId);
      expect(refused.status).toBe(403);
      expect(refused.headers.get("content-type")).toContain("application/problem+json");
    }
    expect((await inbox("https://notspam.example/users/a#main-key")).status).not.toBe(403);
    // Without an HTTP signature (a proof-signed delivery), the activity's own actor is checked.
    const unsignedFromSpam = await app.http.request("http://town.test/inbox", {
      method: "POST",
      headers: { "Content-Type": "application/activity+json" },
      body: JSON.stringify({ "@context": "https://www.w3.org/ns/activitystreams", type: "Follow", id: "https://spam.example/f/1", actor: "https://spam.example/users/a", object: "http://town.test/actors/instance" }),
    });
    expect(unsignedFromSpam.status).toBe(403);

    expect((await call("modo", "POST", "/moderation/actor-blocks", { uri: "https://ok.example/users/troll" })).status).toBe(204);
    expect((await inbox("https://ok.example/users/troll#main-key")).status).toBe(403);
    expect((await inbox("https://ok.example/users/troll/main-key")).status).toBe(403);
    expect((await inbox("https://ok.example/users/nice#main-key")).status).not.toBe(403);

    expect((await call("modo", "DELETE", "/moderation/domain-blocks/spam.example")).status).toBe(204);
    expect((await inbox("https://spam.example/users/a#main-key")).status).not.toBe(403);
  });

  it("blocks an account named as people see it, @name@server, by asking its server for the account's URI", async () => {
    const elsewhere = await fediverseAccounts(["troll"]);
    try {
      const host = new URL(elsewhere.origin).host;
      expect((await call("modo", "POST", "/moderation/actor-blocks", { uri: `@troll@${host}`, reason: "harcèlement" })).status).toBe(204);
      const blocks = await app.db.kysely.selectFrom("actor_blocks").select(["uri", "reason"]).where("reason", "=", "harcèlement").execute();
      expect(blocks).toEqual([{ uri: elsewhere.uri("troll"), reason: "harcèlement" }]);
      expect((await inbox(`${elsewhere.uri("troll")}#main-key`)).status).toBe(403);
      // A handle nobody answers for is refused in words, and nothing is blocked.
      const unknown = await call("modo", "POST", "/moderation/actor-blocks", { uri: `nobody@${host}` });
      expect([unknown.status, unknown.body.code]).toEqual([404, "remote_not_found"]);
      expect(await app.db.kysely.selectFrom("actor_blocks").select("uri").where("uri", "like", `%nobody%`).execute()).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });

  it("suspends a local account: no more sign-in, tokens revoked, offers withdrawn with Delete", async () => {
    const offer = await call("zoe", "POST", "/offers", {
      title: "Cours de couture",
      domains: ["culture-loisirs"],
      availability: "Le samedi",
      place: { label: "Centre social" },
    });
    expect(offer.status).toBe(201);
    // A follower, so that the withdrawal has somewhere to go.
    const zoe = await app.db.kysely.selectFrom("actors").select("id").where("handle", "=", "zoe").executeTakeFirstOrThrow();
    await app.db.kysely
      .insertInto("remote_actors")
      .values({ id: "f", uri: "http://127.0.0.9/u/f", type: "Person", handle: null, name: "F", url: null, inbox: "http://127.0.0.9/u/f/inbox", shared_inbox: null, software: null, updated: new Date().toISOString() })
      .execute();
    await app.db.kysely.insertInto("followers").values({ actor_id: zoe.id, follower_id: "f", follow_uri: "http://127.0.0.9/f/1", created: new Date().toISOString() }).execute();

    expect((await call("modo", "POST", "/moderation/accounts/zoe/suspend", { reason: "spam" })).status).toBe(204);
    expect((await call("zoe", "GET", "/me")).status).toBe(401);
    expect((await call("", "POST", "/tokens", { login: "zoe", password: "a long password" })).status).toBe(401);
    expect((await call("", "GET", `/offers/${offer.body.id}`)).status).toBe(404);
    // Gone, as a deleted offer is: its page and its id answer 410, not 404.
    const page = await app.http.request(`http://town.test/offers/${offer.body.id}`, { headers: { Accept: "text/html" } });
    expect(page.status).toBe(410);
    await app.events.idle();
    const queued = await app.db.kysely.selectFrom("queue_messages").select("payload").execute();
    expect(queued.map((q) => q.payload).join()).toContain('"Delete"');
  });

  it("records every action in the audit log, newest first", async () => {
    const log = (await call("modo", "GET", "/moderation/audit")).body as { action: string; target: string; moderator: string }[];
    // The second actor.block is the one named by its handle.
    expect(log.map((l) => l.action)).toEqual(["account.suspend", "actor.block", "domain.unblock", "actor.block", "domain.suspend"]);
    expect(log.every((l) => l.moderator === "modo")).toBe(true);
  });
});

describe("allow-list mode", () => {
  it("takes deliveries only from approved servers", async () => {
    const app = await testInstance({ FEDERATION_MODE: "allowlist", LOGIN_RATE_LIMIT: "1000" });
    try {
      await createUser(app.db.kysely, { username: "modo", email: "m@town.test", password: "a long password", role: "moderator" });
      const token = (
        (await (
          await app.http.request("http://town.test/api/v1/tokens", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ login: "modo", password: "a long password" }),
          })
        ).json()) as { token: string }
      ).token;
      const inbox = (keyId: string) => app.http.request("http://town.test/inbox", { method: "POST", headers: signed(keyId), body: like });
      expect((await inbox("https://town-b.example/actors/instance#main-key")).status).toBe(403);
      await app.http.request("http://town.test/api/v1/moderation/allowed-domains", {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ domain: "town-b.example" }),
      });
      expect((await inbox("https://town-b.example/actors/instance#main-key")).status).not.toBe(403);
      expect((await inbox("https://elsewhere.example/actors/instance#main-key")).status).toBe(403);
    } finally {
      await app.close();
    }
  });
});
