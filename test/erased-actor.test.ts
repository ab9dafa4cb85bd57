// An account erased here (GDPR art. 17: DELETE /api/v1/me, or an administrator's
// erasure) is gone for good at its addresses: its actor URI answers 410 Gone with a
// Tombstone (as Mastodon and GoToSocial answer), WebFinger 410, and its profile page 410
// with a page in the visitor's language, so that other servers drop it. And on two real
// servers: one that never kept the erased actor's key (so cannot verify its Delete, the
// key's address answering 410) still forgets the person, since their server says they are gone,
// and that rule is no way to make it forget anyone else.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateCryptoKeyPair, signRequest } from "@fedify/fedify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../src/domain/accounts/users.ts";
import { issueToken, loadTokenKeys } from "../src/domain/accounts/tokens.ts";
import type { Instance } from "../src/main.ts";
import { apiAs, testInstance } from "./helpers/app.ts";
import { apiClient, root, runCli, type ServerProcess, serverDb, startServer } from "./helpers/server.ts";
import { until } from "./helpers/wait.ts";

const AP = "application/activity+json";

describe("an erased account's addresses", () => {
  let app: Instance;
  let api: ReturnType<typeof apiAs>;

  beforeAll(async () => {
    app = await testInstance();
    const db = app.db.kysely;
    const keys = await loadTokenKeys(db, app.config.publicUrl.origin);
    const admin = await createUser(db, { username: "camille", email: "camille@town.test", password: "a long password", role: "admin" });
    const zoe = await createUser(db, { username: "zoe", email: "zoe@town.test", password: "zoe's long password" });
    await createUser(db, { username: "yann", email: "yann@town.test", password: "a long password" });
    api = apiAs(app, {
      admin: (await issueToken(db, keys, admin.id, { name: "admin", days: 1 })).token,
      zoe: (await issueToken(db, keys, zoe.id, { name: "zoe", days: 1 })).token,
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  const get = (path: string, accept: string, lang = "fr") =>
    app.http.request(`http://town.test${path}`, { headers: { Accept: accept, "Accept-Language": lang } });
  const finger = (handle: string) => get(`/.well-known/webfinger?resource=${encodeURIComponent(`acct:${handle}@town.test`)}`, "application/jrd+json");

  it("serves a live account as usual", async () => {
    const actor = await get("/actors/zoe", AP);
    expect([actor.status, (await actor.json()).type]).toEqual([200, "Person"]);
    expect((await finger("zoe")).status).toBe(200);
    expect((await get("/@zoe", "text/html")).status).toBe(200);
  });

  it("answers 410 Gone with a Tombstone once its owner erased it (DELETE /api/v1/me)", async () => {
    expect((await api("zoe", "DELETE", "/me", { password: "zoe's long password" })).status).toBe(204);
    const actor = await get("/actors/zoe", AP);
    expect(actor.status).toBe(410);
    expect(actor.headers.get("content-type")).toMatch(/^application\/activity\+json/);
    const tombstone = await actor.json();
    // Fedify compacts the former type against the ActivityStreams context ("as:" is its prefix).
    expect(tombstone).toMatchObject({ id: "http://town.test/actors/zoe", type: "Tombstone", formerType: "as:Person" });
    const erased = await app.db.kysely.selectFrom("actors").select("updated").where("handle", "=", "zoe").executeTakeFirstOrThrow();
    expect(Date.parse(tombstone.deleted)).toBe(Date.parse(erased.updated));
    // The same through the ActivityStreams media type peers also ask with, and WebFinger.
    expect((await get("/actors/zoe", 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"')).status).toBe(410);
    expect((await finger("zoe")).status).toBe(410);
    // Its web page: gone, said in the visitor's language, with nothing of the person.
    const fr = await get("/@zoe", "text/html", "fr");
    const html = await fr.text();
    expect([fr.status, html.includes("<h1>Compte supprimé</h1>"), html.includes("Ce compte a été supprimé.")]).toEqual([410, true, true]);
    const en = await get("/@zoe", "text/html", "en");
    expect([en.status, (await en.text()).includes("<h1>Account deleted</h1>")]).toEqual([410, true]);
  });

  it("answers the same after an administrator's erasure; an organisation or a live account is untouched", async () => {
    expect((await api("admin", "POST", "/moderation/accounts/yann/erase", { reason: "asked by mail" })).status).toBe(200);
    expect((await get("/actors/yann", AP)).status).toBe(410);
    expect((await get("/@yann", "text/html")).status).toBe(410);
    expect((await get("/actors/camille", AP)).status).toBe(200);
    // A handle nobody ever had is still not found, not gone.
    expect((await get("/actors/nobody", AP)).status).toBe(404);
  });
});

describe("two servers: a Delete of an erased actor whose key the receiver never kept", () => {
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    [a, b] = await Promise.all([startServer(), startServer()]);
    expect(runCli(["user", "create", "claire", "--email", "claire@a.test"], a.env, "claire's password\n").status).toBe(0);
    expect(runCli(["org", "create", "asso", "--name", "Asso", "--coordinator", "claire"], a.env).status).toBe(0);
    expect(runCli(["user", "create", "bruno", "--email", "bruno@b.test"], b.env, "bruno's password\n").status).toBe(0);
    expect(runCli(["user", "create", "carla", "--email", "carla@b.test"], b.env, "carla's password\n").status).toBe(0);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    mkdirSync(join(root, "test", "output"), { recursive: true });
    writeFileSync(join(root, "test", "output", "erased-actor-a.log"), a?.logs() ?? "");
    writeFileSync(join(root, "test", "output", "erased-actor-b.log"), b?.logs() ?? "");
  });

  it("forgets the person: their server answers 410 for the key, so the unverifiable Delete is believed for that actor alone", async () => {
    const at = new Date().toISOString();
    const bruno = `${b.url}/actors/bruno`;
    // Each server knows the other's actor from rows alone: no signed request ever went
    // from B to A, so A never fetched (nor kept) Bruno's key.
    const aDb = serverDb(a);
    const bDb = serverDb(b);
    try {
      const asso = await aDb.kysely.selectFrom("actors").select("id").where("handle", "=", "asso").executeTakeFirstOrThrow();
      await aDb.kysely
        .insertInto("remote_actors")
        .values({ id: "bruno-on-a", uri: bruno, type: "Person", handle: `bruno@127.0.0.1:${b.port}`, name: "Bruno", url: null, inbox: `${bruno}/inbox`, shared_inbox: `${b.url}/inbox`, software: "entraide", updated: at })
        .execute();
      await aDb.kysely.insertInto("followers").values({ actor_id: asso.id, follower_id: "bruno-on-a", follow_uri: `${bruno}#follow`, created: at }).execute();
      const me = await bDb.kysely.selectFrom("actors").select("id").where("handle", "=", "bruno").executeTakeFirstOrThrow();
      await bDb.kysely
        .insertInto("remote_actors")
        .values({ id: "asso-on-b", uri: `${a.url}/actors/asso`, type: "Group", handle: `asso@127.0.0.1:${a.port}`, name: "Asso", url: null, inbox: `${a.url}/actors/asso/inbox`, shared_inbox: `${a.url}/inbox`, software: "entraide", updated: at })
        .execute();
      await bDb.kysely.insertInto("following").values({ actor_id: me.id, target_id: "asso-on-b", follow_uri: `${bruno}#follow`, accepted: 1, created: at }).execute();

      const token = runCli(["token", "create", "bruno"], b.env).stdout.trim();
      expect((await apiClient(b, token)("DELETE", "/me", { password: "bruno's password" })).status).toBe(204);
      await until("A to forget Bruno", async () => (await aDb.kysely.selectFrom("remote_actors").select("id").where("uri", "=", bruno).execute()).length === 0);
      expect(await aDb.kysely.selectFrom("followers").select("follower_id").execute()).toEqual([]);
      expect(a.logs()).toContain(`Erased what was held of ${bruno}: its server answers 410 Gone for it`);

      // The attack on that rule: the gone key's address, 410, named as the key of a Delete
      // of someone else, Carla, alive on B and known to A. Refused (401): the key must be
      // the deleted actor's own, and Carla's server does not say she is gone.
      const carla = `${b.url}/actors/carla`;
      await aDb.kysely
        .insertInto("remote_actors")
        .values({ id: "carla-on-a", uri: carla, type: "Person", handle: `carla@127.0.0.1:${b.port}`, name: "Carla", url: null, inbox: `${carla}/inbox`, shared_inbox: `${b.url}/inbox`, software: "entraide", updated: at })
        .execute();
      const { privateKey } = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
      const forged = (keyId: string) =>
        signRequest(
          new Request(`${a.url}/inbox`, {
            method: "POST",
            headers: { "Content-Type": "application/activity+json" },
            body: JSON.stringify({ "@context": "https://www.w3.org/ns/activitystreams", id: `${carla}#delete`, type: "Delete", actor: carla, to: "https://www.w3.org/ns/activitystreams#Public", object: carla }),
          }),
          privateKey,
          new URL(keyId),
        );
      expect((await fetch(await forged(`${bruno}#main-key`))).status).toBe(401);
      // Signed with a key Carla's document does not hold: her server answers 200, the signature fails.
      expect((await fetch(await forged(`${carla}#main-key`))).status).toBe(401);
      expect(await aDb.kysely.selectFrom("remote_actors").select("uri").where("uri", "=", carla).execute()).toEqual([{ uri: carla }]);
    } finally {
      await Promise.all([aDb.close(), bDb.close()]);
    }
  });
});
