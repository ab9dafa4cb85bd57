// Fedify's KvStore over the application database (SQLite or PostgreSQL through
// Kysely): caches, idempotence records and key material survive restarts.
import type { KvKey, KvStore, KvStoreListEntry, KvStoreSetOptions } from "@fedify/fedify";
import { type Kysely, sql } from "kysely";
import type { Database } from "../src/db/schema.ts";

const encode = (key: KvKey) => JSON.stringify(key);
const decode = (key: string) => JSON.parse(key) as KvKey;

function expiry(options?: KvStoreSetOptions): string | null {
  const ttl = options?.ttl;
  if (!ttl) return null;
  return new Date(Date.now() + ttl.total({ unit: "milliseconds" })).toISOString();
}

export class KyselyKvStore implements KvStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async get<T = unknown>(key: KvKey): Promise<T | undefined> {
    const row = await this.#db
      .selectFrom("kv")
      .select(["value", "expires"])
      .where("key", "=", encode(key))
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.expires !== null && row.expires <= new Date().toISOString()) {
      await this.#db.deleteFrom("kv").where("key", "=", encode(key)).where("expires", "=", row.expires).execute();
      return undefined;
    }
    return JSON.parse(row.value) as T;
  }

  async set(key: KvKey, value: unknown, options?: KvStoreSetOptions): Promise<void> {
    const row = { key: encode(key), value: JSON.stringify(value), expires: expiry(options) };
    await this.#db
      .insertInto("kv")
      .values(row)
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: row.value, expires: row.expires }))
      .execute();
  }

  async delete(key: KvKey): Promise<void> {
    await this.#db.deleteFrom("kv").where("key", "=", encode(key)).execute();
  }

  async cas(key: KvKey, expectedValue: unknown, newValue: unknown, options?: KvStoreSetOptions): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const current = await new KyselyKvStore(trx).get(key);
      if (JSON.stringify(current) !== JSON.stringify(expectedValue)) return false;
      const row = { key: encode(key), value: JSON.stringify(newValue), expires: expiry(options) };
      if (newValue === undefined) await trx.deleteFrom("kv").where("key", "=", row.key).execute();
      else
        await trx
          .insertInto("kv")
          .values(row)
          .onConflict((oc) => oc.column("key").doUpdateSet({ value: row.value, expires: row.expires }))
          .execute();
      return true;
    });
  }

  async *list(prefix?: KvKey): AsyncIterable<KvStoreListEntry> {
    let query = this.#db.selectFrom("kv").select(["key", "value", "expires"]).orderBy("key");
    if (prefix) {
      const encoded = encode(prefix);
      const start = `${encoded.slice(0, -1)},`;
      const like = `${start.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) => eb.or([eb("key", "=", encoded), sql<boolean>`${eb.ref("key")} like ${like} escape '\\'`]));
    }
    const nowIso = new Date().toISOString();
    for (const row of await query.execute()) {
      if (row.expires !== null && row.expires <= nowIso) continue;
      const key = decode(row.key);
      // LIKE is case-insensitive on SQLite: compare the prefix exactly here.
      if (prefix && !prefix.every((part, i) => key[i] === part)) continue;
      yield { key, value: JSON.parse(row.value) };
    }
  }

  /** Removes expired entries; called now and then by the worker. */
  async sweep(): Promise<number> {
    const result = await this.#db.deleteFrom("kv").where("expires", "<=", new Date().toISOString()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
