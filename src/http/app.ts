// The HTTP application: federation (Fedify) first, then the API and the web pages,
// with one request log line per request and one error handler for all.
import { outcomesApi } from "./api/outcomes.ts";
import { getConnInfo } from "@hono/node-server/conninfo";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { missionPictures, organizationPictures } from "./api/pictures.ts";
import { serveFile } from "./files.ts";
import { isUploadPath, UPLOAD_OVERHEAD_BYTES } from "./uploads.ts";
import { HTTPException } from "hono/http-exception";
import type { RedirectStatusCode } from "hono/utils/http-status";
import { sql } from "kysely";
import { pendingMigrations } from "../db/migrate.ts";
import { DomainError } from "../domain/errors.ts";
import { logger, pathForLog } from "../logging.ts";
import { pages } from "./pages.tsx";
import { me } from "./api/me.ts";
import { alerts } from "./api/alerts.ts";
import { notifications } from "./api/notifications.ts";
import { localFollows, myFollows } from "./api/local-follows.ts";
import { applications } from "./api/applications.ts";
import { follows } from "./api/follows.ts";
import { federationAdmin } from "./api/federation.ts";
import { accounts, instance } from "./api/instance.ts";
import { missions } from "./api/missions.ts";
import { moderation, reports } from "./api/moderation.ts";
import { offers } from "./api/offers.ts";
import { practices } from "./api/practices.ts";
import { places } from "./api/places.ts";
import { organizations } from "./api/organizations.ts";
import { tokens } from "./api/tokens.ts";
import { organizationChecks, safeguardingChecks } from "./api/safeguarding.ts";
import { authenticate, csrfProtection } from "./auth.ts";
import { inboxGuard, isInboxPath } from "./inbox-guard.ts";
import { htmlError } from "./web/errors.tsx";
import { rateLimit } from "./rate-limit.ts";
import type { AppEnv, HttpDeps } from "./env.ts";
import { openApiDocument } from "./openapi.ts";
import { secureAnswer } from "./security-headers.ts";
import { FAVICON_PATH, FAVICON_SVG, SCRIPT, SCRIPT_PATH } from "../../web/assets.ts";
import { STYLESHEET, STYLESHEET_PATH } from "../../web/style.ts";
import { mapAsset } from "./map-assets.ts";
import { fromDomainError, fromUnstorableText, HttpProblem, problem } from "./problem.ts";

const log = logger("http");

