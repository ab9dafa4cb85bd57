// /api/v1/me: the account a request is authenticated as.
import { Hono } from "hono";
import { z } from "zod";
import type { Account } from "../../domain/accounts/users.ts";
import { listMyApplications } from "../../domain/needs/applications.ts";
import { chosenOccurrences } from "../../domain/needs/chosen-occurrences.ts";
import { listMessages, listOutgoing } from "../../domain/needs/outgoing.ts";
import { eraseAccount } from "../../domain/privacy/erase.ts";
import { exportFileName, exportPersonalData } from "../../domain/privacy/export.ts";
import { myVolunteerDetailsByApplication } from "../../domain/volunteer-details/details.ts";
import { validate } from "../validate.ts";
import { applicationJson, outgoingJson, volunteerDetailsJson } from "./json.ts";
import { currentAccount, requireAccount, viewerOf } from "../auth.ts";
import type { AppEnv } from "../env.ts";

export function accountJson(account: Account, origin: URL) {
  return {
    id: account.id,
    username: account.username,
    display_name: account.displayName,
    email: account.email,
    role: account.role,
    url: new URL(`/@${account.username}`, origin).href,
    created: account.created,
  };
}

export const AccountErasure = z.object({ password: z.string().min(1).max(1000).describe("The account's password, asked again") });

export const me = new Hono<AppEnv>()
  .get("/", requireAccount, (c) => c.json(accountJson(currentAccount(c), c.var.deps.config.publicUrl)))
  .delete("/", requireAccount, validate("json", AccountErasure), async (c) => {
    const { db, events } = c.var.deps;
    await eraseAccount(db.kysely, events, currentAccount(c).id, { by: "self", password: c.req.valid("json").password });
    return c.body(null, 204);
  })
  .get("/export", requireAccount, async (c) => {
    const account = currentAccount(c);
    const data = await exportPersonalData(c.var.deps.db.kysely, account.id);
    return c.json(data, 200, { "Content-Disposition": `attachment; filename="${exportFileName(account.username)}"`, "Cache-Control": "no-store" });
  })
  .get("/applications", requireAccount, async (c) => {
    const { db, config } = c.var.deps;
    const account = currentAccount(c);
    const [local, remote] = await Promise.all([listMyApplications(db.kysely, account), listOutgoing(db.kysely, account)]);
    // An accepted application here opens its need's details to its volunteer (the access policy decides).
    const details = await myVolunteerDetailsByApplication(db.kysely, viewerOf(c), local);
    const chosen = await chosenOccurrences(db.kysely, local.map((a) => a.id));
    return c.json([
      ...local.map((a) => {
        const found = details.get(a.id);
        return { ...applicationJson(a, config.publicUrl), occurrences: chosen.get(a.id) ?? [], ...(found && { details: volunteerDetailsJson(found) }) };
      }),
      ...remote.map(outgoingJson),
    ]);
  })
  .get("/messages", requireAccount, async (c) => c.json(await listMessages(c.var.deps.db.kysely, currentAccount(c))));
