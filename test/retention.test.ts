// Retention: the purge removes exactly what the durations in force say, on a
// database with dated rows, and an administrator chooses the durations within
// their bounds; the About page prints them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../src/domain/accounts/users.ts";
import { silentEvents } from "../src/domain/events.ts";
import type { NeedCreate } from "../src/domain/needs/input.ts";
import { createNeed } from "../src/domain/needs/service.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { applyRetention, RETENTION_DEFAULTS, runRetentionOnce } from "../src/domain/privacy/retention.ts";
import { issueToken, loadTokenKeys } from "../src/domain/accounts/tokens.ts";
import type { MailMessage } from "../src/domain/mail/mailer.ts";
import { enqueueMail } from "../src/domain/mail/outbox.ts";
import type { Instance } from "../src/main.ts";
import { MailWorker } from "../src/mail/worker.ts";
import { apiAs, testInstance } from "./helpers/app.ts";
import { dialects, type TestDb, testDb } from "./helpers/db.ts";
import { serverDb, startServer } from "./helpers/server.ts";
import { until } from "./helpers/wait.ts";

const AT = new Date("2027-06-15T12:00:00.000Z");
const ago = (days: number) => new Date(AT.getTime() - days * 86_400_000).toISOString();

const need = (title: string): NeedCreate => ({
  organization: "asso",
  title,
  description: "",
  domains: ["personnes-agees"],
  skills: [],
  audience: [],
  language: "fr",
  place: { label: "Croix-Rousse", mode: "on_site", address: "12 rue Secrète", latitude: 45.7741, longitude: 4.8322, radius_km: 1 },
  schedule: { kind: "flexible" },
  volunteers_wanted: 3,
  visibility: "public",
  private_notes: "code 1234",
  beneficiary: "Mme Xavière, diabétique",
  beneficiary_consent: "2026-11-30",
  status: "open",
});

