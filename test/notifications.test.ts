// Issue 13, points 2 and 4: local follows and notifications, on an in-process
// instance whose mail worker sends to a real SMTP server on loopback. Scheduled
// work runs with an injected clock: nobody waits a day.
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../src/domain/accounts/sessions.ts";
import { issueToken, loadTokenKeys } from "../src/domain/accounts/tokens.ts";
import { type Account, createUser } from "../src/domain/accounts/users.ts";
import { commitWithEvents } from "../src/domain/events.ts";
import { applyWithAccount, decideApplication } from "../src/domain/needs/applications.ts";
import type { NeedCreate } from "../src/domain/needs/input.ts";
import { createNeed, updateNeed } from "../src/domain/needs/service.ts";
import { runScheduled } from "../src/domain/notifications/scheduler.ts";
import { slotsBetween } from "../src/domain/notifications/slots.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import type { Instance } from "../src/main.ts";
import { apiAs, testInstance } from "./helpers/app.ts";
import { frenchFindings } from "./helpers/french-scan.ts";
import { smtpServer } from "./helpers/smtp.ts";
import { until } from "./helpers/wait.ts";

const DAY = 86_400_000;

function needInput(title: string, schedule: NeedCreate["schedule"], extra: Partial<NeedCreate> = {}): NeedCreate {
  return {
    organization: "asso",
    title,
    description: "Aider.",
    domains: ["education"],
    safeguarding: false,
    skills: [],
    audience: [],
    language: "fr",
    place: { label: "Vaise", mode: "on_site", address: "3 rue des Fleurs", latitude: 45.77, longitude: 4.8, radius_km: 1 },
    schedule,
    volunteers_wanted: 5,
    visibility: "public",
    private_notes: "",
    beneficiary: "",
    status: "open",
    ...extra,
  };
}

