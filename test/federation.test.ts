// Two real Entraide servers on loopback, talking ActivityPub with real HTTP
// Signatures: an association on A publishes a need, a citizen on B follows it,
// answers, and is accepted; edits and deletion reach B.
import { mkdirSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import sanitizeHtml from "sanitize-html";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, root, runCli, type ServerProcess, serverDb, startServer } from "./helpers/server.ts";
import { until } from "./helpers/wait.ts";

const outputDir = join(root, "test", "output");

const AP = "application/activity+json";



// Mastodon's sanitiser (lib/sanitize_ext/sanitize_config.rb, MASTODON_STRICT): what survives it.
const MASTODON_CLASSES = /^(h-\S*|p-\S*|u-\S*|dt-\S*|e-\S*|mention|hashtag|ellipsis|invisible)$/;
function mastodonKeeps(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: ["p", "br", "span", "a", "del", "s", "pre", "blockquote", "code", "b", "strong", "u", "i", "em", "ul", "ol", "li", "ruby", "rt", "rp"],
    allowedAttributes: { a: ["href", "rel", "class"], span: ["class"] },
    allowedSchemes: ["http", "https"],
    transformTags: {
      "*": (tagName, attribs) => {
        // Keep the attributes in their order; drop the classes Mastodon drops.
        const kept = Object.entries(attribs).flatMap(([name, value]): [string, string][] => {
          if (name !== "class") return [[name, value]];
          const classes = value.split(/\s+/).filter((c) => MASTODON_CLASSES.test(c));
          return classes.length ? [[name, classes.join(" ")]] : [];
        });
        return { tagName, attribs: Object.fromEntries(kept) };
      },
    },
    selfClosing: ["br"],
  });
}

