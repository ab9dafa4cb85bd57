// Opens the application database: embedded SQLite (default) or PostgreSQL.
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import SqliteDatabase from "better-sqlite3";
import {
  type DialectAdapter,
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  type SqliteDatabase as KyselySqliteDatabase,
  type SqliteStatement,
} from "kysely";
import { getLogger } from "@logtape/logtape";
import type PgModule from "pg";
import type { Database } from "./schema.ts";

const log = getLogger(["entraide", "db"]);

export type Dialect = "sqlite" | "postgres";

export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /** The better-sqlite3 handle, for online backups; absent on PostgreSQL. */
  sqlite?: SqliteDatabase.Database;
  close(): Promise<void>;
}

/**
 * SQLite runs DDL inside transactions perfectly well, but Kysely's adapter
 * says otherwise, so its migrator would apply migrations unprotected. Saying
 * yes makes every migration atomic, as on PostgreSQL.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class EntraideSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

let pgModule: typeof PgModule | undefined;

/**
 * The PostgreSQL driver, loaded on first use only: an instance on SQLite never
 * spends the start-up time and memory on it (it stays outside the built bundle).
 */
function loadPg(): typeof PgModule {
  if (!pgModule) {
    pgModule = createRequire(import.meta.url)("pg") as typeof PgModule;
    // PostgreSQL `bigint` and `numeric` come back as strings by default; counts are safe as numbers.
    pgModule.types.setTypeParser(pgModule.types.builtins.INT8, (v) => Number.parseInt(v, 10));
  }
  return pgModule;
}

/**
 * Kysely prepares every query it runs, and better-sqlite3 compiles a statement on
 * each `prepare`: on a busy inbox or search route that compiling cost more than
 * running the queries. The application builds its queries from a few hundred
 * shapes with every value bound as a parameter, so compiled statements are kept
 * per SQL text (the least recently used go beyond `size`). Kysely runs one query at
 * a time on its single SQLite connection, so a statement is never run twice at once.
 */
export function cachedStatements(sqlite: SqliteDatabase.Database, size = 1000): KyselySqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SqliteStatement {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (cache.size >= size) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}

export function openDatabase(url: string, options: { poolSize?: number } = {}): Db {
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    const pg = loadPg();
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
    // An idle connection the server closes (a restart, a failover, an administrator)
    // is an `error` event on the pool: unhandled, it would end the process. The pool
    // drops that connection and opens a new one on the next query.
    pool.on("error", (error) => log.warning("PostgreSQL closed an idle connection: {error}", { error }));
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { kysely, dialect: "postgres", close: () => kysely.destroy() };
  }
  if (!url.startsWith("sqlite:")) throw new Error(`unsupported database URL: ${url}`);
  const file = url.slice("sqlite:".length);
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const kysely = new Kysely<Database>({ dialect: new EntraideSqliteDialect({ database: cachedStatements(sqlite) }) });
  return { kysely, dialect: "sqlite", sqlite, close: () => kysely.destroy() };
}
