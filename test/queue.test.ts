// The Fedify MessageQueue contract, run against every queue we ship: the one in
// the database (SQLite, and PostgreSQL with TEST_POSTGRES_URL) and the one on
// Redis Streams (with TEST_REDIS_URL): persistence, leases, no double processing.
import { randomUUID } from "node:crypto";
import type { MessageQueue, MessageQueueDepth } from "@fedify/fedify";
import { Temporal } from "@js-temporal/polyfill";
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KyselyMessageQueue, type QueueOptions } from "../federation/queue.ts";
import { RedisMessageQueue } from "../federation/redis-queue.ts";
import { dialects, type TestDb, testDb } from "./helpers/db.ts";

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean | Promise<boolean>, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await wait(20);
  }
}

type Queue = MessageQueue & Required<Pick<MessageQueue, "enqueueMany">> & { getDepth(): Promise<MessageQueueDepth> };

/** A fresh, empty queue backend per test: `make` gives a new instance on it (a new process, as it were). */
interface Backend {
  make(options?: QueueOptions): Queue;
  cleanup(): Promise<void>;
}

const redisUrl = process.env.TEST_REDIS_URL;

const backends: [string, () => Promise<Backend>][] = [
  ...dialects.map((dialect): [string, () => Promise<Backend>] => [
    `the database (${dialect})`,
    async () => {
      const db: TestDb = await testDb(dialect);
      return { make: (options) => new KyselyMessageQueue(db.kysely, db.dialect, options), cleanup: () => db.drop() };
    },
  ]),
  ...(redisUrl
    ? [
        [
          "Redis Streams",
          async (): Promise<Backend> => {
            const prefix = `entraide-test:${randomUUID()}`;
            const clients: Redis[] = [];
            return {
              make(options) {
                const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
                clients.push(redis);
                return new RedisMessageQueue(redis, { prefix, ...options });
              },
              async cleanup() {
                const redis = clients[0] ?? new Redis(redisUrl);
                const keys = await redis.keys(`${prefix}:*`);
                if (keys.length) await redis.del(...keys);
                await Promise.all([...clients, redis].map((c) => c.quit().catch(() => {})));
              },
            };
          },
        ] as [string, () => Promise<Backend>],
      ]
    : []),
];

describe.each(backends)("the message queue on %s", (_name, backend) => {
  let queues: Backend;
  const controllers: AbortController[] = [];
  const listening: Promise<void>[] = [];

  function listen(queue: Queue, handler: (m: unknown) => Promise<void> | void) {
    const control = new AbortController();
    controllers.push(control);
    const done = queue.listen(handler, { signal: control.signal });
    listening.push(done);
    return { control, done };
  }

  beforeEach(async () => {
    queues = await backend();
  });
  afterEach(async () => {
    for (const c of controllers.splice(0)) c.abort();
    await Promise.all(listening.splice(0));
    await queues.cleanup();
  });

  it("runs each message once and removes it", async () => {
    const queue = queues.make({ pollIntervalMs: 50 });
    const seen: unknown[] = [];
    listen(queue, (m) => {
      seen.push(m);
    });
    await queue.enqueue({ n: 1 });
    await queue.enqueueMany([{ n: 2 }, { n: 3 }]);
    await until(() => seen.length === 3);
    expect(seen).toEqual(expect.arrayContaining([{ n: 1 }, { n: 2 }, { n: 3 }]));
    await until(async () => (await queue.getDepth()).queued === 0);
  });

  it("keeps messages across a restart: what was enqueued before is run by the next process", async () => {
    const before = queues.make();
    await before.enqueue({ pending: "delivery" });
    expect((await before.getDepth()).queued).toBe(1);
    const after = queues.make({ pollIntervalMs: 50 });
    const seen: unknown[] = [];
    listen(after, (m) => {
      seen.push(m);
    });
    await until(() => seen.length === 1);
    expect(seen).toEqual([{ pending: "delivery" }]);
  });

  it("waits for a delay", async () => {
    const queue = queues.make({ pollIntervalMs: 20 });
    const seen: number[] = [];
    listen(queue, () => {
      seen.push(Date.now());
    });
    const start = Date.now();
    await queue.enqueue({}, { delay: Temporal.Duration.from({ milliseconds: 300 }) });
    expect((await queue.getDepth()).delayed).toBe(1);
    await until(() => seen.length === 1);
    expect(seen[0]! - start).toBeGreaterThanOrEqual(290);
  });

  it("gives a message whose worker died to another worker once its lease expires", async () => {
    const dying = queues.make({ pollIntervalMs: 20, leaseMs: 300, concurrency: 1 });
    let taken = 0;
    listen(dying, () => {
      taken++;
      return new Promise(() => {}); // never finishes, as if the process had been killed
    });
    await dying.enqueue({ id: "m1" });
    await until(() => taken === 1);

    const healthy = queues.make({ pollIntervalMs: 20, leaseMs: 300 });
    const seen: unknown[] = [];
    listen(healthy, (m) => {
      seen.push(m);
    });
    await until(() => seen.length === 1);
    expect(seen).toEqual([{ id: "m1" }]);
    // Stop the stuck worker without waiting for its never-ending handler.
    controllers[0]!.abort();
    listening.shift();
  });

  it("never hands the same message to two workers at once", async () => {
    const counts = new Map<number, number>();
    const handler = async (m: unknown) => {
      const n = (m as { n: number }).n;
      counts.set(n, (counts.get(n) ?? 0) + 1);
      await wait(2);
    };
    const a = queues.make({ pollIntervalMs: 10, concurrency: 3 });
    const b = queues.make({ pollIntervalMs: 10, concurrency: 3 });
    listen(a, handler);
    listen(b, handler);
    await a.enqueueMany(Array.from({ length: 150 }, (_, n) => ({ n })));
    await until(() => counts.size === 150, 30_000);
    await wait(100);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
  });

  it("retries a failed message later, and runs messages sharing an ordering key in order", async () => {
    const queue = queues.make({ pollIntervalMs: 20, retryBaseMs: 50, concurrency: 4 });
    const order: string[] = [];
    let failures = 0;
    listen(queue, async (m) => {
      const { key } = m as { key: string };
      if (key === "flaky" && failures++ === 0) throw new Error("temporary");
      await wait(key === "a1" ? 50 : 1);
      order.push(key);
    });
    await queue.enqueue({ key: "flaky" });
    await queue.enqueue({ key: "a1" }, { orderingKey: "actor-a" });
    await queue.enqueue({ key: "a2" }, { orderingKey: "actor-a" });
    await queue.enqueue({ key: "a3" }, { orderingKey: "actor-a" });
    await until(() => order.length === 4);
    expect(failures).toBe(2);
    expect(order.filter((k) => k.startsWith("a"))).toEqual(["a1", "a2", "a3"]);
  });

  it("finishes the message in progress when told to stop, and takes no new one", async () => {
    const queue = queues.make({ pollIntervalMs: 20, concurrency: 1 });
    let finished = 0;
    const { control, done } = listen(queue, async () => {
      await wait(200);
      finished++;
    });
    await queue.enqueueMany([{ n: 1 }, { n: 2 }]);
    await wait(50);
    control.abort();
    await done;
    expect(finished).toBe(1);
    expect((await queue.getDepth()).queued).toBe(1);
  });
});
