// Fedify's MessageQueue over the application database (SQLite or PostgreSQL).
//
// A message is a row. A worker claims one by setting `locked_until` (a lease)
// in a single atomic UPDATE (on PostgreSQL with FOR UPDATE SKIP LOCKED, so
// workers in several processes never take the same row), runs it, then
// deletes it. A worker that dies leaves its lease to expire and the message is
// taken again: delivery is at least once. Fedify retries failed deliveries
// itself (nativeRetrial is false), so a handler error only releases the row.
import type {
  MessageQueue,
  MessageQueueDepth,
  MessageQueueEnqueueOptions,
  MessageQueueListenOptions,
} from "@fedify/fedify";
import { getLogger } from "@logtape/logtape";
import { type Kysely, sql } from "kysely";
import type { Dialect } from "../src/db/database.ts";
import type { Database } from "../src/db/schema.ts";
import { newId } from "../src/domain/ids.ts";

const log = getLogger(["entraide", "queue"]);

export interface QueueOptions {
  /**
   * How many messages one process runs at once. Most are deliveries that wait on a
   * remote server: a few slow servers must not hold every worker while healthy ones wait.
   */
  concurrency?: number;
  /** How often idle workers look for work that another process enqueued (ms). */
  pollIntervalMs?: number;
  /** How long a claimed message stays reserved before another worker may take it (ms). */
  leaseMs?: number;
  /** A message whose handler failed this many times is dropped with an error log. */
  maxAttempts?: number;
  /** First retry delay after a handler error (ms); doubles each attempt. */
  retryBaseMs?: number;
}

/** The settings both queues share, with their defaults filled in. */
export function queueSettings(options: QueueOptions): Required<QueueOptions> {
  return {
    concurrency: options.concurrency ?? 16,
    pollIntervalMs: options.pollIntervalMs ?? 1000,
    leaseMs: options.leaseMs ?? 120_000,
    maxAttempts: options.maxAttempts ?? 10,
    retryBaseMs: options.retryBaseMs ?? 1000,
  };
}

/** How long a message waits after its nth failed attempt: doubling, at most an hour. */
export function retryDelayMs(settings: Required<QueueOptions>, attempts: number): number {
  return Math.min(3_600_000, settings.retryBaseMs * 2 ** (attempts - 1));
}

/** The delay Fedify asks for, in milliseconds. */
export function enqueueDelayMs(options?: MessageQueueEnqueueOptions): number {
  return options?.delay ? Math.max(0, options.delay.total({ unit: "milliseconds" })) : 0;
}

export class KyselyMessageQueue implements MessageQueue {
  readonly nativeRetrial = false;
  readonly #db: Kysely<Database>;
  readonly #dialect: Dialect;
  readonly #settings: Required<QueueOptions>;
  readonly #wakers = new Set<() => void>();

  constructor(db: Kysely<Database>, dialect: Dialect, options: QueueOptions = {}) {
    this.#db = db;
    this.#dialect = dialect;
    this.#settings = queueSettings(options);
  }

