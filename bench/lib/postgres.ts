// The seeded instance on PostgreSQL too, when DATABASE_URL names a PostgreSQL server:
// a fresh database on it, filled from the seeded SQLite file by the same copy as
// `entraide migrate-data`, analysed, and dropped at the end of the run.
import { userInfo } from "node:os";
import { sql } from "kysely";
import pg from "pg";
import { copyDatabase } from "../../src/db/copy.ts";
import { openDatabase } from "../../src/db/database.ts";

export interface SeededPostgres {
  /** The new database's URL. */
  url: string;
  drop(): Promise<void>;
}

export function postgresUrl(): string | null {
  const url = process.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) return null;
  // pg takes the user from $USER when the URL names none, and a shell does not always set it.
  const parsed = new URL(url);
  if (!parsed.username) parsed.username = process.env.PGUSER ?? userInfo().username;
  return parsed.href;
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Creates `entraide_bench_<time>` on the server of `url` and copies `sqliteFile` into it. */
export async function seedPostgres(sqliteFile: string, url: string): Promise<SeededPostgres> {
  const name = `entraide_bench_${Date.now().toString(36)}`;
  await admin(url, `create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const drop = () => admin(url, `drop database if exists ${name} with (force)`);
  const from = openDatabase(`sqlite:${sqliteFile}`);
  const to = openDatabase(target.href);
  try {
    await copyDatabase(from, to, { batchSize: 1000 });
    // Statistics for the planner, as autovacuum would gather them on a running server.
    await sql`analyze`.execute(to.kysely);
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  } finally {
    await Promise.all([from.close(), to.close()]);
  }
  return { url: target.href, drop };
}
