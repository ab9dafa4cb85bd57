// Fedify's MessageQueue over Redis Streams (ioredis), for several processes
// sharing one queue. @fedify/redis only follows Fedify 1.8, hence this file.
//
// Keys, all under one prefix:
// - `<prefix>:stream`, read through the consumer group `workers`: each entry
//   goes to one listener (XREADGROUP), and is acknowledged and deleted once
//   handled (XACK, XDEL). An entry left unacknowledged longer than the lease
//   (its listener died) is taken over by another one (XAUTOCLAIM): delivery is
//   at least once, and handlers must be idempotent.
// - `<prefix>:delayed`, a sorted set of messages by due time (delays and
//   retries); every listener moves the due ones to the stream, atomically (Lua).
// - `<prefix>:ordered:<key>`, a list per ordering key: the messages sharing a
//   key wait there in order; the stream carries one token per message, and the
//   listener holding `<prefix>:lock:<key>` runs the list's head. A lock held
//   by someone else sends the token back to the delayed set for a moment.
//
// As with the database queue, a handler must finish within the lease, or its
// message may run twice; Fedify retries failed deliveries itself
// (nativeRetrial is false), so a handler error only re-delays the message.
import { randomUUID } from "node:crypto";
import type {
  MessageQueue,
  MessageQueueDepth,
  MessageQueueEnqueueOptions,
  MessageQueueListenOptions,
} from "@fedify/fedify";
import { getLogger } from "@logtape/logtape";
import type { Redis } from "ioredis";
import { enqueueDelayMs, type QueueOptions, queueSettings, retryDelayMs } from "./queue.ts";

const log = getLogger(["entraide", "queue", "redis"]);
const GROUP = "workers";

/** What the delayed set and the ordered lists hold; `t` marks a token (ordering key only). */
interface Envelope {
  id: string;
  m?: unknown;
  k?: string;
  a?: number;
  t?: 1;
}

type Entry = [id: string, fields: string[]];

// Moves due members of the delayed set (KEYS[1]) to the stream (KEYS[2]);
// a message with an ordering key goes to its list (KEYS[3] .. key) with a token.
const PUSH = `
local function push(m)
  local e = cjson.decode(m)
  if e.t then
    redis.call('XADD', KEYS[2], '*', 'k', e.k)
  elseif e.k then
    redis.call('RPUSH', KEYS[3] .. e.k, m)
    redis.call('XADD', KEYS[2], '*', 'k', e.k)
  else
    redis.call('XADD', KEYS[2], '*', 'e', m)
  end
end
if ARGV[1] == 'promote' then
  local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, 500)
  for _, m in ipairs(due) do
    push(m)
    redis.call('ZREM', KEYS[1], m)
  end
  return #due
end
for i = 2, #ARGV do push(ARGV[i]) end
return #ARGV - 1
`;

export interface RedisQueueOptions extends QueueOptions {
  /** Prefix of every key; one per instance sharing a Redis server. */
  prefix?: string;
}

export class RedisMessageQueue implements MessageQueue {
  readonly nativeRetrial = false;
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #stream: string;
  readonly #delayed: string;
  readonly #settings: Required<QueueOptions>;
  #group?: Promise<void>;

  constructor(redis: Redis, options: RedisQueueOptions = {}) {
    this.#redis = redis;
    this.#prefix = options.prefix ?? "entraide";
    this.#stream = `${this.#prefix}:stream`;
    this.#delayed = `${this.#prefix}:delayed`;
    this.#settings = queueSettings(options);
  }

