// Alerts consume the committed events: each published need becomes an "alerts"
// job in the mail outbox, matched and mailed by the mail worker, never while the
// publisher waits.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { EventConsumer } from "../events.ts";
import { enqueueMail } from "../mail/outbox.ts";

const WEEK_MS = 7 * 86_400_000;

export function alertEvents(db: Kysely<Database>): EventConsumer {
  return async (event) => {
    if (event.type === "need.published") await enqueueMail(db, { kind: "alerts", need: { needId: event.needId } }, WEEK_MS);
    else if (event.type === "remote-need.received") {
      await enqueueMail(db, { kind: "alerts", need: { remoteNeedId: event.remoteNeedId } }, WEEK_MS);
    }
  };
}
