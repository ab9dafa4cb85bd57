// /api/v1/federation: the instance following other instances and relays
// (administrators), and the directory of member instances of a federation of towns.
import { Hono } from "hono";
import { z } from "zod";
import { audit, requireModerator } from "../../domain/moderation/moderation.ts";
import { memberDirectory } from "../../domain/instance/directory.ts";
import { currentAccount, requireAccount } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import { HttpProblem } from "../problem.ts";
import { validate } from "../validate.ts";

export const InstanceFollowRequest = z.object({
  target: z.string().trim().min(3).max(500).describe("An instance's address (https://town.example), or its actor's URL or handle"),
});

const admin = new Hono<AppEnv>();

export const federationAdmin = admin
  .get("/follows", requireAccount, async (c) => {
    requireModerator(currentAccount(c));
    return c.json(await c.var.deps.federation.listInstanceFollows());
  })
  .post("/follows", requireAccount, validate("json", InstanceFollowRequest), async (c) => {
    const account = currentAccount(c);
    if (account.role !== "admin") throw new HttpProblem(403, "only administrators decide which instances this one follows");
    const followed = await c.var.deps.federation.followInstance(c.req.valid("json").target, false);
    await audit(c.var.deps.db.kysely, account, "instance.follow", followed.uri);
    return c.json(followed, 202);
  })
  .delete("/follows", requireAccount, validate("json", InstanceFollowRequest), async (c) => {
    const account = currentAccount(c);
    if (account.role !== "admin") throw new HttpProblem(403, "only administrators decide which instances this one follows");
    const { target } = c.req.valid("json");
    await c.var.deps.federation.unfollowInstance(target);
    await audit(c.var.deps.db.kysely, account, "instance.unfollow", target);
    return c.body(null, 204);
  })
  .post("/relays", requireAccount, validate("json", InstanceFollowRequest), async (c) => {
    const account = currentAccount(c);
    if (account.role !== "admin") throw new HttpProblem(403, "only administrators subscribe to relays");
    const relay = await c.var.deps.federation.followInstance(c.req.valid("json").target, true);
    await audit(c.var.deps.db.kysely, account, "relay.subscribe", relay.uri);
    return c.json(relay, 202);
  })
  .get("/members", async (c) => {
    const members = await memberDirectory(c.var.deps.db.kysely, c.var.deps.policy, await c.var.deps.federation.listInstanceFollows());
    return c.json(
      members.map((m) => ({
        uri: m.uri,
        origin: m.origin,
        name: m.name,
        open_needs: m.openNeeds,
        open_needs_by_domain: m.openNeedsByDomain,
      })),
    );
  });
