// A local citizen answers a need published on another server.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import type { Account } from "../accounts/users.ts";
import { DomainError } from "../errors.ts";
import { commitWithEvents, type EventSink } from "../events.ts";
import { newId } from "../ids.ts";

export async function applyRemote(
  db: Kysely<Database>,
  events: EventSink,
  origin: URL,
  account: Account,
  remoteNeedId: string,
  message: string,
) {
  const need = await db
    .selectFrom("remote_needs")
    .select(["id", "places_left", "audience", "actor_id"])
    .where("id", "=", remoteNeedId)
    .executeTakeFirst();
  if (!need) throw new DomainError("not_found", "no such need", undefined, "need_not_found");
  if (need.audience !== "public") {
    // Followers-only: only for those who follow its organisation (they are the ones who can see it).
    const follows = await db
      .selectFrom("following")
      .select("accepted")
      .where("actor_id", "=", account.id)
      .where("target_id", "=", need.actor_id)
      .executeTakeFirst();
    if (!follows?.accepted) throw new DomainError("not_found", "no such need", undefined, "need_not_found");
  }
  const existing = await db
    .selectFrom("outgoing_applications")
    .select("id")
    .where("user_id", "=", account.id)
    .where("remote_need_id", "=", remoteNeedId)
    .where("status", "in", ["pending", "accepted"])
    .executeTakeFirst();
  if (existing) throw new DomainError("conflict", "you have already offered to help with this need", undefined, "already_applied");
  const id = newId();
  const timestamp = now();
  await commitWithEvents(db, events, async (trx) => {
    await trx
      .insertInto("outgoing_applications")
      .values({
        id,
        user_id: account.id,
        remote_need_id: remoteNeedId,
        message,
        offer_uri: new URL(`/offers-of-help/${id}`, origin).href,
        note_uri: new URL(`/offers-of-help/${id}/note`, origin).href,
        status: "pending",
        created: timestamp,
        updated: timestamp,
      })
      .execute();
    await events.emit(trx, { type: "outgoing-application.created", outgoingId: id });
  });
  return db.selectFrom("outgoing_applications").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

export function listOutgoing(db: Kysely<Database>, account: Account) {
  return db
    .selectFrom("outgoing_applications as o")
    .innerJoin("remote_needs as n", "n.id", "o.remote_need_id")
    .select(["o.id", "o.remote_need_id", "n.uri as need_uri", "n.title", "o.message", "o.status", "o.reason", "o.created", "o.updated"])
    .where("o.user_id", "=", account.id)
    .orderBy("o.created", "desc")
    .execute();
}

export function listMessages(db: Kysely<Database>, account: Account) {
  return db
    .selectFrom("messages as m")
    .innerJoin("remote_actors as r", "r.id", "m.sender_id")
    .select(["m.id", "m.uri", "m.in_reply_to", "m.content_html", "m.created", "r.uri as sender_uri", "r.handle as sender_handle", "r.name as sender_name"])
    .where("m.user_id", "=", account.id)
    .orderBy("m.created", "desc")
    .execute();
}
