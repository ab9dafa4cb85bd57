// Issue 13, point 5: the coordinators' actions from the web (with CSRF) and the API,
// what each announces, and one count of volunteers in the same words on the page, in
// the Note and in the API; a need that takes no more volunteers says why and hides the form.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../src/domain/accounts/users.ts";
import { applyWithAccount, decideApplication } from "../src/domain/needs/applications.ts";
import type { NeedCreate } from "../src/domain/needs/input.ts";
import { findNeed } from "../src/domain/needs/repository.ts";
import { createNeed } from "../src/domain/needs/service.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { apiAs, testInstance } from "./helpers/app.ts";
import { postLogin } from "./helpers/login.ts";

type App = Awaited<ReturnType<typeof testInstance>>;
type User = Awaited<ReturnType<typeof createUser>>;

const base: NeedCreate = {
  organization: "asso",
  title: "Visites du mardi",
  description: "Un moment de compagnie.",
  domains: ["personnes-agees"],
  safeguarding: false,
  skills: [],
  audience: [],
  language: "fr",
  place: { label: "Croix-Rousse", mode: "on_site", radius_km: 2, address: "12 rue des Tables-Claudiennes" },
  // Every Tuesday at 14:00 in Paris, from a Tuesday to come.
  schedule: { kind: "recurring", rrule: "FREQ=WEEKLY;BYDAY=TU", start: "2030-01-01T14:00:00+01:00", duration_minutes: 120 },
  volunteers_wanted: 4,
  visibility: "public",
  private_notes: "",
  beneficiary: "",
  status: "open",
};

