// Real documents from other servers, read at test time from ../shared/fixtures
// (they belong to their projects: never copied into this repository), and a
// document loader that serves them in place of the network.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { type DocumentLoader, FetchError, preloadedContexts } from "@fedify/vocab-runtime";
import { root } from "./server.ts";

export const fixturesDir = join(root, "..", "shared", "fixtures");

export type Json = Record<string, unknown>;

export interface Fixture {
  /** Path under the fixtures folder, e.g. `mastodon/follow.json`. */
  path: string;
  doc: Json;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return jsonFiles(path);
      return entry.name.endsWith(".json") ? [path] : [];
    })
    .sort();
}

/** Every fixture, sorted by path; null when the folder is absent (a checkout outside this workplace). */
export function loadFixtures(dir = fixturesDir): Fixture[] | null {
  if (!existsSync(dir)) return null;
  return jsonFiles(dir).map((file) => ({ path: relative(dir, file), doc: JSON.parse(readFileSync(file, "utf8")) as Json }));
}

/** The `type` of a document, as a list (JSON-LD allows a string or an array). */
export function typesOf(doc: Json): string[] {
  const type = doc.type ?? doc["@type"];
  if (typeof type === "string") return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === "string") : [];
}

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** Objects embedded in a document that carry an id and something more than a bare reference. */
function embedded(value: unknown, found: Json[] = []): Json[] {
  if (Array.isArray(value)) {
    for (const item of value) embedded(item, found);
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key === "@context") continue;
      if (isObject(child) && typeof child.id === "string" && Object.keys(child).length > 1) found.push(child);
      embedded(child, found);
    }
  }
  return found;
}

export interface FixtureLoader {
  documentLoader: DocumentLoader;
  /** Documents by id: whole fixtures first (the first in path order wins), then embedded objects. */
  documents: Map<string, Json>;
  /** URLs asked for that no fixture answers (they got a FetchError). */
  misses: string[];
}

/**
 * Serves the fixture whose `id` is the requested URL, and JSON-LD contexts from
 * Fedify's preloaded ones; anything else is a FetchError, as an unreachable host
 * would be. No request ever leaves the process.
 */
export function fixtureLoader(fixtures: Fixture[]): FixtureLoader {
  const documents = new Map<string, Json>();
  for (const { doc } of fixtures) {
    if (typeof doc.id === "string" && !documents.has(doc.id)) documents.set(doc.id, doc);
  }
  for (const { doc } of fixtures) {
    for (const object of embedded(doc)) {
      const id = object.id as string;
      // Served alone, an embedded object needs the context of the document it came from.
      if (!documents.has(id)) documents.set(id, doc["@context"] === undefined ? object : { "@context": doc["@context"], ...object });
    }
  }
  const misses: string[] = [];
  const documentLoader: DocumentLoader = async (url) => {
    const context = preloadedContexts[url];
    if (context) return { contextUrl: null, documentUrl: url, document: context };
    const document = documents.get(url);
    if (document) return { contextUrl: null, documentUrl: url, document: structuredClone(document) };
    misses.push(url);
    throw new FetchError(url, `no fixture has the id ${url}`);
  };
  return { documentLoader, documents, misses };
}
