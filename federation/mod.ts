// The federation: Fedify configured with our dispatchers, the database-backed
// KvStore and MessageQueue, and a network policy for JSON-LD contexts.
import { createFederationBuilder, type Federation, type KvStore, type MessageQueue } from "@fedify/fedify";
import type { DocumentLoader } from "@fedify/vocab-runtime";
import { registerActors } from "./actors.ts";
import { registerCollections } from "./collections.ts";
import { registerDeliveryFailures } from "./delivery.ts";
import { registerObjects } from "./objects.ts";
import { registerPractices } from "./practices.ts";
import type { ContextData } from "./context.ts";
import { registerInbox } from "./inbox/mod.ts";
import { boundOutgoingFetches } from "./fetch-timeout.ts";
import { loaderFactories } from "./loader.ts";
import { registerNodeInfo } from "./nodeinfo.ts";

export type { ContextData } from "./context.ts";
export { DocumentCache } from "./documents.ts";
export { DOCUMENT_TYPES, documentRoutes } from "./responses.ts";
export { KeyCache } from "./keys.ts";
export { KyselyKvStore } from "./kv.ts";
export { KyselyMessageQueue } from "./queue.ts";
export { RedisMessageQueue } from "./redis-queue.ts";
export { NODEINFO_PATH } from "./nodeinfo.ts";
export { actorPageUrl } from "./actors.ts";
export { createPublisher } from "./publisher.ts";
export { findActorUri, followRemote } from "./follows.ts";
export { memberOrigins, membersOpenData } from "./member-open-data.ts";
export { followInstance, listInstanceFollows, refreshStaleRemoteNeeds, unfollowInstance } from "./instance.ts";
export { needTombstoneResponse, offerObjectResponse } from "./objects.ts";
export { practiceTombstoneResponse, practiceTryResponse } from "./practices.ts";

export interface FederationSettings {
  origin: URL;
  kv: KvStore;
  queue: MessageQueue;
  allowPrivateAddress: boolean;
  /** How long any request Fedify makes (a delivery, a fetch) may take before it is abandoned (DELIVERY_TIMEOUT_SECONDS). */
  deliveryTimeoutMs: number;
  /**
   * Tests only: where remote documents come from instead of the network, and
   * whether inbox signatures are checked (fixtures from other servers carry none).
   */
  testing?: { documentLoader: DocumentLoader; skipSignatureVerification: boolean };
}

export async function buildFederation(settings: FederationSettings): Promise<Federation<ContextData>> {
  // A delivery to a server that never answers fails after the deadline and is retried later.
  boundOutgoingFetches(settings.deliveryTimeoutMs);
  const builder = createFederationBuilder<ContextData>();
  registerActors(builder);
  registerNodeInfo(builder);
  registerCollections(builder);
  registerObjects(builder);
  registerPractices(builder);
  registerInbox(builder);
  registerDeliveryFailures(builder);
  return builder.build({
    origin: settings.origin.origin,
    kv: settings.kv,
    queue: settings.queue,
    // The queue is started by the server's worker, so shutdown can wait for it.
    manuallyStartQueue: true,
    // Our own loaders apply ALLOW_PRIVATE_ADDRESS (Fedify refuses both options together).
    ...loaderFactories(settings.kv, settings.allowPrivateAddress),
    ...(settings.testing && {
      documentLoaderFactory: () => settings.testing!.documentLoader,
      authenticatedDocumentLoaderFactory: () => settings.testing!.documentLoader,
      skipSignatureVerification: settings.testing.skipSignatureVerification,
    }),
  });
}
