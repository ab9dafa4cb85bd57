#!/usr/bin/env node
// Builds the JavaScript that production runs: `dist/`, from the TypeScript in
// src/, federation/, web/ and migrations/ (docs/decisions/0011-run-a-bundle-built-with-esbuild.md).
//
// One esbuild bundle of the command line and the server, dependencies included
// (a server then starts by parsing a few files instead of resolving and
// compiling some 700 modules), split where the code imports lazily, plus the
// migrations compiled one file each (the migrator reads them from a directory).
// Native addons and the drivers loaded only when configured (pg, ioredis) stay
// in node_modules.
//
// `dist/build.json` records a hash of every input; `isStale()` compares it, so
// that the launcher rebuilds after a `git pull` and never runs old code.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const root = dirname(dirname(fileURLToPath(import.meta.url)));
export const distDir = join(root, "dist");
const STAMP = "build.json";
const SOURCES = ["src", "federation", "web", "migrations"];
const FILES = ["package.json", "package-lock.json", "tsconfig.json", "bin/build.js"];
/**
 * The environment the server runs with (the launcher, the Docker image, the systemd
 * unit, the benchmarks). glibc's malloc keeps the memory V8's parser and compiler
 * free after start-up (some 12 MiB) unless large blocks are mapped on their own and
 * the top of the heap is trimmed early: fixed thresholds of 128 KiB do both
 * (docs/decisions/0011-run-a-bundle-built-with-esbuild.md). Other C libraries ignore it.
 */
export const RUNTIME_ENV = {
  GLIBC_TUNABLES: process.env.GLIBC_TUNABLES ?? "glibc.malloc.trim_threshold=131072:glibc.malloc.mmap_threshold=131072",
};

// Loaded from node_modules at run time: native addons, and optional drivers.
// sharp loads its libvips binary (@img/sharp-<platform>) by name: it stays a package.
const EXTERNAL = ["better-sqlite3", "@node-rs/argon2", "pg", "pg-native", "ioredis", "sharp"];

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? listFiles(path) : [path];
    });
}

/** A hash of everything the build reads: sources, lockfile, settings, this script. */
export function inputsHash(base = root) {
  const hash = createHash("sha256");
  const files = [...SOURCES.flatMap((d) => listFiles(join(base, d))), ...FILES.map((f) => join(base, f))];
  for (const file of files) {
    if (!existsSync(file) || !statSync(file).isFile()) continue;
    hash.update(relative(base, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

/** Whether `outDir` is missing or was built from other sources than those in the working tree. */
export function isStale(outDir = distDir) {
  const stamp = join(outDir, STAMP);
  if (!existsSync(stamp) || !existsSync(join(outDir, "cli.js"))) return true;
  try {
    return JSON.parse(readFileSync(stamp, "utf8")).inputs !== inputsHash();
  } catch {
    return true;
  }
}

/**
 * V8 keeps each module's source text in memory, as two bytes per character
 * when a single character of it is outside Latin-1 (a "…" in a comment or a
 * regular expression is enough). Comments are gone after minification, and
 * esbuild escapes strings itself; this escapes what remains (regular
 * expression literals), so that the sources stay one byte per character.
 */
function asciiOnly(file) {
  const text = readFileSync(file, "utf8");
  const ascii = text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  if (ascii !== text) writeFileSync(file, ascii);
}

/** Builds into `outDir` (default `dist/`), replacing what was there. */
export async function build(outDir = distDir) {
  const inputs = inputsHash();
  const { build: esbuild } = await import("esbuild");
  const common = {
    platform: "node",
    target: "node22",
    format: "esm",
    jsx: "automatic",
    jsxImportSource: "hono/jsx",
    // Whitespace and syntax only: names stay as written, in stack traces and in
    // code that reads a class's name.
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    charset: "ascii",
    legalComments: "external",
    logLevel: "warning",
  };
  rmSync(outDir, { recursive: true, force: true });
  // The migrations are entry points of the same build, so that they share its Kysely.
  const migrations = readdirSync(join(root, "migrations")).filter((f) => f.endsWith(".ts"));
  await esbuild({
    ...common,
    entryPoints: {
      cli: join(root, "src", "cli", "main.ts"),
      ...Object.fromEntries(migrations.map((f) => [`migrations/${f.replace(/\.ts$/, "")}`, join(root, "migrations", f)])),
    },
    bundle: true,
    splitting: true,
    outdir: outDir,
    chunkNames: "chunks/[name]-[hash]",
    external: EXTERNAL,
    // Bundled CommonJS code calls require() for Node's own modules.
    banner: {
      js: "import { createRequire as __entraideCreateRequire } from 'node:module'; const require = __entraideCreateRequire(import.meta.url);",
    },
  });
  for (const file of listFiles(outDir)) if (file.endsWith(".js")) asciiOnly(file);
  writeFileSync(join(outDir, STAMP), `${JSON.stringify({ inputs, built: new Date().toISOString() }, null, 2)}\n`);
  return outDir;
}

/** Builds `dist/` when it is missing or stale; returns the entry point. */
export async function ensureBuilt(log = (message) => process.stderr.write(`entraide: ${message}\n`)) {
  if (isStale()) {
    log(existsSync(distDir) ? "the sources changed; rebuilding dist/" : "building dist/ (once, then after each change)");
    await build();
  }
  return join(distDir, "cli.js");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = await build(process.argv[2] ?? distDir);
  process.stderr.write(`entraide: built ${relative(process.cwd(), out) || "."}\n`);
}
