// search: latency of GET /api/v1/missions under 50 connections with a mix of
// text, domain, date and distance filters; baseline: the raw full-text query for the
// same words. On SQLite, and on PostgreSQL too when DATABASE_URL names one (search-pg).
import SqliteDatabase from "better-sqlite3";
import pg from "pg";
import type { Bench } from "../lib/context.ts";
import { load } from "../lib/load.ts";
import { freePort, settle, startEntraide, tempDir } from "../lib/processes.ts";
import { CENTRE, random, SEED_DOMAINS, WORDS } from "../lib/seed.ts";
import { latencies, ratio } from "../lib/stats.ts";
import { ms, num, type Row } from "../lib/table.ts";

const CONNECTIONS = 50;

/** A fixed mix of searches: a quarter each text, domain, dates, distance, some combined. */
export function searchPaths(count: number): { paths: string[]; words: string[] } {
  const rand = random(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const paths: string[] = [];
  const words: string[] = [];
  const month = () => `2027-${String(1 + Math.floor(rand() * 9)).padStart(2, "0")}`;
  for (let i = 0; i < count; i++) {
    const p = new URLSearchParams();
    const word = pick(WORDS);
    switch (i % 5) {
      case 0:
        p.set("q", word);
        words.push(word);
        break;
      case 1:
        p.set("domain", pick(SEED_DOMAINS));
        break;
      case 2:
        p.set("from", `${month()}-01`);
        p.set("to", `${month()}-28`);
        break;
      case 3:
        p.set("near", `${(CENTRE.latitude + (rand() - 0.5) * 0.2).toFixed(3)},${(CENTRE.longitude + (rand() - 0.5) * 0.2).toFixed(3)}`);
        p.set("radius_km", String(2 + Math.floor(rand() * 8)));
        break;
      default:
        p.set("q", word);
        words.push(word);
        p.set("domain", pick(SEED_DOMAINS));
        p.set("from", `${month()}-01`);
    }
    paths.push(`/api/v1/missions?${p}`);
  }
  return { paths, words };
}

interface Backend {
  name: string;
  label: string;
  url: string;
  /** Times of the raw full-text query for these words, sequential, for `seconds`. */
  raw(words: readonly string[], seconds: number): Promise<number[]>;
}

async function timed(words: readonly string[], seconds: number, run: (word: string) => unknown): Promise<number[]> {
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; performance.now() - started < seconds * 1000 && i < 100_000; i++) {
    const t = performance.now();
    await run(words[i % words.length]!);
    times.push(performance.now() - t);
  }
  return times;
}

/** The raw full-text query on SQLite: the same prefix match, the first page in date order. */
function sqliteRaw(dbFile: string): Backend["raw"] {
  return async (words, seconds) => {
    const db = new SqliteDatabase(dbFile, { readonly: true });
    try {
      const stmt = db.prepare(
        "select * from needs where rowid in (select rowid from needs_fts where needs_fts match ?) and status = 'open' order by coalesce(starts, '9999'), id limit 21",
      );
      return await timed(words, seconds, (word) => stmt.all(`"${word}"*`));
    } finally {
      db.close();
    }
  };
}

/** The raw full-text query on PostgreSQL: the same stemmed match in both languages, the first page in date order. */
function postgresRaw(url: string): Backend["raw"] {
  return async (words, seconds) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const query = {
        name: "raw-search",
        text: "select * from needs where search @@ (plainto_tsquery('entraide_fr', $1) || plainto_tsquery('entraide_en', $1)) and status = 'open' order by coalesce(starts, '9999'), id limit 21",
      };
      return await timed(words, seconds, (word) => client.query({ ...query, values: [word] }));
    } finally {
      await client.end();
    }
  };
}

async function measure(bench: Bench, backend: Backend, paths: string[], words: string[]): Promise<Row> {
  bench.log(`${backend.name}: 50 connections, then 1 connection, then the raw full-text query (${backend.label})`);
  await settle(backend.url);
  const measured = await load({ url: backend.url, connections: CONNECTIONS, seconds: bench.seconds, paths });
  await settle(backend.url);
  const single = await load({ url: backend.url, connections: 1, seconds: Math.min(3, bench.seconds), paths });
  const times = await backend.raw(words, Math.min(2, bench.seconds));
  const raw = latencies(times);
  return {
    name: backend.name,
    result: `p50 ${ms(measured.p50)}, p95 ${ms(measured.p95)}, p99 ${ms(measured.p99)} (${num(measured.rate)} req/s${measured.failed ? `, ${measured.failed} failed` : ""}); 1 connection: p50 ${ms(single.p50)}, p95 ${ms(single.p95)}`,
    baseline: `raw ${backend.label} query p50 ${ms(raw.p50)}, p95 ${ms(raw.p95)}, p99 ${ms(raw.p99)}`,
    // How many times slower than the raw query, at the median.
    ratio: ratio(measured.p50, raw.p50),
    target: "p50 ≤ 5 ms, p95 ≤ 50 ms (50 connections)",
    met: measured.ok > 0 && measured.p50 <= 5 && measured.p95 <= 50 && measured.failed === 0,
    data: { database: backend.label, connections: CONNECTIONS, measured, single, raw, rawQueries: times.length },
  };
}

export async function searchRows(bench: Bench): Promise<Row[]> {
  const { paths, words } = searchPaths(200);
  const rows = [await measure(bench, { name: "search", label: "SQLite FTS5", url: bench.server.url, raw: sqliteRaw(bench.dbFile) }, paths, words)];
  if (bench.postgres) {
    bench.log("search-pg: starting a second server on the PostgreSQL copy");
    const server = await startEntraide(await freePort(), tempDir(), { DATABASE_URL: bench.postgres.url });
    try {
      await new Promise((r) => setTimeout(r, 1000));
      // The warm-up the HTTP rows give the SQLite server: each path once.
      await load({ url: server.url, connections: 4, amount: paths.length, paths });
      rows.push(await measure(bench, { name: "search-pg", label: "PostgreSQL tsvector", url: server.url, raw: postgresRaw(bench.postgres.url) }, paths, words));
    } finally {
      await server.stop();
    }
  }
  return rows;
}
