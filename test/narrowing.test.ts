// A public need made followers-only or local leaves the servers that received
// the public copy and are no longer in its audience. Three real servers: the
// organisation on A; on B a citizen who follows it; C, a federation of towns
// whose instance follows A's instance (and so receives and re-announces A's
// public needs) and subscribes to a relay A publishes through, but follows no
// organisation. The relay is a small Fedify server here that records what it
// receives and does not forward Deletes; Paula, who follows C, another.
import { createFederation, generateCryptoKeyPair, MemoryKvStore } from "@fedify/fedify";
import { Accept, Announce, Application, Create, Delete, Endpoints, Follow, Person, PUBLIC_COLLECTION } from "@fedify/vocab";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshStaleRemoteNeeds } from "../federation/instance.ts";
import { parseConfig } from "../src/config.ts";
import { createInstance } from "../src/main.ts";
import { apiClient, freePort, runCli, type ServerProcess, serverDb, startServer } from "./helpers/server.ts";
import { until } from "./helpers/wait.ts";

async function relayServer() {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const keys = [await generateCryptoKeyPair("RSASSA-PKCS1-v1_5")];
  const creates: Create[] = [];
  const deletes: Delete[] = [];
  const federation = createFederation<void>({ kv: new MemoryKvStore(), allowPrivateAddress: true, origin });
  federation
    .setActorDispatcher("/{identifier}", async (ctx, identifier) =>
      identifier === "actor"
        ? new Application({
            id: ctx.getActorUri(identifier),
            preferredUsername: "relay",
            inbox: ctx.getInboxUri(identifier),
            endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
            publicKey: (await ctx.getActorKeyPairs(identifier))[0]?.cryptographicKey,
          })
        : null,
    )
    .setKeyPairsDispatcher(() => keys);
  let accepted = 0;
  federation
    .setInboxListeners("/{identifier}/inbox", "/inbox")
    .on(Follow, async (ctx, follow) => {
      const follower = await follow.getActor(ctx);
      if (!follower) return;
      await ctx.sendActivity({ identifier: "actor" }, follower, new Accept({ id: new URL(`${origin}/accepts/${++accepted}`), actor: ctx.getActorUri("actor"), object: follow }));
    })
    .on(Create, (_ctx, create) => void creates.push(create))
    .on(Delete, (_ctx, deletion) => void deletes.push(deletion));
  const server = serve({ fetch: (request) => federation.fetch(request, { contextData: undefined }), hostname: "127.0.0.1", port });
  return {
    url: `${origin}/actor`,
    creates,
    deletes,
    /** Announces a post to a subscriber, as a LitePub relay does. */
    async announce(objectUri: string, subscriberActor: string) {
      const ctx = federation.createContext(new URL(origin), undefined);
      const subscriber = await ctx.lookupObject(subscriberActor);
      await ctx.sendActivity(
        { identifier: "actor" },
        subscriber as Application,
        new Announce({ id: new URL(`${origin}/announces/${Date.now()}`), actor: ctx.getActorUri("actor"), object: new URL(objectUri), to: PUBLIC_COLLECTION }),
      );
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A fediverse account following a federation of towns, recording the Announces and Deletes it receives (signatures checked). */
async function personServer() {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const keys = [await generateCryptoKeyPair("RSASSA-PKCS1-v1_5")];
  const announces: Announce[] = [];
  const deletes: Delete[] = [];
  const federation = createFederation<void>({ kv: new MemoryKvStore(), allowPrivateAddress: true, origin });
  federation
    .setActorDispatcher("/users/{identifier}", async (ctx, identifier) =>
      identifier === "paula"
        ? new Person({
            id: ctx.getActorUri(identifier),
            preferredUsername: identifier,
            inbox: ctx.getInboxUri(identifier),
            endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
            publicKey: (await ctx.getActorKeyPairs(identifier))[0]?.cryptographicKey,
          })
        : null,
    )
    .setKeyPairsDispatcher(() => keys);
  federation
    .setInboxListeners("/users/{identifier}/inbox", "/inbox")
    .on(Announce, (_ctx, announce) => void announces.push(announce))
    .on(Delete, (_ctx, deletion) => void deletes.push(deletion));
  const server = serve({ fetch: (request) => federation.fetch(request, { contextData: undefined }), hostname: "127.0.0.1", port });
  return {
    announces,
    deletes,
    async follow(actorUrl: string) {
      const ctx = federation.createContext(new URL(origin), undefined);
      const target = await ctx.lookupObject(actorUrl);
      if (!target?.id) throw new Error(`cannot find ${actorUrl}`);
      await ctx.sendActivity(
        { identifier: "paula" },
        target as Person,
        new Follow({ id: new URL(`${origin}/follows/1`), actor: ctx.getActorUri("paula"), object: target.id }),
      );
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Runs the daily refresh of remote needs on a running server, from this process, with the server's own database and keys. */
async function refreshOn(server: ServerProcess) {
  const side = await createInstance(parseConfig(server.env));
  try {
    return await refreshStaleRemoteNeeds(side.federation.createContext(new URL(server.url), side.contextData), -60_000);
  } finally {
    await side.close();
  }
}

const need = (title: string) => ({
  organization: "asso",
  title,
  domains: ["environnement"],
  place: { label: "Berges du Rhône" },
  schedule: { kind: "flexible" },
  volunteers_wanted: 2,
  visibility: "public",
});

describe("narrowing a need's audience", () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let c: ServerProcess;
  let claire: ReturnType<typeof apiClient>;
  let bea: ReturnType<typeof apiClient>;
  let maire: ReturnType<typeof apiClient>;
  let relay: Awaited<ReturnType<typeof relayServer>>;
  let paula: Awaited<ReturnType<typeof personServer>>;

  beforeAll(async () => {
    [a, b, c] = await Promise.all([startServer(), startServer(), startServer({ env: { AGGREGATOR: "true" } })]);
    expect(runCli(["user", "create", "claire", "--email", "claire@a.test", "--admin"], a.env, "claire's password\n").status).toBe(0);
    expect(runCli(["org", "create", "asso", "--name", "Les Amis du Rhône", "--coordinator", "claire"], a.env).status).toBe(0);
    expect(runCli(["user", "create", "bea", "--email", "bea@b.test"], b.env, "bea's password\n").status).toBe(0);
    expect(runCli(["user", "create", "maire", "--email", "maire@c.test", "--admin"], c.env, "the mayor's password\n").status).toBe(0);
    claire = apiClient(a, runCli(["token", "create", "claire"], a.env).stdout.trim());
    bea = apiClient(b, runCli(["token", "create", "bea"], b.env).stdout.trim());
    maire = apiClient(c, runCli(["token", "create", "maire"], c.env).stdout.trim());
    relay = await relayServer();
    paula = await personServer();
    await paula.follow(`${c.url}/actors/instance`);

    // Bea follows the organisation; A and C subscribe to the relay.
    expect((await bea("POST", "/follows", { target: `@asso@127.0.0.1:${a.port}` })).status).toBe(202);
    expect((await claire("POST", "/federation/relays", { target: relay.url })).status).toBe(202);
    expect((await maire("POST", "/federation/relays", { target: relay.url })).status).toBe(202);
    const bDb = serverDb(b);
    try {
      await until("A to accept Bea's follow", async () => (await bDb.kysely.selectFrom("following").select("accepted").executeTakeFirst())?.accepted === 1);
    } finally {
      await bDb.close();
    }
    await until("the relay to accept A and C", async () =>
      (await claire("GET", "/federation/follows")).body[0]?.accepted === 1 && (await maire("GET", "/federation/follows")).body[0]?.accepted === 1,
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop(), c?.stop(), relay?.close(), paula?.close()]);
  });

  /** The remote needs a server lists, as someone not signed in there (public ones) or as one of its users. */
  const listed = async (server: ServerProcess, as?: ReturnType<typeof apiClient>) => {
    const body = as ? (await as("GET", "/missions?scope=elsewhere")).body : await (await fetch(`${server.url}/api/v1/missions?scope=elsewhere`)).json();
    return (body.items as { uri: string }[]).map((n) => n.uri);
  };
  const deleted = (uri: string) => relay.deletes.find((d) => d.objectId?.href === uri);

  it("made followers-only, it is deleted on the relay and on a server that got it from the relay, and kept for a follower", async () => {
    const published = await claire("POST", "/missions", need("Nettoyer les berges"));
    expect(published.status).toBe(201);
    const uri: string = published.body.uri;
    await until("the relay to receive the need", async () => relay.creates.find((x) => x.objectId?.href === uri));
    await relay.announce(uri, `${c.url}/actors/instance`);
    await until("C to store it from the relay", async () => (await listed(c)).includes(uri));
    await until("B to store it for Bea", async () => (await listed(b, bea)).includes(uri));

    expect((await claire("PATCH", `/missions/${published.body.id}`, { visibility: "followers" })).status).toBe(200);
    const deletion = await until("the relay to receive a Delete", async () => deleted(uri));
    expect(deletion.actorId?.href).toBe(`${a.url}/actors/asso`);
    expect(deletion.toIds.map((u) => u.href)).toEqual([PUBLIC_COLLECTION.href]);
    // B got the Update to followers instead: no longer shown to everyone there, still to Bea.
    await until("B to keep it for followers only", async () => !(await listed(b)).includes(uri));
    expect(await listed(b, bea)).toContain(uri);
    // This relay forwards no Delete: C still has the public copy, until its daily refresh asks A,
    // which answers 401 to C's signed request (C follows nobody there).
    expect(await listed(c)).toContain(uri);
    expect(await refreshOn(c)).toEqual({ refreshed: 0, removed: 1 });
    expect(await listed(c)).not.toContain(uri);
    // B's refresh is signed as Bea, a follower: A shows it, B keeps it, for followers only.
    expect(await refreshOn(b)).toEqual({ refreshed: 1, removed: 0 });
    expect(await listed(b, bea)).toContain(uri);
    expect(await listed(b)).not.toContain(uri);
  });

  it("made followers-only, it is deleted on a server whose instance follows A's and by those it announced it to; made local, it leaves the follower too", async () => {
    expect((await maire("POST", "/federation/follows", { target: a.url })).status).toBe(202);
    await until("A to accept C's instance", async () =>
      ((await maire("GET", "/federation/follows")).body as { uri: string; accepted: number }[]).some((f) => f.uri === `${a.url}/actors/instance` && f.accepted === 1),
    );
    const published = await claire("POST", "/missions", need("Ramasser les déchets"));
    const uri: string = published.body.uri;
    await until("C to store it through A's instance", async () => (await listed(c)).includes(uri));
    await until("B to store it for Bea", async () => (await listed(b, bea)).includes(uri));
    await until("C to announce it to Paula", async () => paula.announces.some((x) => x.objectId?.href === uri));

    expect((await claire("PATCH", `/missions/${published.body.id}`, { visibility: "followers" })).status).toBe(200);
    await until("C to drop it on A's Delete", async () => !(await listed(c)).includes(uri));
    // C passes A's Delete on as it came, signed by A's organisation, so that Paula can trust it.
    const passedOn = await until("Paula to receive A's Delete from C", async () => paula.deletes.find((d) => d.objectId?.href === uri));
    expect(passedOn.actorId?.href).toBe(`${a.url}/actors/asso`);
    await until("B to keep it for followers only", async () => !(await listed(b)).includes(uri));
    expect(await listed(b, bea)).toContain(uri);
    expect(deleted(uri)).toBeTruthy();

    expect((await claire("PATCH", `/missions/${published.body.id}`, { visibility: "local" })).status).toBe(200);
    await until("B to drop it, made local", async () => !(await listed(b, bea)).includes(uri));
    const res = await fetch(uri, { headers: { Accept: "application/activity+json" } });
    expect(res.status).toBe(404);
  });

  it("an offer made followers-only, or local, is deleted on the relay", async () => {
    const offer = (title: string) => ({ title, domains: ["environnement"], availability: "le samedi", place: { label: "Lyon" }, visibility: "public" });
    const narrowed = await claire("POST", "/offers", offer("Je prête une remorque"));
    const local = await claire("POST", "/offers", offer("Je répare des vélos"));
    expect([narrowed.status, local.status]).toEqual([201, 201]);
    const uriOf = (id: string) => `${a.url}/offers/${id}`;
    await until("the relay to receive both offers", async () =>
      [narrowed, local].every((o) => relay.creates.some((x) => x.objectId?.href === uriOf(o.body.id))),
    );
    expect((await claire("PATCH", `/offers/${narrowed.body.id}`, { visibility: "followers" })).status).toBe(200);
    expect((await claire("PATCH", `/offers/${local.body.id}`, { visibility: "local" })).status).toBe(200);
    await until("the relay to receive a Delete of each", async () => deleted(uriOf(narrowed.body.id)) && deleted(uriOf(local.body.id)));
  });
});
