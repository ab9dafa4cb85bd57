// The stream of domain events: a transactional outbox in the application
// database, read by several consumers (the federation, the alerts…), each on its
// own. `emit` writes the event, and one delivery per consumer, with the
// transaction of its change (outbox.ts), so both commit or neither does;
// `committed` then wakes the drain, which hands each delivery to its consumer in
// the background, so a request never waits for it, and no consumer ever runs
// inside the change's transaction.
// Each delivery has its own attempts, back-off and lease: a consumer that fails
// is tried again later without the others running again, and holds up only its
// own later deliveries about the same subject (a consumer sees the events about
// one need, one application… in the order they happened). After its last
// attempt a delivery is dropped, with an error log; the others go on. An event
// is deleted once every consumer is done with it. A delivery a process left
// behind when it stopped is taken again after its lease, by any process: each
// consumer gets each event at least once, and is written to be idempotent.
import { getLogger } from "@logtape/logtape";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { DomainEvent, EventConsumer, EventSink } from "../events.ts";
import { eventRows, writeEvent } from "./outbox.ts";

const log = getLogger(["entraide", "events"]);

export interface EventStreamOptions {
  /** How long a process holds a delivery it is running before another may take it (ms). */
  leaseMs?: number;
  /** How often a process looks for deliveries left by others or waiting for a retry (ms). */
  pollIntervalMs?: number;
  /** A delivery that failed this many times is dropped with an error log (that consumer's only). */
  maxAttempts?: number;
  /** First retry delay after a failure (ms); doubles each attempt, at most an hour. */
  retryBaseMs?: number;
  /**
   * Runs nothing for this long after the stream is created (ms; default 0).
   * A test knob (EVENT_DRAIN_DELAY_MS): it leaves events committed and not yet
   * consumed, as a process killed right after a commit does.
   */
  startDelayMs?: number;
}

/** How many deliveries one claim takes; they run side by side (never two of one consumer and subject). */
const BATCH = 16;

interface Claimed {
  event_id: string;
  consumer: string;
  attempts: number;
}

