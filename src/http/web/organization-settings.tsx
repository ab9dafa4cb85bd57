// An organisation's settings page for its coordinators: the default contact of its
// accepted volunteers (src/domain/volunteer-details/details.ts).
import { Hono } from "hono";
import { OrganizationSettingsPage } from "../../../web/pages/organization-settings.tsx";
import { canCoordinate } from "../../domain/needs/service.ts";
import { findOrganization } from "../../domain/organizations/organizations.ts";
import { organizationVolunteerContact, setOrganizationVolunteerContact } from "../../domain/volunteer-details/details.ts";
import type { AppEnv } from "../env.ts";
import { HttpProblem } from "../problem.ts";
import { formBody, frame, signedInOrLogin } from "./frame.ts";

export const organizationSettingsPages = new Hono<AppEnv>()
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
