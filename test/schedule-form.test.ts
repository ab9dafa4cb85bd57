// The need form's "Quand ?" without JavaScript (issue 16): four choices, "Continuer"
// shows the chosen one's fields, every week writes its RRULE on the server, and an
// edited weekly need gets its days ticked again. The API still takes a raw RRULE.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../src/domain/accounts/sessions.ts";
import { issueToken, loadTokenKeys } from "../src/domain/accounts/tokens.ts";
import { createUser } from "../src/domain/accounts/users.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import type { Instance } from "../src/main.ts";
import { apiAs, testInstance } from "./helpers/app.ts";

describe("the schedule form", () => {
  let app: Instance;
  let api: ReturnType<typeof apiAs>;
  let session: { cookie: string; csrf: string };
  const base = {
    organization: "asso",
    title: "Atelier d'écriture",
    description: "",
    domains: "culture-loisirs",
    place_label: "Vaise",
    place_mode: "on_site",
    latitude: "45.77",
    longitude: "4.80",
    volunteers_wanted: "2",
    language: "fr",
    status: "open",
  };
  const post = (path: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams({ _csrf: session.csrf });
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
    return app.http.request(`http://town.test${path}`, {
      method: "POST",
      headers: { Cookie: session.cookie, "Content-Type": "application/x-www-form-urlencoded", Accept: "text/html", "Accept-Language": "fr" },
      body,
      redirect: "manual",
    });
  };
  const latest = () => app.db.kysely.selectFrom("needs").select(["id", "schedule"]).orderBy("created", "desc").orderBy("id", "desc").executeTakeFirstOrThrow();
  /** The kinds whose fields are shown (not `hidden`). */
  const shown = (html: string) => [...html.matchAll(/<div data-schedule-fields="(\w+)"( hidden="")?>/g)].filter((m) => !m[2]).map((m) => m[1]);

  beforeAll(async () => {
    app = await testInstance({ LOGIN_RATE_LIMIT: "1000" });
    const db = app.db.kysely;
    const coord = await createUser(db, { username: "coord", email: "coord@town.test", password: "a long password", role: "admin" });
    await createOrganization(db, { handle: "asso", name: "Asso", coordinatorId: coord.id });
    api = apiAs(app, { coord: (await issueToken(db, await loadTokenKeys(db, app.config.publicUrl.origin), coord.id)).token });
    const made = await createSession(db, coord.id);
    session = { cookie: `entraide_session=${made.secret}`, csrf: made.csrf };
  });
  afterAll(async () => {
    await app.close();
  });

  it("asks 'Quand ?' with four choices, and shows only the chosen one's fields", async () => {
    const form = await (await app.http.request("http://town.test/coordinate/needs/new", { headers: { Cookie: session.cookie, Accept: "text/html", "Accept-Language": "fr" } })).text();
    expect(form).toContain("<legend>Quand ?</legend>");
    for (const label of ["Une fois", "Sur une période", "Chaque semaine", "Quand vous voulez"]) expect(form).toContain(` ${label}</label>`);
    expect(shown(form)).toEqual(["date"]);
    expect(form).toContain('<button type="submit" name="action" value="schedule" class="secondary" data-schedule-continue="true" formnovalidate="">Continuer</button>');
    // Without JavaScript: "Continuer" after ticking "Chaque semaine" shows the weekly fields, keeps what was typed, saves nothing.
    const before = (await app.db.kysely.selectFrom("needs").select("id").execute()).length;
    const next = await post("/coordinate/needs/new", { ...base, schedule_kind: "recurring", action: "schedule" });
    expect(next.status).toBe(200);
    const html = await next.text();
    expect(shown(html)).toEqual(["recurring"]);
    expect(html).toContain('value="Atelier d&#39;écriture"');
    for (const day of ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]) expect(html).toContain(` ${day}</label>`);
    expect(html).not.toContain('class="error"');
    expect((await app.db.kysely.selectFrom("needs").select("id").execute()).length).toBe(before);
  });

  it("writes the RRULE of the days ticked, from the first of them on or after the first day, until the last day", async () => {
    const res = await post("/coordinate/needs/new", {
      ...base,
      schedule_kind: "recurring",
      weekdays: ["TH", "MO"],
      weekly_time: "14:30",
      duration_minutes: "90",
      weekly_from: "2027-01-06",
      weekly_until: "2027-03-31",
      action: "save",
    });
    expect(res.status).toBe(303);
    const schedule = JSON.parse((await latest()).schedule);
    // 2027-01-06 is a Wednesday: the first slot is Thursday the 7th, 14:30 in Paris (13:30 UTC).
    expect(schedule).toMatchObject({ kind: "recurring", rrule: "FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20270331T235959Z", durationMinutes: 90 });
    expect(new Date(schedule.start).toISOString()).toBe("2027-01-07T13:30:00.000Z");
    const open = await post("/coordinate/needs/new", { ...base, schedule_kind: "recurring", weekdays: "SA", weekly_time: "10:00", duration_minutes: "60", weekly_from: "2027-01-09", action: "save" });
    expect(open.status).toBe(303);
    expect(JSON.parse((await latest()).schedule).rrule).toBe("FREQ=WEEKLY;BYDAY=SA");
  });

  it("refuses a week with no day ticked, saying so next to the days", async () => {
    const res = await post("/coordinate/needs/new", { ...base, schedule_kind: "recurring", weekly_time: "10:00", duration_minutes: "60", weekly_from: "2027-01-09", action: "save" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<p class="error" id="weekdays-error">Cochez au moins un jour.</p>');
    expect(shown(html)).toEqual(["recurring"]);
  });

  it("once, over a period and whenever, from their own fields", async () => {
    await post("/coordinate/needs/new", { ...base, schedule_kind: "date", start: "2027-02-01T09:00", end: "2027-02-01T12:00", action: "save" });
    expect(JSON.parse((await latest()).schedule)).toEqual({ kind: "date", start: "2027-02-01T09:00:00+01:00", end: "2027-02-01T12:00:00+01:00" });
    await post("/coordinate/needs/new", { ...base, schedule_kind: "range", range_start: "2027-02-01", range_end: "2027-02-14", action: "save" });
    expect(JSON.parse((await latest()).schedule)).toEqual({ kind: "range", start: "2027-02-01", end: "2027-02-14" });
    await post("/coordinate/needs/new", { ...base, schedule_kind: "flexible", start: "2027-02-01T09:00", action: "save" });
    expect(JSON.parse((await latest()).schedule)).toEqual({ kind: "flexible" });
  });

  it("ticks the days of a weekly need again when it is edited; a rule the days cannot say stays as typed", async () => {
    const weekly = await api("coord", "POST", "/missions", {
      organization: "asso",
      title: "Permanence",
      domains: ["culture-loisirs"],
      place: { label: "Vaise" },
      schedule: { kind: "recurring", rrule: "FREQ=WEEKLY;BYDAY=TU,FR;UNTIL=20270630T235959Z", start: "2027-01-05T17:00:00+01:00", duration_minutes: 120 },
    });
    expect(weekly.status).toBe(201);
    const edit = await (await app.http.request(`http://town.test/coordinate/needs/${weekly.body.id}/edit`, { headers: { Cookie: session.cookie, Accept: "text/html", "Accept-Language": "fr" } })).text();
    expect(shown(edit)).toEqual(["recurring"]);
    const ticked = [...edit.matchAll(/<input type="checkbox" name="weekdays" value="(\w\w)"( checked="")?\/>/g)].filter((m) => m[2]).map((m) => m[1]);
    expect(ticked).toEqual(["TU", "FR"]);
    expect(edit).toContain('<input id="weekly_time" name="weekly_time" type="time" value="17:00"');
    expect(edit).toContain('<input id="weekly_from" name="weekly_from" type="date" value="2027-01-05"');
    expect(edit).toContain('<input id="weekly_until" name="weekly_until" type="date" value="2027-06-30"');
    expect(edit).not.toContain('name="rrule"');
    // Saved again as it is, the rule is the same.
    const saved = await post(`/coordinate/needs/${weekly.body.id}/edit`, {
      ...base,
      title: "Permanence",
      schedule_kind: "recurring",
      weekdays: ["TU", "FR"],
      weekly_time: "17:00",
      duration_minutes: "120",
      weekly_from: "2027-01-05",
      weekly_until: "2027-06-30",
      action: "save",
    });
    expect(saved.status).toBe(303);
    const again = (await api("coord", "GET", `/missions/${weekly.body.id}`)).body.schedule;
    expect([again.rrule, new Date(again.start).toISOString()]).toEqual(["FREQ=WEEKLY;BYDAY=TU,FR;UNTIL=20270630T235959Z", "2027-01-05T16:00:00.000Z"]);

    const monthly = await api("coord", "POST", "/missions", {
      organization: "asso",
      title: "Réunion mensuelle",
      domains: ["culture-loisirs"],
      place: { label: "Vaise" },
      schedule: { kind: "recurring", rrule: "FREQ=MONTHLY;BYDAY=1TH", start: "2027-01-07T18:00:00+01:00", duration_minutes: 60 },
    });
    expect(monthly.status).toBe(201);
    const other = await (await app.http.request(`http://town.test/coordinate/needs/${monthly.body.id}/edit`, { headers: { Cookie: session.cookie, Accept: "text/html", "Accept-Language": "fr" } })).text();
    expect(other).toContain('<input id="rrule" name="rrule" type="text" value="FREQ=MONTHLY;BYDAY=1TH"');
  });
});
