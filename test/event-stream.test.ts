// One stream of domain events, several consumers (src/domain/events/stream.ts), on
// SQLite and, with TEST_POSTGRES_URL, PostgreSQL: each consumer has its own
// deliveries, so one failing never blocks nor re-runs another, and its drop after
// the last attempt drops only its own; events carry what happened as it was
// (accepted then rejected before any consumer ran: an acceptance, then a
// rejection); local-only changes are events too. The last part kills a real
// server between a commit and its consumers and finds, after a restart, each of
// them run once: one alert mail (a real SMTP server), one Create at a follower,
// one Accept and one Reject at the applicant. What other servers do here, as
// events: test/inbox-events.test.ts.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addFollower } from "../federation/followers.ts";
import { findRemoteActorById } from "../federation/remote-actors.ts";
import { migrateDown, migrateToLatest } from "../src/db/migrate.ts";
import { type Account, createUser } from "../src/domain/accounts/users.ts";
import { commitWithEvents, type DomainEvent, silentEvents } from "../src/domain/events.ts";
import { EventStream } from "../src/domain/events/stream.ts";
import { recordReceivedReport } from "../src/domain/moderation/moderation.ts";
import { applyWithAccount, decideApplication } from "../src/domain/needs/applications.ts";
import { createNeed, updateNeed } from "../src/domain/needs/service.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { dialects, type TestDb, testDb } from "./helpers/db.ts";
import { apiClient, runCli, type ServerProcess, serverDb, startServer } from "./helpers/server.ts";
import { smtpServer } from "./helpers/smtp.ts";
import { inboxReceiver, need } from "./helpers/receiver.ts";
import { until } from "./helpers/wait.ts";

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const published = (needId: string): DomainEvent => ({ type: "need.published", needId });

