// Safeguarding checks (issue 14, point 5). A need that involves minors or vulnerable
// adults (`need.safeguarding`) accepts only volunteers whom a coordinator of its
// organisation has met: the coordinator records, on the volunteer's account here,
// who checked, when, whether an identity document was seen and whether the check the
// instance's frame requires was seen (in France the "contrôle d'honorabilité", an
// extract of the criminal record), a note, and optionally until when it counts.
// Never federated; read only by that organisation's coordinators and the admins, and
// by the volunteer in their export. Recording and revoking are in the audit log.
// A volunteer of another server cannot be checked (no account here to record it on):
// they are told to meet the organisation and sign up here (decision 0018).
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import { mayManage } from "../access/policy.ts";
import { viewerOfAccount } from "../access/viewers.ts";
import type { Account } from "../accounts/users.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { audit } from "../moderation/moderation.ts";
import { findOrganization } from "../organizations/organizations.ts";

export const CheckInput = z.object({
  username: z.string().trim().min(1).max(100).describe("The volunteer's username on this instance"),
  identity_seen: z.boolean().describe("An identity document was seen"),
  record_seen: z.boolean().describe("The check the instance's frame requires was seen (in France: the contrôle d'honorabilité, an extract of the criminal record)"),
  note: z.string().max(2000).default("").describe("Private: for the organisation's coordinators"),
  expires: z.iso.date({ error: "an ISO 8601 date, e.g. 2027-12-31" }).nullable().optional().describe("The last day the check counts; null: no end"),
});
export type CheckInput = z.infer<typeof CheckInput>;

export interface SafeguardingCheck {
  id: string;
  organization: { id: string; handle: string; name: string };
  volunteer: { id: string; username: string; name: string };
  /** The coordinator who met the volunteer; null once that account is erased. */
  checkedBy: string | null;
  checked: string;
  identitySeen: boolean;
  recordSeen: boolean;
  note: string;
  expires: string | null;
  revoked: string | null;
  revokedBy: string | null;
}

/** How a volunteer stands on a safeguarded need: checked; a check to record first; another server's (cannot be checked here); a minor (never accepted). */
export type SafeguardingState = "checked" | "check_required" | "remote" | "minor";

const today = () => now().slice(0, 10);

/** Whether a check counts today: identity and the frame's check seen, not revoked, not past its last day. */
export function checkCounts(check: Pick<SafeguardingCheck, "identitySeen" | "recordSeen" | "revoked" | "expires">, day = today()): boolean {
  return check.identitySeen && check.recordSeen && !check.revoked && (!check.expires || check.expires >= day);
}

function checksQuery(db: Kysely<Database>) {
  return db
    .selectFrom("safeguarding_checks as c")
    .innerJoin("actors as o", "o.id", "c.organization_id")
    .innerJoin("actors as v", "v.id", "c.user_id")
    .leftJoin("actors as by", "by.id", "c.checked_by")
    .leftJoin("actors as rb", "rb.id", "c.revoked_by")
    .selectAll("c")
    .select(["o.handle as org_handle", "o.name as org_name", "v.handle as v_handle", "v.name as v_name", "by.handle as by_handle", "rb.handle as rb_handle"]);
}

type CheckRow = Awaited<ReturnType<ReturnType<typeof checksQuery>["executeTakeFirstOrThrow"]>>;

function toCheck(row: CheckRow): SafeguardingCheck {
  return {
    id: row.id,
    organization: { id: row.organization_id, handle: row.org_handle, name: row.org_name },
    volunteer: { id: row.user_id, username: row.v_handle, name: row.v_name },
    checkedBy: row.by_handle,
    checked: row.checked,
    identitySeen: row.identity_seen === 1,
    recordSeen: row.record_seen === 1,
    note: row.note,
    expires: row.expires,
    revoked: row.revoked,
    revokedBy: row.rb_handle,
  };
}

/** The organisation, for one of its coordinators (or an admin); others are refused. */
async function organizationFor(db: Kysely<Database>, account: Account, handle: string) {
  const org = await findOrganization(db, handle);
  if (!org) throw new DomainError("not_found", `no organisation @${handle} on this server`, "organization", "organization_not_found", { handle });
  if (!mayManage(await viewerOfAccount(db, account), { organization: { id: org.id } })) {
    throw new DomainError("forbidden", `only coordinators of @${org.handle} see and record its checks`, undefined, "coordinators_only", { handle: org.handle });
  }
  return org;
}

/** A coordinator records that they met a volunteer of this instance and what they saw. */
export async function recordCheck(db: Kysely<Database>, account: Account, organizationHandle: string, input: CheckInput): Promise<SafeguardingCheck> {
  const org = await organizationFor(db, account, organizationHandle);
  const volunteer = await db
    .selectFrom("users")
    .innerJoin("actors", "actors.id", "users.id")
    .select("users.id")
    .where("actors.handle", "=", input.username.replace(/^@/, "").toLowerCase())
    .executeTakeFirst();
  if (!volunteer) throw new DomainError("not_found", `no account @${input.username} on this server`, "username", "account_not_found");
  if (input.expires && input.expires < today()) {
    throw new DomainError("invalid", "the check's last day is past", "expires", "safeguarding_expiry_past");
  }
  const id = newId();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("safeguarding_checks")
      .values({
        id,
        organization_id: org.id,
        user_id: volunteer.id,
        checked_by: account.id,
        checked: now(),
        identity_seen: input.identity_seen ? 1 : 0,
        record_seen: input.record_seen ? 1 : 0,
        note: input.note.trim(),
        expires: input.expires ?? null,
        revoked: null,
        revoked_by: null,
      })
      .execute();
    // What was seen, not the note: the audit log is read by every administrator.
    await audit(trx, account, "safeguarding.check", volunteer.id, {
      organization: org.handle,
      identity_seen: input.identity_seen,
      record_seen: input.record_seen,
      expires: input.expires ?? null,
    });
  });
  return toCheck(await checksQuery(db).where("c.id", "=", id).executeTakeFirstOrThrow());
}

