// Erasure (GDPR art. 17): an account deleted by its owner or by an administrator.
// Every table that holds something of the person is ruled in personal-data.ts;
// this applies the rules in one transaction. Applications stay as anonymous counts
// (the need's outcomes), the moderators' log and the reports stay without the
// person. What stays of the account is its actor's handle and keys, as on
// Mastodon: the handle is never given to someone else (other servers remember the
// actor's URI with its keys), and the `Delete` of the actor sent to the servers that
// know it (its followers, the servers it followed or applied to: event
// `account.erased`) is signed with them. The actor's URI answers 410 with a
// `Tombstone` from then on (findErasedAccount).
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import type { Account } from "../accounts/users.ts";
import { verifyPassword } from "../accounts/passwords.ts";
import { DomainError } from "../errors.ts";
import { commitWithEvents, type EventSink } from "../events.ts";
import { normalizeHandle } from "../actors/actors.ts";
import { audit } from "../moderation/moderation.ts";
import { findRemoteNeeds } from "../remote-needs/repository.ts";

/** Who erases: the owner (with their password), an administrator (with a reason), or the retention purge (an account inactive too long). */
export type Erasure = { by: "self"; password: string } | { by: "admin"; admin: Account; reason: string } | { by: "retention" };

export interface ErasureReport {
  /** Rows removed or emptied, by table. */
  rows: Record<string, number>;
  /** The remote actors told (by id), through the federation. */
  told: number;
}

/** Erases the account `userId`; the owner gives their password again, an administrator a reason. */
export async function eraseAccount(db: Kysely<Database>, events: EventSink, userId: string, erasure: Erasure): Promise<ErasureReport> {
  const user = await db
    .selectFrom("users")
    .innerJoin("actors", "actors.id", "users.id")
    .select(["users.id", "users.email", "users.password_hash", "actors.handle"])
    .where("users.id", "=", userId)
    .executeTakeFirst();
  if (!user) throw new DomainError("not_found", "no such account", undefined, "account_not_found");
  if (erasure.by === "self" && !(await verifyPassword(user.password_hash, erasure.password))) {
    throw new DomainError("unauthorized", "the password is not this account's", "password", "current_password_wrong");
  }
  if (erasure.by === "admin") {
    if (erasure.admin.role !== "admin") throw new DomainError("forbidden", "only administrators erase accounts", undefined, "admins_only");
    if (erasure.admin.id === userId) throw new DomainError("forbidden", "erase your own account from your own page, with your password", undefined, "admin_erases_self");
    if (!erasure.reason.trim()) throw new DomainError("invalid", "say why the account is erased", "reason", "erasure_reason_required");
  }
  return commitWithEvents(db, events, async (trx) => {
    const recipients = await whoKnows(trx, userId);
    const rows: Record<string, number> = {};
    const count = (table: string, result: { numDeletedRows?: bigint; numUpdatedRows?: bigint }) => {
      rows[table] = (rows[table] ?? 0) + Number(result.numDeletedRows ?? result.numUpdatedRows ?? 0);
    };
    // The dates she chose go (an anonymous application answers for no one in particular).
    const mine = trx.selectFrom("applications").select("id").where("user_id", "=", userId);
    count("application_occurrences", await trx.deleteFrom("application_occurrences").where("application_id", "in", mine).executeTakeFirst());
    // Kept for the counts of each need's outcomes, without who or what they wrote.
    count("applications", await trx.updateTable("applications").set({ user_id: null, message: "" }).where("user_id", "=", userId).executeTakeFirst());
    // Mail waiting for the address (a reset link, a welcome, an alert).
    // (A daily digest names the account by id.)
    const waiting = (await trx.selectFrom("mail_outbox").select(["id", "payload"]).execute()).filter((m) => mentions(m.payload, user.email) || m.payload.includes(userId));
    if (waiting.length > 0) count("mail_outbox", await trx.deleteFrom("mail_outbox").where("id", "in", waiting.map((m) => m.id)).executeTakeFirst());
    // An attestation's address answers "no longer valid", and holds nothing of her any more.
    count(
      "attestations",
      await trx.updateTable("attestations").set({ user_id: null, volunteer_name: "", missions: "[]", hours: 0, revoked: now() }).where("user_id", "=", userId).executeTakeFirst(),
    );
    count("reports", await trx.updateTable("reports").set({ reporter_user_id: null, comment: "" }).where("reporter_user_id", "=", userId).executeTakeFirst());
    count("audit_log", await trx.updateTable("audit_log").set({ moderator_id: null }).where("moderator_id", "=", userId).executeTakeFirst());
    // What others were told of her stays, without her (the notification's account).
    count("notifications", await trx.updateTable("notifications").set({ actor_id: null }).where("actor_id", "=", userId).executeTakeFirst());
    // The checks she recorded as a coordinator stay for the volunteers checked, without her.
    count("safeguarding_checks", await trx.updateTable("safeguarding_checks").set({ checked_by: null }).where("checked_by", "=", userId).executeTakeFirst());
    count("safeguarding_checks", await trx.updateTable("safeguarding_checks").set({ revoked_by: null }).where("revoked_by", "=", userId).executeTakeFirst());
    for (const table of [
      "memberships",
      "api_tokens",
      "sessions",
      "password_resets",
      "alerts",
      "alert_deliveries",
      "outgoing_applications",
      "messages",
      "local_follows",
      "notifications",
      "notification_settings",
      "consents",
      "safeguarding_checks",
    ] as const) {
      count(table, await trx.deleteFrom(table).where("user_id", "=", userId).executeTakeFirst());
    }
    for (const table of ["offers", "followers", "following"] as const) {
      count(table, await trx.deleteFrom(table).where("actor_id", "=", userId).executeTakeFirst());
    }
    count("users", await trx.deleteFrom("users").where("id", "=", userId).executeTakeFirst());
    count("actors", await trx.updateTable("actors").set({ name: "", summary: "", updated: now() }).where("id", "=", userId).executeTakeFirst());
    if (recipients.length > 0) await events.emit(trx, { type: "account.erased", actorId: userId, handle: user.handle, recipients });
    await audit(trx, erasure.by === "admin" ? erasure.admin : null, "account.erase", userId, {
      by: erasure.by,
      ...(erasure.by === "admin" ? { reason: erasure.reason } : {}),
      rows,
    });
    return { rows, told: recipients.length };
  });
}

