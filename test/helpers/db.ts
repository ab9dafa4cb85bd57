// Fresh databases for tests: a new SQLite file, or a new PostgreSQL database
// on the machine's server when TEST_POSTGRES_URL is set (CI sets it).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { type Db, openDatabase } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";

export const postgresUrl = withUser(process.env.TEST_POSTGRES_URL);

/** pg takes the user from $USER when the URL names none; test runners do not always set it. */
function withUser(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const parsed = new URL(url);
  if (!parsed.username) parsed.username = process.env.PGUSER ?? userInfo().username;
  return parsed.href;
}

export interface TestDb extends Db {
  url: string;
  drop(): Promise<void>;
}

/** The dialects storage tests run on: SQLite always, PostgreSQL when configured. */
export const dialects: ("sqlite" | "postgres")[] = postgresUrl ? ["sqlite", "postgres"] : ["sqlite"];

export async function freshDatabaseUrl(dialect: "sqlite" | "postgres"): Promise<{ url: string; drop(): Promise<void> }> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "entraide-db-"));
    return { url: `sqlite:${join(dir, "test.sqlite")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (!postgresUrl) throw new Error("TEST_POSTGRES_URL is not set");
  const name = `entraide_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: async () => {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A new, migrated database. */
export async function testDb(dialect: "sqlite" | "postgres" = "sqlite", options: { migrate?: boolean } = {}): Promise<TestDb> {
  const { url, drop } = await freshDatabaseUrl(dialect);
  const db = openDatabase(url, { poolSize: 5 });
  if (options.migrate !== false) await migrateToLatest(db);
  return {
    ...db,
    url,
    drop: async () => {
      await db.close();
      await drop();
    },
  };
}
