// Authentication: API bearer tokens (JWT) or the web session cookie, and CSRF
// protection for cookie-authenticated changes and for the login form.
import { randomBytes } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { ANONYMOUS, type Viewer } from "../domain/access/policy.ts";
import { viewerOfAccount } from "../domain/access/viewers.ts";
import { markSeen } from "../domain/privacy/retention.ts";
import { createSession, deleteSession, findSession, SESSION_DAYS, sameToken } from "../domain/accounts/sessions.ts";
import { verifyToken } from "../domain/accounts/tokens.ts";
import type { Account } from "../domain/accounts/users.ts";
import { DomainError } from "../domain/errors.ts";
import type { AppEnv } from "./env.ts";
import { fromDomainError, HttpProblem } from "./problem.ts";

export const SESSION_COOKIE = "entraide_session";
/** The login form's CSRF token for a visitor with no session yet (double-submit: cookie and form field). */
export const LOGIN_COOKIE = "entraide_login";
const LOGIN_TOKEN = /^[\w-]{32}$/;
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Who is signed in (a bearer token or the session cookie), and the request's Viewer for the access policy. */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  await identify(c);
  const account = c.var.account;
  // Once a day at most: an account in use is not inactive, and a warning of its erasure is lifted.
  if (account && account.lastSeen?.slice(0, 10) !== new Date().toISOString().slice(0, 10)) await markSeen(c.var.deps.db.kysely, account.id);
  c.set("viewer", account ? await viewerOfAccount(c.var.deps.db.kysely, account) : ANONYMOUS);
  return next();
};

async function identify(c: Context<AppEnv>): Promise<void> {
  const { db, tokenKeys } = c.var.deps;
  const header = c.req.header("Authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new HttpProblem(401, "the Authorization header must be: Bearer <token>");
    try {
      c.set("account", await verifyToken(db.kysely, tokenKeys, match[1]));
    } catch (error) {
      throw error instanceof DomainError ? fromDomainError(error) : error;
    }
    c.set("via", "token");
    return;
  }
  const secret = getCookie(c, SESSION_COOKIE);
  if (secret) {
    const session = await findSession(db.kysely, secret);
    if (session) {
      c.set("account", session.account);
      c.set("via", "session");
      c.set("csrf", session.csrf);
      c.set("sessionSecret", secret);
    } else {
      deleteCookie(c, SESSION_COOKIE, { path: "/" });
    }
  }
}

/** The request's Viewer (anonymous before `authenticate` ran: nothing proves otherwise). */
export function viewerOf(c: Context<AppEnv>): Viewer {
  return c.var.viewer ?? ANONYMOUS;
}

/** Refuses cookie-authenticated changes that do not carry the session's CSRF token. */
export const csrfProtection: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!UNSAFE.has(c.req.method) || c.var.via !== "session") return next();
  let sent = c.req.header("X-CSRF-Token");
  if (!sent) {
    const type = c.req.header("Content-Type") ?? "";
    if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
      const form = await c.req.parseBody().catch(() => {
        throw new HttpProblem(400, "the form could not be read");
      });
      sent = typeof form._csrf === "string" ? form._csrf : undefined;
    }
  }
  if (!sent || !c.var.csrf || !sameToken(sent, c.var.csrf)) {
    throw new HttpProblem(403, "the form is out of date or did not come from this site: reload the page and try again");
  }
  return next();
};

export const requireAccount: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.var.account) {
    throw new HttpProblem(401, "authentication required", {}, { "WWW-Authenticate": 'Bearer realm="entraide"' });
  }
  return next();
};

export function currentAccount(c: Context<AppEnv>): Account {
  const account = c.var.account;
  if (!account) throw new HttpProblem(401, "authentication required");
  return account;
}

/** Whether the original request was https (X-Forwarded-Proto is believed only with TRUST_PROXY). */
export function isHttps(c: Context<AppEnv>): boolean {
  const { config } = c.var.deps;
  if (config.publicUrl.protocol === "https:") return true;
  if (config.trustProxy) {
    const proto = c.req.header("X-Forwarded-Proto")?.split(",")[0]?.trim();
    if (proto) return proto === "https";
  }
  return new URL(c.req.url).protocol === "https:";
}

export async function startSession(c: Context<AppEnv>, userId: string): Promise<void> {
  const session = await createSession(c.var.deps.db.kysely, userId);
  setCookie(c, SESSION_COOKIE, session.secret, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    secure: isHttps(c),
    maxAge: SESSION_DAYS * 86_400,
  });
}

export async function endSession(c: Context<AppEnv>): Promise<void> {
  const secret = c.var.sessionSecret;
  if (secret) await deleteSession(c.var.deps.db.kysely, secret);
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
}

/**
 * The CSRF token the login form carries. A visitor with no session has no session token:
 * without one, another site could post its own login and password to our form and sign the
 * visitor in as the attacker (whatever they then enter is the attacker's). So a random token
 * is kept in a cookie only /login receives (httpOnly: no script reads it; SameSite=Strict: a
 * form on another site does not carry it), and the form must send the same token back. A
 * signed-in visitor uses the session's token, which csrfProtection checked already.
 */
export function loginFormToken(c: Context<AppEnv>): string {
  if (c.var.via === "session" && c.var.csrf) return c.var.csrf;
  const kept = getCookie(c, LOGIN_COOKIE);
  if (kept && LOGIN_TOKEN.test(kept)) return kept;
  const token = randomBytes(24).toString("base64url");
  setCookie(c, LOGIN_COOKIE, token, { path: "/login", httpOnly: true, sameSite: "Strict", secure: isHttps(c), maxAge: 86_400 });
  return token;
}

/** Whether a login form carries the token of loginFormToken (a session's was checked already by csrfProtection). */
export function loginTokenMatches(c: Context<AppEnv>, sent: string | undefined): boolean {
  if (c.var.via === "session") return true;
  const kept = getCookie(c, LOGIN_COOKIE);
  return Boolean(sent && kept && LOGIN_TOKEN.test(kept) && sameToken(sent, kept));
}
