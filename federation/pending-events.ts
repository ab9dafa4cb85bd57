// Domain events on their way to the federation: a transactional outbox in the
// application database (whichever queue Fedify uses). `emit` writes the event
// with the transaction of its change (src/domain/events/outbox.ts), so both
// commit or neither does; `committed` then wakes the drain, which publishes it
// (reading the rows, building the activity, its Object Integrity Proof, Fedify's
// fan-out message on the queue) in the background, so a request never waits for
// it, and no network call ever runs inside the change's transaction.
// A row is deleted once published. A row a process left behind when it stopped
// is taken again after its lease, by any process: events are published at least
// once (Fedify's deliveries, and the inbox handlers of other servers, are
// idempotent by activity id).
import { getLogger } from "@logtape/logtape";
import type { Kysely, Transaction } from "kysely";
import type { Dialect } from "../src/db/database.ts";
import type { Database } from "../src/db/schema.ts";
import type { DomainEvent, EventConsumer, EventSink } from "../src/domain/events.ts";
import { writeEvent } from "../src/domain/events/outbox.ts";

const log = getLogger(["entraide", "federation", "events"]);

export interface PendingEventsOptions {
  /** How long a process holds an event it is publishing before another may take it (ms). */
  leaseMs?: number;
  /** How often a process looks for events left by others or waiting for a retry (ms). */
  pollIntervalMs?: number;
  /** An event whose publishing failed this many times is dropped with an error log. */
  maxAttempts?: number;
  /** First retry delay after a failure (ms); doubles each attempt, at most an hour. */
  retryBaseMs?: number;
  /**
   * Publishes nothing for this long after the outbox is created (ms; default 0).
   * A test knob (EVENT_DRAIN_DELAY_MS): it leaves events committed and unpublished,
   * as a process killed right after a commit does.
   */
  startDelayMs?: number;
}

/**
 * How many events one claim takes. They are published side by side (publishing
 * mostly waits: on the database, on WebCrypto's thread pool), except those about
 * the same thing (a need, an offer…), which go one after the other, in order.
 */
const BATCH = 16;

/** What an event is about: events sharing it are published in the order they were recorded. */
function subject(event: DomainEvent): string {
  switch (event.type) {
    case "need.published":
    case "need.updated":
    case "need.deleted":
      return `need:${event.needId}`;
    case "offer.published":
    case "offer.updated":
    case "offer.deleted":
      return `offer:${event.offerId}`;
    case "application.decided":
    case "application.answered":
      return `application:${event.applicationId}`;
    case "outgoing-application.created":
      return `outgoing:${event.outgoingId}`;
    case "follow.requested":
      return `follow:${event.followUri}`;
    case "report.sent":
      return `report:${event.reportId}`;
    case "remote-need.received":
      return `remote-need:${event.remoteNeedId}`;
    case "instance.updated":
      return "instance";
  }
}

