// The safeguarding checks page of an organisation (issue 14), for its coordinators
// and the admins: the volunteers checked, a form to record a check (reached from an
// application on the applications page, with the volunteer's username filled in),
// and revoking one. The domain refuses everyone else (src/domain/safeguarding/).
import { type Context, Hono } from "hono";
import { SafeguardingPage, type SafeguardingPageProps } from "../../../web/pages/safeguarding.tsx";
import type { Account } from "../../domain/accounts/users.ts";
import { DomainError } from "../../domain/errors.ts";
import { CheckInput, checkCounts, listChecks, recordCheck, revokeCheck } from "../../domain/safeguarding/checks.ts";
import { findOrganization } from "../../domain/organizations/organizations.ts";
import type { AppEnv } from "../env.ts";
import { HttpProblem } from "../problem.ts";
import { fieldError, formBody, frame, issueMessage, localPath, signedInOrLogin } from "./frame.ts";

type C = Context<AppEnv>;

async function page(c: C, account: Account, handle: string, extra: Partial<SafeguardingPageProps> = {}) {
  const db = c.var.deps.db.kysely;
  const org = await findOrganization(db, handle);
  if (!org) throw new HttpProblem(404, "no such organisation");
  const checks = await listChecks(db, account, org.handle).catch((error) => {
    // Another organisation's coordinator: as if it did not exist, like the settings page.
    if (error instanceof DomainError && error.kind === "forbidden") throw new HttpProblem(404, "no such organisation among yours");
    throw error;
  });
  const f = await frame(c);
  const values = { username: "", note: "", expires: "", identity_seen: false, record_seen: false };
  return (
    <SafeguardingPage
      {...f}
      organization={org}
      checks={checks.map((check) => ({ ...check, counts: checkCounts(check) }))}
      values={values}
      {...extra}
    />
  );
}

const back = (value: string | undefined) => (value ? localPath(value, "") || undefined : undefined);

export const safeguardingPages = new Hono<AppEnv>()
  .get("/coordinate/organizations/:handle/safeguarding", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const username = c.req.query("username") ?? "";
    const f = await frame(c);
    const done = c.req.query("done");
    return c.html(
      await page(c, account, c.req.param("handle"), {
        values: { username, note: "", expires: "", identity_seen: false, record_seen: false },
        back: back(c.req.query("back")),
        done: done === "recorded" ? f.t("checks.recorded") : done === "revoked" ? f.t("checks.revokedDone") : undefined,
      }),
    );
  })
  .post("/coordinate/organizations/:handle/safeguarding", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const handle = c.req.param("handle");
    const form = await formBody(c);
    const values = {
      username: form.username ?? "",
      note: form.note ?? "",
      expires: form.expires ?? "",
      identity_seen: form.identity_seen === "yes",
      record_seen: form.record_seen === "yes",
    };
    const { t } = await frame(c);
    const parsed = CheckInput.safeParse({ ...values, expires: values.expires || null });
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "_form")] ??= issueMessage(issue, t);
      return c.html(await page(c, account, handle, { values, errors, back: back(form.back) }), 422);
    }
    try {
      await recordCheck(c.var.deps.db.kysely, account, handle, parsed.data);
    } catch (error) {
      if (error instanceof DomainError && error.kind === "forbidden") throw new HttpProblem(404, "no such organisation among yours");
      return c.html(await page(c, account, handle, { values, errors: fieldError(error, t, "username"), back: back(form.back) }), 422);
    }
    const to = back(form.back);
    return c.redirect(to ? `${to}${to.includes("?") ? "&" : "?"}done=checked` : `/coordinate/organizations/${encodeURIComponent(handle)}/safeguarding?done=recorded`, 303);
  })
  .post("/coordinate/organizations/:handle/safeguarding/:id/revoke", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    await revokeCheck(c.var.deps.db.kysely, account, c.req.param("id"));
    return c.redirect(`/coordinate/organizations/${encodeURIComponent(c.req.param("handle"))}/safeguarding?done=revoked`, 303);
  });
