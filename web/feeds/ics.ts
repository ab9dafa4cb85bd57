// iCalendar (RFC 5545) of dated public needs: one VEVENT each, with the RRULE of recurring ones.
import type { PublishedNeed } from "../../src/domain/needs/model.ts";

export interface CalendarItem {
  need: PublishedNeed;
  url: string;
  /** The description as plain text. */
  text: string;
}

/** Escapes a TEXT value (RFC 5545 §3.3.11). */
const text = (value: string) => value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");

/** Folds a content line at 75 octets (RFC 5545 §3.1). */
function fold(line: string): string {
  const bytes = Buffer.from(line, "utf8");
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = "";
  for (const char of line) {
    const limit = parts.length === 0 ? 75 : 74;
    if (Buffer.byteLength(current + char, "utf8") > limit) {
      parts.push(current);
      current = "";
    }
    current += char;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

/** 20261215T080000Z */
const utc = (iso: string) => new Date(iso).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
const day = (iso: string) => iso.slice(0, 10).replace(/-/g, "");
const nextDay = (iso: string) => {
  const d = new Date(`${iso.slice(0, 10)}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return day(d.toISOString());
};

function timing(need: PublishedNeed): string[] | undefined {
  const s = need.schedule;
  switch (s.kind) {
    case "date": {
      const end = s.end ?? new Date(Date.parse(s.start) + 2 * 3_600_000).toISOString();
      return [`DTSTART:${utc(s.start)}`, `DTEND:${utc(end)}`];
    }
    case "range":
      return [`DTSTART;VALUE=DATE:${day(s.start)}`, `DTEND;VALUE=DATE:${nextDay(s.end)}`];
    case "recurring":
      return [
        `DTSTART:${utc(s.start)}`,
        `DURATION:PT${s.durationMinutes}M`,
        `RRULE:${s.rrule.replace(/^RRULE:/i, "")}`,
        // The occurrences its coordinators cancelled: calendars skip them, the next ones stay.
        ...(s.exdates?.length ? [`EXDATE:${s.exdates.map(utc).join(",")}`] : []),
      ];
    case "flexible":
      return undefined;
  }
}

export function icsCalendar(name: string, host: string, items: CalendarItem[], stamp: string): string {
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", `PRODID:-//Entraide//${host}//FR`, "CALSCALE:GREGORIAN", `X-WR-CALNAME:${text(name)}`];
  for (const { need, url, text: description } of items) {
    const when = timing(need);
    if (!when) continue;
    lines.push(
      "BEGIN:VEVENT",
      `UID:${need.id}@${host}`,
      `DTSTAMP:${utc(stamp)}`,
      ...when,
      `SUMMARY:${text(need.title)}`,
      `LOCATION:${text(need.place.mode === "remote" ? "—" : need.place.label)}`,
      `DESCRIPTION:${text(description)}`,
      `URL:${url}`,
      `ORGANIZER;CN=${text(need.organization.name).replace(/[:"]/g, "")}:${url.replace(/\/needs\/.*$/, `/@${need.organization.handle}`)}`,
      `STATUS:${need.status === "cancelled" ? "CANCELLED" : "CONFIRMED"}`,
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return `${lines.map(fold).join("\r\n")}\r\n`;
}
