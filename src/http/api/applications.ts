// /api/v1/applications/{id}: a coordinator accepts, rejects (with a reason) or
// marks done; the applicant withdraws.
import { Hono } from "hono";
import { z } from "zod";
import { decideApplication } from "../../domain/needs/applications.ts";
import { ApplicationDecision } from "../../domain/needs/input.ts";
import { currentAccount, requireAccount } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import { validate } from "../validate.ts";
import { applicationJson } from "./json.ts";

export const ApplicationChange = z.union([ApplicationDecision, z.object({ status: z.literal("withdrawn") })]);

export const applications = new Hono<AppEnv>().patch("/:id", requireAccount, validate("json", ApplicationChange), async (c) => {
  const { db, events, config } = c.var.deps;
  const application = await decideApplication(db.kysely, events, currentAccount(c), c.req.param("id"), c.req.valid("json"));
  return c.json(applicationJson(application, config.publicUrl));
});
