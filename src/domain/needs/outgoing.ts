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

/** What the citizen reads of one of their applications elsewhere, with the need it answers. */
export interface Outgoing {
  id: string;
  remote_need_id: string;
  need_uri: string;
  title: string;
  message: string;
  status: string;
  reason: string | null;
  created: string;
  updated: string;
}

const COLUMNS = ["id", "remote_need_id", "message", "status", "reason", "created", "updated"] as const;

async function withNeeds(db: Kysely<Database>, rows: Omit<Outgoing, "need_uri" | "title">[]): Promise<Outgoing[]> {
  const needs = await findRemoteNeeds(db, rows.map((r) => r.remote_need_id));
  return rows.flatMap((row) => {
    const need = needs.get(row.remote_need_id);
    return need ? [{ ...row, need_uri: need.uri, title: need.title }] : [];
  });
}

export async function listOutgoing(db: Kysely<Database>, account: Account): Promise<Outgoing[]> {
  const rows = await db.selectFrom("outgoing_applications").select(COLUMNS).where("user_id", "=", account.id).orderBy("created", "desc").execute();
  return withNeeds(db, rows);
}

/** One of the account's applications elsewhere; undefined when it is someone else's, or none. */
export async function findMyOutgoing(db: Kysely<Database>, account: Account, id: string): Promise<Outgoing | undefined> {
  const row = await db.selectFrom("outgoing_applications").select(COLUMNS).where("id", "=", id).where("user_id", "=", account.id).executeTakeFirst();
  return row ? (await withNeeds(db, [row]))[0] : undefined;
}

/** Statuses a citizen may withdraw from, as for an application here (applications.ts). */
const WITHDRAWABLE = ["pending", "accepted"];

/**
 * The citizen withdraws their application to a need elsewhere. The other server is told
 * by the federation (`outgoing-application.withdrawn`): the retraction of what it was sent,
 * an `Undo` of the Offer or a `Delete` of the reply.
 */
export async function withdrawOutgoing(db: Kysely<Database>, events: EventSink, account: Account, id: string): Promise<Outgoing> {
  const found = await findMyOutgoing(db, account, id);
  if (!found) throw new DomainError("not_found", "no such application", undefined, "application_not_found");
  const refused = (from: string) =>
    new DomainError("conflict", `an application that is ${from} cannot become withdrawn`, "status", "application_transition", { from, to: "withdrawn" });
  if (!WITHDRAWABLE.includes(found.status)) throw refused(found.status);
  await commitWithEvents(db, events, async (trx) => {
    // Only from a status that may be withdrawn, even if an answer came in the meantime.
    const changed = await trx
      .updateTable("outgoing_applications")
      .set({ status: "withdrawn", updated: now() })
      .where("id", "=", id)
      .where("status", "in", WITHDRAWABLE)
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) === 0) {
      const current = await trx.selectFrom("outgoing_applications").select("status").where("id", "=", id).executeTakeFirst();
      throw refused(current?.status ?? found.status);
    }
    await events.emit(trx, { type: "outgoing-application.withdrawn", outgoingId: id });
  });
  return (await findMyOutgoing(db, account, id))!;
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
