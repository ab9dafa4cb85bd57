// Whose word an object is. An object is taken as it came only from its own
// origin: its id, its author and the (verified) sender on one origin. Anything
// else, an Announce from a relay or a Create wrapping someone else's object, is
// fetched again from its origin, and that copy is used, or nothing.
import type { InboxContext } from "@fedify/fedify";
import { Object as ASObject, Note } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { INSTANCE_HANDLE } from "../../src/domain/actors/actors.ts";
import type { ContextData } from "../context.ts";

const log = getLogger(["entraide", "federation", "inbox", "origin"]);

/** Notes read from their own origin here (not an embedded copy). */
const fetchedFromOrigin = new WeakSet<Note>();

/** Whether a note can be taken as its sender sent it: its id and its author on the sender's origin. */
export function fromSenderOrigin(note: Note, sender: URL): boolean {
  if (fetchedFromOrigin.has(note)) return true;
  if (note.id?.origin !== sender.origin) return false;
  return !note.attributionId || note.attributionId.origin === sender.origin;
}

/**
 * The note at `id`, as its own server serves it (signed as our instance actor,
 * for servers that require signed fetches), or null with a logged reason: it
 * must be a Note with that very id, and attributed to an actor of that origin.
 */
export async function fetchNoteFromOrigin(ctx: InboxContext<ContextData>, id: URL): Promise<Note | null> {
  let object: unknown;
  try {
    const documentLoader = await ctx.getDocumentLoader({ identifier: INSTANCE_HANDLE });
    const { document, documentUrl } = await documentLoader(id.href);
    // A redirect elsewhere is someone else's word again.
    if (new URL(documentUrl).origin !== id.origin) {
      log.info("{id} redirected to {url}, on another origin: dropped", { id: id.href, url: documentUrl });
      return null;
    }
    object = await ASObject.fromJsonLd(document, { documentLoader, contextLoader: ctx.contextLoader, baseUrl: new URL(documentUrl) });
  } catch (error) {
    log.info("{id} could not be fetched from its origin: dropped ({error})", { id: id.href, error });
    return null;
  }
  if (!(object instanceof Note) || object.id?.href !== id.href) {
    log.info("{id} is not a Note with that id at its origin: dropped", { id: id.href });
    return null;
  }
  if (object.attributionId?.origin !== id.origin) {
    log.info("{id} is attributed to {author}, not to an actor of its origin: dropped", {
      id: id.href,
      author: object.attributionId?.href ?? "nobody",
    });
    return null;
  }
  fetchedFromOrigin.add(object);
  return object;
}

/** An object whose id is not on its sender's origin (a reply, a message, an Offer): dropped with a log. */
export function foreignId(kind: string, id: URL, sender: URL): boolean {
  if (id.origin === sender.origin) return false;
  log.info("{kind} {id} sent by {sender}, of another origin: dropped", { kind, id: id.href, sender: sender.href });
  return true;
}
