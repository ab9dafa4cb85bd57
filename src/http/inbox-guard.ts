// Before Fedify sees an inbox delivery, refuse what can be refused by what costs least,
// in this order: a body larger than INBOX_MAX_BYTES (by its Content-Length); one with no
// HTTP signature that is too large to carry a Linked Data signature or a proof; a signer
// whose server is suspended (or, in allow-list mode, unapproved); more deliveries per
// minute than INBOX_RATE_LIMIT; then, reading the body (cut off at the limit), a body
// that is not JSON, names a refused actor or signer, has no signature of any kind, or
// whose JSON-LD would cost too much to process (inbox-body.ts). Fedify's own work
// (JSON-LD expansion, key fetches, verification) starts only after all of these.
import type { Context, MiddlewareHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "./env.ts";
import { jsonLdExcess, readLimited } from "./inbox-body.ts";
import { problem } from "./problem.ts";
import { rateLimit } from "./rate-limit.ts";
import { logger } from "../logging.ts";

const log = logger("federation", "guard");

/**
 * A delivery without an HTTP signature may still be signed by the Linked Data signature
 * or the Object Integrity Proof it carries (Fedify verifies both), but only a small one:
 * real activities are a few kilobytes, and checking such a signature means processing
 * the whole document as JSON-LD first.
 */
export const UNSIGNED_MAX_BYTES = 64 * 1024;

export interface InboxGuardOptions {
  /** Deliveries accepted per claimed server (and sending address) per minute. */
  deliveriesPerMinute: number;
  /** The largest body accepted (INBOX_MAX_BYTES). */
  maxBytes: number;
  /**
   * False only when Fedify does not verify signatures (tests replaying other servers'
   * documents): an unsigned delivery is then no reason to refuse.
   */
  signaturesChecked: boolean;
}

export const isInboxPath = (path: string) => path === "/inbox" || /^\/actors\/[^/]+\/inbox$/.test(path);

/** The key id a delivery is signed with: draft-cavage `Signature` or RFC 9421 `Signature-Input`. */
export function signingKeyId(headers: Headers): URL | null {
  const cavage = /keyId="([^"]+)"/i.exec(headers.get("Signature") ?? "");
  const rfc9421 = /keyid="([^"]+)"/i.exec(headers.get("Signature-Input") ?? "");
  return parseUrl(cavage?.[1] ?? rfc9421?.[1]);
}

function parseUrl(value: unknown): URL | null {
  if (typeof value !== "string") return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** The id of a member that is a URL or an object with an id (`actor`, `proof.verificationMethod`). */
const idOf = (value: unknown) => parseUrl(typeof value === "string" ? value : (value as { id?: unknown } | null)?.id);

/** Who the body says it comes from: the activity's actor, the LD signature's creator, the proof's key. */
function claimedInBody(body: Record<string, unknown>): URL[] {
  const signature = body.signature as { creator?: unknown } | null | undefined;
  const proofs = [body.proof].flat() as ({ verificationMethod?: unknown } | null | undefined)[];
  return [
    idOf(body.actor),
    parseUrl(signature?.creator),
    ...proofs.slice(0, 4).map((proof) => idOf(proof?.verificationMethod)),
  ].filter((u): u is URL => u !== null);
}

/**
 * Whether the body carries a signature Fedify would check in the absence of an HTTP
 * signature: a Linked Data signature of the shape it verifies (RsaSignature2017 with a
 * creator and a value), or an Object Integrity Proof.
 */
function signedInBody(body: Record<string, unknown>): boolean {
  const signature = body.signature as Record<string, unknown> | null | undefined;
  const ld =
    typeof signature === "object" &&
    signature !== null &&
    signature.type === "RsaSignature2017" &&
    typeof signature.creator === "string" &&
    typeof signature.signatureValue === "string";
  return ld || (typeof body.proof === "object" && body.proof !== null);
}

export function inboxGuard(options: InboxGuardOptions): MiddlewareHandler<AppEnv> {
  // Counted per claimed server and sending address: a forged key id cannot use up another server's quota.
  const limit = rateLimit("delivery", {
    limit: options.deliveriesPerMinute,
    windowMs: 60_000,
    key: (c) => `${signingKeyId(c.req.raw.headers)?.host ?? "unsigned"}@${c.var.clientIp}`,
  });
  const refuse = (c: Context<AppEnv>, status: ContentfulStatusCode, reason: string, detail: string) => {
    log.info("Refused an inbox delivery from {ip} ({reason}): {detail}", { ip: c.var.clientIp, reason, detail });
    return problem(c, status, { detail });
  };
  const welcome = async (c: Context<AppEnv>, uris: URL[]) => {
    for (const uri of uris) {
      const verdict = await c.var.deps.policy.verdict(uri.host, uri.href.replace(/#.*$/, ""));
      if (verdict === "suspend" || verdict === "not-allowed") {
        log.info("Refused a delivery from {host} ({actor}): {verdict}", { host: uri.host, actor: uri.href, verdict });
        return problem(c, 403, { detail: "this server does not accept deliveries from yours" });
      }
    }
    return null;
  };

  return async (c, next) => {
    if (c.req.method !== "POST" || !isInboxPath(new URL(c.req.url).pathname)) return next();
    const headers = c.req.raw.headers;
    // As Fedify decides whether a delivery is HTTP-signed: by the headers' presence.
    const httpSigned = headers.has("Signature") || headers.has("Signature-Input");
    const mustBeSignedInBody = !httpSigned && options.signaturesChecked;
    const maxBytes = mustBeSignedInBody ? Math.min(UNSIGNED_MAX_BYTES, options.maxBytes) : options.maxBytes;
    const tooLarge = () => refuse(c, 413, "too-large", `an inbox delivery is accepted only up to ${options.maxBytes} bytes`);
    const unsignedTooLarge = () =>
      refuse(c, 401, "unsigned", `a delivery without an HTTP signature is accepted only up to ${maxBytes} bytes, signed in its body`);
    const declared = headers.has("Transfer-Encoding") ? Number.NaN : Number(headers.get("Content-Length") ?? Number.NaN);
    if (declared > options.maxBytes) return tooLarge();
    if (declared > maxBytes) return unsignedTooLarge();
    const keyId = signingKeyId(headers);
    const refused = await welcome(c, keyId ? [keyId] : []);
    if (refused) return refused;
    await limit(c, async () => {}); // throws a 429 problem beyond the limit

    const bytes = await readLimited(c.req.raw.body, maxBytes);
    if (bytes === null) return mustBeSignedInBody ? unsignedTooLarge() : tooLarge();
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      return refuse(c, 400, "unreadable", "the activity is not JSON");
    }
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
      return refuse(c, 400, "unreadable", "the activity is not a JSON object");
    }
    const document = body as Record<string, unknown>;
    // Both the signing key's owner and the activity's actor must be welcome: an activity
    // signed only with an Object Integrity Proof or an LD signature has no key id header.
    const blocked = await welcome(c, claimedInBody(document));
    if (blocked) return blocked;
    if (mustBeSignedInBody && !signedInBody(document)) {
      return refuse(c, 401, "unsigned", "the delivery has no HTTP signature, Linked Data signature or proof");
    }
    const excess = jsonLdExcess(document);
    if (excess) return refuse(c, 400, "json-ld-cost", excess);
    // Fedify reads the body again: hand it the bytes already read.
    c.req.raw = new Request(c.req.raw, { body: bytes });
    return next();
  };
}