/**
 * An account erased here, by its handle: its actor stays (handle and keys) without the
 * person (no `users` row: only eraseAccount removes one). `erased`: when, the actor's last
 * change. Its actor URI and page answer 410 Gone (a `Tombstone` for other servers), as
 * Mastodon and GoToSocial answer for a deleted account, so that peers drop it.
 */
export async function findErasedAccount(db: Kysely<Database>, handle: string): Promise<{ id: string; handle: string; erased: string } | undefined> {
  return db
    .selectFrom("actors")
    .leftJoin("users", "users.id", "actors.id")
    .select(["actors.id", "actors.handle", "actors.updated as erased"])
    .where("actors.handle", "=", normalizeHandle(handle))
    .where("actors.type", "=", "Person")
    .where("users.id", "is", null)
    .executeTakeFirst();
}

/** The remote actors that know the account: its followers, those it follows, the organisations it applied to. */
async function whoKnows(trx: Transaction<Database>, userId: string): Promise<string[]> {
  const [followers, following, applied] = await Promise.all([
    trx.selectFrom("followers").select("follower_id as id").where("actor_id", "=", userId).execute(),
    trx.selectFrom("following").select("target_id as id").where("actor_id", "=", userId).execute(),
    trx.selectFrom("outgoing_applications").select("remote_need_id").where("user_id", "=", userId).execute(),
  ]);
  const needs = await findRemoteNeeds(trx, applied.map((a) => a.remote_need_id));
  return [...new Set([...followers.map((r) => r.id), ...following.map((r) => r.id), ...[...needs.values()].map((n) => n.author.id)])].sort();
}

/** Whether a mail job's payload (JSON) holds the address, as a value anywhere in it. */
function mentions(payload: string, email: string): boolean {
  const found = (value: unknown): boolean =>
    typeof value === "string" ? value.toLowerCase().includes(email) : typeof value === "object" && value !== null && Object.values(value).some(found);
  try {
    return found(JSON.parse(payload));
  } catch {
    return payload.toLowerCase().includes(email);
  }
}


/**
 * A person elsewhere deleted their account (a `Delete` of the actor, by the actor):
 * what we hold of them goes the same way. Their applications stay as anonymous
 * counts; their messages, follows and stored needs go with their row. Whether the
 * actor existed here.
 */
export async function eraseRemoteActor(db: Kysely<Database>, uri: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const actor = await trx.selectFrom("remote_actors").select("id").where("uri", "=", uri).executeTakeFirst();
    if (!actor) return false;
    // Their private links to the details of needs they were accepted for open nothing any more.
    const theirs = trx.selectFrom("applications").select("id").where("remote_actor_id", "=", actor.id);
    await trx.deleteFrom("volunteer_links").where("application_id", "in", theirs).execute();
    await trx.deleteFrom("application_occurrences").where("application_id", "in", theirs).execute();
    await trx.updateTable("applications").set({ remote_actor_id: null, message: "", activity_uri: null, object_uri: null }).where("remote_actor_id", "=", actor.id).execute();
    await trx.updateTable("reports").set({ reporter_uri: null }).where("reporter_uri", "=", uri).execute();
    // followers, following, messages and the needs it published go with it (foreign keys).
    await trx.deleteFrom("remote_actors").where("id", "=", actor.id).execute();
    return true;
  });
}
