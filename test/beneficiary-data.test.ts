// What is recorded about a person helped: only with their agreement (or their
// representative's), dated by the coordinator; and each read of it leaves a trace.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../src/domain/accounts/sessions.ts";
import { issueToken, loadTokenKeys } from "../src/domain/accounts/tokens.ts";
import { createUser } from "../src/domain/accounts/users.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import type { Instance } from "../src/main.ts";
import { apiAs, testInstance } from "./helpers/app.ts";

describe("the agreement of the person helped", () => {
  let app: Instance;
  let api: ReturnType<typeof apiAs>;
  let session: { cookie: string; csrf: string };
  const need = (extra: Record<string, unknown>) => ({
    organization: "asso",
    title: "Visites à Mme L.",
    domains: ["personnes-agees"],
    place: { label: "Vaise" },
    schedule: { kind: "flexible" },
    ...extra,
  });

  beforeAll(async () => {
    app = await testInstance({ LOGIN_RATE_LIMIT: "1000" });
    const coord = await createUser(app.db.kysely, { username: "coord", email: "coord@town.test", password: "a long password", role: "admin" });
    await createOrganization(app.db.kysely, { handle: "asso", name: "Asso", coordinatorId: coord.id });
    api = apiAs(app, { coord: (await issueToken(app.db.kysely, await loadTokenKeys(app.db.kysely, app.config.publicUrl.origin), coord.id)).token });
    const made = await createSession(app.db.kysely, coord.id);
    session = { cookie: `entraide_session=${made.secret}`, csrf: made.csrf };
  });
  afterAll(async () => {
    await app.close();
  });

  it("is required, and dated, whenever details about the person are written, on the API", async () => {
    const without = await api("coord", "POST", "/missions", need({ beneficiary: "Mme L., 91 ans" }));
    expect([without.status, without.body.code, without.body.errors?.[0]?.field]).toEqual([422, "beneficiary_consent_required", "beneficiary_consent"]);
    const future = await api("coord", "POST", "/missions", need({ beneficiary: "Mme L., 91 ans", beneficiary_consent: "2999-01-01" }));
    expect([future.status, future.body.code]).toEqual([422, "beneficiary_consent_future"]);
    const none = await api("coord", "POST", "/missions", need({}));
    expect([none.status, none.body.beneficiary_consent]).toEqual([201, null]);
    const made = await api("coord", "POST", "/missions", need({ beneficiary: "Mme L., 91 ans", beneficiary_consent: "2026-11-28" }));
    expect([made.status, made.body.beneficiary_consent]).toEqual([201, "2026-11-28"]);
    // Taking the agreement away while the details stay is refused too.
    const removed = await api("coord", "PATCH", `/missions/${made.body.id}`, { beneficiary_consent: null });
    expect([removed.status, removed.body.code]).toEqual([422, "beneficiary_consent_required"]);
    const cleared = await api("coord", "PATCH", `/missions/${made.body.id}`, { beneficiary: "", beneficiary_consent: null });
    expect(cleared.status).toBe(200);
  });

  it("is asked next to the details in the need form, in words", async () => {
    const form = await app.http.request("http://town.test/coordinate/needs/new", { headers: { Cookie: session.cookie, Accept: "text/html", "Accept-Language": "fr" } });
    const html = await form.text();
    expect(html).toMatch(/<input id="beneficiary_consent" name="beneficiary_consent" type="date"/);
    expect(html).toContain("le jour où elle (ou son représentant) a accepté que ces informations soient notées");
    // Each hint is the field's description; the description's says, in words, how to format it.
    expect(html).toMatch(/<input id="beneficiary_consent" name="beneficiary_consent" type="date" value="" aria-describedby="beneficiary_consent-hint"/);
    expect(html).toMatch(/<p class="hint" id="description-hint">Mise en forme possible\u00a0: \*\*gras\*\*/);
    expect(html).toMatch(/<textarea id="description" name="description" rows="6" aria-describedby="description-hint">/);
    expect(html).not.toContain("Markdown");
    const res = await app.http.request("http://town.test/coordinate/needs/new", {
      method: "POST",
      headers: { Cookie: session.cookie, "Content-Type": "application/x-www-form-urlencoded", Accept: "text/html", "Accept-Language": "fr" },
      body: new URLSearchParams({
        _csrf: session.csrf,
        organization: "asso",
        title: "Courses pour M. R.",
        description: "",
        domains: "personnes-agees",
        place_label: "Vaise",
        place_mode: "on_site",
        schedule_kind: "flexible",
        volunteers_wanted: "1",
        language: "fr",
        status: "open",
        beneficiary: "M. R., ne sort plus",
        beneficiary_consent: "",
      }),
    });
    expect(res.status).toBe(422);
    const refused = await res.text();
    expect(refused).toContain("Indiquez le jour où la personne aidée (ou son représentant) a accepté que ces informations soient notées.");
    // The field keeps its hint next to its error.
    expect(refused).toMatch(/id="beneficiary_consent"[^>]*aria-invalid="true" aria-describedby="beneficiary_consent-hint beneficiary_consent-error"/);
  });

  it("leaves a trace of each read of the person's details by a coordinator: who, when, which need, through what", async () => {
    const db = app.db.kysely;
    const reads = () => db.selectFrom("audit_log").select(["action", "target", "details", "moderator_id"]).where("action", "=", "need.sensitive_read").execute();
    const before = (await reads()).length;
    const secret = await api("coord", "POST", "/missions", need({ beneficiary: "Mme P., 89 ans", beneficiary_consent: "2026-11-29", private_notes: "digicode 4321" }));
    const plain = await api("coord", "POST", "/missions", need({}));
    // Writing it leaves none; reading it does, once per read, and reading a need with nothing private leaves none.
    expect((await reads()).length).toBe(before);
    expect((await api("coord", "GET", `/missions/${secret.body.id}`)).body.beneficiary).toBe("Mme P., 89 ans");
    expect((await api("coord", "GET", `/missions/${plain.body.id}`)).status).toBe(200);
    const form = await app.http.request(`http://town.test/coordinate/needs/${secret.body.id}/edit`, { headers: { Cookie: session.cookie, Accept: "text/html" } });
    expect(await form.text()).toContain("Mme P., 89 ans");
    const logged = (await reads()).slice(before);
    expect(logged.map((r) => [r.target, JSON.parse(r.details).via])).toEqual([
      [secret.body.id, "api"],
      [secret.body.id, "form"],
    ]);
    const coord = await db.selectFrom("users").select("id").where("email", "=", "coord@town.test").executeTakeFirstOrThrow();
    expect(logged.every((r) => r.moderator_id === coord.id)).toBe(true);
    // A visitor reading its public view leaves none.
    expect((await app.http.request(`http://town.test/api/v1/missions/${secret.body.id}`)).status).toBe(200);
    expect((await reads()).length).toBe(before + 2);
    // The administrators' log shows them.
    const log = await app.http.request("http://town.test/admin/moderation", { headers: { Cookie: session.cookie, Accept: "text/html", "Accept-Language": "fr" } });
    expect(await log.text()).toContain("Données sensibles d&#39;une mission consultées");
  });

  it("gives a coordinator the organisation's needs and applications as CSV, recorded, safe to open in a spreadsheet", async () => {
    const db = app.db.kysely;
    const secret = await api("coord", "POST", "/missions", need({ title: "Export", beneficiary: "Mme E., 90 ans", beneficiary_consent: "2026-11-30", visibility: "public" }));
    const citizen = await createUser(db, { username: "eve", email: "eve@town.test", password: "a long password" });
    const as = apiAs(app, { eve: (await issueToken(db, await loadTokenKeys(db, app.config.publicUrl.origin), citizen.id)).token });
    expect((await as("eve", "POST", `/missions/${secret.body.id}/applications`, { message: "=HYPERLINK(\"http://evil.test\")", share_email: true })).status).toBe(201);
    const get = (file: string, cookie = session.cookie) => app.http.request(`http://town.test/coordinate/organizations/asso/export/${file}`, { headers: { Cookie: cookie } });
    const needs = await get("needs.csv");
    expect(needs.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(needs.headers.get("content-disposition")).toMatch(/^attachment; filename="asso-needs-\d{4}-\d{2}-\d{2}\.csv"$/);
    const needsCsv = await needs.text();
    expect(needsCsv.split("\r\n")[0]).toBe("id,title,status,visibility,domains,place,address,starts,ends,volunteers_wanted,volunteers_accepted,deadline,beneficiary,beneficiary_consent,private_notes,contact,practical_details,volunteer_hours,people_helped,testimony,created,updated,published");
    expect(needsCsv).toContain(`${secret.body.id},Export,open,public,personnes-agees,Vaise,,,,1,0,,"Mme E., 90 ans",2026-11-30`);
    const applications = await (await get("applications.csv")).text();
    expect(applications).toContain(`,${secret.body.id},Export,eve,eve@town.test,"'=HYPERLINK(""http://evil.test"")",pending,,account,`);
    const audit = await db.selectFrom("audit_log").select(["action", "target", "details"]).where("action", "in", ["organization.export", "need.sensitive_read"]).orderBy("created").execute();
    const exports = audit.filter((a) => a.action === "organization.export").map((a) => JSON.parse(a.details).what);
    expect(exports).toEqual(["needs", "applications"]);
    expect(audit.filter((a) => a.action === "need.sensitive_read" && JSON.parse(a.details).via === "export").map((a) => a.target)).toContain(secret.body.id);
    // Someone who does not coordinate it gets nothing.
    const eve = `entraide_session=${(await createSession(db, citizen.id)).secret}`;
    expect((await get("needs.csv", eve)).status).toBe(404);
  });
});
