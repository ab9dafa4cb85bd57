// The foundation's "done means", against a real server process on a loopback port.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres } from "./helpers/backends.ts";
import { runCli, type ServerProcess, startServer, tempDir } from "./helpers/server.ts";

const AP = "application/activity+json";

async function getJson(url: string, accept = "application/json") {
  const res = await fetch(url, { headers: { Accept: accept } });
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: (await res.json()) as any };
}

describe("a server process on embedded SQLite", () => {
  let server: ServerProcess;
  const dataDir = tempDir();

  beforeAll(async () => {
    server = await startServer({ dataDir });
  });
  afterAll(async () => {
    await server?.stop("SIGKILL");
  });

  it("serves /healthz and /readyz", async () => {
    expect(await getJson(`${server.url}/healthz`)).toMatchObject({ status: 200, body: { status: "ok" } });
    expect(await getJson(`${server.url}/readyz`)).toMatchObject({
      status: 200,
      body: { status: "ready", database: onPostgres ? "postgres" : "sqlite" },
    });
  });

  it("links NodeInfo 2.1 and the FEP-2677 Application actor from /.well-known/nodeinfo", async () => {
    const { body } = await getJson(`${server.url}/.well-known/nodeinfo`);
    const rels = Object.fromEntries(body.links.map((l: { rel: string; href: string }) => [l.rel, l.href]));
    expect(rels["http://nodeinfo.diaspora.software/ns/schema/2.1"]).toBe(`${server.url}/nodeinfo/2.1`);
    expect(rels["https://www.w3.org/ns/activitystreams#Application"]).toBe(`${server.url}/actors/instance`);

    const nodeinfo = await getJson(`${server.url}/nodeinfo/2.1`);
    expect(nodeinfo.body.software.name).toBe("entraide");
    expect(nodeinfo.body.software.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(nodeinfo.body.protocols).toEqual(["activitypub"]);
    expect(nodeinfo.body.usage.users.total).toBe(0);
  });

  let firstKeys: { pem: string; multikeys: string[] };

  it("serves the Application actor with inbox, shared inbox, an RSA-2048 key and an Ed25519 Multikey", async () => {
    const { status, type, body } = await getJson(`${server.url}/actors/instance`, AP);
    expect(status).toBe(200);
    expect(type).toContain("application/activity+json");
    expect(body.type).toBe("Application");
    expect(body.id).toBe(`${server.url}/actors/instance`);
    expect(body.inbox).toBe(`${server.url}/actors/instance/inbox`);
    expect(body.endpoints.sharedInbox).toBe(`${server.url}/inbox`);
    expect(body.publicKey.publicKeyPem).toContain("BEGIN PUBLIC KEY");
    const rsa = await crypto.subtle.importKey(
      "spki",
      Buffer.from(body.publicKey.publicKeyPem.replace(/-----[^-]+-----|\s/g, ""), "base64"),
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      true,
      ["verify"],
    );
    expect((rsa.algorithm as RsaHashedKeyAlgorithm).modulusLength).toBe(2048);
    const multikeys = body.assertionMethod.map((k: { publicKeyMultibase: string }) => k.publicKeyMultibase);
    // Ed25519 public keys in multibase start with z6Mk.
    expect(multikeys.some((k: string) => k.startsWith("z6Mk"))).toBe(true);
    firstKeys = { pem: body.publicKey.publicKeyPem, multikeys };
  });

  it("answers malformed JSON sent to /api/v1/missions with a 400 problem+json", async () => {
    const res = await fetch(`${server.url}/api/v1/missions`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: '{"title": "Visites',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await res.json()).toMatchObject({ status: 400, title: "Bad Request" });
  });

  it("makes an organisation created by the CLI resolvable by WebFinger while running", async () => {
    const cli = runCli(["org", "create", "some-org", "--name", "Some org"], server.env);
    expect(cli.stderr).toBe("");
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain(`@some-org@127.0.0.1:${server.port}`);

    const resource = `acct:some-org@127.0.0.1:${server.port}`;
    const wf = await getJson(`${server.url}/.well-known/webfinger?resource=${encodeURIComponent(resource)}`);
    expect(wf.status).toBe(200);
    expect(wf.body.subject).toBe(resource);
    const self = wf.body.links.find((l: { rel: string }) => l.rel === "self");
    expect(self).toMatchObject({ type: "application/activity+json", href: `${server.url}/actors/some-org` });

    const group = await getJson(self.href, AP);
    expect(group.body).toMatchObject({ type: "Group", preferredUsername: "some-org", name: "Some org" });
    expect(group.body.endpoints.sharedInbox).toBe(`${server.url}/inbox`);
  });

  it("keeps the same keys across a restart, and stops cleanly on SIGTERM within 10 s", async () => {
    const stopped = await server.stop("SIGTERM");
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(10_000);
    expect(server.logs()).toContain("Stopped");

    server = await startServer({ dataDir, port: server.port });
    const { body } = await getJson(`${server.url}/actors/instance`, AP);
    expect(body.publicKey.publicKeyPem).toBe(firstKeys.pem);
    expect(body.assertionMethod.map((k: { publicKeyMultibase: string }) => k.publicKeyMultibase)).toEqual(
      firstKeys.multikeys,
    );
    // And the organisation is still there.
    expect((await getJson(`${server.url}/actors/some-org`, AP)).status).toBe(200);
  });

  it("finishes a request in flight before stopping", async () => {
    // A request whose body is still arriving when SIGTERM comes must still be answered.
    const body = JSON.stringify({ login: "nobody", password: "wrong password" });
    const socket = connect(server.port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    let response = "";
    socket.on("data", (d) => (response += d));
    const closed = new Promise((resolve) => socket.once("close", resolve));
    socket.write(
      `POST /api/v1/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 5)}`,
    );
    await new Promise((r) => setTimeout(r, 300));
    const stopping = server.stop("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    socket.write(body.slice(5));
    await closed;
    const stopped = await stopping;
    expect(response, server.logs()).toMatch(/^HTTP\/1\.1 401/);
    expect(stopped.code).toBe(0);
  });
});

describe("configuration errors at start", () => {
  it("name the variable, show an example, and exit non-zero", () => {
    const result = runCli(["serve"], { PORT: "eighty", PUBLIC_URL: "ftp://x", DATA_DIR: tempDir() });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("PORT");
    expect(result.stderr).toContain("example: PORT=8080");
    expect(result.stderr).toContain("PUBLIC_URL");
  });
});

describe("logs", () => {
  it("are JSON lines with LOG_FORMAT=json, one per request", async () => {
    const server = await startServer({ env: { LOG_FORMAT: "json" } });
    await fetch(`${server.url}/healthz`);
    await fetch(`${server.url}/nodeinfo/2.1`);
    const { code } = await server.stop("SIGTERM");
    expect(code).toBe(0);
    const lines = server
      .logs()
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const requests = lines.filter((l) => l.logger === "entraide.http");
    // Health polls while starting, then our two requests: one line each.
    expect(requests.at(-2)).toMatchObject({ level: "INFO", properties: { method: "GET", path: "/healthz", status: 200 } });
    expect(requests.at(-1)).toMatchObject({ properties: { method: "GET", path: "/nodeinfo/2.1", status: 200 } });
    expect(requests.at(-1).message).toContain("/nodeinfo/2.1");
  });
});
