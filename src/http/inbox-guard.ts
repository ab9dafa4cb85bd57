// Before Fedify sees an inbox delivery: who signed it? Refuse suspended or
// (in allow-list mode) unapproved servers and blocked actors before any key is
// fetched, and limit how many deliveries each server may make per minute.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.ts";
import { problem } from "./problem.ts";
import { rateLimit } from "./rate-limit.ts";
import { logger } from "../logging.ts";

const log = logger("federation", "guard");

export const isInboxPath = (path: string) => path === "/inbox" || /^\/actors\/[^/]+\/inbox$/.test(path);

/** The key id a delivery is signed with: draft-cavage `Signature` or RFC 9421 `Signature-Input`. */
export function signingKeyId(headers: Headers): URL | null {
  const cavage = /keyId="([^"]+)"/i.exec(headers.get("Signature") ?? "");
  const rfc9421 = /keyid="([^"]+)"/i.exec(headers.get("Signature-Input") ?? "");
  const value = cavage?.[1] ?? rfc9421?.[1];
  if (!value) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

export function inboxGuard(deliveriesPerMinute: number): MiddlewareHandler<AppEnv> {
  const limit = rateLimit("delivery", {
    limit: deliveriesPerMinute,
    windowMs: 60_000,
    key: (c) => signingKeyId(c.req.raw.headers)?.host ?? `ip:${c.var.clientIp}`,
  });
  return async (c, next) => {
    if (c.req.method !== "POST" || !isInboxPath(new URL(c.req.url).pathname)) return next();
    const keyId = signingKeyId(c.req.raw.headers);
    if (keyId) {
      const actor = keyId.href.replace(/#.*$/, "");
      const verdict = await c.var.deps.policy.verdict(keyId.host, actor);
      if (verdict === "suspend" || verdict === "not-allowed") {
        log.info("Refused a delivery from {host} ({actor}): {verdict}", { host: keyId.host, actor, verdict });
        return problem(c, 403, { detail: "this server does not accept deliveries from yours" });
      }
    }
    return limit(c, next);
  };
}
