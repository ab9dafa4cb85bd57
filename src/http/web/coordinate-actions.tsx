// Coordinators' actions on a need from its page of applications: mark filled,
// reopen, cancel (with a message for the accepted volunteers), delete (confirmed),
// duplicate as a new draft, cancel one occurrence of a recurring need. Each is a
// form posted with its CSRF token; the answer goes back to the page with what was
// done, or why it was refused, in words.
import { type Context, Hono } from "hono";
import { forgetFiles } from "../../domain/pictures/pictures.ts";
import type { Account } from "../../domain/accounts/users.ts";
import { DomainError } from "../../domain/errors.ts";
import { cancelNeed, cancelOccurrence, duplicateNeed, markFilled, reopenNeed } from "../../domain/needs/actions.ts";
import { deleteNeed } from "../../domain/needs/service.ts";
import type { AppEnv } from "../env.ts";
import { formBody, signedInOrLogin } from "./frame.ts";

type C = Context<AppEnv>;

const inbox = (id: string) => `/coordinate/needs/${encodeURIComponent(id)}/applications`;

/** Runs an action for the signed-in coordinator; a refusal the page can word goes back to it as `?error=`. */
async function act(c: C, run: (account: Account, id: string, form: Record<string, string>) => Promise<string>): Promise<Response> {
  const { account, redirect } = signedInOrLogin(c);
  if (!account) return redirect;
  const id = c.req.param("id") ?? "";
  const form = await formBody(c);
  try {
    return c.redirect(await run(account, id, form), 303);
  } catch (error) {
    // Not found and forbidden are answered as pages (onError); the rest is said on the page.
    if (error instanceof DomainError && error.kind !== "not_found" && error.kind !== "forbidden") {
      return c.redirect(`${inbox(id)}?error=${error.code}`, 303);
    }
    throw error;
  }
}

export const coordinatorActionPages = new Hono<AppEnv>()
  .post("/coordinate/needs/:id/fill", (c) =>
    act(c, async (account, id) => {
      await markFilled(c.var.deps.db.kysely, c.var.deps.events, account, id);
      return `${inbox(id)}?done=filled`;
    }),
  )
  .post("/coordinate/needs/:id/reopen", (c) =>
    act(c, async (account, id) => {
      await reopenNeed(c.var.deps.db.kysely, c.var.deps.events, account, id);
      return `${inbox(id)}?done=reopened`;
    }),
  )
  .post("/coordinate/needs/:id/cancel", (c) =>
    act(c, async (account, id, form) => {
      await cancelNeed(c.var.deps.db.kysely, c.var.deps.events, account, id, form.message ?? null);
      return `${inbox(id)}?done=cancelled`;
    }),
  )
  .post("/coordinate/needs/:id/occurrences/cancel", (c) =>
    act(c, async (account, id, form) => {
      const occurrence = form.occurrence ?? "";
      await cancelOccurrence(c.var.deps.db.kysely, c.var.deps.events, account, id, occurrence, form.message ?? null);
      return `${inbox(id)}?done=occurrence&occurrence=${encodeURIComponent(new Date(occurrence).toISOString())}`;
    }),
  )
  .post("/coordinate/needs/:id/delete", (c) =>
    act(c, async (account, id, form) => {
      // Deleting cannot be undone: only with the box ticked.
      if (form.confirm !== "yes") return `${inbox(id)}?error=delete_unconfirmed#delete-heading`;
      const files = await deleteNeed(c.var.deps.db.kysely, c.var.deps.events, account, id);
      await forgetFiles(c.var.deps.db.kysely, c.var.deps.files, files);
      return "/coordinate?done=deleted";
    }),
  )
  .post("/coordinate/needs/:id/duplicate", (c) =>
    act(c, async (account, id) => {
      const copy = await duplicateNeed(c.var.deps.db.kysely, account, id);
      return `/coordinate/needs/${copy.id}/edit?done=duplicated`;
    }),
  );
