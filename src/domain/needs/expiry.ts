// A need whose dates are past closes itself (issue 16): every hour, where the queue
// runs, an open or filled need whose last date (a date's end, a period's last day,
// a weekly rule's last occurrence) is before now becomes `done`: it is no longer
// listed as open nor takes applications, the other servers get its Update, and its
// coordinators are told (a `need.expired` notification, docs/decisions/0016).
// Undated needs ("quand vous voulez") never close by themselves. Safe to run twice:
// a need already closed is not closed again, and each hour is claimed in `daily_runs`
// (its `day` column holds the hour, "2027-01-11T03"): a need stops taking applications
// within the hour its last date ends.
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import { commitWithEvents, type EventSink } from "../events.ts";
import type { Need } from "./model.ts";
import { upcomingOccurrences } from "./occurrences.ts";
import { needsQuery, scheduleBounds, toNeed } from "./repository.ts";

/** Whether every date of the need is before `at`. */
export function isPast(need: Pick<Need, "schedule">, at: Date): boolean {
  const s = need.schedule;
  switch (s.kind) {
    case "date":
      return Date.parse(s.end ?? s.start) < at.getTime();
    case "range":
      return Date.parse(`${s.end}T23:59:59.999Z`) < at.getTime();
    case "recurring":
      // A rule that never ends always has an occurrence to come; one that cannot be read has none, and is left alone.
      return Date.parse(s.start) < at.getTime() && upcomingOccurrences(s, at.toISOString(), 1).length === 0 && /UNTIL|COUNT/i.test(s.rrule);
    case "flexible":
      return false;
  }
}

/** How many candidates are read at once: a backlog (the first run on an old instance) is walked, never loaded whole. */
const BATCH = 200;

/** Closes the open and filled needs whose dates are past; the ids of those it closed. */
export async function closePastNeeds(db: Kysely<Database>, events: EventSink, at = new Date(), batchSize = BATCH): Promise<string[]> {
  const closed: string[] = [];
  const now = at.toISOString();
  // Only needs that started before now can be over: a range of the index (status, coalesce(starts), id)
  // the search walks too, so the run reads the needs under way, never the whole table.
  const sortKey = sql<string>`coalesce(${sql.ref("needs.starts")}, '9999')`;
  let after: { key: string; id: string } | null = null;
  for (;;) {
    const from: { key: string; id: string } | null = after;
    const batch: Need[] = (
      await needsQuery(db)
        .where("needs.status", "in", ["open", "filled"])
        .where(sortKey, "<", now)
        .where("needs.published", "is not", null)
        // Dated ones by their end, in SQL; weekly ones (no stored end) by their rule, below.
        .where((eb) => eb.or([eb("needs.ends", "<", now), eb("needs.ends", "is", null)]))
        .where((eb) => (from ? eb.or([eb(sortKey, ">", from.key), eb.and([eb(sortKey, "=", from.key), eb("needs.id", ">", from.id)])]) : sql<boolean>`1 = 1`))
        .orderBy(sortKey)
        .orderBy("needs.id")
        .limit(batchSize)
        .execute()
    ).map(toNeed);
    for (const need of batch) {
      if (!isPast(need, at)) continue;
      const done = await commitWithEvents(db, events, async (trx) => {
        const result = await trx
          .updateTable("needs")
          .set({ status: "done", updated: at.toISOString() })
          .where("id", "=", need.id)
          .where("status", "in", ["open", "filled"])
          .executeTakeFirst();
        if (Number(result.numUpdatedRows ?? 0) === 0) return false;
        await events.emit(trx, { type: "need.updated", needId: need.id, organizationHandle: need.organization.handle, visibility: need.visibility });
        await events.emit(trx, { type: "need.expired", needId: need.id });
        return true;
      });
      if (done) closed.push(need.id);
    }
    const last = batch.at(-1);
    if (!last || batch.length < batchSize) return closed;
    const starts: string | null = scheduleBounds(last.schedule).starts;
    after = { key: starts ?? "9999", id: last.id };
  }
}

/** The hourly run: the first process to claim the hour (UTC) closes the past needs; the others find it claimed (null). */
export async function closePastNeedsOnce(db: Kysely<Database>, events: EventSink, at = new Date()): Promise<string[] | null> {
  const claimed = await db
    .insertInto("daily_runs")
    .values({ job: "needs-expiry", day: at.toISOString().slice(0, 13), started: at.toISOString() })
    .onConflict((oc) => oc.columns(["job", "day"]).doNothing())
    .returning("day")
    .executeTakeFirst();
  if (!claimed) return null;
  return closePastNeeds(db, events, at);
}
