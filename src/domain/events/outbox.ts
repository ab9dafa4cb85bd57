// The outbox writer: a domain event becomes a row of `event_outbox`, and one
// delivery per consumer in `event_deliveries`, written by the transaction of the
// change it describes. Handing the events to their consumers (with leases, in
// order per subject, with retries, each consumer on its own) is the stream's
// work (stream.ts), after the commit.
import type { Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { DomainEvent } from "../events.ts";
import { newId } from "../ids.ts";

/** What an event is about: a consumer takes the events sharing it in the order they were recorded. */
export function subject(event: DomainEvent): string {
  switch (event.type) {
    case "need.published":
    case "need.updated":
    case "need.deleted":
    case "outcome.confirmed":
    case "need.expired":
      return `need:${event.needId}`;
    case "offer.published":
    case "offer.updated":
    case "offer.deleted":
      return `offer:${event.offerId}`;
    case "application.received":
    case "application.decided":
    case "application.withdrawn":
    case "application.pending":
    case "application.reminder":
      return `application:${event.applicationId}`;
    case "outgoing-application.created":
    case "outgoing-application.answered":
    case "outgoing-application.withdrawn":
      return `outgoing:${event.outgoingId}`;
    case "follow.requested":
      return `follow:${event.followUri}`;
    case "follower.added":
      return `follower:${event.actorId}:${event.followerId}`;
    case "message.received":
      return `message:${event.messageId}`;
    case "report.sent":
    case "report.received":
      return `report:${event.reportId}`;
    case "remote-need.received":
      return `remote-need:${event.remoteNeedId}`;
    case "account.erased":
      return `account:${event.actorId}`;
    case "instance.updated":
      return "instance";
    case "practice.published":
    case "practice.updated":
    case "practice.deleted":
      return `practice:${event.practiceId}`;
    case "practice.tried":
      return `practice-try:${event.tryId}`;
    case "practice-try.received":
      // With the sheet's own events: its Article is sent again after each try heard of.
      return `practice:${event.practiceId}`;
    case "organization.updated":
      return `organization:${event.organizationId}`;
  }
}

/** The rows of one event and its deliveries, for the consumers named. */
export function eventRows(event: DomainEvent, consumers: readonly string[], id = newId(), at = new Date().toISOString()) {
  const about = subject(event);
  return {
    event: { id, event: JSON.stringify(event), available: at, locked_until: null, created: at },
    deliveries: consumers.map((consumer) => ({ event_id: id, consumer, subject: about, next_attempt: at, lease_until: null })),
  };
}

/**
 * Writes the event and its deliveries in `trx`. Its id, time-ordered, is taken
 * here, after the change's own writes: two changes of one row are serialised by
 * that row's lock, so the events about one thing are read in the order they happened.
 */
export async function writeEvent(trx: Transaction<Database>, event: DomainEvent, consumers: readonly string[]): Promise<void> {
  const rows = eventRows(event, consumers);
  await trx.insertInto("event_outbox").values(rows.event).execute();
  if (rows.deliveries.length > 0) await trx.insertInto("event_deliveries").values(rows.deliveries).execute();
}
