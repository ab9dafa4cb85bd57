// `entraide migrate-data`: an instance with every kind of data, copied from
// SQLite to a fresh PostgreSQL database, table by table, row by row.
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KyselyKvStore } from "../federation/kv.ts";
import { KyselyMessageQueue } from "../federation/queue.ts";
import { TABLES } from "../src/db/copy.ts";
import { upcomingOccurrences } from "../src/domain/needs/occurrences.ts";
import { requestPasswordReset } from "../src/domain/accounts/resets.ts";
import { allowDomain, blockActor, blockDomain, recordReceivedReport } from "../src/domain/moderation/moderation.ts";
import { openDatabase } from "../src/db/database.ts";
import { createSession } from "../src/domain/accounts/sessions.ts";
import { createUser } from "../src/domain/accounts/users.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { testInstance } from "./helpers/app.ts";
import { freshDatabaseUrl, postgresUrl } from "./helpers/db.ts";
import { runCli, tempDir } from "./helpers/server.ts";

const now = () => new Date().toISOString();

describe.skipIf(!postgresUrl)("migrate-data from SQLite to PostgreSQL", () => {
  const dataDir = tempDir();
  const sqliteFile = join(dataDir, "entraide.sqlite");
  let target: Awaited<ReturnType<typeof freshDatabaseUrl>>;

  beforeAll(async () => {
    target = await freshDatabaseUrl("postgres");
    const app = await testInstance({ DATA_DIR: dataDir, DATABASE_URL: `sqlite:${sqliteFile}`, LOGIN_RATE_LIMIT: "1000" });
    const db = app.db.kysely;
    const call = async (token: string, method: string, path: string, body?: unknown) => {
      const res = await app.http.request(`http://town.test/api/v1${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, body: await res.json().catch(() => null) };
    };
    try {
      const claire = await createUser(db, { username: "claire", email: "claire@town.test", password: "a long password" });
      await createUser(db, { username: "karim", email: "karim@town.test", password: "a long password" });
      const org = await createOrganization(db, { handle: "asso", name: "Asso", coordinatorId: claire.id });
      await createSession(db, claire.id);
      const token = async (login: string) =>
        (
          await app.http.request("http://town.test/api/v1/tokens", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ login, password: "a long password" }),
          })
        ).json() as Promise<{ token: string }>;
      const coordinator = (await token("claire")).token;
      const citizen = (await token("karim")).token;
      // The other side of federation, as the inbox would have recorded it.
      const remote = (id: string, host: string) => ({
        id,
        uri: `http://${host}/actors/${id}`,
        type: "Person",
        handle: `${id}@${host}`,
        name: id,
        url: null,
        inbox: `http://${host}/actors/${id}/inbox`,
        shared_inbox: `http://${host}/inbox`,
        software: "mastodon",
        updated: now(),
      });
      await db.insertInto("remote_actors").values([remote("r1", "127.0.0.9"), remote("r2", "127.0.0.10")]).execute();
      await db.insertInto("followers").values({ actor_id: org.id, follower_id: "r1", follow_uri: "http://127.0.0.9/f/1", created: now() }).execute();
      await db.insertInto("following").values({ actor_id: claire.id, target_id: "r2", follow_uri: "http://town.test/f/2", accepted: 1, created: now() }).execute();
      const mission = {
        organization: "asso",
        title: "Lecture à voix haute",
        description: "Lire le **journal** à des résidents.",
        domains: ["personnes-agees", "education"],
        place: { label: "Lyon", address: "1 rue X", latitude: 45.7741, longitude: 4.8322 },
        schedule: { kind: "recurring", rrule: "FREQ=WEEKLY;BYDAY=TU", start: "2026-12-01T14:00:00+01:00", duration_minutes: 90 },
        volunteers_wanted: 2,
        visibility: "public",
        beneficiary: "Mme Y",
        beneficiary_consent: "2026-11-30",
      };
      const need = await call(coordinator, "POST", "/missions", mission);
      expect(need.status, JSON.stringify(need.body)).toBe(201);
      const gone = await call(coordinator, "POST", "/missions", { ...mission, title: "Supprimée" });
      expect((await call(coordinator, "DELETE", `/missions/${gone.body.id}`)).status).toBe(204);
      // For the next Tuesday only (application_occurrences).
      const [tuesday] = upcomingOccurrences({ kind: "recurring", rrule: "FREQ=WEEKLY;BYDAY=TU", start: mission.schedule.start, durationMinutes: 90 }, new Date().toISOString(), 1);
      expect((await call(citizen, "POST", `/missions/${need.body.id}/applications`, { message: "Je viens", occurrences: [tuesday] })).status).toBe(201);
      const offer = await call(citizen, "POST", "/offers", { title: "Courses", description: "Le samedi", domains: ["solidarite-insertion"], availability: "samedi", place: { label: "Bron" } });
      expect(offer.status).toBe(201);
      await db
        .insertInto("remote_needs")
        .values({ id: "rn1", uri: "http://127.0.0.10/needs/1", actor_id: "r2", url: null, title: "Ailleurs", content_html: "<p>x</p>", language: "fr", domains: "[]", starts: null, ends: null, place_label: "Bron", latitude: 45.7, longitude: 4.9, radius_km: 2, volunteers_wanted: 3, places_left: 3, proposal_uri: null, intent_uri: null, audience: "public", published: now(), updated: now() })
        .execute();
      expect((await call(citizen, "POST", "/missions/rn1/applications", { message: "Moi aussi" })).status).toBe(201);
      // A remote volunteer's private link (its token's hash only).
      await db.insertInto("volunteer_links").values({ token_hash: "0".repeat(64), application_id: "a-remote", created: now() }).execute();
      await db.insertInto("messages").values({ id: "m1", uri: "http://127.0.0.10/notes/1", user_id: claire.id, sender_id: "r2", in_reply_to: null, content_html: "<p>Merci</p>", created: now() }).execute();
      // Moderation: a block, an approved server, a blocked account, a report, and the audit log.
      const mairie = await createUser(db, { username: "mairie", email: "mairie@town.test", password: "a long password", role: "admin" });
      await blockDomain(db, app.contextData.policy, mairie, { domain: "spam.example", severity: "silence" });
      await allowDomain(db, app.contextData.policy, mairie, "127.0.0.10");
      await blockActor(db, app.contextData.policy, mairie, "http://127.0.0.11/users/troll");
      await app.contextData.settings.update(app.contextData.events, mairie, { name: "Ville de Lyon", registrationsOpen: false });
      await recordReceivedReport(db, app.contextData.events, { flagUri: "http://127.0.0.9/flags/1", reporterUri: "http://127.0.0.9/actor", targets: [org.id], comment: "?" });
      await requestPasswordReset(db, "karim@town.test");
      // Mail: an alert, a need it was told about, and a job in the outbox (a published need queues one).
      expect((await call(citizen, "POST", "/alerts", { domains: ["sante"], area: { kind: "near", latitude: 45.7, longitude: 4.9, radius_km: 5 } })).status).toBe(201);
      await db.insertInto("alert_deliveries").values({ user_id: claire.id, need: "http://127.0.0.10/needs/1", created: now() }).execute();
      // Issue 13: a local follow, a notification, a mail choice, a scheduled send.
      const karim = await db.selectFrom("users").select("id").where("email", "=", "karim@town.test").executeTakeFirstOrThrow();
      await db.insertInto("local_follows").values({ user_id: karim.id, organization_id: org.id, alerts: 1, created: now() }).execute();
      await db
        .insertInto("notifications")
        .values({ id: "n1", user_id: claire.id, type: "application.received", need_id: need.body.id, application_id: null, actor_id: karim.id, remote_actor_id: null, group_key: "g", details: "{}", dedupe_key: "test:n1", created: now(), read_at: null })
        .execute();
      await db.insertInto("notification_settings").values({ user_id: claire.id, kind: "application.received", mail: "digest", updated: now() }).execute();
      await db.insertInto("scheduled_sends").values({ key: "pending:test", created: now() }).execute();
      // The day's retention purge ran; the terms changed once and Claire accepted them.
      await db.insertInto("daily_runs").values({ job: "retention", day: "2026-12-01", started: now() }).execute();
      await db.insertInto("terms_versions").values({ version: 2, published: now(), changed: JSON.stringify(["rules"]) }).execute();
      await db.insertInto("consents").values({ user_id: claire.id, version: 2, accepted: now(), age: "adult" }).execute();
      // Issue 15: an outcome with who came, the question asked and answered, an attestation.
      const applied = await db.selectFrom("applications").select("id").where("need_id", "=", need.body.id).executeTakeFirstOrThrow();
      await db.insertInto("outcomes").values({ id: "o1", need_id: need.body.id, occurrence: "2026-12-01T13:00:00.000Z", volunteer_hours: 1.5, people_helped: 2, worked: "Le binôme", not_worked: "", confirmed: now() }).execute();
      await db.insertInto("outcome_participants").values({ outcome_id: "o1", application_id: applied.id, hours: 1.5 }).execute();
      await db.insertInto("surveys").values({ application_id: applied.id, need_id: need.body.id, asked: now(), answered: 1, note_uri: null }).execute();
      await db.insertInto("survey_answers").values({ id: "s1", need_id: need.body.id, organization_id: org.id, month: "2026-12", rating: 4, comment: "Bien" }).execute();
      await db
        .insertInto("attestations")
        .values({ id: "AAAAAAAAAAAAAAAAAAAAAA", user_id: karim.id, organization_id: org.id, volunteer_name: "Karim", issued: now(), missions: "[]", hours: 1.5, revoked: null })
        .execute();
      // Issue 14: a safeguarding check the organisation recorded when it met Karim.
      await db
        .insertInto("safeguarding_checks")
        .values({ id: "sc1", organization_id: org.id, user_id: karim.id, checked_by: claire.id, checked: now(), identity_seen: 1, record_seen: 1, note: "Vu à la permanence", expires: "2027-12-31", revoked: null, revoked_by: null })
        .execute();
      // Issue 15: a sheet written from the need, one received, a try made here and one received.
      const sheet = { title: "Visites", summary: "", context: "", actions: "", motivation: "", watch_out: "", contact: "", domains: "[]", language: "fr", search_text: "visites", sent_digest: null };
      await db.insertInto("practices").values({ id: "p1", organization_id: org.id, visibility: "public", created: now(), updated: now(), ...sheet }).execute();
      await db.insertInto("practice_needs").values({ practice_id: "p1", need_id: need.body.id }).execute();
      const figures = JSON.stringify({ needs: 1, needsDone: 1, volunteersWanted: 2, volunteersAccepted: 2, fillRate: 1, volunteerHours: 4, peopleHelped: 5 });
      await db
        .insertInto("remote_practices")
        .values({ id: "rp1", uri: "http://127.0.0.10/practices/1", actor_id: "r2", url: null, title: "Ailleurs", summary: "", content_html: "<p>x</p>", domains: "[]", language: "fr", indicators: figures, templates: "[]", tries: "[]", search_text: "ailleurs", published: now(), updated: now() })
        .execute();
      await db.insertInto("practice_tries").values({ id: "t1", organization_id: org.id, practice_id: null, remote_practice_id: "rp1", practice_uri: "http://127.0.0.10/practices/1", practice_title: "Ailleurs", sent_digest: null, created: now(), updated: now() }).execute();
      await db.insertInto("practice_try_needs").values({ try_id: "t1", need_id: need.body.id }).execute();
      await db
        .insertInto("practice_tries_received")
        .values({ id: "tr1", uri: "http://127.0.0.10/practice-tries/1", practice_id: "p1", actor_id: "r2", town: "Bron", organization_name: "Club", needs_count: 1, indicators: figures, created: now(), updated: now() })
        .execute();
      await new KyselyKvStore(db).set(["test", "cached"], { a: 1 });
      await new KyselyMessageQueue(db, "sqlite").enqueue({ pending: "delivery" });
      // An event whose publishing failed, waiting for its retry in an hour.
      await db
        .insertInto("event_outbox")
        .values({
          id: "e1",
          event: JSON.stringify({ type: "need.updated", needId: need.body.id }),
          available: new Date(Date.now() + 3_600_000).toISOString(),
          locked_until: null,
          attempts: 1,
          created: now(),
        })
        .execute();
      await db
        .insertInto("event_deliveries")
        .values(
          ["alerts", "federation"].map((consumer) => ({
            event_id: "e1",
            consumer,
            subject: `need:${need.body.id}`,
            attempts: 1,
            next_attempt: new Date(Date.now() + 3_600_000).toISOString(),
            lease_until: null,
          })),
        )
        .execute();
    } finally {
      await app.close();
    }
  }, 60_000);

  afterAll(async () => {
    await target?.drop();
  });

  it("copies every table, refuses a non-empty target, and loses nothing", async () => {
    const copied = runCli(["migrate-data", "--from", `sqlite:${sqliteFile}`, "--to", target.url], {});
    expect(copied.status, copied.stderr).toBe(0);
    expect(copied.stdout).toContain("the counts match table by table");

    const source = openDatabase(`sqlite:${sqliteFile}`);
    const copy = openDatabase(target.url, { poolSize: 2 });
    try {
      for (const table of TABLES) {
        const rows = (await source.kysely.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
        expect(rows.length, `${table} has data to copy`).toBeGreaterThan(0);
        const copiedRows = (await copy.kysely.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
        // Only the source's columns: PostgreSQL adds its own (needs.search, generated for full-text search).
        const comparable = (list: Record<string, unknown>[], columns: string[]) =>
          list.map((row) => JSON.stringify(columns.map((c) => row[c]))).sort();
        const columns = Object.keys(rows[0]!);
        expect(comparable(copiedRows, columns), table).toEqual(comparable(rows, columns));
      }
      // Full-text search works on the copy (the generated column was computed on insert).
      const found = await copy.kysely
        .selectFrom("needs")
        .select("title")
        .where(sql<boolean>`search @@ plainto_tsquery('entraide_fr', 'journal')`)
        .execute();
      expect(found.map((n) => n.title)).toEqual(["Lecture à voix haute"]);
    } finally {
      await Promise.all([source.close(), copy.close()]);
    }

    const again = runCli(["migrate-data", "--from", `sqlite:${sqliteFile}`, "--to", target.url], {});
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("not empty");
  });
});