/** A coordinator of its organisation withdraws a check (it no longer counts; it stays, revoked, in the list). */
export async function revokeCheck(db: Kysely<Database>, account: Account, checkId: string): Promise<SafeguardingCheck> {
  const row = await checksQuery(db).where("c.id", "=", checkId).executeTakeFirst();
  // Another organisation's check does not exist for this coordinator.
  if (!row || !mayManage(await viewerOfAccount(db, account), { organization: { id: row.organization_id } })) {
    throw new DomainError("not_found", "no such check", undefined, "safeguarding_check_not_found");
  }
  if (!row.revoked) {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable("safeguarding_checks").set({ revoked: now(), revoked_by: account.id }).where("id", "=", checkId).execute();
      await audit(trx, account, "safeguarding.revoke", row.user_id, { organization: row.org_handle, check: checkId });
    });
  }
  return toCheck(await checksQuery(db).where("c.id", "=", checkId).executeTakeFirstOrThrow());
}

/** Every check an organisation recorded (revoked ones too), newest first: for its coordinators. */
export async function listChecks(db: Kysely<Database>, account: Account, organizationHandle: string): Promise<SafeguardingCheck[]> {
  const org = await organizationFor(db, account, organizationHandle);
  const rows = await checksQuery(db).where("c.organization_id", "=", org.id).orderBy("c.checked", "desc").orderBy("c.id").execute();
  return rows.map(toCheck);
}

/** The checks recorded about a volunteer, by any organisation: for their own export only. */
export async function checksOfVolunteer(db: Kysely<Database>, userId: string): Promise<SafeguardingCheck[]> {
  const rows = await checksQuery(db).where("c.user_id", "=", userId).orderBy("c.checked").orderBy("c.id").execute();
  return rows.map(toCheck);
}

/** The accounts among `userIds` that the organisation has a check for that counts today. */
export async function checkedVolunteers(db: Kysely<Database>, organizationId: string, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("safeguarding_checks")
    .select(["user_id", "identity_seen", "record_seen", "revoked", "expires"])
    .where("organization_id", "=", organizationId)
    .where("user_id", "in", userIds)
    .execute();
  const day = today();
  return new Set(
    rows
      .filter((r) => checkCounts({ identitySeen: r.identity_seen === 1, recordSeen: r.record_seen === 1, revoked: r.revoked, expires: r.expires }, day))
      .map((r) => r.user_id),
  );
}

/** The accounts among `userIds` whose latest age declaration says they are minors. */
export async function declaredMinors(db: Kysely<Database>, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("consents")
    .select(["user_id", "age"])
    .where("user_id", "in", userIds)
    .where("age", "is not", null)
    .orderBy("version")
    .execute();
  const latest = new Map(rows.map((r) => [r.user_id, r.age]));
  return new Set([...latest].filter(([, age]) => age === "minor_with_guardian_consent").map(([id]) => id));
}

type Applicant = { kind: "account"; userId: string } | { kind: "remote" };

/** How each applicant stands on a safeguarded need (nothing for a need that is not). */
export async function safeguardingStates(
  db: Kysely<Database>,
  need: { safeguarding: boolean; organization: { id: string } },
  applications: { id: string; applicant: Applicant }[],
): Promise<Map<string, SafeguardingState>> {
  const states = new Map<string, SafeguardingState>();
  if (!need.safeguarding) return states;
  const ids = applications.flatMap((a) => (a.applicant.kind === "account" ? [a.applicant.userId] : []));
  const [checked, minors] = await Promise.all([checkedVolunteers(db, need.organization.id, ids), declaredMinors(db, ids)]);
  for (const a of applications) {
    if (a.applicant.kind === "remote") states.set(a.id, "remote");
    else if (minors.has(a.applicant.userId)) states.set(a.id, "minor");
    else states.set(a.id, checked.has(a.applicant.userId) ? "checked" : "check_required");
  }
  return states;
}

/** Refuses to accept an applicant on a safeguarded need unless the organisation checked them (and they are not a minor). */
export async function requireSafeguarding(
  db: Kysely<Database>,
  need: { safeguarding: boolean; organization: { id: string; handle: string } },
  application: { id: string; applicant: Applicant },
): Promise<void> {
  const state = (await safeguardingStates(db, need, [application])).get(application.id);
  if (state === undefined || state === "checked") return;
  if (state === "remote") {
    throw new DomainError(
      "conflict",
      "this need involves minors or vulnerable adults: a volunteer from another server cannot be checked here; meet them, and ask them to sign up on this instance",
      "status",
      "safeguarding_remote_applicant",
    );
  }
  if (state === "minor") {
    throw new DomainError("conflict", "this need involves minors or vulnerable adults: volunteers under 18 are not accepted", "status", "safeguarding_minor");
  }
  throw new DomainError(
    "conflict",
    `this need involves minors or vulnerable adults: record a check of this volunteer for @${need.organization.handle} first`,
    "status",
    "safeguarding_check_required",
    { handle: need.organization.handle },
  );
}
