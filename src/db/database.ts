// Opens the application database: embedded SQLite (default) or PostgreSQL.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SqliteDatabase from "better-sqlite3";
import {
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  type DialectAdapter,
  type SqliteDatabase as KyselySqliteDatabase,
} from "kysely";
import { getLogger } from "@logtape/logtape";
import pg from "pg";
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

/** Prepared statements kept per SQL text: a few hundred distinct queries cover the application. */
const STATEMENTS = 500;

/**
 * The database as Kysely sees it, with its prepared statements reused: Kysely prepares
 * every query it runs, and preparing costs more than running a lookup by primary key.
 * A statement another query is still iterating (a stream) is not shared.
 */
export function reusingStatements(sqlite: SqliteDatabase.Database): KyselySqliteDatabase {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      const cached = statements.get(sql);
      if (cached && !cached.busy) {
        // Most recently used last: eviction takes the first.
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = sqlite.prepare(sql);
      if (!cached) {
        if (statements.size >= STATEMENTS) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

// PostgreSQL `bigint` and `numeric` come back as strings by default; counts are safe as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

export function openDatabase(url: string, options: { poolSize?: number } = {}): Db {
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
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
  const kysely = new Kysely<Database>({ dialect: new EntraideSqliteDialect({ database: reusingStatements(sqlite) }) });
  return { kysely, dialect: "sqlite", sqlite, close: () => kysely.destroy() };
}
