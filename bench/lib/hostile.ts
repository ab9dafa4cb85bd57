// The hostile inbox delivery of the security review: a large JSON-LD document whose
// inline @context defines many terms, all of them used, so that every JSON-LD step
// (expansion, compaction, canonicalisation) has as much to do as possible. Sent
// unsigned, or with a Linked Data signature that cannot verify. Shared by the
// `inbox-refused` bench row and test/inbox-cost.test.ts.

const AS = "https://www.w3.org/ns/activitystreams";

export interface HostileOptions {
  /** The activity's actor (and the signature's creator): a server the sender claims to be. */
  actor: string;
  /** Terms of the inline @context (the review's attack: 1,200). */
  terms?: number;
  /** Rough size of the serialised document (the review's attack: 700 KB). */
  bytes?: number;
  /** Adds a Linked Data signature (RsaSignature2017, as Mastodon's) that verifies against no key. */
  ldSignature?: boolean;
  /** @context URLs to add (for instance an unknown one on a server that counts its requests). */
  contextUrls?: string[];
}

export function hostileActivity(options: HostileOptions): Record<string, unknown> {
  const terms = options.terms ?? 1200;
  const bytes = options.bytes ?? 700_000;
  const names = Array.from({ length: terms }, (_, i) => `t${i}`);
  const context: Record<string, unknown> = {};
  for (const [i, name] of names.entries()) {
    // Typed terms make the expansion of each value look its definition up and coerce it.
    context[name] = i % 2 === 0 ? { "@id": `https://hostile.example/ns#${name}`, "@type": "@id" } : `https://hostile.example/ns#${name}`;
  }
  const items: Record<string, string>[] = [];
  const note: Record<string, unknown> = {
    id: `${options.actor}/notes/1`,
    type: "Note",
    attributedTo: options.actor,
    to: "https://www.w3.org/ns/activitystreams#Public",
    content: "<p>Bonjour</p>",
    items,
  };
  const doc: Record<string, unknown> = {
    "@context": [AS, ...(options.contextUrls ?? []), context],
    id: `${options.actor}/activities/1`,
    type: "Create",
    actor: options.actor,
    object: note,
  };
  let size = JSON.stringify(doc).length;
  for (let n = 0; size < bytes; n++) {
    const item: Record<string, string> = {};
    for (let k = 0; k < 8; k++) {
      const name = names[(n * 8 + k) % names.length]!;
      item[name] = `https://hostile.example/v/${n}/${k}`;
    }
    items.push(item);
    size += JSON.stringify(item).length + 1;
  }
  if (options.ldSignature) {
    doc.signature = {
      type: "RsaSignature2017",
      creator: `${options.actor}#main-key`,
      created: "2026-11-30T12:00:00Z",
      signatureValue: Buffer.alloc(256, 7).toString("base64"),
    };
  }
  return doc;
}

/** A small, ordinary unsigned Create(Note): what a misconfigured server or a probe sends. */
export function plainActivity(actor: string): Record<string, unknown> {
  return {
    "@context": AS,
    id: `${actor}/activities/plain`,
    type: "Create",
    actor,
    object: { id: `${actor}/notes/plain`, type: "Note", attributedTo: actor, content: "<p>Bonjour</p>", to: `${AS}#Public` },
  };
}
