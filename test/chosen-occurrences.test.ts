// Issue 16: a volunteer answers a recurring need for chosen occurrences (the need page's
// checkboxes, the API's `occurrences`), checked against the rule; the coordinators see
// who comes on which date, on the need's coordination page and in their CSV export; the
// dates are in the volunteer's export and leave with her erasure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueToken, loadTokenKeys } from "../src/domain/accounts/tokens.ts";
import { createUser } from "../src/domain/accounts/users.ts";
import { cancelOccurrence } from "../src/domain/needs/actions.ts";
import { applyWithAccount, decideApplication } from "../src/domain/needs/applications.ts";
import type { NeedCreate } from "../src/domain/needs/input.ts";
import { upcomingOccurrences } from "../src/domain/needs/occurrences.ts";
import { createNeed } from "../src/domain/needs/service.ts";
import { runScheduled } from "../src/domain/notifications/scheduler.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { exportPersonalData } from "../src/domain/privacy/export.ts";
import { eraseAccount } from "../src/domain/privacy/erase.ts";
import { apiAs, testInstance } from "./helpers/app.ts";
import { postLogin } from "./helpers/login.ts";

const base: NeedCreate = {
  organization: "asso",
  title: "Atelier du mardi",
  description: "Lecture à voix haute.",
  domains: ["culture-loisirs"],
  skills: [],
  audience: [],
  language: "fr",
  place: { label: "Croix-Rousse", mode: "on_site", radius_km: 2 },
  // Every Tuesday at 14:00 in Paris, since November 2026 (so some are past).
  schedule: { kind: "recurring", rrule: "FREQ=WEEKLY;BYDAY=TU", start: "2026-11-03T14:00:00+01:00", duration_minutes: 90 },
  volunteers_wanted: 4,
  visibility: "public",
  private_notes: "",
  beneficiary: "",
  status: "open",
};

