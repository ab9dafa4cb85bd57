// What an inbox delivery may make us do before anyone has proved who sent it. The attack
// of the security review: a 700 KB JSON-LD body with an inline @context of 1,200 terms,
// unsigned or with a Linked Data signature that cannot verify, made Fedify expand (and
// compact) the whole document before answering 401. It must now be refused by what
// costs nothing: here, what is refused, with which reason, and that Fedify never saw it
// (no line of Fedify's inbox log, no key or context fetched from the loopback servers
// the document names). How much CPU that saves is measured in bench/ (inbox-refused).
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { resetSync } from "@logtape/logtape";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { hostileActivity, plainActivity } from "../bench/lib/hostile.ts";
import { type SenderServers, senderServers, signedReply } from "../bench/lib/senders.ts";
import { CONTEXT_ENTRIES, CONTEXT_TERMS, MAX_DEPTH, MAX_VALUES } from "../src/http/inbox-body.ts";
import { UNSIGNED_MAX_BYTES } from "../src/http/inbox-guard.ts";
import { parseConfig } from "../src/config.ts";
import { configureLogging } from "../src/logging.ts";
import { testInstance } from "./helpers/app.ts";

const AP = "application/activity+json";
const INBOX_MAX_BYTES = 262_144;

interface Line {
  category: string;
  message: string;
  properties: Record<string, unknown>;
}