function clientIp(c: Context<AppEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    // The last address is the one our own proxy appended; earlier ones are the client's word.
    const forwarded = c.req.header("X-Forwarded-For")?.split(",").at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

/**
 * An Accept header whose first type is HTML, without a q-value: HTML is then what the client
 * prefers above all, so Fedify, which gives way when HTML comes first, would not answer JSON-LD.
 */
const PAGE_FIRST = /^\s*text\/html\s*(?:,|$)/i;

/**
 * Answers `response` instead of what the routes after a middleware answered: Hono keeps the
 * latter once they ran, and would copy its headers into a response assigned over it.
 */
function replaceResponse(c: Context, response: Response): Response {
  if (response === c.res) return response;
  c.res = undefined;
  c.res = response;
  return response;
}

/**
 * A Location header cannot carry control characters: CR and LF would end the header (Node
 * throws, which was a 500), and browsers drop tabs and newlines from an address, so that
 * `/\t/elsewhere` would lead off-site. A redirect built from such input is bad input (400).
 */
function refuseControlCharacterRedirects(c: Context): void {
  const redirect = c.redirect;
  c.redirect = ((location: string | URL, status?: RedirectStatusCode) => {
    if (/\p{Cc}/u.test(String(location))) throw new HttpProblem(400, "the address to go to is not valid");
    return redirect(location, status);
  }) as typeof c.redirect;
}

function wantsProblem(c: Context): boolean {
  const path = new URL(c.req.url).pathname;
  return path.startsWith("/api/") || !(c.req.header("Accept") ?? "").includes("text/html");
}

export function createHttpApp(deps: HttpDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    const started = performance.now();
    c.set("deps", deps);
    c.set("clientIp", clientIp(c, deps.config.trustProxy));
    refuseControlCharacterRedirects(c);
    await next();
    // Every answer leaves here, whoever made it (a page, the API, Fedify, a cache, onError).
    secureAnswer(c);
    // Lazily: below LOG_LEVEL=info, nothing of this is computed.
    log.info("{method} {path} {status} {ms} ms", () => ({
      method: c.req.method,
      path: pathForLog(new URL(c.req.url).pathname),
      status: c.res.status,
      ms: Math.round(performance.now() - started),
      ip: c.var.clientIp,
    }));
  });

  const limitBody = bodyLimit({
    maxSize: deps.config.maxBodyBytes,
    // Thrown, so that onError answers a browser with a page and the API with problem+json.
    onError: () => {
      throw new HttpProblem(413, `the request body exceeds ${deps.config.maxBodyBytes} bytes`);
    },
  });
  // Pictures (issue 16) have a larger limit of their own, on their routes only.
  const uploadBytes = deps.config.maxUploadBytes + UPLOAD_OVERHEAD_BYTES;
  const limitUpload = bodyLimit({
    maxSize: uploadBytes,
    onError: () => {
      throw new HttpProblem(413, `the picture exceeds ${deps.config.maxUploadBytes} bytes`, { code: "image_too_large" });
    },
  });
  // A GET or HEAD without a body has nothing to limit, and looking for one would make the
  // Node adapter build a full Request for every page and document served. Inbox deliveries
  // have a smaller limit of their own, applied by the inbox guard as the body arrives.
  app.use((c, next) => {
    const bodiless =
      (c.req.method === "GET" || c.req.method === "HEAD") && !c.req.header("Content-Length") && !c.req.header("Transfer-Encoding");
    const delivery = c.req.method === "POST" && isInboxPath(new URL(c.req.url).pathname);
    if (bodiless || delivery) return next();
    return isUploadPath(new URL(c.req.url).pathname) ? limitUpload(c, next) : limitBody(c, next);
  });

  app.get("/.well-known/nodeinfo", (c) => deps.federation.nodeInfoLinks(c.req.raw));
  // Its address changes with its content: browsers may keep it for a year.
  // Uploaded pictures, by their content-hashed keys (src/http/files.ts).
  app.get("/files/:key", serveFile);
  app.get(STYLESHEET_PATH, (c) =>
    c.body(STYLESHEET, 200, { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=31536000, immutable" }),
  );
  // The map's Leaflet, its clusters and our script, and their stylesheet (src/http/map-assets.ts).
  app.get("/assets/:file{map-[0-9a-f]{12}\\.(?:js|css)}", (c, next) => mapAsset(c.req.path) ?? next());
  app.get(SCRIPT_PATH, (c) =>
    c.body(SCRIPT, 200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=31536000, immutable" }),
  );
  // Browsers ask for /favicon.ico whatever the page links to: both answer the same SVG.
  for (const path of [FAVICON_PATH, "/favicon.ico"]) {
    app.get(path, (c) => c.body(FAVICON_SVG, 200, { "Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=86400" }));
  }
  app.use(
    inboxGuard({
      deliveriesPerMinute: deps.config.inboxRateLimit,
      maxBytes: Math.min(deps.config.inboxMaxBytes, deps.config.maxBodyBytes),
      signaturesChecked: !deps.signaturesSkipped,
    }),
  );

  // Fedify answers what is its own (actors, inboxes, WebFinger, NodeInfo, objects)
  // and hands everything else, or an HTML request for an actor, to the routes below.
  app.use(async (c, next) => {
    if ((c.req.method === "GET" || c.req.method === "HEAD") && PAGE_FIRST.test(c.req.header("Accept") ?? "")) {
      // A browser: Fedify would hand the request to the pages anyway (it serves JSON-LD, and
      // WebFinger and NodeInfo, whose paths have no page). Its routing, tracing and context
      // cost more than most pages; it is asked only when no page answers, as it would have been.
      // A need page for a visitor not signed in may be the one sent last time (page-cache.ts).
      const made = async () => {
        await next();
        return c.res;
      };
      const answer = deps.pages ? await deps.pages.fetch(c.req.raw, made) : await made();
      replaceResponse(c, answer);
      if (c.res.status !== 404) return c.res;
      const page = c.res;
      return replaceResponse(c, await deps.federation.fetch(c.req.raw, { onNotFound: async () => page, onNotAcceptable: async () => page }));
    }
    try {
      return await deps.federation.fetch(c.req.raw, {
        onNotFound: async () => {
          await next();
          return c.res;
        },
        onNotAcceptable: async () => {
          // A page, or the 404 page: more use to a person than a 406.
          await next();
          return c.res;
        },
      });
    } catch (error) {
      // A document that makes the vocabulary parser throw is the sender's fault: refuse it
      // with a logged reason, as any other unreadable delivery, instead of a 500.
      const unreadable = error instanceof TypeError || error instanceof SyntaxError || error instanceof RangeError;
      if (unreadable && c.req.method === "POST" && isInboxPath(new URL(c.req.url).pathname)) {
        log.info("Refused an inbox delivery that could not be parsed: {error}", { error });
        return problem(c, 400, { detail: "the activity could not be read" });
      }
      throw error;
    }
  });

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    try {
      await sql`select 1`.execute(deps.db.kysely);
      const pending = await pendingMigrations(deps.db);
      if (pending.length > 0) {
        return problem(c, 503, { detail: `migrations not applied: ${pending.join(", ")}` });
      }
      if (deps.queueReady && !(await deps.queueReady().catch(() => false))) {
        return problem(c, 503, { detail: "the message queue is not reachable" });
      }
      return c.json({ status: "ready", database: deps.db.dialect });
    } catch (error) {
      log.error("Readiness check failed: {error}", { error });
      return problem(c, 503, { detail: "the database is not reachable" });
    }
  });

  app.use(authenticate, csrfProtection);
  // Password guessing: a handful of tries per minute per address, for the form and the API alike.
  const logins = rateLimit("login", { limit: deps.config.loginRateLimit, windowMs: 60_000 });
  app.post("/login", logins);
  app.post("/api/v1/tokens", logins);
  // Account creation: a few per address per hour, against sign-up floods.
  const signUps = rateLimit("sign-up", { limit: deps.config.loginRateLimit, windowMs: 3_600_000 });
  app.post("/signup", signUps);
  app.post("/api/v1/accounts", signUps);
  // Reset requests: as many, against mail floods to one address.
  app.post("/password-reset", rateLimit("password-reset", { limit: deps.config.loginRateLimit, windowMs: 3_600_000 }));

  const api = new Hono<AppEnv>()
    .get("/openapi.json", (c) => c.json(openApiDocument(deps.config.publicUrl, deps.version)))
    .route("/tokens", tokens)
    .route("/me/follows", myFollows)
    .route("/me", me)
    .route("/missions", missions)
    .route("/", outcomesApi)
    .route("/applications", applications)
    .route("/organizations", organizations)
    .route("/organizations", localFollows)
    .route("/organizations", organizationChecks)
    .route("/safeguarding-checks", safeguardingChecks)
    .route("/missions", missionPictures)
    .route("/organizations", organizationPictures)
    .route("/follows", follows)
    .route("/alerts", alerts)
    .route("/notifications", notifications)
    .route("/offers", offers)
    .route("/practices", practices)
    .route("/places", places)
    .route("/moderation", moderation)
    .route("/reports", reports)
    .route("/federation", federationAdmin)
    .route("/instance", instance)
    .route("/accounts", accounts);
  app.route("/api/v1", api);
  app.route("/", pages);

  app.notFound((c) => {
    if (wantsProblem(c)) return problem(c, 404, { detail: `nothing at ${new URL(c.req.url).pathname}` });
    return htmlError(c, 404);
  });

  app.onError((error, c) => {
    const known =
      error instanceof HttpProblem ? error : error instanceof DomainError ? fromDomainError(error) : fromUnstorableText(error);
    if (known && !wantsProblem(c)) return htmlError(c, known.status, error instanceof DomainError ? error : known.message, known.headers);
    if (known) return problem(c, known.status, known.extra, known.headers);
    if (error instanceof HTTPException) {
      // Hono's own: malformed JSON (400), unsupported body, …
      return problem(c, error.status, { detail: error.message || undefined });
    }
    log.error("Unhandled error on {method} {path}: {error}", {
      method: c.req.method,
      path: pathForLog(new URL(c.req.url).pathname),
      error,
    });
    if (!wantsProblem(c)) return htmlError(c, 500);
    return problem(c, 500, { detail: "something went wrong on our side; it has been logged" });
  });

  return app;
}
