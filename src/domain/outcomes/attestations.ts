// Recognition for volunteers: what each of them gave (the missions and hours of the
// outcomes they took part in), on their own page, and an attestation of volunteering
// they may print and show (for a CV, or France's "compte d'engagement citoyen"). The
// attestation states what was recorded when it was issued; its address is random (128
// bits) and answers only what it states. Once its volunteer's account is erased, it
// keeps nothing of them and its address answers that it is no longer valid
// (src/domain/privacy/erase.ts).
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import { DomainError } from "../errors.ts";

export interface AttestedMission {
  needId: string;
  title: string;
  /** The first and last day (ISO dates) given: the occurrences, or the day its outcome was confirmed. */
  from: string;
  to: string;
  /** How many times they came (occurrences of a recurring need; 1 otherwise). */
  sessions: number;
  hours: number;
}

export interface VolunteerRecord {
  organization: { id: string; handle: string; name: string };
  missions: AttestedMission[];
  hours: number;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** What a volunteer of this instance gave, organisation by organisation. */
export async function volunteerRecord(db: Kysely<Database>, userId: string): Promise<VolunteerRecord[]> {
  const rows = await db
    .selectFrom("outcome_participants as p")
    .innerJoin("applications as a", "a.id", "p.application_id")
    .innerJoin("outcomes as o", "o.id", "p.outcome_id")
    .innerJoin("needs as n", "n.id", "o.need_id")
    .innerJoin("actors as org", "org.id", "n.organization_id")
    .select(["p.hours", "o.occurrence", "o.confirmed", "n.id as need_id", "n.title", "org.id as org_id", "org.handle", "org.name"])
    .where("a.user_id", "=", userId)
    .orderBy("org.name")
    .orderBy("o.confirmed")
    .execute();
  const byOrg = new Map<string, VolunteerRecord>();
  for (const r of rows) {
    const record = byOrg.get(r.org_id) ?? { organization: { id: r.org_id, handle: r.handle, name: r.name }, missions: [], hours: 0 };
    byOrg.set(r.org_id, record);
    const day = (r.occurrence || r.confirmed).slice(0, 10);
    let mission = record.missions.find((m) => m.needId === r.need_id);
    if (!mission) {
      mission = { needId: r.need_id, title: r.title, from: day, to: day, sessions: 0, hours: 0 };
      record.missions.push(mission);
    }
    mission.sessions += 1;
    mission.hours = round(mission.hours + Number(r.hours));
    if (day < mission.from) mission.from = day;
    if (day > mission.to) mission.to = day;
    record.hours = round(record.hours + Number(r.hours));
  }
  return [...byOrg.values()];
}

export interface Attestation {
  id: string;
  valid: boolean;
  organization: { handle: string; name: string };
  volunteerName: string;
  issued: string;
  missions: AttestedMission[];
  hours: number;
}

/** Issues an attestation of what the volunteer gave to one organisation, as recorded now. */
export async function issueAttestation(db: Kysely<Database>, userId: string, organizationHandle: string, at = now()): Promise<Attestation> {
  const record = (await volunteerRecord(db, userId)).find((r) => r.organization.handle === organizationHandle);
  if (!record || record.missions.length === 0) throw new DomainError("not_found", "no mission recorded with this organisation", undefined, "attestation_nothing");
  const person = await db.selectFrom("actors").select(["name", "handle"]).where("id", "=", userId).executeTakeFirstOrThrow();
  const id = randomBytes(16).toString("base64url");
  const volunteerName = person.name || person.handle;
  await db
    .insertInto("attestations")
    .values({ id, user_id: userId, organization_id: record.organization.id, volunteer_name: volunteerName, issued: at, missions: JSON.stringify(record.missions), hours: record.hours, revoked: null })
    .execute();
  return { id, valid: true, organization: { handle: record.organization.handle, name: record.organization.name }, volunteerName, issued: at, missions: record.missions, hours: record.hours };
}

/** An attestation by its address: what it states, or that it is no longer valid; undefined when there is none. */
export async function findAttestation(db: Kysely<Database>, id: string): Promise<Attestation | undefined> {
  if (!/^[A-Za-z0-9_-]{22}$/.test(id)) return undefined;
  const row = await db
    .selectFrom("attestations as t")
    .innerJoin("actors as org", "org.id", "t.organization_id")
    .select(["t.id", "t.volunteer_name", "t.issued", "t.missions", "t.hours", "t.revoked", "org.handle", "org.name"])
    .where("t.id", "=", id)
    .executeTakeFirst();
  if (!row) return undefined;
  const valid = row.revoked === null;
  return {
    id: row.id,
    valid,
    organization: { handle: row.handle, name: row.name },
    volunteerName: valid ? row.volunteer_name : "",
    issued: row.issued,
    missions: valid ? (JSON.parse(row.missions) as AttestedMission[]) : [],
    hours: valid ? row.hours : 0,
  };
}

/** A volunteer's attestations, newest first (their page and their export). */
export async function attestationsOf(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom("attestations as t")
    .innerJoin("actors as org", "org.id", "t.organization_id")
    .select(["t.id", "t.issued", "t.hours", "t.missions", "org.name as organization"])
    .where("t.user_id", "=", userId)
    .orderBy("t.issued", "desc")
    .execute();
}
