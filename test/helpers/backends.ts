// Which database and queue whole instances run on in tests. By default SQLite
// and the database queue; with TEST_DATABASE=postgres, each instance gets a
// fresh PostgreSQL database (TEST_POSTGRES_URL) and, with TEST_REDIS_URL, a
// fresh Redis key prefix for its queue. Everything created is removed after
// the test file (test/helpers/setup.ts).
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { Redis } from "ioredis";
import { freshDatabaseUrl } from "./db.ts";

export const onPostgres = process.env.TEST_DATABASE === "postgres";
export const redisUrl = process.env.TEST_REDIS_URL || undefined;

const cleanups: (() => Promise<void>)[] = [];
/** Backends by DATA_DIR: a server restarted on the same DATA_DIR finds its database again. */
const byDataDir = new Map<string, Record<string, string>>();

/**
 * The environment that puts an instance whose DATA_DIR is `dataDir` on the configured backends.
 * `queue: "database"` keeps Fedify's queue in the database even with TEST_REDIS_URL: in-process
 * tests read the deliveries queued in `queue_messages`.
 */
export async function backendEnv(dataDir: string, options: { queue?: "database" } = {}): Promise<Record<string, string>> {
  const known = byDataDir.get(dataDir);
  if (known) return known;
  if (!onPostgres) {
    const env = { DATABASE_URL: `sqlite:${join(dataDir, "entraide.sqlite")}` };
    byDataDir.set(dataDir, env);
    return env;
  }
  const { url, drop } = await freshDatabaseUrl("postgres");
  cleanups.push(drop);
  const env: Record<string, string> = { DATABASE_URL: url };
  if (redisUrl && options.queue !== "database") {
    const prefix = `entraide-test:${randomUUID()}`;
    Object.assign(env, { REDIS_URL: redisUrl, REDIS_PREFIX: prefix });
    cleanups.push(() => deleteRedisKeys(prefix));
  }
  byDataDir.set(dataDir, env);
  return env;
}

export async function deleteRedisKeys(prefix: string): Promise<void> {
  if (!redisUrl) return;
  const redis = new Redis(redisUrl);
  try {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
}

/** Drops every database and Redis prefix handed out so far; run after each test file. */
export async function cleanUpBackends(): Promise<void> {
  byDataDir.clear();
  for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => {});
}
