// Reading and writing needs. Rows are mapped to the `Need` model here and only here.
import type { Kysely, Selectable } from "kysely";
import { parsePicture } from "../pictures/model.ts";
import type { Database, NeedsTable } from "../../db/schema.ts";
import { type Need, type NeedStatus, type Outcome, type PlaceMode, roundCoordinate, type Schedule, type Visibility } from "./model.ts";

export type NeedRow = Selectable<NeedsTable> & { org_handle: string; org_name: string };

export function needsQuery(db: Kysely<Database>) {
  return db
    .selectFrom("needs")
    .innerJoin("actors as org", "org.id", "needs.organization_id")
    .selectAll("needs")
    .select(["org.handle as org_handle", "org.name as org_name"]);
}

export function toNeed(row: NeedRow): Need {
  return {
    id: row.id,
    organization: { id: row.organization_id, handle: row.org_handle, name: row.org_name },
    title: row.title,
    description: row.description,
    descriptionHtml: row.description_html,
    domains: JSON.parse(row.domains),
    skills: JSON.parse(row.skills),
    audience: JSON.parse(row.audience),
    language: row.language,
    place: {
      label: row.place_label,
      mode: row.place_mode as PlaceMode,
      address: row.address,
      latitude: row.latitude === null ? null : Number(row.latitude),
      longitude: row.longitude === null ? null : Number(row.longitude),
      radiusKm: Number(row.radius_km),
    },
    schedule: JSON.parse(row.schedule) as Schedule,
    volunteersWanted: row.volunteers_wanted,
    volunteersAccepted: row.volunteers_accepted,
    deadline: row.deadline,
    status: row.status as NeedStatus,
    visibility: row.visibility as Visibility,
    safeguarding: row.safeguarding === 1,
    privateNotes: row.private_notes,
    beneficiary: row.beneficiary,
    beneficiaryConsent: row.beneficiary_consent,
    contact: row.contact,
    practicalDetails: row.practical_details,
    outcome: row.outcome ? (JSON.parse(row.outcome) as Outcome) : null,
    created: row.created,
    updated: row.updated,
    published: row.published,
    image: parsePicture(row.image),
  };
}

/** The first and last moments a schedule covers, for date filters (null: open-ended). */
export function scheduleBounds(schedule: Schedule): { starts: string | null; ends: string | null } {
  switch (schedule.kind) {
    case "date":
      return { starts: iso(schedule.start), ends: iso(schedule.end ?? schedule.start) };
    case "range":
      return { starts: `${schedule.start}T00:00:00.000Z`, ends: `${schedule.end}T23:59:59.999Z` };
    case "recurring":
      return { starts: iso(schedule.start), ends: null };
    case "flexible":
      return { starts: null, ends: null };
  }
}

const iso = (value: string) => new Date(value).toISOString();

/** How long a need may last and still be found by a search from a date among those starting in the week before. */
export const SHORT_NEED_MS = 7 * 86_400_000;

/** Whether a need lasts more than a week or has no end (undated needs are neither). */
export function longRunning(bounds: { starts: string | null; ends: string | null }): boolean {
  if (bounds.starts === null) return false;
  return bounds.ends === null || Date.parse(bounds.ends) - Date.parse(bounds.starts) > SHORT_NEED_MS;
}

/** The need's columns but its image, which only src/domain/pictures/ writes. */
export function toRow(need: Need): Omit<Selectable<NeedsTable>, "image"> {
  const { starts, ends } = scheduleBounds(need.schedule);
  const long = longRunning({ starts, ends });
  return {
    id: need.id,
    organization_id: need.organization.id,
    title: need.title,
    description: need.description,
    description_html: need.descriptionHtml,
    domains: JSON.stringify(need.domains),
    skills: JSON.stringify(need.skills),
    audience: JSON.stringify(need.audience),
    language: need.language,
    place_label: need.place.label,
    place_mode: need.place.mode,
    address: need.place.address,
    latitude: need.place.latitude,
    longitude: need.place.longitude,
    radius_km: need.place.radiusKm,
    public_latitude: roundCoordinate(need.place.latitude),
    public_longitude: roundCoordinate(need.place.longitude),
    schedule: JSON.stringify(need.schedule),
    starts,
    ends,
    long_running: long ? 1 : 0,
    volunteers_wanted: need.volunteersWanted,
    volunteers_accepted: need.volunteersAccepted,
    deadline: need.deadline,
    status: need.status,
    visibility: need.visibility,
    safeguarding: need.safeguarding ? 1 : 0,
    private_notes: need.privateNotes,
    beneficiary: need.beneficiary,
    beneficiary_consent: need.beneficiaryConsent,
    contact: need.contact,
    practical_details: need.practicalDetails,
    outcome: need.outcome ? JSON.stringify(need.outcome) : null,
    created: need.created,
    updated: need.updated,
    published: need.published,
  };
}

export async function findNeed(db: Kysely<Database>, id: string): Promise<Need | undefined> {
  const row = await needsQuery(db).where("needs.id", "=", id).executeTakeFirst();
  return row ? toNeed(row) : undefined;
}

export async function saveNeed(db: Kysely<Database>, need: Need, insert: boolean): Promise<void> {
  const row = toRow(need);
  if (insert) await db.insertInto("needs").values(row).execute();
  else await db.updateTable("needs").set(row).where("id", "=", need.id).execute();
  await db.deleteFrom("need_domains").where("need_id", "=", need.id).execute();
  if (need.domains.length > 0) {
    await db
      .insertInto("need_domains")
      .values(need.domains.map((domain) => ({ need_id: need.id, domain })))
      .execute();
  }
}
