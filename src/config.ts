// Configuration: read once from the environment (and `.env` when present),
// validated at start. Every error names the variable and shows an example.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";

const bool = (name: string) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no"], {
      error: `${name} must be true or false (example: ${name}=true)`,
    })
    .transform((v) => v === "true" || v === "1" || v === "yes");

const schema = z.object({
  PUBLIC_URL: z
    .url({ error: "PUBLIC_URL must be an http(s) origin (example: PUBLIC_URL=https://entraide.example-town.fr)" })
    .refine((v) => /^https?:\/\//.test(v), {
      error: "PUBLIC_URL must start with http:// or https:// (example: PUBLIC_URL=https://entraide.example-town.fr)",
    })
    .refine(
      (v) => {
        const u = new URL(v);
        return (u.pathname === "/" || u.pathname === "") && !u.search && !u.hash;
      },
      { error: "PUBLIC_URL must be an origin without a path (example: PUBLIC_URL=https://entraide.example-town.fr)" },
    )
    .optional(),
  PORT: z.coerce
    .number({ error: "PORT must be a port number (example: PORT=8080)" })
    .int({ error: "PORT must be a whole number (example: PORT=8080)" })
    .min(0, { error: "PORT must be between 0 and 65535 (example: PORT=8080)" })
    .max(65535, { error: "PORT must be between 0 and 65535 (example: PORT=8080)" })
    .default(8080),
  HOST: z.string().min(1, { error: "HOST must not be empty (example: HOST=127.0.0.1)" }).default("127.0.0.1"),
  DATA_DIR: z.string().min(1, { error: "DATA_DIR must not be empty (example: DATA_DIR=/var/lib/entraide)" }).default("./data"),
  DATABASE_URL: z
    .string()
    .refine((v) => /^(postgres|postgresql):\/\/|^sqlite:/.test(v), {
      error: "DATABASE_URL must start with postgres:// or sqlite: (example: DATABASE_URL=postgres://entraide@localhost/entraide)",
    })
    .optional(),
  REDIS_URL: z
    .string()
    .refine((v) => /^rediss?:\/\/[^/]/.test(v), {
      error: "REDIS_URL must start with redis:// or rediss:// (example: REDIS_URL=redis://localhost:6379/0)",
    })
    .optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[\w.:-]{1,100}$/, {
      error: "REDIS_PREFIX must be 1 to 100 letters, digits, '.', ':', '-' or '_' (example: REDIS_PREFIX=entraide)",
    })
    .default("entraide"),
  QUEUE_LEASE_SECONDS: z.coerce
    .number({ error: "QUEUE_LEASE_SECONDS must be a number of seconds (example: QUEUE_LEASE_SECONDS=120)" })
    .int()
    .min(1, { error: "QUEUE_LEASE_SECONDS must be at least 1 (example: QUEUE_LEASE_SECONDS=120)" })
    .default(120),
  QUEUE_CONCURRENCY: z.coerce
    .number({ error: "QUEUE_CONCURRENCY must be a whole number (example: QUEUE_CONCURRENCY=16)" })
    .int({ error: "QUEUE_CONCURRENCY must be a whole number (example: QUEUE_CONCURRENCY=16)" })
    .min(1, { error: "QUEUE_CONCURRENCY must be at least 1 (example: QUEUE_CONCURRENCY=16)" })
    .max(256, { error: "QUEUE_CONCURRENCY must be at most 256 (example: QUEUE_CONCURRENCY=16)" })
    .default(16),
  RESPONSE_CACHE_MB: z.coerce
    .number({ error: "RESPONSE_CACHE_MB must be a number of mebibytes (example: RESPONSE_CACHE_MB=32)" })
    .min(0, { error: "RESPONSE_CACHE_MB must be 0 (no cache) or more (example: RESPONSE_CACHE_MB=32)" })
    .max(4096, { error: "RESPONSE_CACHE_MB must be at most 4096 (example: RESPONSE_CACHE_MB=32)" })
    .default(32),
  NODE_TYPE: z
    .enum(["web", "worker", "all"], { error: "NODE_TYPE must be web, worker or all (example: NODE_TYPE=worker)" })
    .default("all"),
  ALLOW_PRIVATE_ADDRESS: bool("ALLOW_PRIVATE_ADDRESS").default(false),
  TRUST_PROXY: bool("TRUST_PROXY").default(false),
  LOG_LEVEL: z
    .enum(["trace", "debug", "info", "warning", "error", "fatal"], {
      error: "LOG_LEVEL must be one of trace, debug, info, warning, error, fatal (example: LOG_LEVEL=info)",
    })
    .default("info"),
  LOG_FORMAT: z
    .enum(["text", "json"], { error: "LOG_FORMAT must be text or json (example: LOG_FORMAT=json)" })
    .default("text"),
  INSTANCE_NAME: z
    .string()
    .max(100, { error: "INSTANCE_NAME has at most 100 characters (example: INSTANCE_NAME=Entraide Villeurbanne)" })
    .default("Entraide"),
  INSTANCE_DESCRIPTION: z
    .string()
    .max(500, { error: "INSTANCE_DESCRIPTION has at most 500 characters (example: INSTANCE_DESCRIPTION=Volunteering in our town)" })
    .default(""),
  INSTANCE_CONTACT_EMAIL: z
    .email({ error: "INSTANCE_CONTACT_EMAIL must be an email address (example: INSTANCE_CONTACT_EMAIL=entraide@example-town.fr)" })
    .optional(),
  REGISTRATIONS_OPEN: bool("REGISTRATIONS_OPEN").default(true),
  SHUTDOWN_TIMEOUT_MS: z.coerce
    .number({ error: "SHUTDOWN_TIMEOUT_MS must be a number of milliseconds (example: SHUTDOWN_TIMEOUT_MS=10000)" })
    .int()
    .positive()
    .default(10_000),
  LOGIN_RATE_LIMIT: z.coerce
    .number({ error: "LOGIN_RATE_LIMIT must be a number of attempts per minute (example: LOGIN_RATE_LIMIT=10)" })
    .int()
    .positive()
    .default(10),
  FEDERATION_MODE: z
    .enum(["open", "allowlist"], {
      error: "FEDERATION_MODE must be open or allowlist (example: FEDERATION_MODE=allowlist)",
    })
    .default("open"),
  AGGREGATOR: bool("AGGREGATOR").default(false),
  INBOX_RATE_LIMIT: z.coerce
    .number({ error: "INBOX_RATE_LIMIT must be a number of deliveries per minute (example: INBOX_RATE_LIMIT=600)" })
    .int()
    .positive()
    .default(600),
  GEOCODER_URL: z
    .string()
    .refine(
      (v) => {
        try {
          const u = new URL(v);
          return (u.protocol === "https:" || u.protocol === "http:") && u.hostname !== "";
        } catch {
          return false;
        }
      },
      { error: "GEOCODER_URL must be an http(s) URL of an address API like the national one (example: GEOCODER_URL=https://api-adresse.data.gouv.fr)" },
    )
    .optional(),
  SMTP_URL: z
    .string()
    .refine(
      (v) => {
        try {
          const u = new URL(v);
          return (u.protocol === "smtp:" || u.protocol === "smtps:") && u.hostname !== "";
        } catch {
          return false;
        }
      },
      { error: "SMTP_URL must be an smtp:// or smtps:// URL with a host (example: SMTP_URL=smtp://user:password@mail.example-town.fr:587)" },
    )
    .optional(),
  MAP_TILES_URL: z
    .string()
    .refine(
      (v) => {
        try {
          const u = new URL(v.replace("{s}", "a"));
          return (u.protocol === "https:" || u.protocol === "http:") && ["{z}", "{x}", "{y}"].every((p) => v.includes(p));
        } catch {
          return false;
        }
      },
      { error: "MAP_TILES_URL must be an http(s) URL of tiles with {z}, {x} and {y} (example: MAP_TILES_URL=https://tile.openstreetmap.org/{z}/{x}/{y}.png)" },
    )
    .default("https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
  MAP_TILES_ATTRIBUTION: z
    .string()
    .max(500, { error: "MAP_TILES_ATTRIBUTION must be at most 500 characters (example: MAP_TILES_ATTRIBUTION=© OpenStreetMap contributors)" })
    .default("© OpenStreetMap contributors"),
  SMTP_FROM: z
    .string()
    .max(300)
    .regex(/^(?:[^<>@\r\n]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, {
      error: "SMTP_FROM must be an address, with a name or not (example: SMTP_FROM=Entraide <entraide@example-town.fr>)",
    })
    .optional(),
  // A test knob: the outbox publishes nothing for this long after the process starts,
  // so a test can kill it between a commit and the publication of its events.
  EVENT_DRAIN_DELAY_MS: z.coerce
    .number({ error: "EVENT_DRAIN_DELAY_MS must be a number of milliseconds (example: EVENT_DRAIN_DELAY_MS=0)" })
    .int()
    .min(0, { error: "EVENT_DRAIN_DELAY_MS must be 0 or more (example: EVENT_DRAIN_DELAY_MS=0)" })
    .default(0),
  INBOX_MAX_BYTES: z.coerce
    .number({ error: "INBOX_MAX_BYTES must be a number of bytes (example: INBOX_MAX_BYTES=262144)" })
    .int({ error: "INBOX_MAX_BYTES must be a whole number of bytes (example: INBOX_MAX_BYTES=262144)" })
    .min(4096, { error: "INBOX_MAX_BYTES must be at least 4096: real activities are a few kilobytes (example: INBOX_MAX_BYTES=262144)" })
    .default(262_144),
  DELIVERY_TIMEOUT_SECONDS: z.coerce
    .number({ error: "DELIVERY_TIMEOUT_SECONDS must be a number of seconds (example: DELIVERY_TIMEOUT_SECONDS=30)" })
    .positive({ error: "DELIVERY_TIMEOUT_SECONDS must be more than 0 (example: DELIVERY_TIMEOUT_SECONDS=30)" })
    .max(600, { error: "DELIVERY_TIMEOUT_SECONDS must be at most 600 (example: DELIVERY_TIMEOUT_SECONDS=30)" })
    .default(30),
  MAX_BODY_BYTES: z.coerce
    .number({ error: "MAX_BODY_BYTES must be a number of bytes (example: MAX_BODY_BYTES=1048576)" })
    .int()
    .positive()
    .default(1_048_576),
  MAX_UPLOAD_BYTES: z.coerce
    .number({ error: "MAX_UPLOAD_BYTES must be a number of bytes (example: MAX_UPLOAD_BYTES=8388608)" })
    .int({ error: "MAX_UPLOAD_BYTES must be a whole number of bytes (example: MAX_UPLOAD_BYTES=8388608)" })
    .positive({ error: "MAX_UPLOAD_BYTES must be more than 0 (example: MAX_UPLOAD_BYTES=8388608)" })
    .max(64 * 1048576, { error: "MAX_UPLOAD_BYTES must be at most 64 MiB (example: MAX_UPLOAD_BYTES=8388608)" })
    .default(8 * 1048576),
});

