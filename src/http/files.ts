// Serving stored pictures (issue 16) at /files/<key>: a key is the hash of its bytes,
// so the answer never changes and is cached for a year (immutable). The type is the
// one the picture was written as, never sniffed (nosniff on every answer: security-headers.ts),
// and the file is shown, never run (a CSP of its own, no scripts, no styles).
import type { Context } from "hono";
import { KEY_PATTERN } from "../domain/pictures/model.ts";
import type { AppEnv } from "./env.ts";

export async function serveFile(c: Context<AppEnv>, next: () => Promise<void>) {
  const key = c.req.param("key") ?? "";
  if (!KEY_PATTERN.test(key)) return next();
  const file = await c.var.deps.files.get(key);
  if (!file) return next();
  return c.body(new Uint8Array(file.bytes), 200, {
    "Content-Type": file.mediaType,
    "Content-Length": String(file.bytes.byteLength),
    "Cache-Control": "public, max-age=31536000, immutable",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cross-Origin-Resource-Policy": "cross-origin",
    "X-Content-Type-Options": "nosniff",
  });
}
