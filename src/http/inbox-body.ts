// What an inbox delivery's body may cost before Fedify sees it. Fedify expands every
// delivery as JSON-LD (verifyObject) before it checks the HTTP signature, and compacts
// and canonicalises it when it carries a Linked Data signature: the work grows with the
// body's size, its nesting and the terms its inline @contexts define. These checks cost
// a bounded read and one walk over the parsed JSON, and refuse what real servers never send.

// Real documents, for scale: PeerTube's inline context defines 30 terms, Mastodon's 26;
// Funkwhale and Hubzilla name 5 contexts; Fedify (ours included) repeats its whole
// context, 7 URLs and an object of about 20 terms, in each Object Integrity Proof.
/** Terms all the inline @context objects of one document may define together. */
export const CONTEXT_TERMS = 256;
/** @context entries (URLs and objects) of one document, counted wherever they appear. */
export const CONTEXT_ENTRIES = 64;
/** Nesting of arrays and objects (real documents: 7 at most); JSON-LD processing recurses through it. */
export const MAX_DEPTH = 32;
/**
 * Object members and array items outside the contexts (PeerTube's Create(Video), the largest
 * seen: 363): what expansion, compaction and canonicalisation each walk once or more. At the
 * limit, under a forged HTTP signature and a fake LD signature, Fedify spends about 0.1 ms of
 * CPU per value before it refuses the delivery (bench row inbox-refused, "at the budget").
 */
export const MAX_VALUES = 2000;

/**
 * The body's bytes, read while they arrive: null as soon as there are more than `max`
 * (the rest is never read, so a chunked body without Content-Length is cut off too).
 */
export async function readLimited(body: ReadableStream<Uint8Array> | null, max: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!body) return new Uint8Array(new ArrayBuffer(0));
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/** Why a document would cost too much to process as JSON-LD, or null when it is within bounds. */
export function jsonLdExcess(document: unknown): string | null {
  let terms = 0;
  let entries = 0;
  let values = 0;
  // Iterative, so that a deeply nested document cannot overflow this walk's stack.
  const stack: { value: unknown; depth: number; context: boolean }[] = [{ value: document, depth: 0, context: false }];
  while (stack.length > 0) {
    const { value, depth, context } = stack.pop()!;
    if (depth > MAX_DEPTH) return `the document nests deeper than ${MAX_DEPTH} levels`;
    if (Array.isArray(value)) {
      if (!context) values += value.length;
      if (values > MAX_VALUES) return `the document holds more than ${MAX_VALUES} values`;
      for (const item of value) stack.push({ value: item, depth: depth + 1, context });
      continue;
    }
    if (context) {
      // A context: a URL (never fetched: see federation/loader.ts), or an object of term
      // definitions, each of which may carry a scoped context of its own.
      if (typeof value === "string") entries++;
      else if (value !== null && typeof value === "object") {
        entries++;
        for (const definition of Object.values(value)) {
          if (++terms > CONTEXT_TERMS) return `the inline JSON-LD contexts define more than ${CONTEXT_TERMS} terms`;
          if (definition !== null && typeof definition === "object" && "@context" in definition) {
            stack.push({ value: (definition as { "@context": unknown })["@context"], depth: depth + 1, context: true });
          }
        }
      }
      if (entries > CONTEXT_ENTRIES) return `the document names more than ${CONTEXT_ENTRIES} JSON-LD contexts`;
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    const members = Object.entries(value);
    values += members.length;
    if (values > MAX_VALUES) return `the document holds more than ${MAX_VALUES} values`;
    for (const [key, member] of members) if (key !== "@context") stack.push({ value: member, depth: depth + 1, context: false });
    // Pushed last, taken first: a document's contexts are judged before what they define.
    if ("@context" in value) stack.push({ value: (value as { "@context": unknown })["@context"], depth: depth + 1, context: true });
  }
  return null;
}
