// Copies a whole instance from one database to another (SQLite to PostgreSQL,
// `entraide migrate-data`): every table, parents before children, in batches,
// in one transaction on the target, which must be freshly migrated and empty.
import { type Kysely, sql } from "kysely";
import type { Db } from "./database.ts";
import { migrateToLatest, pendingMigrations } from "./migrate.ts";
import type { Database } from "./schema.ts";

/** Every table, each after the tables its foreign keys point to. */
export const TABLES = [
  "actors",
  "actor_keys",
  "users",
  "organizations",
  "memberships",
  "api_tokens",
  "sessions",
  "secrets",
  "kv",
  "queue_messages",
  "event_outbox",
  "event_deliveries",
  "remote_actors",
  "followers",
  "following",
  "needs",
  "need_domains",
  "tombstones",
  "offers",
  "applications",
  "volunteer_links",
  "application_occurrences",
  "remote_needs",
  "outgoing_applications",
  "messages",
  "password_resets",
  "domain_blocks",
  "allowed_domains",
  "actor_blocks",
  "reports",
  "audit_log",
  "mail_outbox",
  "alerts",
  "alert_deliveries",
  "instance_settings",
  "local_follows",
  "notifications",
  "notification_settings",
  "scheduled_sends",
  "daily_runs",
  "terms_versions",
  "consents",
  "outcomes",
  "outcome_participants",
  "surveys",
  "survey_answers",
  "attestations",
  "safeguarding_checks",
  "practices",
  "practice_needs",
  "remote_practices",
  "practice_tries",
  "practice_try_needs",
  "practice_tries_received",
] as const satisfies readonly (keyof Database)[];

// A table added to the schema but not here fails to compile.
type Forgotten = Exclude<keyof Database, (typeof TABLES)[number]>;
const everyTable: [Forgotten] extends [never] ? true : Forgotten = true;
void everyTable;

export interface TableCount {
  table: (typeof TABLES)[number];
  source: number;
  target: number;
}

export class CopyError extends Error {}

async function count(db: Kysely<Database>, table: (typeof TABLES)[number]): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Copies every row of `from` (fully migrated) into `to` (migrated here, and
 * refused unless empty). Nothing is kept on the target if anything fails.
 * Returns the row counts of both sides, checked equal after the commit.
 */
export async function copyDatabase(
  from: Db,
  to: Db,
  options: { batchSize?: number; progress?: (table: string, rows: number) => void } = {},
): Promise<TableCount[]> {
  const batchSize = options.batchSize ?? 500;
  const pending = await pendingMigrations(from);
  if (pending.length > 0) {
    throw new CopyError(`the source database is not fully migrated (pending: ${pending.join(", ")}); run entraide migrate on it first`);
  }
  await migrateToLatest(to);
  for (const table of TABLES) {
    if ((await count(to.kysely, table)) > 0) {
      throw new CopyError(`the target database is not empty (table ${table} has rows); give a freshly created database`);
    }
  }
  await to.kysely.transaction().execute(async (trx) => {
    if (to.dialect === "postgres") {
      // Another copy running into the same database at the same time waits for this one, then finds it full.
      await sql`lock table actors in exclusive mode`.execute(trx);
    }
    for (const table of TABLES) {
      let copied = 0;
      for (;;) {
        // Storage order (rowid, ctid): stable while nothing writes to the source, which must be stopped.
        const rows = (await from.kysely
          .selectFrom(table)
          .selectAll()
          .orderBy(from.dialect === "sqlite" ? sql`rowid` : sql`ctid`)
          .limit(batchSize)
          .offset(copied)
          .execute()) as Record<string, unknown>[];
        if (rows.length === 0) break;
        await trx.insertInto(table).values(rows as never).execute();
        copied += rows.length;
        options.progress?.(table, copied);
        if (rows.length < batchSize) break;
      }
    }
  });
  const counts: TableCount[] = [];
  for (const table of TABLES) {
    counts.push({ table, source: await count(from.kysely, table), target: await count(to.kysely, table) });
  }
  const different = counts.filter((c) => c.source !== c.target);
  if (different.length > 0) {
    throw new CopyError(
      `row counts differ after the copy: ${different.map((c) => `${c.table} ${c.source} → ${c.target}`).join(", ")}`,
    );
  }
  return counts;
}
