// search: latency of GET /api/v1/missions under 50 connections with a mix of
// text, domain, date and distance filters; baseline: the raw FTS5 query for the same words.
import SqliteDatabase from "better-sqlite3";
import type { Bench } from "../lib/context.ts";
import { load } from "../lib/load.ts";
import { settle } from "../lib/processes.ts";
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

export async function searchRows(bench: Bench): Promise<Row[]> {
  const { paths, words } = searchPaths(200);
  bench.log("search: 50 connections, then 1 connection, then the raw FTS5 query");
  await settle(bench.server.url);
  const measured = await load({ url: bench.server.url, connections: CONNECTIONS, seconds: bench.seconds, paths });
  await settle(bench.server.url);
  const single = await load({ url: bench.server.url, connections: 1, seconds: Math.min(3, bench.seconds), paths });
  // The raw full-text query: the same prefix match, the first page in date order.
  const db = new SqliteDatabase(bench.dbFile, { readonly: true });
  const stmt = db.prepare(
    "select * from needs where rowid in (select rowid from needs_fts where needs_fts match ?) and status = 'open' order by coalesce(starts, '9999'), id limit 21",
  );
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; performance.now() - started < Math.min(2, bench.seconds) * 1000 && i < 100_000; i++) {
    const t = performance.now();
    stmt.all(`"${words[i % words.length]}"*`);
    times.push(performance.now() - t);
  }
  db.close();
  const raw = latencies(times);
  return [
    {
      name: "search",
      result: `p50 ${ms(measured.p50)}, p95 ${ms(measured.p95)}, p99 ${ms(measured.p99)} (${num(measured.rate)} req/s${measured.failed ? `, ${measured.failed} failed` : ""}); 1 connection: p50 ${ms(single.p50)}, p95 ${ms(single.p95)}`,
      baseline: `raw FTS5 query p50 ${ms(raw.p50)}, p95 ${ms(raw.p95)}, p99 ${ms(raw.p99)}`,
      // How many times slower than the raw query, at the median.
      ratio: ratio(measured.p50, raw.p50),
      target: "p50 ≤ 5 ms, p95 ≤ 50 ms (50 connections)",
      met: measured.ok > 0 && measured.p50 <= 5 && measured.p95 <= 50 && measured.failed === 0,
      data: { connections: CONNECTIONS, measured, single, raw, rawQueries: times.length },
    },
  ];
}
