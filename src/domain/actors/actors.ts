// Local actors: the instance (Application), organisations (Group) and users (Person).
// Each is created with its two key pairs, once, in the same transaction.
import type { Kysely } from "kysely";
import type { Actor, ActorType, Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { generateKeyPair, KEY_TYPES, type StoredKeyPair } from "./keys.ts";

/** The handle of the instance's own `Application` actor. */
export const INSTANCE_HANDLE = "instance";

const HANDLE = /^[a-z0-9](?:[a-z0-9_-]{0,28}[a-z0-9])?$/;

/** Handles nobody may take: they would read as the instance speaking, or collide with routes. */
const RESERVED = new Set([
  INSTANCE_HANDLE,
  "about",
  "actor",
  "actors",
  "admin",
  "administrator",
  "api",
  "auth",
  "entraide",
  "inbox",
  "login",
  "logout",
  "moderator",
  "nodeinfo",
  "outbox",
  "postmaster",
  "relay",
  "root",
  "settings",
  "static",
  "support",
  "system",
  "webmaster",
  "www",
]);

export function normalizeHandle(handle: string): string {
  return handle.trim().replace(/^@/, "").toLowerCase();
}

/**
 * Throws unless `handle` is a valid, unreserved handle. The message quotes what was
 * `typed` ("Jeanne Martin"), not the handle made from it ("jeanne martin").
 */
export function checkHandle(handle: string, field = "handle", typed = handle): void {
  if (!HANDLE.test(handle)) {
    const shown = typed.trim();
    throw new DomainError(
      "invalid",
      `"${shown}" is not a valid handle: 1 to 30 lower-case letters, digits, "-" or "_", starting and ending with a letter or digit (example: secours-populaire-lyon)`,
      field,
      "handle_invalid",
      { handle: shown },
    );
  }
  if (RESERVED.has(handle)) throw new DomainError("invalid", `the handle "${handle}" is reserved`, field, "handle_reserved", { handle });
}

export interface NewActorInput {
  type: ActorType;
  handle: string;
  name: string;
  summary?: string;
}

/** Generates the keys of a future actor; done before the transaction, as it takes CPU time. */
export function generateActorKeys(): Promise<StoredKeyPair[]> {
  return Promise.all(KEY_TYPES.map(generateKeyPair));
}

/** Inserts an actor and its keys inside the caller's transaction. */
export async function insertActor(
  trx: Kysely<Database>,
  input: NewActorInput,
  keys: StoredKeyPair[],
  id: string = newId(),
  field = "handle",
): Promise<Actor> {
  const existing = await trx.selectFrom("actors").select("id").where("handle", "=", input.handle).executeTakeFirst();
  if (existing) throw new DomainError("conflict", `the handle "${input.handle}" is already taken`, field, "handle_taken", { handle: input.handle });
  const timestamp = now();
  const actor: Actor = {
    id,
    type: input.type,
    handle: input.handle,
    name: input.name,
    summary: input.summary ?? "",
    created: timestamp,
    updated: timestamp,
  };
  await trx.insertInto("actors").values(actor).execute();
  await trx
    .insertInto("actor_keys")
    .values(
      keys.map((k) => ({
        actor_id: id,
        type: k.type,
        public_key: k.publicKey,
        private_key: k.privateKey,
        created: timestamp,
      })),
    )
    .execute();
  return actor;
}

export function findActorByHandle(db: Kysely<Database>, handle: string): Promise<Actor | undefined> {
  return db.selectFrom("actors").selectAll().where("handle", "=", normalizeHandle(handle)).executeTakeFirst();
}

export async function actorKeys(db: Kysely<Database>, actorId: string): Promise<StoredKeyPair[]> {
  const rows = await db
    .selectFrom("actor_keys")
    .select(["type", "public_key", "private_key"])
    .where("actor_id", "=", actorId)
    .execute();
  // RSA first: Fedify signs HTTP requests with the first RSA key it is given.
  return rows
    .map((r) => ({ type: r.type, publicKey: r.public_key, privateKey: r.private_key }))
    .sort((a, b) => KEY_TYPES.indexOf(a.type) - KEY_TYPES.indexOf(b.type));
}

/**
 * Creates the instance's `Application` actor on first start; later starts find
 * it, renamed if its name (INSTANCE_NAME, or the name an administrator saved) changed.
 */
export async function ensureInstanceActor(db: Kysely<Database>, name: string, summary?: string): Promise<Actor> {
  const found = await findActorByHandle(db, INSTANCE_HANDLE);
  if (found && (found.name !== name || (summary !== undefined && found.summary !== summary))) {
    const updated = now();
    const changes = { name, summary: summary ?? found.summary, updated };
    await db.updateTable("actors").set(changes).where("id", "=", found.id).execute();
    return { ...found, ...changes };
  }
  if (found) return found;
  const keys = await generateActorKeys();
  try {
    return await db
      .transaction()
      .execute((trx) => insertActor(trx, { type: "Application", handle: INSTANCE_HANDLE, name, summary }, keys));
  } catch (error) {
    // Another process created it at the same moment.
    const raced = await findActorByHandle(db, INSTANCE_HANDLE);
    if (raced) return raced;
    throw error;
  }
}

export async function countActors(db: Kysely<Database>, type: ActorType): Promise<number> {
  const row = await db
    .selectFrom("actors")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("type", "=", type)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
