// Password resets: a one-hour, single-use link. The database keeps only the
// secret's SHA-256; whoever sends the link (mail, or the log without SMTP) is
// the caller's business.
import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import { DomainError } from "../errors.ts";
import { checkPassword, hashPassword } from "./passwords.ts";
import { endSessionsAndTokens } from "./sessions.ts";
import { type Account, findUserByLogin } from "./users.ts";

export const RESET_MINUTES = 60;
const digest = (secret: string) => createHash("sha256").update(secret).digest("hex");

/** A reset secret for the account with this email; undefined when there is none (the caller says the same either way). */
export async function requestPasswordReset(
  db: Kysely<Database>,
  email: string,
): Promise<{ secret: string; account: Account } | undefined> {
  const value = email.trim().toLowerCase();
  if (!value.includes("@")) return undefined;
  const account = await findUserByLogin(db, value);
  if (!account || account.suspended) return undefined;
  const secret = randomBytes(32).toString("base64url");
  const created = now();
  const expires = new Date(Date.now() + RESET_MINUTES * 60_000).toISOString();
  await db.insertInto("password_resets").values({ id: digest(secret), user_id: account.id, created, expires, used: null }).execute();
  return { secret, account };
}

async function usableReset(db: Kysely<Database>, secret: string) {
  const row = await db
    .selectFrom("password_resets")
    .select(["id", "user_id", "expires", "used"])
    .where("id", "=", digest(secret))
    .executeTakeFirst();
  return row && !row.used && row.expires > now() ? row : undefined;
}

export async function isValidReset(db: Kysely<Database>, secret: string): Promise<boolean> {
  return Boolean(await usableReset(db, secret));
}

/** Sets the new password, uses the link up, and ends the account's sessions and API tokens. */
export async function completePasswordReset(db: Kysely<Database>, secret: string, password: string): Promise<void> {
  const row = await usableReset(db, secret);
  if (!row) throw new DomainError("invalid", "this link is no longer valid", "token", "reset_link_invalid");
  checkPassword(password);
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable("password_resets")
      .set({ used: now() })
      .where("id", "=", row.id)
      .where("used", "is", null)
      .executeTakeFirst();
    if (!Number(used.numUpdatedRows)) throw new DomainError("invalid", "this link is no longer valid", "token", "reset_link_invalid");
    await trx.updateTable("users").set({ password_hash: passwordHash }).where("id", "=", row.user_id).execute();
    await endSessionsAndTokens(trx, row.user_id);
  });
}
