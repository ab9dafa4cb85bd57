// The transactional outbox: a change and the event announcing it commit together
// or not at all (on SQLite and, with TEST_POSTGRES_URL, PostgreSQL), and an event
// committed by a process killed before it was published is federated, once, by
// the next process to start on the same data.
import { createServer, type Server } from "node:http";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../src/config.ts";
import { type Account, createUser } from "../src/domain/accounts/users.ts";
import { type DomainEvent, type EventSink, silentEvents } from "../src/domain/events.ts";
import { EventStream } from "../src/domain/events/stream.ts";
import { applyWithAccount, decideApplication, findApplication } from "../src/domain/needs/applications.ts";
import type { NeedCreate } from "../src/domain/needs/input.ts";
import { findNeed } from "../src/domain/needs/repository.ts";
import { createNeed } from "../src/domain/needs/service.ts";
import { createOffer } from "../src/domain/offers/offers.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { dialects, type TestDb, testDb } from "./helpers/db.ts";
import { runCli, type ServerProcess, serverDb, startServer } from "./helpers/server.ts";
import { until } from "./helpers/wait.ts";

const need: NeedCreate = {
  organization: "asso",
  title: "Courses pour un voisin",
  description: "Le samedi matin.",
  domains: ["education"],
  safeguarding: false,
  skills: [],
  audience: [],
  language: "fr",
  place: { label: "Lyon", mode: "on_site", radius_km: 1 },
  schedule: { kind: "flexible" },
  volunteers_wanted: 1,
  visibility: "public",
  private_notes: "",
  beneficiary: "",
  status: "open",
};

