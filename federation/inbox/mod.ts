// Inbox wiring: one `.on(Type, handler)` per concern, handlers in their own files.
import type { FederationBuilder } from "@fedify/fedify";
import { Activity } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { ContextData } from "../context.ts";

const log = getLogger(["entraide", "federation", "inbox"]);

export function registerInbox(builder: FederationBuilder<ContextData>): void {
  builder
    .setInboxListeners("/actors/{identifier}/inbox", "/inbox")
    .on(Activity, async (_ctx, activity) => {
      // Types no handler claims are accepted and dropped, with a trace of what they were.
      log.debug("Ignoring {type} {id}: no handler for this type", {
        type: activity.constructor.name,
        id: activity.id?.href,
      });
    })
    .onError((_ctx, error) => {
      log.warning("Inbox activity failed: {error}", { error });
    });
}