export class PendingEvents implements EventSink {
  readonly #db: Kysely<Database>;
  readonly #dialect: Dialect;
  readonly #publish: EventConsumer;
  readonly #settings: Required<Omit<PendingEventsOptions, "startDelayMs">>;
  readonly #heldUntil: number;
  #held: ReturnType<typeof setTimeout> | undefined;
  #draining: Promise<void> | undefined;
  #again = false;
  #stopping = false;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    db: Kysely<Database>,
    dialect: Dialect,
    publish: EventConsumer,
    options: PendingEventsOptions = {},
  ) {
    this.#db = db;
    this.#dialect = dialect;
    this.#publish = publish;
    this.#settings = {
      leaseMs: options.leaseMs ?? 60_000,
      pollIntervalMs: options.pollIntervalMs ?? 10_000,
      maxAttempts: options.maxAttempts ?? 10,
      retryBaseMs: options.retryBaseMs ?? 1000,
    };
    this.#heldUntil = Date.now() + (options.startDelayMs ?? 0);
  }

  /** Writes the event with the transaction of its change; nothing is published before `committed`. */
  async emit(trx: Transaction<Database>, event: DomainEvent): Promise<void> {
    await writeEvent(trx, event);
  }

  /** A transaction that emitted has committed: its events are published in the background. */
  committed(): void {
    this.#kick();
  }

  /** Publishes the events waiting now (left by a process that stopped), then looks again every poll interval. */
  start(): void {
    this.#kick();
    this.#timer ??= setInterval(() => this.#kick(), this.#settings.pollIntervalMs);
    this.#timer.unref();
  }

  /** Resolves once this process is publishing nothing (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  /**
   * Stops looking for events and waits for the one being published; those taken
   * with it are given back, for the next process to start (or another one now).
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    clearTimeout(this.#held);
    this.#held = undefined;
    await this.idle();
  }

  #kick(): void {
    if (this.#stopping) return;
    const holding = this.#heldUntil - Date.now();
    if (holding > 0) {
      this.#held ??= setTimeout(() => {
        this.#held = undefined;
        this.#kick();
      }, holding);
      this.#held.unref();
      return;
    }
    if (this.#draining) {
      this.#again = true;
      return;
    }
    this.#draining = this.#drain()
      .catch((error) => log.error("Could not read the events waiting to be federated: {error}", { error }))
      .finally(() => {
        this.#draining = undefined;
        if (this.#again) {
          this.#again = false;
          this.#kick();
        }
      });
  }

  async #drain(): Promise<void> {
    while (!this.#stopping) {
      const claimed = await this.#claim();
      if (claimed.length === 0) return;
      const bySubject = new Map<string, typeof claimed>();
      for (const row of claimed) {
        const key = subject(JSON.parse(row.event) as DomainEvent);
        bySubject.set(key, [...(bySubject.get(key) ?? []), row]);
      }
      const left: string[] = [];
      await Promise.all(
        [...bySubject.values()].map(async (rows) => {
          for (const row of rows) {
            if (this.#stopping) left.push(row.id);
            else await this.#run(row);
          }
        }),
      );
      if (left.length > 0) {
        await this.#db
          .updateTable("event_outbox")
          .set((eb) => ({ locked_until: null, attempts: eb("attempts", "-", 1) }))
          .where("id", "in", left)
          .execute();
        return;
      }
    }
  }

  async #run(row: { id: string; event: string; attempts: number }): Promise<void> {
    const event = JSON.parse(row.event) as DomainEvent;
    try {
      await this.#publish(event);
      await this.#db.deleteFrom("event_outbox").where("id", "=", row.id).execute();
    } catch (error) {
      if (row.attempts >= this.#settings.maxAttempts) {
        log.error("Dropping {type} after {attempts} failed attempts to federate it: {error}", { type: event.type, attempts: row.attempts, error });
        await this.#db.deleteFrom("event_outbox").where("id", "=", row.id).execute();
        return;
      }
      const backoff = Math.min(3_600_000, this.#settings.retryBaseMs * 2 ** (row.attempts - 1));
      log.warning("Could not federate {type} (attempt {attempts}); retrying in {backoff} ms: {error}", {
        type: event.type,
        attempts: row.attempts,
        backoff,
        error,
      });
      await this.#db
        .updateTable("event_outbox")
        .set({ locked_until: null, available: new Date(Date.now() + backoff).toISOString() })
        .where("id", "=", row.id)
        .execute();
    }
  }

  /** Atomically reserves the oldest events ready and not held by another process. */
  #claim(): Promise<{ id: string; event: string; attempts: number }[]> {
    const nowIso = new Date().toISOString();
    const ready = this.#db
      .selectFrom("event_outbox")
      .select("id")
      .where("available", "<=", nowIso)
      .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", nowIso)]))
      .orderBy("id")
      .limit(BATCH)
      .$if(this.#dialect === "postgres", (qb) => qb.forUpdate().skipLocked());
    return this.#db
      .updateTable("event_outbox")
      .set((eb) => ({ locked_until: new Date(Date.now() + this.#settings.leaseMs).toISOString(), attempts: eb("attempts", "+", 1) }))
      .where("id", "in", ready)
      .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", nowIso)]))
      .returning(["id", "event", "attempts"])
      .execute()
      .then((rows) => rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
  }
}
