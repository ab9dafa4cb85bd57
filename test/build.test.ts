// The build production runs (bin/build.js → dist/): it runs the same command line and
// server as the sources, knows when it is stale, and keeps its sources one byte per character.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { mapAssets } from "../src/http/map-assets.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build, inputsHash, isStale } from "../bin/build.js";
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
      expect((await actor.json()).type).toBe("Application");
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
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  }, 120_000);
});
