// The stream of domain events (src/domain/events/stream.ts) with one consumer, on
// SQLite and, with TEST_POSTGRES_URL, PostgreSQL: what is committed is published
// in order and then forgotten; a failure is tried again; what a stopped process
// left is taken after its lease, and nothing held by a live one is taken twice.
// Several consumers side by side: test/event-stream.test.ts.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commitWithEvents, type DomainEvent } from "../src/domain/events.ts";
import { EventStream, type EventStreamOptions } from "../src/domain/events/stream.ts";
import { dialects, type TestDb, testDb } from "./helpers/db.ts";

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean | Promise<boolean>, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await wait(20);
  }
}

const published = (needId: string): DomainEvent => ({ type: "need.published", needId });

describe.each(dialects)("pending events (%s)", (dialect) => {
  let db: TestDb;
  const stops: EventStream[] = [];
  beforeEach(async () => {
    db = await testDb(dialect);
  });
  afterEach(async () => {
    for (const events of stops.splice(0)) await events.stop();
    await db.drop();
  });

  const rows = () => db.kysely.selectFrom("event_outbox").selectAll().orderBy("id").execute();
  /** The publisher's deliveries, with the event each is of. */
  const deliveries = () =>
    db.kysely.selectFrom("event_deliveries").select(["event_id", "attempts", "lease_until", "done"]).orderBy("event_id").execute();

  /** Emits the event in a transaction of its own, as a domain function does with its change. */
  const record = (events: EventStream, event: DomainEvent) => commitWithEvents(db.kysely, events, (trx) => events.emit(trx, event));

  function make(publish: (event: DomainEvent) => Promise<void>, options: EventStreamOptions = {}) {
    const events = new EventStream(db.kysely, { federation: publish }, options);
    stops.push(events);
    return events;
  }

  it("records each event and returns before it is published, then publishes them and forgets them", async () => {
    const seen: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const events = make(async (event) => {
      await gate;
      seen.push((event as { needId: string }).needId);
    });
    await record(events, published("a"));
    await record(events, published("b"));
    await record(events, published("c"));
    // The commits returned while publishing waits: the events are in the table.
    expect(seen).toEqual([]);
    expect((await rows()).map((r) => JSON.parse(r.event).needId)).toEqual(["a", "b", "c"]);
    release();
    await events.idle();
    expect(seen.toSorted()).toEqual(["a", "b", "c"]);
    expect(await rows()).toEqual([]);
  });

  it("publishes the events about one need in the order they were recorded, those about others meanwhile", async () => {
    const seen: string[] = [];
    const events = make(async (event) => {
      // The first event about "a" takes longest: the others about "a" still wait for it.
      await wait(event.type === "need.published" && event.needId === "a" ? 100 : 5);
      seen.push(`${event.type} ${(event as { needId: string }).needId}`);
    });
    await record(events, published("a"));
    await record(events, { type: "need.updated", needId: "a", organizationHandle: "asso", visibility: "public" });
    await record(events, published("b"));
    await record(events, { type: "need.deleted", needId: "a", organizationHandle: "asso", visibility: "public" });
    await events.idle();
    await until(async () => (await rows()).length === 0);
    await events.idle();
    expect(seen.filter((s) => s.endsWith(" a"))).toEqual(["need.published a", "need.updated a", "need.deleted a"]);
    expect(seen).toContain("need.published b");
  });

  it("stops after the event being published, giving back those taken with it", async () => {
    const seen: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const events = make(async (event) => {
      await gate;
      seen.push((event as { needId: string }).needId);
    });
    await record(events, published("a"));
    await record(events, published("b"));
    await record(events, published("c"));
    const stopped = events.stop();
    release();
    await stopped;
    expect(seen.length).toBeLessThan(3);
    const left = await deliveries();
    expect(left).toHaveLength(3 - seen.length);
    expect(left.every((r) => r.lease_until === null && r.attempts === 0 && r.done === 0)).toBe(true);
  });

  it("keeps an event whose publishing failed and publishes it on a later attempt", async () => {
    let calls = 0;
    const events = make(
      async () => {
        calls++;
        if (calls === 1) throw new Error("the queue is unreachable");
      },
      { retryBaseMs: 300, pollIntervalMs: 20 },
    );
    events.start();
    await record(events, published("a"));
    await events.idle();
    const [kept] = await deliveries();
    expect(kept).toMatchObject({ attempts: 1, lease_until: null, done: 0 });
    await until(async () => (await rows()).length === 0);
    expect(calls).toBe(2);
  });

  it("drops an event after the last attempt", async () => {
    let calls = 0;
    const events = make(
      async () => {
        calls++;
        throw new Error("always fails");
      },
      { retryBaseMs: 5, pollIntervalMs: 10, maxAttempts: 3 },
    );
    events.start();
    await record(events, published("a"));
    await until(async () => (await rows()).length === 0);
    expect(calls).toBe(3);
  });

  it("publishes, once started, what a process that stopped left behind, but not what a live one holds", async () => {
    const created = new Date(Date.now() - 60_000).toISOString();
    const event = (id: string, needId: string) => ({ id, event: JSON.stringify(published(needId)), available: created, locked_until: null, created });
    const delivery = (id: string, needId: string, lease: number) => ({
      event_id: id,
      consumer: "federation",
      subject: `need:${needId}`,
      next_attempt: created,
      lease_until: new Date(Date.now() + lease).toISOString(),
    });
    await db.kysely
      .insertInto("event_outbox")
      .values([
        // Recorded, never taken, by a process of before event_deliveries: it has no delivery yet.
        event("01-never-taken", "a"),
        // Taken by a process that died: its lease is over.
        event("02-lease-over", "b"),
        // Being published by a live process.
        event("03-held", "c"),
      ])
      .execute();
    await db.kysely.insertInto("event_deliveries").values([delivery("02-lease-over", "b", -1000), delivery("03-held", "c", 60_000)]).execute();
    const seen: string[] = [];
    const events = make(async (event) => {
      seen.push((event as { needId: string }).needId);
    });
    events.start();
    await until(() => seen.length === 2);
    await events.idle();
    expect(seen).toEqual(["a", "b"]);
    expect((await rows()).map((r) => r.id)).toEqual(["03-held"]);
  });

  it("publishes each event once when two processes share the table", async () => {
    const seen: string[] = [];
    const publish = async (event: DomainEvent) => {
      await wait(2);
      seen.push((event as { needId: string }).needId);
    };
    const a = make(publish, { pollIntervalMs: 10 });
    const b = make(publish, { pollIntervalMs: 10 });
    a.start();
    b.start();
    const ids = Array.from({ length: 30 }, (_, i) => `n${i}`);
    await Promise.all(ids.map((id, i) => record(i % 2 ? a : b, published(id))));
    await until(async () => (await rows()).length === 0);
    await Promise.all([a.idle(), b.idle()]);
    expect(seen.toSorted()).toEqual(ids.toSorted());
  });
});
