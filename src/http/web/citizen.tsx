// What a citizen does from "my space" besides their profile: withdraw an offer of help,
// to a need here or on another server (the ids "my space" lists are either, as in the API).
import { Hono } from "hono";
import { DomainError } from "../../domain/errors.ts";
import { decideApplication } from "../../domain/needs/applications.ts";
import { findMyOutgoing, withdrawOutgoing } from "../../domain/needs/outgoing.ts";
import type { AppEnv } from "../env.ts";
import { signedInOrLogin, withDone } from "./frame.ts";

export const citizenPages = new Hono<AppEnv>().post("/me/applications/:id/withdraw", async (c) => {
  const { account, redirect } = signedInOrLogin(c);
  if (!account) return redirect;
  const { db, events } = c.var.deps;
  const id = c.req.param("id");
  try {
    // The domain's one rule: only the applicant withdraws, a pending or accepted application
    // (application.withdrawn here; outgoing-application.withdrawn for one elsewhere).
    if (await findMyOutgoing(db.kysely, account, id)) await withdrawOutgoing(db.kysely, events, account, id);
    else await decideApplication(db.kysely, events, account, id, { status: "withdrawn" });
  } catch (error) {
    if (error instanceof DomainError && (error.kind === "conflict" || error.kind === "forbidden")) return c.redirect(`/me?error=${error.code}`, 303);
    throw error;
  }
  return c.redirect(withDone("/me", "withdrawn"), 303);
});
