// /api/v1/notifications: the authenticated user's notifications, shaped and paged
// as Mastodon's (max_id, since_id, min_id, limit; a Link header with next and
// prev), so that a Mastodon client API can serve them later
// (docs/decisions/0016-notifications.md). Marking read: one, or all.
import { Hono } from "hono";
import { z } from "zod";
import type { Notification } from "../../domain/notifications/model.ts";
import { listNotifications, markRead, unreadCount } from "../../domain/notifications/repository.ts";
import { DomainError } from "../../domain/errors.ts";
import { currentAccount, requireAccount } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import { validate } from "../validate.ts";

export const NotificationQuery = z.object({
  max_id: z.string().max(64).optional().describe("Older than this id"),
  since_id: z.string().max(64).optional().describe("Newer than this id"),
  min_id: z.string().max(64).optional().describe("Immediately newer than this id"),
  limit: z.coerce.number().int().min(1).max(80).default(40),
});

function json(n: Notification, origin: URL) {
  const account = n.account
    ? n.account.kind === "account"
      ? { id: n.account.id, username: n.account.handle, acct: n.account.handle, display_name: n.account.name, url: new URL(`/@${n.account.handle}`, origin).href }
      : { id: n.account.id, username: n.account.handle?.split("@")[0] ?? "", acct: n.account.handle ?? n.account.uri, display_name: n.account.name, url: n.account.uri }
    : null;
  return {
    id: n.id,
    type: n.type,
    created_at: n.created,
    group_key: n.groupKey,
    read: n.read,
    account,
    need: n.need ? { id: n.need.id, title: n.need.title, url: new URL(`/needs/${n.need.id}`, origin).href, organization: n.need.organization.handle } : null,
    application_id: n.applicationId,
    reason: n.details.reason ?? null,
    message: n.details.message ?? null,
    occurrence: n.details.occurrence ?? null,
  };
}

export const notifications = new Hono<AppEnv>()
  .get("/", requireAccount, validate("query", NotificationQuery), async (c) => {
    const q = c.req.valid("query");
    const origin = c.var.deps.config.publicUrl;
    const found = await listNotifications(c.var.deps.db.kysely, currentAccount(c).id, { maxId: q.max_id, sinceId: q.since_id, minId: q.min_id, limit: q.limit });
    if (found.length > 0) {
      const base = new URL("/api/v1/notifications", origin).href;
      c.header("Link", `<${base}?max_id=${found.at(-1)!.id}>; rel="next", <${base}?min_id=${found[0]!.id}>; rel="prev"`);
    }
    return c.json(found.map((n) => json(n, origin)));
  })
  .get("/unread_count", requireAccount, async (c) => c.json({ count: await unreadCount(c.var.deps.db.kysely, currentAccount(c).id) }))
  .post("/read", requireAccount, async (c) => c.json({ marked: await markRead(c.var.deps.db.kysely, currentAccount(c).id) }))
  .post("/:id/read", requireAccount, async (c) => {
    const changed = await markRead(c.var.deps.db.kysely, currentAccount(c).id, c.req.param("id"));
    if (changed === 0) {
      const still = await c.var.deps.db.kysely.selectFrom("notifications").select("id").where("id", "=", c.req.param("id")).where("user_id", "=", currentAccount(c).id).executeTakeFirst();
      if (!still) throw new DomainError("not_found", "no such notification", undefined, "notification_not_found");
    }
    return c.body(null, 204);
  });
