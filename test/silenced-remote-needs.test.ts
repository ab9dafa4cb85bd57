// A silenced server's needs are kept (its followers may still see them) but out
// of every listing: the API list, the alert mails (through a real SMTP server on
// a loopback port) and the directory of a federation of towns (/members).
// A need from a server that is not silenced goes through, so each assertion can fail.
// A need from a server refused since it was stored is forgotten by the hourly refresh.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../src/domain/accounts/users.ts";
import { findActorByHandle, INSTANCE_HANDLE } from "../src/domain/actors/actors.ts";
import { createAlert } from "../src/domain/alerts/alerts.ts";
import { newId } from "../src/domain/ids.ts";
import { enqueueMail } from "../src/domain/mail/outbox.ts";
import { blockDomain } from "../src/domain/moderation/moderation.ts";
import { refreshStaleRemoteNeeds } from "../federation/mod.ts";
import { testInstance } from "./helpers/app.ts";
import { smtpServer } from "./helpers/smtp.ts";

describe("needs from a silenced server", () => {
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  let app: Awaited<ReturnType<typeof testInstance>>;
  const ids: Record<string, string> = {};

  /** A town's instance actor, followed by ours, and one of its organisations with a public need. */
  async function town(host: string, title: string) {
    const db = app.db.kysely;
    const instance = { id: newId(), uri: `https://${host}/actor`, name: `Ville ${host}` };
    const org = { id: newId(), uri: `https://${host}/users/club`, name: `Club de ${host}` };
    for (const a of [instance, org]) {
      await db
        .insertInto("remote_actors")
        .values({ ...a, type: a === instance ? "Application" : "Group", handle: null, url: null, inbox: `${a.uri}/inbox`, shared_inbox: null, software: "entraide", updated: new Date().toISOString() })
        .execute();
    }
    const ours = (await findActorByHandle(db, INSTANCE_HANDLE))!;
    await db
      .insertInto("following")
      .values({ actor_id: ours.id, target_id: instance.id, follow_uri: `http://town.test/follows/${newId()}`, accepted: 1, created: new Date().toISOString() })
      .execute();
    const id = newId();
    await db
      .insertInto("remote_needs")
      .values({
        id,
        uri: `https://${host}/needs/${id}`,
        actor_id: org.id,
        url: `https://${host}/needs/${id}`,
        title,
        content_html: "<p>Servir des boissons.</p>",
        language: "fr",
        domains: JSON.stringify(["sport"]),
        starts: null,
        ends: null,
        place_label: "Stade",
        latitude: 45.7,
        longitude: 4.9,
        radius_km: 1,
        volunteers_wanted: 3,
        places_left: 3,
        proposal_uri: `https://${host}/needs/${id}/proposal`,
        intent_uri: null,
        audience: "public",
        published: new Date().toISOString(),
        updated: new Date().toISOString(),
      })
      .execute();
    return id;
  }

  beforeAll(async () => {
    smtp = await smtpServer();
    app = await testInstance({ SMTP_URL: `smtp://entraide:s3cret@127.0.0.1:${smtp.port}` });
    const db = app.db.kysely;
    const admin = await createUser(db, { username: "moderatrice", email: "moderatrice@town.test", password: "a long password", role: "admin" });
    const lea = await createUser(db, { username: "lea", email: "lea@town.test", password: "a long password" });
    await createAlert(db, lea, { domains: ["sport"], area: { kind: "anywhere" } }, "fr");
    ids.open = await town("open.example", "Tenir la buvette ouverte");
    ids.silenced = await town("silenced.example", "Tenir la buvette muette");
    await blockDomain(db, app.contextData.policy, admin, { domain: "silenced.example", severity: "silence" });
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it("mails no alert about it, and one about the other server's need", async () => {
    for (const id of [ids.silenced!, ids.open!]) await enqueueMail(app.db.kysely, { kind: "alerts", need: { remoteNeedId: id } });
    while ((await app.mail.runOnce()) > 0);
    const subjects = smtp.inbox.filter((m) => m.to.includes("lea@town.test")).map((m) => m.mail.subject);
    expect(subjects).toEqual(["Nouvelle mission : Tenir la buvette ouverte"]);
  });

  it("counts none of its needs in the directory of members", async () => {
    const res = await app.http.request("http://town.test/members", { headers: { Accept: "text/html" } });
    expect(res.status).toBe(200);
    const html = await res.text();
    const line = (host: string) => new RegExp(`Ville ${host.replace(".", "\\.")}</a> — ([^<]*)`).exec(html)?.[1];
    expect(line("open.example")).toMatch(/^1 /);
    expect(line("silenced.example")).toBe("Aucune mission ouverte");
  });

  it("lists none of its needs in the API", async () => {
    const res = await app.http.request("http://town.test/api/v1/missions?scope=remote");
    const body = (await res.json()) as { items: { title: string }[] };
    expect(body.items.map((i) => i.title)).toEqual(["Tenir la buvette ouverte"]);
    const detail = await app.http.request(`http://town.test/api/v1/missions/${ids.silenced}`);
    expect(detail.status).toBe(404);
  });
});

describe("needs kept from a server refused since", () => {
  let app: Awaited<ReturnType<typeof testInstance>>;
  afterAll(async () => {
    await app?.close();
  });

  it("are forgotten by the refresh, without asking that server", async () => {
    // In allow-list mode, a server that is not (or no longer) approved counts as suspended.
    app = await testInstance({ FEDERATION_MODE: "allowlist" });
    const db = app.db.kysely;
    const org = { id: newId(), uri: "http://127.0.0.1:9/users/club" };
    await db
      .insertInto("remote_actors")
      .values({ ...org, type: "Group", handle: null, name: "Club", url: null, inbox: `${org.uri}/inbox`, shared_inbox: null, software: null, updated: new Date().toISOString() })
      .execute();
    const old = new Date(Date.now() - 2 * 86_400_000).toISOString();
    await db
      .insertInto("remote_needs")
      .values({ id: newId(), uri: "http://127.0.0.1:9/needs/1", actor_id: org.id, url: null, title: "Ancien", content_html: "", language: null, domains: "[]", starts: null, ends: null, place_label: null, latitude: null, longitude: null, radius_km: null, volunteers_wanted: null, places_left: null, proposal_uri: null, intent_uri: null, audience: "public", published: old, updated: old })
      .execute();
    const result = await refreshStaleRemoteNeeds(app.federation.createContext(app.config.publicUrl, app.contextData), 86_400_000);
    expect(result).toEqual({ refreshed: 0, removed: 1 });
    expect(await db.selectFrom("remote_needs").select("id").execute()).toEqual([]);
  });
});
