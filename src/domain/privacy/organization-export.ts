// A coordinator downloads their organisation's needs and the applications to them,
// for their own records (CSV). The export is in the audit log; the needs whose
// beneficiary details or private notes it holds are recorded as read ("export").
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Account } from "../accounts/users.ts";
import { DomainError } from "../errors.ts";
import { audit } from "../moderation/moderation.ts";
import type { Need } from "../needs/model.ts";
import { findNeed } from "../needs/repository.ts";
import { canCoordinate } from "../needs/service.ts";
import { findOrganization } from "../organizations/organizations.ts";
import { recordSensitiveRead } from "./sensitive-reads.ts";

export interface OrganizationExport {
  needs: Need[];
  applications: {
    id: string;
    needId: string;
    needTitle: string;
    /** The applicant: their username here, or their fediverse handle (user@server) or address; empty once anonymised. */
    applicant: string;
    /** The applicant's email, when they agreed to share it with the organisation. */
    email: string;
    message: string;
    status: string;
    reason: string | null;
    source: string;
    created: string;
    updated: string;
  }[];
}

export async function exportOrganization(db: Kysely<Database>, account: Account, handle: string, what: "needs" | "applications"): Promise<OrganizationExport> {
  const org = await findOrganization(db, handle);
  if (!org || !(await canCoordinate(db, account, org.id))) {
    throw new DomainError("not_found", "no such organisation among yours", undefined, "organization_not_found", { handle });
  }
  const ids = (await db.selectFrom("needs").select("id").where("organization_id", "=", org.id).orderBy("created").execute()).map((n) => n.id);
  const needs = (await Promise.all(ids.map((id) => findNeed(db, id)))).filter((n): n is Need => n !== undefined);
  const rows =
    what === "applications" && ids.length > 0
      ? await db
          .selectFrom("applications as a")
          .innerJoin("needs as n", "n.id", "a.need_id")
          .leftJoin("users as u", "u.id", "a.user_id")
          .leftJoin("actors as ua", "ua.id", "a.user_id")
          .leftJoin("remote_actors as r", "r.id", "a.remote_actor_id")
          .select([
            "a.id",
            "a.need_id",
            "n.title",
            "ua.handle as username",
            "u.email",
            "a.share_email",
            "r.handle as remote_handle",
            "r.uri as remote_uri",
            "a.message",
            "a.status",
            "a.reason",
            "a.source",
            "a.created",
            "a.updated",
          ])
          .where("n.organization_id", "=", org.id)
          .orderBy("a.created")
          .execute()
      : [];
  await audit(db, account, "organization.export", org.handle, { what, needs: needs.length, applications: rows.length });
  if (what === "needs") await recordSensitiveRead(db, account, needs, "export");
  return {
    needs: what === "needs" ? needs : [],
    applications: rows.map((r) => ({
      id: r.id,
      needId: r.need_id,
      needTitle: r.title,
      applicant: r.username ?? r.remote_handle ?? r.remote_uri ?? "",
      email: r.share_email === 1 && r.email ? r.email : "",
      message: r.message,
      status: r.status,
      reason: r.reason,
      source: r.source,
      created: r.created,
      updated: r.updated,
    })),
  };
}
