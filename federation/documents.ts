// Our own objects as Fedify serialises them (compacted JSON-LD), memoized on
// what they are built from. Compacting one object with the `jsonld` library
// costs milliseconds (an actor, a need's Note, each Create of an outbox page);
// the same input always gives the same document, so a document is reused as
// long as the rows it was built from are unchanged, and rebuilt the first time
// they differ. Nothing has to be told of a change: the rows are read on every
// request anyway, and a process never serves a document built from rows
// another process has since updated.
import { createHash } from "node:crypto";
import type { DocumentLoader } from "@fedify/vocab-runtime";

/** What this module needs of a vocabulary object (`Object`, `Link`, …). */
interface Serialisable {
  toJsonLd(options?: { contextLoader?: DocumentLoader }): Promise<unknown>;
}

interface Entry {
  /** A digest of the input the document was built from. */
  input: string;
  document: unknown;
  /** What Fedify is handed on a reuse: its `toJsonLd()` answers the document. */
  object: Serialisable;
  /** The length of the document's JSON text, for the size budget. */
  size: number;
}

export interface DocumentRecipe<T> {
  /** Everything the document depends on, besides the instance's origin (one cache per instance). */
  input: unknown;
  /** The object itself, complete: built the first time and whenever the input changed. */
  full: () => T | Promise<T>;
  /**
   * The same object without what only its document needs (keys, attachments…): kept, and
   * handed to Fedify, which serialises it as the document, while the input is unchanged.
   * Without it, the complete object is kept.
   */
  light?: () => T | Promise<T>;
  contextLoader: DocumentLoader;
}

/**
 * Default budget: 4 Mi characters of JSON text. Kept parsed, with the object built
 * from each, a document weighs several times its text: in the quick benchmark (10,000
 * needs) 32 Mi took the server's peak RSS to 948 MiB, 16 Mi to 611 MiB, 4 Mi to 438 MiB.
 * Repeated GETs are answered before this cache, from the bytes sent (responses.ts); what
 * is left to it is making those answers, an outbox page from the Creates of its needs.
 */
const MAX_CHARS = 4 * 1024 * 1024;

export class DocumentCache {
  readonly #entries = new Map<string, Entry>();
  /** One `@context` value per distinct context, shared by the documents that use it. */
  readonly #contexts = new Map<string, unknown>();
  readonly #maxChars: number;
  #chars = 0;

  constructor(options: { maxChars?: number } = {}) {
    this.#maxChars = options.maxChars ?? MAX_CHARS;
  }

  /** How many documents are kept. */
  get size(): number {
    return this.#entries.size;
  }

  /** Their size: the length of their JSON text, shared contexts left out. */
  get chars(): number {
    return this.#chars;
  }

  /**
   * The object to hand to Fedify for `key` (a type and a local id), whose `toJsonLd()` answers
   * at once the document last built from the same input; the same object for every request
   * until the input changes (Fedify only reads it).
   */
  async object<T extends Serialisable>(key: string, recipe: DocumentRecipe<T>): Promise<T> {
    const input = digest(recipe.input);
    const entry = this.#entries.get(key);
    // Should anything, or a version of Fedify, make the object forget its document, build it again.
    if (entry && entry.input === input && (await entry.object.toJsonLd({ contextLoader: recipe.contextLoader })) === entry.document) {
      // Most recently used last: eviction takes the first.
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      return entry.object as T;
    }
    const object = await recipe.full();
    const { document, size } = this.#share(await object.toJsonLd({ contextLoader: recipe.contextLoader }));
    const kept = recipe.light ? await recipe.light() : object;
    this.#store(key, { input, document, object: withDocument(kept, document), size });
    return withDocument(object, document);
  }

  /** Forgets every document (tests; a change of what documents are made of). */
  clear(): void {
    this.#entries.clear();
    this.#chars = 0;
  }

  #store(key: string, entry: Entry): void {
    const previous = this.#entries.get(key);
    if (previous) {
      this.#entries.delete(key);
      this.#chars -= previous.size;
    }
    if (entry.size > this.#maxChars) return;
    this.#entries.set(key, entry);
    this.#chars += entry.size;
    for (const [oldest, old] of this.#entries) {
      if (this.#chars <= this.#maxChars) break;
      this.#entries.delete(oldest);
      this.#chars -= old.size;
    }
  }

  /**
   * Shares the (long, identical) `@context` between documents, and freezes the document: it is
   * served many times. Its size is that of its JSON text, less its context when shared (the
   * hundred contexts at most are not counted).
   */
  #share(document: unknown): { document: unknown; size: number } {
    if (document && typeof document === "object" && "@context" in document) {
      const { "@context": context, ...rest } = document as Record<string, unknown>;
      const text = JSON.stringify(context);
      const known = this.#contexts.get(text);
      if (known !== undefined) (document as Record<string, unknown>)["@context"] = known;
      else if (this.#contexts.size < 100) this.#contexts.set(text, context);
      if (this.#contexts.has(text)) return { document: deepFreeze(document), size: JSON.stringify(rest).length };
    }
    return { document: deepFreeze(document), size: JSON.stringify(document).length };
  }
}

function digest(input: unknown): string {
  return createHash("sha256").update(JSON.stringify(input)).digest("base64url");
}

/**
 * Makes `object.toJsonLd()` (without a format) answer `document` as is: the way Fedify's
 * vocabulary serves the objects it parsed from JSON-LD, kept in the same protected property.
 */
export function withDocument<T extends Serialisable>(object: T, document: unknown): T {
  (object as unknown as { _cachedJsonLd: unknown })._cachedJsonLd = document;
  return object;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
