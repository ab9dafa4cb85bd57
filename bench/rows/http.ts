// webfinger, actor, need-page, need-json, outbox: requests per second and p99 under
// 64 connections, against a bare Hono route returning the same bytes (its own process),
// and for the needs a raw SQLite query of the same rows (in this process).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import SqliteDatabase from "better-sqlite3";
import type { Bench } from "../lib/context.ts";
import { type LoadResult, load } from "../lib/load.ts";
import { type BareRoute, settle, startBare } from "../lib/processes.ts";
import { ratio } from "../lib/stats.ts";
import { ms, num, type Row } from "../lib/table.ts";

const CONNECTIONS = 64;
const AP = "application/activity+json";

interface Endpoint {
  name: string;
  paths: string[];
  accept: string;
  /** Minimum share of the bare route's rate. */
  share: number;
  /** p99 limit in ms, when the target has one. */
  p99?: number;
  /** The same rows, read with a prepared statement: its rate. */
  raw?: (db: SqliteDatabase.Database) => () => unknown;
}

function endpoints(bench: Bench): Endpoint[] {
  const host = new URL(bench.server.url).host;
  const orgs = bench.seeded.handles;
  const needs = bench.seeded.needIds.slice(0, 5000);
  const needRow = (db: SqliteDatabase.Database) => {
    const stmt = db.prepare(
      "select needs.*, org.handle as org_handle, org.name as org_name from needs join actors org on org.id = needs.organization_id where needs.id = ?",
    );
    let i = 0;
    return () => stmt.get(needs[i++ % needs.length]);
  };
  return [
    {
      name: "webfinger",
      paths: orgs.map((h) => `/.well-known/webfinger?resource=${encodeURIComponent(`acct:${h}@${host}`)}`),
      accept: "application/jrd+json",
      share: 0.5,
      p99: 20,
    },
    { name: "actor", paths: orgs.map((h) => `/actors/${h}`), accept: AP, share: 0.5, p99: 20 },
    { name: "need-page", paths: needs.map((id) => `/needs/${id}`), accept: "text/html", share: 0.25, raw: needRow },
    { name: "need-json", paths: needs.map((id) => `/needs/${id}`), accept: AP, share: 0.25, raw: needRow },
    {
      name: "outbox",
      paths: orgs.slice(0, 200).map((h) => `/actors/${h}/outbox?cursor=`),
      accept: AP,
      share: 0.25,
      raw: (db) => {
        const stmt = db.prepare(
          "select needs.*, org.handle as org_handle, org.name as org_name from needs join actors org on org.id = needs.organization_id where needs.organization_id = (select id from actors where handle = ?) and published is not null and visibility = 'public' order by published desc limit 20",
        );
        let i = 0;
        return () => stmt.all(orgs[i++ % 200]);
      },
    },
  ];
}

/** Calls `fn` for `seconds`, returns calls per second. */
function rate(fn: () => unknown, seconds: number): number {
  const started = performance.now();
  let n = 0;
  while (performance.now() - started < seconds * 1000) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
  }
  return n / ((performance.now() - started) / 1000);
}

const TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" })) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds a process has used so far (Linux), or null elsewhere. */
function cpuSeconds(pid: number): number | null {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return null;
  }
}

/**
 * A load run with the CPU time the server used per answered request, in µs: the machine is
 * shared, so a request rate moves with the neighbours' load, while this figure hardly does.
 */
async function measure(pid: number, options: Parameters<typeof load>[0]): Promise<LoadResult & { cpuUs: number | null }> {
  const before = cpuSeconds(pid);
  const result = await load(options);
  const after = cpuSeconds(pid);
  const cpuUs = before === null || after === null || result.requests === 0 ? null : ((after - before) * 1e6) / result.requests;
  return { ...result, cpuUs };
}

const cpu = (r: { cpuUs: number | null }) => (r.cpuUs === null ? "" : `, ${num(r.cpuUs)} µs CPU/req`);

const describe = (r: LoadResult) => `${num(r.rate)} req/s, p99 ${ms(r.p99)}${r.failed ? `, ${r.failed} failed` : ""}`;

export async function httpRows(bench: Bench, only: (name: string) => boolean): Promise<Row[]> {
  const chosen = endpoints(bench).filter((e) => only(e.name));
  if (chosen.length === 0) return [];
  // The bytes the bare routes return: what Entraide answers for each endpoint's first path.
  const routes: Record<string, BareRoute> = {};
  for (const e of chosen) {
    const res = await fetch(`${bench.server.url}${e.paths[0]}`, { headers: { Accept: e.accept } });
    const body = await res.text();
    if (!res.ok) throw new Error(`${e.name}: ${res.status} for ${e.paths[0]}: ${body.slice(0, 300)}`);
    routes[`/${e.name}`] = { status: res.status, type: res.headers.get("content-type") ?? "text/plain", body };
  }
  const bare = await startBare(routes);
  const db = new SqliteDatabase(bench.dbFile, { readonly: true });
  const rows: Row[] = [];
  try {
    for (const e of chosen) {
      bench.log(`${e.name}: warm-up (every path once), Entraide, then the bare route`);
      // Warm-up: one visit to each path, as a server that has been up a while has had (JIT, lazily
      // loaded modules, the organisations' imported keys, SQLite's page cache, and the compacted
      // documents it reuses until their rows change). Its rate, reported, is that of first visits.
      const first = await load({ url: bench.server.url, connections: 16, amount: e.paths.length, paths: e.paths, headers: { Accept: e.accept } });
      await load({ url: `${bare.url}/${e.name}`, connections: 16, amount: 1000, headers: { Accept: e.accept } });
      await settle(bench.server.url);
      const measured = await measure(bench.server.pid, {
        url: bench.server.url,
        connections: CONNECTIONS,
        seconds: bench.seconds,
        paths: e.paths,
        headers: { Accept: e.accept },
      });
      await settle(bench.server.url);
      const baseline = await measure(bare.pid, { url: `${bare.url}/${e.name}`, connections: CONNECTIONS, seconds: bench.seconds, headers: { Accept: e.accept } });
      const raw = e.raw ? rate(e.raw(db), Math.min(2, bench.seconds)) : undefined;
      const r = ratio(measured.rate, baseline.rate);
      const met = measured.ok > 0 && r !== null && r >= e.share && measured.failed === 0 && (e.p99 === undefined || measured.p99 < e.p99);
      rows.push({
        name: e.name,
        result: `${describe(measured)}${cpu(measured)} (warm-up pass: ${num(first.rate)} req/s)`,
        baseline: `bare Hono ${describe(baseline)}${cpu(baseline)}${raw ? `; raw SQLite ${num(raw)} q/s` : ""}`,
        ratio: r,
        target: `≥ ${e.share}× bare${e.p99 ? `, p99 < ${e.p99} ms` : ""}`,
        met,
        data: { connections: CONNECTIONS, measured, warmUp: first, baseline, rawQueriesPerSecond: raw, bytes: routes[`/${e.name}`]!.body.length },
      });
    }
  } finally {
    db.close();
    await bare.stop();
  }
  return rows;
}
