// Migrations and repositories, on SQLite and (with TEST_POSTGRES_URL) PostgreSQL.
import { Temporal } from "@js-temporal/polyfill";
import { type Kysely, sql } from "kysely";
import { Migrator } from "kysely/migration";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import SqliteDatabase from "better-sqlite3";
import { KyselyKvStore } from "../federation/kv.ts";
import { cachedStatements } from "../src/db/database.ts";
import { migrateDown, migrateToLatest, pendingMigrations } from "../src/db/migrate.ts";
import { INSTANCE_HANDLE, actorKeys, ensureInstanceActor } from "../src/domain/actors/actors.ts";
import { createSession, deleteSession, findSession } from "../src/domain/accounts/sessions.ts";
import { issueToken, loadTokenKeys, revokeToken, verifyToken } from "../src/domain/accounts/tokens.ts";
import { authenticate, createUser } from "../src/domain/accounts/users.ts";
import type { DomainError } from "../src/domain/errors.ts";
import { silentEvents } from "../src/domain/events.ts";
import { getOrCreateSecret } from "../src/domain/instance/secrets.ts";
import { createNeed } from "../src/domain/needs/service.ts";
import { createOrganization, findOrganization, memberRole } from "../src/domain/organizations/organizations.ts";
import { dialects, type TestDb, testDb } from "./helpers/db.ts";
import { needInput } from "./helpers/needs.ts";