export type NodeType = z.infer<typeof schema>["NODE_TYPE"];
export type LogLevel = z.infer<typeof schema>["LOG_LEVEL"];

export interface Config {
  /** The origin every federated id starts with, without a trailing slash. */
  publicUrl: URL;
  port: number;
  host: string;
  dataDir: string;
  /** `sqlite:<file>` or `postgres://…`. */
  databaseUrl: string;
  /** Fedify's queue on Redis (`redis://…`) instead of the database, when set. */
  redisUrl: string | undefined;
  /** Prefix of every Redis key, so that several instances can share one Redis server. */
  redisPrefix: string;
  /** How long a worker holds a queue message before another may take it (a dead worker's messages wait this long). */
  queueLeaseMs: number;
  /** How many queue messages one process runs at once (deliveries mostly wait on the network). */
  queueConcurrency: number;
  /** Bytes of public documents kept whole for the GETs other servers repeat (0: none). */
  responseCacheBytes: number;
  /** web: HTTP and enqueueing only; worker: the queue, and /healthz and /readyz only; all: both. */
  nodeType: NodeType;
  allowPrivateAddress: boolean;
  trustProxy: boolean;
  logLevel: LogLevel;
  logFormat: "text" | "json";
  /** The defaults of the settings an administrator can change at /admin/settings. */
  instanceName: string;
  instanceDescription: string;
  instanceContactEmail: string;
  registrationsOpen: boolean;
  shutdownTimeoutMs: number;
  maxBodyBytes: number;
  /** The largest picture accepted (issue 16); the upload routes' body limit is a little more, for the form's other fields. */
  maxUploadBytes: number;
  /** Login and token requests allowed per client address per minute. */
  loginRateLimit: number;
  /** allowlist: only approved domains federate. */
  federationMode: "open" | "allowlist";
  /** A federation of towns: re-publish (Announce) the needs of the instances it follows. */
  aggregator: boolean;
  /** Inbox deliveries accepted per remote host per minute. */
  inboxRateLimit: number;
  /** The largest inbox delivery accepted (a delivery without an HTTP signature: at most 64 KiB). */
  inboxMaxBytes: number;
  /** How long one outgoing delivery (or a fetch made by the queue worker) may take before it is abandoned and retried later. */
  deliveryTimeoutMs: number;
  /** Where mail goes (smtp:// or smtps://); unset: mail is written to the log. */
  smtpUrl: string | undefined;
  /** An address API answering `/search/?q=` as the national one does (off when unset): the need form's exact point from its address. */
  geocoderUrl: string | undefined;
  /** The sender of every mail. */
  smtpFrom: string;
  /** Tests only: how long after the start the outbox of domain events publishes nothing (ms; 0 in production). */
  eventDrainDelayMs: number;
  /** The map's tiles (issue 16): a URL template with {z}, {x}, {y} (and {s}), the origin the pages' CSP allows images from, and their attribution. */
  mapTiles: { url: string; origin: string; attribution: string };
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join("\n  - ")}`);
    this.problems = problems;
  }
}

/** Parses and validates the configuration; throws a {@link ConfigError} listing every problem. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // Empty values count as unset, as in most .env conventions.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? "environment");
        return issue.message.includes(name) ? issue.message : `${name}: ${issue.message}`;
      }),
    );
  }
  const e = result.data;
  const dataDir = resolve(e.DATA_DIR);
  const defaultHost = e.HOST === "0.0.0.0" || e.HOST === "::" ? "localhost" : e.HOST;
  const publicUrl = new URL(e.PUBLIC_URL ?? `http://${defaultHost.includes(":") ? `[${defaultHost}]` : defaultHost}:${e.PORT}`);
  return {
    publicUrl: new URL(publicUrl.origin),
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? `sqlite:${resolve(dataDir, "entraide.sqlite")}`,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    queueLeaseMs: e.QUEUE_LEASE_SECONDS * 1000,
    queueConcurrency: e.QUEUE_CONCURRENCY,
    responseCacheBytes: Math.round(e.RESPONSE_CACHE_MB * 1024 * 1024),
    nodeType: e.NODE_TYPE,
    allowPrivateAddress: e.ALLOW_PRIVATE_ADDRESS,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    instanceName: e.INSTANCE_NAME,
    instanceDescription: e.INSTANCE_DESCRIPTION,
    instanceContactEmail: e.INSTANCE_CONTACT_EMAIL ?? "",
    registrationsOpen: e.REGISTRATIONS_OPEN,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    maxBodyBytes: e.MAX_BODY_BYTES,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    federationMode: e.FEDERATION_MODE,
    aggregator: e.AGGREGATOR,
    inboxRateLimit: e.INBOX_RATE_LIMIT,
    inboxMaxBytes: e.INBOX_MAX_BYTES,
    deliveryTimeoutMs: Math.round(e.DELIVERY_TIMEOUT_SECONDS * 1000),
    smtpUrl: e.SMTP_URL,
    geocoderUrl: e.GEOCODER_URL,
    // No name: mail goes out under the instance's name, as its administrator last saved it.
    smtpFrom: e.SMTP_FROM ?? `noreply@${publicUrl.hostname}`,
    eventDrainDelayMs: e.EVENT_DRAIN_DELAY_MS,
    mapTiles: { url: e.MAP_TILES_URL, origin: tilesOrigin(e.MAP_TILES_URL), attribution: e.MAP_TILES_ATTRIBUTION },
  };
}

/** The origin of a tile URL template, as a CSP source: `{s}` in the host becomes a wildcard (https://*.tile.example.org). */
function tilesOrigin(template: string): string {
  const wild = template.includes("{s}.");
  const origin = new URL(template.replace("{s}.", "")).origin;
  return wild ? origin.replace("://", "://*.") : origin;
}

/** Loads `.env` from the working directory when present; variables already set win. */
export function loadDotEnv(file = ".env"): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
