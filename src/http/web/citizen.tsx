// What a citizen does from "my space" besides their profile: withdraw an offer of help.
import { Hono } from "hono";
import { DomainError } from "../../domain/errors.ts";
import { decideApplication } from "../../domain/needs/applications.ts";
import type { AppEnv } from "../env.ts";
import { signedInOrLogin, withDone } from "./frame.ts";

export const citizenPages = new Hono<AppEnv>().post("/me/applications/:id/withdraw", async (c) => {
  const { account, redirect } = signedInOrLogin(c);
  if (!account) return redirect;
  const { db, events } = c.var.deps;
  try {
    // The domain's one rule: only the applicant withdraws, a pending or accepted application (application.withdrawn).
    await decideApplication(db.kysely, events, account, c.req.param("id"), { status: "withdrawn" });
  } catch (error) {
    if (error instanceof DomainError && (error.kind === "conflict" || error.kind === "forbidden")) return c.redirect(`/me?error=${error.code}`, 303);
    throw error;
  }
  return c.redirect(withDone("/me", "withdrawn"), 303);
});
