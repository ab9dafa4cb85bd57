// NODE_TYPE: web processes serve HTTP and only enqueue; worker processes run the
// queue and answer health checks only. Two real processes on one database.
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { KyselyMessageQueue } from "../federation/queue.ts";
import { RedisMessageQueue } from "../federation/redis-queue.ts";
import type { Db } from "../src/db/database.ts";
import { type ServerProcess, serverDb, startServer, tempDir } from "./helpers/server.ts";

/** The queue the servers share, as a third process would see it. */
function sharedQueue(env: Record<string, string>, db: Db) {
  if (!env.REDIS_URL) return { queue: new KyselyMessageQueue(db.kysely, db.dialect), close: async () => {} };
  const redis = new Redis(env.REDIS_URL);
  return { queue: new RedisMessageQueue(redis, { prefix: env.REDIS_PREFIX }), close: async () => void (await redis.quit()) };
}

describe("web and worker processes", () => {
  const dataDir = tempDir();
  let web: ServerProcess;
  let worker: ServerProcess | undefined;
  afterAll(async () => {
    await Promise.all([web?.stop(), worker?.stop()]);
  });

  it("web processes leave the queue to workers, which take it; workers serve health checks only", async () => {
    web = await startServer({ dataDir, env: { NODE_TYPE: "web" } });
    const db = serverDb(web);
    const { queue, close } = sharedQueue(web.env, db);
    try {
      // A task Fedify does not know: a worker takes it and drops it.
      await queue.enqueue({ type: "entraide-test", id: "t1" });
      await new Promise((r) => setTimeout(r, 2500)); // more than the poll interval
      expect((await queue.getDepth()).queued, web.logs()).toBe(1);

      worker = await startServer({ dataDir, env: { NODE_TYPE: "worker", PUBLIC_URL: web.url } });
      const deadline = Date.now() + 15_000;
      while ((await queue.getDepth()).queued > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect((await queue.getDepth()).queued, worker.logs()).toBe(0);
    } finally {
      await close();
      await db.close();
    }

    expect((await fetch(`${worker.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${worker.url}/readyz`)).status).toBe(200);
    const refused = await fetch(`${worker.url}/api/v1/openapi.json`);
    expect(refused.status).toBe(404);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect((await fetch(`${web.url}/api/v1/openapi.json`)).status).toBe(200);
    expect(worker.logs()).toContain("(worker)");
    expect(web.logs()).toContain("(web)");
  });
});

describe("readiness with a Redis queue", () => {
  it("answers 503 while Redis cannot be reached, and says why", async () => {
    const server = await startServer({ env: { REDIS_URL: "redis://127.0.0.1:1" } });
    try {
      const res = await fetch(`${server.url}/readyz`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { detail: string }).detail).toBe("the message queue is not reachable");
    } finally {
      await server.stop("SIGKILL");
    }
  });
});
