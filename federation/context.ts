// What every Fedify callback receives as `ctx.data`: the database and
// instance facts, passed in by the composition root (no module singletons).
import type { Kysely } from "kysely";
import type { Database } from "../src/db/schema.ts";
import type { EventSink } from "../src/domain/events.ts";
import type { InstanceSettingsStore } from "../src/domain/instance/settings.ts";
import type { FederationPolicy } from "../src/domain/moderation/policy.ts";
import type { DocumentCache } from "./documents.ts";
import type { KeyCache } from "./keys.ts";

export interface ContextData {
  db: Kysely<Database>;
  keys: KeyCache;
  /** Compacted documents of our actors and needs, reused while their rows are unchanged. */
  documents: DocumentCache;
  /** Where handlers announce the changes they commit (federation replies go out this way). */
  events: EventSink;
  instance: {
    version: string;
  };
  /** The instance's name, description and whether it takes sign-ups (NodeInfo, its actor). */
  settings: InstanceSettingsStore;
  /** Domain blocks, allow-list, actor blocks. */
  policy: FederationPolicy;
  /** A federation of towns: re-publish what member instances send. */
  aggregator: boolean;
  network: {
    /** ALLOW_PRIVATE_ADDRESS: lookups may reach loopback and private addresses. */
    allowPrivateAddress: boolean;
  };
}
