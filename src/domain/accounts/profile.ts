// What a user changes of their own account, and the lists admins see.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import { DomainError } from "../errors.ts";
import { checkPassword, hashPassword, verifyPassword } from "./passwords.ts";
import { endSessionsAndTokens } from "./sessions.ts";
import type { Account } from "./users.ts";

export async function setDisplayName(db: Kysely<Database>, account: Account, name: string): Promise<void> {
  const value = name.trim();
  if (!value) throw new DomainError("invalid", "a display name cannot be empty", "displayName", "display_name_empty");
  if (value.length > 100) throw new DomainError("invalid", "a display name has at most 100 characters", "displayName", "display_name_too_long");
  await db.updateTable("actors").set({ name: value, updated: now() }).where("id", "=", account.id).execute();
}

/**
 * Sets a new password, and ends the account's other sessions and all its API tokens: the
 * session `keep` (the secret of the one that asked) stays open.
 */
export async function changePassword(
  db: Kysely<Database>,
  account: Account,
  current: string,
  next: string,
  keep?: string,
): Promise<void> {
  const row = await db.selectFrom("users").select("password_hash").where("id", "=", account.id).executeTakeFirstOrThrow();
  if (!(await verifyPassword(row.password_hash, current))) {
    throw new DomainError("invalid", "the current password is not right", "current", "current_password_wrong");
  }
  checkPassword(next);
  const passwordHash = await hashPassword(next);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("users").set({ password_hash: passwordHash }).where("id", "=", account.id).execute();
    await endSessionsAndTokens(trx, account.id, keep);
  });
}

export function listUsers(db: Kysely<Database>, options: { role?: Account["role"]; limit?: number } = {}) {
  let query = db
    .selectFrom("users")
    .innerJoin("actors", "actors.id", "users.id")
    .select(["users.id", "actors.handle as username", "actors.name as displayName", "users.role"]);
  if (options.role) query = query.where("users.role", "=", options.role);
  return query.orderBy("actors.handle").limit(options.limit ?? 500).execute();
}
