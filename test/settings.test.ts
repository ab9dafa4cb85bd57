// The instance's settings, in-process: environment defaults until an
// administrator saves a value (API and form), what they change (page titles,
// About, NodeInfo, the instance actor, sign-ups) and the audit log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../src/domain/accounts/users.ts";
import { findActorByHandle, INSTANCE_HANDLE } from "../src/domain/actors/actors.ts";
import { createInstance } from "../src/main.ts";
import { apiAs, testInstance } from "./helpers/app.ts";
import { postLogin } from "./helpers/login.ts";

describe("the instance's settings", () => {
  let app: Awaited<ReturnType<typeof testInstance>>;
  let api: ReturnType<typeof apiAs>;
  const sessions: Record<string, { cookie: string; csrf: string }> = {};
  const page = (path: string, who?: string, init: RequestInit = {}) =>
    app.http.request(`http://town.test${path}`, {
      ...init,
      headers: { Accept: "text/html", "Accept-Language": "fr", ...(who ? { Cookie: sessions[who]!.cookie } : {}), ...init.headers },
    });
  const post = (path: string, who: string | undefined, fields: Record<string, string>) =>
    page(path, who, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...(who ? { _csrf: sessions[who]!.csrf } : {}), ...fields }).toString(),
    });
  const nodeInfo = async () => (await app.http.request("http://town.test/nodeinfo/2.1")).json();
  const instanceActor = async () =>
    (await app.http.request(`http://town.test/actors/${INSTANCE_HANDLE}`, { headers: { Accept: "application/activity+json" } })).json();

  beforeAll(async () => {
    app = await testInstance({
      LOGIN_RATE_LIMIT: "1000",
      INSTANCE_NAME: "Entraide Env",
      INSTANCE_DESCRIPTION: "Depuis l'environnement",
    });
    const db = app.db.kysely;
    await createUser(db, { username: "ada", email: "a@town.test", password: "a long password", role: "admin" });
    await createUser(db, { username: "zoe", email: "z@town.test", password: "a long password" });
    const tokens: Record<string, string> = {};
    api = apiAs(app, tokens);
    for (const login of ["ada", "zoe"]) tokens[login] = (await api("", "POST", "/tokens", { login, password: "a long password" })).body.token;
    for (const login of ["ada", "zoe"]) {
      const res = await postLogin(app.http.request, "http://town.test", { login, password: "a long password" });
      const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
      const html = await (await page("/me", undefined, { headers: { Cookie: cookie } })).text();
      sessions[login] = { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "" };
    }
  });
  afterAll(async () => {
    await app.close();
  });

  it("takes the environment's values until an administrator saves others", async () => {
    expect(await api("ada", "GET", "/instance/settings")).toMatchObject({
      status: 200,
      body: {
        name: "Entraide Env",
        description: "Depuis l'environnement",
        rules: "",
        privacy_policy: "",
        contact_email: "",
        registrations_open: true,
      },
    });
    expect(await nodeInfo()).toMatchObject({
      openRegistrations: true,
      metadata: { nodeName: "Entraide Env", nodeDescription: "Depuis l'environnement" },
    });
    expect(await instanceActor()).toMatchObject({ name: "Entraide Env", summary: "Depuis l'environnement" });
    expect(await (await page("/about")).text()).toContain("<title>À propos · Entraide Env</title>");
  });

  it("is for administrators only, in the API and on the web", async () => {
    const citizen = await api("zoe", "GET", "/instance/settings");
    expect(citizen).toMatchObject({ status: 403, type: "application/problem+json", body: { code: "admins_only" } });
    expect((await api("zoe", "PATCH", "/instance/settings", { name: "Pirate" })).status).toBe(403);
    expect((await api("nobody", "GET", "/instance/settings")).status).toBe(401);
    const page403 = await page("/admin/settings", "zoe");
    expect(page403.status).toBe(403);
    expect(await page403.text()).toContain("Seuls les administrateurs du serveur peuvent faire cela.");
    expect((await post("/admin/settings", "zoe", { name: "Pirate" })).status).toBe(403);
    expect((await page("/admin/settings")).headers.get("location")).toBe("/login?next=%2Fadmin%2Fsettings");
    expect((await api("ada", "GET", "/instance/settings")).body.name).toBe("Entraide Env");
  });

  it("refuses bad values with problem+json naming the field", async () => {
    const empty = await api("ada", "PATCH", "/instance/settings", { name: "  " });
    expect(empty).toMatchObject({ status: 422, type: "application/problem+json", body: { code: "instance_name_invalid" } });
    expect(empty.body.errors).toEqual([{ field: "name", message: "the instance's name has 1 to 100 characters" }]);
    const email = await api("ada", "PATCH", "/instance/settings", { contact_email: "nope" });
    expect(email).toMatchObject({ status: 422, body: { code: "email_invalid", errors: [{ field: "contactEmail" }] } });
    const type = await api("ada", "PATCH", "/instance/settings", { registrations_open: "yes" });
    expect(type).toMatchObject({ status: 422, body: { errors: [{ field: "registrations_open" }] } });
    const long = await api("ada", "PATCH", "/instance/settings", { rules: "x".repeat(20_001) });
    expect(long.status).toBe(422);
    expect((await api("ada", "GET", "/instance/settings")).body).toMatchObject({ name: "Entraide Env", contact_email: "" });
  });

  it("applies what the API saves to the pages, NodeInfo, the instance actor and sign-ups, and audits it", async () => {
    const rules = "1. **Soyez** bienveillants.\n2. Rien de personnel.";
    const saved = await api("ada", "PATCH", "/instance/settings", {
      name: "Ville de Test",
      description: "Le bénévolat à Test-sur-Loire",
      rules,
      privacy_policy: "Nous gardons *peu* de choses.",
      contact_email: "mairie@town.test",
      registrations_open: false,
    });
    expect(saved).toMatchObject({ status: 200, body: { name: "Ville de Test", registrations_open: false } });

    const about = await (await page("/about")).text();
    expect(about).toContain("<title>À propos · Ville de Test</title>");
    expect(about).toContain("<h1>À propos de Ville de Test</h1>");
    expect(about).toContain("Le bénévolat à Test-sur-Loire");
    expect(about).toContain("<strong>Soyez</strong> bienveillants.");
    expect(about).not.toContain("Respectez les personnes aidées");
    expect(about).toContain("Nous gardons <em>peu</em> de choses.");
    expect(about).toContain('<a href="mailto:mairie@town.test">mairie@town.test</a>');
    expect(about).toContain("Ce serveur ne prend pas de nouveaux comptes pour le moment.");
    expect(await (await page("/")).text()).toContain('class="brand">Ville de Test</a>');

    expect(await nodeInfo()).toMatchObject({
      openRegistrations: false,
      metadata: { nodeName: "Ville de Test", nodeDescription: "Le bénévolat à Test-sur-Loire" },
    });
    expect(await instanceActor()).toMatchObject({ name: "Ville de Test", summary: "Le bénévolat à Test-sur-Loire" });

    // Sign-ups are closed: the page says so, the form and the API refuse.
    const signup = await page("/signup");
    expect(signup.status).toBe(403);
    expect(await signup.text()).toContain("Les inscriptions sont fermées sur ce serveur pour le moment.");
    const refused = await post("/signup", undefined, { username: "newbie", email: "n@town.test", password: "a long password", consent: "yes", age: "adult" });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("Les inscriptions sont fermées");
    const viaApi = await api("nobody", "POST", "/accounts", { username: "newbie", email: "n@town.test", password: "a long password", agreement: true, age: "adult" });
    expect(viaApi).toMatchObject({ status: 403, type: "application/problem+json", body: { code: "registrations_closed" } });
    expect(await findActorByHandle(app.db.kysely, "newbie")).toBeUndefined();

    const audit = await api("ada", "GET", "/moderation/audit");
    const entry = audit.body.find((e: { action: string }) => e.action === "instance.settings");
    expect(entry).toMatchObject({
      moderator: "ada",
      target: "instance",
      details: {
        name: "Ville de Test",
        description: "Le bénévolat à Test-sur-Loire",
        rules: { characters: rules.length },
        contactEmail: "mairie@town.test",
        registrationsOpen: false,
      },
    });
    // Saving the same values again changes nothing and audits nothing.
    await api("ada", "PATCH", "/instance/settings", { name: "Ville de Test" });
    const again = await api("ada", "GET", "/moderation/audit");
    expect(again.body.filter((e: { action: string }) => e.action === "instance.settings")).toHaveLength(1);
  });

  it("saves through the administrators' form, with messages in the page's language", async () => {
    // The rules saved above are new terms: each account accepts them first (test/consent.test.ts).
    expect((await page("/", "ada")).headers.get("location")).toBe("/consent?next=%2F");
    for (const who of ["ada", "zoe"]) expect((await post("/consent", who, { accept: "yes", next: "/" })).status).toBe(303);
    const admin = await (await page("/", "ada")).text();
    expect(admin).toContain('href="/admin"');
    const form = await page("/admin/settings", "ada");
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('<a href="/admin/settings" aria-current="page">Réglages du serveur</a>');
    expect(html).toContain('value="Ville de Test"');
    expect(html).toMatch(/<textarea id="rules" name="rules"[^>]*>1. \*\*Soyez\*\* bienveillants./);
    expect(html).not.toMatch(/id="registrationsOpen"[^>]*checked/);

    const fields = {
      name: "Ville de Test",
      description: "Le bénévolat à Test-sur-Loire",
      rules: "",
      privacy: "",
      contactEmail: "nope",
      registrationsOpen: "yes",
    };
    const bad = await post("/admin/settings", "ada", fields);
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('<p class="error" id="contactEmail-error">« nope » n&#39;est pas une adresse e-mail.</p>');
    expect(badHtml).toContain('value="nope"');
    const noName = await post("/admin/settings", "ada", { ...fields, name: "" });
    expect(noName.status).toBe(422);
    expect(await noName.text()).toContain('<p class="error" id="name-error">Le nom du serveur compte de 1 à 100 caractères.</p>');

    // A duration outside its bounds: refused in words, next to its field, the value typed shown back.
    const longer = await post("/admin/settings", "ada", { ...fields, contactEmail: "", "retention.messagesMonths": "99" });
    expect(longer.status).toBe(422);
    const longerHtml = await longer.text();
    expect(longerHtml).toContain('<p class="error" id="retention.messagesMonths-error">Choisissez un nombre entier entre 1 et 36.</p>');
    expect(longerHtml).toMatch(/id="retention.messagesMonths" name="retention.messagesMonths"[^>]*value="99"/);

    const ok = await post("/admin/settings", "ada", { ...fields, contactEmail: "", "retention.messagesMonths": "6" });
    expect(ok.status).toBe(303);
    // The rules went back to the standard ones: new terms again, accepted again.
    expect((await page("/admin/settings", "ada")).headers.get("location")).toBe("/consent?next=%2Fadmin%2Fsettings");
    for (const who of ["ada", "zoe"]) expect((await post("/consent", who, { accept: "yes", next: "/" })).status).toBe(303);
    expect(await (await page("/admin/settings", "ada")).text()).toMatch(/id="retention.messagesMonths" name="retention.messagesMonths"[^>]*value="6"/);
    expect(ok.headers.get("location")).toBe("/admin/settings?saved=1");
    expect(await (await page("/admin/settings?saved=1", "ada")).text()).toContain("Réglages enregistrés.");
    // Empty rules and policy: the standard texts again; sign-ups are open.
    const about = await (await page("/about")).text();
    expect(about).toContain("Respectez les personnes aidées");
    expect(about).not.toContain("mailto:");
    expect((await page("/signup")).status).toBe(200);
    const created = await api("nobody", "POST", "/accounts", {
      username: "newbie",
      email: "n@town.test",
      password: "a long password",
      display_name: "Nouvelle",
      agreement: true, age: "adult",
    });
    expect(created).toMatchObject({ status: 202, body: { username: "newbie", display_name: "Nouvelle" } });
    const taken = await api("nobody", "POST", "/accounts", { username: "newbie", email: "x@town.test", password: "a long password", agreement: true, age: "adult" });
    expect(taken).toMatchObject({ status: 409, body: { code: "handle_taken" } });
    const noConsent = await api("nobody", "POST", "/accounts", { username: "other", email: "o@town.test", password: "a long password", age: "adult" });
    expect(noConsent).toMatchObject({ status: 422, body: { errors: [{ field: "agreement" }] } });
  });

  it("keeps saved values over the environment's after a restart", async () => {
    const restarted = await createInstance({ ...app.config, instanceName: "Autre nom", instanceDescription: "Autre" });
    try {
      const nodeinfo = await (await restarted.http.request("http://town.test/nodeinfo/2.1")).json();
      expect(nodeinfo.metadata).toMatchObject({ nodeName: "Ville de Test", nodeDescription: "Le bénévolat à Test-sur-Loire" });
      expect((await findActorByHandle(restarted.db.kysely, INSTANCE_HANDLE))?.name).toBe("Ville de Test");
    } finally {
      await restarted.close();
    }
  });
});