describe.each(dialects)("the retention purge on %s", (dialect) => {
  let db: TestDb;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await testDb(dialect);
    const k = db.kysely;
    const admin = await createUser(k, { username: "mairie", email: "mairie@t.test", password: "a long password", role: "admin" });
    await createOrganization(k, { handle: "asso", name: "Asso", coordinatorId: admin.id });
    const users: Record<string, { lastSeen: string | null; warned: string | null; role?: "admin" }> = {
      active: { lastSeen: ago(10), warned: null },
      asleep: { lastSeen: ago(3 * 365 + 5), warned: null },
      warnedLongAgo: { lastSeen: ago(4 * 365), warned: ago(31) },
      warnedRecently: { lastSeen: ago(4 * 365), warned: ago(29) },
      cameBack: { lastSeen: ago(2), warned: ago(40) },
      sleepyAdmin: { lastSeen: ago(4 * 365), warned: ago(31), role: "admin" },
    };
    for (const [name, u] of Object.entries(users)) {
      const made = await createUser(k, { username: name.toLowerCase(), email: `${name.toLowerCase()}@t.test`, password: "a long password", role: u.role });
      ids[name] = made.id;
      await k.updateTable("users").set({ last_seen: u.lastSeen, inactivity_warned: u.warned, created: ago(5 * 365) }).where("id", "=", made.id).execute();
    }
    await k.updateTable("users").set({ last_seen: ago(1) }).where("id", "=", admin.id).execute();
    for (const [name, status, daysAgo] of [
      ["doneLongAgo", "done", 100],
      ["doneRecently", "done", 60],
      ["cancelledLongAgo", "cancelled", 95],
      ["openOld", "open", 400],
    ] as const) {
      const made = await createNeed(k, silentEvents, admin, need(name));
      ids[name] = made.id;
      await k.updateTable("needs").set({ status, updated: ago(daysAgo) }).where("id", "=", made.id).execute();
    }
    const application = (id: string, userId: string, status: string, daysAgo: number) =>
      k
        .insertInto("applications")
        .values({ id, need_id: ids.openOld!, user_id: userId, message: `message ${id}`, status, source: "account", created: ago(daysAgo), updated: ago(daysAgo) })
        .execute();
    await application("rejectedOld", ids.active!, "rejected", 400);
    await application("withdrawnOld", ids.active!, "withdrawn", 370);
    await application("acceptedOld", ids.cameBack!, "accepted", 400);
    await application("rejectedRecent", ids.cameBack!, "rejected", 300);
    await k
      .insertInto("remote_actors")
      .values({ id: "r1", uri: "https://far.test/u/max", type: "Person", handle: "max@far.test", name: "Max", url: null, inbox: "https://far.test/inbox", shared_inbox: null, software: null, updated: ago(1) })
      .execute();
    for (const [id, daysAgo] of [["oldMessage", 370], ["newMessage", 300]] as const) {
      await k.insertInto("messages").values({ id, uri: `https://far.test/m/${id}`, user_id: ids.active!, sender_id: "r1", in_reply_to: null, content_html: id, created: ago(daysAgo) }).execute();
    }
    for (const [id, daysAgo] of [["oldAudit", 400], ["newAudit", 200]] as const) {
      await k.insertInto("audit_log").values({ id, moderator_id: admin.id, action: "domain.silence", target: id, details: "{}", created: ago(daysAgo) }).execute();
    }
  });
  afterAll(async () => {
    await db.drop();
  });

  it("erases, anonymises and warns exactly what the default durations say, then nothing more", async () => {
    const k = db.kysely;
    const report = await applyRetention(k, silentEvents, RETENTION_DEFAULTS, AT);
    expect(report).toEqual({
      needsCleared: 2,
      applicationsAnonymised: 2,
      outgoingApplicationsDeleted: 0,
      messagesDeleted: 1,
      accountsWarned: 1,
      accountsErased: 1,
      auditEntriesDeleted: 1,
    });
    const needs = await k.selectFrom("needs").select(["title", "beneficiary", "private_notes", "address", "latitude"]).orderBy("title").execute();
    expect(needs).toEqual([
      { title: "cancelledLongAgo", beneficiary: "", private_notes: "", address: null, latitude: 45.77 },
      { title: "doneLongAgo", beneficiary: "", private_notes: "", address: null, latitude: 45.77 },
      { title: "doneRecently", beneficiary: "Mme Xavière, diabétique", private_notes: "code 1234", address: "12 rue Secrète", latitude: 45.7741 },
      { title: "openOld", beneficiary: "Mme Xavière, diabétique", private_notes: "code 1234", address: "12 rue Secrète", latitude: 45.7741 },
    ]);
    const applications = await k.selectFrom("applications").select(["id", "user_id", "message"]).orderBy("id").execute();
    expect(applications.map((a) => [a.id, a.user_id === null, a.message])).toEqual([
      ["acceptedOld", false, "message acceptedOld"],
      ["rejectedOld", true, ""],
      ["rejectedRecent", false, "message rejectedRecent"],
      ["withdrawnOld", true, ""],
    ]);
    expect((await k.selectFrom("messages").select("id").execute()).map((m) => m.id)).toEqual(["newMessage"]);
    // Warned: the one asleep for three years, by a mail saying when; erased: the one warned 31 days ago.
    const users = await k.selectFrom("users").innerJoin("actors", "actors.id", "users.id").select(["actors.handle", "users.inactivity_warned"]).execute();
    const byHandle = Object.fromEntries(users.map((u) => [u.handle, u.inactivity_warned]));
    expect(byHandle.asleep).toBe(AT.toISOString());
    expect("warnedlongago" in byHandle).toBe(false);
    for (const kept of ["active", "warnedrecently", "cameback", "sleepyadmin", "mairie"]) expect([kept, kept in byHandle]).toEqual([kept, true]);
    const mails = await k.selectFrom("mail_outbox").select(["kind", "payload"]).where("kind", "=", "inactivity").execute();
    expect(mails.map((m) => JSON.parse(m.payload))).toEqual([{ kind: "inactivity", email: "asleep@t.test", username: "asleep", erasesOn: "2027-07-15" }]);
    const audit = await k.selectFrom("audit_log").select(["action", "target"]).orderBy("created").execute();
    expect(audit.some((a) => a.target === "oldAudit")).toBe(false);
    expect(audit.filter((a) => a.action === "retention.purge")).toHaveLength(1);
    expect(audit.filter((a) => a.action === "account.erase")).toHaveLength(1);

    expect(await applyRetention(k, silentEvents, RETENTION_DEFAULTS, AT)).toEqual({
      needsCleared: 0,
      applicationsAnonymised: 0,
      outgoingApplicationsDeleted: 0,
      messagesDeleted: 0,
      accountsWarned: 0,
      accountsErased: 0,
      auditEntriesDeleted: 0,
    });
  });

  it("applies the durations an administrator chose instead", async () => {
    const report = await applyRetention(db.kysely, silentEvents, { ...RETENTION_DEFAULTS, beneficiaryMonths: 1, messagesMonths: 6 }, AT);
    expect([report.needsCleared, report.messagesDeleted]).toEqual([1, 1]);
    const recent = await db.kysely.selectFrom("needs").select("beneficiary").where("title", "=", "doneRecently").executeTakeFirstOrThrow();
    expect(recent.beneficiary).toBe("");
  });
});

