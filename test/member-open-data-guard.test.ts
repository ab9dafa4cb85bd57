// The aggregator's GET of a member's open data (federation/member-open-data.ts) is a
// request this server makes to an address a remote party chose: without
// ALLOW_PRIVATE_ADDRESS it is refused at loopback before any connection, it follows no
// redirect (to a private address, say), and it stops reading past its size limit; what
// it reads is taken only if it is the file of the version it knows, row by row.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchMemberOpenData, readMemberFile } from "../federation/member-open-data.ts";
import { EVALUATION_COLUMNS } from "../src/domain/open-data/evaluation.ts";
import { freePort } from "./helpers/server.ts";

describe("fetching a member's open data", () => {
  let server: Server;
  let origin: string;
  const hits: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? "");
      if (req.headers.host?.startsWith("localhost")) {
        res.writeHead(302, { Location: `${origin}/open-data/evaluation.json` });
        res.end();
      } else {
        res.writeHead(200, { "Content-Type": "application/json" });
        // Over 2 MB, without a Content-Length.
        res.write('{"rows": [');
        for (let i = 0; i < 300; i++) res.write(`${"{\"domain\":\"sante\",\"month\":\"2026-10\",\"needs_done\":5,\"hours_given\":5,\"people_helped\":5},".repeat(100)}`);
        res.end('{"domain":"sante","month":"2026-10","needs_done":5,"hours_given":5,"people_helped":5}]}');
      }
    });
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("refuses a loopback member unless private addresses are allowed, without connecting", async () => {
    const before = hits.length;
    const refused = await fetchMemberOpenData(origin, false);
    expect(refused).toMatchObject({ origin, error: expect.stringMatching(/public|private|loopback|address/i) });
    expect(hits.length).toBe(before);
  });

  it("stops reading a file over its size limit", async () => {
    const answer = await fetchMemberOpenData(origin, true);
    expect(answer).toMatchObject({ error: expect.stringContaining("too large") });
  });

  it("follows no redirect", async () => {
    const port = new URL(origin).port;
    const before = hits.length;
    const answer = await fetchMemberOpenData(`http://localhost:${port}`, true);
    // Only the first request was made: the redirect's target was never asked.
    expect(hits.length).toBe(before + 1);
    expect(answer).toHaveProperty("error");
    expect((answer as { error: string }).error).not.toContain("too large");
  });

  it("takes only the file of the version it reads, with rows it can place", () => {
    const figures = Object.fromEntries(EVALUATION_COLUMNS.slice(2).map((c) => [c, 0]));
    const row = (breakdown: string, key: string, over: Record<string, unknown> = {}) => ({ breakdown, key, ...figures, suppressed: [], ...over });
    const file = (rows: unknown[], version = 1) => ({ version, rows });
    const read = readMemberFile("http://a.test", file([row("total", ""), row("domain", "sante", { volunteers: 7 }), row("month", "2026-11", { answers: null, suppressed: ["answers"] })]));
    expect(read.byDomain.find((r) => r.key === "sante")?.indicators.volunteers).toEqual({ kind: "value", value: 7 });
    expect(read.byMonth.find((r) => r.key === "2026-11")?.indicators.answers).toEqual({ kind: "small" });
    // Keys from another server are kept in lists, never as an object's properties: "constructor" is a domain like any.
    expect(readMemberFile("http://a.test", file([row("total", ""), row("domain", "constructor")])).byDomain.map((r) => r.key)).toEqual(["constructor"]);
    expect(() => readMemberFile("http://a.test", file([row("total", "")], 2))).toThrow(/version 2/);
    expect(() => readMemberFile("http://a.test", file([row("domain", "sante")]))).toThrow(/no total/);
    // A key that is no slug, a negative count, a month where a domain goes, a row twice: refused.
    for (const bad of [row("domain", "__proto__"), row("total", "", { volunteers: -3 }), row("domain", "2026-11"), row("month", "sante"), row("total", "")]) {
      expect(() => readMemberFile("http://a.test", file([row("total", ""), bad]))).toThrow(/not the open-data file/);
    }
  });
});
