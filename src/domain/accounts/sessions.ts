// Web sessions: the cookie holds a random secret; the database keeps only its
// SHA-256, with a per-session CSRF token that forms must send back.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import { type Account, findUserById } from "./users.ts";

export const SESSION_DAYS = 30;

const digest = (secret: string) => createHash("sha256").update(secret).digest("hex");

export interface Session {
  secret: string;
  csrf: string;
  expires: string;
}

export async function createSession(db: Kysely<Database>, userId: string): Promise<Session> {
  const secret = randomBytes(32).toString("base64url");
  const csrf = randomBytes(24).toString("base64url");
  const expires = new Date(Date.now() + SESSION_DAYS * 86_400_000).toISOString();
  await db
    .insertInto("sessions")
    .values({ id: digest(secret), user_id: userId, csrf, created: now(), expires })
    .execute();
  return { secret, csrf, expires };
}

export async function findSession(
  db: Kysely<Database>,
  secret: string,
): Promise<{ account: Account; csrf: string } | undefined> {
  const row = await db
    .selectFrom("sessions")
    .select(["user_id", "csrf", "expires"])
    .where("id", "=", digest(secret))
    .executeTakeFirst();
  if (!row || row.expires <= now()) return undefined;
  const account = await findUserById(db, row.user_id);
  if (!account || account.suspended) return undefined;
  return { account, csrf: row.csrf };
}

export async function deleteSession(db: Kysely<Database>, secret: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", digest(secret)).execute();
}

/**
 * Ends every web session and revokes every API token of the account, but the session
 * `keep` (its secret) when given: after a password change or reset, whoever held the old
 * password, or a session or token obtained with it, is out.
 */
export async function endSessionsAndTokens(db: Kysely<Database>, userId: string, keep?: string): Promise<void> {
  let sessions = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (keep) sessions = sessions.where("id", "!=", digest(keep));
  await sessions.execute();
  await db.updateTable("api_tokens").set({ revoked: now() }).where("user_id", "=", userId).where("revoked", "is", null).execute();
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
