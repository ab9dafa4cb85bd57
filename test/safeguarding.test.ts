// Safeguarding (issue 14, point 5) on one instance: a need with minors or vulnerable
// adults (on by default in the three pilot domains) accepts only the volunteers its
// organisation checked in person, through the API and the pages alike; a check is
// seen by that organisation's coordinators and the admins only, never on a public
// page or a federated document; a remote applicant and a declared minor are never
// accepted there; the instance's age settings hold within their bounds, and sign-up
// asks for a declaration of age, refused below it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../src/domain/accounts/sessions.ts";
import { issueToken, loadTokenKeys } from "../src/domain/accounts/tokens.ts";
import { createUser } from "../src/domain/accounts/users.ts";
import { acceptTerms } from "../src/domain/consent/terms.ts";
import { recordRemoteApplication } from "../src/domain/needs/applications.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { checkCounts } from "../src/domain/safeguarding/checks.ts";
import type { Instance } from "../src/main.ts";
import { apiAs, testInstance } from "./helpers/app.ts";

const NB = "\u00a0";
/** What the coordinator noted when she met Marc: it must never leave the organisation. */
const NOTE = "Carte d'identité n° XK-4471 vue à la permanence";

const need = (extra: Record<string, unknown> = {}) => ({
  organization: "asso",
  title: "Aide aux devoirs le mercredi",
  description: "Une heure avec un collégien.",
  domains: ["education"],
  place: { label: "Vaise" },
  schedule: { kind: "flexible" },
  volunteers_wanted: 3,
  visibility: "public",
  ...extra,
});

/** A page's text with the apostrophes and ampersands the renderer escapes, as a reader sees them. */
const read = async (res: Response | Promise<Response>) => (await (await res).text()).replaceAll("&#39;", "'").replaceAll("&amp;", "&");

