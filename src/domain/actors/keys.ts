// Actor key pairs: RSA-2048 for HTTP Signatures (what Mastodon verifies) and
// Ed25519 for Object Integrity Proofs (FEP-8b32). RSA-2048 rather than 4096:
// signing is several times faster, and signing bounds fan-out.
import type { KeyType } from "../../db/schema.ts";

export interface StoredKeyPair {
  type: KeyType;
  /** JWK, JSON-encoded. */
  publicKey: string;
  privateKey: string;
}

const ALGORITHMS: Record<KeyType, RsaHashedKeyGenParams | { name: "Ed25519" }> = {
  "RSASSA-PKCS1-v1_5": {
    name: "RSASSA-PKCS1-v1_5",
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: "SHA-256",
  },
  Ed25519: { name: "Ed25519" },
};

export const KEY_TYPES: readonly KeyType[] = ["RSASSA-PKCS1-v1_5", "Ed25519"];

export async function generateKeyPair(type: KeyType): Promise<StoredKeyPair> {
  const pair = (await crypto.subtle.generateKey(ALGORITHMS[type], true, ["sign", "verify"])) as CryptoKeyPair;
  const [publicKey, privateKey] = await Promise.all([
    crypto.subtle.exportKey("jwk", pair.publicKey),
    crypto.subtle.exportKey("jwk", pair.privateKey),
  ]);
  return { type, publicKey: JSON.stringify(publicKey), privateKey: JSON.stringify(privateKey) };
}
