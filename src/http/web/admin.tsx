// Administration, kept simple: organisations and their members, users and roles.
import { type Context, Hono } from "hono";
import { AdminPage } from "../../../web/pages/admin.tsx";
import { listUsers } from "../../domain/accounts/profile.ts";
import { findUserByLogin, setRole, USER_ROLES } from "../../domain/accounts/users.ts";
import { DomainError } from "../../domain/errors.ts";
import { addMember, createOrganization, findOrganization, listMembers, listOrganizations } from "../../domain/organizations/organizations.ts";
import type { UserRole } from "../../db/schema.ts";
import type { AppEnv } from "../env.ts";
import { HttpProblem } from "../problem.ts";
import { fieldError, formBody, frame, signedInOrLogin } from "./frame.ts";

type C = Context<AppEnv>;

function adminOnly(c: C) {
  const result = signedInOrLogin(c);
  if (result.account && result.account.role !== "admin") throw new HttpProblem(403, "administrators only");
  return result;
}

async function adminPage(c: C, errors?: Record<string, string>) {
  const db = c.var.deps.db.kysely;
  const orgs = await listOrganizations(db);
  const organizations = await Promise.all(
    orgs.map(async (o) => ({ id: o.id, handle: o.handle, name: o.name, members: await listMembers(db, o.id) })),
  );
  const users = await listUsers(db);
  return <AdminPage {...await frame(c)} organizations={organizations} users={users} errors={errors} />;
}

export const adminPages = new Hono<AppEnv>()
  .get("/admin", async (c) => {
    const { account, redirect } = adminOnly(c);
    if (!account) return redirect;
    return c.html(await adminPage(c));
  })
  .post("/admin/organizations", async (c) => {
    const { account, redirect } = adminOnly(c);
    if (!account) return redirect;
    const form = await formBody(c);
    try {
      await createOrganization(c.var.deps.db.kysely, { handle: form.handle ?? "", name: form.name ?? "" });
    } catch (error) {
      return c.html(await adminPage(c, fieldError(error, (await frame(c)).t, "handle")), 422);
    }
    return c.redirect("/admin", 303);
  })
  .post("/admin/organizations/:handle/members", async (c) => {
    const { account, redirect } = adminOnly(c);
    if (!account) return redirect;
    const db = c.var.deps.db.kysely;
    const form = await formBody(c);
    const org = await findOrganization(db, c.req.param("handle"));
    const user = await findUserByLogin(db, form.username ?? "");
    if (!org || !user) {
      return c.html(await adminPage(c, fieldError(new DomainError("not_found", "no such user", "username", "account_not_found"), (await frame(c)).t)), 422);
    }
    await addMember(db, org.id, user.id, form.role === "member" ? "member" : "coordinator");
    return c.redirect("/admin", 303);
  })
  .post("/admin/users/:id/role", async (c) => {
    const { account, redirect } = adminOnly(c);
    if (!account) return redirect;
    const form = await formBody(c);
    const role = form.role as UserRole;
    if (!USER_ROLES.includes(role)) throw new HttpProblem(422, "role is admin, moderator or citizen");
    await setRole(c.var.deps.db.kysely, c.req.param("id"), role);
    return c.redirect("/admin", 303);
  });
