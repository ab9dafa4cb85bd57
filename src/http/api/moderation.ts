// /api/v1/moderation: domain blocks, allow-list, actor blocks, suspensions,
// the reports queue and the audit log (moderators and administrators).
// /api/v1/reports: any user reports something on another server.
import { Hono } from "hono";
import { z } from "zod";
import {
  allowDomain,
  blockActor,
  blockDomain,
  listAudit,
  listDomainBlocks,
  listReports,
  requireModerator,
  resolveReport,
  sendReport,
  suspendAccount,
  unblockDomain,
} from "../../domain/moderation/moderation.ts";
import { findUserByLogin } from "../../domain/accounts/users.ts";
import { DomainError } from "../../domain/errors.ts";
import { eraseAccount } from "../../domain/privacy/erase.ts";
import { actorAddress } from "../actor-address.ts";
import { currentAccount, requireAccount } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import { validate } from "../validate.ts";

export const DomainBlockRequest = z.object({
  domain: z.string().trim().min(1).max(253).describe("example.org (and its subdomains), or host:port"),
  severity: z.enum(["suspend", "silence"]).default("suspend"),
  reason: z.string().max(1000).default(""),
});
export const ReportRequest = z.object({
  target: z.url().describe("The URI of the remote account or post"),
  comment: z.string().max(5000).default(""),
});
const Reason = z.object({ reason: z.string().max(1000).default("") });
export const AdminErasure = z.object({ reason: z.string().trim().min(1).max(1000).describe("Why the account is erased: kept in the audit log") });

const moderator = new Hono<AppEnv>().use(requireAccount, async (c, next) => {
  requireModerator(currentAccount(c));
  await next();
});

export const moderation = moderator
  .get("/domain-blocks", async (c) => c.json(await listDomainBlocks(c.var.deps.db.kysely)))
  .post("/domain-blocks", validate("json", DomainBlockRequest), async (c) => {
    const { db, policy } = c.var.deps;
    return c.json(await blockDomain(db.kysely, policy, currentAccount(c), c.req.valid("json")), 201);
  })
  .delete("/domain-blocks/:domain", async (c) => {
    await unblockDomain(c.var.deps.db.kysely, c.var.deps.policy, currentAccount(c), c.req.param("domain"));
    return c.body(null, 204);
  })
  .post("/allowed-domains", validate("json", z.object({ domain: z.string().trim().min(1).max(253) })), async (c) => {
    await allowDomain(c.var.deps.db.kysely, c.var.deps.policy, currentAccount(c), c.req.valid("json").domain);
    return c.body(null, 204);
  })
  .post("/actor-blocks", validate("json", z.object({ uri: z.string().trim().min(1).max(2000), reason: z.string().max(1000).default("") })), async (c) => {
    const { uri, reason } = c.req.valid("json");
    await blockActor(c.var.deps.db.kysely, c.var.deps.policy, currentAccount(c), await actorAddress(c.var.deps.federation, uri), reason);
    return c.body(null, 204);
  })
  .post("/accounts/:username/erase", validate("json", AdminErasure), async (c) => {
    const { db, events } = c.var.deps;
    const admin = currentAccount(c);
    const user = await findUserByLogin(db.kysely, c.req.param("username"));
    if (!user || user.username !== c.req.param("username").toLowerCase()) throw new DomainError("not_found", "no such account", undefined, "account_not_found");
    return c.json((await eraseAccount(db.kysely, events, user.id, { by: "admin", admin, reason: c.req.valid("json").reason })).rows);
  })
  .post("/accounts/:username/suspend", validate("json", Reason), async (c) => {
    const { db, events } = c.var.deps;
    await suspendAccount(db.kysely, events, currentAccount(c), c.req.param("username"), c.req.valid("json").reason);
    return c.body(null, 204);
  })
  .get("/reports", validate("query", z.object({ status: z.enum(["open", "resolved"]).default("open") })), async (c) => {
    const rows = await listReports(c.var.deps.db.kysely, c.req.valid("query").status);
    return c.json(rows.map((r) => ({ ...r, targets: JSON.parse(r.targets) })));
  })
  .patch("/reports/:id", validate("json", z.object({ status: z.literal("resolved"), note: z.string().max(1000).default("") })), async (c) => {
    await resolveReport(c.var.deps.db.kysely, currentAccount(c), c.req.param("id"), c.req.valid("json").note);
    return c.body(null, 204);
  })
  .get("/audit", async (c) => {
    const rows = await listAudit(c.var.deps.db.kysely);
    return c.json(rows.map((r) => ({ ...r, details: JSON.parse(r.details) })));
  });

export const reports = new Hono<AppEnv>().post("/", requireAccount, validate("json", ReportRequest), async (c) => {
  const { db, events } = c.var.deps;
  return c.json(await sendReport(db.kysely, events, currentAccount(c), c.req.valid("json")), 202);
});
