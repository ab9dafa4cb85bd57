// Notifications as rows: written once per cause (the dedupe key), listed newest
// first by id (UUIDv7, time-ordered) with Mastodon's paging, marked read.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import { newId } from "../ids.ts";
import { enqueueMail } from "../mail/outbox.ts";
import type { Notification, NotificationDetails, NotificationType } from "./model.ts";

export interface NewNotification {
  userId: string;
  type: NotificationType;
  needId?: string | null;
  applicationId?: string | null;
  actorId?: string | null;
  remoteActorId?: string | null;
  details?: NotificationDetails;
  /** What made it: the same cause twice (an event given again) makes one notification. */
  cause: string;
}

/**
 * Writes the notification and its mail job in one transaction, unless this cause
 * already told this user: whether it was new.
 */
export async function notify(trx: Transaction<Database>, n: NewNotification, created = now()): Promise<boolean> {
  const id = newId();
  const inserted = await trx
    .insertInto("notifications")
    .values({
      id,
      user_id: n.userId,
      type: n.type,
      need_id: n.needId ?? null,
      application_id: n.applicationId ?? null,
      actor_id: n.actorId ?? null,
      remote_actor_id: n.remoteActorId ?? null,
      group_key: `${n.type}:${n.needId ?? n.applicationId ?? id}`,
      details: JSON.stringify(n.details ?? {}),
      dedupe_key: `${n.cause}:${n.userId}`,
      created,
      read_at: null,
    })
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
  // The mail worker reads it, the user's choice and the need when it runs (a week at most).
  await enqueueMail(trx, { kind: "notification", notificationId: id }, 7 * 86_400_000);
  return true;
}

function query(db: Kysely<Database>) {
  return db
    .selectFrom("notifications as n")
    .leftJoin("needs as need", "need.id", "n.need_id")
    .leftJoin("actors as org", "org.id", "need.organization_id")
    .leftJoin("actors as a", "a.id", "n.actor_id")
    .leftJoin("remote_actors as r", "r.id", "n.remote_actor_id")
    .selectAll("n")
    .select([
      "need.title as need_title",
      "need.language as need_language",
      "org.handle as org_handle",
      "org.name as org_name",
      "a.handle as actor_handle",
      "a.name as actor_name",
      "r.uri as remote_uri",
      "r.handle as remote_handle",
      "r.name as remote_name",
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof query>["executeTakeFirstOrThrow"]>>;

function toNotification(row: Row): Notification {
  return {
    id: row.id,
    type: row.type as NotificationType,
    created: row.created,
    read: row.read_at !== null,
    groupKey: row.group_key,
    details: JSON.parse(row.details) as NotificationDetails,
    need:
      row.need_id && row.need_title !== null
        ? { id: row.need_id, title: row.need_title, organization: { handle: row.org_handle ?? "", name: row.org_name ?? "" }, language: row.need_language ?? "fr" }
        : null,
    applicationId: row.application_id,
    account: row.actor_id
      ? { kind: "account", id: row.actor_id, handle: row.actor_handle ?? "", name: row.actor_name ?? "" }
      : row.remote_actor_id
        ? { kind: "remote", id: row.remote_actor_id, uri: row.remote_uri ?? "", handle: row.remote_handle, name: row.remote_name ?? "" }
        : null,
  };
}

export interface Page {
  /** Older than this id. */
  maxId?: string;
  /** Newer than this id (the newest first). */
  sinceId?: string;
  /** Just newer than this id (the oldest of those first, then returned newest first). */
  minId?: string;
  limit?: number;
}

/** A user's notifications, newest first, paged by id as Mastodon's API is. */
export async function listNotifications(db: Kysely<Database>, userId: string, page: Page = {}): Promise<Notification[]> {
  const limit = Math.max(1, Math.min(page.limit ?? 40, 80));
  let q = query(db).where("n.user_id", "=", userId);
  if (page.maxId) q = q.where("n.id", "<", page.maxId);
  if (page.sinceId) q = q.where("n.id", ">", page.sinceId);
  if (page.minId) {
    const rows = await q.where("n.id", ">", page.minId).orderBy("n.id", "asc").limit(limit).execute();
    return rows.reverse().map(toNotification);
  }
  const rows = await q.orderBy("n.id", "desc").limit(limit).execute();
  return rows.map(toNotification);
}

export async function findNotification(db: Kysely<Database>, id: string): Promise<(Notification & { userId: string }) | undefined> {
  const row = await query(db).where("n.id", "=", id).executeTakeFirst();
  return row ? { ...toNotification(row), userId: row.user_id } : undefined;
}

export async function unreadCount(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db
    .selectFrom("notifications")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks one (`id`) or all of a user's notifications read; how many changed. */
export async function markRead(db: Kysely<Database>, userId: string, id?: string): Promise<number> {
  let q = db.updateTable("notifications").set({ read_at: now() }).where("user_id", "=", userId).where("read_at", "is", null);
  if (id) q = q.where("id", "=", id);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
