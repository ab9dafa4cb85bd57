// Citizens of this instance follow its organisations. A local follow is a row of
// `local_follows`, accepted at once, and nothing federated: the followers
// collection served to other servers and the publisher's fan-out read
// `followers` (remote actors) only, so no server hears of it and nothing is
// delivered over HTTP to a local follower (they read needs here). The follow may
// turn on alerts: each need the organisation publishes becomes a notification
// (src/domain/notifications/events.ts), by mail unless the user stopped it.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import type { Viewer } from "../access/policy.ts";
import type { Account } from "../accounts/users.ts";
import { DomainError } from "../errors.ts";
import type { Need } from "../needs/model.ts";
import { listPublishedNeeds } from "../needs/queries.ts";
import { findOrganization } from "../organizations/organizations.ts";

async function organizationId(db: Kysely<Database>, handle: string): Promise<string> {
  const org = await findOrganization(db, handle);
  if (!org) throw new DomainError("not_found", `no organisation @${handle} on this server`, undefined, "organization_not_found", { handle });
  return org.id;
}

/** Follows the organisation (again: nothing changes); `alerts` sets whether its new needs are told. */
export async function followOrganization(db: Kysely<Database>, account: Pick<Account, "id">, handle: string, alerts = false): Promise<void> {
  const id = await organizationId(db, handle);
  await db
    .insertInto("local_follows")
    .values({ user_id: account.id, organization_id: id, alerts: alerts ? 1 : 0, created: now() })
    .onConflict((oc) => oc.columns(["user_id", "organization_id"]).doNothing())
    .execute();
}

export async function unfollowOrganization(db: Kysely<Database>, account: Pick<Account, "id">, handle: string): Promise<void> {
  const id = await organizationId(db, handle);
  await db.deleteFrom("local_follows").where("user_id", "=", account.id).where("organization_id", "=", id).execute();
}

/** Turns the alerts of a follow on or off; the user must follow the organisation. */
export async function setFollowAlerts(db: Kysely<Database>, account: Pick<Account, "id">, handle: string, alerts: boolean): Promise<void> {
  const id = await organizationId(db, handle);
  const result = await db
    .updateTable("local_follows")
    .set({ alerts: alerts ? 1 : 0 })
    .where("user_id", "=", account.id)
    .where("organization_id", "=", id)
    .executeTakeFirst();
  if (!Number(result.numUpdatedRows)) throw new DomainError("not_found", "you do not follow this organisation", undefined, "follow_not_found");
}

export async function followsOrganization(db: Kysely<Database>, userId: string, organizationId: string): Promise<boolean> {
  const row = await db.selectFrom("local_follows").select("user_id").where("user_id", "=", userId).where("organization_id", "=", organizationId).executeTakeFirst();
  return row !== undefined;
}

export interface FollowedOrganization {
  handle: string;
  name: string;
  alerts: boolean;
  /** Its open needs that this viewer may read, newest first (at most 5). */
  openNeeds: Need[];
}

/** The organisations a user follows, by name, each with its open needs as the viewer may read them. */
export async function listFollowedOrganizations(db: Kysely<Database>, userId: string, viewer: Viewer): Promise<FollowedOrganization[]> {
  const rows = await db
    .selectFrom("local_follows as f")
    .innerJoin("actors as a", "a.id", "f.organization_id")
    .select(["a.id", "a.handle", "a.name", "f.alerts"])
    .where("f.user_id", "=", userId)
    .orderBy("a.name")
    .execute();
  const out: FollowedOrganization[] = [];
  for (const row of rows) {
    const needs = await listPublishedNeeds(db, row.id, { viewer, limit: 20 });
    out.push({ handle: row.handle, name: row.name, alerts: row.alerts === 1, openNeeds: needs.filter((n) => n.status === "open").slice(0, 5) });
  }
  return out;
}

/** The users following the organisation with alerts on (told of its new needs). */
export async function followersWithAlerts(db: Kysely<Database>, organizationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("local_follows as f")
    .innerJoin("users as u", "u.id", "f.user_id")
    .select("f.user_id")
    .where("f.organization_id", "=", organizationId)
    .where("f.alerts", "=", 1)
    .where("u.suspended", "=", 0)
    .execute();
  return rows.map((r) => r.user_id);
}

/** How many accounts here follow it (shown on its page; never served to other servers). */
export async function countLocalFollowers(db: Kysely<Database>, organizationId: string): Promise<number> {
  const row = await db
    .selectFrom("local_follows")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("organization_id", "=", organizationId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
