// The instances and relays this one follows, from the web. Moderators see the
// list; administrators follow, subscribe and unfollow (as in /api/v1/federation),
// and each of those is written to the audit log.
import { type Context, Hono } from "hono";
import { FederationPage } from "../../../web/pages/admin-federation.tsx";
import { relayUris } from "../../domain/instance/relays.ts";
import { audit } from "../../domain/moderation/moderation.ts";
import type { AppEnv } from "../env.ts";
import { HttpProblem } from "../problem.ts";
import { formBody, frame } from "./frame.ts";
import { errorOn, staffOnly } from "./staff.tsx";

type C = Context<AppEnv>;

async function federationPage(c: C, state: { errors?: Record<string, string>; values?: Record<string, string>; done?: boolean } = {}) {
  const [follows, relays] = await Promise.all([c.var.deps.federation.listInstanceFollows(), relayUris(c.var.deps.db.kysely)]);
  return (
    <FederationPage
      {...await frame(c)}
      follows={follows.map((f) => ({ uri: f.uri, handle: f.handle, name: f.name, accepted: Boolean(f.accepted), relay: relays.has(f.uri), created: f.created }))}
      errors={state.errors}
      values={state.values}
      done={state.done}
    />
  );
}

/** An administrator's action: 303 back to the page, or the page again with the message next to `field`. */
async function adminAction(c: C, field: string, action: (target: string) => Promise<{ action: string; target: string }>) {
  const { account, response } = await staffOnly(c);
  if (!account) return response;
  const form = await formBody(c);
  const target = (form.target ?? "").trim();
  try {
    if (account.role !== "admin") throw new HttpProblem(403, (await frame(c)).t("fed.adminsOnly"));
    const done = await action(target);
    await audit(c.var.deps.db.kysely, account, done.action, done.target);
  } catch (error) {
    const status = error instanceof HttpProblem && error.status === 403 ? 403 : 422;
    return c.html(await federationPage(c, { errors: errorOn(field, error, (await frame(c)).t), values: { [field]: target } }), status);
  }
  return c.redirect("/admin/federation?done=1", 303);
}

export const federationPages = new Hono<AppEnv>()
  .get("/admin/federation", async (c) => {
    const { account, response } = await staffOnly(c);
    if (!account) return response;
    return c.html(await federationPage(c, { done: c.req.query("done") === "1" }));
  })
  .post("/admin/federation/follows", (c) =>
    adminAction(c, "follow", async (target) => {
      const followed = await c.var.deps.federation.followInstance(target, false);
      return { action: "instance.follow", target: followed.uri };
    }),
  )
  .post("/admin/federation/relays", (c) =>
    adminAction(c, "relay", async (target) => {
      const relay = await c.var.deps.federation.followInstance(target, true);
      return { action: "relay.subscribe", target: relay.uri };
    }),
  )
  .post("/admin/federation/unfollow", (c) =>
    adminAction(c, "_form", async (target) => {
      await c.var.deps.federation.unfollowInstance(target);
      return { action: "instance.unfollow", target };
    }),
  );
