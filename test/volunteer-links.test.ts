// Two real Entraide servers on loopback, with real HTTP Signatures (issue 13, point 3):
// a citizen on B offers to help with a need on A and is accepted; the acceptance B
// receives carries a private link to A, not the exact address, and the page behind
// the link shows the address, the contact and the practical details to that link
// only, until the need is cancelled (then 410).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, root, runCli, type ServerProcess, serverDb, startServer } from "./helpers/server.ts";
import { until } from "./helpers/wait.ts";

const ADDRESS = "8 impasse des Lilas, bâtiment C";
const CONTACT = "07 00 11 22 33";
const PRACTICAL = "Sonnez chez la gardienne, Mme Perrin.";

describe("two servers: an accepted volunteer on B gets a private link to the details on A", () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let coordinator: ReturnType<typeof apiClient>;
  let citizen: ReturnType<typeof apiClient>;
  let needId: string;
  let link: string;

  beforeAll(async () => {
    [a, b] = await Promise.all([startServer(), startServer()]);
    expect(runCli(["user", "create", "claire", "--email", "claire@a.test"], a.env, "claire's password\n").status).toBe(0);
    expect(runCli(["org", "create", "asso", "--name", "Les Amis du Quartier", "--coordinator", "claire"], a.env).status).toBe(0);
    expect(runCli(["user", "create", "bruno", "--email", "bruno@b.test"], b.env, "bruno's password\n").status).toBe(0);
    coordinator = apiClient(a, runCli(["token", "create", "claire"], a.env).stdout.trim());
    citizen = apiClient(b, runCli(["token", "create", "bruno"], b.env).stdout.trim());
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    mkdirSync(join(root, "test", "output"), { recursive: true });
    writeFileSync(join(root, "test", "output", "volunteer-links-a.log"), a?.logs() ?? "");
    writeFileSync(join(root, "test", "output", "volunteer-links-b.log"), b?.logs() ?? "");
  });

  it("sends the acceptance with a private link and without the address", async () => {
    expect((await citizen("POST", "/follows", { target: `@asso@127.0.0.1:${a.port}` })).status).toBe(202);
    // The need reaches B once B follows the organisation.
    const bDb = serverDb(b);
    try {
      await until("B to record A's Accept", async () => (await bDb.kysely.selectFrom("following").select("accepted").executeTakeFirst())?.accepted === 1);
    } finally {
      await bDb.close();
    }
    expect((await coordinator("PUT", "/organizations/asso/settings", { volunteer_contact: CONTACT })).status).toBe(200);
    const created = await coordinator("POST", "/missions", {
      organization: "asso",
      title: "Courses pour une voisine",
      domains: ["personnes-agees"],
      safeguarding: false,
      place: { label: "Croix-Rousse, Lyon", address: ADDRESS, radius_km: 1 },
      schedule: { kind: "date", start: "2030-03-05T10:00:00+01:00" },
      volunteers_wanted: 2,
      visibility: "public",
      practical_details: PRACTICAL,
    });
    expect(created.status).toBe(201);
    needId = created.body.id;
    const remote = await until("B to store the need", async () => {
      const { body } = await citizen("GET", "/missions?scope=elsewhere");
      return body.items.find((n: { uri: string }) => n.uri === `${a.url}/needs/${needId}`);
    });
    expect((await citizen("POST", `/missions/${remote.id}/applications`, { message: "Je peux le mardi." })).status).toBe(201);
    const application = await until("A to receive the application", async () => (await coordinator("GET", `/missions/${needId}/applications`)).body[0]);
    // The coordinator reaches a remote applicant by their fediverse handle.
    expect(application.contact).toMatchObject({ handle: `@bruno@127.0.0.1:${b.port}` });
    expect((await coordinator("PATCH", `/applications/${application.id}`, { status: "accepted" })).status).toBe(200);

    const message = await until("B to receive the acceptance", async () => {
      const { body } = await citizen("GET", "/me/messages");
      return body.find((m: { content_html: string }) => m.content_html.includes("/volunteer-links/"));
    });
    link = /href="([^"]+\/volunteer-links\/[^"]+)"/.exec(message.content_html)?.[1] ?? "";
    expect(link.startsWith(`${a.url}/volunteer-links/`)).toBe(true);
    // Nothing of the details reached B: not in the message, nowhere in its database.
    const db = serverDb(b);
    try {
      const stored = JSON.stringify([
        await db.kysely.selectFrom("messages").selectAll().execute(),
        await db.kysely.selectFrom("remote_needs").selectAll().execute(),
        await db.kysely.selectFrom("outgoing_applications").selectAll().execute(),
      ]);
      expect([stored.includes("impasse des Lilas"), stored.includes(CONTACT), stored.includes("Mme Perrin"), stored.includes("/volunteer-links/")]).toEqual([
        false,
        false,
        false,
        true,
      ]);
    } finally {
      await db.close();
    }
  });

  it("shows the details behind the link to whoever holds it, and to no other address", async () => {
    const res = await fetch(link, { headers: { Accept: "text/html" } });
    const html = await res.text();
    expect([res.status, html.includes(ADDRESS), html.includes(CONTACT), html.includes("Mme Perrin")]).toEqual([200, true, true, true]);
    expect([res.headers.get("cache-control"), res.headers.get("referrer-policy"), res.headers.get("x-robots-tag")]).toEqual([
      "no-store",
      "no-referrer",
      "noindex, nofollow",
    ]);
    const guessed = await fetch(link.replace(/.{4}$/, "AAAA"), { headers: { Accept: "text/html" } });
    expect([guessed.status, (await guessed.text()).includes(ADDRESS)]).toEqual([404, false]);
    // The need's page and its Note do not show it either.
    const page = await (await fetch(`${a.url}/needs/${needId}`, { headers: { Accept: "text/html" } })).text();
    expect(page.includes(ADDRESS)).toBe(false);
  });

  it("answers 410 with a readable page once the need is cancelled", async () => {
    expect((await coordinator("POST", `/missions/${needId}/cancel`, { message: "La voisine est partie chez sa fille." })).status).toBe(200);
    const res = await fetch(link, { headers: { Accept: "text/html" } });
    const html = await res.text();
    expect([res.status, html.includes("Lien expiré"), html.includes(ADDRESS)]).toEqual([410, true, false]);
  });
});
