// What the domain announces about a change. Each event is written with the
// transaction of the change it describes (the transactional outbox): the change
// and its event commit together or not at all, so a crash can neither leave a
// change nobody hears of nor an event about a change that did not happen. Its
// consumers (the federation, alerts…, each with its own deliveries: see
// events/stream.ts) read it once committed; the domain does not know who
// listens. A local action succeeds whether or not its federation does.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";

/** Who may see a need or an offer (as in src/domain/needs/model.ts). */
type Visibility = "public" | "followers" | "local";

/**
 * What happened, in the domain's words, with the facts a consumer needs as they
 * were at that moment (a consumer runs later, when the state may have moved on:
 * an application accepted then rejected is two decisions, not two rejections).
 * Local-only changes are events too: whether one matters to the other servers
 * is the federation's call, not the domain's.
 */
export type DomainEvent =
  | { type: "need.published"; needId: string }
  /**
   * `visibility`: who may see it now; `previousVisibility`: who could before,
   * when this change altered it (made local, narrowed to followers, widened).
   */
  | {
      type: "need.updated";
      needId: string;
      organizationHandle: string;
      visibility: Visibility;
      previousVisibility?: Visibility;
      /** What its accepted volunteers must be told of this change, when anything (see `VolunteerNotice`). */
      notice?: VolunteerNotice;
    }
  | { type: "need.deleted"; needId: string; organizationHandle: string; visibility: Visibility }
  /** Its dates are past: it closed itself (src/domain/needs/expiry.ts), its coordinators are told. */
  | { type: "need.expired"; needId: string }
  /** Someone offered to help: `web` or `api` for a local account, `federation` for a remote actor. */
  | { type: "application.received"; applicationId: string; needId: string; source: "web" | "api" | "federation" }
  /** A coordinator's decision, as it was taken. */
  | { type: "application.decided"; applicationId: string; needId: string; status: "accepted" | "rejected" | "done"; reason: string | null }
  /** Scheduled (src/domain/notifications/scheduler.ts): an application has waited more than 3 days, once. */
  | { type: "application.pending"; applicationId: string; needId: string }
  /** Scheduled: the day before a slot (`occurrence`, its start, ISO) an accepted volunteer is told, once per slot. */
  | { type: "application.reminder"; applicationId: string; needId: string; occurrence: string }
  /** The applicant (local or remote) withdrew. */
  | { type: "application.withdrawn"; applicationId: string; needId: string }
  | { type: "outgoing-application.created"; outgoingId: string }
  /** One of our citizens withdrew their application to a need elsewhere: its server is told. */
  | { type: "outgoing-application.withdrawn"; outgoingId: string }
  /** The remote organisation answered one of our citizens' applications. */
  | { type: "outgoing-application.answered"; outgoingId: string; userId: string; status: "accepted" | "rejected"; reason: string | null }
  | { type: "follow.requested"; actorId: string; targetId: string; followUri: string }
  /** A remote actor now follows one of ours (`actorId`, local; `followerId`, a remote actor). */
  | { type: "follower.added"; actorId: string; followerId: string }
  /** A direct message from another server reached a local user. */
  | { type: "message.received"; messageId: string; userId: string; senderId: string }
  | { type: "offer.published"; offerId: string; visibility: Visibility }
  /** As for a need: `previousVisibility` when this change altered who may see it. */
  | { type: "offer.updated"; offerId: string; authorHandle: string; visibility: Visibility; previousVisibility?: Visibility }
  | { type: "offer.deleted"; offerId: string; authorHandle: string; visibility: Visibility }
  | { type: "report.sent"; reportId: string }
  /** Another server reported one of our accounts or posts. */
  | { type: "report.received"; reportId: string }
  /** A public need from an instance or organisation followed here, seen for the first time. */
  | { type: "remote-need.received"; remoteNeedId: string }
  /**
   * An account was erased: `recipients`, the remote actors (ids) that knew it, are sent a
   * `Delete` of the actor, signed with its keys.
   */
  | { type: "account.erased"; actorId: string; handle: string; recipients: string[] }
  /**
   * A need's outcome (or one occurrence's) was confirmed; `asked`: the applications whose
   * volunteers are asked the one question now, for the first and only time.
   */
  | { type: "outcome.confirmed"; needId: string; outcomeId: string; asked: string[] }
  /** A good-practice sheet written here (src/domain/practices/): federated when `public`. */
  | { type: "practice.published"; practiceId: string }
  | { type: "practice.updated"; practiceId: string; organizationHandle: string; visibility: "public" | "local"; previousVisibility?: "public" | "local" }
  | { type: "practice.deleted"; practiceId: string; organizationHandle: string; visibility: "public" | "local" }
  /** One of our organisations tried a sheet (ours or another server's): drafts made from its needs. */
  | { type: "practice.tried"; tryId: string }
  /** An organisation elsewhere told us it tried one of our sheets, or sent its try's results. */
  | { type: "practice-try.received"; receivedId: string; practiceId: string; created: boolean }
  /** The instance's name or description changed: its actor is sent again to its followers. */
  | { type: "instance.updated" }
  /** An organisation's profile changed (issue 16): its `Group` actor is sent again to its followers. */
  | { type: "organization.updated"; organizationId: string; handle: string };

/**
 * A change a need's accepted volunteers hear of (by notification and mail here, by a
 * direct message threaded on their reply elsewhere): the need was cancelled, one
 * occurrence of a recurring need was cancelled (`occurrence`: its start, ISO), or
 * when or where it happens changed. `message`: the coordinator's words, if any.
 */
export interface VolunteerNotice {
  kind: "cancelled" | "occurrence-cancelled" | "changed";
  message: string | null;
  occurrence?: string;
}

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