describe("safeguarding on one instance", () => {
  let app: Instance;
  let api: ReturnType<typeof apiAs>;
  let web: Record<string, { cookie: string; csrf: string }>;
  const page = (who: string | null, path: string, form?: Record<string, string>) =>
    app.http.request(`http://town.test${path}`, {
      method: form ? "POST" : "GET",
      headers: {
        Accept: "text/html",
        "Accept-Language": "fr",
        ...(who ? { Cookie: web[who]!.cookie } : {}),
        ...(form ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
      },
      body: form && who ? new URLSearchParams({ _csrf: web[who]!.csrf, ...form }).toString() : undefined,
      redirect: "manual",
    });

  beforeAll(async () => {
    app = await testInstance();
    const db = app.db.kysely;
    const keys = await loadTokenKeys(db, app.config.publicUrl.origin);
    const users = {
      camille: await createUser(db, { username: "camille", email: "camille@town.test", password: "a long password", role: "admin" }),
      claire: await createUser(db, { username: "claire", email: "claire@town.test", password: "a long password" }),
      otto: await createUser(db, { username: "otto", email: "otto@town.test", password: "a long password" }),
      marc: await createUser(db, { username: "marc", email: "marc@town.test", password: "a long password", displayName: "Marc" }),
      nora: await createUser(db, { username: "nora", email: "nora@town.test", password: "a long password", displayName: "Nora" }),
      leo: await createUser(db, { username: "leo", email: "leo@town.test", password: "a long password", displayName: "Léo" }),
    };
    await acceptTerms(db, users.leo.id, undefined, "minor_with_guardian_consent");
    await createOrganization(db, { handle: "asso", name: "Asso", coordinatorId: users.claire.id });
    await createOrganization(db, { handle: "club", name: "Club", coordinatorId: users.otto.id });
    const tokens: Record<string, string> = {};
    web = {};
    for (const [name, user] of Object.entries(users)) {
      tokens[name] = (await issueToken(db, keys, user.id, { name, days: 1 })).token;
      const session = await createSession(db, user.id);
      web[name] = { cookie: `entraide_session=${session.secret}`, csrf: session.csrf };
    }
    api = apiAs(app, tokens);
  });
  afterAll(async () => {
    await app.close();
  });

  it("marks needs of the three pilot domains by default, and lets the coordinator change it in the API and the form", async () => {
    for (const [domains, expected] of [[["education"], true], [["sante"], true], [["personnes-agees", "sport"], true], [["culture-loisirs"], false]] as const) {
      const created = await api("claire", "POST", "/missions", need({ domains }));
      expect([domains, created.status, created.body.safeguarding]).toEqual([domains, 201, expected]);
    }
    const off = await api("claire", "POST", "/missions", need({ safeguarding: false }));
    expect(off.body.safeguarding).toBe(false);
    const patched = await api("claire", "PATCH", `/missions/${off.body.id}`, { safeguarding: true });
    expect([patched.status, patched.body.safeguarding]).toEqual([200, true]);
    // Anyone reading the need sees the hint.
    expect((await api("nobody", "GET", `/missions/${off.body.id}`)).body.safeguarding).toBe(true);
    // The form: "Non" keeps an education need unmarked; its edit form says so.
    const form = await page("claire", "/coordinate/needs/new", {
      organization: "asso", title: "Soutien scolaire", description: "", domains: "education", place_label: "Vaise", place_mode: "on_site",
      schedule_kind: "flexible", volunteers_wanted: "1", visibility: "", safeguarding: "no", status: "open", language: "fr", action: "save",
    });
    expect(form.status).toBe(303);
    // The preview shows the hint the Note will carry: the domain's default until the coordinator says otherwise.
    const preview = await read(page("claire", "/coordinate/needs/new", {
      organization: "asso", title: "Soutien scolaire", description: "", domains: "education", place_label: "Vaise", place_mode: "on_site",
      schedule_kind: "flexible", volunteers_wanted: "1", visibility: "", safeguarding: "", status: "open", language: "fr", action: "preview",
    }));
    expect(preview).toContain("🛡️ Mission auprès de mineurs ou de personnes vulnérables");
    const made = await app.db.kysely.selectFrom("needs").select(["id", "safeguarding"]).where("title", "=", "Soutien scolaire").executeTakeFirstOrThrow();
    expect(made.safeguarding).toBe(0);
    const edit = await read(page("claire", `/coordinate/needs/${made.id}/edit`));
    expect(edit).toContain('<option value="no" selected="">Non</option>');
    // The API documents the flag and the checks.
    const doc = await (await app.http.request("http://town.test/api/v1/openapi.json")).json();
    expect(doc.components.schemas.NeedCreate.properties.safeguarding.type).toBe("boolean");
    expect(doc.components.schemas.Need.properties.safeguarding.type).toBe("boolean");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/organizations/{handle}/safeguarding-checks", "/safeguarding-checks/{id}"]));
  });

  it("refuses to accept an unchecked volunteer through the API, and accepts them once a coordinator recorded a check", async () => {
    const created = await api("claire", "POST", "/missions", need({ title: "Lecture avec des enfants" }));
    const applied = await api("marc", "POST", `/missions/${created.body.id}/applications`, { message: "Je suis disponible." });
    // The applicant learns, about themself, that an in-person check comes first.
    expect([applied.status, applied.body.safeguarding]).toEqual([201, "check_required"]);
    const listed = await api("claire", "GET", `/missions/${created.body.id}/applications`);
    expect(listed.body.map((a: { safeguarding: string }) => a.safeguarding)).toEqual(["check_required"]);

    const refused = await api("claire", "PATCH", `/applications/${applied.body.id}`, { status: "accepted" });
    expect([refused.status, refused.type, refused.body.code]).toEqual([409, "application/problem+json", "safeguarding_check_required"]);
    // Another organisation's coordinator cannot check for Asso, nor see its checks.
    const otherOrg = await api("otto", "POST", "/organizations/asso/safeguarding-checks", { username: "marc", identity_seen: true, record_seen: true });
    expect([otherOrg.status, otherOrg.body.code]).toEqual([403, "coordinators_only"]);
    // A check for the club does not count for Asso.
    expect((await api("otto", "POST", "/organizations/club/safeguarding-checks", { username: "marc", identity_seen: true, record_seen: true })).status).toBe(201);
    expect((await api("claire", "PATCH", `/applications/${applied.body.id}`, { status: "accepted" })).body.code).toBe("safeguarding_check_required");
    // Identity seen, but not the frame's check: not enough.
    const partial = await api("claire", "POST", "/organizations/asso/safeguarding-checks", { username: "marc", identity_seen: true, record_seen: false });
    expect(partial.status).toBe(201);
    expect((await api("claire", "PATCH", `/applications/${applied.body.id}`, { status: "accepted" })).body.code).toBe("safeguarding_check_required");
    const past = await api("claire", "POST", "/organizations/asso/safeguarding-checks", { username: "marc", identity_seen: true, record_seen: true, expires: "2020-01-01" });
    expect([past.status, past.body.code]).toEqual([422, "safeguarding_expiry_past"]);

    const check = await api("claire", "POST", "/organizations/asso/safeguarding-checks", { username: "marc", identity_seen: true, record_seen: true, note: NOTE, expires: "2099-12-31" });
    expect(check).toMatchObject({ status: 201, body: { organization: "asso", volunteer: { username: "marc" }, checked_by: "claire", identity_seen: true, record_seen: true, note: NOTE, revoked: null } });
    expect((await api("claire", "GET", `/missions/${created.body.id}/applications`)).body[0].safeguarding).toBe("checked");
    const accepted = await api("claire", "PATCH", `/applications/${applied.body.id}`, { status: "accepted" });
    expect([accepted.status, accepted.body.status]).toEqual([200, "accepted"]);

    // The list is the organisation's: its coordinators and the admins read it, no one else.
    const list = await api("claire", "GET", "/organizations/asso/safeguarding-checks");
    expect(list.body.map((c: { note: string; record_seen: boolean }) => [c.record_seen, c.note])).toEqual([[true, NOTE], [false, ""]]);
    expect((await api("camille", "GET", "/organizations/asso/safeguarding-checks")).status).toBe(200);
    for (const who of ["otto", "marc", "nobody"]) expect((await api(who, "GET", "/organizations/asso/safeguarding-checks")).status).toBe(who === "nobody" ? 401 : 403);
    expect((await api("otto", "DELETE", `/safeguarding-checks/${check.body.id}`)).status).toBe(404);
    // Recording and revoking are in the audit log, without the note.
    const revoked = await api("claire", "DELETE", `/safeguarding-checks/${check.body.id}`);
    expect([revoked.status, revoked.body.revoked_by]).toEqual([200, "claire"]);
    const audit = await app.db.kysely.selectFrom("audit_log").select(["action", "target", "details"]).where("action", "like", "safeguarding.%").orderBy("created").execute();
    expect(audit.map((a) => a.action)).toEqual(["safeguarding.check", "safeguarding.check", "safeguarding.check", "safeguarding.revoke"]);
    expect(JSON.stringify(audit)).not.toContain("XK-4471");
    // Revoked: the next application of Marc to a safeguarded need waits for a new check.
    const again = await api("claire", "POST", "/missions", need({ title: "Goûter avec des enfants" }));
    const second = await api("marc", "POST", `/missions/${again.body.id}/applications`, { message: "" });
    expect(second.body.safeguarding).toBe("check_required");
    expect((await api("claire", "PATCH", `/applications/${second.body.id}`, { status: "accepted" })).body.code).toBe("safeguarding_check_required");
    // An unmarked need accepts without any check.
    const plain = await api("claire", "POST", "/missions", need({ title: "Tri de livres", domains: ["culture-loisirs"] }));
    const nora = await api("nora", "POST", `/missions/${plain.body.id}/applications`, { message: "" });
    expect(nora.body.safeguarding).toBeUndefined();
    expect((await api("claire", "PATCH", `/applications/${nora.body.id}`, { status: "accepted" })).status).toBe(200);
  });

  it("tells the volunteer on the need's page, refuses acceptance on the coordinator's page until the check is recorded there", async () => {
    const created = await api("claire", "POST", "/missions", need({ title: "Sortie au parc avec des enfants" }));
    const id = created.body.id;
    const before = await read(page("nora", `/needs/${id}`));
    expect(before).toContain(`🛡️ Cette mission concerne des mineurs ou des personnes vulnérables${NB}: l'association rencontre chaque bénévole en personne`);
    expect((await page("nora", `/needs/${id}/apply`, { message: "Avec plaisir" })).status).toBe(303);
    const after = await read(page("nora", `/needs/${id}?done=applied`));
    expect(after).toContain(`Avant d'être accepté, vous rencontrerez l'association${NB}: apportez une pièce d'identité`);

    const application = (await api("claire", "GET", `/missions/${id}/applications`)).body[0];
    const inbox = `/coordinate/needs/${id}/applications`;
    const cards = await read(page("claire", inbox));
    expect(cards).toContain("À rencontrer et vérifier avant de pouvoir l'accepter.");
    expect(cards).toContain(`/coordinate/organizations/asso/safeguarding?username=nora&back=${encodeURIComponent(inbox)}`);
    const refused = await page("claire", `/coordinate/applications/${application.id}`, { status: "accepted" });
    expect(refused.headers.get("location")).toBe(`${inbox}?error=safeguarding_check_required`);
    expect(await read(page("claire", `${inbox}?error=safeguarding_check_required`))).toContain(
      `rencontrez ce bénévole et notez sa vérification (pièce d'identité et contrôle d'honorabilité) avant de l'accepter`,
    );
    // The checks page: the form, filled from the application's link; recorded, then back to the applications.
    const form = await read(page("claire", `/coordinate/organizations/asso/safeguarding?username=nora&back=${encodeURIComponent(inbox)}`));
    expect(form).toContain('value="nora"');
    expect((await page("otto", "/coordinate/organizations/asso/safeguarding")).status).toBe(404);
    const recorded = await page("claire", "/coordinate/organizations/asso/safeguarding", { username: "nora", identity_seen: "yes", record_seen: "yes", note: "", expires: "", back: inbox });
    expect(recorded.headers.get("location")).toBe(`${inbox}?done=checked`);
    expect(await read(page("claire", `${inbox}?done=checked`))).toContain("🛡️ Vérifié par votre association.");
    expect((await page("claire", `/coordinate/applications/${application.id}`, { status: "accepted" })).headers.get("location")).toBe(`${inbox}?done=accepted`);
    expect((await api("claire", "GET", `/missions/${id}/applications`)).body[0].status).toBe("accepted");
    // Listed on the organisation's page of checks; revoked from it.
    const list = await read(page("claire", "/coordinate/organizations/asso/safeguarding"));
    expect(list).toContain("Nora (@nora)");
    const checkId = (await api("claire", "GET", "/organizations/asso/safeguarding-checks")).body.find((c: { volunteer: { username: string } }) => c.volunteer.username === "nora").id;
    expect((await page("otto", `/coordinate/organizations/asso/safeguarding/${checkId}/revoke`, {})).status).toBe(404);
    expect((await page("claire", `/coordinate/organizations/asso/safeguarding/${checkId}/revoke`, {})).status).toBe(303);
    expect(await read(page("claire", "/coordinate/organizations/asso/safeguarding"))).toContain("Retirée le");
  });

  it("never accepts a declared minor, nor a volunteer from another server, on a safeguarded need", async () => {
    const db = app.db.kysely;
    const created = await api("claire", "POST", "/missions", need({ title: "Accompagner un enfant à l'école" }));
    const leo = await api("leo", "POST", `/missions/${created.body.id}/applications`, { message: "" });
    expect(leo.body.safeguarding).toBe("minor");
    expect((await api("claire", "POST", "/organizations/asso/safeguarding-checks", { username: "leo", identity_seen: true, record_seen: true })).status).toBe(201);
    expect((await api("claire", "PATCH", `/applications/${leo.body.id}`, { status: "accepted" })).body.code).toBe("safeguarding_minor");

    const at = new Date().toISOString();
    await db
      .insertInto("remote_actors")
      .values({ id: "r1", uri: "https://elsewhere.test/users/max", type: "Person", handle: "max@elsewhere.test", name: "Max", url: null, inbox: "https://elsewhere.test/users/max/inbox", shared_inbox: null, software: null, updated: at })
      .execute();
    const { application } = await recordRemoteApplication(db, app.contextData.events, {
      needId: created.body.id, remoteActorId: "r1", message: "Je peux aider", source: "note", public: false,
      activityUri: "https://elsewhere.test/notes/1", objectUri: "https://elsewhere.test/notes/1",
    });
    const listed = await api("claire", "GET", `/missions/${created.body.id}/applications`);
    expect(listed.body.find((a: { id: string }) => a.id === application.id).safeguarding).toBe("remote");
    const refused = await api("claire", "PATCH", `/applications/${application.id}`, { status: "accepted" });
    expect([refused.status, refused.body.code]).toEqual([409, "safeguarding_remote_applicant"]);
  });

  it("shows a check to no one else: not on the volunteer's profile, the need's page or any federated document", async () => {
    const created = await api("claire", "POST", "/missions", need({ title: "Atelier avec des enfants" }));
    await api("claire", "POST", "/organizations/asso/safeguarding-checks", { username: "marc", identity_seen: true, record_seen: true, note: NOTE });
    const applied = await api("marc", "POST", `/missions/${created.body.id}/applications`, { message: "" });
    expect((await api("claire", "PATCH", `/applications/${applied.body.id}`, { status: "accepted" })).status).toBe(200);
    const AP = { Accept: "application/activity+json" };
    const get = async (path: string, headers: Record<string, string> = {}) => (await app.http.request(`http://town.test${path}`, { headers })).text();
    const outbox = JSON.parse(await get("/actors/asso/outbox", AP));
    const documents = {
      profile: await get("/@marc", { Accept: "text/html" }),
      actor: await get("/actors/marc", AP),
      organisation: await get("/actors/asso", AP),
      note: await get(`/needs/${created.body.id}`, AP),
      proposal: await get(`/needs/${created.body.id}/proposal`, AP),
      outbox: JSON.stringify(outbox) + (typeof outbox.first === "string" ? await get(new URL(outbox.first).pathname + new URL(outbox.first).search, AP) : ""),
      page: await get(`/needs/${created.body.id}`, { Accept: "text/html" }),
      api: JSON.stringify((await api("nora", "GET", `/missions/${created.body.id}`)).body),
    };
    for (const [where, text] of Object.entries(documents)) {
      for (const secret of ["XK-4471", "permanence", "identity_seen", "record_seen", "checked_by"]) expect([where, text.includes(secret)]).toEqual([where, false]);
    }
    // What federates is the hint, in the Note everyone reads.
    expect(documents.note).toContain("🛡️ Mission auprès de mineurs ou de personnes vulnérables");
    expect(JSON.parse(documents.note).type).toBe("Note");
  });

  it("keeps the minimum age within its bounds, in the API and the form, and prints the settings in force", async () => {
    for (const age of [14, 19]) {
      const refused = await api("camille", "PATCH", "/instance/settings", { volunteers: { minimum_age: age } });
      expect([age, refused.status, refused.type, refused.body.code]).toEqual([age, 422, "application/problem+json", "minimum_age_out_of_bounds"]);
    }
    expect((await api("camille", "PATCH", "/instance/settings", { volunteers: { minimum_age: 15.5 } })).status).toBe(422);
    expect((await api("claire", "PATCH", "/instance/settings", { volunteers: { minimum_age: 17 } })).status).toBe(403);
    const saved = await api("camille", "PATCH", "/instance/settings", { volunteers: { minimum_age: 17 } });
    expect(saved.body.volunteers).toEqual({ minimum_age: 17, minors_with_guardian_consent: true });
    const form = await page("camille", "/admin/settings", { name: "Ville", registrationsOpen: "yes", "volunteers.present": "yes", "volunteers.minimumAge": "12", "volunteers.minorsWithGuardianConsent": "yes" });
    expect(form.status).toBe(422);
    expect(await read(form)).toContain("L'âge minimum est un nombre entier de 15 à 18.");
    expect((await api("camille", "GET", "/instance/settings")).body.volunteers.minimum_age).toBe(17);
    const about = await read(page(null, "/about"));
    expect(about).toContain(`Les bénévoles ont au moins 17${NB}ans${NB}; avant 18${NB}ans, avec l'accord de leur représentant légal.`);
    const record = await read(page("camille", "/admin/privacy"));
    expect(record).toContain(`Âge minimum${NB}: 17${NB}ans${NB}; mineurs${NB}: acceptés avec l'accord de leur représentant légal.`);
    // Without minors: the record and the About page say so.
    expect((await page("camille", "/admin/settings", { name: "Ville", registrationsOpen: "yes", "volunteers.present": "yes", "volunteers.minimumAge": "17" })).status).toBe(303);
    expect(await read(page(null, "/about"))).toContain(`Les bénévoles ont 18${NB}ans ou plus.`);
    expect(await read(page("camille", "/admin/privacy"))).toContain(`mineurs${NB}: non acceptés`);
    await api("camille", "PATCH", "/instance/settings", { volunteers: { minimum_age: 16, minors_with_guardian_consent: true } });
  });

  it("asks for a declaration of age at sign-up, and refuses one below the instance's", async () => {
    const account = (username: string, age?: string) => ({ username, email: `${username}@town.test`, password: "a long password", agreement: true, ...(age ? { age } : {}) });
    const none = await api("nobody", "POST", "/accounts", account("sans"));
    expect([none.status, none.body.errors.map((e: { field: string }) => e.field)]).toEqual([422, ["age"]]);
    expect((await api("nobody", "POST", "/accounts", account("ado", "minor_with_guardian_consent"))).status).toBe(202);
    const ado = await app.db.kysely.selectFrom("consents").innerJoin("actors", "actors.id", "consents.user_id").select("consents.age").where("actors.handle", "=", "ado").executeTakeFirstOrThrow();
    expect(ado.age).toBe("minor_with_guardian_consent");
    // The form offers the choice of a minor while the instance takes them.
    const open = await read(page(null, "/signup"));
    expect(open).toContain(`J'ai entre 16 et 17${NB}ans, et mon représentant légal (parent, tuteur) est d'accord`);
    await api("camille", "PATCH", "/instance/settings", { volunteers: { minors_with_guardian_consent: false } });
    const refused = await api("nobody", "POST", "/accounts", account("ado2", "minor_with_guardian_consent"));
    expect([refused.status, refused.body.code]).toEqual([422, "minors_not_accepted"]);
    expect(await app.db.kysely.selectFrom("actors").select("id").where("handle", "=", "ado2").execute()).toEqual([]);
    const closed = await read(page(null, "/signup"));
    expect(closed).not.toContain("J'ai entre");
    // The form refuses a sign-up that declares nothing, saying from which age.
    const signup = await app.http.request("http://town.test/signup", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "fr" },
      body: new URLSearchParams({ username: "jeune", email: "jeune@town.test", password: "a long password", consent: "yes" }).toString(),
    });
    expect(signup.status).toBe(422);
    expect(await read(signup)).toContain(`Indiquez que vous avez 18${NB}ans ou plus pour vous inscrire.`);
    expect(await app.db.kysely.selectFrom("actors").select("id").where("handle", "=", "jeune").execute()).toEqual([]);
    await api("camille", "PATCH", "/instance/settings", { volunteers: { minors_with_guardian_consent: true } });
  });

  it("counts a check only while both were seen, it is not revoked and its last day has not passed", () => {
    const base = { identitySeen: true, recordSeen: true, revoked: null, expires: null };
    expect(checkCounts(base, "2026-12-02")).toBe(true);
    expect(checkCounts({ ...base, expires: "2026-12-02" }, "2026-12-02")).toBe(true);
    expect(checkCounts({ ...base, expires: "2026-12-01" }, "2026-12-02")).toBe(false);
    expect(checkCounts({ ...base, identitySeen: false }, "2026-12-02")).toBe(false);
    expect(checkCounts({ ...base, revoked: "2026-12-01T00:00:00Z" }, "2026-12-02")).toBe(false);
  });
});