/** A loopback server that counts what it is asked and answers 404: a key or context host. */
async function countingServer(): Promise<{ origin: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe("the inbox refuses costly deliveries before any JSON-LD work", () => {
  const lines: Line[] = [];
  let app: Awaited<ReturnType<typeof testInstance>>;
  let hostile: Awaited<ReturnType<typeof countingServer>>;
  let senders: SenderServers;
  let listener: ReturnType<typeof serve>;
  let url: string;

  beforeAll(async () => {
    configureLogging({
      level: "debug",
      format: "json",
      write: (line) => {
        const record = JSON.parse(line) as { logger: string; message: string; properties: Record<string, unknown> };
        lines.push({ category: record.logger, message: record.message, properties: record.properties });
      },
    });
    // Private addresses allowed, so that Fedify would fetch from the loopback servers if it got that far.
    app = await testInstance({ ALLOW_PRIVATE_ADDRESS: "true", INBOX_RATE_LIMIT: "10000", LOG_LEVEL: "debug" });
    hostile = await countingServer();
    senders = await senderServers(1);
    // The same application on a real socket: Content-Length and chunked bodies as clients send them.
    listener = serve({ fetch: app.http.fetch, hostname: "127.0.0.1", port: 0 });
    await new Promise<void>((resolve) => listener.once("listening", () => resolve()));
    url = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => listener.close(() => resolve()));
    await hostile.close();
    await senders.close();
    await app.close();
    resetSync();
  });
  beforeEach(() => {
    lines.length = 0;
    hostile.requests.length = 0;
  });

  const deliver = (doc: unknown, headers: Record<string, string> = {}) =>
    app.http.request("http://town.test/inbox", { method: "POST", headers: { "Content-Type": AP, ...headers }, body: JSON.stringify(doc) });
  const forgedSignature = () => ({
    Date: new Date().toUTCString(),
    Signature: `keyId="${hostile.origin}/users/x#main-key",algorithm="rsa-sha256",headers="(request-target) host date",signature="AAAA"`,
  });
  const fedifyLines = () => lines.filter((l) => l.category.startsWith("fedify.federation.inbox") || l.category.startsWith("fedify.sig"));
  const refusals = () => lines.filter((l) => l.category === "entraide.federation.guard").map((l) => l.properties.reason);

  it("answers the review's unsigned 700 KB, 1,200-term delivery 401 without Fedify reading it", async () => {
    for (const bytes of [700_000, 200_000]) {
      const doc = hostileActivity({ actor: `${hostile.origin}/users/x`, bytes });
      expect(JSON.stringify(doc).length).toBeGreaterThan(bytes);
      // Through app.request the body has no Content-Length: it is read no further than the
      // limit of a delivery without an HTTP signature (by Content-Length: the test below).
      const res = await deliver(doc);
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(await res.json()).toMatchObject({
        status: 401,
        detail: `a delivery without an HTTP signature is accepted only up to ${UNSIGNED_MAX_BYTES} bytes, signed in its body`,
      });
    }
    expect(refusals()).toEqual(["unsigned", "unsigned"]);
    expect(fedifyLines()).toEqual([]);
  });

  it("answers it 401 too with a Linked Data signature that verifies against nothing: the signer's key is never fetched", async () => {
    const res = await deliver(hostileActivity({ actor: `${hostile.origin}/users/x`, bytes: 200_000, ldSignature: true }));
    expect(res.status).toBe(401);
    expect(refusals()).toEqual(["unsigned"]);
    expect(fedifyLines()).toEqual([]);
    expect(hostile.requests).toEqual([]);
  });

  it("refuses a small delivery without any signature at once, and lets one signed only in its body through", async () => {
    const plain = await deliver(plainActivity(`${hostile.origin}/users/x`));
    expect(plain.status).toBe(401);
    expect(await plain.json()).toMatchObject({ detail: "the delivery has no HTTP signature, Linked Data signature or proof" });
    // A `signature` member that is no Linked Data signature Fedify would check is none.
    const fake = await deliver({ ...plainActivity(`${hostile.origin}/users/x`), signature: { type: "Whatever", value: "x" } });
    expect(fake.status).toBe(401);
    expect(refusals()).toEqual(["unsigned", "unsigned"]);
    expect(fedifyLines()).toEqual([]);

    // Interoperable: a delivery signed only with an LD signature, or only with an Object
    // Integrity Proof (no Signature header), is still Fedify's to verify, and verifies.
    const sender = senders.senders[0]!;
    for (const profile of ["ld", "proof"] as const) {
      const post = await signedReply(senders, profile, {
        sender,
        inbox: "http://town.test/inbox",
        noteId: `${sender.actor.href}/statuses/${profile}`,
        inReplyTo: "http://town.test/needs/none",
        to: "http://town.test/actors/instance",
        content: "<p>Bonjour</p>",
      });
      // The proof profile also carries an LD signature over the proof: leave only the proof.
      const { signature, ...proofOnly } = post.json;
      const res = await deliver(profile === "ld" ? post.json : proofOnly);
      expect(signature).toBeDefined();
      expect(res.status, `${profile}: ${await res.clone().text()}`).toBe(202);
    }
  });

  it("reads INBOX_MAX_BYTES, 256 KiB by default, and refuses a value too small for any activity", () => {
    expect(parseConfig({}).inboxMaxBytes).toBe(INBOX_MAX_BYTES);
    expect(parseConfig({ INBOX_MAX_BYTES: "65536" }).inboxMaxBytes).toBe(65_536);
    expect(() => parseConfig({ INBOX_MAX_BYTES: "100" })).toThrow(/INBOX_MAX_BYTES must be at least 4096/);
  });

  it("refuses by Content-Length, before reading, a delivery over INBOX_MAX_BYTES, even with a signature header", async () => {
    const body = JSON.stringify(hostileActivity({ actor: `${hostile.origin}/users/x` }));
    const answer = await new Promise<{ status?: number; type?: string; body: string }>((resolve, reject) => {
      const req = httpRequest(
        `${url}/inbox`,
        { method: "POST", agent: false, headers: { "Content-Type": AP, "Content-Length": Buffer.byteLength(body), ...forgedSignature() } },
        (res) => {
          let text = "";
          res.on("data", (d) => (text += d));
          res.on("end", () => resolve({ status: res.statusCode, type: res.headers["content-type"], body: text }));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
    expect(answer.status).toBe(413);
    expect(answer.type).toBe("application/problem+json");
    expect(JSON.parse(answer.body)).toMatchObject({ detail: `an inbox delivery is accepted only up to ${INBOX_MAX_BYTES} bytes` });
    expect(refusals()).toEqual(["too-large"]);
    expect(fedifyLines()).toEqual([]);
    expect(hostile.requests).toEqual([]);
  });

  it("cuts a chunked delivery off at the limit, answering before the sender has finished", async () => {
    // The request is never ended: only a server that stops reading at the limit answers it.
    const answer = await new Promise<number | undefined>((resolve, reject) => {
      const req = httpRequest(`${url}/inbox`, { method: "POST", agent: false, headers: { "Content-Type": AP, ...forgedSignature() } }, (res) => {
        res.resume();
        resolve(res.statusCode);
        req.destroy();
      });
      req.on("error", (error) => (req.destroyed ? undefined : reject(error)));
      expect(req.getHeader("content-length")).toBeUndefined();
      req.write(`{"type":"Create","content":"${"x".repeat(INBOX_MAX_BYTES + 16_384)}`);
    });
    expect(answer).toBe(413);
    expect(refusals()).toEqual(["too-large"]);
    expect(fedifyLines()).toEqual([]);
  });

  it("refuses, signed or not, contexts and documents beyond the JSON-LD budget, fetching nothing", async () => {
    const actor = `${hostile.origin}/users/x`;
    const cases: { doc: Record<string, unknown>; detail: string }[] = [
      // The review's 1,200 terms, in a body small enough to pass the size limits.
      { doc: hostileActivity({ actor, bytes: 0 }), detail: `the inline JSON-LD contexts define more than ${CONTEXT_TERMS} terms` },
      {
        doc: hostileActivity({ actor, terms: 1, bytes: 0, contextUrls: Array.from({ length: CONTEXT_ENTRIES }, (_, i) => `${hostile.origin}/ns/${i}`) }),
        detail: `the document names more than ${CONTEXT_ENTRIES} JSON-LD contexts`,
      },
      {
        doc: { ...plainActivity(actor), object: { type: "Note", tag: new Array(MAX_VALUES).fill(0) } },
        detail: `the document holds more than ${MAX_VALUES} values`,
      },
      {
        doc: { ...plainActivity(actor), object: JSON.parse(`${"[".repeat(MAX_DEPTH + 1)}1${"]".repeat(MAX_DEPTH + 1)}`) },
        detail: `the document nests deeper than ${MAX_DEPTH} levels`,
      },
    ];
    for (const { doc, detail } of cases) {
      for (const headers of [forgedSignature(), {}] as Record<string, string>[]) {
        const body = headers.Signature ? doc : { ...doc, signature: { type: "RsaSignature2017", creator: `${actor}#main-key`, created: "2026-11-30T12:00:00Z", signatureValue: "AAAA" } };
        lines.length = 0;
        const res = await deliver(body, headers);
        expect(res.status, detail).toBe(400);
        expect(await res.json()).toMatchObject({ status: 400, detail });
        expect(refusals()).toEqual(["json-ld-cost"]);
        expect(fedifyLines()).toEqual([]);
      }
    }
    // Neither the signer's key nor any of the contexts named was fetched.
    expect(hostile.requests).toEqual([]);
  });

  it("hands a delivery within the budget to Fedify, which fetches no unknown context", async () => {
    const doc = hostileActivity({ actor: `${hostile.origin}/users/x`, terms: 20, bytes: 2_000, contextUrls: [`${hostile.origin}/ns/litepub-0.1.jsonld`] });
    const res = await deliver(doc, forgedSignature());
    // Fedify's own refusal: the forged signature does not verify.
    expect(res.status).toBe(401);
    expect(refusals()).toEqual([]);
    expect(fedifyLines().map((l) => l.message)).toContain("Failed to verify the request's HTTP Signatures.");
    expect(hostile.requests.filter((r) => r.includes("/ns/"))).toEqual([]);
  });
});
