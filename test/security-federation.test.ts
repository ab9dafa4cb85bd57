// Hostile servers. X is a town whose users follow an organisation on V (lea) and
// an account on the attacker's server (max), and whose instance subscribes to the
// attacker's "relay". The attacker is a small Fedify server of its own, on another
// loopback origin, with its own keys, signing what it sends as a real hostile
// server would. It tries to take V's need over on X, to make it say something
// else, to pass its own words off as V's, and to read who follows V.
import { createFederation, generateCryptoKeyPair, MemoryKvStore, signRequest } from "@fedify/fedify";
import {
  Accept,
  type Activity,
  Announce,
  Application,
  Create,
  CryptographicKey,
  Endpoints,
  Follow,
  isActor,
  Link,
  Note,
  Offer,
  Person,
  Proposal,
  PUBLIC_COLLECTION,
  Update,
} from "@fedify/vocab";
import { serve } from "@hono/node-server";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, freePort, root, runCli, type ServerProcess, serverDb, startServer } from "./helpers/server.ts";
import { until } from "./helpers/wait.ts";

const PROPOSAL_REL = "https://w3id.org/valueflows/ont/vf#Proposal";
const AP = "application/activity+json";
const outputDir = join(root, "test", "output");

/** The attacker: `evil` (a Person X's user follows) and `relay` (an Application X's instance subscribes to). */
async function hostileServer() {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const keys = [await generateCryptoKeyPair("RSASSA-PKCS1-v1_5")];
  // What it serves at its own URLs: the notes it forges on its origin.
  const notes = new Map<string, Note>();
  const federation = createFederation<void>({ kv: new MemoryKvStore(), allowPrivateAddress: true, origin });
  federation
    .setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
      const common = {
        id: ctx.getActorUri(identifier),
        preferredUsername: identifier,
        inbox: ctx.getInboxUri(identifier),
        endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
        publicKey: (await ctx.getActorKeyPairs(identifier))[0]?.cryptographicKey,
      };
      if (identifier === "evil") return new Person(common);
      if (identifier === "relay") return new Application(common);
      return null;
    })
    .setKeyPairsDispatcher(() => keys);
  federation.setObjectDispatcher(Note, "/notes/{id}", (_ctx, { id }) => notes.get(id) ?? null);
  // Needs of its own (FEP-0837: a Proposal whose purpose is a request).
  federation.setObjectDispatcher(Proposal, "/proposals/{id}", (ctx, { id }) => new Proposal({ id: ctx.getObjectUri(Proposal, { id }), purpose: "request" }));
  federation
    .setInboxListeners("/users/{identifier}/inbox", "/inbox")
    .on(Follow, async (ctx, follow) => {
      const follower = await follow.getActor(ctx);
      const followed = ctx.parseUri(follow.objectId)?.type === "actor" ? ctx.parseUri(follow.objectId) : null;
      const identifier = followed?.type === "actor" ? followed.identifier : "relay";
      if (!follower || !follow.id) return;
      await ctx.sendActivity(
        { identifier },
        follower,
        new Accept({ id: new URL(`${follow.id.href}#accept`), actor: ctx.getActorUri(identifier), object: follow }),
      );
    })
    .on(Accept, () => {});
  // A key of its own, published as a bare key document that says it belongs to someone else.
  const forgedPair = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
  const forgedKeyId = new URL(`${origin}/keys/forged`);
  const maskId = new URL(`${origin}/masks/1`);
  const maskKeyId = new URL(`${maskId.href}#main-key`);
  let forgedOwner: string | null = null;
  const server = serve({
    fetch: async (request) => {
      const path = new URL(request.url).pathname;
      if (path === forgedKeyId.pathname && forgedOwner) {
        const key = new CryptographicKey({ id: forgedKeyId, owner: new URL(forgedOwner), publicKey: forgedPair.publicKey });
        return new Response(JSON.stringify(await key.toJsonLd()), { headers: { "Content-Type": "application/activity+json" } });
      }
      // The same key inside an actor of its own, still said to belong to someone else.
      if (path === maskId.pathname && forgedOwner) {
        const key = new CryptographicKey({ id: maskKeyId, owner: new URL(forgedOwner), publicKey: forgedPair.publicKey });
        const mask = new Person({ id: maskId, preferredUsername: "mask", inbox: new URL(`${origin}/users/mask/inbox`), publicKey: key });
        return new Response(JSON.stringify(await mask.toJsonLd()), { headers: { "Content-Type": "application/activity+json" } });
      }
      return federation.fetch(request, { contextData: undefined });
    },
    hostname: "127.0.0.1",
    port,
  });
  const ctx = () => federation.createContext(new URL(origin), undefined);
  return {
    origin,
    evil: `${origin}/users/evil`,
    relay: `${origin}/users/relay`,
    notes,
    /** Signs `activity` as `identifier` and posts it to `recipient`'s (shared) inbox. */
    async send(identifier: string, recipientUri: string, activity: Activity) {
      const c = ctx();
      const recipient = await c.lookupObject(recipientUri);
      if (!isActor(recipient) || !recipient.id) throw new Error(`no actor at ${recipientUri}`);
      await c.sendActivity({ identifier }, recipient, activity, { preferSharedInbox: true });
    },
    /** Posts `activity` to `inbox`, signed with its own key, published (bare, or in an actor of its own) as `owner`'s. */
    async sendAs(owner: string, inbox: string, activity: Activity, published: "bare" | "in-actor" = "bare") {
      forgedOwner = owner;
      const body = JSON.stringify(await activity.toJsonLd());
      const request = new Request(inbox, { method: "POST", body, headers: { "Content-Type": "application/activity+json" } });
      return fetch(await signRequest(request, forgedPair.privateKey, published === "bare" ? forgedKeyId : maskKeyId));
    },
    /** A GET signed with evil's key, as a server fetching a collection does. */
    async signedGet(url: string) {
      const loader = await ctx().getDocumentLoader({ identifier: "evil" });
      return (await loader(url)).document as Record<string, unknown>;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("a hostile server", () => {
  let v: ServerProcess;
  let x: ServerProcess;
  let attacker: Awaited<ReturnType<typeof hostileServer>>;
  let claire: ReturnType<typeof apiClient>;
  let lea: ReturnType<typeof apiClient>;
  let max: ReturnType<typeof apiClient>;
  let mairie: string;

  beforeAll(async () => {
    [v, x, attacker] = await Promise.all([startServer(), startServer(), hostileServer()]);
    runCli(["user", "create", "claire", "--email", "claire@v.test"], v.env, "claire's password\n");
    runCli(["org", "create", "mairie", "--name", "Mairie de V", "--coordinator", "claire"], v.env);
    runCli(["user", "create", "lea", "--email", "lea@x.test", "--admin"], x.env, "lea's password\n");
    runCli(["user", "create", "max", "--email", "max@x.test"], x.env, "max's password\n");
    claire = apiClient(v, runCli(["token", "create", "claire"], v.env).stdout.trim());
    lea = apiClient(x, runCli(["token", "create", "lea"], x.env).stdout.trim());
    max = apiClient(x, runCli(["token", "create", "max"], x.env).stdout.trim());
    mairie = `${v.url}/actors/mairie`;
    expect((await lea("POST", "/follows", { target: `@mairie@127.0.0.1:${v.port}` })).status).toBe(202);
    expect((await max("POST", "/follows", { target: attacker.evil })).status).toBe(202);
    expect((await lea("POST", "/federation/relays", { target: attacker.relay })).status).toBe(202);
    const db = serverDb(x);
    try {
      await until("X's three follows to be accepted", async () => {
        const rows = await db.kysely.selectFrom("following").select("accepted").execute();
        return rows.length === 3 && rows.every((r) => r.accepted === 1);
      });
    } finally {
      await db.close();
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all([v?.stop(), x?.stop(), attacker?.close()]);
    // X's and V's logs (each refusal is logged with its reason), for when something here fails.
    mkdirSync(outputDir, { recursive: true });
    writeFileSync(join(outputDir, "security-federation-x.log"), x?.logs() ?? "");
    writeFileSync(join(outputDir, "security-federation-v.log"), v?.logs() ?? "");
  });

  /** X's copy of a need, with the URI of the actor it is stored as. */
  async function storedOnX(uri: string) {
    const db = serverDb(x);
    try {
      return await db.kysely
        .selectFrom("remote_needs as n")
        .innerJoin("remote_actors as a", "a.id", "n.actor_id")
        .select(["n.title", "n.content_html", "a.uri as owner"])
        .where("n.uri", "=", uri)
        .executeTakeFirst();
    } finally {
      await db.close();
    }
  }

  /** Until X's queue has handled the activity `id` (Fedify logs it), whatever it made of it. */
  const handledByX = (id: string) =>
    until(`X to handle ${id}`, async () => x.logs().split("\n").some((line) => line.includes(id) && line.includes("has been processed")));

  async function publishOnV(title: string) {
    const published = await claire("POST", "/missions", {
      organization: "mairie",
      title,
      domains: ["environnement"],
      place: { label: "Parc de la Tête d'Or" },
      schedule: { kind: "flexible" },
      visibility: "public",
    });
    expect(published.status).toBe(201);
    const uri: string = published.body.uri;
    await until("X to store V's need", () => storedOnX(uri));
    return { id: published.body.id as string, uri };
  }

  /** A Note on V's origin, with a link to V's real Proposal, saying what the attacker wants. */
  const forgedNote = (uri: string, attributedTo: string, proposal = `${uri}/proposal`) =>
    new Note({
      id: new URL(uri),
      attribution: new URL(attributedTo),
      name: "Urgent : envoyez vos coordonnées bancaires",
      content: "<p>Envoyez votre RIB à evil@attacker pour être indemnisé.</p>",
      to: PUBLIC_COLLECTION,
      attachments: [new Link({ href: new URL(proposal), rels: [PROPOSAL_REL] })],
    });

  it("cannot take V's need over with a Create on V's origin, and V's Delete still removes it", async () => {
    const need = await publishOnV("Nettoyer le parc");
    const attack = `${need.uri}#create-evil`;
    await attacker.send(
      "evil",
      `${x.url}/actors/max`,
      new Create({ id: new URL(attack), actor: new URL(attacker.evil), object: forgedNote(need.uri, attacker.evil), to: PUBLIC_COLLECTION }),
    );
    await handledByX(attack);
    expect(await storedOnX(need.uri)).toMatchObject({ title: "Nettoyer le parc", owner: mairie });

    expect((await claire("DELETE", `/missions/${need.id}`)).status).toBe(204);
    await until("X to remove the need V deleted", async () => !(await storedOnX(need.uri)));
  });

  it("cannot sign as V's organisation with a key of its own that says it is V's", async () => {
    const need = await publishOnV("Repeindre le kiosque");
    const forged = new Create({ id: new URL(`${need.uri}#create-forged-key`), actor: new URL(mairie), object: forgedNote(need.uri, mairie), to: PUBLIC_COLLECTION });
    const res = await attacker.sendAs(mairie, `${x.url}/inbox`, forged);
    expect(res.status).toBe(401);
    expect(await storedOnX(need.uri)).toMatchObject({ title: "Repeindre le kiosque", owner: mairie });
    expect(x.logs()).toContain(`${attacker.origin}/keys/forged holds a key it says belongs to ${mairie}, on another origin: refused`);
    const again = new Create({ id: new URL(`${need.uri}#create-masked-key`), actor: new URL(mairie), object: forgedNote(need.uri, mairie), to: PUBLIC_COLLECTION });
    expect((await attacker.sendAs(mairie, `${x.url}/inbox`, again, "in-actor")).status).toBe(401);
    expect(await storedOnX(need.uri)).toMatchObject({ title: "Repeindre le kiosque", owner: mairie });
  });

  it("cannot rewrite V's need with an Update on V's origin", async () => {
    const need = await publishOnV("Ramasser les feuilles");
    const attack = `${need.uri}#update-evil`;
    await attacker.send(
      "evil",
      `${x.url}/actors/max`,
      new Update({ id: new URL(attack), actor: new URL(attacker.evil), object: forgedNote(need.uri, attacker.evil), to: PUBLIC_COLLECTION }),
    );
    await handledByX(attack);
    expect(await storedOnX(need.uri)).toMatchObject({ title: "Ramasser les feuilles", owner: mairie });
  });

  it("cannot make V's need say something else by announcing a forged copy of it as a relay", async () => {
    const need = await publishOnV("Planter des tulipes");
    const attack = `${need.uri}#announce-evil`;
    await attacker.send(
      "relay",
      `${x.url}/actors/instance`,
      new Announce({ id: new URL(attack), actor: new URL(attacker.relay), object: forgedNote(need.uri, mairie), to: PUBLIC_COLLECTION }),
    );
    await handledByX(attack);
    const stored = await storedOnX(need.uri);
    expect(stored).toMatchObject({ title: "Planter des tulipes", owner: mairie });
    expect(stored?.content_html).not.toContain("RIB");
  });

  it("cannot pass a note of its own off as V's by announcing it", async () => {
    // Linked to a real Proposal of V's, so that it would pass for a need.
    const real = await publishOnV("Arroser les massifs");
    const uri = `${attacker.origin}/notes/1`;
    attacker.notes.set("1", forgedNote(uri, mairie, `${real.uri}/proposal`));
    const attack = `${attacker.origin}/announces/1`;
    await attacker.send(
      "relay",
      `${x.url}/actors/instance`,
      new Announce({ id: new URL(attack), actor: new URL(attacker.relay), object: attacker.notes.get("1"), to: PUBLIC_COLLECTION }),
    );
    await handledByX(attack);
    expect(await storedOnX(uri)).toBeUndefined();
  });

  it("cannot change whose need it is, even from the need's own origin", async () => {
    // evil's own need, on its origin.
    const uri = `${attacker.origin}/notes/2`;
    const proposal = `${attacker.origin}/proposals/2`;
    const own = forgedNote(uri, attacker.evil, proposal);
    await attacker.send("evil", `${x.url}/actors/max`, new Create({ id: new URL(`${uri}#create`), actor: new URL(attacker.evil), object: own, to: PUBLIC_COLLECTION }));
    await until("X to store evil's need", () => storedOnX(uri));
    // Another actor of that origin claims it: X's instance follows that server (the "relay").
    const attack = `${uri}#update-relay`;
    const claimed = forgedNote(uri, attacker.relay, proposal).clone({ name: "Repris par le relais" });
    await attacker.send("relay", `${x.url}/actors/instance`, new Update({ id: new URL(attack), actor: new URL(attacker.relay), object: claimed, to: PUBLIC_COLLECTION }));
    await handledByX(attack);
    expect(await storedOnX(uri)).toMatchObject({ title: "Urgent : envoyez vos coordonnées bancaires", owner: attacker.evil });
  });

  it("cannot borrow V's Proposal for a note of its own", async () => {
    const real = await publishOnV("Tailler les haies");
    const uri = `${attacker.origin}/notes/3`;
    const attack = `${uri}#create`;
    await attacker.send("evil", `${x.url}/actors/max`, new Create({ id: new URL(attack), actor: new URL(attacker.evil), object: forgedNote(uri, attacker.evil, `${real.uri}/proposal`), to: PUBLIC_COLLECTION }));
    await handledByX(attack);
    expect(await storedOnX(uri)).toBeUndefined();
  });

  it("cannot take the id of a message V will send", async () => {
    const id = `${v.url}/messages/1`;
    const attack = `${id}#create`;
    await attacker.send(
      "evil",
      `${x.url}/actors/lea`,
      new Create({
        id: new URL(attack),
        actor: new URL(attacker.evil),
        object: new Note({ id: new URL(id), attribution: new URL(attacker.evil), to: new URL(`${x.url}/actors/lea`), content: "<p>Bonjour</p>" }),
        to: new URL(`${x.url}/actors/lea`),
      }),
    );
    await handledByX(attack);
    const db = serverDb(x);
    try {
      expect(await db.kysely.selectFrom("messages").select("uri").where("uri", "like", `${v.url}%`).execute()).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it("cannot take the id of an application a user of V will send, in a reply or an Offer", async () => {
    runCli(["org", "create", "club", "--name", "Club de X", "--coordinator", "lea"], x.env);
    const needOnX = async (title: string) => {
      const published = await lea("POST", "/missions", {
        organization: "club",
        title,
        domains: ["sport"],
        place: { label: "Stade" },
        schedule: { kind: "flexible" },
        visibility: "public",
      });
      expect(published.status).toBe(201);
      return published.body.uri as string;
    };
    const [first, second] = [await needOnX("Tenir la buvette"), await needOnX("Arbitrer un match")];
    const reply = `${v.url}/notes/reply-1`;
    await attacker.send(
      "evil",
      `${x.url}/actors/club`,
      new Create({
        id: new URL(`${reply}#create`),
        actor: new URL(attacker.evil),
        object: new Note({ id: new URL(reply), attribution: new URL(attacker.evil), replyTarget: new URL(first), to: new URL(`${x.url}/actors/club`), content: "<p>Je viens</p>" }),
        to: new URL(`${x.url}/actors/club`),
      }),
    );
    const offer = `${v.url}/offers/offer-1`;
    await attacker.send("evil", `${x.url}/actors/club`, new Offer({ id: new URL(offer), actor: new URL(attacker.evil), target: new URL(second), to: new URL(`${x.url}/actors/club`) }));
    await handledByX(`${reply}#create`);
    await handledByX(offer);
    const db = serverDb(x);
    try {
      expect(await db.kysely.selectFrom("applications").select("activity_uri").where("activity_uri", "like", `${v.url}%`).execute()).toEqual([]);
    } finally {
      await db.close();
    }
  });

  describe("reading an organisation's followers", () => {
    beforeAll(async () => {
      // The attacker's account follows V's organisation too: one follower on each origin.
      await attacker.send("evil", mairie, new Follow({ id: new URL(`${attacker.origin}/follows/mairie`), actor: new URL(attacker.evil), object: new URL(mairie) }));
      const db = serverDb(v);
      try {
        await until("V to record evil's follow", async () => {
          const row = await db.kysely.selectFrom("followers").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
          return Number(row.n) === 2;
        });
      } finally {
        await db.close();
      }
    });

    it("gives a server that signs its request the count and its own users among them, nobody else", async () => {
      const collection = await attacker.signedGet(`${mairie}/followers`);
      expect(collection).toMatchObject({ id: `${mairie}/followers`, type: "OrderedCollection", totalItems: 2 });
      expect(collection.orderedItems ?? collection.items).toEqual([attacker.evil]);
      // FEP-8fcf's partial collection for another server's origin: nothing.
      const other = await attacker.signedGet(`${mairie}/followers?base-url=${encodeURIComponent(`${x.url}/`)}`);
      expect(other.orderedItems ?? other.items).toBeUndefined();
    });

    it("gives anyone else the count alone", async () => {
      const res = await fetch(`${mairie}/followers`, { headers: { Accept: AP } });
      expect(res.status).toBe(200);
      const collection = await res.json();
      expect(collection).toMatchObject({ type: "OrderedCollection", totalItems: 2 });
      expect(collection.orderedItems ?? collection.items).toBeUndefined();
    });
  });
});
