// Whole answers to the GETs repeated most, kept as the bytes sent and sent again
// while the rows they were made from are unchanged: public documents for other
// servers (federation/responses.ts) and need pages for visitors not signed in
// (src/http/page-cache.ts). A repeated GET then costs the query that tells whether
// anything changed, a digest and a copy of the bytes, where making the answer
// again costs several times that.
//
// Nothing has to be told of a change. Each cacheable route names the rows its
// answer depends on; they are read on every request, and an answer is reused only
// if they are the same as when it was made, so a change made by any process shows
// at the next request. Only public answers are kept: the routes leave out whatever
// depends on who asks (followers-only needs, signed fetches, signed-in visitors).
import { createHash } from "node:crypto";

/** A GET whose answer may be kept: under which key, and the rows it is made from. */
export interface Cacheable {
  /** Everything about the request the answer depends on, besides the rows. */
  key: string;
  /** Reads the rows the answer is made from; null when there is nothing public to keep. */
  rows: () => Promise<unknown | null>;
}

/** Which GETs may be kept (null: made every time). */
export type Resolver = (request: Request, url: URL) => Cacheable | null;

/**
 * Default budget: 32 MiB of response bodies (RESPONSE_CACHE_MB). Bytes, not parsed objects:
 * what is kept weighs what it counts.
 */
const MAX_BYTES = 32 * 1024 * 1024;
/** Larger answers are not kept (an outbox page of 20 needs is about 60 KiB). */
const MAX_ENTRY_BYTES = 1024 * 1024;

interface Entry {
  /** A digest of the rows the answer was made from. */
  input: string;
  body: Uint8Array<ArrayBuffer>;
  headers: [string, string][];
}

export interface ResponseCacheOptions {
  maxBytes?: number;
  resolve: Resolver;
  /** The Content-Types of the answers kept. */
  types: RegExp;
}

export class ResponseCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxBytes: number;
  readonly #resolve: Resolver;
  readonly #types: RegExp;
  #bytes = 0;
  #hits = 0;
  #misses = 0;

  constructor(options: ResponseCacheOptions) {
    this.#maxBytes = options.maxBytes ?? MAX_BYTES;
    this.#resolve = options.resolve;
    this.#types = options.types;
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
   * `answer` makes, kept for the next time when it is public.
   */
  async fetch(request: Request, answer: () => Response | Promise<Response>): Promise<Response> {
    if (request.method !== "GET" || this.#maxBytes <= 0) return answer();
    let cacheable: Cacheable | null;
    try {
      cacheable = this.#resolve(request, new URL(request.url));
    } catch {
      // A path the route cannot read (a malformed escape): whatever answers, answers.
      return answer();
    }
    if (!cacheable) return answer();
    const found = await cacheable.rows();
    if (found === null) return answer();
    const input = digest(found);
    const { key } = cacheable;
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
    if (response.status !== 200 || !this.#types.test(type) || response.headers.has("Set-Cookie")) return response;
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

function digest(input: unknown): string {
  return createHash("sha256").update(JSON.stringify(input)).digest("base64url");
}
