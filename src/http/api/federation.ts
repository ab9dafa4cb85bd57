// /api/v1/federation: the instance following other instances and relays
// (administrators), and the directory of member instances of a federation of towns.
import { Hono } from "hono";
import { z } from "zod";
import { audit, requireModerator } from "../../domain/moderation/moderation.ts";
import { DOMAINS } from "../../domain/vocabulary/domains.ts";
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
    // The instances this one follows, with their open needs per domain (a federation of towns' directory).
    const follows = (await c.var.deps.federation.listInstanceFollows()).filter((f) => f.accepted);
    const needs = await c.var.deps.db.kysely
      .selectFrom("remote_needs")
      .innerJoin("remote_actors", "remote_actors.id", "remote_needs.actor_id")
      .select(["remote_actors.uri", "remote_needs.domains"])
      .where("remote_needs.audience", "=", "public")
      .execute();
    return c.json(
      follows.map((f) => {
        const origin = new URL(f.uri).origin;
        const counts: Record<string, number> = Object.fromEntries(DOMAINS.map((d) => [d.slug, 0]));
        let total = 0;
        for (const n of needs.filter((n) => new URL(n.uri).origin === origin)) {
          total++;
          for (const d of JSON.parse(n.domains) as string[]) counts[d] = (counts[d] ?? 0) + 1;
        }
        return {
          uri: f.uri,
          origin,
          name: f.name,
          open_needs: total,
          open_needs_by_domain: Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0)),
        };
      }),
    );
  });