describe.each(dialects)("consumers of one event stream (%s)", (dialect) => {
  let db: TestDb;
  const streams: EventStream[] = [];
  beforeEach(async () => {
    db = await testDb(dialect);
  });
  afterEach(async () => {
    for (const stream of streams.splice(0)) await stream.stop();
    await db.drop();
  });

  function make(consumers: ConstructorParameters<typeof EventStream>[1], options: ConstructorParameters<typeof EventStream>[2] = {}) {
    const stream = new EventStream(db.kysely, consumers, options);
    streams.push(stream);
    return stream;
  }
  const record = (stream: EventStream, event: DomainEvent) => commitWithEvents(db.kysely, stream, (trx) => stream.emit(trx, event));
  const deliveries = () =>
    db.kysely.selectFrom("event_deliveries").select(["event_id", "consumer", "attempts", "done"]).orderBy("event_id").orderBy("consumer").execute();
  const events = () => db.kysely.selectFrom("event_outbox").select("id").execute();

  it("retries a failing consumer on its own, never running the other again, and drops only its delivery at the end", async () => {
    // Before: one row and one counter for all consumers: each failure of the
    // federation ran the alerts again, and the drop lost the event for both.
    const alerts: string[] = [];
    let federationCalls = 0;
    const stream = make(
      {
        alerts: async (event) => void alerts.push(event.type),
        federation: async () => {
          federationCalls++;
          throw new Error("the queue is unreachable");
        },
      },
      // A retry a second later: the state between two attempts is read well before it, even on a loaded machine.
      { retryBaseMs: 1000, pollIntervalMs: 20, maxAttempts: 3 },
    );
    stream.start();
    await record(stream, published("a"));
    await until("the first attempt of the federation", async () => federationCalls >= 1);
    await stream.idle();
    const [id] = (await events()).map((e) => e.id);
    // The alerts are done; the federation waits for its retry: the event is kept for it alone.
    expect(await deliveries()).toEqual([
      { event_id: id, consumer: "alerts", attempts: 1, done: 1 },
      { event_id: id, consumer: "federation", attempts: 1, done: 0 },
    ]);
    await until("the federation's delivery dropped", async () => (await events()).length === 0);
    expect(federationCalls).toBe(3);
    expect(alerts).toEqual(["need.published"]);
    expect(await deliveries()).toEqual([]);
  });

  it("holds up a failing consumer's later events about the same subject, and nobody else's", async () => {
    const federation: string[] = [];
    const alerts: string[] = [];
    let failures = 1;
    const stream = make(
      {
        alerts: async (event) => void alerts.push(`${event.type} ${(event as { needId: string }).needId}`),
        federation: async (event) => {
          if (event.type === "need.published" && event.needId === "a" && failures-- > 0) throw new Error("the queue is unreachable");
          federation.push(`${event.type} ${(event as { needId: string }).needId}`);
        },
      },
      { retryBaseMs: 300, pollIntervalMs: 20 },
    );
    stream.start();
    await record(stream, published("a"));
    await record(stream, { type: "need.updated", needId: "a", organizationHandle: "asso", visibility: "public" });
    await record(stream, published("b"));
    await until("the alerts, and the federation but for a", async () => alerts.length === 3 && federation.length === 1);
    await stream.idle();
    // The alerts went on; the federation did "b", and keeps "a"'s update behind its creation.
    expect(alerts.toSorted()).toEqual(["need.published a", "need.published b", "need.updated a"]);
    expect(alerts.filter((e) => e.endsWith(" a"))).toEqual(["need.published a", "need.updated a"]);
    expect(federation).toEqual(["need.published b"]);
    await until("every event consumed", async () => (await events()).length === 0);
    expect(federation).toEqual(["need.published b", "need.published a", "need.updated a"]);
  });

  it("gives a consumer each event once when two processes share the tables", async () => {
    const seen: Record<string, string[]> = { alerts: [], federation: [] };
    const consumers = {
      alerts: async (event: DomainEvent) => void seen.alerts!.push((event as { needId: string }).needId),
      federation: async (event: DomainEvent) => {
        await wait(2);
        seen.federation!.push((event as { needId: string }).needId);
      },
    };
    const a = make(consumers, { pollIntervalMs: 10 });
    const b = make(consumers, { pollIntervalMs: 10 });
    a.start();
    b.start();
    const ids = Array.from({ length: 20 }, (_, i) => `n${i}`);
    await Promise.all(ids.map((id, i) => record(i % 2 ? a : b, published(id))));
    await until("every event consumed", async () => (await events()).length === 0);
    await Promise.all([a.idle(), b.idle()]);
    expect(seen.alerts!.toSorted()).toEqual(ids.toSorted());
    expect(seen.federation!.toSorted()).toEqual(ids.toSorted());
  });

  it("gives events recorded before event_deliveries their new shape and a delivery per consumer", async () => {
    // What an older version left in the outbox: the migration brings the shapes up
    // to date, the stream gives each event its deliveries. The rows are made by
    // today's code, then the schema is taken back to before event_deliveries.
    const claire = await createUser(db.kysely, { username: "claire", email: "claire@a.test", password: "claire's password" });
    const bruno = await createUser(db.kysely, { username: "bruno", email: "bruno@b.test", password: "bruno's password" });
    await createOrganization(db.kysely, { handle: "asso", name: "Asso", coordinatorId: claire.id });
    const { id: needId } = await createNeed(db.kysely, silentEvents, claire, need);
    const application = await applyWithAccount(db.kysely, silentEvents, bruno, needId, "Je peux.", "web");
    await decideApplication(db.kysely, silentEvents, claire, application.id, { status: "rejected", reason: "other" });
    await migrateDown(db, "20261202000000_applications_language");
    const at = new Date().toISOString();
    const old = (id: string, event: object) => ({ id, event: JSON.stringify(event), available: at, locked_until: null, created: at });
    await db.kysely
      .insertInto("event_outbox")
      .values([
        old("01", { type: "application.answered", applicationId: "remote-one" }),
        old("02", { type: "application.decided", applicationId: application.id }),
        old("03", { type: "need.updated", needId }),
      ])
      .execute();
    await migrateToLatest(db);
    const seen: DomainEvent[] = [];
    const stream = make({ alerts: async () => {}, federation: async (event) => void seen.push(event) });
    stream.start();
    await until("every event consumed", async () => (await events()).length === 0);
    // About three subjects: consumed side by side, in any order.
    expect(seen.toSorted((x, y) => x.type.localeCompare(y.type))).toEqual([
      { type: "application.decided", applicationId: application.id, status: "rejected", reason: "other" },
      { type: "application.received", applicationId: "remote-one", source: "federation" },
      { type: "need.updated", needId, organizationHandle: "asso", visibility: "public" },
    ]);
  });

  describe("what the domain says", () => {
    let coordinator: Account;
    let citizen: Account;
    let seen: DomainEvent[];
    let stream: EventStream;
    beforeEach(async () => {
      coordinator = await createUser(db.kysely, { username: "claire", email: "claire@a.test", password: "claire's password" });
      citizen = await createUser(db.kysely, { username: "bruno", email: "bruno@b.test", password: "bruno's password" });
      await createOrganization(db.kysely, { handle: "asso", name: "Asso", coordinatorId: coordinator.id });
      seen = [];
      stream = make({ test: async (event) => void seen.push(event) }, { startDelayMs: 60_000 });
    });
    /** Lets the consumer run what was committed so far (the stream held it until now). */
    const drain = async () => {
      const now = make({ test: async (event) => void seen.push(event) });
      now.start();
      await until("every event consumed", async () => (await events()).length === 0);
      await now.idle();
    };

    it("an application and two decisions taken before any consumer ran: received, accepted, then rejected", async () => {
      // Before: the event carried the id only, and the publisher read the application
      // as it was then: two rejections went out.
      const { id: needId } = await createNeed(db.kysely, silentEvents, coordinator, { ...need, volunteers_wanted: 2 });
      const application = await applyWithAccount(db.kysely, stream, citizen, needId, "Je suis libre le samedi.", "web");
      await decideApplication(db.kysely, stream, coordinator, application.id, { status: "accepted" });
      await decideApplication(db.kysely, stream, coordinator, application.id, { status: "rejected", reason: "profile_mismatch" });
      await drain();
      const about = { applicationId: application.id, needId };
      expect(seen.filter((e) => e.type.startsWith("application."))).toEqual([
        { type: "application.received", ...about, source: "web" },
        { type: "application.decided", ...about, status: "accepted", reason: null },
        { type: "application.decided", ...about, status: "rejected", reason: "profile_mismatch" },
      ]);
    });

    it("a need made local is an update saying so (the federation decides it means a Delete)", async () => {
      // Before: the domain left local changes out, and turned this one into need.deleted.
      const { id: needId } = await createNeed(db.kysely, silentEvents, coordinator, need);
      await updateNeed(db.kysely, stream, coordinator, needId, { visibility: "local" });
      await updateNeed(db.kysely, stream, coordinator, needId, { title: "Courses, le samedi" });
      await drain();
      const base = { type: "need.updated", needId, organizationHandle: "asso" };
      expect(seen).toEqual([
        { ...base, visibility: "local", previousVisibility: "public" },
        { ...base, visibility: "local" },
      ]);
    });

    it("a report and a follower from another server are events, once each", async () => {
      const flag = { flagUri: "http://127.0.0.9/flags/1", reporterUri: "http://127.0.0.9/actor", targets: ["http://x.test/a"], comment: "?" };
      const { id: reportId } = await recordReceivedReport(db.kysely, stream, flag);
      await recordReceivedReport(db.kysely, stream, flag);
      const updated = new Date().toISOString();
      const follower = { id: "r1", uri: "http://127.0.0.9/users/1", type: "Person", handle: "u1@127.0.0.9", name: "u1", url: null, inbox: "http://127.0.0.9/users/1/inbox", shared_inbox: null, software: null, updated };
      await db.kysely.insertInto("remote_actors").values(follower).execute();
      const org = await db.kysely.selectFrom("actors").select("id").where("handle", "=", "asso").executeTakeFirstOrThrow();
      const remote = (await findRemoteActorById(db.kysely, "r1"))!;
      await addFollower(db.kysely, stream, org.id, remote, "http://127.0.0.9/follows/1");
      await addFollower(db.kysely, stream, org.id, remote, "http://127.0.0.9/follows/2");
      await drain();
      expect(seen).toEqual([
        { type: "report.received", reportId },
        { type: "follower.added", actorId: org.id, followerId: "r1" },
      ]);
    });
  });
});

