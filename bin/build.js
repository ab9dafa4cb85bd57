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
import { createRequire } from "node:module";
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

/**
 * Packages that a dependency imports at the top of a module but calls only for some
 * requests: bundled as they are, each is evaluated on its first use instead of at start
 * (bench/README.md, "Idle memory: what loads on first use"). For the importer named
 * only, the import is answered by a module with the same export names whose values
 * are getters: the first read evaluates the real package (bundled as CommonJS, so it
 * runs when required). Nothing changes for code that reads an export at its own top
 * level: that loads the package at start, as before.
 */
const ON_FIRST_USE = [
  // @fedify/vocab-runtime: PKI.js parses a remote actor's PEM key (importSpki), ASN.1
  // encodes our RSA keys as Multikeys (exportMultibaseKey), i.e. on the first delivery
  // or actor document. Loaded at start they cost about 3 MiB of an idle server's memory.
  { importer: /[\\/]node_modules[\\/]@fedify[\\/]vocab-runtime[\\/]/, packages: ["pkijs", "asn1js"] },
];

const onFirstUse = {
  name: "on-first-use",
  setup(builder) {
    const names = ON_FIRST_USE.flatMap((rule) => rule.packages);
    const filter = new RegExp(`^(${names.map((name) => name.replace(/[/.]/g, "\\$&")).join("|")})$`);
    builder.onResolve({ filter }, async (args) => {
      const rule = ON_FIRST_USE.find((r) => r.packages.includes(args.path) && r.importer.test(args.importer));
      if (!rule || args.pluginData?.real) return undefined;
      const real = await builder.resolve(args.path, { resolveDir: args.resolveDir, kind: "require-call", pluginData: { real: true } });
      if (real.errors.length > 0) return { errors: real.errors };
      return { path: real.path, namespace: "on-first-use" };
    });
    builder.onLoad({ filter: /.*/, namespace: "on-first-use" }, (args) => {
      // The export names, from the package itself (its CommonJS build, as bundled).
      const exported = Object.keys(createRequire(args.path)(args.path)).filter((name) => name !== "__esModule");
      const contents = [
        "let real;",
        `const load = () => (real ??= require(${JSON.stringify(args.path)}));`,
        `for (const name of ${JSON.stringify(exported)}) Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });`,
      ].join("\n");
      return { contents, loader: "js", resolveDir: dirname(args.path) };
    });
  },
};

/**
 * zod's messages in English only. Every zod namespace carries its 60-odd locales
 * (`z.locales`), parsed at every start whether used or not (some 3 MiB of an idle
 * server's memory); Entraide writes its own messages in both languages and never
 * switches zod's locale. The others are left out: calling one throws, naming this file.
 */
const englishZod = {
  name: "english-zod",
  setup(builder) {
    builder.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)) return undefined;
      return { path: join(args.resolveDir, "..", "locales", "index.js"), namespace: "english-zod" };
    });
    builder.onLoad({ filter: /.*/, namespace: "english-zod" }, (args) => {
      const lines = readFileSync(args.path, "utf8").split("\n").filter((line) => line.trim() !== "");
      const locales = lines.map((line) => /^export \{ default as ([A-Za-z]+) \} from "\.\/([A-Za-z-]+)\.js";$/.exec(line)?.[1]);
      if (locales.some((name) => name === undefined) || !locales.includes("en")) {
        return { errors: [{ text: `${args.path} no longer lists its locales as bin/build.js expects: update the english-zod plugin` }] };
      }
      const absent = (name) => JSON.stringify(`zod's ${name} locale is left out of the bundle (bin/build.js): only English is in`);
      const contents = [
        'export { default as en } from "./en.js";',
        ...locales.filter((name) => name !== "en").map((name) => `export const ${name} = () => { throw new Error(${absent(name)}); };`),
      ].join("\n");
      return { contents, loader: "js", resolveDir: dirname(args.path) };
    });
  },
};

/** What the build does to dependencies beyond bundling them (exported for test/build.test.ts). */
export const PLUGINS = [onFirstUse, englishZod];

/** Bundled CommonJS code calls require() for Node's own modules. */
export const BANNER = "import { createRequire as __entraideCreateRequire } from 'node:module'; const require = __entraideCreateRequire(import.meta.url);";

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
    plugins: PLUGINS,
    banner: { js: BANNER },
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
