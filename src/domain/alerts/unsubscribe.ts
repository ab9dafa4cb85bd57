// The unsubscribe link of an alert mail: it must work without logging in, so it
// carries the user and the alerts it stops, signed (HMAC-SHA256) with a key of
// this instance (kept in `secrets`). It does not expire: the alerts it names can
// only be deleted, and deleting them twice does nothing.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { getOrCreateSecret } from "../instance/secrets.ts";

export async function unsubscribeKey(db: Kysely<Database>): Promise<Buffer> {
  const value = await getOrCreateSecret(db, "alerts-unsubscribe", async () => randomBytes(32).toString("base64url"));
  return Buffer.from(value, "base64url");
}

const sign = (key: Buffer, payload: string) => createHmac("sha256", key).update(`unsubscribe:${payload}`).digest();

export function unsubscribeToken(key: Buffer, userId: string, alertIds: string[]): string {
  const payload = Buffer.from(JSON.stringify([userId, alertIds])).toString("base64url");
  return `${payload}.${sign(key, payload).toString("base64url")}`;
}

/** The user and alerts a token names, or undefined when it is not one this instance signed. */
export function readUnsubscribeToken(key: Buffer, token: string): { userId: string; alertIds: string[] } | undefined {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined || token.length > 4000) return undefined;
  const expected = sign(key, payload);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const [userId, alertIds] = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    if (typeof userId === "string" && Array.isArray(alertIds) && alertIds.every((a) => typeof a === "string")) {
      return { userId, alertIds };
    }
  } catch {}
  return undefined;
}
