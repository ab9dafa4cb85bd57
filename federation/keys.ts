// Imported CryptoKeys per actor, kept in memory: keys never change once
// created, and importing a JWK on every signature would waste the CPU that
// fan-out needs.
import { importJwk } from "@fedify/fedify";
import type { Kysely } from "kysely";
import type { Database } from "../src/db/schema.ts";
import { actorKeys } from "../src/domain/actors/actors.ts";

const MAX_ENTRIES = 10_000;

export class KeyCache {
  readonly #entries = new Map<string, Promise<CryptoKeyPair[]>>();

  get(db: Kysely<Database>, actorId: string): Promise<CryptoKeyPair[]> {
    let entry = this.#entries.get(actorId);
    if (!entry) {
      entry = load(db, actorId);
      entry.catch(() => this.#entries.delete(actorId));
      if (this.#entries.size >= MAX_ENTRIES) {
        const oldest = this.#entries.keys().next().value;
        if (oldest !== undefined) this.#entries.delete(oldest);
      }
      this.#entries.set(actorId, entry);
    }
    return entry;
  }
}

async function load(db: Kysely<Database>, actorId: string): Promise<CryptoKeyPair[]> {
  const stored = await actorKeys(db, actorId);
  return Promise.all(
    stored.map(async (k) => ({
      publicKey: await importJwk(JSON.parse(k.publicKey), "public"),
      privateKey: await importJwk(JSON.parse(k.privateKey), "private"),
    })),
  );
}
