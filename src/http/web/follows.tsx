// Following an organisation of this instance from its page (issue 13), and the
// alerts switch of each follow in /me. A local follow federates nothing.
import type { Context } from "hono";
import { Hono } from "hono";
import type { FollowedView } from "../../../web/components/follows.tsx";
import type { Frame } from "../../../web/layout.tsx";
import { followOrganization, listFollowedOrganizations, setFollowAlerts, unfollowOrganization } from "../../domain/follows/follows.ts";
import { toPublishedNeed } from "../../domain/needs/model.ts";
import { viewerOf } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import { formBody, signedInOrLogin, summary } from "./frame.ts";

/** The organisations the user follows, as /me shows them. */
export async function followedViews(c: Context<AppEnv>, f: Frame, userId: string): Promise<FollowedView[]> {
  const followed = await listFollowedOrganizations(c.var.deps.db.kysely, userId, viewerOf(c));
  return followed.map((o) => ({ handle: o.handle, name: o.name, alerts: o.alerts, needs: o.openNeeds.map((n) => summary(toPublishedNeed(n), f)) }));
}

export const followPages = new Hono<AppEnv>()
  .post("/follows/:handle", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const handle = c.req.param("handle");
    await followOrganization(c.var.deps.db.kysely, account, handle);
    return c.redirect(`/@${encodeURIComponent(handle)}?followed=1#follow`, 303);
  })
  .post("/follows/:handle/delete", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const handle = c.req.param("handle");
    const form = await formBody(c);
    await unfollowOrganization(c.var.deps.db.kysely, account, handle);
    return c.redirect(form.back === "me" ? "/me?saved=1#follows-heading" : `/@${encodeURIComponent(handle)}?unfollowed=1#follow`, 303);
  })
  .post("/follows/:handle/alerts", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const form = await formBody(c);
    await setFollowAlerts(c.var.deps.db.kysely, account, c.req.param("handle"), form.alerts === "1");
    return c.redirect("/me?saved=1#follows-heading", 303);
  });
