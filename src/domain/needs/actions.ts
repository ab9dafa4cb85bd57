// What a coordinator does to a need besides editing it: cancel it (with a word for
// the accepted volunteers), mark it filled, reopen it, duplicate it as a new draft,
// cancel one occurrence of a recurring need. Each is a change of the need and its
// event, committed together (updateNeed, or here for an occurrence).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import type { Account } from "../accounts/users.ts";
import { DomainError } from "../errors.ts";
import { commitWithEvents, type EventSink } from "../events.ts";
import { newId } from "../ids.ts";
import type { Need } from "./model.ts";
import { isUpcomingOccurrence, occurrenceKey } from "./occurrences.ts";
import { saveNeed } from "./repository.ts";
import { needForCoordinator, updateNeed } from "./service.ts";

/** Cancels the need; its accepted volunteers are told, with the coordinator's message (`need.updated` with a notice). */
export function cancelNeed(db: Kysely<Database>, events: EventSink, account: Account, id: string, message: string | null): Promise<Need> {
  const words = message?.trim() ? message.trim().slice(0, 5000) : null;
  return updateNeed(db, events, account, id, { status: "cancelled" }, { notice: { kind: "cancelled", message: words } });
}

/** Takes no more volunteers, whatever the count says. */
export function markFilled(db: Kysely<Database>, events: EventSink, account: Account, id: string): Promise<Need> {
  return updateNeed(db, events, account, id, { status: "filled" });
}

/** A filled or cancelled need takes volunteers again (refused when its schedule is past or no place is left). */
export function reopenNeed(db: Kysely<Database>, events: EventSink, account: Account, id: string): Promise<Need> {
  return updateNeed(db, events, account, id, { status: "open" });
}

/**
 * A new draft from an existing need: everything the coordinators wrote (private fields
 * included: the same organisation manages it), no volunteer, no outcome, no cancelled
 * occurrence. Nothing is announced: a draft concerns nobody else.
 */
export async function duplicateNeed(db: Kysely<Database>, account: Account, id: string): Promise<Need> {
  const source = await needForCoordinator(db, account, id);
  const timestamp = now();
  const schedule = structuredClone(source.schedule);
  if (schedule.kind === "recurring") delete schedule.exdates;
  const copy: Need = {
    ...structuredClone(source),
    id: newId(),
    schedule,
    volunteersAccepted: 0,
    status: "draft",
    outcome: null,
    created: timestamp,
    updated: timestamp,
    published: null,
  };
  await db.transaction().execute((trx) => saveNeed(trx, copy, true));
  return copy;
}

/**
 * Cancels one occurrence of a recurring need (`occurrence`: its start, ISO): stored
 * among the schedule's `exdates`, so the page, the calendar and the Note skip it and
 * the next ones stay; the accepted volunteers are told (`occurrence-cancelled`).
 */
export async function cancelOccurrence(
  db: Kysely<Database>,
  events: EventSink,
  account: Account,
  id: string,
  occurrence: string,
  message: string | null,
): Promise<Need> {
  const before = await needForCoordinator(db, account, id);
  const s = before.schedule;
  if (s.kind !== "recurring") throw new DomainError("conflict", "this need has no recurring slots", "occurrence", "need_not_recurring");
  if (before.status === "done" || before.status === "cancelled" || before.status === "draft") {
    throw new DomainError("conflict", `a need that is ${before.status} has no occurrence to cancel`, "status", "need_transition", {
      from: before.status,
      to: "cancelled",
    });
  }
  if (Number.isNaN(Date.parse(occurrence)) || !isUpcomingOccurrence(s, occurrence, now())) {
    throw new DomainError("invalid", "not an occurrence to come of this need", "occurrence", "occurrence_unknown");
  }
  const key = occurrenceKey(occurrence);
  const need: Need = { ...structuredClone(before), schedule: { ...s, exdates: [...(s.exdates ?? []), key].sort() }, updated: now() };
  const words = message?.trim() ? message.trim().slice(0, 5000) : null;
  await commitWithEvents(db, events, async (trx) => {
    await saveNeed(trx, need, false);
    if (need.published) {
      await events.emit(trx, {
        type: "need.updated",
        needId: need.id,
        organizationHandle: need.organization.handle,
        visibility: need.visibility,
        notice: { kind: "occurrence-cancelled", message: words, occurrence: key },
      });
    }
  });
  return need;
}