  async enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    await this.enqueueMany([message], options);
  }

  async enqueueMany(messages: readonly unknown[], options?: MessageQueueEnqueueOptions): Promise<void> {
    if (messages.length === 0) return;
    const delay = enqueueDelayMs(options);
    const created = new Date().toISOString();
    const available = new Date(Date.now() + delay).toISOString();
    const rows = messages.map((message) => ({
      id: newId(),
      payload: JSON.stringify(message),
      ordering_key: options?.orderingKey ?? null,
      available,
      locked_until: null,
      created,
    }));
    // Large fan-outs: stay under SQLite's bound-parameter limit.
    for (let i = 0; i < rows.length; i += 500) {
      await this.#db.insertInto("queue_messages").values(rows.slice(i, i + 500)).execute();
    }
    if (delay === 0) this.#wake(rows.length);
    else setTimeout(() => this.#wake(rows.length), delay).unref();
  }

  async getDepth(): Promise<MessageQueueDepth> {
    const nowIso = new Date().toISOString();
    const row = await this.#db
      .selectFrom("queue_messages")
      .select((eb) => [
        eb.fn.countAll<number>().as("queued"),
        eb.fn.sum<number>(eb.case().when("available", ">", nowIso).then(1).else(0).end()).as("delayed"),
      ])
      .executeTakeFirstOrThrow();
    const queued = Number(row.queued);
    const delayed = Number(row.delayed ?? 0);
    return { queued, delayed, ready: queued - delayed };
  }

  /** Runs messages until `signal` aborts; then finishes those in progress and returns. */
  async listen(handler: (message: unknown) => Promise<void> | void, options?: MessageQueueListenOptions): Promise<void> {
    const signal = options?.signal;
    const worker = async () => {
      while (!signal?.aborted) {
        const claimed = await this.#claim().catch((error) => {
          log.error("Could not claim a queue message: {error}", { error });
          return undefined;
        });
        if (!claimed) {
          await this.#idle(signal);
          continue;
        }
        await this.#run(claimed, handler);
      }
    };
    await Promise.all(Array.from({ length: this.#settings.concurrency }, worker));
  }

  async #run(claimed: { id: string; payload: string; attempts: number }, handler: (message: unknown) => unknown) {
    try {
      await handler(JSON.parse(claimed.payload));
      await this.#db.deleteFrom("queue_messages").where("id", "=", claimed.id).execute();
    } catch (error) {
      if (claimed.attempts >= this.#settings.maxAttempts) {
        log.error("Dropping queue message {id} after {attempts} failed attempts: {error}", { ...claimed, error });
        await this.#db.deleteFrom("queue_messages").where("id", "=", claimed.id).execute();
        return;
      }
      const backoff = retryDelayMs(this.#settings, claimed.attempts);
      log.warning("Queue message {id} failed (attempt {attempts}); retrying in {backoff} ms: {error}", {
        ...claimed,
        backoff,
        error,
      });
      await this.#db
        .updateTable("queue_messages")
        .set({ locked_until: null, available: new Date(Date.now() + backoff).toISOString() })
        .where("id", "=", claimed.id)
        .execute();
    }
  }

  /** Atomically reserves the oldest ready message whose ordering key is not busy. */
  async #claim(): Promise<{ id: string; payload: string; attempts: number } | undefined> {
    const nowIso = new Date().toISOString();
    const lease = new Date(Date.now() + this.#settings.leaseMs).toISOString();
    const candidate = this.#db
      .selectFrom("queue_messages as q")
      .select("q.id")
      .where("q.available", "<=", nowIso)
      .where((eb) => eb.or([eb("q.locked_until", "is", null), eb("q.locked_until", "<=", nowIso)]))
      // Messages sharing an ordering key run one at a time, oldest first.
      .where((eb) =>
        eb.or([
          eb("q.ordering_key", "is", null),
          eb.not(
            eb.exists(
              eb
                .selectFrom("queue_messages as o")
                .select(sql`1`.as("one"))
                .whereRef("o.ordering_key", "=", "q.ordering_key")
                .whereRef("o.id", "<>", "q.id")
                .where((o) =>
                  o.or([o("o.id", "<", o.ref("q.id")), o("o.locked_until", ">", nowIso)]),
                ),
            ),
          ),
        ]),
      )
      .orderBy("q.available")
      .orderBy("q.id")
      .limit(1)
      .$if(this.#dialect === "postgres", (qb) => qb.forUpdate().skipLocked());
    const row = await this.#db
      .updateTable("queue_messages")
      .set((eb) => ({ locked_until: lease, attempts: eb("attempts", "+", 1) }))
      .where("id", "=", candidate)
      .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", nowIso)]))
      .returning(["id", "payload", "attempts"])
      .executeTakeFirst();
    return row;
  }

  #idle(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wakers.delete(done);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, this.#settings.pollIntervalMs);
      this.#wakers.add(done);
      signal?.addEventListener("abort", done, { once: true });
    });
  }

  /** Wakes as many idle workers as there are new messages: the others would only find nothing to claim. */
  #wake(messages: number): void {
    for (const wake of [...this.#wakers].slice(0, messages)) wake();
  }
}
