// Applies the migrations in `migrations/` (forward only in production; each one atomic).
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { sql } from "kysely";
import { type Migration, type MigrationProvider, type MigrationResultSet, Migrator } from "kysely/migration";
import type { Db } from "./database.ts";

// TypeScript beside the sources; JavaScript in the build (dist/migrations/, bin/build.js).
const MIGRATION_FILE = /^\d{14}_[a-z0-9_]+\.[jt]s$/;
// Kysely's own bookkeeping table (its default name).
const MIGRATION_TABLE = "kysely_migration";

/** The nearest `migrations/` above this module: the repository's from src/db/, dist/migrations/ from the build. */
function findMigrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "migrations"))) return join(dir, "migrations");
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no migrations directory above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

let migrationsDir: string | undefined;

async function migrationFiles(): Promise<string[]> {
  migrationsDir ??= findMigrationsDir();
  return (await readdir(migrationsDir)).filter((f) => MIGRATION_FILE.test(f)).sort();
}

const migrationName = (file: string) => file.replace(/\.[jt]s$/, "");

class DirectoryProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    for (const file of await migrationFiles()) {
      migrations[migrationName(file)] = await import(pathToFileURL(join(migrationsDir!, file)).href);
    }
    return migrations;
  }
}

/** The names Kysely recorded as applied, or null when it never ran on this database. */
async function appliedNames(db: Db): Promise<Set<string> | null> {
  try {
    const { rows } = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)}`.execute(db.kysely);
    return new Set(rows.map((r) => r.name));
  } catch {
    return null;
  }
}

/**
 * Whether the applied migrations are exactly those in the directory: then there is nothing
 * to do, and nothing is loaded (the usual start). Otherwise Kysely's migrator decides, and
 * refuses a database that knows migrations these sources do not.
 */
async function upToDate(db: Db): Promise<boolean> {
  const applied = await appliedNames(db);
  const names = (await migrationFiles()).map(migrationName);
  return applied !== null && applied.size === names.length && names.every((n) => applied.has(n));
}

function migrator(db: Db): Migrator {
  return new Migrator({ db: db.kysely, provider: new DirectoryProvider() });
}

/** Applies every pending migration; returns the names applied. Throws on the first failure (nothing of it is kept). */
export async function migrateToLatest(db: Db): Promise<string[]> {
  if (await upToDate(db)) return [];
  return unwrap(await migrator(db).migrateToLatest());
}

/** Undoes the last migration, or, with `to`, every one after it (`to` stays applied); returns the names undone. */
export async function migrateDown(db: Db, to?: string): Promise<string[]> {
  return unwrap(await (to ? migrator(db).migrateTo(to) : migrator(db).migrateDown()));
}

/** Names of migrations not yet applied. */
export async function pendingMigrations(db: Db): Promise<string[]> {
  if (await upToDate(db)) return [];
  const all = await migrator(db).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

function unwrap({ error, results }: MigrationResultSet): string[] {
  if (error) {
    const failed = results?.find((r) => r.status === "Error");
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(failed ? `migration ${failed.migrationName} failed: ${message}` : message, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
