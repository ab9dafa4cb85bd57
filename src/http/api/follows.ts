// /api/v1/follows: the authenticated user follows an account on another server.
import { Hono } from "hono";
import { z } from "zod";
import { currentAccount, requireAccount } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import { validate } from "../validate.ts";

export const FollowRequest = z.object({
  target: z.string().trim().min(3).max(500).describe("A handle (@asso@town.example) or an actor URL"),
});

export const follows = new Hono<AppEnv>().post("/", requireAccount, validate("json", FollowRequest), async (c) => {
  const followed = await c.var.deps.federation.follow(currentAccount(c).id, c.req.valid("json").target);
  return c.json(followed, 202);
});
