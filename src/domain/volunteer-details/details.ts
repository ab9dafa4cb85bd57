// What an accepted volunteer is given: the need's exact address, the contact the
// organisation chose (the need's own, else the organisation's default for its
// volunteers) and the practical details. Who may read them is the access policy's
// (`mayReadVolunteerDetails`, `mayReadVolunteerDetailsByLink`); this module reads
// them for those it admits, and says how the coordinators reach each applicant.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { mayManage, mayReadApplicantEmail, mayReadVolunteerDetails, type Viewer } from "../access/policy.ts";
import type { Account } from "../accounts/users.ts";
import { DomainError } from "../errors.ts";
import { type Application, findApplication } from "../needs/applications.ts";
import type { Need } from "../needs/model.ts";
import { findNeed } from "../needs/repository.ts";
import { canCoordinate } from "../needs/service.ts";
import { findOrganization } from "../organizations/organizations.ts";

export interface VolunteerDetails {
  needId: string;
  title: string;
  /** The exact address; null for a need done at a distance or without one. */
  address: string | null;
  /** How to reach the organisation: the need's contact, else the organisation's default; null: none given. */
  contact: string | null;
  practicalDetails: string;
}

/** The organisation's default contact for its accepted volunteers (private: not its public `contact`). */
export async function organizationVolunteerContact(db: Kysely<Database>, organizationId: string): Promise<string | null> {
  const row = await db.selectFrom("organizations").select("volunteer_contact").where("id", "=", organizationId).executeTakeFirst();
  return row?.volunteer_contact ?? null;
}

/** A coordinator sets the organisation's default contact for its accepted volunteers (empty: none). */
export async function setOrganizationVolunteerContact(db: Kysely<Database>, account: Account, handle: string, contact: string | null): Promise<void> {
  const org = await findOrganization(db, handle);
  if (!org) throw new DomainError("not_found", `no organisation @${handle} on this server`, "organization", "organization_not_found", { handle });
  if (!(await canCoordinate(db, account, org.id))) {
    throw new DomainError("forbidden", `only coordinators of @${org.handle} may do this`, undefined, "coordinators_only", { handle: org.handle });
  }
  const value = contact?.trim().slice(0, 300) || null;
  await db.updateTable("organizations").set({ volunteer_contact: value }).where("id", "=", org.id).execute();
}

/** The details of a need, for a volunteer the policy admitted (the caller asked it). */
export async function detailsOfNeed(db: Kysely<Database>, need: Need): Promise<VolunteerDetails> {
  return {
    needId: need.id,
    title: need.title,
    address: need.place.mode === "remote" ? null : need.place.address,
    contact: need.contact ?? (await organizationVolunteerContact(db, need.organization.id)),
    practicalDetails: need.practicalDetails,
  };
}

/** The details for the viewer through one of its applications, or undefined when the policy says no. */
export async function volunteerDetailsFor(db: Kysely<Database>, viewer: Viewer, application: Application, need?: Need): Promise<VolunteerDetails | undefined> {
  const found = need ?? (await findNeed(db, application.needId));
  if (!found || !mayReadVolunteerDetails(viewer, { application, need: found })) return undefined;
  return detailsOfNeed(db, found);
}

/** The details of a need for the viewer, if an application of theirs to it opens them (the need's page). */
export async function myVolunteerDetails(db: Kysely<Database>, viewer: Viewer, need: Need): Promise<VolunteerDetails | undefined> {
  if (viewer.kind !== "account") return undefined;
  const row = await db
    .selectFrom("applications")
    .select("id")
    .where("need_id", "=", need.id)
    .where("user_id", "=", viewer.id)
    .where("status", "=", "accepted")
    .executeTakeFirst();
  const application = row ? await findApplication(db, row.id) : undefined;
  return application ? volunteerDetailsFor(db, viewer, application, need) : undefined;
}

/** For each of the viewer's applications that opens its need's details, those details (/me, the API). */
export async function myVolunteerDetailsByApplication(
  db: Kysely<Database>,
  viewer: Viewer,
  applications: Application[],
): Promise<Map<string, VolunteerDetails>> {
  const found = new Map<string, VolunteerDetails>();
  for (const application of applications) {
    if (application.status !== "accepted") continue;
    const details = await volunteerDetailsFor(db, viewer, application);
    if (details) found.set(application.id, details);
  }
  return found;
}

/**
 * How a need's coordinators reach an applicant: the email address of an account of this
 * instance that agreed to share it, the fediverse handle (or address) of a remote one;
 * null for an account that did not agree (they are answered on the site).
 */
export async function howToReach(
  db: Kysely<Database>,
  viewer: Viewer,
  need: Pick<Need, "organization">,
  applications: Application[],
): Promise<Map<string, { email?: string; handle?: string; url?: string } | null>> {
  const reach = new Map<string, { email?: string; handle?: string; url?: string } | null>();
  if (!mayManage(viewer, need)) return reach;
  const consenting = applications.filter((a) => mayReadApplicantEmail(viewer, a, need));
  const ids = consenting.map((a) => (a.applicant.kind === "account" ? a.applicant.userId : "")).filter(Boolean);
  const emails = ids.length ? await db.selectFrom("users").select(["id", "email"]).where("id", "in", ids).execute() : [];
  for (const a of applications) {
    if (a.applicant.kind === "remote") {
      reach.set(a.id, { handle: a.applicant.handle ? `@${a.applicant.handle}` : undefined, url: a.applicant.url ?? a.applicant.uri });
    } else {
      const applicant = a.applicant;
      const email = consenting.includes(a) ? emails.find((e) => e.id === applicant.userId)?.email : undefined;
      reach.set(a.id, email ? { email } : null);
    }
  }
  return reach;
}
