// Issue 15, points 1 and 5: a need's outcome confirmed from a form pre-filled with the
// accepted volunteers and the slots' hours; the one question mailed once to each volunteer
// who came (a real SMTP server on loopback), answered through the mail's signed link
// without signing in, and kept with nothing of who answered; the volunteer's hours on /me,
// an attestation at an unguessable address, which says "no longer valid" once the
// volunteer's account is erased.
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../src/domain/accounts/sessions.ts";
import { issueToken, loadTokenKeys } from "../src/domain/accounts/tokens.ts";
import { type Account, createUser } from "../src/domain/accounts/users.ts";
import { applyWithAccount, decideApplication } from "../src/domain/needs/applications.ts";
import type { NeedCreate } from "../src/domain/needs/input.ts";
import { createNeed } from "../src/domain/needs/service.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { eraseAccount } from "../src/domain/privacy/erase.ts";
import type { Instance } from "../src/main.ts";
import { apiAs, testInstance } from "./helpers/app.ts";
import { smtpServer } from "./helpers/smtp.ts";

const BENEFICIARY = "Mme Josette Berthier, 12 rue des Lilas, diabétique";

function needInput(title: string, schedule: NeedCreate["schedule"], extra: Partial<NeedCreate> = {}): NeedCreate {
  return {
    organization: "asso",
    title,
    description: "Aider.",
    domains: ["personnes-agees"],
    skills: [],
    audience: [],
    language: "fr",
    place: { label: "Vaise", mode: "on_site", radius_km: 1 },
    schedule,
    volunteers_wanted: 3,
    // Not a safeguarding test: its volunteers are accepted without a check (test/safeguarding.test.ts).
    safeguarding: false,
    visibility: "public",
    private_notes: "",
    beneficiary: BENEFICIARY,
    beneficiary_consent: "2026-11-30",
    status: "open",
    ...extra,
  };
}

