// The rights of a person over what the instance holds (GDPR art. 15, 17, 20): a
// user with a row of every kind downloads it all (API, page, file), then deletes
// the account, and nothing of them is left in any table but what
// src/domain/privacy/personal-data.ts says stays (the actor's handle and keys).
// Then, on two real servers, an account deleted on one is erased on the other
// by the Delete of its actor.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAlert } from "../src/domain/alerts/alerts.ts";
import { followOrganization } from "../src/domain/follows/follows.ts";
import { setMailChoice } from "../src/domain/notifications/settings.ts";
import { createSession } from "../src/domain/accounts/sessions.ts";
import { issueToken, loadTokenKeys } from "../src/domain/accounts/tokens.ts";
import { createUser } from "../src/domain/accounts/users.ts";
import { enqueueMail } from "../src/domain/mail/outbox.ts";
import { audit } from "../src/domain/moderation/moderation.ts";
import { applyWithAccount } from "../src/domain/needs/applications.ts";
import { createNeed } from "../src/domain/needs/service.ts";
import { createOffer, OfferCreate } from "../src/domain/offers/offers.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { acceptTerms } from "../src/domain/consent/terms.ts";
import { recordCheck, revokeCheck } from "../src/domain/safeguarding/checks.ts";
import { PERSONAL_DATA } from "../src/domain/privacy/personal-data.ts";
import type { Instance } from "../src/main.ts";
import { apiAs, testInstance } from "./helpers/app.ts";
import { apiClient, root, runCli, type ServerProcess, serverDb, startServer } from "./helpers/server.ts";
import { needInput } from "./helpers/needs.ts";
import { until } from "./helpers/wait.ts";

/** What Zoé wrote or is: none of it may be left after her erasure. */
const ZOE = {
  email: "zoe.martin@town.test",
  name: "Zoé Martin",
  summary: "Bénévole du quartier",
  application: "Message de Zoé : je suis libre le mardi",
  outgoing: "Candidature de Zoé ailleurs",
  message: "Message privé pour Zoé",
  offer: "Cours de couture de Zoé",
  alertPlace: "Quartier de Zoé",
  token: "jeton-de-zoe",
  report: "Signalement de Zoé",
  mission: "Mission attestée de Zoé",
  check: "Vue le 1er décembre à la permanence, avec sa carte d'identité",
};