describe("a server killed between a commit and its consumers", () => {
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  let server: ServerProcess;
  let remote: Awaited<ReturnType<typeof inboxReceiver>>;
  let claire: ReturnType<typeof apiClient>;

  afterAll(async () => {
    await server?.stop();
    await smtp?.close();
    await new Promise((resolve) => remote?.server.close(resolve));
  });

  beforeAll(async () => {
    smtp = await smtpServer();
    remote = await inboxReceiver();
    // The consumers run nothing for ten minutes: what a kill right after the commits leaves.
    const env = { LOG_LEVEL: "warning", SMTP_URL: `smtp://entraide:s3cret@127.0.0.1:${smtp.port}` };
    server = await startServer({ env: { ...env, EVENT_DRAIN_DELAY_MS: "600000" } });
    for (const name of ["claire", "lea"]) {
      expect(runCli(["user", "create", name, "--email", `${name}@town.test`], server.env, `${name}'s password\n`).status).toBe(0);
    }
    expect(runCli(["org", "create", "asso", "--name", "Asso", "--coordinator", "claire"], server.env).status).toBe(0);
    claire = apiClient(server, runCli(["token", "create", "claire"], server.env).stdout.trim());
    const lea = apiClient(server, runCli(["token", "create", "lea"], server.env).stdout.trim());
    expect((await lea("POST", "/alerts", { domains: ["education"], language: "fr" })).status).toBe(201);
    await remote.seed(server, "asso");
  }, 120_000);

  const mailsAbout = (needId: string) => smtp.inbox.filter((m) => m.to.includes("lea@town.test") && (m.mail.text ?? "").includes(`/needs/${needId}`));
  const to = (path: string, type: string) => remote.posts.filter((p) => p.path === path && p.type === type);
  const deliveries = async () => {
    const db = serverDb(server);
    try {
      return await db.kysely.selectFrom("event_deliveries").select(["consumer", "attempts", "done"]).execute();
    } finally {
      await db.close();
    }
  };

  it("runs every consumer once after the restart: one alert mail, one Create, one Accept and one Reject", async () => {
    const created = await claire("POST", "/missions", { ...need, volunteers_wanted: 2 });
    expect(created.status).toBe(201);
    const first = created.body as { id: string; uri: string };
    const applicationId = await remote.applies(server, first.id);
    expect((await claire("PATCH", `/applications/${applicationId}`, { status: "accepted" })).status).toBe(200);
    expect((await claire("PATCH", `/applications/${applicationId}`, { status: "rejected", reason: "profile_mismatch" })).status).toBe(200);
    // Committed with their deliveries (alerts, notifications, federation), which nobody has run: 1 need, 2 decisions, 2 changes of the count.
    const waiting = await deliveries();
    expect(waiting).toHaveLength(15);
    expect(waiting.every((d) => d.attempts === 0 && d.done === 0)).toBe(true);
    expect(smtp.inbox).toEqual([]);
    expect(remote.posts).toEqual([]);

    expect((await server.stop("SIGKILL")).code).toBe(null);
    server = await startServer({ dataDir: server.dataDir, port: server.port, env: { LOG_LEVEL: "warning", SMTP_URL: server.env.SMTP_URL! } });

    await until("the alert mail", async () => mailsAbout(first.id).length > 0, 60_000);
    await until("the Reject at the applicant", async () => to("/users/2/inbox", "Reject").length > 0, 60_000);
    await until("the deliveries done", async () => (await deliveries()).length === 0, 60_000);
    // A later need is a barrier: once its mail and its Create have arrived, a second
    // copy of anything queued before them would have arrived too.
    const second = (await claire("POST", "/missions", { ...need, title: "Lecture aux enfants" })).body as { id: string; uri: string };
    await until("the second mail", async () => mailsAbout(second.id).length > 0, 60_000);
    await until("the second Create", async () => to("/inbox", "Create").some((p) => p.object === second.uri), 60_000);
    expect((await server.stop()).code).toBe(0);

    expect(mailsAbout(first.id)).toHaveLength(1);
    expect(to("/inbox", "Create").filter((p) => p.object === first.uri)).toHaveLength(1);
    // The decisions as they were taken: an acceptance and a rejection (the queue
    // delivers side by side: their order on the wire is not kept), each with its note.
    expect(to("/users/2/inbox", "Accept").map((p) => p.object)).toEqual([remote.offerUri]);
    expect(to("/users/2/inbox", "Reject").map((p) => p.object)).toEqual([remote.offerUri]);
    const notes = to("/users/2/inbox", "Create").map((p) => p.content);
    expect(notes).toHaveLength(2);
    expect(notes.filter((n) => n.includes("acceptée"))).toHaveLength(1);
    expect(notes.filter((n) => n.includes("Nous ne pouvons pas la retenir"))).toHaveLength(1);
  }, 240_000);
});