describe("notifications and local follows", () => {
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  let app: Instance;
  let coord: Account;
  let lucie: Account;
  let marc: Account;
  const sessions: Record<string, { secret: string; csrf: string }> = {};
  const tokens: Record<string, string> = {};
  let api: ReturnType<typeof apiAs>;

  const mailsTo = (address: string) => smtp.inbox.filter((m) => m.to.includes(address)).map((m) => m.mail);
  const header = (mail: ParsedMail, name: string) => mail.headerLines.find((h) => h.key === name)?.line.slice(name.length + 1).trim();
  /** Consumers, then the mail worker, until nothing is left to do; then the SMTP server has parsed what it got. */
  const drain = async () => {
    for (let i = 0; i < 3; i++) {
      await app.events.idle();
      while ((await app.mail.runOnce()) > 0);
    }
    const outbox = async () => Number((await app.db.kysely.selectFrom("mail_outbox").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    await until("the mail outbox to empty", async () => (await outbox()) === 0);
    await new Promise((resolve) => setTimeout(resolve, 200));
  };
  const page = async (who: string, path: string, init: RequestInit = {}) => {
    const s = sessions[who];
    const res = await app.http.request(`http://town.test${path}`, {
      redirect: "manual",
      ...init,
      headers: { Accept: "text/html", ...(s ? { Cookie: `entraide_session=${s.secret}` } : {}), ...(init.headers ?? {}) },
    });
    return { status: res.status, location: res.headers.get("location"), html: await res.text() };
  };
  const post = (who: string, path: string, fields: Record<string, string | string[]> = {}) => {
    const body = new URLSearchParams();
    body.append("_csrf", sessions[who]?.csrf ?? "");
    for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
    return page(who, path, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: body.toString() });
  };
  const notificationsOf = (userId: string) =>
    app.db.kysely.selectFrom("notifications").select(["type", "need_id", "details", "read_at"]).where("user_id", "=", userId).orderBy("id").execute();

  beforeAll(async () => {
    smtp = await smtpServer();
    app = await testInstance({ SMTP_URL: `smtp://entraide:s3cret@127.0.0.1:${smtp.port}`, SMTP_FROM: "Entraide <entraide@town.test>", INSTANCE_NAME: "Entraide Vaise" });
    const db = app.db.kysely;
    coord = await createUser(db, { username: "camille", email: "camille@town.test", password: "a long password" });
    lucie = await createUser(db, { username: "lucie", email: "lucie@town.test", password: "a long password", displayName: "Lucie" });
    marc = await createUser(db, { username: "marc", email: "marc@town.test", password: "a long password" });
    await createOrganization(db, { handle: "asso", name: "Asso des Pentes", coordinatorId: coord.id });
    const keys = await loadTokenKeys(db, app.config.publicUrl.origin);
    for (const [name, user] of [["camille", coord], ["lucie", lucie], ["marc", marc]] as const) {
      const s = await createSession(db, user.id);
      sessions[name] = { secret: s.secret, csrf: s.csrf };
      tokens[name] = (await issueToken(db, keys, user.id)).token;
    }
    api = apiAs(app, tokens);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it("tells the coordinator of each application, and the volunteer of the decision, in the list and by mail", async () => {
    const db = app.db.kysely;
    const { events } = app.contextData;
    const need = await createNeed(db, events, coord, needInput("Aide aux devoirs", { kind: "flexible" }));
    const a1 = await applyWithAccount(db, events, lucie, need.id, "Je peux le mardi.", "web");
    const a2 = await applyWithAccount(db, events, marc, need.id, "Moi aussi.", "api");
    await drain();
    const coordMails = mailsTo("camille@town.test");
    // The mail worker sends side by side: in any order.
    expect(coordMails.map((m) => m.subject).sort()).toEqual(["Lucie propose son aide pour « Aide aux devoirs »", "marc propose son aide pour « Aide aux devoirs »"]);
    const stop = header(coordMails[0]!, "list-unsubscribe");
    expect(stop).toMatch(/^<http:\/\/town\.test\/notifications\/stop\?token=/);
    expect(coordMails[0]!.text).toContain(`http://town.test/coordinate/needs/${need.id}/applications`);

    // The header counts them, in words for screen readers.
    const list = await page("camille", "/me/notifications");
    expect(list.status).toBe(200);
    expect(list.html).toContain('<span class="visually-hidden"> (2 notifications non lues)</span>');
    expect(list.html).toContain("Lucie propose son aide pour « Aide aux devoirs »");
    expect(list.html).toMatch(/<time datetime="\d{4}-\d\d-\d\dT/);

    await decideApplication(db, events, coord, a1.id, { status: "accepted" });
    await decideApplication(db, events, coord, a2.id, { status: "rejected", reason: "profile_mismatch" });
    await drain();
    expect(mailsTo("lucie@town.test").map((m) => m.subject)).toEqual(["Votre proposition d'aide pour « Aide aux devoirs » est acceptée"]);
    expect(mailsTo("marc@town.test").map((m) => m.subject)).toEqual([
      "Votre proposition d'aide pour « Aide aux devoirs » n'est pas retenue : votre profil ne correspond pas à cette mission",
    ]);
    expect((await page("marc", "/me/notifications")).html).toContain(`href="/needs/${need.id}"`);

    // Marking read: one, then the count in the header is gone.
    const mine = await api("camille", "GET", "/notifications");
    expect(mine.status).toBe(200);
    expect(mine.body.map((n: { type: string }) => n.type)).toEqual(["application.received", "application.received"]);
    expect(mine.body.map((n: { account: { username: string } }) => n.account.username).sort()).toEqual(["lucie", "marc"]);
    expect(mine.body[0].need.id).toBe(need.id);
    // Newest first, in the API and on the page alike.
    expect(mine.body[0].id > mine.body[1].id).toBe(true);
    const line = (n: { account: { username: string } }) => (n.account.username === "marc" ? "marc propose" : "Lucie propose");
    expect(list.html.indexOf(line(mine.body[0]))).toBeLessThan(list.html.indexOf(line(mine.body[1])));
    const older = await api("camille", "GET", `/notifications?max_id=${mine.body[0].id}`);
    expect(older.body.map((n: { id: string }) => n.id)).toEqual([mine.body[1].id]);
    const newer = await api("camille", "GET", `/notifications?min_id=${mine.body[1].id}`);
    expect(newer.body.map((n: { id: string }) => n.id)).toEqual([mine.body[0].id]);
    expect((await api("camille", "POST", `/notifications/${mine.body[0].id}/read`)).status).toBe(204);
    expect((await api("lucie", "POST", `/notifications/${mine.body[1].id}/read`)).status).toBe(404);
    expect((await api("camille", "GET", "/notifications/unread_count")).body).toEqual({ count: 1 });
    const marked = await post("camille", "/me/notifications/read");
    expect(marked.status).toBe(303);
    const after = await page("camille", "/me/notifications?all=1");
    expect(after.html).not.toContain("non lue");
    expect(after.html).toContain('role="status"');
  });

  it("tells the coordinators when a volunteer withdraws, in the list and by mail, leading to the applications", async () => {
    const db = app.db.kysely;
    const { events } = app.contextData;
    const need = await createNeed(db, events, coord, needInput("Lecture au foyer", { kind: "flexible" }));
    const applied = await applyWithAccount(db, events, lucie, need.id, "Le jeudi.", "web");
    await drain();
    const before = mailsTo("camille@town.test").length;
    expect((await post("lucie", `/me/applications/${applied.id}/withdraw`)).status).toBe(303);
    await drain();
    expect(mailsTo("camille@town.test").slice(before).map((m) => m.subject)).toEqual(["Lucie a retiré sa proposition d'aide pour «\u00a0Lecture au foyer\u00a0»"]);
    const told = (await notificationsOf(coord.id)).filter((n) => n.need_id === need.id).map((n) => n.type);
    expect(told).toEqual(["application.received", "application.withdrawn"]);
    const list = await page("camille", "/me/notifications");
    expect(list.html).toContain("Lucie a retiré sa proposition d&#39;aide pour «\u00a0Lecture au foyer\u00a0»");
    expect(list.html).toContain(`href="/coordinate/needs/${need.id}/applications"`);
    // When, in words: no ISO date, nothing untranslated.
    expect(list.html).toMatch(/<time datetime="[^"]+">\d{1,2}(er)? [a-zéû]+ \d{4} à \d\d:\d\d<\/time>/);
    expect(frenchFindings(list.html)).toEqual([]);
    // The volunteer who withdrew is not told of her own withdrawal.
    expect((await notificationsOf(lucie.id)).filter((n) => n.need_id === need.id)).toEqual([]);
  });

  it("stops one kind of mail with the link of a mail, without signing in; the others still come", async () => {
    const db = app.db.kysely;
    const { events } = app.contextData;
    const link = header(mailsTo("camille@town.test")[0]!, "list-unsubscribe")!.slice(1, -1);
    const path = new URL(link).pathname + new URL(link).search;
    const ask = await page("", path);
    expect(ask.status).toBe(200);
    expect(ask.html).toContain("Propositions d&#39;aide reçues ou retirées (coordinateurs)");
    // What a mail client's one-click unsubscribe does (RFC 8058).
    const done = await page("", path, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
    expect(done.status).toBe(200);
    expect(done.html).toContain('role="status"');
    expect((await page("", "/notifications/stop?token=forged.token")).status).toBe(400);

    const before = mailsTo("camille@town.test").length;
    const need = await createNeed(db, events, coord, needInput("Lecture", { kind: "flexible" }));
    await drain();
    const ana = await createUser(db, { username: "ana", email: "ana@town.test", password: "a long password" });
    const application = await applyWithAccount(db, events, ana, need.id, "Oui.", "web");
    await drain();
    // Still in the list, no longer mailed.
    expect((await notificationsOf(coord.id)).filter((n) => n.need_id === need.id).map((n) => n.type)).toEqual(["application.received"]);
    expect(mailsTo("camille@town.test")).toHaveLength(before);
    // Another kind still is: a pending application after 3 days.
    // Two workers at the same moment: one claims it.
    const at = () => Date.parse(application.created) + 3 * DAY + 60_000;
    const reports = await Promise.all([runScheduled(db, events, at), runScheduled(db, events, at)]);
    expect(reports[0].pending + reports[1].pending).toBe(1);
    await drain();
    expect(mailsTo("camille@town.test").slice(before).map((m) => m.subject)).toEqual([
      "Une proposition d'aide pour « Lecture » attend votre réponse depuis plus de 3 jours",
    ]);
    // Once only, in however many runs.
    expect((await runScheduled(db, events, () => Date.parse(application.created) + 4 * DAY)).pending).toBe(0);
    await drain();
    expect(mailsTo("camille@town.test").slice(before)).toHaveLength(1);
    expect((await notificationsOf(coord.id)).filter((n) => n.type === "application.pending")).toHaveLength(1);
    // The settings form gives the choice back.
    expect((await post("camille", "/me/notifications/settings", { "application.received": "each" })).status).toBe(303);
    expect((await page("camille", "/me/notifications")).html).toMatch(/id="application.received-each"[^>]*checked/);
  });

  it("sends one digest a day to a coordinator who chose it", async () => {
    const db = app.db.kysely;
    const { events } = app.contextData;
    expect((await post("camille", "/me/notifications/settings", { "application.received": "digest" })).status).toBe(303);
    const need = await createNeed(db, events, coord, needInput("Jardinage", { kind: "flexible" }));
    const before = mailsTo("camille@town.test").length;
    const people = [];
    for (const name of ["zoe", "yann"]) {
      const user = await createUser(db, { username: name, email: `${name}@town.test`, password: "a long password" });
      people.push(await applyWithAccount(db, events, user, need.id, "Oui.", "web"));
    }
    await drain();
    expect(mailsTo("camille@town.test")).toHaveLength(before);
    const morning = Date.parse(`${new Date().toISOString().slice(0, 10)}T08:00:00Z`) + DAY;
    expect((await runScheduled(db, events, () => morning)).digests).toBe(1);
    expect((await runScheduled(db, events, () => morning + 3_600_000)).digests).toBe(0);
    await drain();
    const digests = mailsTo("camille@town.test").slice(before);
    expect(digests.map((m) => m.subject)).toEqual(["Nouvelles propositions d'aide (2) sur Entraide Vaise"]);
    expect(digests[0]!.text).toContain("zoe propose son aide pour « Jardinage »");
    expect(digests[0]!.text).toContain("yann propose son aide pour « Jardinage »");
    expect(header(digests[0]!, "list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    // The next day, nothing new: no digest.
    expect((await runScheduled(db, events, () => morning + DAY)).digests).toBe(0);
    expect((await post("camille", "/me/notifications/settings", { "application.received": "each" })).status).toBe(303);
  });

  it("reminds accepted volunteers the day before a one-off slot and before each occurrence of a weekly need", async () => {
    const db = app.db.kysely;
    const { events } = app.contextData;
    const base = Date.parse("2027-03-01T14:00:00Z"); // a Monday; the slots start at 13:00 UTC
    const once = await createNeed(db, events, coord, needInput("Brocante", { kind: "date", start: "2027-03-03T14:00:00+01:00", end: "2027-03-03T17:00:00+01:00" }));
    const weekly = await createNeed(db, events, coord, needInput("Lecture du mardi", { kind: "recurring", rrule: "FREQ=WEEKLY;BYDAY=TU", start: "2027-03-02T14:00:00+01:00", duration_minutes: 90 }));
    for (const need of [once, weekly]) {
      const a = await applyWithAccount(db, events, lucie, need.id, "Oui.", "web");
      await decideApplication(db, events, coord, a.id, { status: "accepted" });
    }
    await drain();
    const before = mailsTo("lucie@town.test").length;
    // Monday 14:00: the Tuesday slot is within a day.
    const runs = [base, base + 3_600_000, base + DAY, base + 7 * DAY, base + 7 * DAY + 600_000];
    const reminders = [];
    for (const at of runs) reminders.push((await runScheduled(db, events, () => at)).reminders);
    // Mon 14:00: Tue 2 March; Mon 15:00: none; Tue 14:00: Wed 3 March (the one-off); next Mon 14:00: Tue 9 March; then none.
    expect(reminders).toEqual([1, 0, 1, 1, 0]);
    await drain();
    const subjects = mailsTo("lucie@town.test").slice(before).map((m) => m.subject);
    expect(subjects).toHaveLength(3);
    expect(subjects.filter((s) => s?.startsWith("Rappel : « Lecture du mardi » a lieu demain"))).toHaveLength(2);
    expect(subjects.filter((s) => s?.startsWith("Rappel : « Brocante » a lieu demain"))).toHaveLength(1);
    const occurrences = (await notificationsOf(lucie.id)).filter((n) => n.type === "need.reminder").map((n) => JSON.parse(n.details).occurrence);
    expect(occurrences.sort()).toEqual(["2027-03-02T13:00:00.000Z", "2027-03-03T13:00:00.000Z", "2027-03-09T13:00:00.000Z"]);
    expect(slotsBetween({ kind: "flexible" }, new Date(base), new Date(base + DAY))).toEqual([]);
  });

  it("tells accepted volunteers when a need they are accepted for changes", async () => {
    const db = app.db.kysely;
    const { events } = app.contextData;
    const need = await createNeed(db, events, coord, needInput("Sortie", { kind: "date", start: "2027-04-10T10:00:00+02:00" }));
    const a = await applyWithAccount(db, events, marc, need.id, "Oui.", "web");
    await decideApplication(db, events, coord, a.id, { status: "accepted" });
    await drain();
    const before = mailsTo("marc@town.test").length;
    // A change of title alone says nothing to them; a new date does.
    await updateNeed(db, events, coord, need.id, { title: "Sortie au parc" });
    await drain();
    expect(mailsTo("marc@town.test")).toHaveLength(before);
    await updateNeed(db, events, coord, need.id, { schedule: { kind: "date", start: "2027-04-11T10:00:00+02:00" } });
    await drain();
    const mails = mailsTo("marc@town.test").slice(before);
    expect(mails.map((m) => m.subject)).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/^La mission « Sortie au parc » a changé : .*11/);
    // The kind "need.changed" stops alone.
    const link = header(mails[0]!, "list-unsubscribe")!.slice(1, -1);
    await page("", new URL(link).pathname + new URL(link).search, { method: "POST" });
    await updateNeed(db, events, coord, need.id, { schedule: { kind: "date", start: "2027-04-12T10:00:00+02:00" } });
    await drain();
    expect(mailsTo("marc@town.test").slice(before)).toHaveLength(1);
    expect((await notificationsOf(marc.id)).filter((n) => n.type === "need.changed")).toHaveLength(2);
  });

  it("tells accepted volunteers of a cancelled occurrence and of a cancelled need, with the coordinator's words", async () => {
    const db = app.db.kysely;
    const { events } = app.contextData;
    const weekly = await createNeed(db, events, coord, needInput("Goûter du jeudi", { kind: "recurring", rrule: "FREQ=WEEKLY;BYDAY=TH", start: "2027-05-06T16:00:00+02:00", duration_minutes: 60 }));
    const a = await applyWithAccount(db, events, lucie, weekly.id, "Oui.", "web");
    await decideApplication(db, events, coord, a.id, { status: "accepted" });
    await drain();
    const before = mailsTo("lucie@town.test").length;
    // What the coordinators' actions emit (issue 13, point 5): their notices.
    const notice = (n: { kind: "cancelled" | "occurrence-cancelled"; message: string | null; occurrence?: string }) =>
      commitWithEvents(db, events, (trx) => events.emit(trx, { type: "need.updated", needId: weekly.id, organizationHandle: "asso", visibility: "public", notice: n }));
    await notice({ kind: "occurrence-cancelled", message: "Salle fermée.", occurrence: "2027-05-13T14:00:00.000Z" });
    await drain();
    await notice({ kind: "cancelled", message: null });
    await drain();
    const mails = mailsTo("lucie@town.test").slice(before);
    expect(mails.map((m) => m.subject)).toEqual([
      expect.stringMatching(/^La séance du .*13.* de « Goûter du jeudi » est annulée$/),
      "La mission « Goûter du jeudi » est annulée",
    ]);
    expect(mails[0]!.text).toContain("Message de l'organisation : Salle fermée.");
    const list = (await page("lucie", "/me/notifications")).html;
    expect(list).toContain("La mission « Goûter du jeudi » est annulée");
    expect(list).toContain("Message de l&#39;organisation : Salle fermée.");
  });

  it("follows an organisation from its page, lists it in /me with its open needs, alerts on its new needs, unfollows", async () => {
    const db = app.db.kysely;
    const { events } = app.contextData;
    const signedOut = await page("", "/@asso");
    expect(signedOut.html).toContain("/login?next=%2F%40asso");
    const queued = async () => Number((await db.selectFrom("queue_messages").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    const queuedBefore = await queued();
    const org = await page("lucie", "/@asso");
    expect(org.html).toContain('action="/follows/asso"');
    const followed = await post("lucie", "/follows/asso");
    expect(followed.status).toBe(303);
    expect(followed.location).toBe("/@asso?followed=1#follow");
    const now = await page("lucie", "/@asso?followed=1");
    expect(now.html).toContain("Vous suivez maintenant cette organisation.");
    expect(now.html).toContain('action="/follows/asso/delete"');
    const me = await page("lucie", "/me");
    expect(me.html).toContain("Mes associations");
    expect(me.html).toContain("Aide aux devoirs");
    expect(me.html).toMatch(/id="alerts-asso"[^>]*type="checkbox"/);
    // Nothing federated: no activity queued, no follower in the collection other servers read.
    await app.events.idle();
    expect(await queued()).toBe(queuedBefore);
    expect(await db.selectFrom("followers").selectAll().execute()).toEqual([]);
    // The followers collection served to other servers holds remote followers only, and counts them only.
    const collection = await app.http.request("http://town.test/actors/asso/followers", { headers: { Accept: "application/activity+json" } });
    expect(collection.status).toBe(200);
    expect((await collection.json()).totalItems).toBe(0);

    // Alerts on: a new need is told; off: the next one is not.
    expect((await post("lucie", "/follows/asso/alerts", { alerts: ["0", "1"] })).status).toBe(303);
    const before = mailsTo("lucie@town.test").length;
    const fresh = await createNeed(db, events, coord, needInput("Atelier vélo", { kind: "flexible" }));
    await drain();
    expect(mailsTo("lucie@town.test").slice(before).map((m) => m.subject)).toEqual(["Asso des Pentes a publié une mission : « Atelier vélo »"]);
    expect((await notificationsOf(lucie.id)).filter((n) => n.type === "need.published").map((n) => n.need_id)).toEqual([fresh.id]);
    expect((await post("lucie", "/follows/asso/alerts", { alerts: "0" })).status).toBe(303);
    await createNeed(db, events, coord, needInput("Atelier couture", { kind: "flexible" }));
    await drain();
    expect(mailsTo("lucie@town.test").slice(before)).toHaveLength(1);
    // Someone who does not follow is told nothing.
    expect((await notificationsOf(marc.id)).filter((n) => n.type === "need.published")).toEqual([]);

    // The same through the API.
    expect((await api("marc", "POST", "/organizations/asso/follow")).status).toBe(200);
    expect((await api("marc", "PATCH", "/organizations/asso/follow", { alerts: true })).status).toBe(200);
    const follows = await api("marc", "GET", "/me/follows");
    expect(follows.body).toMatchObject([{ handle: "asso", name: "Asso des Pentes", alerts: true }]);
    expect(follows.body[0].open_needs.map((n: { title: string }) => n.title)).toContain("Atelier vélo");
    expect((await api("marc", "DELETE", "/organizations/asso/follow")).status).toBe(204);
    expect((await api("marc", "GET", "/me/follows")).body).toEqual([]);
    expect((await api("marc", "PATCH", "/organizations/asso/follow", { alerts: true })).status).toBe(404);
    expect((await api("marc", "POST", "/organizations/nobody/follow", { alerts: true })).status).toBe(404);
    expect((await api("marc", "POST", "/organizations/asso/follow", { alerts: "yes" })).status).toBe(400);
    expect((await api("", "POST", "/organizations/asso/follow")).status).toBe(401);

    expect((await post("lucie", "/follows/asso/delete", { back: "me" })).status).toBe(303);
    expect((await page("lucie", "/me")).html).toContain("Vous ne suivez aucune organisation.");
  });

  it("shows the organisation's median response time once 3 applications were decided", async () => {
    const db = app.db.kysely;
    // Decided so far: 2 (devoirs) + 2 (brocante, lecture) + 1 (sortie): 5, decided at once.
    let html = (await page("", "/@asso")).html;
    expect(html).toContain("Répond en général en moins d&#39;un jour");
    // Older answers, two and four days after: the median moves.
    const rows = await db.selectFrom("applications").select(["id", "created"]).where("decided", "is not", null).orderBy("id").execute();
    for (const [i, row] of rows.entries()) {
      await db.updateTable("applications").set({ decided: new Date(Date.parse(row.created) + (i < 2 ? 1 : 2 + i) * DAY).toISOString() }).where("id", "=", row.id).execute();
    }
    html = (await page("", "/@asso")).html;
    expect(html).toMatch(/Répond en général en \d+ jours/);
    await db.updateTable("applications").set({ decided: null }).execute();
    expect((await page("", "/@asso")).html).not.toContain("Répond en général");
  });
});