describe.each(dialects)("a change and its event commit together (%s)", (dialect) => {
  let db: TestDb;
  let coordinator: Account;
  let outbox: EventStream;
  /** What the publisher found in the database when it was handed each event. */
  let published: { event: DomainEvent; needTitle: string | undefined }[];

  beforeEach(async () => {
    db = await testDb(dialect);
    coordinator = await createUser(db.kysely, { username: "claire", email: "claire@a.test", password: "claire's password" });
    await createOrganization(db.kysely, { handle: "asso", name: "Asso", coordinatorId: coordinator.id });
    published = [];
    outbox = new EventStream(db.kysely, {
      federation: async (event) => {
        const id = (event as { needId?: string }).needId ?? "";
        const row = await db.kysely.selectFrom("needs").select("title").where("id", "=", id).executeTakeFirst();
        published.push({ event, needTitle: row?.title });
      },
    });
  });
  afterEach(async () => {
    await outbox.stop();
    await db.drop();
  });

  const needs = () => db.kysely.selectFrom("needs").select(["id", "title"]).execute();
  const offers = () => db.kysely.selectFrom("offers").select("id").execute();
  const outboxRows = () => db.kysely.selectFrom("event_outbox").select("event").execute();

  /** The process dies once the event is written, before the transaction commits. */
  const diesAfterWriting = (): EventSink => ({
    async emit(trx, event) {
      await outbox.emit(trx, event);
      throw new Error("the process died before the commit");
    },
    committed: () => outbox.committed(),
  });
  /** The outbox refuses the event (disk full, lost connection). */
  const refusesTheEvent: EventSink = {
    async emit() {
      throw new Error("the outbox is unreachable");
    },
    committed: () => {},
  };

  it("leaves neither the need nor its event when the transaction fails after the event is written", async () => {
    await expect(createNeed(db.kysely, diesAfterWriting(), coordinator, need)).rejects.toThrow("the process died before the commit");
    expect(await needs()).toEqual([]);
    expect(await outboxRows()).toEqual([]);
    await outbox.idle();
    expect(published).toEqual([]);
  });

  it("does not keep a need whose event could not be written", async () => {
    // Before: the need was committed first, then the event written; a failure in
    // between saved a need that never federated.
    await expect(createNeed(db.kysely, refusesTheEvent, coordinator, need)).rejects.toThrow("the outbox is unreachable");
    expect(await needs()).toEqual([]);
    expect(await outboxRows()).toEqual([]);
  });

  it("does not keep an offer whose event could not be written (offers had no transaction)", async () => {
    const offer = { title: "Je peux conduire", description: "", domains: ["education"], availability: "le soir", place: { label: "Lyon", mode: "on_site" as const }, visibility: "public" as const };
    await expect(createOffer(db.kysely, refusesTheEvent, coordinator, offer)).rejects.toThrow("the outbox is unreachable");
    await expect(createOffer(db.kysely, diesAfterWriting(), coordinator, offer)).rejects.toThrow("the process died before the commit");
    expect(await offers()).toEqual([]);
    expect(await outboxRows()).toEqual([]);
  });

  it("leaves an application and its need's count as they were when the decision's event could not be written", async () => {
    const { id: needId } = await createNeed(db.kysely, silentEvents, coordinator, need);
    const citizen = await createUser(db.kysely, { username: "bruno", email: "bruno@b.test", password: "bruno's password" });
    const application = await applyWithAccount(db.kysely, silentEvents, citizen, needId, "Je suis libre le samedi.", "api");
    // Accepting fills the need (one volunteer wanted): three rows change, and two events announce it.
    await expect(decideApplication(db.kysely, diesAfterWriting(), coordinator, application.id, { status: "accepted" })).rejects.toThrow(
      "the process died before the commit",
    );
    expect((await findApplication(db.kysely, application.id))?.status).toBe("pending");
    expect(await findNeed(db.kysely, needId)).toMatchObject({ status: "open", volunteersAccepted: 0 });
    expect(await outboxRows()).toEqual([]);
    // With a working outbox, the same decision commits with both its events.
    await decideApplication(db.kysely, outbox, coordinator, application.id, { status: "accepted" });
    await outbox.idle();
    // About two subjects: published side by side, in either order.
    expect(published.map((p) => p.event).toSorted((x, y) => x.type.localeCompare(y.type))).toEqual([
      { type: "application.decided", applicationId: application.id, needId, status: "accepted", reason: null },
      { type: "need.updated", needId, organizationHandle: "asso", visibility: "public" },
    ]);
    expect(await findNeed(db.kysely, needId)).toMatchObject({ status: "filled", volunteersAccepted: 1 });
  });

  it("commits the need with its event, and publishes the event only once the need is committed", async () => {
    const created = await createNeed(db.kysely, outbox, coordinator, need);
    await outbox.idle();
    // The publisher, reading through another connection on PostgreSQL, found the need.
    expect(published).toEqual([{ event: { type: "need.published", needId: created.id }, needTitle: "Courses pour un voisin" }]);
    expect(await needs()).toEqual([{ id: created.id, title: "Courses pour un voisin" }]);
    expect(await outboxRows()).toEqual([]);
  });
});

describe("EVENT_DRAIN_DELAY_MS", () => {
  it("is 0 unless set, and refused when it is not a number of milliseconds", () => {
    expect(parseConfig({}).eventDrainDelayMs).toBe(0);
    expect(parseConfig({ EVENT_DRAIN_DELAY_MS: "600000" }).eventDrainDelayMs).toBe(600_000);
    expect(() => parseConfig({ EVENT_DRAIN_DELAY_MS: "soon" })).toThrow(/EVENT_DRAIN_DELAY_MS must be a number of milliseconds/);
    expect(() => parseConfig({ EVENT_DRAIN_DELAY_MS: "-1" })).toThrow(/EVENT_DRAIN_DELAY_MS must be 0 or more/);
  });
});

interface Post {
  type: string;
  object: string;
}

