// Following an organisation of this instance through the API (issue 13), as the
// "Suivre" button does: accepted at once, never federated. Mastodon's clients say
// POST /api/v1/accounts/:id/follow; ours names the organisation by its handle.
import { Hono } from "hono";
import { z } from "zod";
import { followOrganization, listFollowedOrganizations, setFollowAlerts, unfollowOrganization } from "../../domain/follows/follows.ts";
import { currentAccount, requireAccount, viewerOf } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import { HttpProblem } from "../problem.ts";
import { validate } from "../validate.ts";

export const FollowAlerts = z.object({ alerts: z.boolean().describe("Whether each need it publishes is told to me (notification and mail)") });

/** Mounted at /organizations: /{handle}/follow. */
export const localFollows = new Hono<AppEnv>()
  .post("/:handle/follow", requireAccount, async (c) => {
    const db = c.var.deps.db.kysely;
    const handle = c.req.param("handle");
    // The body is optional (a Mastodon client's follow has none).
    const sent = c.req.header("Content-Type")?.startsWith("application/json") ? await c.req.json().catch(() => ({})) : {};
    const parsed = FollowAlerts.partial().safeParse(sent);
    if (!parsed.success) throw new HttpProblem(400, "alerts must be true or false");
    await followOrganization(db, currentAccount(c), handle);
    const alerts = parsed.data.alerts;
    if (alerts !== undefined) await setFollowAlerts(db, currentAccount(c), handle, alerts);
    return c.json({ following: true }, 200);
  })
  .patch("/:handle/follow", requireAccount, validate("json", FollowAlerts), async (c) => {
    await setFollowAlerts(c.var.deps.db.kysely, currentAccount(c), c.req.param("handle"), c.req.valid("json").alerts);
    return c.json({ following: true });
  })
  .delete("/:handle/follow", requireAccount, async (c) => {
    await unfollowOrganization(c.var.deps.db.kysely, currentAccount(c), c.req.param("handle"));
    return c.body(null, 204);
  });

/** GET /me/follows: the organisations I follow, with their open needs. */
export const myFollows = new Hono<AppEnv>().get("/", requireAccount, async (c) => {
  const followed = await listFollowedOrganizations(c.var.deps.db.kysely, currentAccount(c).id, viewerOf(c));
  const origin = c.var.deps.config.publicUrl;
  return c.json(
    followed.map((o) => ({
      handle: o.handle,
      name: o.name,
      alerts: o.alerts,
      open_needs: o.openNeeds.map((n) => ({ id: n.id, title: n.title, url: new URL(`/needs/${n.id}`, origin).href })),
    })),
  );
});
