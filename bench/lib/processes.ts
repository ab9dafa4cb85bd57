// The processes under test: an Entraide server (the real `entraide serve`, run as in
// production: the built dist/cli.js) and a bare Hono server for baselines, built the
// same way (an esbuild bundle run by plain Node), each on its own loopback port.
import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build as esbuild } from "esbuild";
import { ensureBuilt, RUNTIME_ENV } from "../../bin/build.js";

export const root = join(import.meta.dirname, "..", "..");
const bareSource = join(import.meta.dirname, "bare-server.ts");
let bareEntry: Promise<string> | undefined;

/** The bare server bundled with Hono by esbuild, as bin/build.js bundles Entraide. */
function bareBundle(): Promise<string> {
  bareEntry ??= (async () => {
    const outfile = join(tempDir("entraide-bare-build-"), "bare-server.js");
    await esbuild({
      entryPoints: [bareSource],
      outfile,
      bundle: true,
      platform: "node",
      target: "node22",
      format: "esm",
      minifyWhitespace: true,
      minifySyntax: true,
      keepNames: true,
      charset: "ascii",
      legalComments: "none",
      logLevel: "warning",
    });
    return outfile;
  })();
  return bareEntry;
}

export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once("error", reject);
  });
}

export const tempDir = (prefix = "entraide-bench-") => mkdtempSync(join(tmpdir(), prefix));

export interface Running {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Milliseconds from spawn to the first successful answer of the readiness probe. */
  startMs: number;
  /** CPU time the process used until then (all its threads): the start's cost, whatever else runs on the machine. */
  startCpuMs: number;
  logs(): string;
  stop(): Promise<void>;
}

/** CPU time (user + system, all threads) a process has used, in ms (Linux). */
export function cpuTime(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  // utime and stime, fields 14 and 15 of stat(5), in clock ticks (100 per second).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident and peak resident memory of a process, in MiB (Linux). */
export function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"))?.[1] ?? 0);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

async function launch(args: string[], env: Record<string, string>, probe: string): Promise<Running> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (d: Buffer) => {
    // Keep the tail only: a long run must not grow this process.
    output = (output + d).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  // BENCH_SERVER_LOG=<file>: everything the processes print, appended (with BENCH_SERVER_FLAGS=--trace-gc, the heap after each collection).
  const logFile = process.env.BENCH_SERVER_LOG;
  if (logFile) {
    const append = (d: Buffer) => appendFileSync(logFile, d);
    child.stdout?.on("data", append);
    child.stderr?.on("data", append);
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(probe)).ok) break;
    } catch {}
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`no answer from ${probe}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const startMs = performance.now() - started;
  const startCpuMs = cpuTime(child.pid!);
  return {
    url: new URL(probe).origin,
    pid: child.pid!,
    child,
    startMs,
    startCpuMs,
    logs: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Waits until the server answers /healthz within 20 ms again: requests a load run left queued
 * (autocannon stops at its deadline, the server does not) must not be billed to the next row.
 */
export async function settle(url: string, maxMs = 60_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const started = performance.now();
    await fetch(`${url}/healthz`).catch(() => undefined);
    if (performance.now() - started < 20) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function entraideEnv(port: number, dataDir: string): Record<string, string> {
  return {
    PORT: String(port),
    HOST: "127.0.0.1",
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    DATABASE_URL: `sqlite:${join(dataDir, "entraide.sqlite")}`,
    ALLOW_PRIVATE_ADDRESS: "true",
    // No line per request: the load generator shares the machine's two cores with the server.
    LOG_LEVEL: "warning",
    // The inbox limit guards against one noisy server; the inbox row plays many at once.
    INBOX_RATE_LIMIT: "1000000",
    // Creates come from one client address.
    LOGIN_RATE_LIMIT: "1000000",
  };
}

/** `entraide serve`, ready once it answers NodeInfo. */
export async function startEntraide(port: number, dataDir: string, extra: Record<string, string> = {}): Promise<Running> {
  // As production runs it (bin/build.js: RUNTIME_ENV).
  const env = { ...RUNTIME_ENV, ...entraideEnv(port, dataDir), ...extra };
  // BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_CPU_PROF] : [];
  // BENCH_SERVER_FLAGS="--trace-gc": more Node flags for the server (some, like that one, NODE_OPTIONS refuses).
  profile.push(...(process.env.BENCH_SERVER_FLAGS ?? "").split(/\s+/).filter(Boolean));
  const cli = await ensureBuilt((message) => console.error(message));
  return launch([...profile, cli, "serve"], env, `http://127.0.0.1:${port}/nodeinfo/2.1`);
}

export interface BareRoute {
  status: number;
  type: string;
  body: string;
}

/** A bare Hono server returning fixed bytes per path, under the same Node, built the same way as Entraide. */
export async function startBare(routes: Record<string, BareRoute>): Promise<Running> {
  const port = await freePort();
  const file = join(tempDir("entraide-bare-"), "routes.json");
  writeFileSync(file, JSON.stringify(routes));
  return launch([await bareBundle()], { ...RUNTIME_ENV, PORT: String(port), ROUTES_FILE: file }, `http://127.0.0.1:${port}/healthz`);
}