describe("answering a recurring need for chosen occurrences", () => {
  let app: Awaited<ReturnType<typeof testInstance>>;
  let api: ReturnType<typeof apiAs>;
  let needId = "";
  let oneOffId = "";
  let coordCookie = "";
  let upcoming: string[] = [];
  const users: Record<string, Awaited<ReturnType<typeof createUser>>> = {};
  const page = (path: string, init: RequestInit = {}) =>
    app.http.request(`http://town.test${path}`, { ...init, headers: { Accept: "text/html", ...init.headers }, redirect: "manual" });

  beforeAll(async () => {
    app = await testInstance({ LOGIN_RATE_LIMIT: "1000" });
    const db = app.db.kysely;
    for (const name of ["coord", "ana", "ben", "cleo", "dan"]) {
      users[name] = await createUser(db, { username: name, email: `${name}@town.test`, password: "a long password" });
    }
    await createOrganization(db, { handle: "asso", name: "Asso", coordinatorId: users.coord!.id });
    needId = (await createNeed(db, app.contextData.events, users.coord!, base)).id;
    oneOffId = (await createNeed(db, app.contextData.events, users.coord!, { ...base, title: "Une fois", schedule: { kind: "date", start: "2030-01-01T10:00:00+01:00" } })).id;
    const keys = await loadTokenKeys(db, app.config.publicUrl.origin);
    const tokens: Record<string, string> = {};
    for (const name of ["ana", "ben", "dan"]) tokens[name] = (await issueToken(db, keys, users[name]!.id)).token;
    api = apiAs(app, tokens);
    // The next Tuesdays from today, and one of them cancelled by the coordinators.
    upcoming = upcomingOccurrences({ kind: "recurring", rrule: "FREQ=WEEKLY;BYDAY=TU", start: "2026-11-03T14:00:00+01:00", durationMinutes: 90 }, new Date().toISOString(), 4);
    await cancelOccurrence(db, app.contextData.events, users.coord!, needId, upcoming[3]!, null);
    coordCookie = ((await postLogin(app.http.request, "http://town.test", { login: "coord", password: "a long password" })).headers.get("set-cookie") ?? "").split(";")[0]!;
  });
  afterAll(async () => {
    await app.close();
  });

  it("takes the dates a volunteer chose through the API, each an upcoming occurrence of the rule", async () => {
    // Written in Paris time, as a person would: the same instants as the rule's.
    const paris = (iso: string) => new Date(Date.parse(iso) + 3_600_000).toISOString().replace(".000Z", "+01:00");
    const res = await api("ana", "POST", `/missions/${needId}/applications`, { message: "", occurrences: [paris(upcoming[1]!), upcoming[0]!, upcoming[0]!] });
    expect(res.status).toBe(201);
    expect(res.body.occurrences).toEqual([upcoming[0], upcoming[1]]);
    const rows = await app.db.kysely.selectFrom("application_occurrences").select("occurrence").where("application_id", "=", res.body.id).orderBy("occurrence").execute();
    expect(rows.map((r) => r.occurrence)).toEqual([upcoming[0], upcoming[1]]);
    const mine = await api("ana", "GET", "/me/applications");
    expect(mine.body.map((x: { occurrences: string[] }) => x.occurrences)).toEqual([[upcoming[0], upcoming[1]]]);
  });

  it("refuses, as problem+json and storing nothing, a cancelled, a past, a made-up date, and dates for a need that does not recur", async () => {
    const refused = [
      [needId, upcoming[3]!], // cancelled by the coordinators
      [needId, "2026-11-10T13:00:00.000Z"], // a Tuesday of the rule, past
      [needId, new Date(Date.parse(upcoming[0]!) + 86_400_000).toISOString()], // a Wednesday: not in the rule
      [needId, "not a date"],
      [oneOffId, "2030-01-01T09:00:00.000Z"],
    ] as const;
    for (const [id, date] of refused) {
      const res = await api("ben", "POST", `/missions/${id}/applications`, { occurrences: [upcoming[0]!, date].filter((d) => id === needId || d === date) });
      expect([date, res.status, res.type]).toEqual([date, 422, "application/problem+json"]);
    }
    const ben = await app.db.kysely.selectFrom("applications").select("id").where("user_id", "=", users.ben!.id).execute();
    expect(ben).toEqual([]);
    // Without dates: every occurrence, as before.
    const all = await api("ben", "POST", `/missions/${needId}/applications`, { message: "Toutes" });
    expect([all.status, all.body.occurrences]).toEqual([201, []]);
  });

  it("offers the next occurrences as checkboxes on the need page, and takes those ticked", async () => {
    const login = await postLogin(app.http.request, "http://town.test", { login: "cleo", password: "a long password" });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const html = await (await page(`/needs/${needId}`, { headers: { Cookie: cookie } })).text();
    const offered = [...html.matchAll(/name="occurrences" type="checkbox" value="([^"]+)"/g)].map((m) => m[1]);
    expect(offered.slice(0, 3)).toEqual(upcoming.slice(0, 3));
    expect(offered).not.toContain(upcoming[3]);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
    const body = new URLSearchParams({ _csrf: csrf, message: "" });
    body.append("occurrences", upcoming[1]!);
    body.append("occurrences", upcoming[2]!);
    const res = await page(`/needs/${needId}/apply`, { method: "POST", headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" }, body: body.toString() });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("done=applied");
    const application = await app.db.kysely.selectFrom("applications").select("id").where("user_id", "=", users.cleo!.id).executeTakeFirstOrThrow();
    const rows = await app.db.kysely.selectFrom("application_occurrences").select("occurrence").where("application_id", "=", application.id).orderBy("occurrence").execute();
    expect(rows.map((r) => r.occurrence)).toEqual([upcoming[1], upcoming[2]]);
    // A cancelled date sent anyway is refused with the page's words.
    const login2 = await postLogin(app.http.request, "http://town.test", { login: "dan", password: "a long password" });
    const danCookie = (login2.headers.get("set-cookie") ?? "").split(";")[0]!;
    const danCsrf = /name="_csrf" value="([^"]+)"/.exec(await (await page(`/needs/${needId}`, { headers: { Cookie: danCookie } })).text())?.[1] ?? "";
    const bad = await page(`/needs/${needId}/apply`, {
      method: "POST",
      headers: { Cookie: danCookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: danCsrf, occurrences: upcoming[3]! }).toString(),
    });
    expect(bad.headers.get("location")).toBe(`/needs/${needId}?error=occurrence_unknown`);
  });

  it("shows the coordinators who comes on which date, accepted and pending, and puts the dates in their CSV", async () => {
    const db = app.db.kysely;
    const ana = await db.selectFrom("applications").select("id").where("user_id", "=", users.ana!.id).executeTakeFirstOrThrow();
    await decideApplication(db, app.contextData.events, users.coord!, ana.id, { status: "accepted" });
    const html = await (await page(`/coordinate/needs/${needId}/applications`, { headers: { Cookie: coordCookie } })).text();
    expect(html).toContain("Qui vient à quelle date");
    const rows = [...html.matchAll(/<tr><th scope="row"><time datetime="([^"]+)">[^<]*<\/time><\/th><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => [m[1], m[2], m[3]]);
    // Ana (accepted) on the first two; Ben (all dates) pending on each; Cléo (pending) on the second and third; nobody on the cancelled one.
    expect(rows.slice(0, 3)).toEqual([
      [upcoming[0], "ana (@ana)", "ben (@ben)"],
      [upcoming[1], "ana (@ana)", "ben (@ben), cleo (@cleo)"],
      [upcoming[2], "Personne", "ben (@ben), cleo (@cleo)"],
    ]);
    expect(rows.map((r) => r[0])).not.toContain(upcoming[3]);
    const csv = await (await page("/coordinate/organizations/asso/export/applications.csv", { headers: { Cookie: coordCookie } })).text();
    const [header, ...lines] = csv.trim().split("\r\n");
    expect(header!.split(",").at(-1)).toBe("occurrences");
    const anaLine = lines.find((l) => l.startsWith(ana.id))!;
    expect(anaLine.split(",").at(-1)).toBe(`${upcoming[0]} ${upcoming[1]}`);
  });

  it("reminds an accepted volunteer the day before the dates she chose only; one who chose none, before each", async () => {
    const db = app.db.kysely;
    const ben = await db.selectFrom("applications").select("id").where("user_id", "=", users.ben!.id).executeTakeFirstOrThrow();
    await decideApplication(db, app.contextData.events, users.coord!, ben.id, { status: "accepted" });
    const remindedAt = async (occurrence: string) => {
      await runScheduled(db, app.contextData.events, () => Date.parse(occurrence) - 12 * 3_600_000);
      const keys = await db.selectFrom("scheduled_sends").select("key").where("key", "like", `reminder:%:${occurrence}`).execute();
      return keys.map((k) => k.key.split(":")[1]).sort();
    };
    const ana = await db.selectFrom("applications").select("id").where("user_id", "=", users.ana!.id).executeTakeFirstOrThrow();
    // Ana chose the first two dates, Ben none (all of them).
    expect(await remindedAt(upcoming[1]!)).toEqual([ana.id, ben.id].sort());
    expect(await remindedAt(upcoming[2]!)).toEqual([ben.id]);
  });

  it("tells of a cancelled session those who come to it, not who chose other dates", async () => {
    const db = app.db.kysely;
    await cancelOccurrence(db, app.contextData.events, users.coord!, needId, upcoming[2]!, "Salle fermée");
    const told = async () =>
      (await db.selectFrom("notifications").select("user_id").where("type", "=", "need.cancelled").where("need_id", "=", needId).execute()).map((n) => n.user_id);
    for (let i = 0; i < 100 && (await told()).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    // Ben comes to every date; Ana chose the first two only.
    expect(await told()).toEqual([users.ben!.id]);
  });

  it("gives the volunteer her dates in her export, and removes them with her erasure", async () => {
    const db = app.db.kysely;
    const exported = await exportPersonalData(db, users.cleo!.id);
    expect(exported!.applications.map((a) => a.occurrences)).toEqual([[upcoming[1], upcoming[2]]]);
    const application = await db.selectFrom("applications").select("id").where("user_id", "=", users.cleo!.id).executeTakeFirstOrThrow();
    await eraseAccount(db, app.contextData.events, users.cleo!.id, { by: "self", password: "a long password" });
    expect(await db.selectFrom("application_occurrences").selectAll().where("application_id", "=", application.id).execute()).toEqual([]);
  });

  it("stores nothing for a direct call with a need that does not recur either", async () => {
    await expect(applyWithAccount(app.db.kysely, app.contextData.events, users.dan!, oneOffId, "", "api", undefined, { occurrences: ["2030-01-01T09:00:00.000Z"] })).rejects.toMatchObject({
      code: "occurrence_unknown",
    });
  });
});
