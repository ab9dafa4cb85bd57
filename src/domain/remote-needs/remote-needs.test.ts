// The remote needs' rules on a real, migrated database (SQLite, and PostgreSQL
// when configured): the first author of a need stays its owner; nothing is kept
// from a suspended server, and what was is forgotten; a silenced server's needs
// are kept but listed nowhere; followers-only needs are for accepted followers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, type TestDb, testDb } from "../../../test/helpers/db.ts";
import type { Account } from "../accounts/users.ts";
import { createUser } from "../accounts/users.ts";
import { newId } from "../ids.ts";
import { blockDomain } from "../moderation/moderation.ts";
import { FederationPolicy } from "../moderation/policy.ts";
import type { RemoteNeedFields } from "./model.ts";
import {
  findListedRemoteNeed,
  findRemoteNeedByUri,
  listRemoteNeeds,
  type ReceivedNeed,
  remoteNeedOwner,
  storeRemoteNeed,
} from "./repository.ts";
import { admit } from "./visibility.ts";

const fields = (title: string, audience: "public" | "followers" = "public"): RemoteNeedFields => ({
  url: null,
  title,
  content_html: `<p>${title}</p>`,
  language: "fr",
  domains: JSON.stringify(["sport"]),
  starts: null,
  ends: null,
  place_label: "Stade",
  latitude: 45.7,
  longitude: 4.9,
  radius_km: 1,
  volunteers_wanted: 2,
  places_left: 2,
  proposal_uri: null,
  intent_uri: null,
  audience,
  published: new Date().toISOString(),
});

describe.each(dialects)("remote needs (%s)", (dialect) => {
  let db: TestDb;
  let policy: FederationPolicy;
  let moderator: Account;
  let follower: Account;
  let stranger: Account;

  async function remoteActor(uri: string) {
    const id = newId();
    await db.kysely
      .insertInto("remote_actors")
      .values({ id, uri, type: "Group", handle: null, name: uri, url: null, inbox: `${uri}/inbox`, shared_inbox: null, software: null, updated: new Date().toISOString() })
      .execute();
    return { id, uri };
  }

  /** As the inbox stores: admitted by the policy first, then written. */
  const store = async (need: ReceivedNeed) => {
    const admitted = await admit(policy, need);
    return admitted ? storeRemoteNeed(db.kysely, admitted) : undefined;
  };

  beforeAll(async () => {
    db = await testDb(dialect);
    policy = new FederationPolicy(db.kysely, { allowListMode: false });
    moderator = await createUser(db.kysely, { username: "moderatrice", email: "m@town.test", password: "a long password", role: "moderator" });
    follower = await createUser(db.kysely, { username: "lea", email: "lea@town.test", password: "a long password" });
    stranger = await createUser(db.kysely, { username: "ben", email: "ben@town.test", password: "a long password" });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("keeps the first author as the owner: another actor's copy changes nothing, the owner's updates it", async () => {
    const owner = await remoteActor("https://a.example/users/club");
    const intruder = await remoteActor("https://a.example/users/other");
    const uri = "https://a.example/needs/1";
    const id = await store({ uri, author: owner, ...fields("Buvette") });
    expect(id).toBeTypeOf("string");
    expect(await store({ uri, author: intruder, ...fields("Volée") })).toBeUndefined();
    expect(await remoteNeedOwner(db.kysely, uri)).toBe(owner.id);
    expect((await findRemoteNeedByUri(db.kysely, uri))?.title).toBe("Buvette");
    expect(await store({ uri, author: owner, ...fields("Grande buvette") })).toBe(id);
    const stored = await findRemoteNeedByUri(db.kysely, uri);
    expect(stored).toMatchObject({ id, title: "Grande buvette", author: { id: owner.id, uri: owner.uri }, domains: ["sport"], audience: "public" });
  });

  it("stores nothing from a suspended server, and forgets what it had stored from it", async () => {
    const author = await remoteActor("https://suspended.example/users/club");
    const before = await store({ uri: "https://suspended.example/needs/1", author, ...fields("Avant") });
    expect(before).toBeTypeOf("string");
    await blockDomain(db.kysely, policy, moderator, { domain: "suspended.example", severity: "suspend" });
    expect(await findRemoteNeedByUri(db.kysely, "https://suspended.example/needs/1")).toBeUndefined();
    expect(await store({ uri: "https://suspended.example/needs/2", author, ...fields("Après") })).toBeUndefined();
    expect(await findRemoteNeedByUri(db.kysely, "https://suspended.example/needs/2")).toBeUndefined();
  });

  it("keeps a silenced server's needs but lists them to nobody, follower or not", async () => {
    const author = await remoteActor("https://quiet.example/users/club");
    await db.kysely
      .insertInto("following")
      .values({ actor_id: follower.id, target_id: author.id, follow_uri: `https://town.test/follows/${newId()}`, accepted: 1, created: new Date().toISOString() })
      .execute();
    const id = (await store({ uri: "https://quiet.example/needs/1", author, ...fields("Chut") }))!;
    const listed = async (userId?: string) => (await listRemoteNeeds(db.kysely, policy, { userId })).map((n) => n.title);
    expect(await listed()).toContain("Chut");
    await blockDomain(db.kysely, policy, moderator, { domain: "quiet.example", severity: "silence" });
    expect((await findRemoteNeedByUri(db.kysely, "https://quiet.example/needs/1"))?.id).toBe(id);
    expect(await listed()).not.toContain("Chut");
    expect(await listed(follower.id)).not.toContain("Chut");
    expect(await findListedRemoteNeed(db.kysely, policy, { userId: follower.id }, id)).toBeUndefined();
    // A silenced subdomain too: the rule covers example.org's subdomains.
    const sub = await remoteActor("https://town.quiet.example/users/club");
    await store({ uri: "https://town.quiet.example/needs/1", author: sub, ...fields("Chut aussi") });
    expect(await listed()).not.toContain("Chut aussi");
    expect(await listed()).toContain("Grande buvette");
  });

  it("shows a followers-only need only to a local user whose follow of its organisation was accepted", async () => {
    const author = await remoteActor("https://b.example/users/asso");
    const pending = await createUser(db.kysely, { username: "cleo", email: "cleo@town.test", password: "a long password" });
    await db.kysely
      .insertInto("following")
      .values([
        { actor_id: follower.id, target_id: author.id, follow_uri: `https://town.test/follows/${newId()}`, accepted: 1, created: new Date().toISOString() },
        { actor_id: pending.id, target_id: author.id, follow_uri: `https://town.test/follows/${newId()}`, accepted: 0, created: new Date().toISOString() },
      ])
      .execute();
    const id = (await store({ uri: "https://b.example/needs/1", author, ...fields("Réservé", "followers") }))!;
    const listed = async (userId?: string) => (await listRemoteNeeds(db.kysely, policy, { userId })).map((n) => n.title);
    expect(await listed(follower.id)).toContain("Réservé");
    expect(await listed(pending.id)).not.toContain("Réservé");
    expect(await listed(stranger.id)).not.toContain("Réservé");
    expect(await listed()).not.toContain("Réservé");
    expect((await findListedRemoteNeed(db.kysely, policy, { userId: follower.id }, id))?.title).toBe("Réservé");
    expect(await findListedRemoteNeed(db.kysely, policy, { userId: pending.id }, id)).toBeUndefined();
    expect(await findListedRemoteNeed(db.kysely, policy, {}, id)).toBeUndefined();
  });
});
