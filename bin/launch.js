#!/usr/bin/env node
// Entraide's launcher: every npm script goes through it.
//
// Entraide needs Node.js 22 or later. When the system's Node is older (many
// servers still run 18 or 20), the launcher installs Node 22 from the npm registry into
// `.node/`, then re-runs itself under it. It then makes sure the dependencies
// are installed for that Node (better-sqlite3 is a native addon, built for one
// Node ABI), builds the JavaScript that runs in production into `dist/` when it
// is missing or older than the sources (bin/build.js), and runs the requested
// task. Plain JavaScript, no dependency: it must run before anything is installed.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const MIN_MAJOR = 22;
const nodeDir = process.env.ENTRAIDE_NODE_DIR ?? join(root, ".node");
const nodeHome = join(nodeDir, "node_modules", "node");
const nodeBin = join(nodeHome, "bin", "node");
const nodeHeaders = join(nodeHome, "node_modules", `node-${process.platform}-${process.arch}`);
const stampFile = join(root, "node_modules", ".entraide-install");

function say(message) {
  process.stderr.write(`entraide: ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", cwd: root, ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/** Re-runs this script under a local Node 22 when the current one is older. */
function ensureNode(args) {
  const major = Number(process.versions.node.split(".")[0]);
  if (major >= MIN_MAJOR) return null;
  if (!existsSync(nodeBin)) {
    say(`Node ${process.versions.node} is older than ${MIN_MAJOR}; installing Node ${MIN_MAJOR} into ${nodeDir}`);
    const status = run("npm", ["install", "--prefix", nodeDir, "--no-save", "--no-audit", "--no-fund", `node@${MIN_MAJOR}`]);
    if (status !== 0 || !existsSync(nodeBin)) {
      say(`could not install Node ${MIN_MAJOR} from the npm registry; install Node ${MIN_MAJOR} or later yourself`);
      process.exit(1);
    }
  }
  const env = {
    ...process.env,
    PATH: `${dirname(nodeBin)}:${process.env.PATH ?? ""}`,
  };
  if (existsSync(nodeHeaders)) env.npm_config_nodedir = nodeHeaders;
  return forward(nodeBin, [fileURLToPath(import.meta.url), ...args], { env }).then((code) => process.exit(code));
}

/** Runs a command, passing on SIGTERM/SIGINT/SIGHUP so the child can shut down cleanly. */
function forward(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", ...options });
    const signals = ["SIGTERM", "SIGINT", "SIGHUP"];
    const relay = (signal) => child.kill(signal);
    for (const signal of signals) process.on(signal, relay);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      for (const s of signals) process.off(s, relay);
      resolve(code ?? (signal === "SIGTERM" || signal === "SIGINT" ? 0 : 1));
    });
  });
}

/**
 * Native addons must be built against the headers of the Node that will load
 * them. `npm run` passes the npmrc's `nodedir` on (this machine's points at the
 * system Node's headers), so a setting is used only when its headers are this
 * Node's; a Node installed from the npm registry keeps its headers beside its binary.
 */
function headersForThisNode() {
  const beside = join(dirname(dirname(process.execPath)), "node_modules", `node-${process.platform}-${process.arch}`);
  const candidates = [process.env.npm_config_nodedir, beside, dirname(dirname(process.execPath))];
  return candidates.find((dir) => dir && headersMajor(dir) === process.versions.node.split(".")[0]);
}

/** The major version of the Node headers in `dir`, if there are any. */
function headersMajor(dir) {
  try {
    const header = readFileSync(join(dir, "include", "node", "node_version.h"), "utf8");
    return /#define NODE_MAJOR_VERSION (\d+)/.exec(header)?.[1];
  } catch {
    return undefined;
  }
}

/** Installs the dependencies when they are missing or were built for another Node or lockfile. */
function ensureDependencies() {
  const lock = readFileSync(join(root, "package-lock.json"));
  const stamp = `${process.versions.modules}:${createHash("sha256").update(lock).digest("hex")}`;
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) return;
  say(`installing dependencies for Node ${process.versions.node} (npm ci)`);
  const nodedir = headersForThisNode();
  const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}` };
  // Without matching headers here, node-gyp fetches them rather than build against another Node's.
  if (nodedir) env.npm_config_nodedir = nodedir;
  else delete env.npm_config_nodedir;
  const status = run("npm", ["ci", "--no-audit", "--no-fund"], { env });
  if (status !== 0) {
    say("npm ci failed; see above");
    process.exit(status);
  }
  writeFileSync(stampFile, stamp);
}

const tsx = ["--import", "tsx"];
const vitest = join(root, "node_modules", "vitest", "vitest.mjs");

/** The built command line (dist/cli.js), rebuilt first when the sources changed. */
async function builtCli() {
  const { ensureBuilt, RUNTIME_ENV } = await import("./build.js");
  Object.assign(process.env, RUNTIME_ENV);
  return ensureBuilt(say);
}

/** Each task is a list of commands run in order under the current Node. */
const tasks = {
  start: async (args) => [[process.execPath, [await builtCli(), "serve", ...args]]],
  cli: async (args) => [[process.execPath, [await builtCli(), ...args]]],
  build: async () => {
    const { build } = await import("./build.js");
    await build();
    return [];
  },
  test: (args) => [[process.execPath, [join(root, "test", "run.js"), vitest, ...args]]],
  check: () => [
    [process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "."]],
    [join(root, "node_modules", ".bin", "biome"), ["lint", "."]],
  ],
  bench: (args) => [[process.execPath, [...tsx, join(root, "bench", "run.ts"), ...args]]],
  // Node 22, the dependencies and dist/: what a server started without the launcher needs.
  setup: async () => {
    await builtCli();
    return [];
  },
};

const [task, ...args] = process.argv.slice(2);
if (!task || !(task in tasks)) {
  say(`usage: launch.js <${Object.keys(tasks).join("|")}> [arguments]`);
  process.exit(2);
}
const reexec = ensureNode(process.argv.slice(2));
if (reexec) await reexec;
ensureDependencies();
for (const [command, commandArgs] of await tasks[task](args)) {
  const code = await forward(command, commandArgs, { cwd: process.cwd() });
  if (code !== 0) process.exit(code);
}