describe("coordinators' actions and the one count", () => {
  let app: App;
  let coord: User;
  const citizens: User[] = [];
  let cookie = "";
  let api: ReturnType<typeof apiAs>;
  const page = (path: string, init: RequestInit = {}) =>
    app.http.request(`http://town.test${path}`, { ...init, headers: { Accept: "text/html", ...init.headers }, redirect: "manual" });
  const html = async (path: string, headers: Record<string, string> = {}) => (await page(path, { headers: { Cookie: cookie, ...headers } })).text();

  /** Posts a coordinator's form as the browser does, with the CSRF token of the page it is on. */
  async function post(from: string, action: string, fields: Record<string, string> = {}, csrf = true) {
    const token = /name="_csrf" value="([^"]+)"/.exec(await html(from))?.[1] ?? "";
    return page(action, {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...(csrf ? { _csrf: token } : {}), ...fields }).toString(),
    });
  }

  async function eventsAbout(needId: string) {
    const rows = await app.db.kysely.selectFrom("event_outbox").select("event").orderBy("id").execute();
    return rows.map((r) => JSON.parse(r.event)).filter((e) => e.needId === needId);
  }

  async function needWithVolunteers(input: Partial<NeedCreate>, accepted: number) {
    const need = await createNeed(app.db.kysely, app.contextData.events, coord, { ...base, ...input });
    for (const citizen of citizens.slice(0, accepted)) {
      const application = await applyWithAccount(app.db.kysely, app.contextData.events, citizen, need.id, "", "web");
      await decideApplication(app.db.kysely, app.contextData.events, coord, application.id, { status: "accepted" });
    }
    return need;
  }

  beforeAll(async () => {
    // Events stay in the outbox: the test reads what each action announced.
    app = await testInstance({ LOGIN_RATE_LIMIT: "1000", EVENT_DRAIN_DELAY_MS: "600000" });
    const db = app.db.kysely;
    coord = await createUser(db, { username: "coord", email: "c@town.test", password: "a long password" });
    for (const name of ["ana", "ben", "cleo", "dan"]) {
      citizens.push(await createUser(db, { username: name, email: `${name}@town.test`, password: "a long password" }));
    }
    await createOrganization(db, { handle: "asso", name: "Asso", coordinatorId: coord.id });
    const login = await postLogin(app.http.request, "http://town.test", { login: "coord", password: "a long password" });
    cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const token = await app.http.request("http://town.test/api/v1/tokens", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ login: "coord", password: "a long password" }),
    });
    api = apiAs(app, { coord: (await token.json()).token });
  });
  afterAll(async () => {
    await app.close();
  });

  it("says the count in the same words on the page, in the Note and in the API, in French and in English", async () => {
    for (const [language, words] of [
      ["fr", "2 bénévoles sur 4 — 2 places restantes"],
      ["en", "2 of 4 volunteers — 2 places left"],
    ] as const) {
      const need = await needWithVolunteers({ language }, 2);
      const web = await html(`/needs/${need.id}`, { Cookie: `lang=${language}` });
      const note = await (await app.http.request(`http://town.test/needs/${need.id}`, { headers: { Accept: "application/activity+json" } })).json();
      const json = (await api("", "GET", `/missions/${need.id}`)).body;
      expect([web.includes(`👥 ${words}`), note.content.includes(`👥 ${words}`), json.volunteers_text]).toEqual([true, true, words]);
    }
    // Singular and no place left, in both languages.
    const one = await needWithVolunteers({ volunteers_wanted: 1 }, 1);
    expect((await api("", "GET", `/missions/${one.id}`)).body).toMatchObject({
      volunteers_text: "1 bénévole sur 1 — plus de place",
      takes_volunteers: false,
      closed_reason: "filled",
      closed_text: "Cette mission a trouvé tous ses bénévoles — merci !",
    });
  });

  it("hides the form of a need that takes no more volunteers and says why, as the Note and the API do", async () => {
    const citizen = await postLogin(app.http.request, "http://town.test", { login: "dan", password: "a long password" });
    const dan = (citizen.headers.get("set-cookie") ?? "").split(";")[0]!;
    const full = await needWithVolunteers({ volunteers_wanted: 1 }, 1);
    const cancelled = await needWithVolunteers({}, 0);
    await api("coord", "POST", `/missions/${cancelled.id}/cancel`, { message: null });
    const late = await needWithVolunteers({ deadline: "2020-01-01" }, 0);
    const open = await needWithVolunteers({}, 0);
    const cases = [
      [full.id, "Cette mission a trouvé tous ses bénévoles — merci !", "filled"],
      [cancelled.id, "Mission annulée", "cancelled"],
      [late.id, "Les candidatures sont closes depuis le 1er janvier 2020", "deadline"],
      [open.id, null, null],
    ] as const;
    for (const [id, words, reason] of cases) {
      const web = await html(`/needs/${id}`, { Cookie: dan });
      const note = await (await app.http.request(`http://town.test/needs/${id}`, { headers: { Accept: "application/activity+json" } })).json();
      const json = (await api("", "GET", `/missions/${id}`)).body;
      expect({
        form: web.includes(`action="/needs/${id}/apply"`),
        page: words === null ? null : web.includes(words),
        note: words === null ? note.content.includes("✋") : note.content.includes(words),
        api: [json.closed_text, json.closed_reason, json.takes_volunteers],
      }).toEqual({ form: words === null, page: words === null ? null : true, note: true, api: [words, reason, words === null] });
    }
  });

  it("marks filled, reopens, cancels with a message, from the web with CSRF, and each announces it", async () => {
    const need = await needWithVolunteers({ schedule: { kind: "date", start: "2030-03-05T14:00:00+01:00" } }, 1);
    const inbox = `/coordinate/needs/${need.id}/applications`;
    // Without the token: refused, nothing changed.
    expect((await post(inbox, `/coordinate/needs/${need.id}/fill`, {}, false)).status).toBe(403);
    expect((await findNeed(app.db.kysely, need.id))?.status).toBe("open");

    const filled = await post(inbox, `/coordinate/needs/${need.id}/fill`);
    expect([filled.status, filled.headers.get("location")]).toEqual([303, `${inbox}?done=filled`]);
    expect((await findNeed(app.db.kysely, need.id))?.status).toBe("filled");
    expect(await html(`${inbox}?done=filled`)).toContain("La mission est marquée comme pourvue.");

    await post(inbox, `/coordinate/needs/${need.id}/reopen`);
    expect((await findNeed(app.db.kysely, need.id))?.status).toBe("open");

    const cancelled = await post(inbox, `/coordinate/needs/${need.id}/cancel`, { message: "La résidence est fermée cette semaine." });
    expect(cancelled.headers.get("location")).toBe(`${inbox}?done=cancelled`);
    expect((await findNeed(app.db.kysely, need.id))?.status).toBe("cancelled");
    const updates = (await eventsAbout(need.id)).filter((e) => e.type === "need.updated");
    expect(updates.at(-1)).toEqual({
      type: "need.updated",
      needId: need.id,
      organizationHandle: "asso",
      visibility: "public",
      notice: { kind: "cancelled", message: "La résidence est fermée cette semaine." },
    });
    // Filling and reopening announced the change too, with nothing for the volunteers to be told.
    expect(updates.slice(-3, -1).map((e) => e.notice)).toEqual([undefined, undefined]);

    // A cancelled need opens again while its date is to come.
    await post(inbox, `/coordinate/needs/${need.id}/reopen`);
    expect((await findNeed(app.db.kysely, need.id))?.status).toBe("open");
  });

  it("refuses to reopen a need whose dates are past, and says why on the page", async () => {
    const need = await needWithVolunteers({ schedule: { kind: "date", start: "2030-03-05T14:00:00+01:00" } }, 0);
    await api("coord", "POST", `/missions/${need.id}/cancel`, {});
    await app.db.kysely.updateTable("needs").set({ schedule: JSON.stringify({ kind: "date", start: "2020-03-05T13:00:00.000Z", end: null }), ends: "2020-03-05T13:00:00.000Z" }).where("id", "=", need.id).execute();
    const inbox = `/coordinate/needs/${need.id}/applications`;
    const refused = await post(inbox, `/coordinate/needs/${need.id}/reopen`);
    expect(refused.headers.get("location")).toBe(`${inbox}?error=need_schedule_past`);
    expect(await html(refused.headers.get("location")!)).toContain("Les dates de cette mission sont passées");
    expect((await api("coord", "PATCH", `/missions/${need.id}`, { status: "open" })).body).toMatchObject({ status: 409, code: "need_schedule_past" });
  });

  it("deletes only when confirmed", async () => {
    const need = await needWithVolunteers({}, 0);
    const inbox = `/coordinate/needs/${need.id}/applications`;
    const unconfirmed = await post(inbox, `/coordinate/needs/${need.id}/delete`);
    expect(unconfirmed.headers.get("location")).toContain("error=delete_unconfirmed");
    expect(await findNeed(app.db.kysely, need.id)).toBeDefined();
    const deleted = await post(inbox, `/coordinate/needs/${need.id}/delete`, { confirm: "yes" });
    expect(deleted.headers.get("location")).toBe("/coordinate?done=deleted");
    expect(await findNeed(app.db.kysely, need.id)).toBeUndefined();
    expect((await eventsAbout(need.id)).at(-1)).toMatchObject({ type: "need.deleted", needId: need.id });
    expect(await html("/coordinate?done=deleted")).toContain("La mission est supprimée.");
  });

  it("duplicates a need into a new draft opened in the form, published from there", async () => {
    const need = await needWithVolunteers({ title: "Atelier lecture", beneficiary: "Mme D.", beneficiary_consent: "2026-11-30" }, 2);
    const res = await post(`/coordinate/needs/${need.id}/applications`, `/coordinate/needs/${need.id}/duplicate`);
    const location = res.headers.get("location") ?? "";
    const copyId = /\/coordinate\/needs\/([^/]+)\/edit\?done=duplicated$/.exec(location)?.[1] ?? "";
    const copy = await findNeed(app.db.kysely, copyId);
    expect(copy).toMatchObject({ title: "Atelier lecture", beneficiary: "Mme D.", status: "draft", volunteersAccepted: 0, published: null });
    expect(await html(location)).toContain("Voici une copie de la mission, en brouillon");
    expect(await eventsAbout(copyId)).toEqual([]);
    // The draft's form offers to publish it.
    const form = await html(location);
    const token = /name="_csrf" value="([^"]+)"/.exec(form)?.[1] ?? "";
    const fields = Object.fromEntries([...form.matchAll(/<input id="([^"]+)" name="([^"]+)" type="(?:text|number|date|datetime-local|time)" value="([^"]*)"/g)].map((m) => [m[2]!, m[3]!.replace(/&amp;/g, "&")]));
    const body = new URLSearchParams({
      _csrf: token, ...fields, title: "Atelier lecture", description: "Lire ensemble.", domains: "personnes-agees", place_mode: "on_site",
      schedule_kind: "recurring", visibility: "public", status: "open", language: "fr", private_notes: "", beneficiary: "Mme D.",
    });
    // The days ticked again from the copy's rule (FREQ=WEEKLY;BYDAY=TU).
    for (const m of form.matchAll(/<input type="checkbox" name="weekdays" value="(\w\w)" checked=""\/>/g)) body.append("weekdays", m[1]!);
    expect(body.getAll("weekdays")).toEqual(["TU"]);
    const saved = await page(`/coordinate/needs/${copyId}/edit`, { method: "POST", headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" }, body: body.toString() });
    expect(saved.status).toBe(303);
    expect((await findNeed(app.db.kysely, copyId))?.status).toBe("open");
    expect((await eventsAbout(copyId)).map((e) => e.type)).toEqual(["need.published"]);
    // The API duplicates too.
    const again = await api("coord", "POST", `/missions/${need.id}/duplicate`);
    expect([again.status, again.body.status, again.body.volunteers_accepted]).toEqual([201, "draft", 0]);
  });

  it("cancels one session of a weekly need: the next ones stay on the page, in the calendar and the Note", async () => {
    const need = await needWithVolunteers({}, 1);
    const inbox = `/coordinate/needs/${need.id}/applications`;
    const form = await html(inbox);
    // Both choices, in plain words.
    expect(form).toContain("Annuler cette séance seulement");
    expect(form).toContain("Terminer toute la mission (toutes les séances à venir)");
    // The sessions offered are the Tuesdays to come: 8 January 2030 is the second.
    expect(form).toContain('<option value="2030-01-08T13:00:00.000Z">mardi 8 janvier 2030, 14:00</option>');
    const res = await post(inbox, `/coordinate/needs/${need.id}/occurrences/cancel`, { occurrence: "2030-01-08T13:00:00.000Z", message: "Jour férié local." });
    expect(res.headers.get("location")).toBe(`${inbox}?done=occurrence&occurrence=2030-01-08T13%3A00%3A00.000Z`);
    expect(await html(res.headers.get("location")!)).toContain("La séance du mardi 8 janvier 2030, 14:00 est annulée");
    expect((await findNeed(app.db.kysely, need.id))?.status).toBe("open");
    expect((await eventsAbout(need.id)).at(-1)).toEqual({
      type: "need.updated",
      needId: need.id,
      organizationHandle: "asso",
      visibility: "public",
      notice: { kind: "occurrence-cancelled", message: "Jour férié local.", occurrence: "2030-01-08T13:00:00.000Z" },
    });
    const web = await html(`/needs/${need.id}`);
    expect(web).toContain("chaque mardi, 14:00–16:00, à partir du 1er janvier 2030, sauf le 8 janvier 2030");
    expect(web).toContain("👥 1 bénévole sur 4 — 3 places restantes");
    const ics = await (await app.http.request(`http://town.test/needs/${need.id}/calendar.ics`)).text();
    expect(ics).toContain("RRULE:FREQ=WEEKLY;BYDAY=TU");
    expect(ics).toContain("EXDATE:20300108T130000Z");
    const note = await (await app.http.request(`http://town.test/needs/${need.id}`, { headers: { Accept: "application/activity+json" } })).json();
    expect(note.content).toContain("sauf le 8 janvier 2030");
    // The next session is still offered; the one cancelled is not, and cancelling it again is refused.
    const after = await html(inbox);
    expect([after.includes('value="2030-01-15T13:00:00.000Z"'), after.includes('<option value="2030-01-08T13:00:00.000Z"')]).toEqual([true, false]);
    const twice = await api("coord", "POST", `/missions/${need.id}/cancelled-occurrences`, { occurrence: "2030-01-08T14:00:00+01:00" });
    expect([twice.status, twice.body.code]).toEqual([422, "occurrence_unknown"]);
    const notOne = await api("coord", "POST", `/missions/${need.id}/cancelled-occurrences`, { occurrence: "2030-01-09T14:00:00+01:00" });
    expect(notOne.body.code).toBe("occurrence_unknown");
    const next = await api("coord", "POST", `/missions/${need.id}/cancelled-occurrences`, { occurrence: "2030-01-15T14:00:00+01:00", message: null });
    expect(next.body.schedule.exdates).toEqual(["2030-01-08T13:00:00.000Z", "2030-01-15T13:00:00.000Z"]);
    // Editing the need with the same rule keeps the cancelled sessions.
    await api("coord", "PATCH", `/missions/${need.id}`, { title: "Visites du mardi (après-midi)", schedule: base.schedule });
    expect((await api("", "GET", `/missions/${need.id}`)).body.schedule.exdates).toHaveLength(2);
  });

  it("lets the API cancel with a message, and refuses a request without credentials", async () => {
    const need = await needWithVolunteers({}, 0);
    const res = await api("coord", "POST", `/missions/${need.id}/cancel`, { message: "Plus de salle." });
    expect([res.status, res.body.status, res.body.closed_text]).toEqual([200, "cancelled", "Mission annulée"]);
    expect((await eventsAbout(need.id)).at(-1)?.notice).toEqual({ kind: "cancelled", message: "Plus de salle." });
    expect((await api("", "POST", `/missions/${need.id}/cancel`, {})).status).toBe(401);
    // Cancelled by a change of status, the volunteers are told too, without a message.
    const other = await needWithVolunteers({}, 0);
    await api("coord", "PATCH", `/missions/${other.id}`, { status: "cancelled" });
    expect((await eventsAbout(other.id)).at(-1)?.notice).toEqual({ kind: "cancelled", message: null });
  });

  it("tells the accepted volunteers when or where a need changes, and not for another edit", async () => {
    const need = await needWithVolunteers({}, 1);
    await api("coord", "PATCH", `/missions/${need.id}`, { title: "Visites du mardi après-midi" });
    expect((await eventsAbout(need.id)).at(-1)?.notice).toBeUndefined();
    // The same instant written otherwise is no change.
    await api("coord", "PATCH", `/missions/${need.id}`, { schedule: { ...base.schedule, start: "2030-01-01T13:00:00Z" } });
    expect((await eventsAbout(need.id)).at(-1)?.notice).toBeUndefined();
    await api("coord", "PATCH", `/missions/${need.id}`, { schedule: { ...base.schedule, start: "2030-01-01T15:00:00+01:00" } });
    expect((await eventsAbout(need.id)).at(-1)?.notice).toEqual({ kind: "changed", message: null });
    await api("coord", "PATCH", `/missions/${need.id}`, { place: { ...base.place, address: "14 rue des Tables-Claudiennes" } });
    expect((await eventsAbout(need.id)).at(-1)?.notice).toEqual({ kind: "changed", message: null });
  });
});
