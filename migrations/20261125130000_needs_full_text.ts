// Full-text search of needs with each database's own engine: FTS5 on SQLite
// (accents folded), tsvector with the French and English configurations on
// PostgreSQL. Two branches, one per dialect, both tested.
import { type Kysely, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types.
async function isPostgres(db: Kysely<any>): Promise<boolean> {
  const { rows } = await sql<{ v: string }>`select version() as v`.execute(db).catch(() => ({ rows: [] as { v: string }[] }));
  return rows[0]?.v.startsWith("PostgreSQL") ?? false;
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function up(db: Kysely<any>): Promise<void> {
  if (await isPostgres(db)) {
    // French and English stemming with accents folded (people type "hopital"
    // for "hôpital"). unaccent is a trusted extension: the database owner may create it.
    await sql`create extension if not exists unaccent`.execute(db);
    for (const [name, stem] of [["entraide_fr", "french"], ["entraide_en", "english"]] as const) {
      await sql`create text search configuration ${sql.raw(name)} (copy = ${sql.raw(stem)})`.execute(db);
      await sql`alter text search configuration ${sql.raw(name)}
        alter mapping for hword, hword_part, word with unaccent, ${sql.raw(`${stem}_stem`)}`.execute(db);
    }
    await sql`alter table needs add column search tsvector generated always as (
      case when language = 'en'
        then to_tsvector('entraide_en', title || ' ' || description || ' ' || place_label)
        else to_tsvector('entraide_fr', title || ' ' || description || ' ' || place_label)
      end) stored`.execute(db);
    await sql`create index needs_search_idx on needs using gin (search)`.execute(db);
    return;
  }
  await sql`create virtual table needs_fts using fts5(
    title, description, place_label,
    content = 'needs', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
  )`.execute(db);
  await sql`create trigger needs_fts_insert after insert on needs begin
    insert into needs_fts(rowid, title, description, place_label) values (new.rowid, new.title, new.description, new.place_label);
  end`.execute(db);
  await sql`create trigger needs_fts_delete after delete on needs begin
    insert into needs_fts(needs_fts, rowid, title, description, place_label) values ('delete', old.rowid, old.title, old.description, old.place_label);
  end`.execute(db);
  await sql`create trigger needs_fts_update after update of title, description, place_label on needs begin
    insert into needs_fts(needs_fts, rowid, title, description, place_label) values ('delete', old.rowid, old.title, old.description, old.place_label);
    insert into needs_fts(rowid, title, description, place_label) values (new.rowid, new.title, new.description, new.place_label);
  end`.execute(db);
  await sql`insert into needs_fts(needs_fts) values ('rebuild')`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  if (await isPostgres(db)) {
    await sql`drop index needs_search_idx`.execute(db);
    await sql`alter table needs drop column search`.execute(db);
    await sql`drop text search configuration entraide_fr`.execute(db);
    await sql`drop text search configuration entraide_en`.execute(db);
    return;
  }
  for (const trigger of ["needs_fts_insert", "needs_fts_delete", "needs_fts_update"]) {
    await sql`drop trigger ${sql.raw(trigger)}`.execute(db);
  }
  await sql`drop table needs_fts`.execute(db);
}
