// The need form's fields ⇄ NeedCreate / NeedPatch (src/domain/needs/input.ts).
import type { NeedFormValues } from "../../../web/pages/need-form.tsx";
import type { ZodError } from "zod";
import type { Translate } from "../../../web/i18n/index.ts";
import { issueMessage } from "./frame.ts";
import type { Need } from "../../domain/needs/model.ts";
import { weeklyRule, weeklyStart, weeklyValues } from "./schedule-form.ts";

/** Missions happen in France: a datetime-local field is Paris time. */
const TIME_ZONE = "Europe/Paris";
const wall = new Intl.DateTimeFormat("en-CA", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** "2026-12-15T14:00" (Paris) as the instant's Paris wall time, in ms since the epoch read as UTC. */
function wallMs(instant: number): number {
  const p = Object.fromEntries(wall.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
}

/** "2026-12-15T14:00" → "2026-12-15T14:00:00+01:00"; anything else is passed on for the validator to refuse. */
export function parisDateTime(local: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(local);
  if (!m) return local;
  const asUtc = Date.parse(`${m[1]}T${m[2]}:00Z`);
  const offsetMin = Math.round((wallMs(asUtc) - asUtc) / 60_000);
  const sign = offsetMin >= 0 ? "+" : "-";
  const abs = Math.abs(offsetMin);
  return `${m[1]}T${m[2]}:00${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** An ISO date-time as the value of a datetime-local field, in Paris time. */
export function parisLocal(iso: string): string {
  return new Date(wallMs(Date.parse(iso))).toISOString().slice(0, 16);
}

const number = (value: string) => (value.trim() === "" ? null : Number(value.replace(",", ".")));

export function emptyValues(organization = ""): NeedFormValues {
  return {
    organization,
    title: "",
    description: "",
    domains: [],
    place_label: "",
    place_mode: "on_site",
    address: "",
    latitude: "",
    longitude: "",
    schedule_kind: "date",
    start: "",
    end: "",
    range_start: "",
    range_end: "",
    rrule: "",
    weekdays: [],
    weekly_from: "",
    weekly_time: "",
    weekly_until: "",
    duration_minutes: "120",
    volunteers_wanted: "1",
    deadline: "",
    visibility: "",
    safeguarding: "",
    private_notes: "",
    beneficiary: "",
    beneficiary_consent: "",
    contact: "",
    practical_details: "",
    status: "open",
    language: "fr",
  };
}

export function valuesFromForm(form: Record<string, string | string[]>): NeedFormValues {
  const values = emptyValues();
  for (const key of Object.keys(values) as (keyof NeedFormValues)[]) {
    const sent = form[key];
    if (key === "domains" || key === "weekdays") values[key] = (Array.isArray(sent) ? sent : sent ? [sent] : []).map(String);
    else if (sent !== undefined) values[key] = String(Array.isArray(sent) ? sent.at(-1) : sent);
  }
  return values;
}

export function valuesFromNeed(need: Need): NeedFormValues {
  const s = need.schedule;
  return {
    ...emptyValues(need.organization.handle),
    title: need.title,
    description: need.description,
    domains: need.domains,
    place_label: need.place.label,
    place_mode: need.place.mode,
    address: need.place.address ?? "",
    latitude: need.place.latitude === null ? "" : String(need.place.latitude),
    longitude: need.place.longitude === null ? "" : String(need.place.longitude),
    schedule_kind: s.kind,
    start: s.kind === "date" ? parisLocal(s.start) : "",
    end: s.kind === "date" && s.end ? parisLocal(s.end) : "",
    range_start: s.kind === "range" ? s.start : "",
    range_end: s.kind === "range" ? s.end : "",
    ...weeklyValues(s),
    duration_minutes: s.kind === "recurring" ? String(s.durationMinutes) : "120",
    volunteers_wanted: String(need.volunteersWanted),
    deadline: need.deadline ?? "",
    visibility: need.visibility,
    safeguarding: need.safeguarding ? "yes" : "no",
    private_notes: need.privateNotes,
    beneficiary: need.beneficiary,
    beneficiary_consent: need.beneficiaryConsent ?? "",
    contact: need.contact ?? "",
    practical_details: need.practicalDetails,
    status: need.status,
    language: need.language,
  };
}

/** The form as the API's request body (validated afterwards by NeedCreate or NeedPatch). */
export function inputFromValues(v: NeedFormValues) {
  const schedule =
    v.schedule_kind === "range"
      ? { kind: "range", start: v.range_start, end: v.range_end }
      : v.schedule_kind === "recurring"
        ? { kind: "recurring", rrule: weeklyRule(v), start: parisDateTime(weeklyStart(v)), duration_minutes: number(v.duration_minutes) }
        : v.schedule_kind === "flexible"
          ? { kind: "flexible" }
          : { kind: "date", start: parisDateTime(v.start), end: v.end ? parisDateTime(v.end) : null };
  return {
    organization: v.organization,
    title: v.title,
    description: v.description,
    domains: v.domains,
    language: v.language === "en" ? "en" : "fr",
    place: {
      label: v.place_label,
      mode: v.place_mode,
      address: v.address.trim() || null,
      latitude: number(v.latitude),
      longitude: number(v.longitude),
      radius_km: 2,
    },
    schedule,
    volunteers_wanted: number(v.volunteers_wanted),
    deadline: v.deadline || null,
    ...(v.visibility ? { visibility: v.visibility } : {}),
    // Automatic (""): the domain's default on creation, unchanged on an edit.
    ...(v.safeguarding === "yes" || v.safeguarding === "no" ? { safeguarding: v.safeguarding === "yes" } : {}),
    private_notes: v.private_notes,
    beneficiary: v.beneficiary,
    beneficiary_consent: v.beneficiary_consent || null,
    contact: v.contact.trim() || null,
    practical_details: v.practical_details,
    status: v.status === "draft" ? "draft" : "open",
  };
}

/** The form field a validation issue or a DomainError's field is about. */
export function formField(path: readonly PropertyKey[], scheduleKind: string): string {
  const [first, second] = path.map(String);
  if (first === "place") return second === "label" || second === "mode" ? `place_${second}` : (second ?? "place_label");
  if (first === "schedule") {
    if (!second || second === "kind") return "schedule_kind";
    if (scheduleKind === "range" && (second === "start" || second === "end")) return `range_${second}`;
    if (scheduleKind === "recurring" && second === "start") return "weekly_from";
    if (scheduleKind === "recurring" && second === "rrule") return "weekdays";
    return second;
  }
  return first ?? "_form";
}

export function formErrors(error: ZodError, scheduleKind: string, t: Translate): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = formField(issue.path, scheduleKind);
    errors[field] ??= field === "weekdays" ? t("form.error.weekdays") : issueMessage(issue, t);
  }
  return errors;
}
