// An organisation's settings page for its coordinators: the default contact of its
// accepted volunteers (src/domain/volunteer-details/details.ts).
import { Hono } from "hono";
import type { Kysely } from "kysely";
import { spreadsheetCsv } from "../../../web/feeds/csv.ts";
import type { Database } from "../../db/schema.ts";
import type { Account } from "../../domain/accounts/users.ts";
import { chosenOccurrences } from "../../domain/needs/chosen-occurrences.ts";
import { scheduleBounds } from "../../domain/needs/repository.ts";
import { exportOrganization } from "../../domain/privacy/organization-export.ts";
import { OrganizationSettingsPage } from "../../../web/pages/organization-settings.tsx";
import { canCoordinate } from "../../domain/needs/service.ts";
import { findOrganization } from "../../domain/organizations/organizations.ts";
import { organizationVolunteerContact, setOrganizationVolunteerContact } from "../../domain/volunteer-details/details.ts";
import type { AppEnv } from "../env.ts";
import { HttpProblem } from "../problem.ts";
import { formBody, frame, signedInOrLogin } from "./frame.ts";

/** The two CSV files of an organisation's records, by name. */
export async function organizationCsv(db: Kysely<Database>, account: Account, handle: string, what: "needs" | "applications"): Promise<string> {
  const data = await exportOrganization(db, account, handle, what);
  if (what === "needs") {
    return spreadsheetCsv(
      ["id", "title", "status", "visibility", "domains", "place", "address", "starts", "ends", "volunteers_wanted", "volunteers_accepted", "deadline", "beneficiary", "beneficiary_consent", "private_notes", "contact", "practical_details", "volunteer_hours", "people_helped", "testimony", "created", "updated", "published"],
      data.needs.map((n) => {
        const when = scheduleBounds(n.schedule);
        return [n.id, n.title, n.status, n.visibility, n.domains.join(" "), n.place.label, n.place.address ?? "", when.starts ?? "", when.ends ?? "", String(n.volunteersWanted), String(n.volunteersAccepted), n.deadline ?? "", n.beneficiary, n.beneficiaryConsent ?? "", n.privateNotes, n.contact ?? "", n.practicalDetails, n.outcome ? String(n.outcome.volunteerHours) : "", n.outcome ? String(n.outcome.peopleHelped) : "", n.outcome?.testimony ?? "", n.created, n.updated, n.published ?? ""];
      }),
    );
  }
  // `occurrences`: the dates of a recurring need each application answers for, space-separated (empty: every date).
  const chosen = await chosenOccurrences(db, data.applications.map((a) => a.id));
  return spreadsheetCsv(
    ["id", "need_id", "need_title", "applicant", "email", "message", "status", "reason", "source", "created", "updated", "occurrences"],
    data.applications.map((a) => [a.id, a.needId, a.needTitle, a.applicant, a.email, a.message, a.status, a.reason ?? "", a.source, a.created, a.updated, (chosen.get(a.id) ?? []).join(" ")]),
  );
}

export const organizationSettingsPages = new Hono<AppEnv>()
  .get("/coordinate/organizations/:handle/export/:file{(needs|applications)\\.csv}", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const handle = c.req.param("handle");
    const what = c.req.param("file").startsWith("needs") ? "needs" : "applications";
    const body = await organizationCsv(c.var.deps.db.kysely, account, handle, what);
    const day = new Date().toISOString().slice(0, 10);
    return c.body(body, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${handle}-${what}-${day}.csv"`,
      "Cache-Control": "no-store",
    });
  })
  .get("/coordinate/organizations/:handle/settings", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const db = c.var.deps.db.kysely;
    const org = await findOrganization(db, c.req.param("handle"));
    if (!org || !(await canCoordinate(db, account, org.id))) throw new HttpProblem(404, "no such organisation among yours");
    const contact = (await organizationVolunteerContact(db, org.id)) ?? "";
    return c.html(
      <OrganizationSettingsPage {...await frame(c)} organization={org} volunteerContact={contact} saved={c.req.query("saved") === "1"} />,
    );
  })
  .post("/coordinate/organizations/:handle/settings", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const handle = c.req.param("handle");
    const form = await formBody(c);
    await setOrganizationVolunteerContact(c.var.deps.db.kysely, account, handle, form.volunteer_contact ?? null);
    return c.redirect(`/coordinate/organizations/${encodeURIComponent(handle)}/settings?saved=1`, 303);
  });
