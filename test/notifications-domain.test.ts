// Issue 13 in the domain alone, on SQLite and PostgreSQL: the notifications
// consumer is idempotent (an event given twice tells once), a decision keeps its
// first date, and the migration dates the decisions made before it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrateDown, migrateToLatest } from "../src/db/migrate.ts";
import { createUser } from "../src/domain/accounts/users.ts";
import { silentEvents } from "../src/domain/events.ts";
import { applyWithAccount, decideApplication } from "../src/domain/needs/applications.ts";
import { createNeed } from "../src/domain/needs/service.ts";
import { notificationEvents } from "../src/domain/notifications/events.ts";
import { runScheduled } from "../src/domain/notifications/scheduler.ts";
import { slotsBetween } from "../src/domain/notifications/slots.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { medianResponseHours } from "../src/domain/organizations/response-time.ts";
import { dialects, type TestDb, testDb } from "./helpers/db.ts";
import { need } from "./helpers/receiver.ts";

describe.each(dialects)("notifications in the domain (%s)", (dialect) => {
  let db: TestDb;
  beforeEach(async () => {
    db = await testDb(dialect);
  });
  afterEach(async () => {
    await db.drop();
  });

  async function town() {
    const claire = await createUser(db.kysely, { username: "claire", email: "claire@a.test", password: "claire's password" });
    const bruno = await createUser(db.kysely, { username: "bruno", email: "bruno@b.test", password: "bruno's password" });
    const org = await createOrganization(db.kysely, { handle: "asso", name: "Asso", coordinatorId: claire.id });
    const { id: needId } = await createNeed(db.kysely, silentEvents, claire, { ...need, volunteers_wanted: 3 });
    return { claire, bruno, org, needId };
  }

  it("tells once, however many times an event is given, and both decisions when they are consumed together", async () => {
    const { claire, bruno, needId } = await town();
    const application = await applyWithAccount(db.kysely, silentEvents, bruno, needId, "Je peux.", "web");
    const consume = notificationEvents(db.kysely);
    const received = { type: "application.received", applicationId: application.id, needId, source: "web" } as const;
    await consume(received);
    await consume(received);
    await decideApplication(db.kysely, silentEvents, claire, application.id, { status: "accepted" });
    await decideApplication(db.kysely, silentEvents, claire, application.id, { status: "rejected", reason: "no_longer_needed" });
    // Consumed after both decisions: each is told, as it was taken.
    for (const status of ["accepted", "rejected", "accepted"] as const) {
      await consume({ type: "application.decided", applicationId: application.id, needId, status, reason: status === "rejected" ? "no_longer_needed" : null });
    }
    const rows = await db.kysely.selectFrom("notifications").select(["user_id", "type", "details"]).orderBy("id").execute();
    expect(rows.map((r) => [r.user_id, r.type])).toEqual([
      [claire.id, "application.received"],
      [bruno.id, "application.accepted"],
      [bruno.id, "application.rejected"],
    ]);
    expect(JSON.parse(rows[2]!.details)).toEqual({ reason: "no_longer_needed" });
    // One mail job per notification.
    const jobs = await db.kysely.selectFrom("mail_outbox").select("kind").execute();
    expect(jobs.map((j) => j.kind)).toEqual(["notification", "notification", "notification"]);
  });

  it("reminds of a pending application after 3 days, not of one older than a month", async () => {
    const { bruno, needId } = await town();
    const application = await applyWithAccount(db.kysely, silentEvents, bruno, needId, "Je peux.", "web");
    const created = Date.parse(application.created);
    expect((await runScheduled(db.kysely, silentEvents, () => created + 2 * 86_400_000)).pending).toBe(0);
    expect((await runScheduled(db.kysely, silentEvents, () => created + 40 * 86_400_000)).pending).toBe(0);
    expect((await runScheduled(db.kysely, silentEvents, () => created + 4 * 86_400_000)).pending).toBe(1);
    expect((await runScheduled(db.kysely, silentEvents, () => created + 5 * 86_400_000)).pending).toBe(0);
  });

  it("keeps the first decision's date, and dates the decisions made before the migration", async () => {
    const { claire, bruno, org, needId } = await town();
    const application = await applyWithAccount(db.kysely, silentEvents, bruno, needId, "Je peux.", "web");
    await decideApplication(db.kysely, silentEvents, claire, application.id, { status: "accepted" });
    const first = await db.kysely.selectFrom("applications").select("decided").where("id", "=", application.id).executeTakeFirstOrThrow();
    expect(first.decided).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await decideApplication(db.kysely, silentEvents, claire, application.id, { status: "rejected", reason: "other" });
    expect((await db.kysely.selectFrom("applications").select("decided").where("id", "=", application.id).executeTakeFirstOrThrow()).decided).toBe(first.decided);
    expect(await medianResponseHours(db.kysely, org.id)).toBeNull();

    // Rows from before: accepted and rejected ones are dated by their last change, pending ones not.
    await migrateDown(db, "20261202100000_applications_source_account");
    const at = (days: number) => new Date(Date.parse("2026-11-01T10:00:00Z") + days * 86_400_000).toISOString();
    const old = (id: string, status: string, decidedAfter: number) => ({
      id,
      need_id: needId,
      user_id: bruno.id,
      status,
      source: "account",
      created: at(0),
      updated: at(decidedAfter),
    });
    await db.kysely.insertInto("applications").values([old("o1", "accepted", 1), old("o2", "rejected", 3), old("o3", "pending", 9)]).execute();
    await migrateToLatest(db);
    const dated = await db.kysely.selectFrom("applications").select(["id", "decided"]).where("id", "in", ["o1", "o2", "o3"]).orderBy("id").execute();
    expect(dated).toEqual([
      { id: "o1", decided: at(1) },
      { id: "o2", decided: at(3) },
      { id: "o3", decided: null },
    ]);
    // Three decided now: the median of about 0, 1 and 3 days is a day.
    expect(Math.round((await medianResponseHours(db.kysely, org.id))!)).toBe(24);
  });
});

