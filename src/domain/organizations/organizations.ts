// Organisations: associations or public services hosted on the instance, each a `Group` actor.
import type { Kysely } from "kysely";
import type { Actor, Database, MemberRole } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import { checkHandle, generateActorKeys, insertActor, normalizeHandle } from "../actors/actors.ts";
import { DomainError } from "../errors.ts";
import { type Picture, parsePicture } from "../pictures/model.ts";

export interface NewOrganization {
  handle: string;
  name: string;
  summary?: string;
  website?: string | null;
  contact?: string | null;
  avatarUrl?: string | null;
  area?: string;
  domains?: string[];
  /** A user who becomes its first coordinator. */
  coordinatorId?: string;
}

export interface Organization {
  id: string;
  handle: string;
  name: string;
  summary: string;
  website: string | null;
  contact: string | null;
  avatarUrl: string | null;
  area: string;
  domains: string[];
  /** Markdown, as typed; `summary` is its plain text. */
  description: string;
  logo: Picture | null;
  image: Picture | null;
  created: string;
}

interface ProfileRow {
  website: string | null;
  contact: string | null;
  avatar_url: string | null;
  area: string;
  domains: string;
  description?: string;
  logo?: string | null;
  image?: string | null;
}

export async function createOrganization(db: Kysely<Database>, input: NewOrganization): Promise<Organization> {
  const handle = normalizeHandle(input.handle);
  checkHandle(handle, "handle", input.handle);
  const name = input.name.trim();
  if (!name) throw new DomainError("invalid", "an organisation needs a name", "name", "organization_name_required");
  const keys = await generateActorKeys();
  return db.transaction().execute(async (trx) => {
    const actor = await insertActor(trx, { type: "Group", handle, name, summary: input.summary }, keys);
    const profile: ProfileRow = {
      website: input.website ?? null,
      contact: input.contact ?? null,
      avatar_url: input.avatarUrl ?? null,
      area: input.area ?? "",
      domains: JSON.stringify(input.domains ?? []),
    };
    await trx
      .insertInto("organizations")
      .values({ id: actor.id, ...profile, created: actor.created })
      .execute();
    if (input.coordinatorId) await addMember(trx, actor.id, input.coordinatorId, "coordinator");
    return toOrganization(actor, profile);
  });
}

export async function addMember(
  db: Kysely<Database>,
  organizationId: string,
  userId: string,
  role: MemberRole,
): Promise<void> {
  await db
    .insertInto("memberships")
    .values({ organization_id: organizationId, user_id: userId, role, created: now() })
    .onConflict((oc) => oc.columns(["organization_id", "user_id"]).doUpdateSet({ role }))
    .execute();
}

export async function memberRole(
  db: Kysely<Database>,
  organizationId: string,
  userId: string,
): Promise<MemberRole | undefined> {
  const row = await db
    .selectFrom("memberships")
    .select("role")
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row?.role;
}

export async function findOrganization(db: Kysely<Database>, handle: string): Promise<Organization | undefined> {
  const row = await db
    .selectFrom("organizations")
    .innerJoin("actors", "actors.id", "organizations.id")
    .selectAll("actors")
    .select(PROFILE)
    .where("actors.handle", "=", normalizeHandle(handle))
    .executeTakeFirst();
  return row ? toOrganization(row, row) : undefined;
}

/** A local actor and, for an organisation's `Group`, its profile: one query (the actor documents' hot path). */
export async function findActorWithProfile(
  db: Kysely<Database>,
  handle: string,
): Promise<{ actor: Actor; organization?: Organization } | undefined> {
  const row = await db
    .selectFrom("actors")
    .leftJoin("organizations", "organizations.id", "actors.id")
    .selectAll("actors")
    .select(["organizations.id as organization_id", ...PROFILE])
    .where("actors.handle", "=", normalizeHandle(handle))
    .executeTakeFirst();
  if (!row) return undefined;
  const actor: Actor = { id: row.id, type: row.type, handle: row.handle, name: row.name, summary: row.summary, created: row.created, updated: row.updated };
  if (row.organization_id === null) return { actor };
  const profile = { website: row.website, contact: row.contact, avatar_url: row.avatar_url, area: row.area ?? "", domains: row.domains ?? "[]", description: row.description ?? "", logo: row.logo, image: row.image };
  return { actor, organization: toOrganization(actor, profile) };
}

const PROFILE = [
  "organizations.website",
  "organizations.contact",
  "organizations.avatar_url",
  "organizations.area",
  "organizations.domains",
  "organizations.description",
  "organizations.logo",
  "organizations.image",
] as const;

function toOrganization(actor: Actor, profile: ProfileRow): Organization {
  return {
    id: actor.id,
    handle: actor.handle,
    name: actor.name,
    summary: actor.summary,
    website: profile.website,
    contact: profile.contact,
    avatarUrl: profile.avatar_url,
    area: profile.area,
    domains: JSON.parse(profile.domains),
    description: profile.description ?? "",
    logo: parsePicture(profile.logo),
    image: parsePicture(profile.image),
    created: actor.created,
  };
}

export async function listOrganizations(db: Kysely<Database>): Promise<Organization[]> {
  const rows = await db
    .selectFrom("organizations")
    .innerJoin("actors", "actors.id", "organizations.id")
    .selectAll("actors")
    .select(PROFILE)
    .orderBy("actors.name")
    .execute();
  return rows.map((row) => toOrganization(row, row));
}

export function listMembers(db: Kysely<Database>, organizationId: string) {
  return db
    .selectFrom("memberships")
    .innerJoin("actors", "actors.id", "memberships.user_id")
    .select(["actors.handle as username", "actors.name", "memberships.role", "memberships.created"])
    .where("memberships.organization_id", "=", organizationId)
    .orderBy("actors.handle")
    .execute();
}

export async function removeMember(db: Kysely<Database>, organizationId: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom("memberships")
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
