// What moderators do: block or silence servers, block actors, suspend local
// accounts, handle reports. Every action is written to the audit log.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import type { Account } from "../accounts/users.ts";
import { DomainError } from "../errors.ts";
import { commitWithEvents, type EventSink } from "../events.ts";
import { newId } from "../ids.ts";
import { removeOffer } from "../offers/offers.ts";
import { forgetRemoteNeedsOf } from "../remote-needs/repository.ts";
import { domainMatches, type FederationPolicy, normalizeDomain, type Severity } from "./policy.ts";

export function requireModerator(account: Account): void {
  if (account.role !== "admin" && account.role !== "moderator") {
    throw new DomainError("forbidden", "only the instance's moderators and administrators may do this", undefined, "moderators_only");
  }
}

export async function audit(
  db: Kysely<Database>,
  moderator: Account | null,
  action: string,
  target: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({ id: newId(), moderator_id: moderator?.id ?? null, action, target, details: JSON.stringify(details), created: now() })
    .execute();
}

export function listAudit(db: Kysely<Database>, limit = 100) {
  return db
    .selectFrom("audit_log as l")
    .leftJoin("actors as a", "a.id", "l.moderator_id")
    .select(["l.id", "l.action", "l.target", "l.details", "l.created", "a.handle as moderator"])
    .orderBy("l.created", "desc")
    .limit(limit)
    .execute();
}

/** Forgets what came from a suspended server: its needs, its followers, our follows of it. */
async function purgeDomain(db: Kysely<Database>, domain: string): Promise<number> {
  const actors = (await db.selectFrom("remote_actors").select(["id", "uri"]).execute()).filter((a) =>
    domainMatches(domain, new URL(a.uri).host),
  );
  if (actors.length === 0) return 0;
  const ids = actors.map((a) => a.id);
  await db.transaction().execute(async (trx) => {
    await forgetRemoteNeedsOf(trx, ids);
    await trx.deleteFrom("followers").where("follower_id", "in", ids).execute();
    await trx.deleteFrom("following").where("target_id", "in", ids).execute();
  });
  return actors.length;
}

export async function blockDomain(
  db: Kysely<Database>,
  policy: FederationPolicy,
  moderator: Account,
  input: { domain: string; severity: Severity; reason?: string },
): Promise<{ domain: string; severity: Severity }> {
  requireModerator(moderator);
  const domain = normalizeDomain(input.domain);
  if (!domain || domain.includes("/")) throw new DomainError("invalid", `"${input.domain}" is not a domain`, "domain", "domain_invalid", { domain: input.domain });
  await db
    .insertInto("domain_blocks")
    .values({ domain, severity: input.severity, reason: input.reason ?? "", created: now() })
    .onConflict((oc) => oc.column("domain").doUpdateSet({ severity: input.severity, reason: input.reason ?? "" }))
    .execute();
  const purged = input.severity === "suspend" ? await purgeDomain(db, domain) : 0;
  policy.invalidate();
  await audit(db, moderator, `domain.${input.severity}`, domain, { reason: input.reason ?? "", purgedActors: purged });
  return { domain, severity: input.severity };
}

export async function unblockDomain(db: Kysely<Database>, policy: FederationPolicy, moderator: Account, domain: string) {
  requireModerator(moderator);
  const result = await db.deleteFrom("domain_blocks").where("domain", "=", normalizeDomain(domain)).executeTakeFirst();
  if (!Number(result.numDeletedRows)) throw new DomainError("not_found", `${domain} is not blocked`, undefined, "domain_not_blocked", { domain });
  policy.invalidate();
  await audit(db, moderator, "domain.unblock", normalizeDomain(domain));
}

export function listDomainBlocks(db: Kysely<Database>) {
  return db.selectFrom("domain_blocks").selectAll().orderBy("domain").execute();
}

export async function allowDomain(db: Kysely<Database>, policy: FederationPolicy, moderator: Account, domain: string) {
  requireModerator(moderator);
  const normalized = normalizeDomain(domain);
  await db
    .insertInto("allowed_domains")
    .values({ domain: normalized, created: now() })
    .onConflict((oc) => oc.column("domain").doNothing())
    .execute();
  policy.invalidate();
  await audit(db, moderator, "domain.allow", normalized);
}

export async function blockActor(db: Kysely<Database>, policy: FederationPolicy, moderator: Account, uri: string, reason = "") {
  requireModerator(moderator);
  let normalized: string;
  try {
    normalized = new URL(uri).href;
  } catch {
    throw new DomainError("invalid", `"${uri}" is not an actor URI`, "uri", "actor_uri_invalid", { uri });
  }
  await db
    .insertInto("actor_blocks")
    .values({ uri: normalized, reason, created: now() })
    .onConflict((oc) => oc.column("uri").doUpdateSet({ reason }))
    .execute();
  const actor = await db.selectFrom("remote_actors").select("id").where("uri", "=", normalized).executeTakeFirst();
  if (actor) {
    await db.deleteFrom("followers").where("follower_id", "=", actor.id).execute();
    await forgetRemoteNeedsOf(db, [actor.id]);
  }
  policy.invalidate();
  await audit(db, moderator, "actor.block", normalized, { reason });
}