describe("two servers: a need published on A, answered from B", () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let coordinator: ReturnType<typeof apiClient>;
  let citizen: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    [a, b] = await Promise.all([startServer(), startServer()]);
    expect(runCli(["user", "create", "claire", "--email", "claire@a.test"], a.env, "claire's password\n").status).toBe(0);
    expect(runCli(["org", "create", "asso", "--name", "Les Amis du Quartier", "--coordinator", "claire"], a.env).status).toBe(0);
    expect(runCli(["user", "create", "bruno", "--email", "bruno@b.test"], b.env, "bruno's password\n").status).toBe(0);
    coordinator = apiClient(a, runCli(["token", "create", "claire"], a.env).stdout.trim());
    citizen = apiClient(b, runCli(["token", "create", "bruno"], b.env).stdout.trim());
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    // Both servers' logs, for when something here fails.
    mkdirSync(outputDir, { recursive: true });
    writeFileSync(join(outputDir, "federation-a.log"), a?.logs() ?? "");
    writeFileSync(join(outputDir, "federation-b.log"), b?.logs() ?? "");
  });

  let needId: string;
  let remoteId: string;

  it("lets a citizen on B follow the organisation on A by its handle", async () => {
    const followed = await citizen("POST", "/follows", { target: `@asso@127.0.0.1:${a.port}` });
    expect(followed.status).toBe(202);
    expect(followed.body).toMatchObject({ uri: `${a.url}/actors/asso`, handle: `asso@127.0.0.1:${a.port}` });
    // A accepts at once; B records the acceptance.
    const bDb = serverDb(b);
    try {
      await until("B to record A's Accept", async () => {
        const row = await bDb.kysely.selectFrom("following").select("accepted").executeTakeFirst();
        return row?.accepted === 1;
      });
    } finally {
      await bDb.close();
    }
  });

  it("delivers a need published on A to B with its fields intact", async () => {
    const created = await coordinator("POST", "/missions", {
      organization: "asso",
      title: "Visites à une personne âgée isolée",
      description: "Passer **une heure** avec Mme X., qui aime parler de jardinage.",
      domains: ["personnes-agees"],
      safeguarding: false,
      place: { label: "Croix-Rousse, Lyon", address: "12 rue Secrète, Lyon", latitude: 45.7741, longitude: 4.8322, radius_km: 1 },
      schedule: { kind: "recurring", rrule: "FREQ=WEEKLY;BYDAY=TU", start: "2026-12-01T14:00:00+01:00", duration_minutes: 120 },
      volunteers_wanted: 2,
      private_notes: "Code de la porte : 1234",
      beneficiary: "Mme Xavière Dupont, 87 ans, diabétique",
      beneficiary_consent: "2026-11-30",
    });
    expect(created.status).toBe(201);
    needId = created.body.id;
    expect(created.body).toMatchObject({
      uri: `${a.url}/needs/${needId}`,
      url: `${a.url}/needs/${needId}`,
      visibility: "followers", // a sensitive domain defaults to the narrowest federated audience
      places_left: 2,
    });

    const stored = await until("B to store the need", async () => {
      const { body } = await citizen("GET", "/missions?scope=elsewhere");
      return body.items.find((n: { uri: string }) => n.uri === `${a.url}/needs/${needId}`);
    });
    remoteId = stored.id;
    // `remote`, the former name of `elsewhere`, still answers the same.
    expect((await citizen("GET", "/missions?scope=remote")).body).toEqual((await citizen("GET", "/missions?scope=elsewhere")).body);
    expect(stored).toMatchObject({
      title: "Visites à une personne âgée isolée",
      domains: ["personnes-agees"],
      starts: "2026-12-01T13:00:00Z",
      place: { label: "Croix-Rousse, Lyon", latitude: 45.77, longitude: 4.83, radius_km: 1 },
      volunteers_wanted: 2,
      places_left: 2,
      organization: { uri: `${a.url}/actors/asso` },
    });
    expect(stored.description_html).toContain("<strong>une heure</strong>");
    expect(stored.description_html).toContain("👥 0 bénévole sur 2 — 2 places restantes");
    // Addressed to followers only: B shows it to its follower, not to anyone.
    const anonymous = await (await fetch(`${b.url}/api/v1/missions?scope=elsewhere`)).json();
    expect(anonymous.items).toEqual([]);
    expect((await fetch(`${b.url}/api/v1/missions/${remoteId}`)).status).toBe(404);
    // Nothing private crossed over.
    const everything = JSON.stringify(stored);
    for (const secret of ["12 rue Secrète", "1234", "Xavière", "diabétique", "45.7741"]) {
      expect(everything).not.toContain(secret);
    }
  });

  it("turns the citizen's private answer into an application the coordinator accepts", async () => {
    const applied = await citizen("POST", `/missions/${remoteId}/applications`, { message: "Je peux venir le mardi." });
    expect(applied.status).toBe(201);

    const application = await until("A to receive the application", async () => {
      const { body } = await coordinator("GET", `/missions/${needId}/applications`);
      return body[0];
    });
    expect(application).toMatchObject({
      status: "pending",
      source: "offer",
      message: "Je peux venir le mardi.",
      applicant: { kind: "remote", handle: `bruno@127.0.0.1:${b.port}`, uri: `${b.url}/actors/bruno` },
    });
    // Another citizen may not see the applications.
    const decided = await coordinator("PATCH", `/applications/${application.id}`, { status: "accepted" });
    expect(decided.status).toBe(200);
    expect((await coordinator("GET", `/missions/${needId}`)).body.places_left).toBe(1);

    const mine = await until("B to receive the Accept", async () => {
      const { body } = await citizen("GET", "/me/applications");
      return body.find((x: { status: string }) => x.status === "accepted");
    });
    expect(mine).toMatchObject({ mission_id: remoteId, remote: true });
    const messages = await until("B to receive the direct reply", async () => {
      const { body } = await citizen("GET", "/me/messages");
      return body.length > 0 && body;
    });
    expect(messages[0]).toMatchObject({ sender_uri: `${a.url}/actors/asso` });
    expect(messages[0].content_html).toContain("acceptée");
    // Places left follow on B.
    await until("B to see one place left", async () => (await citizen("GET", `/missions/${remoteId}`)).body.places_left === 1);
  });

  it("sends edits and deletions to B", async () => {
    const edited = await coordinator("PATCH", `/missions/${needId}`, { title: "Visites du mardi à une personne âgée" });
    expect(edited.status).toBe(200);
    await until("B to see the new title", async () => (await citizen("GET", `/missions/${remoteId}`)).body.title === "Visites du mardi à une personne âgée");

    // Made local only, it leaves B as if deleted; made public again, it comes back.
    expect((await coordinator("PATCH", `/missions/${needId}`, { visibility: "local" })).status).toBe(200);
    await until("B to drop the need made local", async () => (await citizen("GET", `/missions/${remoteId}`)).status === 404);
    expect((await coordinator("PATCH", `/missions/${needId}`, { visibility: "followers" })).status).toBe(200);
    await until("B to get it back", async () => (await citizen("GET", "/missions?scope=elsewhere")).body.items.length === 1);
    remoteId = (await citizen("GET", "/missions?scope=elsewhere")).body.items[0].id;

    expect((await coordinator("DELETE", `/missions/${needId}`)).status).toBe(204);
    await until("B to drop the need", async () => (await citizen("GET", `/missions/${remoteId}`)).status === 404);
    const gone = await fetch(`${a.url}/api/v1/missions/${needId}`);
    expect(gone.status).toBe(410);
  });

  it("refuses unsigned and oversized deliveries to the inbox, storing nothing", async () => {
    const forged = {
      "@context": "https://www.w3.org/ns/activitystreams",
      id: `${b.url}/forged/1`,
      type: "Follow",
      actor: `${b.url}/actors/bruno`,
      object: `${a.url}/actors/asso`,
    };
    const unsigned = await fetch(`${a.url}/inbox`, {
      method: "POST",
      headers: { "Content-Type": AP },
      body: JSON.stringify(forged),
    });
    expect(unsigned.status).toBe(401);
    // On a connection of its own: the server answers before reading it all, then closes it.
    const huge = await new Promise<{ status?: number; type?: string }>((resolve, reject) => {
      const req = httpRequest(`${a.url}/inbox`, { method: "POST", agent: false, headers: { "Content-Type": AP } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode, type: res.headers["content-type"] });
      });
      req.on("error", reject);
      req.end(JSON.stringify({ ...forged, content: "x".repeat(1_100_000) }));
    });
    expect(huge.status).toBe(413);
    expect(huge.type).toContain("application/problem+json");
    const aDb = serverDb(a);
    try {
      const follows = await aDb.kysely.selectFrom("followers").select("follow_uri").execute();
      expect(follows.map((f) => f.follow_uri)).not.toContain(forged.id);
    } finally {
      await aDb.close();
    }
  });

  it("serves a public need as a Note whose HTML survives Mastodon's sanitiser, linking its Proposal", async () => {
    const created = await coordinator("POST", "/missions", {
      organization: "asso",
      title: "Aide aux devoirs <collège>",
      description: "## Le mercredi\n\nAider des élèves de 6e. Voir [le site](https://example.org).",
      domains: ["education"],
      visibility: "public",
      place: { label: "Maison des associations" },
      schedule: { kind: "date", start: "2026-12-09T14:00:00+01:00", end: "2026-12-09T16:00:00+01:00" },
      volunteers_wanted: 3,
    });
    expect(created.status).toBe(201);
    const res = await fetch(created.body.uri, { headers: { Accept: AP } });
    expect(res.status).toBe(200);
    const note = await res.json();
    expect(note.type).toBe("Note");
    expect(note.summary).toBeUndefined(); // a summary would be a content warning in Mastodon
    expect(note.content).toContain("Aide aux devoirs &lt;collège&gt;");
    expect(mastodonKeeps(note.content)).toBe(note.content);
    expect(note.to).toBe("as:Public");
    expect(note.cc).toBe(`${a.url}/actors/asso/followers`);
    const proposalLink = note.attachment.find((x: { rel?: string }) => x.rel === "https://w3id.org/valueflows/ont/vf#Proposal");
    const proposal = await (await fetch(proposalLink.href, { headers: { Accept: AP } })).json();
    expect(proposal).toMatchObject({ type: "Proposal", purpose: "request" });
    expect(proposal.publishes).toMatchObject({ type: "Intent", action: "deliverService" });
    expect(JSON.stringify(proposal.publishes)).toContain(`${a.url}/domains/education`);
  });
});