describe("a user's data: the export, then the erasure", () => {
  let app: Instance;
  let zoe: Awaited<ReturnType<typeof createUser>>;
  let api: ReturnType<typeof apiAs>;
  let session: { cookie: string; csrf: string };
  let needId: string;

  beforeAll(async () => {
    app = await testInstance();
    const db = app.db.kysely;
    const { events } = app.contextData;
    const admin = await createUser(db, { username: "camille", email: "camille@town.test", password: "a long password", role: "admin" });
    zoe = await createUser(db, { username: "zoe", email: ZOE.email, password: "zoe's long password", role: "moderator", displayName: ZOE.name });
    await db.updateTable("actors").set({ summary: ZOE.summary }).where("id", "=", zoe.id).execute();
    await createOrganization(db, { handle: "asso", name: "Asso", coordinatorId: admin.id });
    await createOrganization(db, { handle: "club", name: "Club de Zoé", coordinatorId: zoe.id });
    const need = await createNeed(db, events, admin, needInput({ title: "Visites", volunteers_wanted: 2 }));
    needId = need.id;
    await applyWithAccount(db, events, zoe, need.id, ZOE.application, "api");
    await createOffer(db, events, zoe, OfferCreate.parse({ title: ZOE.offer, domains: ["culture-loisirs"], availability: "le samedi", place: { label: "Vaise" } }));
    await createAlert(db, zoe, { domains: ["sante"], area: { kind: "near", place: ZOE.alertPlace, latitude: 45.7, longitude: 4.8, radius_km: 5 } }, "fr");
    const at = new Date().toISOString();
    // Issue 13: she follows the organisation, was told something, stopped a kind of mail.
    // The need's own event is handled first, so it tells nobody: the one notification is n1.
    await app.events.idle();
    await followOrganization(db, zoe, "asso", true);
    await db
      .insertInto("notifications")
      .values({ id: "n1", user_id: zoe.id, type: "need.published", need_id: need.id, application_id: null, actor_id: null, remote_actor_id: null, group_key: "g", details: "{}", dedupe_key: "test:n1", created: at, read_at: null })
      .execute();
    await setMailChoice(db, zoe.id, "need.reminder", "off");
    // Someone elsewhere: who wrote to her, whom she follows, who follows her, a need she answered.
    await db
      .insertInto("remote_actors")
      .values({ id: "r1", uri: "https://elsewhere.test/users/max", type: "Person", handle: "max@elsewhere.test", name: "Max", url: null, inbox: "https://elsewhere.test/users/max/inbox", shared_inbox: null, software: null, updated: at })
      .execute();
    await db.insertInto("messages").values({ id: "m1", uri: "https://elsewhere.test/notes/1", user_id: zoe.id, sender_id: "r1", in_reply_to: null, content_html: `<p>${ZOE.message}</p>`, created: at }).execute();
    await db.insertInto("following").values({ actor_id: zoe.id, target_id: "r1", follow_uri: "http://town.test/follows/1", accepted: 1, created: at }).execute();
    await db.insertInto("followers").values({ actor_id: zoe.id, follower_id: "r1", follow_uri: "https://elsewhere.test/follows/1", created: at }).execute();
    await db
      .insertInto("remote_needs")
      .values({ id: "rn1", uri: "https://elsewhere.test/needs/1", actor_id: "r1", url: null, title: "Ailleurs", content_html: "", language: "fr", domains: "[]", starts: null, ends: null, place_label: null, latitude: null, longitude: null, radius_km: null, volunteers_wanted: null, places_left: null, proposal_uri: null, intent_uri: null, published: at, updated: at })
      .execute();
    await db
      .insertInto("outgoing_applications")
      .values({ id: "o1", user_id: zoe.id, remote_need_id: "rn1", message: ZOE.outgoing, offer_uri: "http://town.test/offers-of-help/o1", note_uri: "http://town.test/offers-of-help/o1/note", status: "pending", created: at, updated: at })
      .execute();
    await db
      .insertInto("reports")
      .values({ id: "rep1", direction: "sent", reporter_uri: null, reporter_user_id: zoe.id, targets: JSON.stringify(["https://elsewhere.test/users/spam"]), comment: ZOE.report, flag_uri: null, status: "open", created: at, resolved: null })
      .execute();
    await audit(db, zoe, "domain.silence", "spam.test", { reason: "spam" });
    await db.insertInto("alert_deliveries").values({ user_id: zoe.id, need: "need:x", created: at }).execute();
    await db.insertInto("password_resets").values({ id: "hash-of-a-reset", user_id: zoe.id, created: at, expires: at, used: null }).execute();
    await enqueueMail(db, { kind: "reset", email: ZOE.email, language: "fr" });
    await acceptTerms(db, zoe.id, undefined, "adult");
    // Issue 15: an attestation of her volunteering.
    await db
      .insertInto("attestations")
      .values({ id: "ZoeAttestation00000000", user_id: zoe.id, organization_id: need.organization.id, volunteer_name: ZOE.name, issued: at, missions: JSON.stringify([{ needId: need.id, title: ZOE.mission, from: "2026-11-01", to: "2026-11-01", sessions: 1, hours: 2 }]), hours: 2, revoked: null })
      .execute();
    // Issue 14: Asso met her and recorded what it saw; she, coordinating the club, checked Lou.
    await recordCheck(db, admin, "asso", { username: "zoe", identity_seen: true, record_seen: true, note: ZOE.check, expires: null });
    await createUser(db, { username: "lou", email: "lou@town.test", password: "a long password" });
    const louCheck = await recordCheck(db, zoe, "club", { username: "lou", identity_seen: true, record_seen: false, note: "", expires: null });
    await revokeCheck(db, zoe, louCheck.id);
    const { token } = await issueToken(db, await loadTokenKeys(db, app.config.publicUrl.origin), zoe.id, { name: ZOE.token, days: 1 });
    const made = await createSession(db, zoe.id);
    session = { cookie: `entraide_session=${made.secret}`, csrf: made.csrf };
    api = apiAs(app, { zoe: token });
  });
  afterAll(async () => {
    await app.close();
  });

  it("gives the user everything held about them, as JSON from the API and /me/data.json, and as a page", async () => {
    const { status, body } = await api("zoe", "GET", "/me/export");
    expect(status).toBe(200);
    expect(body).toMatchObject({
      format: "entraide-personal-data",
      version: 1,
      account: { username: "zoe", display_name: ZOE.name, summary: ZOE.summary, email: ZOE.email, role: "moderator" },
      organisations: [{ handle: "club", role: "coordinator" }],
      applications: [{ need: { id: needId, title: "Visites", organisation: "asso" }, message: ZOE.application, status: "pending" }],
      applications_elsewhere: [{ need: { uri: "https://elsewhere.test/needs/1" }, message: ZOE.outgoing }],
      messages: [{ from: { handle: "max@elsewhere.test" }, content_html: `<p>${ZOE.message}</p>` }],
      offers: [{ title: ZOE.offer }],
      alerts: [{ domains: ["sante"], place_label: ZOE.alertPlace }],
      needs_mailed_about: [{ need: "need:x" }],
      following: [{ uri: "https://elsewhere.test/users/max", accepted: true }],
      followers: [{ uri: "https://elsewhere.test/users/max" }],
      api_tokens: [{ name: ZOE.token, revoked: null }],
      password_resets: [{ used: null }],
      reports_sent: [{ targets: ["https://elsewhere.test/users/spam"], comment: ZOE.report }],
      organisations_followed: [{ handle: "asso", alerts: true }],
      notifications: [{ type: "need.published", need: needId, read: null }],
      notification_mail: [{ kind: "need.reminder", mail: "off" }],
      consents: [{ version: 1, age: "adult" }],
      attestations: [{ id: "ZoeAttestation00000000", organisation: "Asso", hours: 2, missions: [{ title: ZOE.mission, sessions: 1, hours: 2 }] }],
      safeguarding_checks: [{ organisation: "asso", checked_by: "camille", identity_seen: true, record_seen: true, note: ZOE.check, expires: null, revoked: null }],
    });
    expect(body.sessions.length).toBeGreaterThanOrEqual(1);
    // Every list of the export has a row for Zoé: none of them was forgotten by the seed or the export.
    for (const [key, value] of Object.entries(body)) if (Array.isArray(value)) expect([key, value.length > 0]).toEqual([key, true]);
    // No secret: no password hash, no session id, no token.
    const text = JSON.stringify(body);
    for (const secret of ["password_hash", "hash-of-a-reset", session.cookie.split("=")[1]!, "private_key"]) expect(text).not.toContain(secret);

    const file = await app.http.request("http://town.test/me/data.json", { headers: { Cookie: session.cookie } });
    expect(file.headers.get("content-disposition")).toMatch(/^attachment; filename="entraide-zoe-\d{4}-\d{2}-\d{2}\.json"$/);
    expect((await file.json()).applications[0].message).toBe(ZOE.application);
    const page = await app.http.request("http://town.test/me/data", { headers: { Cookie: session.cookie, "Accept-Language": "fr" } });
    const html = await page.text();
    expect(page.status).toBe(200);
    for (const shown of ["Mes données", ZOE.application, ZOE.offer, ZOE.alertPlace, "Supprimer définitivement mon compte"]) expect(html).toContain(shown);
    expect((await app.http.request("http://town.test/me/data")).status).toBe(303);
    expect((await app.http.request("http://town.test/api/v1/me/export")).status).toBe(401);
  });

  it("refuses an erasure without the right password, and keeps everything", async () => {
    const wrong = await api("zoe", "DELETE", "/me", { password: "not the password" });
    expect([wrong.status, wrong.type]).toEqual([401, "application/problem+json"]);
    const page = await app.http.request("http://town.test/me/delete", {
      method: "POST",
      headers: { Cookie: session.cookie, "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "fr" },
      body: new URLSearchParams({ _csrf: session.csrf, password: "still not it" }),
    });
    expect(page.status).toBe(422);
    expect(await page.text()).toContain("Le mot de passe actuel n&#39;est pas le bon.");
    expect((await api("zoe", "GET", "/me")).status).toBe(200);
  });

  it("erases the account from /me/delete: nothing of the person is left in any table", async () => {
    const db = app.db.kysely;
    const applicationsBefore = (await db.selectFrom("applications").select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow()).n;
    const res = await app.http.request("http://town.test/me/delete", {
      method: "POST",
      headers: { Cookie: session.cookie, "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "fr" },
      body: new URLSearchParams({ _csrf: session.csrf, password: "zoe's long password" }),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Votre compte est supprimé");
    expect(res.headers.get("set-cookie")).toMatch(/entraide_session=;/);
    // Her session, her token: they open nothing any more.
    expect((await app.http.request("http://town.test/me", { headers: { Cookie: session.cookie } })).status).toBe(303);
    expect((await api("zoe", "GET", "/me")).status).toBe(401);
    // The federation has told Max's server (the event consumed; the Delete on its way).
    await until("the account.erased event consumed", async () => (await db.selectFrom("event_outbox").select("id").execute()).length === 0);

    const tables = Object.keys(PERSONAL_DATA) as (keyof typeof PERSONAL_DATA)[];
    const left: string[] = [];
    for (const table of tables) {
      const rows = await db.selectFrom(table).selectAll().execute();
      const text = JSON.stringify(rows);
      // Activities still on their way (her public offer to Max's server) go with their delivery, and the Delete of her actor follows them.
      if (table === "queue_messages") continue;
      for (const [what, value] of Object.entries(ZOE)) if (text.includes(value)) left.push(`${table}: ${what}`);
      // Her id, only where the rules say: the actor (handle and keys) and the audit of her erasure.
      if (text.includes(zoe.id) && !["actors", "actor_keys", "audit_log", "queue_messages", "kv"].includes(table)) left.push(`${table}: id`);
    }
    expect(left).toEqual([]);
    const actor = await db.selectFrom("actors").selectAll().where("id", "=", zoe.id).executeTakeFirstOrThrow();
    expect([actor.handle, actor.name, actor.summary]).toEqual(["zoe", "", ""]);
    // Her attestation's address answers that it is no longer valid.
    const attestation = await app.http.request("http://town.test/attestations/ZoeAttestation00000000", { headers: { Accept: "text/html" } });
    expect(attestation.status).toBe(410);
    // Her application stays, as an anonymous count for the need's outcomes.
    const applications = await db.selectFrom("applications").select(["user_id", "message", "status"]).where("need_id", "=", needId).execute();
    expect(applications).toEqual([{ user_id: null, message: "", status: "pending" }]);
    expect((await db.selectFrom("applications").select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow()).n).toBe(applicationsBefore);
    // The handle is never given again.
    await expect(createUser(db, { username: "zoe", email: "other@town.test", password: "a long password" })).rejects.toMatchObject({ code: "handle_taken" });
    const logged = await db.selectFrom("audit_log").selectAll().where("action", "=", "account.erase").executeTakeFirstOrThrow();
    expect(JSON.parse(logged.details)).toMatchObject({ by: "self", rows: { applications: 1, messages: 1, offers: 1, alerts: 1, sessions: 1, api_tokens: 1 } });
    // The moderator's earlier action stays in the log, without her.
    expect(await db.selectFrom("audit_log").select(["moderator_id", "target"]).where("action", "=", "domain.silence").execute()).toEqual([{ moderator_id: null, target: "spam.test" }]);
    // The check she recorded of Lou, and revoked, stays for Lou and the club, without her.
    expect(await db.selectFrom("safeguarding_checks").select(["checked_by", "revoked_by", "identity_seen"]).execute()).toEqual([
      { checked_by: null, revoked_by: null, identity_seen: 1 },
    ]);
  });

  it("lets an administrator erase an account, with a reason kept in the audit log", async () => {
    const db = app.db.kysely;
    const admin = await db.selectFrom("users").select("id").where("email", "=", "camille@town.test").executeTakeFirstOrThrow();
    const { token } = await issueToken(db, await loadTokenKeys(db, app.config.publicUrl.origin), admin.id, { name: "admin", days: 1 });
    await createUser(db, { username: "yann", email: "yann@town.test", password: "a long password" });
    const as = apiAs(app, { admin: token });
    const noReason = await as("admin", "POST", "/moderation/accounts/yann/erase", { reason: " " });
    expect([noReason.status, noReason.type]).toEqual([422, "application/problem+json"]);
    const unknown = await as("admin", "POST", "/moderation/accounts/nobody/erase", { reason: "test" });
    expect(unknown.status).toBe(404);
    const done = await as("admin", "POST", "/moderation/accounts/yann/erase", { reason: "asked by mail on 1 December" });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ users: 1 });
    expect(await db.selectFrom("users").select("id").where("email", "=", "yann@town.test").execute()).toEqual([]);
    const logged = await db.selectFrom("audit_log").selectAll().where("action", "=", "account.erase").where("moderator_id", "=", admin.id).executeTakeFirstOrThrow();
    expect(JSON.parse(logged.details)).toMatchObject({ by: "admin", reason: "asked by mail on 1 December" });
  });
});

describe("two servers: an account deleted on B is erased on A", () => {
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    [a, b] = await Promise.all([startServer(), startServer()]);
    expect(runCli(["user", "create", "claire", "--email", "claire@a.test"], a.env, "claire's password\n").status).toBe(0);
    expect(runCli(["org", "create", "asso", "--name", "Asso", "--coordinator", "claire"], a.env).status).toBe(0);
    expect(runCli(["user", "create", "bruno", "--email", "bruno@b.test"], b.env, "bruno's password\n").status).toBe(0);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    mkdirSync(join(root, "test", "output"), { recursive: true });
    writeFileSync(join(root, "test", "output", "personal-data-a.log"), a?.logs() ?? "");
    writeFileSync(join(root, "test", "output", "personal-data-b.log"), b?.logs() ?? "");
  });

  it("sends a Delete of the actor to the servers that know it, which forget the person", async () => {
    const bruno = apiClient(b, runCli(["token", "create", "bruno"], b.env).stdout.trim());
    expect((await bruno("POST", "/follows", { target: `@asso@127.0.0.1:${a.port}` })).status).toBe(202);
    const aDb = serverDb(a);
    try {
      const known = () => aDb.kysely.selectFrom("remote_actors").select("id").where("uri", "=", `${b.url}/actors/bruno`).execute();
      await until("A to store Bruno as a follower", async () => (await aDb.kysely.selectFrom("followers").select("follower_id").execute()).length === 1);
      expect(await known()).toHaveLength(1);
      expect((await bruno("DELETE", "/me", { password: "bruno's password" })).status).toBe(204);
      await until("A to forget Bruno", async () => (await known()).length === 0);
      expect(await aDb.kysely.selectFrom("followers").select("follower_id").execute()).toEqual([]);
    } finally {
      await aDb.close();
    }
    expect(a.logs()).toContain("its account was deleted");
  });
});
