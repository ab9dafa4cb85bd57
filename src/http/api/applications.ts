// /api/v1/applications/{id}: a coordinator accepts, rejects (with a reason) or
// marks done; the applicant withdraws, here or elsewhere: the ids /me/applications
// lists are either, as POST /missions/{id}/applications takes a need of either.
import { Hono } from "hono";
import { z } from "zod";
import { decideApplication } from "../../domain/needs/applications.ts";
import { ApplicationDecision } from "../../domain/needs/input.ts";
import { findMyOutgoing, withdrawOutgoing } from "../../domain/needs/outgoing.ts";
import { currentAccount, requireAccount } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import { validate } from "../validate.ts";
import { applicationJson, outgoingJson } from "./json.ts";

export const ApplicationChange = z.union([ApplicationDecision, z.object({ status: z.literal("withdrawn") })]);

export const applications = new Hono<AppEnv>().patch("/:id", requireAccount, validate("json", ApplicationChange), async (c) => {
  const { db, events, config } = c.var.deps;
  const account = currentAccount(c);
  const id = c.req.param("id");
  const change = c.req.valid("json");
  // One of the account's applications to a need on another server: only its withdrawal is
  // decided here (the organisation decides the rest on its own server).
  if (change.status === "withdrawn" && (await findMyOutgoing(db.kysely, account, id))) {
    return c.json(outgoingJson(await withdrawOutgoing(db.kysely, events, account, id)));
  }
  const application = await decideApplication(db.kysely, events, account, id, change);
  return c.json(applicationJson(application, config.publicUrl));
});
