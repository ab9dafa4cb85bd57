// Simulated remote servers that *send* to Entraide: node:http servers on 127.0.0.x,
// each serving one Person actor with its keys (RSA-2048 for HTTP and Linked Data
// signatures, Ed25519 for Object Integrity Proofs), so that Entraide can fetch them
// to verify what they sign. Activities are signed with Fedify's own functions.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { signJsonLd, signObject, signRequest } from "@fedify/fedify";
import { Create, CryptographicKey, Endpoints, Multikey, Note, Person } from "@fedify/vocab";
import { Temporal } from "@js-temporal/polyfill";
import { contextLoader } from "../../federation/loader.ts";

/** The 127.0.x.y address of the n-th sender: a range apart from the fan-out servers' (127.0.0.2–). */
export function senderAddress(n: number): string {
  return `127.0.${10 + Math.floor(n / 250)}.${2 + (n % 250)}`;
}

export interface Sender {
  origin: string;
  actor: URL;
  /** The RSA key's id (`#main-key`, as Mastodon names it) and the Ed25519 key's (`#ed25519-key`). */
  rsaKeyId: URL;
  edKeyId: URL;
}

export interface SenderServers {
  senders: Sender[];
  rsa: CryptoKeyPair;
  ed25519: CryptoKeyPair;
  /** GET requests each origin answered (Entraide fetching actors and keys). */
  fetches(): number;
  close(): Promise<void>;
}

/** What a sender attaches: an HTTP signature only (Mastodon without LD signatures), plus an LD signature (Mastodon), plus a proof (Fedify). */
export type SignatureProfile = "http" | "ld" | "proof";

export const PROFILE_SIGNATURES: Record<SignatureProfile, string> = {
  http: "HTTP signature (draft-cavage, RSA-2048)",
  ld: "HTTP signature (draft-cavage) + LD signature (RsaSignature2017), RSA-2048",
  proof: "HTTP signature (RFC 9421) + LD signature (RsaSignature2017), RSA-2048 + Object Integrity Proof (eddsa-jcs-2022, Ed25519)",
};

/** RSA-2048, as Mastodon generates (Fedify's generateCryptoKeyPair makes RSA-4096). */
export async function rsa2048(): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
}

/**
 * `count` servers, one actor each. They share one RSA and one Ed25519 key pair: generating
 * a hundred RSA keys takes seconds, and verifying costs the same with any of them (every
 * actor still has its own key ids, so Entraide fetches and caches each one).
 */
export async function senderServers(count: number): Promise<SenderServers> {
  const rsa = await rsa2048();
  const ed25519 = (await crypto.subtle.generateKey("Ed25519", true, ["sign", "verify"])) as CryptoKeyPair;
  const servers: Server[] = [];
  const senders: Sender[] = [];
  let fetches = 0;
  for (let i = 0; i < count; i++) {
    const host = senderAddress(i);
    let body = "";
    const server = createServer((req, res) => {
      fetches++;
      if (req.method === "GET" && req.url === "/users/u") {
        res.writeHead(200, { "Content-Type": "application/activity+json" }).end(body);
      } else {
        res.writeHead(req.method === "POST" ? 202 : 404).end();
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, host, () => resolve());
    });
    const origin = `http://${host}:${(server.address() as AddressInfo).port}`;
    const actor = new URL(`${origin}/users/u`);
    const sender: Sender = { origin, actor, rsaKeyId: new URL(`${actor.href}#main-key`), edKeyId: new URL(`${actor.href}#ed25519-key`) };
    const person = new Person({
      id: actor,
      preferredUsername: "u",
      name: `Bénévole ${i}`,
      inbox: new URL(`${actor.href}/inbox`),
      endpoints: new Endpoints({ sharedInbox: new URL(`${origin}/inbox`) }),
      publicKey: new CryptographicKey({ id: sender.rsaKeyId, owner: actor, publicKey: rsa.publicKey }),
      assertionMethods: [new Multikey({ id: sender.edKeyId, controller: actor, publicKey: ed25519.publicKey })],
    });
    body = JSON.stringify(await person.toJsonLd({ format: "compact", contextLoader }));
    servers.push(server);
    senders.push(sender);
  }
  return {
    senders,
    rsa,
    ed25519,
    fetches: () => fetches,
    async close() {
      await Promise.all(
        servers.map((s) => {
          s.closeAllConnections();
          return new Promise<void>((resolve) => s.close(() => resolve()));
        }),
      );
    },
  };
}

/** A signed POST, as plain parts (so it can be sent any number of ways, or rebuilt as a Request). */
export interface SignedPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The activity as sent (with its LD signature and proof, if any). */
  json: Record<string, unknown>;
  /** The Note's id: what Entraide records as the application's activity. */
  noteId: string;
}

export interface Reply {
  sender: Sender;
  /** Where the POST goes (the recipient's inbox or the shared inbox). */
  inbox: string;
  /** Unique per activity. */
  noteId: string;
  inReplyTo: string;
  /** The group the reply is addressed to (a private reply: an application). */
  to: string;
  content: string;
}

/** A `Create(Note)` replying to `inReplyTo`, signed as `profile` says with Fedify's functions, as the sending server would. */
export async function signedReply(keys: Pick<SenderServers, "rsa" | "ed25519">, profile: SignatureProfile, reply: Reply): Promise<SignedPost> {
  const { sender } = reply;
  const noteId = new URL(reply.noteId);
  const note = new Note({
    id: noteId,
    attribution: sender.actor,
    to: new URL(reply.to),
    replyTarget: new URL(reply.inReplyTo),
    content: reply.content,
    published: Temporal.Now.instant(),
  });
  let activity = new Create({ id: new URL(`${noteId.href}/activity`), actor: sender.actor, to: new URL(reply.to), object: note });
  if (profile === "proof") activity = await signObject(activity, keys.ed25519.privateKey, sender.edKeyId, { contextLoader });
  let json = (await activity.toJsonLd({ format: "compact", contextLoader })) as Record<string, unknown>;
  if (profile !== "http") json = (await signJsonLd(json, keys.rsa.privateKey, sender.rsaKeyId, { contextLoader })) as Record<string, unknown>;
  const body = JSON.stringify(json);
  const request = await signRequest(
    new Request(reply.inbox, { method: "POST", headers: { "Content-Type": "application/activity+json", Accept: "application/activity+json" }, body }),
    keys.rsa.privateKey,
    sender.rsaKeyId,
    { spec: profile === "proof" ? "rfc9421" : "draft-cavage-http-signatures-12" },
  );
  return { url: reply.inbox, headers: Object.fromEntries(request.headers), body, json, noteId: noteId.href };
}
