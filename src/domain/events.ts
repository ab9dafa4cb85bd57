// What the domain announces about a change. Each event is written with the
// transaction of the change it describes (the transactional outbox): the change
// and its event commit together or not at all, so a crash can neither leave a
// change nobody hears of nor an event about a change that did not happen. Its
// consumers (the federation, alerts) read it once committed; the domain does not
// know who listens. A local action succeeds whether or not its federation does.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";

export type DomainEvent =
  | { type: "need.published"; needId: string }
  /**
   * `previousVisibility`: what it was before, when this change narrowed it
   * (public to followers): the servers that had the public copy and are no
   * longer in its audience are asked to delete it.
   */
  | { type: "need.updated"; needId: string; previousVisibility?: string }
  | { type: "need.deleted"; needId: string; organizationHandle: string; visibility: string }
  | { type: "application.decided"; applicationId: string }
  | { type: "application.answered"; applicationId: string }
  | { type: "outgoing-application.created"; outgoingId: string }
  | { type: "follow.requested"; actorId: string; targetId: string; followUri: string }
  | { type: "offer.published"; offerId: string }
  | { type: "offer.updated"; offerId: string; previousVisibility?: string }
  | { type: "offer.deleted"; offerId: string; authorHandle: string; visibility: string }
  | { type: "report.sent"; reportId: string }
  /** A public need from an instance or organisation followed here, seen for the first time. */
  | { type: "remote-need.received"; remoteNeedId: string }
  /** The instance's name or description changed: its actor is sent again to its followers. */
  | { type: "instance.updated" };

export interface EventSink {
  /** Writes the event with the transaction of its change: it exists once that commits, and only then. */
  emit(trx: Transaction<Database>, event: DomainEvent): Promise<void>;
  /**
   * Told after a transaction that emitted has committed: the consumers may read its
   * events now. Never waits (no network call, no query awaited by the caller).
   */
  committed(): void;
}

/** Something that acts on each committed event (it may be given the same event twice). */
export type EventConsumer = (event: DomainEvent) => Promise<void>;

/**
 * Runs `change` in one transaction, with the events it emits, then wakes their
 * consumers. `change` must not wait on the network: on SQLite the transaction
 * holds the only connection.
 */
export async function commitWithEvents<T>(
  db: Kysely<Database>,
  events: EventSink,
  change: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  const result = await db.transaction().execute(change);
  events.committed();
  return result;
}

/** Records nothing: for tests of the domain alone, and tools whose changes nobody else needs to hear of. */
export const silentEvents: EventSink = { emit: async () => {}, committed: () => {} };
