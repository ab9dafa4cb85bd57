// A need whose dates are past closes itself (issue 16): the hourly job in the worker
// (src/domain/needs/expiry.ts), run here with an injected clock on an in-process
// instance whose events reach the notifications consumer and whose mail reaches a
// real SMTP server on loopback.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueToken, loadTokenKeys } from "../src/domain/accounts/tokens.ts";
import { type Account, createUser } from "../src/domain/accounts/users.ts";
import type { NeedCreate } from "../src/domain/needs/input.ts";
import { closePastNeeds, closePastNeedsOnce } from "../src/domain/needs/expiry.ts";
import { createNeed } from "../src/domain/needs/service.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import type { Instance } from "../src/main.ts";
import { apiAs, testInstance } from "./helpers/app.ts";
import { needInput } from "./helpers/needs.ts";
import { smtpServer } from "./helpers/smtp.ts";
import { until } from "./helpers/wait.ts";

describe("needs past their dates", () => {
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  let app: Instance;
  let coord: Account;
  let api: ReturnType<typeof apiAs>;
  const ids: Record<string, string> = {};
  const status = async (id: string) => (await app.db.kysely.selectFrom("needs").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;
  const drain = async () => {
    for (let i = 0; i < 3; i++) {
      await app.events.idle();
      while ((await app.mail.runOnce()) > 0);
    }
  };

  beforeAll(async () => {
    smtp = await smtpServer();
    app = await testInstance({ SMTP_URL: `smtp://entraide:s3cret@127.0.0.1:${smtp.port}`, INSTANCE_NAME: "Entraide Vaise" });
    const db = app.db.kysely;
    coord = await createUser(db, { username: "camille", email: "camille@town.test", password: "a long password" });
    const lucie = await createUser(db, { username: "lucie", email: "lucie@town.test", password: "a long password" });
    await createOrganization(db, { handle: "asso", name: "Asso des Pentes", coordinatorId: coord.id });
    const keys = await loadTokenKeys(db, app.config.publicUrl.origin);
    api = apiAs(app, { camille: (await issueToken(db, keys, coord.id)).token, lucie: (await issueToken(db, keys, lucie.id)).token });
    const make = async (name: string, schedule: NeedCreate["schedule"], extra: Partial<NeedCreate> = {}) => {
      ids[name] = (await createNeed(db, app.events, coord, needInput({ title: `Mission ${name}`, schedule, ...extra }))).id;
    };
    await make("once", { kind: "date", start: "2027-01-10T14:00:00+01:00", end: "2027-01-10T17:00:00+01:00" });
    await make("full", { kind: "date", start: "2027-01-09T14:00:00+01:00" }, { volunteers_wanted: 1 });
    await make("period", { kind: "range", start: "2027-01-05", end: "2027-01-20" });
    await make("weekly-ended", { kind: "recurring", rrule: "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270105T235959Z", start: "2026-12-08T10:00:00+01:00", duration_minutes: 60 });
    await make("weekly", { kind: "recurring", rrule: "FREQ=WEEKLY;BYDAY=TU", start: "2026-12-08T10:00:00+01:00", duration_minutes: 60 });
    await make("whenever", { kind: "flexible" });
    // "full" is filled: Lucie applied and was accepted.
    const applied = await api("lucie", "POST", `/missions/${ids.full}/applications`, { message: "Je viens." });
    expect(applied.status).toBe(201);
    expect((await api("camille", "PATCH", `/applications/${applied.body.id}`, { status: "accepted" })).status).toBe(200);
    await drain();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it("closes those whose last date is past, and only those, once", async () => {
    expect(await status(ids.full!)).toBe("filled");
    // Before their dates, nothing closes.
    expect(await closePastNeeds(app.db.kysely, app.events, new Date("2027-01-01T00:00:00Z"))).toEqual([]);
    // Read two at a time: the walk goes on past a batch (a backlog is never loaded whole).
    const closed = await closePastNeeds(app.db.kysely, app.events, new Date("2027-01-11T03:00:00Z"), 2);
    expect(closed.sort()).toEqual([ids.once, ids.full, ids["weekly-ended"]].sort());
    for (const name of ["once", "full", "weekly-ended"]) expect([name, await status(ids[name]!)]).toEqual([name, "done"]);
    for (const name of ["period", "weekly", "whenever"]) expect([name, await status(ids[name]!)]).toEqual([name, "open"]);
    // Run again: nothing more. The worker's run claims each hour once.
    expect(await closePastNeeds(app.db.kysely, app.events, new Date("2027-01-11T04:00:00Z"))).toEqual([]);
    expect(await closePastNeedsOnce(app.db.kysely, app.events, new Date("2027-01-21T03:00:00Z"))).toEqual([ids.period]);
    expect(await closePastNeedsOnce(app.db.kysely, app.events, new Date("2027-01-21T03:40:00Z"))).toBeNull();
    expect(await closePastNeedsOnce(app.db.kysely, app.events, new Date("2027-01-21T04:00:00Z"))).toEqual([]);
  });

  it("tells its coordinators, in the app and by mail", async () => {
    await drain();
    const told = await app.db.kysely.selectFrom("notifications").select(["type", "need_id"]).where("user_id", "=", coord.id).where("type", "=", "need.expired").execute();
    expect(told.map((n) => n.need_id).sort()).toEqual([ids.once, ids.full, ids["weekly-ended"], ids.period].sort());
    await until("the mail about Mission once", async () => smtp.inbox.some((m) => m.mail.subject?.includes("Mission once") || m.mail.text?.includes("Mission once")));
    const mail = smtp.inbox.find((m) => m.mail.text?.includes("Les dates de « Mission once » sont passées"));
    expect(mail?.to).toEqual(["camille@town.test"]);
    const list = await app.http.request("http://town.test/api/v1/notifications", { headers: { Authorization: `Bearer ${(await issueToken(app.db.kysely, await loadTokenKeys(app.db.kysely, app.config.publicUrl.origin), coord.id)).token}` } });
    expect(JSON.stringify(await list.json())).toContain("need.expired");
  });

  it("is no longer listed as open, and takes no more applications", async () => {
    const open = await api("lucie", "GET", "/missions?limit=100");
    const titles = open.body.items.map((n: { title: string }) => n.title);
    expect(titles).not.toContain("Mission once");
    expect(titles).toContain("Mission whenever");
    const page = await (await app.http.request("http://town.test/search?q=mission", { headers: { Accept: "text/html" } })).text();
    expect(page).not.toContain("Mission once");
    expect(page).toContain("Mission weekly");
    const refused = await api("lucie", "POST", `/missions/${ids.once}/applications`, { message: "Je peux encore ?" });
    expect([refused.status, refused.body.code]).toEqual([409, "need_closed"]);
  });
});
