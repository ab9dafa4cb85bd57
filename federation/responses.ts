// Whole answers to the GETs other servers repeat most (WebFinger, actors, needs,
// outbox pages), kept as the bytes Fedify sent and sent again while the rows
// they were made from are unchanged. Fedify's request handling (routing,
// content negotiation, a context per request, serialising the document) costs
// several times the query that tells whether anything changed; here a repeated
// GET costs that query, a digest and a copy of the bytes.
//
// Same rule as the document cache: nothing has to be told of a change. Each
// cacheable route names the rows its answer depends on; they are read on every
// request, and an answer is reused only if they are the same as when it was
// made. Only public documents are kept: anything whose answer depends on who
// asks (followers-only needs, signed fetches) goes to Fedify every time.
import { createHash } from "node:crypto";
import { normalizeHandle } from "../src/domain/actors/actors.ts";
import { findActorWithProfile } from "../src/domain/organizations/organizations.ts";
import { toPublicNeed } from "../src/domain/needs/model.ts";
import { countPublishedNeeds, listPublishedNeeds } from "../src/domain/needs/queries.ts";
import { findNeed } from "../src/domain/needs/repository.ts";
import { OUTBOX_PAGE } from "./collections.ts";
import type { ContextData } from "./context.ts";

/**
 * Default budget: 32 MiB of response bodies (RESPONSE_CACHE_MB). Bytes, not parsed objects:
 * what is kept weighs what it counts.
 */
const MAX_BYTES = 32 * 1024 * 1024;
/** Larger answers are not kept (an outbox page of 20 needs is about 60 KiB). */
const MAX_ENTRY_BYTES = 1024 * 1024;
/** The answers worth keeping are documents for other servers. */
const CACHEABLE_TYPE = /^application\/(activity\+json|ld\+json|jrd\+json|json)\b/;

interface Entry {
  /** A digest of the rows the answer was made from. */
  input: string;
  body: Uint8Array<ArrayBuffer>;
  headers: [string, string][];
}

export interface ResponseCacheOptions {
  maxBytes?: number;
}

export class ResponseCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxBytes: number;
  #bytes = 0;
  #hits = 0;
  #misses = 0;

  constructor(options: ResponseCacheOptions = {}) {
    this.#maxBytes = options.maxBytes ?? MAX_BYTES;
  }

  /** Kept answers, their bytes, and how often one was reused or had to be made. */
  get stats(): { entries: number; bytes: number; hits: number; misses: number } {
    return { entries: this.#entries.size, bytes: this.#bytes, hits: this.#hits, misses: this.#misses };
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  /**
   * The answer to `request`: the kept one when its rows are unchanged, otherwise what
   * `answer` makes (Fedify), kept for the next time when it is a public document.
   */
  async fetch(request: Request, data: ContextData, answer: () => Response | Promise<Response>): Promise<Response> {
    if (request.method !== "GET" || this.#maxBytes <= 0) return answer();
    // A browser asking for a page: nothing here for it, and no query to spend.
    const accept = request.headers.get("Accept") ?? "";
    if (accept.includes("text/html")) return answer();
    const url = new URL(request.url);
    const rows = cacheableRows(url, data);
    if (!rows) return answer();
    const found = await rows();
    if (found === null) return answer();
    const input = digest(found);
    // Content negotiation is a function of the Accept header: the same header, the same answer.
    const key = `${url.pathname}${url.search}\n${accept}`;
    const entry = this.#entries.get(key);
    if (entry && entry.input === input) {
      this.#hits++;
      // Most recently used last: eviction takes the first.
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      return new Response(entry.body, { status: 200, headers: entry.headers });
    }
    this.#misses++;
    const response = await answer();
    const type = response.headers.get("Content-Type") ?? "";
    if (response.status !== 200 || !CACHEABLE_TYPE.test(type) || response.headers.has("Set-Cookie")) return response;
    const body = new Uint8Array(await response.arrayBuffer());
    const headers = [...response.headers];
    this.#store(key, { input, body, headers });
    return new Response(body, { status: 200, headers });
  }

  #store(key: string, entry: Entry): void {
    const previous = this.#entries.get(key);
    if (previous) {
      this.#entries.delete(key);
      this.#bytes -= previous.body.byteLength;
    }
    if (entry.body.byteLength > MAX_ENTRY_BYTES || entry.body.byteLength > this.#maxBytes) return;
    this.#entries.set(key, entry);
    this.#bytes += entry.body.byteLength;
    for (const [oldest, old] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= old.body.byteLength;
    }
  }
}

/**
 * What the answer to a GET at `url` is made from, as a function reading those rows (null when
 * there is nothing public to serve: Fedify answers), or null for a route that is not kept.
 * The rows are those the dispatchers in actors.ts, objects.ts and collections.ts read.
 */
function cacheableRows(url: URL, data: ContextData): (() => Promise<unknown | null>) | null {
  const path = url.pathname;
  if (path === "/.well-known/webfinger") {
    // acct:handle@this-host, the form servers use; other resources (URLs) go to Fedify.
    const resource = url.searchParams.get("resource") ?? "";
    const match = /^acct:([^@/]+)@(.+)$/.exec(resource);
    if (!match?.[1] || match[2]?.toLowerCase() !== url.host.toLowerCase()) return null;
    const handle = normalizeHandle(match[1]);
    return () => actorRows(data, handle);
  }
  const parts = path.split("/");
  // /actors/{handle} and /actors/{handle}/outbox
  if (parts[1] === "actors" && parts[2]) {
    const handle = decodeURIComponent(parts[2]);
    if (parts.length === 3) return () => actorRows(data, handle);
    if (parts.length === 4 && parts[3] === "outbox") {
      const cursor = url.searchParams.get("cursor");
      return () => outboxRows(data, handle, cursor);
    }
    return null;
  }
  // /needs/{id} and /needs/{id}/proposal
  if (parts[1] === "needs" && parts[2] && (parts.length === 3 || (parts.length === 4 && parts[3] === "proposal"))) {
    const id = decodeURIComponent(parts[2]);
    return async () => {
      const need = await findNeed(data.db, id);
      if (!need?.published || need.status === "draft" || need.visibility !== "public") return null;
      return toPublicNeed(need);
    };
  }
  return null;
}

async function actorRows(data: ContextData, handle: string): Promise<unknown | null> {
  const found = await findActorWithProfile(data.db, handle);
  if (!found || found.actor.handle !== handle) return null;
  // The keys never change once made; whether there are any yet does.
  const keys = await data.keys.get(data.db, found.actor.id);
  return [found.actor, found.organization ?? null, keys.length];
}

async function outboxRows(data: ContextData, handle: string, cursor: string | null): Promise<unknown | null> {
  const found = await findActorWithProfile(data.db, handle);
  if (!found || found.actor.handle !== handle) return null;
  const { actor } = found;
  if (cursor === null) return [actor, await countPublishedNeeds(data.db, actor.id)];
  if (actor.type !== "Group") return [actor, cursor];
  const needs = await listPublishedNeeds(data.db, actor.id, { before: cursor || null, limit: OUTBOX_PAGE });
  return [actor, cursor, needs.map(toPublicNeed), needs.map((need) => need.published)];
}

function digest(input: unknown): string {
  return createHash("sha256").update(JSON.stringify(input)).digest("base64url");
}
