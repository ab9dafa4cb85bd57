// What every Fedify callback receives as `ctx.data`: the database and
// instance facts, passed in by the composition root (no module singletons).
import type { Kysely } from "kysely";
import type { Database } from "../src/db/schema.ts";
import type { KeyCache } from "./keys.ts";

export interface ContextData {
  db: Kysely<Database>;
  keys: KeyCache;
  instance: {
    name: string;
    version: string;
  };
}
