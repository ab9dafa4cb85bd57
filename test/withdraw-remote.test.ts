// A citizen of this instance withdraws an application to a need on another server, from
// "my space" (a form with the session's CSRF token) or the API (PATCH /applications/{id},
// as for an application here), and that server is told in the way it understands:
// - two real Entraide servers on loopback, with real HTTP Signatures: B sends A the Undo
//   of its Offer, and A withdraws the application as a local withdrawal does (the
//   coordinator sees it withdrawn, the accepted volunteer's place is free again, and the
//   need's new count comes back to B);
// - a server that took a private reply (Mastodon: a small signing Fedify server here)
//   receives the Delete of that reply with a Tombstone, as Mastodon sends; an answer to
//   the application that crosses the withdrawal changes nothing; a FEP-0837 peer other than
//   Entraide receives the Undo with the Offer embedded.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Accept } from "@fedify/vocab";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fediverseAccounts } from "./helpers/fediverse.ts";
import { postLogin } from "./helpers/login.ts";
import { apiClient, root, runCli, type ServerProcess, serverDb, startServer } from "./helpers/server.ts";
import { until } from "./helpers/wait.ts";

type Client = ReturnType<typeof apiClient>;
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";

describe("two servers: a citizen on B withdraws an application to a need on A", () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let coordinator: Client;
  let bruno: Client;
  let carla: Client;
  let needId: string;
  let remoteId: string;
  let fediverse: Awaited<ReturnType<typeof fediverseAccounts>>;

  beforeAll(async () => {
    [a, b, fediverse] = await Promise.all([startServer(), startServer(), fediverseAccounts(["collectif"])]);
    expect(runCli(["user", "create", "claire", "--email", "claire@a.test"], a.env, "claire's password\n").status).toBe(0);
    expect(runCli(["org", "create", "asso", "--name", "Les Amis du Quartier", "--coordinator", "claire"], a.env).status).toBe(0);
    expect(runCli(["user", "create", "bruno", "--email", "bruno@b.test"], b.env, "bruno's password\n").status).toBe(0);
    expect(runCli(["user", "create", "carla", "--email", "carla@b.test"], b.env, "carla's password\n").status).toBe(0);
    coordinator = apiClient(a, runCli(["token", "create", "claire"], a.env).stdout.trim());
    bruno = apiClient(b, runCli(["token", "create", "bruno"], b.env).stdout.trim());
    carla = apiClient(b, runCli(["token", "create", "carla"], b.env).stdout.trim());
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop(), fediverse?.close()]);
    mkdirSync(join(root, "test", "output"), { recursive: true });
    writeFileSync(join(root, "test", "output", "withdraw-remote-a.log"), a?.logs() ?? "");
    writeFileSync(join(root, "test", "output", "withdraw-remote-b.log"), b?.logs() ?? "");
    // The retractions as B sent them (the Delete of a reply, the Undo of an Offer): docs/federation.md shows them.
    writeFileSync(join(root, "test", "output", "withdraw-remote-sent.json"), JSON.stringify(fediverse?.posted.map((p) => JSON.parse(p)) ?? [], null, 2));
  });

  /** A's applications to the need, as its coordinator reads them. */
  const applicationsOnA = async () => (await coordinator("GET", `/missions/${needId}/applications`)).body as { id: string; status: string }[];
  const placesLeftOnB = async () => {
    const { body } = await bruno("GET", "/missions?scope=elsewhere");
    return body.items.find((n: { id: string }) => n.id === remoteId)?.places_left;
  };

  it("withdraws from my space on B: A is sent the Undo of the Offer and withdraws the application, freeing its place", async () => {
    expect((await bruno("POST", "/follows", { target: `@asso@127.0.0.1:${a.port}` })).status).toBe(202);
    const bDb = serverDb(b);
    try {
      await until("B to record A's Accept", async () => (await bDb.kysely.selectFrom("following").select("accepted").executeTakeFirst())?.accepted === 1);
    } finally {
      await bDb.close();
    }
    const created = await coordinator("POST", "/missions", {
      organization: "asso",
      title: "Courses pour une voisine",
      domains: ["personnes-agees"],
      safeguarding: false,
      place: { label: "Croix-Rousse, Lyon", radius_km: 1 },
      schedule: { kind: "date", start: "2030-03-05T10:00:00+01:00" },
      volunteers_wanted: 2,
      visibility: "public",
    });
    expect(created.status).toBe(201);
    needId = created.body.id;
    remoteId = (
      await until("B to store the need", async () => {
        const { body } = await bruno("GET", "/missions?scope=elsewhere");
        return body.items.find((n: { uri: string }) => n.uri === `${a.url}/needs/${needId}`);
      })
    ).id;
    const applied = await bruno("POST", `/missions/${remoteId}/applications`, { message: "Je peux le mardi." });
    expect([applied.status, applied.body.remote]).toEqual([201, true]);
    const [application] = await until("A to receive the Offer", async () => {
      const found = await applicationsOnA();
      return found.length > 0 ? found : undefined;
    });
    expect((await coordinator("PATCH", `/applications/${application!.id}`, { status: "accepted" })).status).toBe(200);
    expect((await coordinator("GET", `/missions/${needId}`)).body.places_left).toBe(1);
    await until("B to hear of the acceptance and of the place taken", async () => {
      const mine = (await bruno("GET", "/me/applications")).body.find((o: { id: string }) => o.id === applied.body.id);
      return mine?.status === "accepted" && (await placesLeftOnB()) === 1;
    });

    // My space offers the withdrawal, as for an application here.
    const login = await postLogin(fetch, b.url, { login: "bruno", password: "bruno's password" });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const page = (path: string, init: RequestInit = {}) =>
      fetch(`${b.url}${path}`, { redirect: "manual", ...init, headers: { Accept: "text/html", "Accept-Language": "fr", Cookie: cookie, ...init.headers } });
    const post = (path: string, fields: Record<string, string>, as = cookie) =>
      page(path, { method: "POST", headers: { Cookie: as, "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });
    const me = await (await page("/me")).text();
    const action = `/me/applications/${applied.body.id}/withdraw`;
    expect(me).toContain(`action="${action}"`);
    expect(me).toContain(`aria-label="Retirer ma proposition d&#39;aide pour «\u00a0Courses pour une voisine\u00a0»"`);
    // Without the session's CSRF token: refused, and nothing is sent.
    expect((await post(action, {})).status).toBe(403);
    // Another citizen of B: no such application of hers.
    const carlaLogin = await postLogin(fetch, b.url, { login: "carla", password: "carla's password" });
    const carlaCookie = (carlaLogin.headers.get("set-cookie") ?? "").split(";")[0]!;
    const carlaMe = await (await page("/me", { headers: { Cookie: carlaCookie } })).text();
    expect((await post(action, { _csrf: csrfOf(carlaMe) }, carlaCookie)).status).toBe(404);
    expect((await applicationsOnA()).map((x) => x.status)).toEqual(["accepted"]);

    const withdrawn = await post(action, { _csrf: csrfOf(me) });
    expect([withdrawn.status, withdrawn.headers.get("location")]).toEqual([303, "/me?done=withdrawn"]);
    const after = await (await page("/me?done=withdrawn")).text();
    expect(after).toContain('<p class="notice" role="status">Votre proposition d&#39;aide est retirée. L&#39;association en est informée.</p>');
    expect(after).toContain('<td class="status-withdrawn">retirée</td>');
    expect(after).not.toContain(`action="${action}"`);

    // A withdraws it as a local withdrawal does: the coordinator sees it, the place is free again.
    await until("A to withdraw the application", async () => (await applicationsOnA())[0]?.status === "withdrawn");
    expect((await coordinator("GET", `/missions/${needId}`)).body.places_left).toBe(2);
    expect(a.logs()).toContain(`Application ${application!.id} withdrawn by ${b.url}/actors/bruno`);
    // The need's new count reaches B (an Update of its Note).
    await until("B to see the place free again", async () => (await placesLeftOnB()) === 2);
    // Twice: my space says why.
    const again = await post(action, { _csrf: csrfOf(me) });
    expect(again.headers.get("location")).toBe("/me?error=application_transition");
  });

  it("withdraws through the API, PATCH /applications/{id}, with the id /me/applications lists", async () => {
    const applied = await bruno("POST", `/missions/${remoteId}/applications`, { message: "Finalement, je suis libre." });
    expect(applied.status).toBe(201);
    const second = await until("A to receive the new Offer", async () => (await applicationsOnA()).find((x) => x.status === "pending"));
    const id = applied.body.id;
    // Someone else's: no such application. A decision: the organisation takes it on its own server.
    expect((await carla("PATCH", `/applications/${id}`, { status: "withdrawn" })).status).toBe(404);
    expect((await bruno("PATCH", `/applications/${id}`, { status: "accepted" })).status).toBe(404);

    const withdrawn = await bruno("PATCH", `/applications/${id}`, { status: "withdrawn" });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ id, mission_id: remoteId, mission_uri: `${a.url}/needs/${needId}`, status: "withdrawn", remote: true });
    expect((await bruno("GET", "/me/applications")).body.find((o: { id: string }) => o.id === id)).toMatchObject({ status: "withdrawn", remote: true });
    await until("A to withdraw the second application", async () => (await applicationsOnA()).find((x) => x.id === second.id)?.status === "withdrawn");
    const again = await bruno("PATCH", `/applications/${id}`, { status: "withdrawn" });
    expect([again.status, again.body.code]).toEqual([409, "application_transition"]);
  });

  it("sends a server that took a private reply the Delete of that reply, with a Tombstone; an answer crossing it changes nothing", async () => {
    // An organisation on a server without FEP-0837 (Mastodon-like): its need links no Proposal.
    const group = fediverse.uri("collectif");
    const needUri = `${fediverse.origin}/users/collectif/statuses/1`;
    const db = serverDb(b);
    try {
      const at = new Date().toISOString();
      await db.kysely
        .insertInto("remote_actors")
        .values({ id: "collectif", uri: group, type: "Person", handle: `collectif@${new URL(fediverse.origin).host}`, name: "Collectif", url: null, inbox: `${group}/inbox`, shared_inbox: null, software: "mastodon", updated: at })
        .execute();
      await db.kysely
        .insertInto("remote_needs")
        .values({ id: "rn-collectif", uri: needUri, actor_id: "collectif", url: null, title: "Soutien scolaire", content_html: "<p>Soutien scolaire</p>", language: "fr", domains: "[]", starts: null, ends: null, place_label: null, latitude: null, longitude: null, radius_km: null, volunteers_wanted: 1, places_left: 1, proposal_uri: null, intent_uri: null, audience: "public", published: at, updated: at })
        .execute();
      const applied = await bruno("POST", "/missions/rn-collectif/applications", { message: "Je peux aider en maths." });
      expect(applied.status).toBe(201);
      const outgoing = await db.kysely.selectFrom("outgoing_applications").select(["note_uri", "offer_uri"]).where("id", "=", applied.body.id).executeTakeFirstOrThrow();
      const create = await until("the private reply", async () => fediverse.received.find((r) => r.activity.type === "Create"));
      expect(create.activity.object).toMatchObject({ type: "Note", id: outgoing.note_uri, inReplyTo: needUri });

      expect((await bruno("PATCH", `/applications/${applied.body.id}`, { status: "withdrawn" })).status).toBe(200);
      const deleted = await until("the Delete of the reply", async () => fediverse.received.find((r) => r.activity.type === "Delete"));
      // What Mastodon's inbox removes a status by: the Tombstone's id, the status's author as actor.
      expect(deleted.recipient).toBe("collectif");
      expect(deleted.activity).toMatchObject({ actor: `${b.url}/actors/bruno`, to: group, object: { type: "Tombstone", id: outgoing.note_uri } });
      expect(fediverse.received.filter((r) => r.activity.type === "Undo")).toEqual([]);

      // The organisation's answer to the application, sent before it heard of the withdrawal.
      await fediverse.send("collectif", `${b.url}/actors/bruno`, (actor, recipient) => new Accept({ id: fediverse.id(), actor, to: recipient, object: new URL(outgoing.offer_uri) }));
      await until("B to read the answer", async () => b.logs().includes("withdrawn since: ignored"));
      expect((await db.kysely.selectFrom("outgoing_applications").select("status").where("id", "=", applied.body.id).executeTakeFirstOrThrow()).status).toBe("withdrawn");
    } finally {
      await db.close();
    }
  });

  it("sends a FEP-0837 peer the Undo of the Offer it was sent, the Offer embedded (its id is not served)", async () => {
    const group = fediverse.uri("collectif");
    const needUri = `${fediverse.origin}/users/collectif/needs/2`;
    const db = serverDb(b);
    try {
      const at = new Date().toISOString();
      await db.kysely
        .insertInto("remote_needs")
        .values({ id: "rn-peer", uri: needUri, actor_id: "collectif", url: null, title: "Lecture", content_html: "<p>Lecture</p>", language: "fr", domains: "[]", starts: null, ends: null, place_label: null, latitude: null, longitude: null, radius_km: null, volunteers_wanted: 1, places_left: 1, proposal_uri: `${needUri}/proposal`, intent_uri: `${needUri}/proposal#intent`, audience: "public", published: at, updated: at })
        .execute();
      const applied = await bruno("POST", "/missions/rn-peer/applications", { message: "Je lis bien à voix haute." });
      expect(applied.status).toBe(201);
      const { offer_uri } = await db.kysely.selectFrom("outgoing_applications").select("offer_uri").where("id", "=", applied.body.id).executeTakeFirstOrThrow();
      expect((await bruno("PATCH", `/applications/${applied.body.id}`, { status: "withdrawn" })).status).toBe(200);
      const undo = await until("the Undo of the Offer", async () => fediverse.received.find((r) => r.activity.type === "Undo"));
      expect(undo.activity).toMatchObject({
        id: `${offer_uri}#undo`,
        actor: `${b.url}/actors/bruno`,
        to: group,
        object: { type: "Offer", id: offer_uri, actor: `${b.url}/actors/bruno`, target: needUri, object: { type: "https://w3id.org/valueflows/ont/vf#Agreement" } },
      });
    } finally {
      await db.close();
    }
  });
});