/** A server elsewhere on loopback whose inbox records every delivery. */
function inboxReceiver(): Promise<{ origin: string; posts: Post[]; server: Server }> {
  const posts: Post[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      if (req.method !== "POST") {
        res.writeHead(404).end();
        return;
      }
      try {
        const doc = JSON.parse(body);
        posts.push({ type: String(doc.type), object: String(doc.object?.id ?? doc.object) });
      } catch {}
      res.writeHead(202).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`, posts, server })),
  );
}

describe("a server killed between a commit and the publication of its event", () => {
  let server: ServerProcess;
  let token: string;
  let remote: Awaited<ReturnType<typeof inboxReceiver>>;

  const creates = (uri: string) => remote.posts.filter((p) => p.type === "Create" && p.object === uri);

  async function publish(title: string): Promise<{ id: string; uri: string }> {
    const res = await fetch(`${server.url}/api/v1/missions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ ...need, title }),
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    return { id: body.id, uri: body.uri };
  }

  async function outboxRows() {
    const db = serverDb(server);
    try {
      return await db.kysely
        .selectFrom("event_outbox as e")
        .innerJoin("event_deliveries as d", "d.event_id", "e.id")
        .select(["e.event", "d.consumer", "d.attempts", "d.lease_until", "d.done"])
        .orderBy("d.consumer")
        .execute();
    } finally {
      await db.close();
    }
  }

  beforeAll(async () => {
    // The drain publishes nothing for ten minutes: what a kill right after a commit leaves.
    server = await startServer({ env: { LOG_LEVEL: "warning", EVENT_DRAIN_DELAY_MS: "600000" } });
    expect(runCli(["user", "create", "claire", "--email", "claire@a.test"], server.env, "claire's password\n").status).toBe(0);
    expect(runCli(["org", "create", "asso", "--name", "Asso", "--coordinator", "claire"], server.env).status).toBe(0);
    token = runCli(["token", "create", "claire"], server.env).stdout.trim();
    remote = await inboxReceiver();
    const db = serverDb(server);
    try {
      const org = await db.kysely.selectFrom("actors").select("id").where("handle", "=", "asso").executeTakeFirstOrThrow();
      const updated = new Date().toISOString();
      await db.kysely
        .insertInto("remote_actors")
        .values({
          id: "follower",
          uri: `${remote.origin}/users/1`,
          type: "Person",
          handle: `u1@${new URL(remote.origin).host}`,
          name: "u1",
          url: null,
          inbox: `${remote.origin}/users/1/inbox`,
          shared_inbox: `${remote.origin}/inbox`,
          software: "mastodon",
          updated,
        })
        .execute();
      await db.kysely
        .insertInto("followers")
        .values({ actor_id: org.id, follower_id: "follower", follow_uri: `${remote.origin}/users/1#follow`, created: updated })
        .execute();
    } finally {
      await db.close();
    }
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await new Promise((resolve) => remote?.server.close(resolve));
  });

  it("federates the need after a restart, exactly once", async () => {
    const first = await publish("Courses pour un voisin");
    // Committed with its event, which nobody has taken yet.
    const event = JSON.stringify({ type: "need.published", needId: first.id });
    expect(await outboxRows()).toEqual([
      { event, consumer: "alerts", attempts: 0, lease_until: null, done: 0 },
      { event, consumer: "federation", attempts: 0, lease_until: null, done: 0 },
      { event, consumer: "notifications", attempts: 0, lease_until: null, done: 0 },
    ]);
    expect(remote.posts).toEqual([]);

    expect((await server.stop("SIGKILL")).code).toBe(null);
    server = await startServer({ dataDir: server.dataDir, port: server.port, env: { LOG_LEVEL: "warning" } });

    await until("the Create at the follower's server", async () => creates(first.uri).length > 0, 60_000);
    await until("the outbox emptied", async () => (await outboxRows()).length === 0);
    // A later need, published normally, is a barrier: once its Create has arrived,
    // a second copy of the first one, queued before it, would have arrived too.
    const second = await publish("Lecture aux enfants");
    await until("the second Create at the follower's server", async () => creates(second.uri).length > 0, 60_000);
    expect((await server.stop()).code).toBe(0);
    expect(creates(first.uri)).toHaveLength(1);
    expect(creates(second.uri)).toHaveLength(1);
  }, 180_000);
});
