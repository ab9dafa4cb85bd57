// A delivery has a deadline (DELIVERY_TIMEOUT_SECONDS). A real loopback server accepts
// the connection and reads the first delivery without ever answering it: the queue
// worker abandons it after the deadline (closing the connection itself, the server never
// did) and Fedify enqueues it again with its back-off; by then the server answers, and
// the Create arrives on that later attempt, after which the queue is empty. Without the
// deadline the first request would wait for undici's 300 s, holding its queue slot.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../src/config.ts";
import { createUser } from "../src/domain/accounts/users.ts";
import { NeedCreate } from "../src/domain/needs/input.ts";
import { createNeed } from "../src/domain/needs/service.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { testInstance } from "./helpers/app.ts";
import { until } from "./helpers/wait.ts";

interface Received {
  id: string;
  type: string;
  /** The connection closed before the server answered: the sender gave up. */
  abandoned: boolean;
  answered: number | null;
}

/** A remote inbox that holds every POST open while `holding`, and answers 202 once it stops. */
async function reluctantServer() {
  const received: Received[] = [];
  const state = { holding: true };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      if (req.method !== "POST") {
        res.writeHead(404).end();
        return;
      }
      const doc = JSON.parse(body) as { id?: unknown; type?: unknown };
      const entry: Received = { id: String(doc.id), type: String(doc.type), abandoned: false, answered: null };
      received.push(entry);
      res.on("close", () => {
        if (entry.answered === null) entry.abandoned = true;
      });
      if (state.holding) return; // accepted, read, and never answered
      entry.answered = 202;
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    state,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe("a delivery to a server that never answers", () => {
  let instance: Awaited<ReturnType<typeof testInstance>>;
  let remote: Awaited<ReturnType<typeof reluctantServer>>;
  const queueControl = new AbortController();
  let queueDone: Promise<void>;
  let admin: Awaited<ReturnType<typeof createUser>>;

  beforeAll(async () => {
    remote = await reluctantServer();
    instance = await testInstance({ ALLOW_PRIVATE_ADDRESS: "true", DELIVERY_TIMEOUT_SECONDS: "1", LOG_LEVEL: "warning" });
    expect(instance.config.deliveryTimeoutMs).toBe(1000);
    const db = instance.db.kysely;
    admin = await createUser(db, { username: "claire", email: "claire@town.test", password: "long enough pw", role: "admin" });
    const org = await createOrganization(db, { handle: "asso", name: "Asso", coordinatorId: admin.id });
    const updated = new Date().toISOString();
    await db
      .insertInto("remote_actors")
      .values({
        id: "remote-1",
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
    await db
      .insertInto("followers")
      .values({ actor_id: org.id, follower_id: "remote-1", follow_uri: `${remote.origin}/users/1#follow`, created: updated })
      .execute();
    instance.events.start();
    queueDone = instance.federation.startQueue(instance.contextData, { signal: queueControl.signal });
  });

  afterAll(async () => {
    queueControl.abort();
    await remote?.close();
    await queueDone;
    await instance?.close();
  });

  it("has a deadline of 30 s unless DELIVERY_TIMEOUT_SECONDS says otherwise", () => {
    expect(parseConfig({}).deliveryTimeoutMs).toBe(30_000);
    expect(parseConfig({ DELIVERY_TIMEOUT_SECONDS: "2.5" }).deliveryTimeoutMs).toBe(2500);
    expect(() => parseConfig({ DELIVERY_TIMEOUT_SECONDS: "0" })).toThrow(/DELIVERY_TIMEOUT_SECONDS must be more than 0/);
    expect(() => parseConfig({ DELIVERY_TIMEOUT_SECONDS: "soon" })).toThrow(/DELIVERY_TIMEOUT_SECONDS must be a number of seconds/);
  });

  it("frees its queue slot after the deadline, and is delivered on a later attempt", async () => {
    const db = instance.db.kysely;
    const need = await createNeed(
      db,
      instance.events,
      admin,
      NeedCreate.parse({
        organization: "asso",
        title: "Aide aux devoirs",
        description: "Aider des élèves de 6e.",
        domains: ["education"],
        visibility: "public",
        place: { label: "Maison des associations" },
        schedule: { kind: "flexible" },
        volunteers_wanted: 1,
      }),
    );
    const creates = () => remote.received.filter((r) => r.type === "Create" && r.id.includes(need.id));

    await until("the first delivery, held open by the server", async () => creates().length > 0);
    await until("our side to abandon it", async () => creates()[0]!.abandoned);
    // The server answers from now on: the next attempt, from the queue's retry, goes through.
    remote.state.holding = false;
    await until("the Create delivered on a later attempt", async () => creates().some((r) => r.answered === 202), 30_000);
    const [first, ...later] = creates();
    expect(first).toMatchObject({ abandoned: true, answered: null });
    expect(later.filter((r) => r.answered === 202)).toHaveLength(1);
    expect(new Set(creates().map((r) => r.id)).size).toBe(1);
    // Nothing left waiting: the delivery is done, not parked.
    await until("the queue to be empty", async () => {
      const { rows } = await sql<{ n: number }>`select count(*) as n from queue_messages`.execute(db);
      return Number(rows[0]!.n) === 0;
    });
  });
});