describe("choosing the durations", () => {
  let app: Instance;
  let admin: ReturnType<typeof apiAs>;

  beforeAll(async () => {
    app = await testInstance();
    const made = await createUser(app.db.kysely, { username: "mairie", email: "mairie@town.test", password: "a long password", role: "admin" });
    admin = apiAs(app, { mairie: (await issueToken(app.db.kysely, await loadTokenKeys(app.db.kysely, app.config.publicUrl.origin), made.id)).token });
  });
  afterAll(async () => {
    await app.close();
  });

  it("lifts the warning of an inactive account as soon as it is used, and notes the day it was seen", async () => {
    const db = app.db.kysely;
    const sleeper = await createUser(db, { username: "sleeper", email: "sleeper@town.test", password: "a long password" });
    await db.updateTable("users").set({ last_seen: "2020-01-01T00:00:00.000Z", inactivity_warned: "2026-11-20T00:00:00.000Z" }).where("id", "=", sleeper.id).execute();
    const as = apiAs(app, { sleeper: (await issueToken(db, await loadTokenKeys(db, app.config.publicUrl.origin), sleeper.id)).token });
    expect((await as("sleeper", "GET", "/me")).status).toBe(200);
    const row = await db.selectFrom("users").select(["last_seen", "inactivity_warned"]).where("id", "=", sleeper.id).executeTakeFirstOrThrow();
    expect([row.last_seen?.slice(0, 10), row.inactivity_warned]).toEqual([new Date().toISOString().slice(0, 10), null]);
  });

  it("mails the warning of an inactive account in French and English, with the day of the erasure and the way to keep it", async () => {
    const sent: MailMessage[] = [];
    const worker = new MailWorker({ db: app.db.kysely, mailer: { send: async (m) => void sent.push(m) }, publicUrl: new URL("http://town.test"), policy: app.contextData.policy, settings: { get: async () => ({ name: "Ville" }) } });
    await enqueueMail(app.db.kysely, { kind: "inactivity", email: "old@town.test", username: "old", erasesOn: "2027-07-15" });
    await worker.runOnce();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: "old@town.test", subject: "Votre compte sur Ville va être supprimé / Your account on Ville will be deleted" });
    for (const words of ["il sera supprimé le 2027-07-15", "http://town.test/login", "it will be deleted on 2027-07-15"]) expect(sent[0]!.text).toContain(words);
  });

  it("takes durations within their bounds, refuses others, and prints those in force on the About page", async () => {
    const before = await admin("mairie", "GET", "/instance/settings");
    expect(before.body.retention).toEqual({ beneficiary_months: 3, applications_months: 12, messages_months: 12, inactive_years: 3, audit_months: 12 });
    const tooLong = await admin("mairie", "PATCH", "/instance/settings", { retention: { beneficiary_months: 120 } });
    expect([tooLong.status, tooLong.type]).toEqual([422, "application/problem+json"]);
    const saved = await admin("mairie", "PATCH", "/instance/settings", { retention: { beneficiary_months: 6, inactive_years: 2 } });
    expect(saved.body.retention).toEqual({ beneficiary_months: 6, applications_months: 12, messages_months: 12, inactive_years: 2, audit_months: 12 });
    const about = await (await app.http.request("http://town.test/about", { headers: { Accept: "text/html", "Accept-Language": "fr" } })).text();
    expect(about).toContain("effacées 6 mois après la fin ou l&#39;annulation de la mission");
    expect(about).toContain("sans connexion depuis 2 ans");
    const log = await app.db.kysely.selectFrom("audit_log").select("details").where("action", "=", "instance.settings").execute();
    expect(log.map((l) => JSON.parse(l.details))).toEqual([{ retention: { beneficiaryMonths: 6, applicationsMonths: 12, messagesMonths: 12, inactiveYears: 2, auditMonths: 12 } }]);
  });
});

describe.each(dialects)("the daily run on %s", (dialect) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await testDb(dialect);
  });
  afterAll(async () => {
    await db.drop();
  });

  it("runs once a day, whichever process claims the day first", async () => {
    const durations = async () => RETENTION_DEFAULTS;
    const runs = await Promise.all([1, 2, 3].map(() => runRetentionOnce(db.kysely, silentEvents, durations, AT)));
    expect(runs.filter((r) => r !== null)).toHaveLength(1);
    expect(await runRetentionOnce(db.kysely, silentEvents, durations, new Date(AT.getTime() + 3_600_000))).toBeNull();
    expect(await runRetentionOnce(db.kysely, silentEvents, durations, new Date(AT.getTime() + 86_400_000))).not.toBeNull();
    const purges = await db.kysely.selectFrom("audit_log").select("action").where("action", "=", "retention.purge").execute();
    expect(purges).toHaveLength(2);
  });
});

describe("a worker process", () => {
  it("runs the purge when it starts, with the durations in force", async () => {
    const server = await startServer();
    try {
      const sdb = serverDb(server);
      try {
        await until("the start's purge in the audit log", async () => (await sdb.kysely.selectFrom("audit_log").select("action").where("action", "=", "retention.purge").execute()).length === 1);
        const run = await sdb.kysely.selectFrom("audit_log").select("details").where("action", "=", "retention.purge").executeTakeFirstOrThrow();
        expect(JSON.parse(run.details)).toMatchObject({ retention: RETENTION_DEFAULTS, messagesDeleted: 0 });
      } finally {
        await sdb.close();
      }
    } finally {
      await server.stop();
    }
  });
});
