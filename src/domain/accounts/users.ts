// Local accounts. Every user is also a `Person` actor whose handle is the username.
import type { Kysely } from "kysely";
import type { Database, UserRole } from "../../db/schema.ts";
import { checkHandle, generateActorKeys, insertActor, normalizeHandle } from "../actors/actors.ts";
import { DomainError } from "../errors.ts";
import { checkPassword, hashPassword, verifyPassword } from "./passwords.ts";

export const USER_ROLES: readonly UserRole[] = ["admin", "moderator", "citizen"];

export interface NewUser {
  username: string;
  email: string;
  password: string;
  role?: UserRole;
  displayName?: string;
}

export interface Account {
  id: string;
  username: string;
  displayName: string;
  email: string;
  role: UserRole;
  suspended: boolean;
  created: string;
  /** Last signed in or used (to the day: src/domain/privacy/retention.ts); null or absent: not known. */
  lastSeen?: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function createUser(db: Kysely<Database>, input: NewUser): Promise<Account> {
  const username = normalizeHandle(input.username);
  checkHandle(username, "username", input.username);
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email)) throw new DomainError("invalid", `"${input.email}" is not an email address`, "email", "email_invalid", { email: input.email });
  checkPassword(input.password);
  const role = input.role ?? "citizen";
  const [keys, passwordHash] = await Promise.all([generateActorKeys(), hashPassword(input.password)]);
  return db.transaction().execute(async (trx) => {
    const name = input.displayName?.trim() || username;
    // The username first: a sign-up may say that a username is taken, but never that an email
    // is, so which of the two is refused must not depend on the email (the actor's insert is
    // undone with the transaction when the email is taken).
    const actor = await insertActor(trx, { type: "Person", handle: username, name }, keys, undefined, "username");
    const taken = await trx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
    if (taken) throw new DomainError("conflict", `an account already uses ${email}`, "email", "email_taken", { email });
    await trx
      .insertInto("users")
      .values({ id: actor.id, email, password_hash: passwordHash, role, created: actor.created })
      .execute();
    return { id: actor.id, username, displayName: name, email, role, suspended: false, created: actor.created };
  });
}

function accounts(db: Kysely<Database>) {
  return db
    .selectFrom("users")
    .innerJoin("actors", "actors.id", "users.id")
    .select([
      "users.id",
      "actors.handle as username",
      "actors.name as displayName",
      "users.email",
      "users.role",
      "users.suspended",
      "users.created",
      "users.last_seen as lastSeen",
      "users.password_hash",
    ]);
}

type AccountRow = Omit<Account, "suspended"> & { password_hash: string; suspended: number };

function toAccount({ password_hash: _, ...row }: AccountRow): Account {
  return { ...row, suspended: Boolean(row.suspended) };
}

/**
 * Someone signs up: a citizen's account, while the instance takes new accounts. Undefined
 * when an account already uses the email: the caller answers as if the account had been
 * made, and the mail it sends to the address tells its owner (sign-up-mail job), so that
 * the form cannot be used to find out who has an account here.
 */
export async function signUp(
  db: Kysely<Database>,
  registrationsOpen: boolean,
  input: Omit<NewUser, "role">,
): Promise<Account | undefined> {
  if (!registrationsOpen) {
    throw new DomainError("forbidden", "this instance does not take new accounts at the moment", undefined, "registrations_closed");
  }
  try {
    return await createUser(db, { ...input, role: "citizen" });
  } catch (error) {
    if (error instanceof DomainError && error.code === "email_taken") return undefined;
    throw error;
  }
}

export async function findUserById(db: Kysely<Database>, id: string): Promise<Account | undefined> {
  const row = await accounts(db).where("users.id", "=", id).executeTakeFirst();
  return row ? toAccount(row) : undefined;
}

export async function findUserByLogin(db: Kysely<Database>, login: string): Promise<Account | undefined> {
  const row = await findRowByLogin(db, login);
  return row ? toAccount(row) : undefined;
}

function findRowByLogin(db: Kysely<Database>, login: string) {
  const value = login.trim().toLowerCase();
  const query = accounts(db);
  return (value.includes("@") && !value.startsWith("@")
    ? query.where("users.email", "=", value)
    : query.where("actors.handle", "=", normalizeHandle(value))
  ).executeTakeFirst();
}

// Verified against when the login is unknown, so that both cases take the same time.
let dummyHash: Promise<string> | undefined;

/** Checks a login (username or email) and password; the account, or undefined. Suspended accounts cannot log in. */
export async function authenticate(db: Kysely<Database>, login: string, password: string): Promise<Account | undefined> {
  const row = await findRowByLogin(db, login);
  if (!row) {
    dummyHash ??= hashPassword("not a real password, only for timing");
    await verifyPassword(await dummyHash, password);
    return undefined;
  }
  if (!(await verifyPassword(row.password_hash, password))) return undefined;
  const account = toAccount(row);
  return account.suspended ? undefined : account;
}

export async function setRole(db: Kysely<Database>, id: string, role: UserRole): Promise<void> {
  const result = await db.updateTable("users").set({ role }).where("id", "=", id).executeTakeFirst();
  if (!result.numUpdatedRows) throw new DomainError("not_found", "no such account", undefined, "account_not_found");
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}
