// The benchmark harness itself (bench/): it computes what it claims and counts what it
// measures. No timing is asserted here: the figures belong to `npm run bench`.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { inboxServers, loopbackAddress } from "../bench/lib/inboxes.ts";
import { load } from "../bench/lib/load.ts";
import { senderAddress, senderServers } from "../bench/lib/senders.ts";
import { buildPosts, ceilings, postAll } from "../bench/rows/inbox.ts";
import { percentile, ratio } from "../bench/lib/stats.ts";
import { formatRatio, formatTable } from "../bench/lib/table.ts";
import { parseOptions } from "../bench/run.ts";
import { hostileActivity } from "../bench/lib/hostile.ts";

describe("the benchmark harness", () => {
  it("computes ratios and percentiles", () => {
    expect(ratio(50, 200)).toBe(0.25);
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(Number.NaN, 2)).toBeNull();
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(values, 50), percentile(values, 95), percentile(values, 99)]).toEqual([50, 95, 99]);
    expect(percentile([], 50)).toBe(0);
    expect(formatRatio(0.25)).toBe("0.250×");
    expect(formatRatio(null)).toBe("–");
  });

  it("prints one aligned Markdown line per row, with the ratio and the verdict", () => {
    const table = formatTable([
      { name: "webfinger", result: "900 req/s", baseline: "1,000 req/s", ratio: 0.9, target: "≥ 0.5×", met: true },
      { name: "search", result: "p50 9 ms", baseline: "p50 1 ms", ratio: 9, target: "p50 ≤ 5 ms", met: false },
    ]);
    const lines = table.split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\| Name +\| Result +\| Baseline \(same run\) +\| Ratio +\| Target +\| Met +\|$/);
    expect(lines[2]).toContain("| 0.900× |");
    expect(lines[2]).toContain("| yes ");
    expect(lines[3]).toContain("**no**");
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });

  it("parses --quick and --only, and refuses an unknown row", () => {
    expect(parseOptions(["--quick", "--only", "webfinger,search"])).toEqual({ quick: true, only: ["webfinger", "search"] });
    expect(parseOptions([])).toEqual({ quick: false, only: [] });
    expect(() => parseOptions(["--only", "nope"])).toThrow(/unknown row/);
  });

  it("builds the security review's hostile delivery: 700 KB, an inline context of 1,200 terms, each of them used", () => {
    const doc = hostileActivity({ actor: "http://127.0.0.9/users/x", ldSignature: true });
    expect(JSON.stringify(doc).length).toBeGreaterThan(700_000);
    const context = (doc["@context"] as unknown[]).at(-1) as Record<string, unknown>;
    expect(Object.keys(context)).toHaveLength(1200);
    const used = new Set(((doc.object as { items: Record<string, string>[] }).items).flatMap((item) => Object.keys(item)));
    expect(used.size).toBe(1200);
    expect(doc.signature).toMatchObject({ type: "RsaSignature2017", creator: "http://127.0.0.9/users/x#main-key" });
    expect(parseOptions(["--only", "inbox-refused"]).only).toEqual(["inbox-refused"]);
  });

  it("loads a loopback server and counts exactly the requests it served", async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(req.url ?? "");
      res.writeHead(req.url === "/missing" ? 404 : 200).end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const result = await load({ url, connections: 4, amount: 120, paths: ["/a", "/b", "/missing"] });
      expect(result.requests).toBe(120);
      expect(result.reported).toBe(120);
      expect(seen).toHaveLength(120);
      expect(new Set(seen)).toEqual(new Set(["/a", "/b", "/missing"]));
      expect(result.ok).toBe(80);
      expect(result.failed).toBe(40);
      expect(result.rate).toBeGreaterThan(0);
      expect(result.p99).toBeGreaterThanOrEqual(result.p50);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("simulated servers count the POSTs of each activity per inbox, and answer as told", async () => {
    const counter = await inboxServers(3, (i) => (i === 2 ? { status: 410 } : {}));
    try {
      expect(counter.origins[0]).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
      const post = (origin: string, id: string) =>
        fetch(`${origin}/inbox`, { method: "POST", body: JSON.stringify({ id, type: "Create" }) }).then((r) => r.status);
      const [a, b, c] = counter.origins as [string, string, string];
      expect(await post(a, "https://town.test/needs/1#create")).toBe(202);
      expect(await post(a, "https://town.test/needs/1#create")).toBe(202);
      expect(await post(b, "https://town.test/needs/1#create")).toBe(202);
      expect(await post(c, "https://town.test/needs/1#create")).toBe(410);
      expect(await post(b, "https://town.test/needs/2#create")).toBe(202);
      expect(counter.posts("https://town.test/needs/1#create")).toBe(4);
      expect(counter.posts("https://town.test/needs/2#create")).toBe(1);
      expect(counter.perInbox("https://town.test/needs/1#create")).toEqual(
        new Map([
          [`${a}/inbox`, 2],
          [`${b}/inbox`, 1],
          [`${c}/inbox`, 1],
        ]),
      );
      expect(counter.lastAt("https://town.test/needs/1#create", [a])).toBeLessThanOrEqual(counter.lastAt("https://town.test/needs/1#create"));
    } finally {
      await counter.close();
    }
    expect(loopbackAddress(0)).toBe("127.0.0.2");
    expect(loopbackAddress(253)).toBe("127.0.1.2");
  });

  it("simulated senders serve their actors and sign replies that Fedify verifies; the poster counts every answer", async () => {
    const senders = await senderServers(2);
    const received: { url: string; signature: boolean; body: Record<string, unknown> }[] = [];
    const inbox = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({
          url: req.url ?? "",
          signature: Boolean(req.headers.signature ?? req.headers["signature-input"]),
          body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
        });
        res.writeHead(received.length === 3 ? 500 : 202).end();
      });
    });
    await new Promise<void>((resolve) => inbox.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(inbox.address() as AddressInfo).port}`;
    try {
      expect(senders.senders[0]!.origin).toMatch(/^http:\/\/127\.0\.10\.2:\d+$/);
      expect(senderAddress(250)).toBe("127.0.11.2");
      const actor = (await (await fetch(senders.senders[1]!.actor)).json()) as Record<string, unknown>;
      expect(actor.id).toBe(senders.senders[1]!.actor.href);
      expect((actor.publicKey as { id: string }).id).toBe(`${actor.id}#main-key`);
      expect(JSON.stringify(actor.assertionMethod)).toContain(`${actor.id}#ed25519-key`);
      expect(senders.fetches()).toBe(1);

      const targets = [{ needUri: "https://town.test/needs/1", groupUri: "https://town.test/actors/asso" }];
      const posts = await buildPosts(senders, targets, `${origin}/inbox`, 2, "t");
      expect(posts.http.map((p) => p.noteId)).toEqual([
        `${senders.senders[0]!.actor.href}/statuses/t-http-0`,
        `${senders.senders[1]!.actor.href}/statuses/t-http-1`,
      ]);
      expect(posts.http[0]!.json.signature).toBeUndefined();
      expect(posts.ld[0]!.json.signature).toMatchObject({ type: "RsaSignature2017" });
      expect(posts.proof[0]!.json.signature).toMatchObject({ type: "RsaSignature2017" });
      expect(posts.proof[0]!.json.proof).toMatchObject({ type: "DataIntegrityProof", cryptosuite: "eddsa-jcs-2022" });
      expect(posts.proof[0]!.headers["signature-input"]).toBeDefined();
      expect(posts.http[0]!.headers.signature).toMatch(/keyId="[^"]+#main-key"/);
      expect((posts.ld[1]!.json.object as { inReplyTo: string }).inReplyTo).toBe("https://town.test/needs/1");

      // Fedify verifies each kind of signature (fetching the keys from the senders), or the ceilings would throw.
      const rates = await ceilings(posts, 0.05);
      expect(rates.verifyRequest).toBeGreaterThan(0);
      expect(rates.verifyJsonLd).toBeGreaterThan(0);
      expect(rates.verifyObject).toBeGreaterThan(0);

      const posted = await postAll([...posts.http, ...posts.ld], 2);
      expect(received).toHaveLength(4);
      expect(received.every((r) => r.url === "/inbox" && r.signature)).toBe(true);
      expect(new Set(received.map((r) => r.body.id)).size).toBe(4);
      expect(posted.statuses.filter((s) => s === 202)).toHaveLength(3);
      expect(posted.accepted).toBe(3);
      expect(posted.serverErrors).toBe(1);
    } finally {
      await senders.close();
      await new Promise((resolve) => inbox.close(resolve));
    }
  });
});
