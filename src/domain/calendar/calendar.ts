// The calendar of open needs: the slots a viewer may see in a month or a week, found
// with the search's own filters (domain, place and distance, at a distance) and its
// access rule (`visibleTo(viewer)` inside searchNeeds), so that a viewer sees in the
// calendar exactly what they may find by searching.
import type { Kysely } from "kysely";
import type { Dialect } from "../../db/database.ts";
import type { Database } from "../../db/schema.ts";
import { type PublishedNeed, toPublishedNeed } from "../needs/model.ts";
import { type NeedSearch, searchNeeds } from "../needs/search.ts";
import { type CalendarPage, dayOf, type Slot, slotsIn } from "./slots.ts";

export type CalendarFilter = Pick<NeedSearch, "viewer" | "domain" | "near" | "atDistance" | "organizationId">;

export interface CalendarEntry {
  need: PublishedNeed;
  slot: Slot;
}

/** Needs read at most for one page of calendar: beyond that the page says there are more. */
const MAX_NEEDS = 500;

/**
 * The slots of the open needs the viewer may see in `page`, in time order, from `now` on
 * (a slot already over is not upcoming). `truncated`: more needs matched than were read.
 */
export async function calendarEntries(
  db: Kysely<Database>,
  dialect: Dialect,
  filter: CalendarFilter,
  page: CalendarPage,
  now: Date = new Date(),
): Promise<{ entries: CalendarEntry[]; truncated: boolean }> {
  const period = { from: new Date(Math.max(page.period.from.getTime(), now.getTime())), to: page.period.to };
  if (period.from >= period.to) return { entries: [], truncated: false };
  const entries: CalendarEntry[] = [];
  let cursor: string | undefined;
  let read = 0;
  // The search's dates are days: from the day the period starts, to the day before it ends.
  const search: NeedSearch = {
    ...filter,
    status: ["open"],
    // (UTC days, which begin an hour or two after Paris's: a day earlier keeps them all).
    from: dayOf(new Date(period.from.getTime() - 86_400_000)),
    to: dayOf(new Date(period.to.getTime() - 1)),
    sort: "date",
    limit: 100,
  };
  do {
    const result = await searchNeeds(db, dialect, { ...search, cursor });
    for (const need of result.items) {
      for (const slot of slotsIn(need.schedule, period)) entries.push({ need: toPublishedNeed(need), slot });
    }
    read += result.items.length;
    cursor = result.nextCursor ?? undefined;
  } while (cursor && read < MAX_NEEDS);
  entries.sort((a, b) => sortKey(a.slot).localeCompare(sortKey(b.slot)) || a.need.id.localeCompare(b.need.id));
  return { entries, truncated: Boolean(cursor) };
}

const sortKey = (slot: Slot) => (slot.kind === "range" ? slot.firstDay : slot.start);
