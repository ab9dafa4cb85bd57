// The `entraide` command line.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { type Config, ConfigError, loadDotEnv, parseConfig } from "../config.ts";
import { CopyError, copyDatabase } from "../db/copy.ts";
import { type Db, openDatabase } from "../db/database.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { generatePassword } from "../domain/accounts/passwords.ts";
import { DEFAULT_TOKEN_DAYS, issueToken, loadTokenKeys, MAX_TOKEN_DAYS } from "../domain/accounts/tokens.ts";
import { createUser, findUserByLogin } from "../domain/accounts/users.ts";
import { DomainError } from "../domain/errors.ts";
import { audit } from "../domain/moderation/moderation.ts";
import { createOrganization } from "../domain/organizations/organizations.ts";
import { configureLogging } from "../logging.ts";
import { VERSION } from "../version.ts";

class UsageError extends Error {}

interface Command {
  usage: string;
  summary: string;
  options?: Record<string, { type: "string" | "boolean"; short?: string; description: string }>;
  run(positionals: string[], values: Record<string, string | boolean | undefined>): Promise<number | undefined>;
}

const COMMANDS: Record<string, Command> = {
  serve: {
    usage: "entraide serve",
    summary: "Apply pending migrations and start the server (configuration from the environment and .env)",
    async run() {
      const config = loadConfig();
      // Loaded here only: the other commands need neither Fedify nor Hono, and start faster without.
      const { startServer } = await import("../main.ts");
      const server = await startServer(config);
      return new Promise<number>((done) => {
        let stopping = false;
        const stop = (signal: string) => {
          if (stopping) return;
          stopping = true;
          const timer = setTimeout(() => {
            process.stderr.write(`entraide: did not stop within ${config.shutdownTimeoutMs} ms after ${signal}\n`);
            done(1);
          }, config.shutdownTimeoutMs);
          timer.unref();
          server.close().then(
            () => {
              clearTimeout(timer);
              done(0);
            },
            () => done(1),
          );
        };
        process.on("SIGTERM", () => stop("SIGTERM"));
        process.on("SIGINT", () => stop("SIGINT"));
      });
    },
  },
  migrate: {
    usage: "entraide migrate",
    summary: "Apply pending database migrations and exit",
    async run() {
      const applied = await withDb(loadConfig(), (db) => migrateToLatest(db), { migrate: false });
      console.log(applied.length ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
      return 0;
    },
  },
  "migrate-data": {
    usage: "entraide migrate-data --from sqlite:<file> --to postgres://…",
    summary: "Copy every table of a stopped instance's SQLite database into a new, empty PostgreSQL database",
    options: {
      from: { type: "string", description: "The source database: sqlite:<file> (migrated, its server stopped)" },
      to: { type: "string", description: "The target database: postgres://… (created, empty)" },
    },
    async run(_positionals, values) {
      const from = values.from;
      const to = values.to;
      if (typeof from !== "string" || !from.startsWith("sqlite:")) throw new UsageError("--from takes sqlite:<file>");
      if (typeof to !== "string" || !/^postgres(ql)?:\/\//.test(to)) throw new UsageError("--to takes postgres://…");
      const file = from.slice("sqlite:".length);
      if (!existsSync(file)) throw new UsageError(`${file} does not exist`);
      const source = openDatabase(from);
      const target = openDatabase(to);
      try {
        const counts = await copyDatabase(source, target);
        for (const c of counts) console.log(`${c.table.padEnd(24)} ${c.target}`);
        console.log(`Copied ${counts.reduce((n, c) => n + c.target, 0)} rows; the counts match table by table.`);
        return 0;
      } catch (error) {
        if (!(error instanceof CopyError)) throw error;
        process.stderr.write(`entraide: ${error.message}\n`);
        return 1;
      } finally {
        await Promise.all([source.close(), target.close()]);
      }
    },
  },
  "org create": {
    usage: "entraide org create <handle> --name <name> [--summary <text>] [--website <url>] [--coordinator <username>]",
    summary: "Create an organisation (a Group actor others can follow as @handle@host)",
    options: {
      name: { type: "string", description: "Display name (required)" },
      summary: { type: "string", description: "A short description" },
      website: { type: "string", description: "Website address" },
      coordinator: { type: "string", description: "Username of its first coordinator" },
    },
    async run([handle], values) {
      if (!handle) throw new UsageError("missing <handle>");
      if (typeof values.name !== "string") throw new UsageError("missing --name");
      const config = loadConfig();
      const org = await withDb(config, async (db) => {
        let coordinatorId: string | undefined;
        if (typeof values.coordinator === "string") {
          const user = await findUserByLogin(db.kysely, values.coordinator);
          if (!user) throw new DomainError("not_found", `no user named ${values.coordinator}`, undefined, "account_not_found", { username: String(values.coordinator) });
          coordinatorId = user.id;
        }
        return createOrganization(db.kysely, {
          handle,
          name: values.name as string,
          summary: values.summary as string | undefined,
          website: (values.website as string | undefined) ?? null,
          coordinatorId,
        });
      });
      console.log(`Created ${org.name}: @${org.handle}@${config.publicUrl.host}`);
      return 0;
    },
  },
  "user create": {
    usage: "entraide user create <username> --email <email> [--admin | --moderator] [--name <display name>]",
    summary: "Create an account; the password is read from standard input, or generated and printed",
    options: {
      email: { type: "string", description: "Email address (required)" },
      admin: { type: "boolean", description: "Make the account an administrator" },
      moderator: { type: "boolean", description: "Make the account a moderator" },
      name: { type: "string", description: "Display name" },
    },
    async run([username], values) {
      if (!username) throw new UsageError("missing <username>");
      if (typeof values.email !== "string") throw new UsageError("missing --email");
      const given = process.stdin.isTTY ? "" : (await readStdin()).replace(/\r?\n$/, "");
      const password = given || generatePassword();
      const role = values.admin ? "admin" : values.moderator ? "moderator" : "citizen";
      const user = await withDb(loadConfig(), (db) =>
        createUser(db.kysely, {
          username,
          email: values.email as string,
          password,
          role,
          displayName: values.name as string | undefined,
        }),
      );
      console.log(`Created ${user.role} @${user.username} <${user.email}>`);
      if (!given) console.log(`Password: ${password}`);
      return 0;
    },
  },
  "token create": {
    usage: "entraide token create <username> [--name <label>] [--days <n>]",
    summary: "Print a new API bearer token for an account",
    options: {
      name: { type: "string", description: "What the token is for (default: cli)" },
      days: { type: "string", description: `Validity in days (default ${DEFAULT_TOKEN_DAYS}, at most ${MAX_TOKEN_DAYS})` },
    },
    async run([username], values) {
      if (!username) throw new UsageError("missing <username>");
      const days = values.days === undefined ? undefined : Number(values.days);
      if (days !== undefined && !Number.isInteger(days)) throw new UsageError("--days takes a whole number");
      const config = loadConfig();
      const issued = await withDb(config, async (db) => {
        const user = await findUserByLogin(db.kysely, username);
        if (!user) throw new DomainError("not_found", `no user named ${username}`, undefined, "account_not_found", { username });
        const keys = await loadTokenKeys(db.kysely, config.publicUrl.origin);
        return issueToken(db.kysely, keys, user.id, { name: (values.name as string) ?? "cli", days });
      });
      console.log(issued.token);
      process.stderr.write(`Token ${issued.id} expires ${issued.expires}\n`);
      return 0;
    },
  },
  "federation follow": {
    usage: "entraide federation follow <instance-address | actor-url | handle> [--relay]",
    summary: "Make this instance follow another Entraide instance (or subscribe to a relay with --relay)",
    options: { relay: { type: "boolean", description: "The target is an ActivityPub relay" } },
    async run([target], values) {
      if (!target) throw new UsageError("missing <instance-address>");
      const followed = await withInstance(loadConfig(), async (f, db) => {
        const remote = await f.followInstance(target, Boolean(values.relay));
        await audit(db, null, values.relay ? "relay.subscribe" : "instance.follow", remote.uri, { via: "cli" });
        return remote;
      });
      console.log(`Follow sent to ${followed.uri}; the running server delivers it and records the answer.`);
      return 0;
    },
  },
  "federation unfollow": {
    usage: "entraide federation unfollow <actor-url | handle | instance-address>",
    summary: "Stop following an instance; forget the needs it sent that no local user follows",
    async run([target]) {
      if (!target) throw new UsageError("missing <actor-url>");
      await withInstance(loadConfig(), async (f, db) => {
        await f.unfollowInstance(target);
        await audit(db, null, "instance.unfollow", target, { via: "cli" });
      });
      console.log(`No longer following ${target}.`);
      return 0;
    },
  },
  "federation list": {
    usage: "entraide federation list",
    summary: "The instances and relays this instance follows",
    async run() {
      const follows = await withInstance(loadConfig(), (f) => f.listInstanceFollows());
      if (follows.length === 0) console.log("This instance follows no other instance.");
      for (const f of follows) console.log(`${f.accepted ? "accepted" : "pending "}  ${f.uri}  ${f.name}`);
      return 0;
    },
  },
  backup: {
    usage: "entraide backup <file>",
    summary: "Copy the SQLite database to <file> while the server runs (online backup)",
    async run([file]) {
      if (!file) throw new UsageError("missing <file>");
      const target = resolve(file);
      if (existsSync(target)) throw new UsageError(`${target} exists already; choose a new file`);
      await withDb(loadConfig(), async (db) => {
        if (!db.sqlite) {
          throw new DomainError("invalid", "backup copies the embedded SQLite database; for PostgreSQL use pg_dump", undefined, "backup_sqlite_only");
        }
        await db.sqlite.backup(target);
      }, { migrate: false });
      console.log(`Backed up to ${target}`);
      return 0;
    },
  },
};

function loadConfig(): Config {
  loadDotEnv();
  const config = parseConfig(process.env);
  configureLogging({ level: config.logLevel, format: config.logFormat });
  return config;
}

/** Opens the database, migrated, for one command. */
async function withDb<T>(config: Config, work: (db: Db) => Promise<T>, options = { migrate: true }): Promise<T> {
  const db = openDatabase(config.databaseUrl);
  try {
    if (options.migrate) await migrateToLatest(db);
    return await work(db);
  } finally {
    await db.close();
  }
}

/** Assembles the application (without listening) for commands that federate. */
async function withInstance<T>(
  config: Config,
  work: (federation: import("../http/env.ts").FederationEndpoint, db: Db["kysely"]) => Promise<T>,
): Promise<T> {
  const { createInstance } = await import("../main.ts");
  const instance = await createInstance(config);
  try {
    return await work(instance.endpoint, instance.db.kysely);
  } finally {
    // The database, and the Redis connection when the queue is there.
    await instance.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function help(name: string, command: Command): string {
  const lines = [`Usage: ${command.usage}`, "", command.summary];
  const options = Object.entries(command.options ?? {});
  if (options.length) {
    lines.push("", "Options:");
    for (const [option, spec] of options) lines.push(`  --${option.padEnd(14)} ${spec.description}`);
  }
  lines.push(`  --${"help".padEnd(14)} Show this help`);
  return `${lines.join("\n")}\n${name === "serve" ? "\nSee README.md for the environment variables.\n" : ""}`;
}

function overview(): string {
  const lines = [`entraide ${VERSION}: a federated server for volunteering needs and offers`, "", "Commands:"];
  for (const command of Object.values(COMMANDS)) lines.push(`  ${command.usage}`, `      ${command.summary}`);
  lines.push("", "Run `entraide <command> --help` for a command's options.");
  return `${lines.join("\n")}\n`;
}

export async function main(argv: string[]): Promise<number> {
  const words = argv.filter((a) => !a.startsWith("-"));
  const name = [`${words[0]} ${words[1]}`, words[0]].find((n) => n && n in COMMANDS);
  if (!name) {
    if (argv.length === 0 || argv.includes("--help") || argv.includes("-h") || argv[0] === "help") {
      process.stdout.write(overview());
      return 0;
    }
    if (argv.includes("--version")) {
      console.log(VERSION);
      return 0;
    }
    process.stderr.write(`entraide: unknown command "${words.join(" ")}"\n\n${overview()}`);
    return 2;
  }
  const command = COMMANDS[name]!;
  const rest = argv.slice(argv.indexOf(words[0]!) + name.split(" ").length);
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { help: { type: "boolean", short: "h" }, ...(command.options ?? {}) },
    });
    if (values.help) {
      process.stdout.write(help(name, command));
      return 0;
    }
    return (await command.run(positionals, values)) ?? 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`entraide: ${error.message}\n`);
      return 2;
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`entraide: ${(error as Error).message}\n\n${help(name, command)}`);
      return 2;
    }
    if (error instanceof DomainError) {
      process.stderr.write(`entraide: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`entraide: ${(error as Error).stack ?? error}\n`);
    return 1;
  }
}

process.exit(await main(process.argv.slice(2)));