describe.each(dialects)("storage on %s", (dialect) => {
  let db: TestDb;
  beforeEach(async () => {
    db = await testDb(dialect);
  });
  afterEach(async () => {
    await db.drop();
  });

  it("applies every migration, and can go down and up again", async () => {
    expect(await pendingMigrations(db)).toEqual([]);
    const down = await migrateDown(db);
    expect(down).toHaveLength(1);
    expect(await pendingMigrations(db)).toHaveLength(1);
    expect(await migrateToLatest(db)).toEqual(down);
  });

  it("names the source of an application made with an account `account`, not `local`, in the rows kept from before", async () => {
    const coordinator = await createUser(db.kysely, { username: "coord", email: "c@t.test", password: "a long password", role: "admin" });
    await createOrganization(db.kysely, { handle: "asso", name: "Asso", coordinatorId: coordinator.id });
    const need = await createNeed(db.kysely, silentEvents, coordinator, needInput({ title: "Visites" }));
    const at = new Date().toISOString();
    await db.kysely
      .insertInto("applications")
      .values({ id: "a1", need_id: need.id, user_id: coordinator.id, message: "", status: "pending", source: "local", created: at, updated: at })
      .execute();
    const migration = await import("../migrations/20261202100000_applications_source_account.ts");
    const source = async () => (await db.kysely.selectFrom("applications").select("source").executeTakeFirstOrThrow()).source;
    await migration.up(db.kysely);
    expect(await source()).toBe("account");
    await migration.down(db.kysely);
    expect(await source()).toBe("local");
  });

  it("rolls a failing migration back entirely", async () => {
    const migrator = new Migrator({
      db: db.kysely,
      migrationTableName: "test_migrations",
      migrationLockTableName: "test_migrations_lock",
      provider: {
        getMigrations: async () => ({
          "1_broken": {
            async up(k: Kysely<any>) {
              await k.schema.createTable("half_done").addColumn("id", "text").execute();
              await sql`this is not sql`.execute(k);
            },
          },
        }),
      },
    });
    const { error } = await migrator.migrateToLatest();
    expect(error).toBeDefined();
    const tables = await db.kysely.introspection.getTables();
    expect(tables.map((t) => t.name)).not.toContain("half_done");
  });

  it("creates the instance actor once, with an RSA and an Ed25519 key", async () => {
    const first = await ensureInstanceActor(db.kysely, "Ville");
    const again = await ensureInstanceActor(db.kysely, "Ville");
    expect(again.id).toBe(first.id);
    const renamed = await ensureInstanceActor(db.kysely, "Ville de Test");
    expect(renamed).toMatchObject({ id: first.id, name: "Ville de Test" });
    expect(first).toMatchObject({ type: "Application", handle: INSTANCE_HANDLE });
    const keys = await actorKeys(db.kysely, first.id);
    expect(keys.map((k) => k.type)).toEqual(["RSASSA-PKCS1-v1_5", "Ed25519"]);
    expect(JSON.parse(keys[0]!.publicKey)).toMatchObject({ kty: "RSA", e: "AQAB" });
    // 2048-bit modulus: 256 bytes, 342 base64url characters.
    expect(JSON.parse(keys[0]!.publicKey).n).toHaveLength(342);
    expect(JSON.parse(keys[1]!.publicKey)).toMatchObject({ kty: "OKP", crv: "Ed25519" });
  });

  it("creates organisations with a coordinator, refusing taken, reserved and malformed handles", async () => {
    const user = await createUser(db.kysely, { username: "marie", email: "marie@example.org", password: "long enough pw" });
    const org = await createOrganization(db.kysely, {
      handle: "@Secours-Lyon",
      name: "Secours Lyon",
      website: "https://secours.example",
      coordinatorId: user.id,
    });
    expect(org).toMatchObject({ handle: "secours-lyon", name: "Secours Lyon", website: "https://secours.example" });
    expect(await memberRole(db.kysely, org.id, user.id)).toBe("coordinator");
    expect((await findOrganization(db.kysely, "SECOURS-LYON"))?.id).toBe(org.id);

    const fails = async (handle: string) =>
      createOrganization(db.kysely, { handle, name: "X" }).then(
        () => undefined,
        (e: DomainError) => e.kind,
      );
    expect(await fails("secours-lyon")).toBe("conflict");
    expect(await fails("marie")).toBe("conflict"); // users and organisations share the namespace
    expect(await fails("instance")).toBe("invalid");
    expect(await fails("bad handle!")).toBe("invalid");
    expect(await fails("-dash")).toBe("invalid");
  });

  it("authenticates by username or email, refusing wrong passwords and duplicate emails", async () => {
    await createUser(db.kysely, { username: "paul", email: "Paul@Example.org", password: "correct horse" });
    expect((await authenticate(db.kysely, "paul", "correct horse"))?.username).toBe("paul");
    expect((await authenticate(db.kysely, "paul@example.org", "correct horse"))?.username).toBe("paul");
    expect(await authenticate(db.kysely, "paul", "wrong horse!")).toBeUndefined();
    expect(await authenticate(db.kysely, "nobody", "correct horse")).toBeUndefined();
    await expect(
      createUser(db.kysely, { username: "paul2", email: "paul@example.org", password: "correct horse" }),
    ).rejects.toMatchObject({ kind: "conflict", field: "email" });
    await expect(createUser(db.kysely, { username: "p3", email: "p3@example.org", password: "short" })).rejects.toMatchObject(
      { kind: "invalid", field: "password" },
    );
    // The hash is Argon2id, never the password.
    const row = await db.kysely.selectFrom("users").select("password_hash").executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it("issues API tokens that verify, expire and can be revoked", async () => {
    const user = await createUser(db.kysely, { username: "lea", email: "lea@example.org", password: "long enough pw" });
    const keys = await loadTokenKeys(db.kysely, "https://town.example");
    const issued = await issueToken(db.kysely, keys, user.id, { days: 1 });
    expect((await verifyToken(db.kysely, keys, issued.token)).username).toBe("lea");

    const tomorrow = () => Date.now() + 2 * 86_400_000;
    await expect(verifyToken(db.kysely, keys, issued.token, tomorrow)).rejects.toThrow("expired");

    // The same signing key comes back after a restart; another issuer's tokens do not verify.
    const reloaded = await loadTokenKeys(db.kysely, "https://town.example");
    expect((await verifyToken(db.kysely, reloaded, issued.token)).id).toBe(user.id);
    const otherIssuer = await loadTokenKeys(db.kysely, "https://elsewhere.example");
    await expect(verifyToken(db.kysely, otherIssuer, issued.token)).rejects.toThrow("not valid");

    await revokeToken(db.kysely, user.id, issued.id);
    await expect(verifyToken(db.kysely, keys, issued.token)).rejects.toThrow("revoked");
    await expect(verifyToken(db.kysely, keys, `${issued.token.slice(0, -4)}AAAA`)).rejects.toThrow("not valid");
  });

  it("keeps web sessions by the hash of their secret", async () => {
    const user = await createUser(db.kysely, { username: "ana", email: "ana@example.org", password: "long enough pw" });
    const session = await createSession(db.kysely, user.id);
    const stored = await db.kysely.selectFrom("sessions").select("id").executeTakeFirstOrThrow();
    expect(stored.id).not.toBe(session.secret);
    expect((await findSession(db.kysely, session.secret))?.account.username).toBe("ana");
    await deleteSession(db.kysely, session.secret);
    expect(await findSession(db.kysely, session.secret)).toBeUndefined();
  });

  it("creates a secret once, even when two processes race", async () => {
    let calls = 0;
    const make = async () => `value-${++calls}`;
    const [a, b] = await Promise.all([getOrCreateSecret(db.kysely, "s", make), getOrCreateSecret(db.kysely, "s", make)]);
    expect(a).toBe(b);
    expect(await getOrCreateSecret(db.kysely, "s", make)).toBe(a);
  });

  it.runIf(dialect === "postgres")("survives the server closing its idle connections, and reconnects", async () => {
    // A PostgreSQL restart or failover ends idle connections; without a handler
    // that is an uncaught exception (vitest reports it and the run fails).
    const count = () => sql<{ n: number }>`select count(*)::int as n from users`.execute(db.kysely);
    await Promise.all([count(), count(), count()]);
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    const killed = await admin.query(
      "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
    );
    await admin.end();
    expect(killed.rowCount).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 100));
    expect((await count()).rows[0]?.n).toBe(0);
  });

  describe("Fedify KvStore", () => {
    it("gets, sets, deletes and lists by prefix", async () => {
      const kv = new KyselyKvStore(db.kysely);
      await kv.set(["_fedify", "doc", "https://a.example/x"], { a: 1 });
      await kv.set(["_fedify", "doc", "https://A.example/y"], [1, 2]);
      await kv.set(["_fedify", "docs"], "not under the prefix");
      await kv.set(["other"], "x");
      expect(await kv.get(["_fedify", "doc", "https://a.example/x"])).toEqual({ a: 1 });
      await kv.set(["_fedify", "doc", "https://a.example/x"], { a: 2 });
      expect(await kv.get(["_fedify", "doc", "https://a.example/x"])).toEqual({ a: 2 });
      const listed = [];
      for await (const entry of kv.list(["_fedify", "doc"])) listed.push(entry.key);
      expect(listed).toEqual([
        ["_fedify", "doc", "https://A.example/y"],
        ["_fedify", "doc", "https://a.example/x"],
      ]);
      await kv.delete(["other"]);
      expect(await kv.get(["other"])).toBeUndefined();
    });

    it("expires entries after their TTL and compares-and-swaps", async () => {
      const kv = new KyselyKvStore(db.kysely);
      await kv.set(["short"], 1, { ttl: Temporal.Duration.from({ milliseconds: 50 }) });
      expect(await kv.get(["short"])).toBe(1);
      await new Promise((r) => setTimeout(r, 80));
      expect(await kv.get(["short"])).toBeUndefined();

      expect(await kv.cas(["c"], undefined, "first")).toBe(true);
      expect(await kv.cas(["c"], "wrong", "second")).toBe(false);
      expect(await kv.cas(["c"], "first", "second")).toBe(true);
      expect(await kv.get(["c"])).toBe("second");
    });
  });
});

describe("SQLite statements", () => {
  it("are compiled once per SQL text, the least recently used dropped beyond the bound", () => {
    const sqlite = new SqliteDatabase(":memory:");
    const db = cachedStatements(sqlite, 2);
    const one = db.prepare("select 1 as n");
    expect(db.prepare("select 1 as n")).toBe(one);
    const two = db.prepare("select 2 as n");
    expect(db.prepare("select 1 as n")).toBe(one);
    db.prepare("select 3 as n");
    // "select 2" was the least recently used: compiled again; "select 1" kept.
    expect(db.prepare("select 2 as n")).not.toBe(two);
    expect(db.prepare("select 2 as n").all([])).toEqual([{ n: 2 }]);
    db.close();
    expect(sqlite.open).toBe(false);
  });
});
