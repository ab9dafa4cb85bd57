// The build production runs (bin/build.js → dist/): it runs the same command line and
// server as the sources, knows when it is stale, and keeps its sources one byte per character.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { mapAssets } from "../src/http/map-assets.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build as esbuild } from "esbuild";
import { BANNER, build, inputsHash, isStale, PLUGINS } from "../bin/build.js";
import { postLogin } from "./helpers/login.ts";
import { freePort, root, tempDir } from "./helpers/server.ts";

// Inside the repository: the bundle finds its native addons and drivers in node_modules.
const outDir = join(root, "test", "output", `dist-${process.pid}`);
const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;

function run(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [join(outDir, "cli.js"), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

/** The scripts a start evaluates: cli.js and the chunks it imports statically, and theirs. */
function loadedAtStart(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, "utf8").matchAll(/(?:\bfrom\s*|\bimport\s*)"(\.\/[^"]+\.js)"/g)) visit(join(file, "..", m[1]!));
  };
  visit(entry);
  return [...seen];
}

/** The native libraries a running process has mapped (Linux). */
const mapped = (pid: number) => readFileSync(`/proc/${pid}/maps`, "utf8");

describe("the build (dist/)", () => {
  beforeAll(async () => {
    mkdirSync(join(root, "test", "output"), { recursive: true });
    await build(outDir);
  }, 120_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("records the hash of its inputs, and is stale once a source changes", () => {
    const stamp = JSON.parse(readFileSync(join(outDir, "build.json"), "utf8"));
    expect(stamp.inputs).toBe(inputsHash());
    expect(isStale(outDir)).toBe(false);
    // A copy of the sources with one file changed hashes differently.
    const copy = tempDir("entraide-build-");
    for (const dir of ["src", "federation", "web", "migrations"]) {
      for (const file of files(join(root, dir))) {
        const target = join(copy, file.slice(root.length + 1));
        mkdirSync(join(target, ".."), { recursive: true });
        writeFileSync(target, readFileSync(file));
      }
    }
    for (const file of ["package.json", "package-lock.json", "tsconfig.json", "bin/build.js"]) {
      mkdirSync(join(copy, file, ".."), { recursive: true });
      writeFileSync(join(copy, file), readFileSync(join(root, file)));
    }
    expect(inputsHash(copy)).toBe(inputsHash());
    writeFileSync(join(copy, "src", "config.ts"), `${readFileSync(join(copy, "src", "config.ts"), "utf8")}\n// changed\n`);
    expect(inputsHash(copy)).not.toBe(inputsHash());
    expect(isStale(join(outDir, "missing"))).toBe(true);
  });

  it("writes ASCII only, and leaves the drivers and native addons to node_modules", () => {
    const scripts = files(outDir).filter((f) => f.endsWith(".js"));
    expect(scripts.length).toBeGreaterThan(2);
    for (const file of scripts) expect(/[\u0080-\uffff]/.test(readFileSync(file, "latin1")), file).toBe(false);
    const all = scripts.map((f) => readFileSync(f, "utf8")).join("\n");
    // Bundled, these would be parsed at every start; they are loaded by name, when configured.
    expect(all).not.toMatch(/class Redis extends/);
    expect(all).toMatch(/from\s*"better-sqlite3"/);
    expect(readdirSync(join(outDir, "migrations")).sort()).toEqual(
      readdirSync(join(root, "migrations"))
        .filter((f) => f.endsWith(".ts"))
        .map((f) => f.replace(/\.ts$/, ".js"))
        .sort(),
    );
  });

  it("leaves out of the start what serving needs only later (bench/README.md, \"Idle memory: what loads on first use\")", () => {
    const start = loadedAtStart(join(outDir, "cli.js"));
    // The server itself is imported on `serve`; the map's gazetteer and nodemailer have chunks of their own.
    const server = readdirSync(join(outDir, "chunks")).find((f) => /^main-.*\.js$/.test(f))!;
    const startup = [...start, ...loadedAtStart(join(outDir, "chunks", server))].map((f) => readFileSync(f, "utf8")).join("\n");
    expect(startup).not.toMatch(/var SMTPConnection=class/);
    expect(startup).not.toMatch(/COMMUNES_GZ_BASE64=/);
    // Required from node_modules on first use, not bundled: the Markdown libraries and their HTML and CSS parsers.
    expect(startup).not.toMatch(/node_modules\/(markdown-it|sanitize-html|htmlparser2|postcss)\//);
    // A single jsonld, the build Fedify loads: not its Node entry, with its HTTP client and undici.
    expect(startup).not.toMatch(/node_modules\/(jsonld\/lib|@digitalbazaar\/http-client|undici)\//);
    // PKI.js and ASN.1 bundled, behind the getters that evaluate them on first use; zod in English only.
    expect(startup).toMatch(/"on-first-use:[^"]*node_modules\/pkijs\/build\/index\.js"/);
    expect(startup).toMatch(/"on-first-use:[^"]*node_modules\/asn1js\/build\/index\.js"/);
    expect(startup).not.toMatch(/Entr\\xE9e invalide/);
  });

  it("evaluates PKI.js and ASN.1 on their first use, which then works; zod answers in English and names what is left out", async () => {
    const dir = join(outDir, "first-use");
    mkdirSync(dir, { recursive: true });
    const entry = join(dir, "entry.js");
    // pkijs records its crypto engine under global[process.pid] when it is evaluated.
    writeFileSync(
      entry,
      `import { exportMultibaseKey, exportSpki, importSpki } from "@fedify/vocab-runtime";
import { z } from "zod";
const evaluated = () => globalThis[process.pid]?.pkijs !== undefined;
const before = evaluated();
const { publicKey } = await crypto.subtle.generateKey({ name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["sign", "verify"]);
const imported = await importSpki(await exportSpki(publicKey));
const multikey = await exportMultibaseKey(publicKey);
let french;
try { z.config(z.locales.fr()); } catch (error) { french = error.message; }
console.log(JSON.stringify({ before, after: evaluated(), algorithm: imported.algorithm.name, multikey: multikey.slice(0, 4), message: z.string().safeParse(1).error.issues[0].message, french }));
`,
    );
    await esbuild({ entryPoints: [entry], outfile: join(dir, "bundle.js"), bundle: true, platform: "node", format: "esm", plugins: PLUGINS, banner: { js: BANNER }, logLevel: "warning" });
    const ran = spawnSync(process.execPath, [join(dir, "bundle.js")], { cwd: root, encoding: "utf8", timeout: 60_000 });
    expect(ran.status, ran.stderr).toBe(0);
    expect(JSON.parse(ran.stdout)).toEqual({
      before: false,
      after: true,
      algorithm: "RSASSA-PKCS1-v1_5",
      // base58btc of the RSA multicodec prefix (0x1205)
      multikey: "z4MX",
      message: "Invalid input: expected string, received number",
      french: "zod's fr locale is left out of the bundle (bin/build.js): only English is in",
    });
  }, 60_000);

  it("runs the command line: version, migrations (once), an organisation", () => {
    const env = { DATA_DIR: tempDir(), PUBLIC_URL: "https://town.example" };
    expect(run(["--version"], env).stdout.trim()).toBe(version);
    const first = run(["migrate"], env);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Applied: 20261125000000_initial, /);
    expect(run(["migrate"], env).stdout).toContain("The database is up to date.");
    const org = run(["org", "create", "jardins", "--name", "Jardins partagés"], env);
    expect(org.status, org.stderr).toBe(0);
    expect(org.stdout).toContain("@jardins@town.example");
    // A database migrated by newer sources is refused, not taken as up to date.
    const db = new Database(join(env.DATA_DIR, "entraide.sqlite"));
    db.prepare("insert into kysely_migration (name, timestamp) values (?, ?)").run("29991231000000_from_the_future", new Date().toISOString());
    db.close();
    const refused = run(["migrate"], env);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("29991231000000_from_the_future is missing");
  }, 120_000);

  it("serves: NodeInfo, the instance actor and a page, then stops on SIGTERM", async () => {
    const port = await freePort();
    const env = {
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: tempDir(),
      ALLOW_PRIVATE_ADDRESS: "true",
      LOG_LEVEL: "warning",
    };
    const child = spawn(process.execPath, [join(outDir, "cli.js"), "serve"], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stderr.on("data", (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    try {
      const url = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 30_000;
      let nodeinfo: Response | undefined;
      while (!nodeinfo?.ok) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no answer:\n${output}`);
        nodeinfo = await fetch(`${url}/nodeinfo/2.1`).catch(() => undefined);
        if (!nodeinfo?.ok) await new Promise((r) => setTimeout(r, 100));
      }
      expect((await nodeinfo.json()).software).toMatchObject({ name: "entraide", version });
      const actor = await fetch(`${url}/actors/instance`, { headers: { Accept: "application/activity+json" } });
      expect(actor.status).toBe(200);
      const instanceActor = await actor.json();
      expect(instanceActor.type).toBe("Application");
      // Its RSA key as a Multikey: ASN.1, evaluated on this first use (bin/build.js, ON_FIRST_USE).
      expect(JSON.stringify(instanceActor.assertionMethod)).toContain('"publicKeyMultibase":"z4MX');
      const home = await fetch(`${url}/`);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain("<html");
      // The map's assets (issue 16) come from node_modules beside the bundle, at the addresses the sources give them.
      const assets = mapAssets();
      for (const path of [assets.scriptPath, assets.stylePath]) {
        const res = await fetch(`${url}${path}`);
        expect([path, res.status, res.headers.get("cache-control")]).toEqual([path, 200, "public, max-age=31536000, immutable"]);
        expect((await res.text()).length).toBe(path.endsWith(".js") ? assets.script.length : assets.style.length);
      }
      expect((await fetch(`${url}/calendar`)).status).toBe(200);
      // Native libraries load on first use: sharp (libvips) with the first picture, Argon2 with the first password.
      if (existsSync(`/proc/${child.pid}/maps`)) {
        expect(mapped(child.pid!)).not.toMatch(/argon2|sharp|libvips/);
        await postLogin(fetch, url, { login: "nobody", password: "not a password at all" });
        expect(mapped(child.pid!)).toMatch(/argon2/);
      }
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  }, 120_000);
});
