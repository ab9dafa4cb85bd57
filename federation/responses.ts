// Public documents other servers fetch again and again (WebFinger, actors, needs,
// outbox pages), kept whole (src/cache/responses.ts): Fedify's request handling
// (routing, content negotiation, a context per request, serialising the document)
// costs several times the query that tells whether anything changed.
import type { Resolver } from "../src/cache/responses.ts";
import { normalizeHandle } from "../src/domain/actors/actors.ts";
import { findActorWithProfile } from "../src/domain/organizations/organizations.ts";
import { type CacheClass, cacheClass, mayCacheNeed, OUTSIDER } from "../src/domain/access/policy.ts";
import { toPublishedNeed } from "../src/domain/needs/model.ts";
import { countPublishedNeeds, listPublishedNeeds } from "../src/domain/needs/queries.ts";
import { findNeed } from "../src/domain/needs/repository.ts";
import { OUTBOX_PAGE } from "./collections.ts";
import type { ContextData } from "./context.ts";

/** Documents for other servers. */
export const DOCUMENT_TYPES = /^application\/(activity\+json|ld\+json|jrd\+json|json)\b/;

/**
 * Public documents for other servers, as Fedify answers them: WebFinger (acct: on this
 * host), actors, needs (Note and Proposal) and outboxes. The key is the path, the query
 * and the Accept header, on which Fedify's content negotiation depends; the rows are
 * those the dispatchers in actors.ts, objects.ts and collections.ts read.
 */
export function documentRoutes(data: ContextData): Resolver {
  return (request, url) => {
    const accept = request.headers.get("Accept") ?? "";
    // A browser asking for a page: nothing here for it, and no query to spend.
    if (accept.includes("text/html")) return null;
    // Asked before Fedify checks a signature: whoever signed, the request is read as any
    // server's (the access policy's "remote" class), and only answers that are the same for
    // every server are kept (mayCacheNeed; the outbox and actors are the same for all).
    const cls = cacheClass(OUTSIDER);
    if (!cls) return null;
    const rows = documentRows(url, data, cls);
    return rows && { key: `${cls}\n${url.pathname}${url.search}\n${accept}`, rows };
  };
}

function documentRows(url: URL, data: ContextData, cls: CacheClass): (() => Promise<unknown | null>) | null {
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
      if (!need || !mayCacheNeed(cls, need)) return null;
      return toPublishedNeed(need);
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
  // What collections.ts reads: the outbox as it is for every server (OUTSIDER).
  if (cursor === null) return [actor, await countPublishedNeeds(data.db, actor.id, OUTSIDER)];
  if (actor.type !== "Group") return [actor, cursor];
  const needs = await listPublishedNeeds(data.db, actor.id, { viewer: OUTSIDER, before: cursor || null, limit: OUTBOX_PAGE });
  return [actor, cursor, needs.map(toPublishedNeed), needs.map((need) => need.published)];
}
