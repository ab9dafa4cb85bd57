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

/** The activity's actor as the body names it (deliveries signed by proofs carry no HTTP signature). */
async function bodyActor(request: Request): Promise<URL | null> {
  try {
    const body = (await request.clone().json()) as { actor?: unknown };
    const actor = typeof body.actor === "string" ? body.actor : (body.actor as { id?: unknown } | undefined)?.id;
    return typeof actor === "string" ? new URL(actor) : null;
  } catch {
    return null;
  }
}

export function inboxGuard(deliveriesPerMinute: number): MiddlewareHandler<AppEnv> {
  // Counted per claimed server and sending address: a forged key id cannot use up another server's quota.
  const limit = rateLimit("delivery", {
    limit: deliveriesPerMinute,
    windowMs: 60_000,
    key: (c) => `${signingKeyId(c.req.raw.headers)?.host ?? "unsigned"}@${c.var.clientIp}`,
  });
  return async (c, next) => {
    if (c.req.method !== "POST" || !isInboxPath(new URL(c.req.url).pathname)) return next();
    // Both the signing key's owner and the activity's actor must be welcome: an activity
    // signed only with an Object Integrity Proof or an LD signature has no key id header.
    const claimed = [signingKeyId(c.req.raw.headers), await bodyActor(c.req.raw)].filter((u): u is URL => u !== null);
    for (const uri of claimed) {
      const verdict = await c.var.deps.policy.verdict(uri.host, uri.href.replace(/#.*$/, ""));
      if (verdict === "suspend" || verdict === "not-allowed") {
        log.info("Refused a delivery from {host} ({actor}): {verdict}", { host: uri.host, actor: uri.href, verdict });
        return problem(c, 403, { detail: "this server does not accept deliveries from yours" });
      }
    }
    return limit(c, next);
  };
}
