// The "stop these mails" link of a notification mail: it works without signing
// in, so it carries the user and the kind of mail it stops, signed (HMAC-SHA256)
// with a key of this instance kept in `secrets`, as alert mails do
// (src/domain/alerts/unsubscribe.ts). Using it twice does nothing more.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { getOrCreateSecret } from "../instance/secrets.ts";
import { type MailKind, isMailKind } from "./model.ts";

export async function stopKey(db: Kysely<Database>): Promise<Buffer> {
  const value = await getOrCreateSecret(db, "notifications-stop", async () => randomBytes(32).toString("base64url"));
  return Buffer.from(value, "base64url");
}

const sign = (key: Buffer, payload: string) => createHmac("sha256", key).update(`notifications-stop:${payload}`).digest();

export function stopToken(key: Buffer, userId: string, kind: MailKind): string {
  const payload = Buffer.from(JSON.stringify([userId, kind])).toString("base64url");
  return `${payload}.${sign(key, payload).toString("base64url")}`;
}

export function readStopToken(key: Buffer, token: string): { userId: string; kind: MailKind } | undefined {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined || token.length > 1000) return undefined;
  const expected = sign(key, payload);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const [userId, kind] = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    if (typeof userId === "string" && typeof kind === "string" && isMailKind(kind)) return { userId, kind };
  } catch {}
  return undefined;
}
