// The outbox writer: a domain event becomes a row of `event_outbox`, written by
// the transaction of the change it describes. Reading the rows and handing them
// to their consumers (with leases, in order per subject, with retries) is the
// drain's work (federation/pending-events.ts), after the commit.
import type { Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { DomainEvent } from "../events.ts";
import { newId } from "../ids.ts";

/**
 * Writes the event in the outbox, in `trx`. Its id, time-ordered, is taken here,
 * after the change's own writes: two changes of one row are serialised by that
 * row's lock, so the events about one thing are read in the order they happened.
 */
export async function writeEvent(trx: Transaction<Database>, event: DomainEvent): Promise<void> {
  const created = new Date().toISOString();
  await trx
    .insertInto("event_outbox")
    .values({ id: newId(), event: JSON.stringify(event), available: created, locked_until: null, created })
    .execute();
}
