// An organisation's public profile, edited by its coordinators (issue 16; the
// rules are in src/domain/organizations/profile.ts, the API is PATCH /api/v1/organizations/{handle}).
import { Hono } from "hono";
import { OrganizationProfilePage, type ProfileValues } from "../../../web/pages/organization-profile.tsx";
import { canCoordinate } from "../../domain/needs/service.ts";
import { findOrganization, type Organization } from "../../domain/organizations/organizations.ts";
import { updateOrganizationProfile } from "../../domain/organizations/profile.ts";
import { DOMAINS } from "../../domain/vocabulary/domains.ts";
import type { AppEnv } from "../env.ts";
import { HttpProblem } from "../problem.ts";
import { fieldError, formBody, formList, frame, signedInOrLogin } from "./frame.ts";

const valuesOf = (org: Organization): ProfileValues => ({
  description: org.description,
  website: org.website ?? "",
  contact: org.contact ?? "",
  area: org.area,
  domains: org.domains,
});

export const organizationProfilePages = new Hono<AppEnv>()
  .get("/coordinate/organizations/:handle/profile", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const db = c.var.deps.db.kysely;
    const org = await findOrganization(db, c.req.param("handle"));
    if (!org || !(await canCoordinate(db, account, org.id))) throw new HttpProblem(404, "no such organisation among yours");
    return c.html(
      <OrganizationProfilePage {...await frame(c)} organization={org} values={valuesOf(org)} domains={DOMAINS} saved={c.req.query("saved") === "1"} />,
    );
  })
  .post("/coordinate/organizations/:handle/profile", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const db = c.var.deps.db.kysely;
    const org = await findOrganization(db, c.req.param("handle"));
    if (!org || !(await canCoordinate(db, account, org.id))) throw new HttpProblem(404, "no such organisation among yours");
    const form = await formBody(c);
    const values: ProfileValues = {
      description: form.description ?? "",
      website: form.website ?? "",
      contact: form.contact ?? "",
      area: form.area ?? "",
      domains: await formList(c, "domains"),
    };
    try {
      await updateOrganizationProfile(db, c.var.deps.events, account, org.handle, values);
    } catch (error) {
      const f = await frame(c);
      return c.html(
        <OrganizationProfilePage {...f} organization={org} values={values} domains={DOMAINS} errors={fieldError(error, f.t)} />,
        422,
      );
    }
    return c.redirect(`/coordinate/organizations/${encodeURIComponent(org.handle)}/profile?saved=1`, 303);
  });
