// Towns following each other, a federation of towns, and moderation, with
// three real server processes (towns A and B, federation F) and a small
// fediverse account of our own (a Person on a Fedify server in this process).
import { createFederation, generateCryptoKeyPair, MemoryKvStore } from "@fedify/fedify";
import { Announce, Endpoints, Follow, Person } from "@fedify/vocab";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testInstance } from "./helpers/app.ts";
import { apiClient, freePort, runCli, type ServerProcess, startServer } from "./helpers/server.ts";
import { until } from "./helpers/wait.ts";



/** A fediverse account on a tiny Fedify server of its own, recording what it receives. */
async function personServer() {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const keys = [await generateCryptoKeyPair("RSASSA-PKCS1-v1_5")];
  const received: Announce[] = [];
  const federation = createFederation<void>({ kv: new MemoryKvStore(), allowPrivateAddress: true, origin });
  federation
    .setActorDispatcher("/users/{identifier}", async (ctx, identifier) =>
      identifier === "paula"
        ? new Person({
            id: ctx.getActorUri(identifier),
            preferredUsername: identifier,
            inbox: ctx.getInboxUri(identifier),
            endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
            publicKey: (await ctx.getActorKeyPairs(identifier))[0]?.cryptographicKey,
          })
        : null,
    )
    .setKeyPairsDispatcher(() => keys);
  federation
    .setInboxListeners("/users/{identifier}/inbox", "/inbox")
    .on(Announce, (_ctx, announce) => {
      received.push(announce);
    });
  const server = serve({ fetch: (request) => federation.fetch(request, { contextData: undefined }), hostname: "127.0.0.1", port });
  return {
    received,
    async follow(actorUrl: string) {
      const ctx = federation.createContext(new URL(origin), undefined);
      const target = await ctx.lookupObject(actorUrl);
      if (!target?.id) throw new Error(`cannot find ${actorUrl}`);
      await ctx.sendActivity(
        { identifier: "paula" },
        target as Person,
        new Follow({ id: new URL(`${origin}/follows/1`), actor: ctx.getActorUri("paula"), object: target.id }),
      );
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const need = (title: string) => ({
  title,
  domains: ["sport"],
  place: { label: "Stade municipal" },
  schedule: { kind: "date", start: "2026-12-19T10:00:00+01:00" },
  volunteers_wanted: 3,
  visibility: "public",
});

describe("towns A and B, and a federation of towns F", () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let f: ServerProcess;
  let adminA: ReturnType<typeof apiClient>;
  let adminB: ReturnType<typeof apiClient>;
  let adminF: ReturnType<typeof apiClient>;
  let paula: Awaited<ReturnType<typeof personServer>>;

  beforeAll(async () => {
    [a, b, f] = await Promise.all([startServer(), startServer(), startServer({ env: { AGGREGATOR: "true" } })]);
    const admins = [];
    for (const [server, org] of [
      [a, "sports-a"],
      [b, "sports-b"],
      [f, null],
    ] as const) {
      expect(runCli(["user", "create", "maire", "--email", "maire@town.test", "--admin"], server.env, "the mayor's password\n").status).toBe(0);
      if (org) expect(runCli(["org", "create", org, "--name", `Club ${org}`, "--coordinator", "maire"], server.env).status).toBe(0);
      admins.push(apiClient(server, runCli(["token", "create", "maire"], server.env).stdout.trim()));
    }
    [adminA, adminB, adminF] = admins as [ReturnType<typeof apiClient>, ReturnType<typeof apiClient>, ReturnType<typeof apiClient>];
    paula = await personServer();
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop(), f?.stop(), paula?.close()]);
  });

  const listed = async (server: ReturnType<typeof apiClient>) => ((await server("GET", "/missions?scope=all")).body.items as { uri: string }[]).map((n) => n.uri);

  it("A follows B: B's public needs appear in A's search, and go when B deletes them", async () => {
    expect((await adminA("POST", "/federation/follows", { target: b.url })).status).toBe(202);
    await until("B to accept A's follow", async () => (await adminA("GET", "/federation/follows")).body[0]?.accepted === 1);

    const created = await adminB("POST", "/missions", { organization: "sports-b", ...need("Tenir la buvette du tournoi") });
    expect(created.status).toBe(201);
    const uri = created.body.uri;
    await until("A to list B's need", async () => (await listed(adminA)).includes(uri));
    const found = (await adminA("GET", "/missions?scope=all")).body.items.find((n: { uri: string }) => n.uri === uri);
    expect(found).toMatchObject({ title: "Tenir la buvette du tournoi", origin: `127.0.0.1:${b.port}`, volunteers_wanted: 3 });

    expect((await adminB("DELETE", `/missions/${created.body.id}`)).status).toBe(204);
    await until("A to drop B's deleted need", async () => !(await listed(adminA)).includes(uri));
  });

  it("F aggregates A and B: someone following F receives both towns' needs", async () => {
    // One through the API, one through the command line (its Follow waits in the queue for the server).
    expect((await adminF("POST", "/federation/follows", { target: a.url })).status).toBe(202);
    const cli = runCli(["federation", "follow", b.url], f.env);
    expect(cli.stdout, cli.stderr).toContain(`Follow sent to ${b.url}/actors/instance`);
    await until("A and B to accept F", async () => {
      const follows = (await adminF("GET", "/federation/follows")).body as { accepted: number }[];
      return follows.length === 2 && follows.every((x) => x.accepted === 1);
    });
    const audit = (await adminF("GET", "/moderation/audit")).body as { action: string; target: string; moderator: string | null }[];
    expect(audit.map((x) => [x.action, x.target, x.moderator]).sort()).toEqual(
      [
        ["instance.follow", `${a.url}/actors/instance`, "maire"],
        ["instance.follow", `${b.url}/actors/instance`, null],
      ].sort(),
    );
    await paula.follow(`${f.url}/actors/instance`);
    await new Promise((r) => setTimeout(r, 500));

    const na = await adminA("POST", "/missions", { organization: "sports-a", ...need("Arbitrer un match de jeunes") });
    const nb = await adminB("POST", "/missions", { organization: "sports-b", ...need("Transporter le matériel") });
    const announced = await until("the follower of F to receive both", async () => {
      const objects = paula.received.map((x) => x.objectId?.href);
      return objects.includes(na.body.uri) && objects.includes(nb.body.uri) && objects;
    });
    expect(announced).toEqual(expect.arrayContaining([na.body.uri, nb.body.uri]));
    expect(paula.received.every((x) => x.actorId?.href === `${f.url}/actors/instance`)).toBe(true);

    const page = await (await fetch(`${f.url}/members`, { headers: { Accept: "text/html" } })).text();
    expect(page).toContain(a.url);
    expect(page).toContain(b.url);
    const members = (await (await fetch(`${f.url}/api/v1/federation/members`)).json()) as { origin: string; open_needs: number }[];
    expect(members.map((m) => m.origin).sort()).toEqual([a.url, b.url].sort());
    await until("F's directory to count the needs", async () => {
      const list = (await (await fetch(`${f.url}/api/v1/federation/members`)).json()) as { open_needs_by_domain: Record<string, number> }[];
      return list.every((m) => (m.open_needs_by_domain.sport ?? 0) >= 1);
    });
  });

  it("B's new name reaches F, which follows B's instance, as an Update of its actor", async () => {
    const renamed = await adminB("PATCH", "/instance/settings", { name: "Ville de B", description: "La ville B" });
    expect(renamed).toMatchObject({ status: 200, body: { name: "Ville de B" } });
    await until("F to know B's instance by its new name", async () => {
      const follows = (await adminF("GET", "/federation/follows")).body as { uri: string; name: string }[];
      return follows.find((x) => x.uri === `${b.url}/actors/instance`)?.name === "Ville de B";
    });
    const nodeinfo = (await (await fetch(`${b.url}/nodeinfo/2.1`)).json()) as { metadata: { nodeName: string } };
    expect(nodeinfo.metadata.nodeName).toBe("Ville de B");
  });

  it("F forgets A's needs when it stops following A", async () => {
    const fromA = async () => (await listed(adminF)).filter((u) => u.startsWith(a.url));
    await until("F to have A's needs", async () => (await fromA()).length > 0);
    expect((await adminF("DELETE", "/federation/follows", { target: `${a.url}/actors/instance` })).status).toBe(204);
    expect(await fromA()).toEqual([]);
    expect((await listed(adminF)).some((u) => u.startsWith(b.url))).toBe(true);
  });

  it("a report sent from B about a need on A lands in A's moderation queue", async () => {
    const needOnA = (await adminA("GET", "/missions")).body.items[0];
    const sent = await adminB("POST", "/reports", { target: needOnA.uri, comment: "Annonce en double" });
    expect(sent.status).toBe(202);
    const report = await until("A to receive the Flag", async () => (await adminA("GET", "/moderation/reports")).body[0]);
    expect(report).toMatchObject({ direction: "received", comment: "Annonce en double", reporter_uri: `${b.url}/actors/instance` });
    expect(report.targets).toContain(needOnA.uri);
  });

  it("after A blocks B's domain, B's deliveries are refused and B's needs leave A's listings", async () => {
    const fromB = (await listed(adminA)).filter((u) => u.startsWith(b.url));
    expect(fromB.length).toBeGreaterThan(0);
    const blocked = await adminA("POST", "/moderation/domain-blocks", { domain: `127.0.0.1:${b.port}`, severity: "suspend", reason: "tests" });
    expect(blocked.status).toBe(201);
    expect((await listed(adminA)).filter((u) => u.startsWith(b.url))).toEqual([]);

    const later = await adminB("POST", "/missions", { organization: "sports-b", ...need("Tondre la pelouse") });
    await until("A to refuse B's delivery", async () => a.logs().includes(`Refused a delivery from 127.0.0.1:${b.port}`));
    expect(await listed(adminA)).not.toContain(later.body.uri);
    const log = (await adminA("GET", "/moderation/audit")).body as { action: string; target: string }[];
    expect(log[0]).toMatchObject({ action: "domain.suspend", target: `127.0.0.1:${b.port}` });
  });
});

describe("inbox rate limits", () => {
  it("answer a burst of deliveries from one server with 429 and Retry-After", async () => {
    const app = await testInstance({ INBOX_RATE_LIMIT: "3" });
    try {
      const deliver = () =>
        app.http.request("http://town.test/inbox", {
          method: "POST",
          headers: {
            "Content-Type": "application/activity+json",
            Signature: 'keyId="https://noisy.example/actor#main-key",algorithm="rsa-sha256",headers="(request-target)",signature="x"',
          },
          body: JSON.stringify({ "@context": "https://www.w3.org/ns/activitystreams", type: "Like", id: "https://noisy.example/1" }),
        });
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await deliver()).status);
      expect(statuses.slice(3)).toEqual([429, 429]);
      expect(statuses.slice(0, 3).every((s) => s !== 429 && s < 500)).toBe(true);
      expect(Number((await deliver()).headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });
});
