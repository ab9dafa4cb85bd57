// Fetching remote documents, with our network policy:
// - JSON-LD contexts never touch the network: those Fedify preloads
//   (ActivityStreams, security, Mastodon's…) come from memory, any other
//   becomes an empty context, so its terms are dropped. A remote server can
//   thus never make us wait on, or fail because of, a third host.
// - Objects (actors, notes, keys) are fetched over HTTP, cached in the KvStore,
//   and refused at private or loopback addresses unless ALLOW_PRIVATE_ADDRESS.
import { getAuthenticatedDocumentLoader, type KvStore, kvCache } from "@fedify/fedify";
import type { DocumentLoader } from "@fedify/vocab-runtime";
import { getDocumentLoader, preloadedContexts } from "@fedify/vocab-runtime";
import { getLogger } from "@logtape/logtape";
import { keysOwnedOnTheirOrigin } from "./key-owners.ts";

const log = getLogger(["entraide", "federation", "contexts"]);

export const contextLoader: DocumentLoader = async (url: string) => {
  const document = preloadedContexts[url];
  if (document) return { contextUrl: null, documentUrl: url, document };
  log.debug("Unknown JSON-LD context {url}: its terms are ignored", { url });
  return { contextUrl: null, documentUrl: url, document: { "@context": {} } };
};

export function loaderFactories(kv: KvStore, allowPrivateAddress: boolean) {
  // Fedify asks for a document loader with every request it handles (twice); building one
  // compiles its cache rules. One per user agent (that is, per origin) is enough.
  const loaders = new Map<string, DocumentLoader>();
  return {
    documentLoaderFactory: (options?: { userAgent?: unknown }) => {
      const key = JSON.stringify(options?.userAgent ?? null);
      let loader = loaders.get(key);
      if (!loader) {
        loader = kvCache({
          // Before the cache: a key claiming an owner on another origin is never kept (key-owners.ts).
          loader: keysOwnedOnTheirOrigin(
            getDocumentLoader({ allowPrivateAddress, userAgent: options?.userAgent as string | undefined }),
            contextLoader,
          ),
          kv,
          prefix: ["_fedify", "remoteDocument"],
        });
        // The origin comes from the request's Host: keep a handful, not one per forged host.
        if (loaders.size >= 16) loaders.delete(loaders.keys().next().value!);
        loaders.set(key, loader);
      }
      return loader;
    },
    contextLoaderFactory: () => contextLoader,
    authenticatedDocumentLoaderFactory: (
      identity: Parameters<typeof getAuthenticatedDocumentLoader>[0],
      options?: { userAgent?: unknown },
    ) => getAuthenticatedDocumentLoader(identity, { allowPrivateAddress, userAgent: options?.userAgent as string | undefined }),
  };
}
