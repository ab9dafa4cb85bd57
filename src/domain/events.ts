// What the domain announces after a change is committed. Federation listens
// (it turns these into activities delivered through the persistent queue);
// the domain does not know who listens. A local action succeeds whether or
// not its federation does.
export type DomainEvent =
  | { type: "need.published"; needId: string }
  | { type: "need.updated"; needId: string }
  | { type: "need.deleted"; needId: string; organizationHandle: string; visibility: string }
  | { type: "application.decided"; applicationId: string }
  | { type: "application.answered"; applicationId: string }
  | { type: "outgoing-application.created"; outgoingId: string }
  | { type: "follow.requested"; actorId: string; targetId: string; followUri: string }
  | { type: "offer.published"; offerId: string }
  | { type: "offer.updated"; offerId: string }
  | { type: "offer.deleted"; offerId: string; authorHandle: string; visibility: string }
  | { type: "report.sent"; reportId: string }
  /** A public need from an instance or organisation followed here, seen for the first time. */
  | { type: "remote-need.received"; remoteNeedId: string };

export interface EventSink {
  emit(event: DomainEvent): Promise<void>;
}

/** For tools that change data without federating (the CLI, tests of the domain alone). */
export const silentEvents: EventSink = { emit: async () => {} };