export function listActorBlocks(db: Kysely<Database>) {
  return db.selectFrom("actor_blocks").select(["uri", "reason", "created"]).orderBy("created", "desc").execute();
}

/** Suspends a local account: it can no longer sign in, and what it published is withdrawn (Delete). */
export async function suspendAccount(db: Kysely<Database>, events: EventSink, moderator: Account, username: string, reason = "") {
  requireModerator(moderator);
  const user = await db
    .selectFrom("users")
    .innerJoin("actors", "actors.id", "users.id")
    .select(["users.id", "actors.handle", "users.role"])
    .where("actors.handle", "=", username.toLowerCase())
    .executeTakeFirst();
  if (!user) throw new DomainError("not_found", `no account @${username}`, undefined, "account_not_found", { username });
  if (user.role === "admin" && moderator.role !== "admin") throw new DomainError("forbidden", "only an administrator may suspend an administrator", undefined, "admin_suspends_admin");
  await commitWithEvents(db, events, async (trx) => {
    await trx.updateTable("users").set({ suspended: 1 }).where("id", "=", user.id).execute();
    await trx.deleteFrom("sessions").where("user_id", "=", user.id).execute();
    await trx.updateTable("api_tokens").set({ revoked: now() }).where("user_id", "=", user.id).where("revoked", "is", null).execute();
    // Removed as its author would: a tombstone at each id, a Delete for those federated.
    const offers = await trx.selectFrom("offers").select(["id", "visibility"]).where("actor_id", "=", user.id).execute();
    for (const offer of offers) await removeOffer(trx, events, { ...offer, authorHandle: user.handle });
    await audit(trx, moderator, "account.suspend", user.handle, { reason, withdrawnOffers: offers.length });
  });
}

export async function recordReceivedReport(
  db: Kysely<Database>,
  events: EventSink,
  input: { flagUri: string; reporterUri: string; targets: string[]; comment: string },
): Promise<{ id: string; created: boolean }> {
  const existing = await db.selectFrom("reports").select("id").where("flag_uri", "=", input.flagUri).executeTakeFirst();
  if (existing) return { id: existing.id, created: false };
  const id = newId();
  return commitWithEvents(db, events, async (trx) => {
    const inserted = await trx
      .insertInto("reports")
      .values({
        id,
        direction: "received",
        reporter_uri: input.reporterUri,
        targets: JSON.stringify(input.targets),
        comment: input.comment.slice(0, 5000),
        flag_uri: input.flagUri,
        status: "open",
        created: now(),
      })
      .onConflict((oc) => oc.column("flag_uri").doNothing())
      .executeTakeFirst();
    // The same Flag twice at once: the second finds the first's row.
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
      const first = await trx.selectFrom("reports").select("id").where("flag_uri", "=", input.flagUri).executeTakeFirstOrThrow();
      return { id: first.id, created: false };
    }
    await events.emit(trx, { type: "report.received", reportId: id });
    return { id, created: true };
  });
}

/** A local user reports something on another server: recorded here, sent there as a Flag. */
export async function sendReport(
  db: Kysely<Database>,
  events: EventSink,
  reporter: Account,
  input: { target: string; comment: string },
) {
  let target: URL;
  try {
    target = new URL(input.target);
  } catch {
    throw new DomainError("invalid", "the target must be the URI of an account or a post", "target", "report_target_invalid");
  }
  const id = newId();
  await commitWithEvents(db, events, async (trx) => {
    await trx
      .insertInto("reports")
      .values({
        id,
        direction: "sent",
        reporter_user_id: reporter.id,
        targets: JSON.stringify([target.href]),
        comment: input.comment.slice(0, 5000),
        status: "open",
        created: now(),
      })
      .execute();
    await events.emit(trx, { type: "report.sent", reportId: id });
  });
  return { id };
}

export function listReports(db: Kysely<Database>, status: "open" | "resolved" = "open") {
  return db.selectFrom("reports").selectAll().where("status", "=", status).orderBy("created", "desc").limit(200).execute();
}

export async function resolveReport(db: Kysely<Database>, moderator: Account, id: string, note = "") {
  requireModerator(moderator);
  const result = await db
    .updateTable("reports")
    .set({ status: "resolved", resolved: now() })
    .where("id", "=", id)
    .where("status", "=", "open")
    .executeTakeFirst();
  if (!Number(result.numUpdatedRows)) throw new DomainError("not_found", "no such open report", undefined, "report_not_found");
  await audit(db, moderator, "report.resolve", id, { note });
}