describe("outcomes, the volunteers' question and their attestations", () => {
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  let app: Instance;
  let coord: Account;
  const people: Record<string, Account> = {};
  const sessions: Record<string, { secret: string; csrf: string }> = {};
  const tokens: Record<string, string> = {};
  let api: ReturnType<typeof apiAs>;

  const mailsTo = (address: string) => smtp.inbox.filter((m) => m.to.includes(address)).map((m) => m.mail);
  const drain = async () => {
    for (let i = 0; i < 3; i++) {
      await app.events.idle();
      while ((await app.mail.runOnce()) > 0);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  };
  const page = async (who: string | null, path: string, init: RequestInit = {}) => {
    const s = who ? sessions[who] : undefined;
    const res = await app.http.request(`http://town.test${path}`, {
      redirect: "manual",
      ...init,
      headers: { Accept: "text/html", ...(s ? { Cookie: `entraide_session=${s.secret}` } : {}), ...(init.headers ?? {}) },
    });
    return { status: res.status, location: res.headers.get("location"), html: await res.text() };
  };
  const post = (who: string | null, path: string, fields: Record<string, string | string[]> = {}) => {
    const body = new URLSearchParams();
    if (who) body.append("_csrf", sessions[who]?.csrf ?? "");
    for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
    return page(who, path, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: body.toString() });
  };
  const surveyLink = (mail: ParsedMail) => /http:\/\/town\.test(\/surveys\/[\w-]+\?token=[\w-]+)/.exec(mail.text ?? "")?.[1];

  beforeAll(async () => {
    smtp = await smtpServer();
    app = await testInstance({ SMTP_URL: `smtp://entraide:s3cret@127.0.0.1:${smtp.port}`, SMTP_FROM: "Entraide <entraide@town.test>", INSTANCE_NAME: "Entraide Vaise" });
    const db = app.db.kysely;
    coord = await createUser(db, { username: "camille", email: "camille@town.test", password: "a long password" });
    await createOrganization(db, { handle: "asso", name: "Asso des Pentes", coordinatorId: coord.id });
    const keys = await loadTokenKeys(db, app.config.publicUrl.origin);
    for (const [name, display] of [["lucie", "Lucie Martin"], ["marc", "Marc"], ["nora", "Nora"]] as const) {
      people[name] = await createUser(db, { username: name, email: `${name}@town.test`, password: "a long password", displayName: display });
    }
    for (const [name, user] of [["camille", coord], ...Object.entries(people)] as const) {
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

  it("pre-fills the form from the accepted volunteers and the slot, never with the person helped, and confirms it", async () => {
    const db = app.db.kysely;
    const { events } = app.contextData;
    const start = new Date(Date.now() + 3_600_000).toISOString();
    const end = new Date(Date.now() + 3 * 3_600_000 + 30 * 60_000).toISOString();
    const need = await createNeed(db, events, coord, needInput("Visites à l'EHPAD", { kind: "date", start, end }));
    const apps: Record<string, string> = {};
    for (const name of ["lucie", "marc", "nora"]) apps[name] = (await applyWithAccount(db, events, people[name]!, need.id, "Je viens", "web")).id;
    for (const name of ["lucie", "marc"]) await decideApplication(db, events, coord, apps[name]!, { status: "accepted" });
    await drain();
    smtp.inbox.length = 0;

    const form = await page("camille", `/coordinate/needs/${need.id}/outcome`);
    expect(form.status).toBe(200);
    // The accepted volunteers, ticked; not the one still pending.
    expect(form.html).toContain(`name="participants" value="${apps.lucie}" checked`);
    expect(form.html).toContain(`name="participants" value="${apps.marc}" checked`);
    expect(form.html).not.toContain(apps.nora);
    // 2 h 30 from the slot's start to its end.
    expect(form.html).toContain('name="hours_per_volunteer" type="number" min="0" step="0.25" value="2.5"');
    // Nothing of the person helped, and the form says not to name them.
    expect(form.html).not.toContain("Josette");
    expect(form.html).toContain("ne nomme jamais la personne aidée");
    // Another organisation's coordinator, or a volunteer, gets no form.
    expect((await page("lucie", `/coordinate/needs/${need.id}/outcome`)).status).toBe(403);

    // Marc did not come: unticked.
    const confirmed = await post("camille", `/coordinate/needs/${need.id}/outcome`, {
      participants: [apps.lucie!],
      hours_per_volunteer: "2,5",
      people_helped: "4",
      worked: "Le binôme avec l'animatrice.",
      not_worked: "Le créneau du soir.",
      testimony: "Un après-midi de jeux.",
    });
    expect(confirmed.status, confirmed.html).toBe(303);
    const stored = await db.selectFrom("needs").select(["status", "outcome"]).where("id", "=", need.id).executeTakeFirstOrThrow();
    expect(stored.status).toBe("done");
    expect(JSON.parse(stored.outcome!)).toEqual({ volunteerHours: 2.5, peopleHelped: 4, testimony: "Un après-midi de jeux." });
    const outcome = await db.selectFrom("outcomes").selectAll().where("need_id", "=", need.id).executeTakeFirstOrThrow();
    expect(outcome).toMatchObject({ occurrence: "", volunteer_hours: 2.5, people_helped: 4, worked: "Le binôme avec l'animatrice.", not_worked: "Le créneau du soir." });
    expect(await db.selectFrom("outcome_participants").select(["application_id", "hours"]).where("outcome_id", "=", outcome.id).execute()).toEqual([
      { application_id: apps.lucie, hours: 2.5 },
    ]);
    // A stranger to the need cannot be made to have taken part.
    const stranger = await api("camille", "POST", `/missions/${need.id}/outcomes`, { participants: [apps.nora], hours_per_volunteer: 1, people_helped: 1 });
    expect(stranger.status).toBe(422);

    // The one question: Lucie is told and mailed, once; Marc, who did not come, is not.
    await drain();
    const asked = await db.selectFrom("notifications").select(["user_id", "application_id"]).where("type", "=", "outcome.survey").execute();
    expect(asked).toEqual([{ user_id: people.lucie!.id, application_id: apps.lucie }]);
    expect(mailsTo("marc@town.test")).toEqual([]);
    const mails = mailsTo("lucie@town.test");
    expect(mails).toHaveLength(1);
    // The outcome corrected: nobody is asked again.
    expect((await api("camille", "POST", `/missions/${need.id}/outcomes`, { participants: [apps.lucie], hours_per_volunteer: 3, people_helped: 4, worked: "Le binôme avec l'animatrice." })).status).toBe(201);
    await drain();
    expect(mailsTo("lucie@town.test")).toHaveLength(1);
    expect(JSON.parse((await db.selectFrom("needs").select("outcome").where("id", "=", need.id).executeTakeFirstOrThrow()).outcome!)).toMatchObject({ volunteerHours: 3 });

    // The signed link works without signing in; another application's id with it does not.
    const link = surveyLink(mails[0]!);
    expect(link).toBeDefined();
    const token = new URL(link!, "http://town.test").searchParams.get("token")!;
    expect((await page(null, link!)).html).toContain("<h1>Comment ça s&#39;est passé\u00a0?</h1>");
    expect((await page(null, `/surveys/${apps.marc}?token=${token}`)).status).toBe(404);
    // From the in-app notification: for her, signed in, without the token; for nobody else.
    expect((await page("lucie", "/me/notifications")).html).toContain(`href="/surveys/${apps.lucie}"`);
    expect((await page("lucie", `/surveys/${apps.lucie}`)).html).toContain('name="rating" value="4"');
    expect((await page("marc", `/surveys/${apps.lucie}`)).status).toBe(404);
    expect((await post(null, `/surveys/${apps.lucie}`, { token: "forged", rating: "1" })).status).toBe(404);
    const answered = await post(null, `/surveys/${apps.lucie}`, { token, rating: "4", comment: "Très bien accueillie." });
    expect(answered.status).toBe(200);
    expect(answered.html).toContain("Merci pour votre réponse");
    // Once only.
    expect((await post(null, `/surveys/${apps.lucie}`, { token, rating: "1" })).status).toBe(409);
    // Anonymous: the answer holds the need, the month, the rating and the words; nothing of Lucie or her application.
    const answers = await db.selectFrom("survey_answers").selectAll().execute();
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ need_id: need.id, rating: 4, comment: "Très bien accueillie.", month: new Date().toISOString().slice(0, 7) });
    expect(Object.keys(answers[0]!).sort()).toEqual(["comment", "id", "month", "need_id", "organization_id", "rating"]);
    expect(JSON.stringify(answers)).not.toContain(apps.lucie!);
    expect(JSON.stringify(answers)).not.toContain(people.lucie!.id);
    expect(await db.selectFrom("surveys").select(["application_id", "answered"]).execute()).toEqual([{ application_id: apps.lucie, answered: 1 }]);
    // One answer: its words and its rating stay out of the organisation's dashboard; the coordinators' own words are there.
    const dashboard = (await page("camille", "/coordinate/organizations/asso/evaluation")).html;
    expect(dashboard).not.toContain("Très bien accueillie");
    expect(dashboard).toContain("Pas encore assez de réponses.");
    expect(dashboard).toContain('<td data-indicator="satisfaction">&lt; 5</td>');
    expect(dashboard).toContain("Le binôme avec l&#39;animatrice.");

    // Recognition: Lucie's hours on her page, and an attestation.
    const me = await page("lucie", "/me");
    expect(me.html).toContain("3 h données, 1 mission.");
    expect(me.html).toContain("Visites à l&#39;EHPAD\u00a0: 1 fois, 3 h");
    const issued = await post("lucie", "/me/attestations", { organization: "asso" });
    expect(issued.status).toBe(303);
    const address = issued.location!;
    expect(address).toMatch(/^\/attestations\/[\w-]{22}$/);
    const attestation = await page(null, address);
    expect(attestation.status).toBe(200);
    expect(attestation.html).toContain("Asso des Pentes atteste que Lucie Martin a donné 3 heures de bénévolat");
    expect(attestation.html).toContain(`http://town.test${address}`);
    expect(attestation.html).not.toContain("Josette");
    // Marc, who did not come, has nothing to attest; nobody finds an attestation by guessing.
    expect((await post("marc", "/me/attestations", { organization: "asso" })).location).toBe("/me?error=attestation_nothing");
    expect((await page(null, "/attestations/AAAAAAAAAAAAAAAAAAAAAA")).status).toBe(404);
    // In her export…
    const exported = await api("lucie", "GET", "/me/export");
    expect(exported.body.attestations).toEqual([expect.objectContaining({ id: address.split("/")[2], organisation: "Asso des Pentes", hours: 3 })]);
    // …and, once she erased her account, no longer valid, with nothing of her.
    await eraseAccount(db, app.contextData.events, people.lucie!.id, { by: "self", password: "a long password" });
    const gone = await page(null, address);
    expect(gone.status).toBe(410);
    expect(gone.html).toContain("Cette attestation n&#39;est plus valable.");
    expect(gone.html).not.toContain("Lucie");
    expect(gone.html).not.toContain("Visites");
  }, 60_000);

  it("adds up the sessions of a recurring need, each with its outcome", async () => {
    const db = app.db.kysely;
    const { events } = app.contextData;
    const need = await createNeed(db, events, coord, needInput("Atelier mémoire", { kind: "recurring", rrule: "FREQ=WEEKLY;BYDAY=TU", start: new Date(Date.now() + 86_400_000).toISOString(), duration_minutes: 90 }, { beneficiary: "", beneficiary_consent: null }));
    const a = (await applyWithAccount(db, events, people.nora!, need.id, "Je viens", "web")).id;
    await decideApplication(db, events, coord, a, { status: "accepted" });
    // The first two Tuesdays have passed (the start moved back, as time would).
    const first = new Date(Math.floor((Date.now() - 15 * 86_400_000) / 60_000) * 60_000);
    await db.updateTable("needs").set({ schedule: JSON.stringify({ kind: "recurring", rrule: "FREQ=WEEKLY", start: first.toISOString(), durationMinutes: 90 }) }).where("id", "=", need.id).execute();
    const draft = await api("camille", "GET", `/missions/${need.id}/outcome`);
    const sessionsPast = draft.body.occurrences.map((o: { start: string }) => o.start);
    expect(sessionsPast).toHaveLength(3);
    const one = await api("camille", "GET", `/missions/${need.id}/outcome?occurrence=${encodeURIComponent(sessionsPast[0])}`);
    expect(one.body).toMatchObject({ occurrence: sessionsPast[0], hours_per_volunteer: 1.5, participants: [{ application_id: a, came: true }] });
    for (const [i, helped] of [[0, 2], [1, 3]] as const) {
      const done = await api("camille", "POST", `/missions/${need.id}/outcomes`, { occurrence: sessionsPast[i], participants: [a], hours_per_volunteer: 1.5, people_helped: helped });
      expect(done.status, JSON.stringify(done.body)).toBe(201);
    }
    const stored = await db.selectFrom("needs").select(["status", "outcome"]).where("id", "=", need.id).executeTakeFirstOrThrow();
    // Still going on; its total is the sessions' sum.
    expect(stored.status).toBe("open");
    expect(JSON.parse(stored.outcome!)).toMatchObject({ volunteerHours: 3, peopleHelped: 5 });
    // A start that is no session of it is refused.
    expect((await api("camille", "POST", `/missions/${need.id}/outcomes`, { occurrence: new Date().toISOString(), participants: [a], hours_per_volunteer: 1, people_helped: 1 })).status).toBe(422);
    // Asked once for the need, not at each session.
    await drain();
    expect(mailsTo("nora@town.test").filter((m) => m.text?.includes("/surveys/"))).toHaveLength(1);
    // The need can still be edited while it goes on.
    expect((await api("camille", "PATCH", `/missions/${need.id}`, { title: "Atelier mémoire du mardi" })).status).toBe(200);
    const me = await page("nora", "/me");
    expect(me.html).toContain("Atelier mémoire du mardi\u00a0: 2 fois, 3 h");
  }, 60_000);
});
