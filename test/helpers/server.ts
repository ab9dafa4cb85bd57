// Real Entraide servers for tests: a child process on a loopback port with its own
// DATA_DIR, and its own database (SQLite in DATA_DIR, or a fresh PostgreSQL database
// and Redis prefix with TEST_DATABASE=postgres: see backends.ts).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Db, openDatabase } from "../../src/db/database.ts";
import { backendEnv } from "./backends.ts";

export const root = join(import.meta.dirname, "..", "..");
const cliEntry = join(root, "src", "cli", "main.ts");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once("error", reject);
  });
}

export function tempDir(prefix = "entraide-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface ServerProcess {
  url: string;
  port: number;
  dataDir: string;
  env: Record<string, string>;
  child: ChildProcess;
  logs(): string;
  /** Sends `signal` and resolves with the exit code and how long the stop took. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
}

export interface ServerOptions {
  dataDir?: string;
  port?: number;
  env?: Record<string, string>;
}

export function serverEnv(port: number, dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: String(port),
    HOST: "127.0.0.1",
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    ALLOW_PRIVATE_ADDRESS: "true",
    LOG_LEVEL: "info",
    ...extra,
  };
}

/** Runs the `entraide` CLI under the current Node; resolves with its output and status. */
export function runCli(args: string[], env: Record<string, string>, input?: string) {
  const result = spawnSync(process.execPath, ["--import", "tsx", cliEntry, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    input: input ?? "",
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The server's database, opened from the test (close it after use). */
export function serverDb(server: Pick<ServerProcess, "env">): Db {
  return openDatabase(server.env.DATABASE_URL!, { poolSize: 2 });
}

export async function startServer(options: ServerOptions = {}): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? tempDir();
  const env = serverEnv(port, dataDir, { ...(await backendEnv(dataDir)), ...options.env });
  const child = spawn(process.execPath, ["--import", "tsx", cliEntry, "serve"], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  // Three servers starting together on a loaded two-core machine each take 20 s or more.
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not become healthy:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    dataDir,
    env,
    child,
    logs: () => output,
    async stop(signal = "SIGTERM") {
      const started = Date.now();
      if (child.exitCode !== null) return { code: child.exitCode, ms: 0 };
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      const code = await exited;
      clearTimeout(timer);
      return { code, ms: Date.now() - started };
    },
  };
}

/** Calls a server's API with a bearer token; the body parsed as JSON when there is one. */
export function apiClient(server: ServerProcess, token: string) {
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
}
