// Good-practice sheets between towns (issue 15, "three-instance test"): three real
// servers on loopback with real HTTP Signatures. A writes a sheet from done needs;
// B, following A, finds it in its library and tries it; A's sheet then shows B's try
// and, once B's needs are done, their results; C, a federation of towns following
// both, lists the sheet with the combined indicators. Then a hostile server, with its
// own keys, tries to overwrite and delete A's sheet on B: refused.
import { createFederation, generateCryptoKeyPair, MemoryKvStore } from "@fedify/fedify";
import { Article, Create, Delete, Endpoints, Person, PUBLIC_COLLECTION, Update } from "@fedify/vocab";
import { writeFileSync } from "node:fs";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, freePort, runCli, type ServerProcess, startServer } from "./helpers/server.ts";
import { until } from "./helpers/wait.ts";

type Client = ReturnType<typeof apiClient>;

/** With CAPTURE_DIR set, the documents served are written there (docs/federation.md shows them). */
function capture(name: string, document: unknown) {
  if (process.env.CAPTURE_DIR) writeFileSync(`${process.env.CAPTURE_DIR}/${name}.json`, `${JSON.stringify(document, null, 2)}\n`);
}

/** A hostile server: a Person of its own, with its own keys, signing what it sends. */
async function hostileServer() {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const keys = [await generateCryptoKeyPair("RSASSA-PKCS1-v1_5")];
  const federation = createFederation<void>({ kv: new MemoryKvStore(), allowPrivateAddress: true, origin });
  federation
    .setActorDispatcher("/users/{identifier}", async (ctx, identifier) =>
      identifier === "mallory"
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
  federation.setInboxListeners("/users/{identifier}/inbox", "/inbox");
  const server = serve({ fetch: (request) => federation.fetch(request, { contextData: undefined }), hostname: "127.0.0.1", port });
  const ctx = () => federation.createContext(new URL(origin), undefined);
  return {
    actor: `${origin}/users/mallory`,
    async send(to: string, activity: Create | Update | Delete) {
      const c = ctx();
      await c.sendActivity({ identifier: "mallory" }, { id: new URL(`${to}/actors/instance`), inboxId: new URL(`${to}/inbox`) }, activity, {
        immediate: true,
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const need = (title: string) => ({
  organization: "visites-a",
  title,
  description: "Un *créneau* de visite chez des personnes isolées.",
  domains: ["personnes-agees"],
  place: { label: "Centre-ville" },
  schedule: { kind: "date", start: "2026-11-19T10:00:00+01:00" },
  volunteers_wanted: 3,
  visibility: "public",
});

describe("good-practice sheets across three towns", () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let c: ServerProcess;
  let adminA: Client;
  let adminB: Client;
  let adminC: Client;
  let sheet: { id: string; uri: string };
  let remoteOnB: { id: string };
  let drafts: string[] = [];

  beforeAll(async () => {
    [a, b, c] = await Promise.all([startServer(), startServer(), startServer({ env: { AGGREGATOR: "true" } })]);
    const admins: Client[] = [];
    for (const [server, org] of [
      [a, "visites-a"],
      [b, "visites-b"],
      [c, null],
    ] as const) {
      expect(runCli(["user", "create", "maire", "--email", "maire@town.test", "--admin"], server.env, "the mayor's password\n").status).toBe(0);
      if (org) expect(runCli(["org", "create", org, "--name", `Visites ${org.slice(-1).toUpperCase()}`, "--coordinator", "maire"], server.env).status).toBe(0);
      admins.push(apiClient(server, runCli(["token", "create", "maire"], server.env).stdout.trim()));
    }
    [adminA, adminB, adminC] = admins as [Client, Client, Client];
    expect((await adminA("PATCH", "/instance/settings", { name: "Ville A" })).status).toBe(200);
    expect((await adminB("PATCH", "/instance/settings", { name: "Ville B" })).status).toBe(200);
    // B follows A; C, the federation of towns, follows both.
    expect((await adminB("POST", "/federation/follows", { target: a.url })).status).toBe(202);
    expect((await adminC("POST", "/federation/follows", { target: a.url })).status).toBe(202);
    expect((await adminC("POST", "/federation/follows", { target: b.url })).status).toBe(202);
    await until("the follows to be accepted", async () => {
      const fb = (await adminB("GET", "/federation/follows")).body as { accepted: number }[];
      const fc = (await adminC("GET", "/federation/follows")).body as { accepted: number }[];
      return fb.length === 1 && fb.every((f) => f.accepted === 1) && fc.length === 2 && fc.every((f) => f.accepted === 1);
    });
  }, 150_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop(), c?.stop()]);
  });

  it("A writes a sheet from two done needs: its results are computed from them", async () => {
    const ids: string[] = [];
    for (const [title, hours, people] of [
      ["Visites du mardi", 18, 6],
      ["Visites du jeudi", 6, 0],
    ] as const) {
      const created = await adminA("POST", "/missions", need(title));
      expect(created.status).toBe(201);
      const done = await adminA("PATCH", `/missions/${created.body.id}`, { status: "done", outcome: { volunteer_hours: hours, people_helped: people } });
      expect(done.status).toBe(200);
      ids.push(created.body.id);
    }
    const written = await adminA("POST", "/practices", {
      organization: "visites-a",
      title: "Un planning de visites aux personnes isolées",
      summary: "Deux créneaux par semaine, des binômes, une formation d'une heure.",
      context: "Beaucoup de personnes âgées seules dans le **centre-ville**.",
      actions: "- des binômes\n- un planning partagé",
      motivation: "Se sentir utile, rencontrer du monde.",
      watch_out: "Prévoir des remplaçants pendant les vacances.",
      contact: "contact@visites-a.test",
      needs: ids,
    });
    expect(written.status).toBe(201);
    expect(written.body).toMatchObject({
      domains: ["personnes-agees"],
      visibility: "public",
      indicators: { needs: 2, needs_done: 2, volunteers_wanted: 6, volunteer_hours: 24, people_helped: 6 },
      html: { context: "<p>Beaucoup de personnes âgées seules dans le <strong>centre-ville</strong>.</p>\n" },
    });
    sheet = { id: written.body.id, uri: written.body.uri };

    // Served at its id as an Article with the entraide: extension; Mastodon's name, summary and link.
    const res = await fetch(sheet.uri, { headers: { Accept: "application/activity+json" } });
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc).toMatchObject({
      type: "Article",
      id: sheet.uri,
      url: sheet.uri,
      name: "Un planning de visites aux personnes isolées",
      summary: "Deux créneaux par semaine, des binômes, une formation d'une heure.",
      attributedTo: `${a.url}/actors/visites-a`,
      "entraide:indicators": { "entraide:needs": 2, "entraide:volunteerHours": 24, "entraide:peopleHelped": 6 },
    });
    capture("article", doc);
    expect((doc["@context"] as unknown[]).at(-1)).toEqual({ entraide: "https://w3id.org/entraide/ns#" });
    expect(doc["entraide:needTemplate"]).toHaveLength(2);
    expect(JSON.stringify(doc)).not.toContain("contact@visites-a.test".replace("contact", "beneficiary"));
  });

  it("B finds it in its library, by words and by domain, and tries it", async () => {
    const found = await until("B to store A's sheet", async () => {
      const list = (await adminB("GET", "/practices?scope=elsewhere&q=planning%20isolees")).body.items as { uri: string; id: string }[];
      return list.find((p) => p.uri === sheet.uri);
    });
    remoteOnB = found;
    expect(found).toMatchObject({ kind: "elsewhere", origin: `127.0.0.1:${a.port}`, indicators: { volunteer_hours: 24 }, needs_to_copy: 2 });
    expect((await adminB("GET", "/practices?domain=personnes-agees")).body.items.map((p: { uri: string }) => p.uri)).toContain(sheet.uri);
    expect((await adminB("GET", "/practices?domain=sport")).body.items).toEqual([]);
    expect((await adminB("GET", "/practices?q=jardinage")).body.items).toEqual([]);

    const tried = await adminB("POST", `/practices/${found.id}/tries`, { organization: "visites-b" });
    expect(tried.status).toBe(201);
    expect(tried.body.drafts).toHaveLength(2);
    drafts = tried.body.drafts;
    // The try, served at its id on B: a Note replying to A's Article, with its figures for Entraide peers.
    const note = (await (await fetch(`${b.url}/practice-tries/${tried.body.id}`, { headers: { Accept: "application/activity+json" } })).json()) as Record<string, unknown>;
    capture("try-note", note);
    expect(note).toMatchObject({
      type: "Note",
      inReplyTo: sheet.uri,
      to: `${a.url}/actors/visites-a`,
      attributedTo: `${b.url}/actors/visites-b`,
      "entraide:tries": { id: sheet.uri },
      "entraide:town": "Ville B",
      "entraide:needs": 2,
    });
    const draft = await adminB("GET", `/missions/${tried.body.drafts[0]}`);
    expect(draft.body).toMatchObject({ status: "draft", domains: ["personnes-agees"], organization: { handle: "visites-b" } });
  });

  it("A's sheet shows B's try, and A's coordinators are told", async () => {
    const shown = await until("A to hear of B's try", async () => (await adminA("GET", `/practices/${sheet.id}`)).body.tries[0]);
    expect(shown).toMatchObject({ organization: "Visites B", town: "Ville B", needs: 2, indicators: null });
    const told = await until("A's notification", async () =>
      ((await adminA("GET", "/notifications")).body as { type: string }[]).find((n) => n.type === "practice.tried"),
    );
    expect(told).toBeTruthy();
    const page = await (await fetch(`${a.url}/practices/${sheet.id}`, { headers: { Accept: "text/html" } })).text();
    expect(page).toContain("Visites B (Ville B)");
  });

  it("once B's needs are done, A's sheet shows their results", async () => {
    const tries = (await adminB("GET", `/practices/${remoteOnB.id}`)).body.tries_here;
    expect(tries).toHaveLength(1);
    for (const id of drafts) {
      expect((await adminB("PATCH", `/missions/${id}`, { status: "open", place: { label: "Quartier nord" }, schedule: { kind: "flexible" } })).status).toBe(200);
      expect((await adminB("PATCH", `/missions/${id}`, { status: "done", outcome: { volunteer_hours: 5, people_helped: 7 } })).status).toBe(200);
    }
    const shown = await until("A to receive B's results", async () => {
      const t = (await adminA("GET", `/practices/${sheet.id}`)).body.tries[0];
      return t?.indicators?.volunteer_hours === 10 && t;
    });
    expect(shown.indicators).toMatchObject({ needs: 2, needs_done: 2, people_helped: 14 });
    capture("article-tried", await (await fetch(sheet.uri, { headers: { Accept: "application/activity+json" } })).json());
  });

  it("C, following both towns, lists the sheet with the combined indicators", async () => {
    const listed = await until("C to have the sheet with B's results", async () => {
      const body = (await adminC("GET", "/practices")).body;
      const item = (body.items as { uri: string; tries: { indicators: unknown }[] }[]).find((p) => p.uri === sheet.uri);
      return item?.tries[0]?.indicators ? { item, members: body.members as unknown } : null;
    });
    expect(listed.item).toMatchObject({
      indicators: { volunteer_hours: 24, people_helped: 6 },
      tries: [{ organization: "Visites B", town: "Ville B" }],
      combined_indicators: { needs: 4, volunteer_hours: 34, people_helped: 20, at_least: false },
    });
    expect(listed.members).toMatchObject({ sheets: 1, towns: 1, indicators: { volunteer_hours: 34 } });
    const page = await (await fetch(`${c.url}/practices`, { headers: { Accept: "text/html" } })).text();
    expect(page).toContain("Un planning de visites aux personnes isolées");
  });

  it("a hostile server cannot overwrite or delete A's sheet on B", async () => {
    const mallory = await hostileServer();
    try {
      const forged = (attributedTo: URL) =>
        new Article({ id: new URL(sheet.uri), attribution: attributedTo, name: "Forged", to: PUBLIC_COLLECTION, content: "<p>forged</p>" });
      const actor = new URL(mallory.actor);
      // Claiming A's organisation as author, and claiming the sheet as its own.
      await mallory.send(b.url, new Create({ id: new URL(`${mallory.actor}#c1`), actor, object: forged(new URL(`${a.url}/actors/visites-a`)), to: PUBLIC_COLLECTION }));
      await mallory.send(b.url, new Update({ id: new URL(`${mallory.actor}#u1`), actor, object: forged(actor), to: PUBLIC_COLLECTION }));
      await mallory.send(b.url, new Delete({ id: new URL(`${mallory.actor}#d1`), actor, object: new URL(sheet.uri), to: PUBLIC_COLLECTION }));
      await until("B to refuse the forgeries", async () => (b.logs().match(/not from its own origin and author, refused/g) ?? []).length >= 2);
      await until("B to refuse the deletion", async () => b.logs().includes("who is not its author: refused"));
      const kept = (await adminB("GET", `/practices/${remoteOnB.id}`)).body;
      expect(kept).toMatchObject({ title: "Un planning de visites aux personnes isolées", author: { uri: `${a.url}/actors/visites-a` } });
    } finally {
      await mallory.close();
    }
  });

  it("A deletes its sheet: B and C forget it, and its id answers a Tombstone", async () => {
    expect((await adminA("DELETE", `/practices/${sheet.id}`)).status).toBe(204);
    await until("B and C to forget it", async () => {
      const onB = (await adminB("GET", "/practices")).body.items as { uri: string }[];
      const onC = (await adminC("GET", "/practices")).body.items as { uri: string }[];
      return !onB.some((p) => p.uri === sheet.uri) && !onC.some((p) => p.uri === sheet.uri);
    });
    const gone = await fetch(sheet.uri, { headers: { Accept: "application/activity+json" } });
    expect(gone.status).toBe(410);
    expect(((await gone.json()) as { type: string }).type).toBe("Tombstone");
  });
});
