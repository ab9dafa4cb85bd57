// A local citizen answers a need published on another server.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import type { Account } from "../accounts/users.ts";
import { DomainError } from "../errors.ts";
import { commitWithEvents, type EventSink } from "../events.ts";
import { newId } from "../ids.ts";
import { findListedRemoteNeed, findRemoteNeeds } from "../remote-needs/repository.ts";
import type { ServerRules } from "../remote-needs/visibility.ts";

export async function applyRemote(
  db: Kysely<Database>,
  events: EventSink,
  rules: ServerRules,
  origin: URL,
  account: Account,
  remoteNeedId: string,
  message: string,
) {
  // Only a need the user can find: followers-only ones for those who follow its organisation, none from a silenced server.
  const need = await findListedRemoteNeed(db, rules, { userId: account.id }, remoteNeedId);
  if (!need) throw new DomainError("not_found", "no such need", undefined, "need_not_found");
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

export async function listOutgoing(db: Kysely<Database>, account: Account) {
  const rows = await db
    .selectFrom("outgoing_applications")
    .select(["id", "remote_need_id", "message", "status", "reason", "created", "updated"])
    .where("user_id", "=", account.id)
    .orderBy("created", "desc")
    .execute();
  const needs = await findRemoteNeeds(db, rows.map((r) => r.remote_need_id));
  return rows.flatMap(({ id, remote_need_id, ...rest }) => {
    const need = needs.get(remote_need_id);
    return need ? [{ id, remote_need_id, need_uri: need.uri, title: need.title, ...rest }] : [];
  });
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
