// JSON-LD context loading without the network: contexts Fedify preloads (ActivityStreams,
// security, Mastodon's, …) are served from memory; any other context becomes an empty
// one, so its terms are dropped instead of fetched. A remote server can thus never make
// us wait on, or fail because of, a third host serving a context.
import type { DocumentLoader } from "@fedify/vocab-runtime";
import { preloadedContexts } from "@fedify/vocab-runtime";
import { getLogger } from "@logtape/logtape";

const log = getLogger(["entraide", "federation", "contexts"]);

export const contextLoader: DocumentLoader = async (url: string) => {
  const document = preloadedContexts[url];
  if (document) return { contextUrl: null, documentUrl: url, document };
  log.debug("Unknown JSON-LD context {url}: its terms are ignored", { url });
  return { contextUrl: null, documentUrl: url, document: { "@context": {} } };
};
