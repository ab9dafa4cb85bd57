// What happens when a server tells us a delivery can never succeed. Fedify does
// not retry a 404 or a 410 (permanentFailureStatusCodes); on 410 Gone the
// accounts it was for are gone, so they stop being followers and are not sent
// anything again. A 404 may be a passing misconfiguration: it is only logged.
import type { FederationBuilder } from "@fedify/fedify";
import { getLogger } from "@logtape/logtape";
import type { ContextData } from "./context.ts";
import { removeFollowersByUri } from "./followers.ts";

const log = getLogger(["entraide", "federation", "outbox"]);

export function registerDeliveryFailures(builder: FederationBuilder<ContextData>): void {
  builder.setOutboxPermanentFailureHandler(async (ctx, { inbox, statusCode, actorIds, activity, reason }) => {
    if (reason === "http" && statusCode === 410) {
      const removed = await removeFollowersByUri(
        ctx.data.db,
        actorIds.map((id) => id.href),
      );
      log.info("{inbox} answered 410 Gone: {removed} follow(s) by its accounts removed", { inbox: inbox.href, removed });
      return;
    }
    log.warning("Gave up delivering {activity} to {inbox} ({reason}, status {statusCode})", {
      activity: activity.id?.href,
      inbox: inbox.href,
      reason,
      statusCode,
    });
  });
}
