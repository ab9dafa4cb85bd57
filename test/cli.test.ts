// The `entraide` command line, run as a real process.
import { existsSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { backendEnv, onPostgres } from "./helpers/backends.ts";
import { runCli, tempDir } from "./helpers/server.ts";

/** A new instance's environment: SQLite in DATA_DIR, or PostgreSQL with TEST_DATABASE=postgres. */
const env = async () => {
  const dataDir = tempDir();
  return { DATA_DIR: dataDir, PUBLIC_URL: "https://town.example", ...(await backendEnv(dataDir)) };
};

describe("the entraide command", () => {
  it("lists its commands, and every command has --help", async () => {
    const e = await env();
    const overview = runCli(["--help"], e);
    expect(overview.status).toBe(0);
    const commands = ["serve", "migrate", "migrate-data", "org create", "user create", "token create", "backup"];
    for (const command of commands) {
      expect(overview.stdout).toContain(`entraide ${command}`);
      const help = runCli([...command.split(" "), "--help"], e);
      expect(help.status, command).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: entraide ${command}`));
    }
    // Eight processes one after the other, each loading the command line: on a loaded machine over 30 s.
  }, 120_000);

  it("explains unknown commands and missing arguments", async () => {
    const e = await env();
    const unknown = runCli(["frobnicate"], e);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const missing = runCli(["org", "create", "asso"], e);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("missing --name");
    expect(missing.stderr).toContain("Usage: entraide org create");
  });

  it("migrates, creates users (password from stdin or generated) and prints working tokens", async () => {
    const e = await env();
    expect(runCli(["migrate"], e).stdout).toContain("Applied: 20261125000000_initial");
    expect(runCli(["migrate"], e).stdout).toContain("up to date");

    const admin = runCli(["user", "create", "alice", "--email", "alice@town.example", "--admin"], e, "my long password\n");
    expect(admin.status).toBe(0);
    expect(admin.stdout).toContain("Created admin @alice");
    expect(admin.stdout).not.toContain("Password:");

    const generated = runCli(["user", "create", "bob", "--email", "bob@town.example"], e);
    expect(generated.status).toBe(0);
    expect(generated.stdout).toMatch(/Password: \S{20,}/);

    const duplicate = runCli(["user", "create", "bob", "--email", "bob2@town.example"], e);
    expect(duplicate.status).toBe(1);
    expect(duplicate.stderr).toContain('the handle "bob" is already taken');

    const token = runCli(["token", "create", "alice", "--days", "7"], e);
    expect(token.status).toBe(0);
    expect(token.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(runCli(["token", "create", "nobody"], e).stderr).toContain("no user named nobody");
  });

  // `backup` copies SQLite only (PostgreSQL has pg_dump); its refusal is tested below.
  it.skipIf(onPostgres)("backs the SQLite database up online into a file that opens", async () => {
    const e = await env();
    runCli(["org", "create", "asso", "--name", "Asso"], e);
    const file = join(tempDir(), "backup.sqlite");
    const result = runCli(["backup", file], e);
    expect(result.status).toBe(0);
    expect(existsSync(file)).toBe(true);
    const copy = new Database(file, { readonly: true });
    expect(copy.prepare("select handle from actors where type = 'Group'").all()).toEqual([{ handle: "asso" }]);
    copy.close();
    expect(runCli(["backup", file], e).stderr).toContain("exists already");
  });

  it.runIf(onPostgres)("refuses to back up a PostgreSQL database, pointing to pg_dump", async () => {
    const result = runCli(["backup", join(tempDir(), "backup.sqlite")], await env());
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("pg_dump");
  });
});
