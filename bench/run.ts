// Entraide's benchmarks: `npm run bench` (add `-- --quick` for a short run, `--only a,b` for some rows).
// Each row is measured against a baseline taken in the same run, on loopback; the table is
// printed and written with the machine's description to bench/results/latest.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Bench } from "./lib/context.ts";
import { type InboxCounter, inboxServers } from "./lib/inboxes.ts";
import { describeLine, describeMachine } from "./lib/machine.ts";
import { freePort, memory, root, startEntraide, tempDir } from "./lib/processes.ts";
import { postgresUrl, seedPostgres } from "./lib/postgres.ts";
import { seed } from "./lib/seed.ts";
import { formatTable, type Row } from "./lib/table.ts";
import { fanoutRows } from "./rows/fanout.ts";
import { footprintRows } from "./rows/footprint.ts";
import { httpRows } from "./rows/http.ts";
import { inboxRows } from "./rows/inbox.ts";
import { inboxRefusedRows } from "./rows/inbox-refused.ts";
import { searchRows } from "./rows/search.ts";
import { writeRows } from "./rows/write.ts";

export const ROWS = ["webfinger", "actor", "need-page", "need-json", "outbox", "search", "fanout", "fanout-faults", "write", "inbox", "inbox-refused", "footprint"];

export interface Options {
  quick: boolean;
  only: string[];
}

export function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: { quick: { type: "boolean", default: false }, only: { type: "string" } },
    allowPositionals: false,
  });
  const only = values.only ? values.only.split(",").map((s) => s.trim()).filter(Boolean) : [];
  const unknown = only.filter((name) => !ROWS.includes(name));
  if (unknown.length) throw new Error(`unknown row(s): ${unknown.join(", ")} (rows: ${ROWS.join(", ")})`);
  return { quick: values.quick ?? false, only };
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const selected = (name: string) => options.only.length === 0 || options.only.includes(name);
  const machine = describeMachine();
  const began = performance.now();
  const log = (message: string) => console.error(`[${((performance.now() - began) / 1000).toFixed(1)} s] ${message}`);
  const needs = options.quick ? 10_000 : 100_000;
  const organizations = 1000;
  log(`${options.quick ? "quick" : "full"} run on ${describeLine(machine)}`);

  // Simulated remote servers: 50 healthy ones; 50 more with 10 % slow (2 s) and 5 % answering 410.
  const fanout = await inboxServers(50);
  const faultsSlow = new Set<string>();
  const faultsGone = new Set<string>();
  const faults: InboxCounter = await inboxServers(50, (i) => (i % 10 === 0 ? { delayMs: 2000 } : i % 20 === 5 ? { status: 410 } : {}));
  faults.origins.forEach((origin, i) => {
    if (i % 10 === 0) faultsSlow.add(origin);
    else if (i % 20 === 5) faultsGone.add(origin);
  });

  const port = await freePort();
  const dataDir = tempDir();
  const dbFile = join(dataDir, "entraide.sqlite");
  log(`seeding ${organizations} organisations, ${needs} needs and 2,010 followers`);
  const seeded = await seed(dbFile, {
    organizations,
    needs,
    origin: `http://127.0.0.1:${port}`,
    followed: [
      { handle: "fanout", followers: 1000, servers: fanout.origins },
      { handle: "faults", followers: 1000, servers: faults.origins },
      { handle: "writes", followers: 10, servers: fanout.origins.slice(0, 1) },
    ],
  });
  const pgUrl = selected("search") ? postgresUrl() : null;
  if (pgUrl) log("copying the seeded database to a new PostgreSQL database (search-pg)");
  const postgres = pgUrl ? await seedPostgres(dbFile, pgUrl) : undefined;
  log("starting the server");
  const server = await startEntraide(port, dataDir);
  await new Promise((r) => setTimeout(r, 2000));
  const bench: Bench = {
    quick: options.quick,
    seconds: options.quick ? 3 : 10,
    server,
    dataDir,
    dbFile,
    postgres,
    seeded,
    needs,
    organizations,
    inboxes: { fanout, faults, faultsSlow, faultsGone },
    idle: memory(server.pid),
    log,
  };
  const rows: Row[] = [];
  // The server's resident memory after each group of rows: which one sets the peak.
  const afterEach = async (group: string, run: () => Promise<Row[]>) => {
    rows.push(...(await run()));
    const { rss, peak } = memory(server.pid);
    log(`${group}: server RSS ${rss.toFixed(0)} MiB, peak so far ${peak.toFixed(0)} MiB`);
  };
  try {
    await afterEach("http rows", () => httpRows(bench, selected));
    if (selected("search")) await afterEach("search", () => searchRows(bench));
    if (selected("fanout") || selected("fanout-faults")) await afterEach("fanout", () => fanoutRows(bench, selected));
    if (selected("write")) await afterEach("write", () => writeRows(bench));
    if (selected("inbox")) await afterEach("inbox", () => inboxRows(bench));
    if (selected("inbox-refused")) await afterEach("inbox-refused", () => inboxRefusedRows(bench));
    if (selected("footprint")) rows.push(...(await footprintRows(bench)));
  } finally {
    await server.stop();
    await Promise.all([fanout.close(), faults.close()]);
    await postgres?.drop();
  }
  const table = formatTable(rows);
  console.log(`\n${options.quick ? "Quick" : "Full"} run, ${needs.toLocaleString("en-GB")} needs over 200 organisations (1,000 organisations), ${new Date().toISOString()}`);
  console.log(`Machine: ${describeLine(machine)}\n`);
  console.log(table);
  const dir = join(root, "bench", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "latest.json"),
    `${JSON.stringify({ date: new Date().toISOString(), mode: options.quick ? "quick" : "full", needs, organizations, machine, seconds: (performance.now() - began) / 1000, rows }, null, 2)}\n`,
  );
  log(`done; results in bench/results/latest.json`);
}

if (import.meta.main ?? process.argv[1]?.endsWith("run.ts")) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
