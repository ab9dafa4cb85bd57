// The calendar pages: /calendar (every open need the viewer may see) and
// /@handle/calendar (one organisation's), a month or a week, filtered as the search
// is (domain, place and distance, at a distance) through the same search and its
// access rule. ?view=month|week&date=YYYY-MM-DD: the period holding that day.
import { type Context, Hono } from "hono";
import { type CalendarItem, CalendarPage } from "../../../web/pages/calendar.tsx";
import { calendarEntries, type CalendarEntry, type CalendarFilter } from "../../domain/calendar/calendar.ts";
import { type CalendarView, calendarPage, dayOf, slotDay } from "../../domain/calendar/slots.ts";
import { formatSchedule } from "../../domain/needs/note-content.ts";
import { TIME_ZONE } from "../../domain/needs/occurrences.ts";
import { locatePlace } from "../../domain/needs/places.ts";
import { findOrganization } from "../../domain/organizations/organizations.ts";
import { DOMAINS, domainBySlug } from "../../domain/vocabulary/domains.ts";
import { viewerOf } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import type { Frame } from "../../../web/layout.tsx";
import { frame, summary } from "./frame.ts";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A day of the calendar, or null (2026-02-30 is not one). */
function calendarDate(text: string | undefined): string | null {
  if (!text || !DATE.test(text)) return null;
  const day = new Date(`${text}T00:00:00.000Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(text) ? text : null;
}

function time(f: Frame, start: string, end: string | null): string {
  const format = new Intl.DateTimeFormat(f.lang, { hour: "2-digit", minute: "2-digit", timeZone: TIME_ZONE });
  return end && dayOf(end) === dayOf(start) ? `${format.format(new Date(start))}–${format.format(new Date(end))}` : format.format(new Date(start));
}

async function calendar(c: Context<AppEnv>, organization?: { id: string; handle: string; name: string }) {
  const f = await frame(c);
  const { db } = c.var.deps;
  const view: CalendarView = c.req.query("view") === "week" ? "week" : "month";
  const today = dayOf(new Date());
  const page = calendarPage(view, calendarDate(c.req.query("date")) ?? today);
  const q = (name: string) => (c.req.query(name) ?? "").trim().slice(0, 200);
  const filters = { domain: q("domain"), place: q("place"), radius: q("radius") || "10", atDistance: q("distance") === "1" };
  const errors: Record<string, string> = {};
  const filter: CalendarFilter = {
    viewer: viewerOf(c),
    domain: domainBySlug(filters.domain) ? [filters.domain] : undefined,
    atDistance: filters.atDistance,
    organizationId: organization?.id,
  };
  if (filters.place) {
    const found = await locatePlace(db.kysely, filters.place);
    const radiusKm = Math.min(Math.max(Number(filters.radius) || 10, 1), 500);
    if (found) filter.near = { ...found, radiusKm };
    else errors.place = f.t("home.unknownPlace", { place: filters.place });
  }
  const { entries, truncated } = errors.place ? { entries: [], truncated: false } : await calendarEntries(db.kysely, db.dialect, filter, page);
  const base = organization ? `/@${organization.handle}/calendar` : "/calendar";
  const link = (v: CalendarView, date: string) => {
    const params = new URLSearchParams();
    params.set("view", v);
    params.set("date", date);
    if (filters.domain) params.set("domain", filters.domain);
    if (filters.place) params.set("place", filters.place);
    if (filters.place && filters.radius !== "10") params.set("radius", filters.radius);
    if (filters.atDistance) params.set("distance", "1");
    return `${base}?${params}`;
  };
  const item = (e: CalendarEntry): CalendarItem => {
    const s = summary(e.need, f);
    return {
      needId: e.need.id,
      title: e.need.title,
      organization: e.need.organization.name,
      place: s.place,
      time: e.slot.kind === "range" ? "" : time(f, e.slot.start, e.slot.end),
      start: e.slot.kind === "range" ? "" : e.slot.start,
    };
  };
  const byDay = new Map(page.days.map((d) => [d, [] as CalendarItem[]]));
  for (const e of entries) {
    const day = slotDay(e.slot);
    if (day) byDay.get(day)?.push(item(e));
  }
  const ranges = entries
    .filter((e) => e.slot.kind === "range")
    .map((e) => ({ ...item(e), between: e.slot.kind === "range" ? formatSchedule({ kind: "range", start: e.slot.firstDay, end: e.slot.lastDay }, f.lang) : "" }));
  const dateFormat = new Intl.DateTimeFormat(f.lang, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  const first = new Date(`${page.start}T12:00:00Z`);
  const heading =
    view === "month"
      ? new Intl.DateTimeFormat(f.lang, { month: "long", year: "numeric", timeZone: "UTC" }).format(first)
      : f.t("calendar.weekOf", { date: dateFormat.format(first) });
  // No link back before the period holding today: the calendar shows upcoming slots.
  const current = calendarPage(view, today).start;
  return c.html(
    <CalendarPage
      {...f}
      view={view}
      start={page.start}
      heading={heading}
      days={page.days.map((day) => ({ day, items: byDay.get(day) ?? [] }))}
      ranges={ranges}
      links={{
        previous: page.start > current ? link(view, page.previous) : undefined,
        next: link(view, page.next),
        month: link("month", page.start),
        week: link("week", page.start < today && today < page.next ? today : page.start),
        today: link(view, today),
      }}
      action={base}
      filters={filters}
      domains={DOMAINS}
      errors={errors}
      truncated={truncated}
      organization={organization ? { name: organization.name, handle: organization.handle } : undefined}
      ics={organization ? `/@${organization.handle}/calendar.ics` : "/calendar.ics"}
      today={today}
    />,
    errors.place ? 422 : 200,
  );
}

export const calendarPages = new Hono<AppEnv>()
  .get("/calendar", (c) => calendar(c))
  .get("/:at{@[^/]+}/calendar", async (c, next) => {
    const org = await findOrganization(c.var.deps.db.kysely, c.req.param("at").slice(1));
    if (!org) return next();
    return calendar(c, org);
  });
