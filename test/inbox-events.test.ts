// What another server does here is an event of the stream too (before, each of
// these was written with no event, so no consumer could hear of it): a new
// follower, a direct message, a report, the answer to an outgoing application,
// sent signed by a real Fedify server on loopback to a real server whose
// consumers are held (EVENT_DRAIN_DELAY_MS), so the events wait in its outbox.
import { createFederation, generateCryptoKeyPair, MemoryKvStore } from "@fedify/fedify";
import { Accept, type Activity, Create, Endpoints, Flag, Follow, Group, isActor, Note } from "@fedify/vocab";
import { serve } from "@hono/node-server";
import { afterAll, describe, expect, it } from "vitest";
import type { DomainEvent } from "../src/domain/events.ts";
import { freePort, runCli, type ServerProcess, serverDb, startServer } from "./helpers/server.ts";
import { until } from "./helpers/wait.ts";

/** Another server on loopback, with a signing actor (its Follow, message, Flag, answer reach our inbox signed). */
async function remoteServer() {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const keys = [await generateCryptoKeyPair("RSASSA-PKCS1-v1_5")];
  const federation = createFederation<void>({ kv: new MemoryKvStore(), allowPrivateAddress: true, origin });
  federation
    .setActorDispatcher("/users/{identifier}", async (ctx, identifier) =>
      identifier === "org"
        ? new Group({
            id: ctx.getActorUri(identifier),
            preferredUsername: identifier,
            inbox: ctx.getInboxUri(identifier),
            endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
            publicKey: (await ctx.getActorKeyPairs(identifier))[0]?.cryptographicKey,
          })
        : null,
    )
    .setKeyPairsDispatcher(() => keys);
  federation.setInboxListeners("/users/{identifier}/inbox", "/inbox");
  const server = serve({ fetch: (request) => federation.fetch(request, { contextData: undefined }), hostname: "127.0.0.1", port });
  let sent = 0;
  const ctx = federation.createContext(new URL(origin), undefined);
  return {
    origin,
    actor: ctx.getActorUri("org"),
    id: () => new URL(`${origin}/activities/${++sent}`),
    async send(to: string, activity: Activity) {
      const recipient = await ctx.lookupObject(to);
      if (!isActor(recipient)) throw new Error(`cannot find ${to}`);
      await ctx.sendActivity({ identifier: "org" }, recipient, activity);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("what another server does, as events of the stream", () => {
  let server: ServerProcess;
  let remote: Awaited<ReturnType<typeof remoteServer>>;
  afterAll(async () => {
    await server?.stop();
    await remote?.close();
  });

  it("a new follower, a direct message, a report and the answer to an outgoing application are events", async () => {
    // Before: each was written with no event, so no consumer (notifications, later) could hear of it.
    server = await startServer({ env: { LOG_LEVEL: "warning", EVENT_DRAIN_DELAY_MS: "600000" } });
    remote = await remoteServer();
    expect(runCli(["user", "create", "lea", "--email", "lea@town.test"], server.env, "lea's password\n").status).toBe(0);
    const lea = `${server.url}/actors/lea`;
    const { actor } = remote;
    await remote.send(lea, new Follow({ id: remote.id(), actor, object: new URL(lea) }));
    const db = serverDb(server);
    const recorded = async () =>
      (await db.kysely.selectFrom("event_outbox").select("event").orderBy("id").execute()).map((r) => JSON.parse(r.event) as DomainEvent);
    try {
      await until("the follow", async () => (await recorded()).some((e) => e.type === "follower.added"));
      const sender = await db.kysely.selectFrom("remote_actors").select("id").where("uri", "=", actor.href).executeTakeFirstOrThrow();
      const user = await db.kysely.selectFrom("actors").select("id").where("handle", "=", "lea").executeTakeFirstOrThrow();
      // Lea applied to a need of the remote organisation (as applyRemote records it).
      const at = new Date().toISOString();
      await db.kysely
        .insertInto("remote_needs")
        .values({ id: "rn1", uri: `${remote.origin}/needs/1`, actor_id: sender.id, url: null, title: "Courses", content_html: "", language: "fr", domains: "[]", starts: null, ends: null, place_label: null, latitude: null, longitude: null, radius_km: null, volunteers_wanted: 1, places_left: 1, proposal_uri: null, intent_uri: null, published: at, updated: at })
        .execute();
      await db.kysely
        .insertInto("outgoing_applications")
        .values({ id: "out1", user_id: user.id, remote_need_id: "rn1", message: "Je peux.", offer_uri: `${server.url}/outgoing/out1`, note_uri: `${server.url}/outgoing/out1#note`, status: "pending", reason: null, created: at, updated: at })
        .execute();
      const note = new Note({ id: new URL(`${remote.origin}/notes/1`), attribution: actor, to: new URL(lea), content: "<p>Bonjour Léa</p>" });
      await remote.send(lea, new Create({ id: remote.id(), actor, to: new URL(lea), object: note }));
      await remote.send(lea, new Flag({ id: remote.id(), actor, objects: [new URL(lea)], content: "?" }));
      await remote.send(lea, new Accept({ id: remote.id(), actor, object: new URL(`${server.url}/outgoing/out1`) }));
      await until("the answer", async () => (await recorded()).some((e) => e.type === "outgoing-application.answered"), 30_000);
      await until("the report", async () => (await recorded()).some((e) => e.type === "report.received"), 30_000);
      const message = await db.kysely.selectFrom("messages").select("id").executeTakeFirstOrThrow();
      const report = await db.kysely.selectFrom("reports").select("id").executeTakeFirstOrThrow();
      const events = await recorded();
      expect(events.filter((e) => e.type === "follower.added")).toEqual([{ type: "follower.added", actorId: user.id, followerId: sender.id }]);
      expect(events.filter((e) => e.type === "message.received")).toEqual([{ type: "message.received", messageId: message.id, userId: user.id, senderId: sender.id }]);
      expect(events.filter((e) => e.type === "report.received")).toEqual([{ type: "report.received", reportId: report.id }]);
      expect(events.filter((e) => e.type === "outgoing-application.answered")).toEqual([
        { type: "outgoing-application.answered", outgoingId: "out1", userId: user.id, status: "accepted", reason: null },
      ]);
    } finally {
      await db.close();
    }
  }, 120_000);
});
