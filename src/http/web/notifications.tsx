// My notifications from the web (issue 13): the list, marking read, the choice
// of mails, and the "stop these mails" link of a notification mail, which works
// without signing in (a signed token; GET asks, POST does it, as mail clients'
// one-click unsubscribe does: RFC 8058).
import type { Context } from "hono";
import { Hono } from "hono";
import { notificationLine, notificationPath } from "../../../web/i18n/notifications.ts";
import type { MessageKey } from "../../../web/i18n/index.ts";
import { type NotificationItem, NotificationsPage, StopMailPage } from "../../../web/pages/notifications.tsx";
import { MAIL_KINDS } from "../../domain/notifications/model.ts";
import { listNotifications, markRead } from "../../domain/notifications/repository.ts";
import { mailSettings, setMailChoice } from "../../domain/notifications/settings.ts";
import { readStopToken, stopKey } from "../../domain/notifications/unsubscribe.ts";
import { notificationWhen } from "../../domain/notifications/words.ts";
import type { AppEnv } from "../env.ts";
import { formBody, frame, signedInOrLogin } from "./frame.ts";

const PAGE = 30;

async function page(c: Context<AppEnv>, userId: string, done?: string) {
  const f = await frame(c);
  const db = c.var.deps.db.kysely;
  const found = await listNotifications(db, userId, { maxId: c.req.query("max_id") || undefined, limit: PAGE });
  const items: NotificationItem[] = [];
  for (const n of found) {
    items.push({
      id: n.id,
      line: notificationLine(f.t, n, await notificationWhen(db, n, f.lang)),
      message: n.details.message ?? null,
      href: notificationPath(n),
      created: n.created,
      read: n.read,
    });
  }
  const older = found.length === PAGE ? `/me/notifications?max_id=${found.at(-1)!.id}` : undefined;
  return <NotificationsPage {...f} items={items} settings={await mailSettings(db, userId)} done={done} older={older} />;
}

export const notificationPages = new Hono<AppEnv>()
  .get("/me/notifications", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const f = await frame(c);
    const q = c.req.query();
    const done = q.read ? f.t("notif.marked") : q.all ? f.t("notif.allMarked") : q.saved ? f.t("notif.settingsSaved") : undefined;
    return c.html(await page(c, account.id, done));
  })
  .post("/me/notifications/read", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    await markRead(c.var.deps.db.kysely, account.id);
    return c.redirect("/me/notifications?all=1", 303);
  })
  .post("/me/notifications/:id/read", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    await markRead(c.var.deps.db.kysely, account.id, c.req.param("id"));
    return c.redirect("/me/notifications?read=1", 303);
  })
  .post("/me/notifications/settings", async (c) => {
    const { account, redirect } = signedInOrLogin(c);
    if (!account) return redirect;
    const form = await formBody(c);
    for (const kind of MAIL_KINDS) {
      if (form[kind]) await setMailChoice(c.var.deps.db.kysely, account.id, kind, form[kind]);
    }
    return c.redirect("/me/notifications?saved=1#settings", 303);
  })
  .get("/notifications/stop", async (c) => {
    const token = c.req.query("token") ?? "";
    const f = await frame(c);
    const read = readStopToken(await stopKey(c.var.deps.db.kysely), token);
    const kind = read ? f.t(`notif.kind.${read.kind}` satisfies MessageKey) : "";
    return c.html(<StopMailPage {...f} token={token} kind={kind} state={read ? "ask" : "invalid"} />, read ? 200 : 400);
  })
  .post("/notifications/stop", async (c) => {
    const form = c.req.header("Content-Type")?.startsWith("application/x-www-form-urlencoded") ? await formBody(c) : {};
    const token = c.req.query("token") ?? form.token ?? "";
    const db = c.var.deps.db.kysely;
    const f = await frame(c);
    const read = readStopToken(await stopKey(db), token);
    if (!read) return c.html(<StopMailPage {...f} token={token} kind="" state="invalid" />, 400);
    await setMailChoice(db, read.userId, read.kind, "off");
    return c.html(<StopMailPage {...f} token={token} kind={f.t(`notif.kind.${read.kind}` satisfies MessageKey)} state="done" />);
  });
