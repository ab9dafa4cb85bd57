// Relays: a town subscribes with the Mastodon/LitePub relay protocol (Follow of
// the Public collection), publishes its public needs through the relay, and
// stores what the relay announces. The relay is a small Fedify server here.
import { createFederation, generateCryptoKeyPair, MemoryKvStore } from "@fedify/fedify";
import { Accept, Announce, Application, Create, Endpoints, Follow, PUBLIC_COLLECTION, Undo } from "@fedify/vocab";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, runCli, type ServerProcess, startServer } from "./helpers/server.ts";
import { until } from "./helpers/wait.ts";


async function relayServer() {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const keys = [await generateCryptoKeyPair("RSASSA-PKCS1-v1_5")];
  const follows: Follow[] = [];
  const creates: Create[] = [];
  const undos: Undo[] = [];
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
  federation
    .setInboxListeners("/{identifier}/inbox", "/inbox")
    .on(Follow, async (ctx, follow) => {
      follows.push(follow);
      const follower = await follow.getActor(ctx);
      if (!follower) return;
      await ctx.sendActivity({ identifier: "actor" }, follower, new Accept({ id: new URL(`${origin}/accepts/${follows.length}`), actor: ctx.getActorUri("actor"), object: follow }));
    })
    .on(Create, (_ctx, create) => {
      creates.push(create);
    })
    .on(Undo, (_ctx, undo) => {
      undos.push(undo);
    });
  const server = serve({ fetch: (request) => federation.fetch(request, { contextData: undefined }), hostname: "127.0.0.1", port });
  return {
    url: `${origin}/actor`,
    follows,
    creates,
    undos,
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

describe("a relay", () => {
  let c: ServerProcess;
  let d: ServerProcess;
  let relay: Awaited<ReturnType<typeof relayServer>>;
  const token: Record<string, string> = {};
  const call = async (s: ServerProcess, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${s.url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token[s.url]}`, ...(body ? { "Content-Type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  beforeAll(async () => {
    [c, d] = await Promise.all([startServer(), startServer()]);
    for (const s of [c, d]) {
      runCli(["user", "create", "maire", "--email", "m@town.test", "--admin"], s.env, "the mayor's password\n");
      runCli(["org", "create", "asso", "--name", "Asso", "--coordinator", "maire"], s.env);
      token[s.url] = runCli(["token", "create", "maire"], s.env).stdout.trim();
    }
    relay = await relayServer();
  }, 90_000);
  afterAll(async () => {
    await Promise.all([c?.stop(), d?.stop(), relay?.close()]);
  });

  const need = (title: string) => ({
    organization: "asso",
    title,
    domains: ["environnement"],
    place: { label: "Berges du Rhône" },
    schedule: { kind: "flexible" },
    visibility: "public",
  });

  it("is subscribed to by following the Public collection, and carries our public needs", async () => {
    expect((await call(c, "POST", "/federation/relays", { target: relay.url })).status).toBe(202);
    const follow = await until("the relay to receive the subscription", async () => relay.follows[0]);
    expect(follow.objectId?.href).toBe(PUBLIC_COLLECTION.href);
    await until("the subscription to be accepted", async () => (await call(c, "GET", "/federation/follows")).body[0]?.accepted === 1);
    // A relay is not a member instance.
    expect((await call(c, "GET", "/federation/members")).body).toEqual([]);

    const published = await call(c, "POST", "/missions", need("Nettoyer les berges"));
    const create = await until("the relay to receive the need", async () =>
      relay.creates.find((x) => x.objectId?.href === published.body.uri),
    );
    expect(create.actorId?.href).toBe(`${c.url}/actors/asso`);
  });

  it("brings what it announces: a need from a server we do not follow is stored", async () => {
    const elsewhere = await call(d, "POST", "/missions", need("Planter des arbres"));
    await relay.announce(elsewhere.body.uri, `${c.url}/actors/instance`);
    const stored = await until("C to store the announced need", async () => {
      const { body } = await call(c, "GET", "/missions?scope=elsewhere");
      return body.items.find((n: { uri: string }) => n.uri === elsewhere.body.uri);
    });
    expect(stored).toMatchObject({ title: "Planter des arbres", origin: `127.0.0.1:${d.port}` });
  });

  it("is left with an Undo of the subscription", async () => {
    expect((await call(c, "DELETE", "/federation/follows", { target: relay.url })).status).toBe(204);
    const undo = await until("the relay to receive the Undo", async () => relay.undos[0]);
    const follow = await undo.getObject();
    expect(follow).toBeInstanceOf(Follow);
    expect((follow as Follow).objectId?.href).toBe(PUBLIC_COLLECTION.href);
    expect((await call(c, "GET", "/federation/follows")).body).toEqual([]);
  });
});