  async enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    await this.enqueueMany([message], options);
  }

  async enqueueMany(messages: readonly unknown[], options?: MessageQueueEnqueueOptions): Promise<void> {
    if (messages.length === 0) return;
    await this.#ensureGroup();
    const delay = enqueueDelayMs(options);
    const envelopes = messages.map((m) =>
      JSON.stringify({ id: randomUUID(), m, ...(options?.orderingKey !== undefined && { k: options.orderingKey }) }),
    );
    for (let i = 0; i < envelopes.length; i += 500) {
      const batch = envelopes.slice(i, i + 500);
      if (delay > 0) {
        const due = Date.now() + delay;
        await this.#redis.zadd(this.#delayed, ...batch.flatMap((e) => [due, e]));
      } else {
        await this.#push(["push", ...batch]);
      }
    }
  }

  async getDepth(): Promise<MessageQueueDepth> {
    await this.#ensureGroup();
    const [length, pending, delayed] = await Promise.all([
      this.#redis.xlen(this.#stream),
      this.#redis.xpending(this.#stream, GROUP) as Promise<[number, ...unknown[]]>,
      this.#redis.zcard(this.#delayed),
    ]);
    const ready = Math.max(0, length - Number(pending[0]));
    return { queued: ready + delayed, ready, delayed };
  }

  /** Runs messages until `signal` aborts; then finishes those in progress and returns. */
  async listen(handler: (message: unknown) => Promise<void> | void, options?: MessageQueueListenOptions): Promise<void> {
    const signal = options?.signal;
    await this.#ensureGroup();
    const consumer = randomUUID();
    // XREADGROUP BLOCK holds its connection: it gets one of its own, closed to stop at once.
    const reader = this.#redis.duplicate();
    const running = new Set<Promise<void>>();
    let freed: (() => void) | undefined;
    const start = (entry: Entry) => {
      const task = this.#run(entry, consumer, handler).finally(() => {
        running.delete(task);
        freed?.();
      });
      running.add(task);
    };
    const stop = () => {
      reader.disconnect();
      freed?.();
    };
    signal?.addEventListener("abort", stop, { once: true });
    let lastMaintenance = 0;
    try {
      while (!signal?.aborted) {
        if (running.size >= this.#settings.concurrency) {
          await new Promise<void>((resolve) => {
            freed = resolve;
          });
          freed = undefined;
          continue;
        }
        try {
          if (Date.now() - lastMaintenance >= this.#settings.pollIntervalMs) {
            lastMaintenance = Date.now();
            for (const entry of await this.#maintain(consumer, this.#settings.concurrency - running.size)) start(entry);
            if (running.size >= this.#settings.concurrency) continue;
          }
          const read = (await reader.xreadgroup(
            "GROUP", GROUP, consumer,
            "COUNT", this.#settings.concurrency - running.size,
            "BLOCK", this.#settings.pollIntervalMs,
            "STREAMS", this.#stream, ">",
          )) as [string, Entry[]][] | null;
          for (const entry of read?.[0]?.[1] ?? []) start(entry);
        } catch (error) {
          if (signal?.aborted) break;
          log.error("Could not read the Redis queue: {error}", { error });
          await new Promise((r) => setTimeout(r, this.#settings.pollIntervalMs));
        }
      }
    } finally {
      signal?.removeEventListener("abort", stop);
      await Promise.allSettled([...running]);
      reader.disconnect();
    }
  }

  /** Promotes due delayed messages, and takes over entries whose listener died (lease expired). */
  async #maintain(consumer: string, free: number): Promise<Entry[]> {
    await this.#push(["promote", String(Date.now())]);
    if (free <= 0) return [];
    const [, claimed] = (await this.#redis.xautoclaim(
      this.#stream, GROUP, consumer, this.#settings.leaseMs, "0-0", "COUNT", free,
    )) as [string, (Entry | null)[]];
    // Entries deleted meanwhile come back as null (Redis 7).
    return claimed.filter((e): e is Entry => e !== null && Array.isArray(e[1]));
  }

  async #run(entry: Entry, consumer: string, handler: (message: unknown) => unknown): Promise<void> {
    const [entryId, fields] = entry;
    const field = (name: string) => {
      const i = fields.findIndex((f, n) => n % 2 === 0 && f === name);
      return i < 0 ? undefined : fields[i + 1];
    };
    const done = (tx = this.#redis.multi()) => tx.xack(this.#stream, GROUP, entryId).xdel(this.#stream, entryId).exec();
    try {
      const key = field("k");
      if (key !== undefined) return await this.#runOrdered(key, consumer, handler, done);
      const envelope = JSON.parse(field("e") ?? "null") as Envelope | null;
      if (!envelope) return void (await done());
      try {
        await handler(envelope.m);
        await done();
      } catch (error) {
        const retry = this.#retry(envelope, error);
        const tx = this.#redis.multi();
        if (retry) tx.zadd(this.#delayed, retry.due, JSON.stringify(retry.envelope));
        await done(tx);
      }
    } catch (error) {
      // Redis unreachable: the entry stays pending and is taken over after the lease.
      log.error("Queue entry {entryId} could not be finished: {error}", { entryId, error });
    }
  }

  async #runOrdered(
    key: string,
    consumer: string,
    handler: (message: unknown) => unknown,
    done: (tx?: ReturnType<Redis["multi"]>) => Promise<unknown>,
  ): Promise<void> {
    const list = `${this.#prefix}:ordered:${key}`;
    const lock = `${this.#prefix}:lock:${key}`;
    const token = (due: number) => [due, JSON.stringify({ id: randomUUID(), k: key, t: 1 })] as const;
    if ((await this.#redis.set(lock, consumer, "PX", this.#settings.leaseMs, "NX")) !== "OK") {
      // Another listener runs this key's head: come back in a moment.
      await done(this.#redis.multi().zadd(this.#delayed, ...token(Date.now() + this.#settings.pollIntervalMs)));
      return;
    }
    const head = await this.#redis.lindex(list, 0);
    if (head === null) {
      await done(this.#redis.multi().del(lock));
      return;
    }
    const envelope = JSON.parse(head) as Envelope;
    try {
      await handler(envelope.m);
      await done(this.#redis.multi().lpop(list).del(lock));
    } catch (error) {
      const retry = this.#retry(envelope, error);
      const tx = this.#redis.multi();
      if (!retry) tx.lpop(list).del(lock);
      else {
        // The head stays first; the lock, kept for the back-off, holds the key's other messages back.
        tx.lset(list, 0, JSON.stringify(retry.envelope)).set(lock, consumer, "PX", retry.due - Date.now());
        tx.zadd(this.#delayed, ...token(retry.due));
      }
      await done(tx);
    }
  }

  /** The envelope to run again and when, or undefined when it failed too often. */
  #retry(envelope: Envelope, error: unknown): { envelope: Envelope; due: number } | undefined {
    const attempts = (envelope.a ?? 0) + 1;
    if (attempts >= this.#settings.maxAttempts) {
      log.error("Dropping queue message {id} after {attempts} failed attempts: {error}", { id: envelope.id, attempts, error });
      return undefined;
    }
    const backoff = retryDelayMs(this.#settings, attempts);
    log.warning("Queue message {id} failed (attempt {attempts}); retrying in {backoff} ms: {error}", {
      id: envelope.id,
      attempts,
      backoff,
      error,
    });
    return { envelope: { ...envelope, a: attempts }, due: Date.now() + backoff };
  }

  #push(args: string[]): Promise<unknown> {
    return this.#redis.eval(PUSH, 3, this.#delayed, this.#stream, `${this.#prefix}:ordered:`, ...args);
  }

  #ensureGroup(): Promise<void> {
    this.#group ??= this.#redis.xgroup("CREATE", this.#stream, GROUP, "0", "MKSTREAM").then(
      () => undefined,
      (error: Error) => {
        if (!error.message.includes("BUSYGROUP")) {
          this.#group = undefined;
          throw error;
        }
      },
    );
    return this.#group;
  }
}
