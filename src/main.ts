// The composition root: configuration, database, federation and HTTP meet here, and only here.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Federation, KvStore } from "@fedify/fedify";
import { serve } from "@hono/node-server";
import { createRequire } from "node:module";
import type { Redis } from "ioredis";
import {
  buildFederation,
  type ContextData,
  createPublisher,
  type FederationSettings,
  followInstance,
  findActorUri,
  followRemote,
  listInstanceFollows,
  memberOrigins,
  membersOpenData,
  refreshStaleRemoteNeeds,
  unfollowInstance,
  needTombstoneResponse,
  offerObjectResponse,
  practiceTombstoneResponse,
  practiceTryResponse,
  DocumentCache,
  DOCUMENT_TYPES,
  documentRoutes,
  KeyCache,
  KyselyKvStore,
  KyselyMessageQueue,
  RedisMessageQueue,
} from "../federation/mod.ts";
import type { Config } from "./config.ts";
import { ResponseCache } from "./cache/responses.ts";
import { type Db, openDatabase } from "./db/database.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { INSTANCE_HANDLE, ensureInstanceActor } from "./domain/actors/actors.ts";
import { loadTokenKeys } from "./domain/accounts/tokens.ts";
import { alertEvents } from "./domain/alerts/events.ts";
import { notificationEvents } from "./domain/notifications/events.ts";
import { runScheduled } from "./domain/notifications/scheduler.ts";
import { silentEvents } from "./domain/events.ts";
import { EventStream } from "./domain/events/stream.ts";
import { InstanceSettingsStore } from "./domain/instance/settings.ts";
import { RETENTION_DEFAULTS } from "./domain/privacy/retention-settings.ts";
import { AGE_DEFAULTS } from "./domain/safeguarding/age.ts";
import { runRetentionOnce } from "./domain/privacy/retention.ts";
import { closePastNeedsOnce } from "./domain/needs/expiry.ts";
import { FederationPolicy } from "./domain/moderation/policy.ts";
import { createHttpApp } from "./http/app.ts";
import { PAGE_TYPES, pageRoutes } from "./http/page-cache.ts";
import { COMMON_HEADERS, DOCUMENT_POLICY } from "./http/security-headers.ts";
import type { FederationEndpoint } from "./http/env.ts";
import { logger } from "./logging.ts";
import { logMailer, smtpMailer } from "./mail/transports.ts";
import { MailWorker } from "./mail/worker.ts";
import { VERSION } from "./version.ts";
import { FilesystemStore } from "./storage/filesystem.ts";
import { join } from "node:path";

const log = logger("server");

export interface Instance {
  config: Config;
  db: Db;
  federation: Federation<ContextData>;
  contextData: ContextData;
  /** Public documents answered to other servers, sent again while their rows are unchanged. */
  responses: ResponseCache;
  /** Need pages for visitors not signed in, sent again while the need is unchanged. */
  pages: ResponseCache;
  http: ReturnType<typeof createHttpApp>;
  kv: KyselyKvStore;
  /** The stream of domain events; `idle()` resolves once those committed so far are consumed (activities on the queue, alerts queued). */
  events: EventStream;
  /** The federation as the HTTP layer and the command line use it. */
  endpoint: FederationEndpoint;
  /** Sends what the mail outbox holds (run where the queue runs). */
  mail: MailWorker;
  /** Publishes the events this process emitted, then closes the database and the Redis connection. */
  close(): Promise<void>;
}

