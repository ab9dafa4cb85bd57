// API bearer tokens: JWTs signed with EdDSA (Ed25519), with an expiry, and a
// row per token so that any of them can be revoked before it expires.
import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, type JWK, type CryptoKey } from "jose";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { getOrCreateSecret } from "../instance/secrets.ts";
import { type Account, findUserById } from "./users.ts";

const SECRET_NAME = "api-token-signing-key";
const DAY = 86_400_000;
export const DEFAULT_TOKEN_DAYS = 90;
/**
 * The longest a token may last, however it is made (API or command line): a token that
 * leaks keeps working until it expires or is revoked, so none outlives a year.
 */
export const MAX_TOKEN_DAYS = 365;

export interface TokenKeys {
  issuer: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

/** Loads the signing key, generating and storing it on first start. */
export async function loadTokenKeys(db: Kysely<Database>, issuer: string): Promise<TokenKeys> {
  const stored = await getOrCreateSecret(db, SECRET_NAME, async () => {
    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    return JSON.stringify(await exportJWK(privateKey));
  });
  const jwk = JSON.parse(stored) as JWK;
  const { d: _, ...publicJwk } = jwk;
  return {
    issuer,
    privateKey: (await importJWK(jwk, "EdDSA")) as CryptoKey,
    publicKey: (await importJWK(publicJwk, "EdDSA")) as CryptoKey,
  };
}

export interface IssuedToken {
  id: string;
  token: string;
  expires: string;
}

export async function issueToken(
  db: Kysely<Database>,
  keys: TokenKeys,
  userId: string,
  options: { name?: string; days?: number; clock?: () => number } = {},
): Promise<IssuedToken> {
  const days = options.days ?? DEFAULT_TOKEN_DAYS;
  if (!(Number.isInteger(days) && days > 0 && days <= MAX_TOKEN_DAYS)) {
    throw new DomainError("invalid", `a token lasts from 1 to ${MAX_TOKEN_DAYS} days`, "days", "token_days", { max: MAX_TOKEN_DAYS });
  }
  const id = newId();
  const issuedAt = options.clock?.() ?? Date.now();
  const expires = new Date(issuedAt + days * DAY).toISOString();
  const token = await new SignJWT({ scope: "api" })
    .setProtectedHeader({ alg: "EdDSA", typ: "JWT" })
    .setIssuer(keys.issuer)
    .setSubject(userId)
    .setJti(id)
    .setIssuedAt(Math.floor(issuedAt / 1000))
    .setExpirationTime(Math.floor((issuedAt + days * DAY) / 1000))
    .sign(keys.privateKey);
  await db
    .insertInto("api_tokens")
    .values({ id, user_id: userId, name: options.name ?? "api", created: new Date(issuedAt).toISOString(), expires })
    .execute();
  return { id, token, expires };
}

/** The account a bearer token stands for; throws `unauthorized` with the reason otherwise. */
export async function verifyToken(
  db: Kysely<Database>,
  keys: TokenKeys,
  token: string,
  clock: () => number = Date.now,
): Promise<Account & { tokenId: string }> {
  let payload: { sub?: string; jti?: string };
  try {
    ({ payload } = await jwtVerify(token, keys.publicKey, {
      issuer: keys.issuer,
      algorithms: ["EdDSA"],
      currentDate: new Date(clock()),
      // Tokens issued before the cap (up to 3650 days) end too once they are a year old.
      maxTokenAge: `${MAX_TOKEN_DAYS}d`,
    }));
  } catch (error) {
    const expired = (error as { code?: string }).code === "ERR_JWT_EXPIRED";
    throw expired
      ? new DomainError("unauthorized", "the token has expired", undefined, "token_expired")
      : new DomainError("unauthorized", "the token is not valid", undefined, "token_invalid");
  }
  if (!payload.sub || !payload.jti) throw new DomainError("unauthorized", "the token is not valid", undefined, "token_invalid");
  const row = await db.selectFrom("api_tokens").select(["revoked"]).where("id", "=", payload.jti).executeTakeFirst();
  if (!row) throw new DomainError("unauthorized", "the token is not valid", undefined, "token_invalid");
  if (row.revoked) throw new DomainError("unauthorized", "the token has been revoked", undefined, "token_revoked");
  const user = await findUserById(db, payload.sub);
  if (!user || user.suspended) throw new DomainError("unauthorized", "the account is suspended or gone", undefined, "account_suspended");
  return { ...user, tokenId: payload.jti };
}

export async function revokeToken(db: Kysely<Database>, userId: string, tokenId: string): Promise<void> {
  const result = await db
    .updateTable("api_tokens")
    .set({ revoked: now() })
    .where("id", "=", tokenId)
    .where("user_id", "=", userId)
    .where("revoked", "is", null)
    .executeTakeFirst();
  if (!result.numUpdatedRows) throw new DomainError("not_found", "no such active token", undefined, "token_not_found");
}

export function listTokens(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom("api_tokens")
    .select(["id", "name", "created", "expires", "revoked"])
    .where("user_id", "=", userId)
    .orderBy("created", "desc")
    .execute();
}