describe("the slots of a schedule", () => {
  const weekly = { kind: "recurring", rrule: "FREQ=WEEKLY;BYDAY=TU", start: "2027-03-02T14:00:00+01:00", durationMinutes: 90 } as const;
  it("keeps a weekly slot at 14:00 in Paris across the change of time, and skips cancelled ones", () => {
    const from = new Date("2027-03-20T00:00:00Z");
    const to = new Date("2027-04-07T00:00:00Z");
    // 23 March is in winter time (13:00 UTC); 30 March and 6 April in summer time (12:00 UTC).
    expect(slotsBetween(weekly, from, to)).toEqual(["2027-03-23T13:00:00.000Z", "2027-03-30T12:00:00.000Z", "2027-04-06T12:00:00.000Z"]);
    expect(slotsBetween({ ...weekly, exdates: ["2027-03-30T12:00:00.000Z"] } as never, from, to)).toEqual(["2027-03-23T13:00:00.000Z", "2027-04-06T12:00:00.000Z"]);
  });
  it("finds the one slot of a dated need, none for a range or a flexible need, and nothing outside the window", () => {
    const from = new Date("2027-03-01T00:00:00Z");
    const to = new Date("2027-03-02T00:00:00Z");
    expect(slotsBetween({ kind: "date", start: "2027-03-01T10:00:00+01:00" }, from, to)).toEqual(["2027-03-01T09:00:00.000Z"]);
    expect(slotsBetween({ kind: "date", start: "2027-03-02T10:00:00+01:00" }, from, to)).toEqual([]);
    expect(slotsBetween({ kind: "range", start: "2027-03-01", end: "2027-03-05" }, from, to)).toEqual([]);
    expect(slotsBetween({ kind: "flexible" }, from, to)).toEqual([]);
    expect(slotsBetween(weekly, new Date("2027-02-01T00:00:00Z"), new Date("2027-03-01T00:00:00Z"))).toEqual([]);
  });
});
