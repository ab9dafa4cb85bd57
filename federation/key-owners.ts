// Whose key it is. Fedify 2.3 takes a key document's `owner` (or an actor's
// key's) at its word: a key served by any server, claiming to belong to an
// actor elsewhere, let that server sign activities as that actor. A key is
// only believed when its owner is on the origin that serves it: a server can
// then speak for its own actors only, which it can do anyway.
import { Object as ASObject, CryptographicKey, isActor, Multikey } from "@fedify/vocab";
import { type DocumentLoader, FetchError } from "@fedify/vocab-runtime";
import { getLogger } from "@logtape/logtape";

const log = getLogger(["entraide", "federation", "keys"]);

/** No document is fetched while reading one: only what it embeds is looked at. */
const nothing: DocumentLoader = async (url) => {
  throw new FetchError(url, "not fetched while checking key owners");
};

/** The owners (or controllers) a document claims for the keys it holds, each with its key's id. */
async function claimedOwners(document: unknown, baseUrl: URL, contextLoader: DocumentLoader): Promise<(URL | null)[]> {
  const options = { documentLoader: nothing, contextLoader, baseUrl };
  let object: unknown = await ASObject.fromJsonLd(document, options).catch(() => null);
  object ??= await CryptographicKey.fromJsonLd(document, options).catch(() => null);
  object ??= await Multikey.fromJsonLd(document, options).catch(() => null);
  if (object instanceof CryptographicKey) return [object.ownerId];
  if (object instanceof Multikey) return [object.controllerId];
  if (!isActor(object)) return [];
  const owners: (URL | null)[] = [];
  for await (const key of object.getPublicKeys({ ...options, suppressError: true })) owners.push(key.ownerId);
  for await (const key of object.getAssertionMethods({ ...options, suppressError: true })) owners.push(key.controllerId);
  return owners;
}

/**
 * Wraps a document loader so that a document holding a key whose owner is on
 * another origin than the document's own is refused, as an unreachable one is.
 */
export function keysOwnedOnTheirOrigin(loader: DocumentLoader, contextLoader: DocumentLoader): DocumentLoader {
  return async (url, options) => {
    const remote = await loader(url, options);
    // Only documents that name an owner or a controller hold a key: the others are not parsed twice.
    const text = JSON.stringify(remote.document);
    if (!text.includes("owner") && !text.includes("controller")) return remote;
    const origin = new URL(url).origin;
    const owners = await claimedOwners(remote.document, new URL(remote.documentUrl), contextLoader);
    const foreign = owners.find((owner) => owner && owner.origin !== origin);
    if (foreign) {
      log.info("{url} holds a key it says belongs to {owner}, on another origin: refused", { url, owner: foreign.href });
      throw new FetchError(url, `the key at ${url} claims an owner on another origin (${foreign.href})`);
    }
    return remote;
  };
}