export class EventStream implements EventSink {
  readonly #db: Kysely<Database>;
  readonly #consumers: ReadonlyMap<string, EventConsumer>;
  readonly #settings: Required<Omit<EventStreamOptions, "startDelayMs">>;
  readonly #heldUntil: number;
  #held: ReturnType<typeof setTimeout> | undefined;
  #draining: Promise<void> | undefined;
  #again = false;
  #stopping = false;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** `consumers`: each by a stable name (its deliveries are stored under it). */
  constructor(db: Kysely<Database>, consumers: Record<string, EventConsumer>, options: EventStreamOptions = {}) {
    this.#db = db;
    this.#consumers = new Map(Object.entries(consumers));
    this.#settings = {
      leaseMs: options.leaseMs ?? 60_000,
      pollIntervalMs: options.pollIntervalMs ?? 10_000,
      maxAttempts: options.maxAttempts ?? 10,
      retryBaseMs: options.retryBaseMs ?? 1000,
    };
    this.#heldUntil = Date.now() + (options.startDelayMs ?? 0);
  }

  /** Writes the event and its deliveries with the transaction of its change; nothing runs before `committed`. */
  async emit(trx: Transaction<Database>, event: DomainEvent): Promise<void> {
    await writeEvent(trx, event, [...this.#consumers.keys()]);
  }

  /** A transaction that emitted has committed: its events are consumed in the background. */
  committed(): void {
    this.#kick();
  }

  /** Runs the deliveries waiting now (left by a process that stopped), then looks again every poll interval. */
  start(): void {
    this.#kick();
    this.#timer ??= setInterval(() => this.#kick(), this.#settings.pollIntervalMs);
    this.#timer.unref();
  }

  /** Resolves once this process is running no delivery (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  /**
   * Stops looking for deliveries and waits for those running; those taken with
   * them are given back, for the next process to start (or another one now).
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
      .catch((error) => log.error("Could not read the events waiting for their consumers: {error}", { error }))
      .finally(() => {
        this.#draining = undefined;
        if (this.#again) {
          this.#again = false;
          this.#kick();
        }
      });
  }

  async #drain(): Promise<void> {
    await this.#adopt();
    while (!this.#stopping) {
      const claimed = await this.#claim();
      if (claimed.length === 0) return;
      const ids = [...new Set(claimed.map((c) => c.event_id))];
      const events = new Map(
        (await this.#db.selectFrom("event_outbox").select(["id", "event"]).where("id", "in", ids).execute()).map((r) => [r.id, r.event]),
      );
      const left: Claimed[] = [];
      // A claim holds at most one delivery per consumer and subject: they can all run at once.
      await Promise.all(
        claimed.map(async (delivery) => {
          if (this.#stopping) left.push(delivery);
          else await this.#run(delivery, events.get(delivery.event_id));
        }),
      );
      for (const delivery of left) {
        await this.#db
          .updateTable("event_deliveries")
          .set((eb) => ({ lease_until: null, attempts: eb("attempts", "-", 1) }))
          .where("event_id", "=", delivery.event_id)
          .where("consumer", "=", delivery.consumer)
          .execute();
      }
      await this.#forgetFinished(ids);
      if (left.length > 0) return;
    }
  }

  async #run(delivery: Claimed, json: string | undefined): Promise<void> {
    const consumer = this.#consumers.get(delivery.consumer);
    if (!consumer || json === undefined) {
      // A consumer this process does not have (its name changed, or a newer process
      // added it): left for a process that has it, after the lease.
      return;
    }
    const event = JSON.parse(json) as DomainEvent;
    const where = { event_id: delivery.event_id, consumer: delivery.consumer };
    try {
      await consumer(event);
      await this.#finish(where, { done: 1, lease_until: null });
    } catch (error) {
      if (delivery.attempts >= this.#settings.maxAttempts) {
        log.error("Dropping {type} for {consumer} after {attempts} failed attempts: {error}", {
          type: event.type,
          consumer: delivery.consumer,
          attempts: delivery.attempts,
          error,
        });
        await this.#finish(where, { done: 1, lease_until: null });
        return;
      }
      const backoff = Math.min(3_600_000, this.#settings.retryBaseMs * 2 ** (delivery.attempts - 1));
      log.warning("{consumer} could not handle {type} (attempt {attempts}); retrying in {backoff} ms: {error}", {
        consumer: delivery.consumer,
        type: event.type,
        attempts: delivery.attempts,
        backoff,
        error,
      });
      await this.#finish(where, { lease_until: null, next_attempt: new Date(Date.now() + backoff).toISOString() });
    }
  }

  async #finish(where: { event_id: string; consumer: string }, set: { done?: number; lease_until: null; next_attempt?: string }) {
    await this.#db
      .updateTable("event_deliveries")
      .set(set)
      .where("event_id", "=", where.event_id)
      .where("consumer", "=", where.consumer)
      .execute();
  }

  /** Deletes the events of `ids` that every consumer is done with, and their deliveries. */
  async #forgetFinished(ids: string[]): Promise<void> {
    const open = this.#db.selectFrom("event_deliveries").select("event_id").where("event_id", "in", ids).where("done", "=", 0);
    await this.#db.transaction().execute(async (trx) => {
      const finished = await trx.selectFrom("event_outbox").select("id").where("id", "in", ids).where("id", "not in", open).execute();
      if (finished.length === 0) return;
      const gone = finished.map((r) => r.id);
      await trx.deleteFrom("event_deliveries").where("event_id", "in", gone).execute();
      await trx.deleteFrom("event_outbox").where("id", "in", gone).execute();
    });
  }

  /**
   * Gives the consumers of this process their deliveries of events that have
   * none (written before event_deliveries existed, or by a process of an
   * older version during an upgrade).
   */
  async #adopt(): Promise<void> {
    const orphans = await this.#db
      .selectFrom("event_outbox as e")
      .select(["e.id", "e.event", "e.created"])
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom("event_deliveries as d").select("d.event_id").whereRef("d.event_id", "=", "e.id"))))
      .orderBy("e.id")
      .limit(100)
      .execute();
    for (const orphan of orphans) {
      const { deliveries } = eventRows(JSON.parse(orphan.event) as DomainEvent, [...this.#consumers.keys()], orphan.id, orphan.created);
      if (deliveries.length === 0) continue;
      await this.#db
        .insertInto("event_deliveries")
        .values(deliveries)
        .onConflict((oc) => oc.columns(["event_id", "consumer"]).doNothing())
        .execute();
    }
  }

  /**
   * Atomically reserves the oldest deliveries ready, not held by another process,
   * and with no earlier delivery to the same consumer about the same subject
   * still to do (the order per subject).
   */
  async #claim(): Promise<Claimed[]> {
    if (this.#consumers.size === 0) return [];
    const nowIso = new Date().toISOString();
    const leaseUntil = new Date(Date.now() + this.#settings.leaseMs).toISOString();
    const ready = await this.#db
      .selectFrom("event_deliveries as d")
      .select(["d.event_id", "d.consumer"])
      .where("d.done", "=", 0)
      .where("d.next_attempt", "<=", nowIso)
      .where((eb) => eb.or([eb("d.lease_until", "is", null), eb("d.lease_until", "<=", nowIso)]))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("event_deliveries as e")
              .select("e.event_id")
              .whereRef("e.consumer", "=", "d.consumer")
              .whereRef("e.subject", "=", "d.subject")
              .whereRef("e.event_id", "<", "d.event_id")
              .where("e.done", "=", 0),
          ),
        ),
      )
      .where("d.consumer", "in", [...this.#consumers.keys()])
      .orderBy("d.event_id")
      .limit(BATCH)
      .execute();
    const claimed: Claimed[] = [];
    // One update per delivery: the lease is taken only if nobody took it since the select.
    for (const row of ready) {
      const taken = await this.#db
        .updateTable("event_deliveries")
        .set((eb) => ({ lease_until: leaseUntil, attempts: eb("attempts", "+", 1) }))
        .where("event_id", "=", row.event_id)
        .where("consumer", "=", row.consumer)
        .where("done", "=", 0)
        .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<=", nowIso)]))
        .returning(["event_id", "consumer", "attempts"])
        .executeTakeFirst();
      if (taken) claimed.push(taken);
    }
    return claimed;
  }
}
