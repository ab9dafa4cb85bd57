// What the domain announces after a change is committed. Federation listens
// (it turns these into activities delivered through the persistent queue);
// the domain does not know who listens. A local action succeeds whether or
// not its federation does.
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
  emit(event: DomainEvent): Promise<void>;
}

/** For tools that change data without federating (the CLI, tests of the domain alone). */
export const silentEvents: EventSink = { emit: async () => {} };