/** Opens the database, applies migrations and assembles the application, without listening. */
export async function createInstance(config: Config, testing?: FederationSettings["testing"]): Promise<Instance> {
  const db = openDatabase(config.databaseUrl);
  const redis = config.redisUrl ? connectRedis(config.redisUrl) : undefined;
  const mailer = config.smtpUrl ? smtpMailer(config.smtpUrl, config.smtpFrom) : logMailer();
  const close = async () => {
    mailer.close();
    await redis?.quit().catch(() => redis.disconnect());
    await db.close();
  };
  try {
    const applied = await migrateToLatest(db);
    if (applied.length > 0) log.info("Applied migrations: {applied}", { applied });
    const settings = new InstanceSettingsStore(db.kysely, {
      name: config.instanceName,
      description: config.instanceDescription,
      rules: "",
      privacy: "",
      charter: "",
      contactEmail: config.instanceContactEmail,
      registrationsOpen: config.registrationsOpen,
      retention: RETENTION_DEFAULTS,
      volunteers: AGE_DEFAULTS,
    });
    const { name, description } = await settings.get();
    await ensureInstanceActor(db.kysely, name, description);
    const tokenKeys = await loadTokenKeys(db.kysely, config.publicUrl.origin);
    const kv = new KyselyKvStore(db.kysely);
    const policy = new FederationPolicy(db.kysely, { allowListMode: config.federationMode === "allowlist" });
    const federation = await buildFederation({
      origin: config.publicUrl,
      kv,
      queue: redis
        ? new RedisMessageQueue(redis, { prefix: config.redisPrefix, leaseMs: config.queueLeaseMs, concurrency: config.queueConcurrency })
        : new KyselyMessageQueue(db.kysely, db.dialect, { leaseMs: config.queueLeaseMs, concurrency: config.queueConcurrency }),
      allowPrivateAddress: config.allowPrivateAddress,
      deliveryTimeoutMs: config.deliveryTimeoutMs,
      testing,
    });
    const contextData: ContextData = {
      db: db.kysely,
      keys: new KeyCache(),
      documents: new DocumentCache(),
      instance: { version: VERSION },
      settings,
      network: { allowPrivateAddress: config.allowPrivateAddress },
      policy,
      aggregator: config.aggregator,
      events: silentEvents,
    };
    // Handlers announce what they commit through the same stream as the API. Each
    // consumer has its own deliveries of it, in the background: the alerts (a need
    // published here or received from a followed server becomes a mail job; the
    // alert deliveries make a replayed event mail nobody twice), the notifications
    // (src/domain/notifications/events.ts: the in-app list and its mail jobs, once
    // per event and user) and the federation (the publisher turns events into
    // activities on the queue).
    const publisher = createPublisher(federation, contextData, config.publicUrl);
    const events = new EventStream(
      db.kysely,
      { alerts: alertEvents(db.kysely), notifications: notificationEvents(db.kysely), federation: publisher },
      { startDelayMs: config.eventDrainDelayMs },
    );
    contextData.events = events;
    const mail = new MailWorker({ db: db.kysely, mailer, publicUrl: config.publicUrl, policy, settings });
    const responses = new ResponseCache({ maxBytes: config.responseCacheBytes, resolve: documentRoutes(contextData), types: DOCUMENT_TYPES });
    const endpoint = federationEndpoint(federation, contextData, responses, config.publicUrl, kv);
    const pages = new ResponseCache({ maxBytes: config.responseCacheBytes, resolve: pageRoutes({ db, settings }), types: PAGE_TYPES });
    const http = createHttpApp({
      config,
      db,
      pages,
      tokenKeys,
      version: VERSION,
      events,
      files: new FilesystemStore(join(config.dataDir, "files")),
      policy,
      settings,
      queueReady: redis ? () => answersPing(redis) : undefined,
      federation: endpoint,
      signaturesSkipped: testing?.skipSignatureVerification ?? false,
    });
    return {
      config,
      db,
      federation,
      contextData,
      responses,
      pages,
      http,
      kv,
      endpoint,
      events,
      mail,
      async close() {
        // What this process emitted is published (the command line's follows, for one)
        // unless the server stopped the outbox first.
        await events.idle();
        await events.stop();
        await close();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Whether Redis answers within 2 s (ioredis would otherwise hold the command until it reconnects). */
function answersPing(redis: Redis): Promise<boolean> {
  return Promise.race([
    redis.ping().then((answer) => answer === "PONG"),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000).unref()),
  ]);
}

function connectRedis(url: string): Redis {
  // Loaded here only: an instance with its queue in the database never loads the Redis client.
  const { Redis } = createRequire(import.meta.url)("ioredis") as typeof import("ioredis");
  const redis = new Redis(url);
  // ioredis reconnects by itself; without a listener, each failure would be an unhandled error.
  redis.on("error", (error) => log.warning("Redis: {error}", { error }));
  return redis;
}

/** A worker answers health checks only: the web processes serve everything else. */
function workerFetch(http: Instance["http"]): (request: Request) => Response | Promise<Response> {
  return (request) => {
    const path = new URL(request.url).pathname;
    if (path === "/healthz" || path === "/readyz") return http.fetch(request);
    return Response.json(
      { type: "about:blank", title: "Not Found", status: 404, detail: "a worker process serves /healthz and /readyz only" },
      { status: 404, headers: { "Content-Type": "application/problem+json", ...COMMON_HEADERS, "Content-Security-Policy": DOCUMENT_POLICY } },
    );
  };
}

function federationEndpoint(
  federation: Federation<ContextData>,
  contextData: ContextData,
  responses: ResponseCache,
  origin: URL,
  kv: KvStore,
): FederationEndpoint {
  return {
    offerObject: (request, id, proposal) =>
      offerObjectResponse(federation.createContext(request, contextData), id, proposal),
    needTombstone: (request, id, deleted) => needTombstoneResponse(federation.createContext(request, contextData), id, deleted),
    practiceTombstone: (request, id, deleted) => practiceTombstoneResponse(federation.createContext(request, contextData), id, deleted),
    practiceTry: (request, id) => practiceTryResponse(federation.createContext(request, contextData), id),
    async followInstance(target, relay) {
      const remote = await followInstance(federation.createContext(origin, contextData), target, relay);
      return { uri: remote.uri, handle: remote.handle, name: remote.name };
    },
    unfollowInstance: (target) => unfollowInstance(federation.createContext(origin, contextData), target),
    listInstanceFollows: () => listInstanceFollows(federation.createContext(origin, contextData)),
    async membersOpenData() {
      const origins = await memberOrigins(federation.createContext(origin, contextData));
      return membersOpenData(kv, origins, contextData.network.allowPrivateAddress);
    },
    findActorUri: (query) => findActorUri(federation.createContext(origin, contextData), query),
    async follow(localActorId, target) {
      const remote = await followRemote(federation.createContext(origin, contextData), localActorId, target);
      return { uri: remote.uri, handle: remote.handle, name: remote.name };
    },
    fetch: (request, hooks) =>
      responses.fetch(request, () => federation.fetch(request, { contextData, ...hooks })),
    async nodeInfoLinks(request) {
      const ctx = federation.createContext(request, contextData);
      const links = [
        {
          rel: "http://nodeinfo.diaspora.software/ns/schema/2.1",
          href: ctx.getNodeInfoUri().href,
          type: 'application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.1#"',
        },
        // FEP-2677: where to find the instance's own actor.
        { rel: "https://www.w3.org/ns/activitystreams#Application", href: ctx.getActorUri(INSTANCE_HANDLE).href },
      ];
      return Response.json({ links }, { headers: { "Content-Type": "application/jrd+json" } });
    },
  };
}

export interface RunningServer {
  instance: Instance;
  /** The address it listens on (the real port when PORT=0). */
  address: AddressInfo;
  /** Stops accepting, finishes requests and the queue message in progress, closes the database. */
  close(): Promise<void>;
}

export async function startServer(config: Config): Promise<RunningServer> {
  const instance = await createInstance(config);
  const queueControl = new AbortController();
  // NODE_TYPE: web processes enqueue and never listen; workers listen and serve health checks only.
  const runsQueue = config.nodeType !== "web";
  const fetch = config.nodeType === "worker" ? workerFetch(instance.http) : instance.http.fetch;
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch, hostname: config.host, port: config.port }, () =>
      resolve(s as Server),
    ) as Server;
    s.once("error", reject);
  });
  // Longer than reverse proxies keep idle upstream connections (nginx: 60 s), so that
  // we never close one just as a proxy, or a client reusing it, sends a request on it.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const address = server.address() as AddressInfo;
  // Hourly upkeep, where the queue runs: expired cache entries (skipped when read) are
  // removed for good, and needs from other servers not heard of for a day are fetched again.
  // The retention purge, once a day (the first process to claim the day), checked at start and then hourly.
  const purge = () =>
    runRetentionOnce(instance.db.kysely, instance.contextData.events, async () => (await instance.contextData.settings.get()).retention)
      .then((report) => report && log.info("Retention purge: {report}", { report }))
      .catch((error) => log.warning("The retention purge failed: {error}", { error }));
  if (runsQueue) void purge();
  // Needs whose dates are past close themselves, hourly, the first time a minute after start
  // (src/domain/needs/expiry.ts): closing a backlog federates an Update of each, work that
  // need not compete with start-up (it raised the seeded benchmark's idle RSS by 21 MiB).
  const expire = () =>
    closePastNeedsOnce(instance.db.kysely, instance.events)
      .then((closed) => closed?.length && log.info("Needs past their dates closed: {count}", { count: closed.length }))
      .catch((error) => log.warning("Closing the needs past their dates failed: {error}", { error }));
  const firstExpiry = runsQueue ? setTimeout(() => void expire(), 60_000) : undefined;
  firstExpiry?.unref();
  const sweeper = runsQueue
    ? setInterval(() => {
        void purge();
        void expire();
        instance.kv.sweep().catch((error) => log.warning("Could not sweep expired cache entries: {error}", { error }));
        refreshStaleRemoteNeeds(instance.federation.createContext(config.publicUrl, instance.contextData), 86_400_000).catch(
          (error) => log.warning("Could not refresh remote needs: {error}", { error }),
        );
      }, 3_600_000)
    : undefined;
  sweeper?.unref();
  // Scheduled notifications (3-day pending applications, the day-before reminders,
  // daily digests), where the queue runs: each item is claimed by a unique key, so
  // several workers never send one twice (src/domain/notifications/scheduler.ts). Every
  // 5 minutes: a reminder goes between 24 h and 23 h 55 before its slot.
  const schedule = () =>
    runScheduled(instance.db.kysely, instance.events).catch((error) => log.warning("Scheduled notifications failed: {error}", { error }));
  const scheduler = runsQueue ? setInterval(schedule, 300_000) : undefined;
  scheduler?.unref();
  if (runsQueue) void schedule();
  // Events a previous run recorded but did not publish (it stopped in between), then new ones.
  instance.events.start();
  const queueDone = runsQueue
    ? instance.federation
        .startQueue(instance.contextData, { signal: queueControl.signal })
        .catch((error) => log.error("The queue worker stopped: {error}", { error }))
    : Promise.resolve();
  const mailDone = runsQueue ? instance.mail.run(queueControl.signal) : Promise.resolve();
  log.info("Entraide {version} ({nodeType}) listening on {host}:{port}, public URL {url}, database {dialect}, queue {queue}, mail {mail}", {
    version: VERSION,
    mail: config.smtpUrl ? "smtp" : "log",
    nodeType: config.nodeType,
    queue: config.redisUrl ? "redis" : "database",
    host: address.address,
    port: address.port,
    url: config.publicUrl.href,
    dialect: instance.db.dialect,
  });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      log.info("Shutting down: no new connections; finishing requests and queue work in progress");
      const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      queueControl.abort();
      clearInterval(sweeper);
      clearTimeout(firstExpiry);
      clearInterval(scheduler);
      const deadline = setTimeout(() => server.closeAllConnections(), Math.max(1000, config.shutdownTimeoutMs - 2000));
      await Promise.all([httpClosed, queueDone, mailDone]);
      clearTimeout(deadline);
      // The event being published is finished; the others wait in the table for the next start.
      await instance.events.stop();
      await instance.close();
      log.info("Stopped");
    })();
    return closing;
  };
  return { instance, address, close };
}
