// Moderation from the web (moderators and administrators): domain blocks,
// actor blocks, suspensions, the reports queue and the audit log. The same
// domain functions as /api/v1/moderation, so the same rules and audit entries.
import { type Context, Hono } from "hono";
import { ModerationPage, type ModerationValues } from "../../../web/pages/admin-moderation.tsx";
import { listUsers } from "../../domain/accounts/profile.ts";
import type { Account } from "../../domain/accounts/users.ts";
import {
  blockActor,
  blockDomain,
  listActorBlocks,
  listAudit,
  listDomainBlocks,
  listReports,
  resolveReport,
  suspendAccount,
  unblockDomain,
} from "../../domain/moderation/moderation.ts";
import { actorAddress } from "../actor-address.ts";
import type { AppEnv } from "../env.ts";
import { formBody, frame } from "./frame.ts";
import { errorOn, staffOnly } from "./staff.tsx";

type C = Context<AppEnv>;

async function moderationPage(c: C, state: { errors?: Record<string, string>; values?: ModerationValues; done?: boolean } = {}) {
  const db = c.var.deps.db.kysely;
  const [blocks, actors, reports, audit, users] = await Promise.all([
    listDomainBlocks(db),
    listActorBlocks(db),
    listReports(db, "open"),
    listAudit(db, 50),
    listUsers(db),
  ]);
  const usernames = new Map(users.map((u) => [u.id, u.username]));
  return (
    <ModerationPage
      {...await frame(c)}
      blocks={blocks.map((b) => ({ domain: b.domain, severity: b.severity, reason: b.reason, created: b.created }))}
      actors={actors}
      reports={reports.map((r) => ({
        id: r.id,
        targets: JSON.parse(r.targets) as string[],
        comment: r.comment,
        reporter: r.reporter_uri ?? null,
        sentBy: r.reporter_user_id ? (usernames.get(r.reporter_user_id) ?? "?") : null,
        created: r.created,
      }))}
      audit={audit.map((a) => ({ action: a.action, target: a.target, moderator: a.moderator ?? null, created: a.created }))}
      errors={state.errors}
      values={state.values}
      done={state.done}
    />
  );
}

/** Runs a moderation action: 303 back to the page, or the page again with the message next to `field`. */
async function act(c: C, field: string, values: ModerationValues, action: (account: Account) => Promise<unknown>) {
  const { account, response } = await staffOnly(c);
  if (!account) return response;
  try {
    await action(account);
  } catch (error) {
    return c.html(await moderationPage(c, { errors: errorOn(field, error, (await frame(c)).t), values }), 422);
  }
  return c.redirect("/admin/moderation?done=1", 303);
}

export const moderationPages = new Hono<AppEnv>()
  .get("/admin/moderation", async (c) => {
    const { account, response } = await staffOnly(c);
    if (!account) return response;
    return c.html(await moderationPage(c, { done: c.req.query("done") === "1" }));
  })
  .post("/admin/moderation/domain-blocks", async (c) => {
    const form = await formBody(c);
    const severity = form.severity === "silence" ? "silence" : "suspend";
    const values = { domain: form.domain ?? "", severity, domainReason: form.reason ?? "" };
    const { db, policy } = c.var.deps;
    return act(c, "domain", values, (account) =>
      blockDomain(db.kysely, policy, account, { domain: values.domain, severity, reason: values.domainReason.slice(0, 1000) }),
    );
  })
  .post("/admin/moderation/domain-blocks/lift", async (c) => {
    const form = await formBody(c);
    const { db, policy } = c.var.deps;
    return act(c, "_form", {}, (account) => unblockDomain(db.kysely, policy, account, form.domain ?? ""));
  })
  .post("/admin/moderation/actor-blocks", async (c) => {
    const form = await formBody(c);
    const values = { uri: form.uri ?? "", actorReason: form.reason ?? "" };
    const { db, policy } = c.var.deps;
    return act(c, "uri", values, async (account) =>
      blockActor(db.kysely, policy, account, await actorAddress(c.var.deps.federation, values.uri), values.actorReason.slice(0, 1000)),
    );
  })
  .post("/admin/moderation/suspensions", async (c) => {
    const form = await formBody(c);
    const values = { username: form.username ?? "", suspendReason: form.reason ?? "" };
    const { db, events } = c.var.deps;
    const username = values.username.trim().replace(/^@/, "");
    return act(c, "username", values, (account) => suspendAccount(db.kysely, events, account, username, values.suspendReason.slice(0, 1000)));
  })
  .post("/admin/moderation/reports/:id/resolve", async (c) => {
    const id = c.req.param("id");
    return act(c, "_form", {}, (account) => resolveReport(c.var.deps.db.kysely, account, id));
  });
