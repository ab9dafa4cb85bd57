// Consent to the terms: sign-up records the version accepted and when; a change
// of the rules, the charter or the privacy policy is a new version, which every
// account accepts at its next page before anything else.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../src/domain/accounts/sessions.ts";
import { issueToken, loadTokenKeys } from "../src/domain/accounts/tokens.ts";
import { createUser } from "../src/domain/accounts/users.ts";
import type { Instance } from "../src/main.ts";
import { apiAs, testInstance } from "./helpers/app.ts";

describe("consent to the instance's terms", () => {
  let app: Instance;
  let admin: ReturnType<typeof apiAs>;
  const page = (path: string, cookie?: string, init: RequestInit = {}) =>
    app.http.request(`http://town.test${path}`, { ...init, headers: { Accept: "text/html", "Accept-Language": "fr", ...(cookie ? { Cookie: cookie } : {}), ...init.headers } });

  beforeAll(async () => {
    app = await testInstance({ LOGIN_RATE_LIMIT: "1000" });
    const made = await createUser(app.db.kysely, { username: "mairie", email: "mairie@town.test", password: "a long password", role: "admin" });
    admin = apiAs(app, { mairie: (await issueToken(app.db.kysely, await loadTokenKeys(app.db.kysely, app.config.publicUrl.origin), made.id)).token });
  });
  afterAll(async () => {
    await app.close();
  });

  it("records the version accepted at sign-up, on the API and the page, with its date", async () => {
    const signed = await app.http.request("http://town.test/api/v1/accounts", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: "ines", email: "ines@town.test", password: "a long password", agreement: true, age: "adult" }),
    });
    expect(signed.status).toBe(202);
    const consents = await app.db.kysely
      .selectFrom("consents")
      .innerJoin("actors", "actors.id", "consents.user_id")
      .select(["actors.handle", "consents.version", "consents.accepted"])
      .execute();
    expect(consents.map((c) => [c.handle, c.version])).toEqual([["ines", 1]]);
    expect(Date.now() - Date.parse(consents[0]!.accepted)).toBeLessThan(60_000);
    const about = await (await page("/about")).text();
    expect(about).toContain('<h2 id="charter">Charte des bénévoles</h2>');
  });

  it("asks every account to accept new terms at its next page, and lets it go on once it has", async () => {
    const user = await createUser(app.db.kysely, { username: "jules", email: "jules@town.test", password: "a long password" });
    const session = await createSession(app.db.kysely, user.id);
    const cookie = `entraide_session=${session.secret}`;
    expect((await page("/me", cookie)).status).toBe(200);

    const changed = await admin("mairie", "PATCH", "/instance/settings", { charter: "1. Je viens à l'heure." });
    expect(changed.body.charter).toBe("1. Je viens à l'heure.");
    const versions = await app.db.kysely.selectFrom("terms_versions").selectAll().execute();
    expect(versions.map((v) => [v.version, JSON.parse(v.changed)])).toEqual([[2, ["charter"]]]);

    const stopped = await page("/me/alerts?x=1", cookie);
    expect([stopped.status, stopped.headers.get("location")]).toEqual([303, "/consent?next=%2Fme%2Falerts%3Fx%3D1"]);
    const asked = await page("/consent?next=%2Fme%2Falerts%3Fx%3D1", cookie);
    const html = await asked.text();
    expect(html).toContain("Les règles ont changé");
    expect(html).toContain('<a href="/about#charter">La charte des bénévoles</a>');
    // What they need to decide stays open: the terms, their data, signing out.
    for (const free of ["/about", "/me/data"]) expect([free, (await page(free, cookie)).status]).toEqual([free, 200]);
    // The API is not stopped (its clients cannot show the page): a token still works.
    const refused = await page("/consent", cookie, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: session.csrf, next: "/me/alerts" }),
    });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("Cochez la case pour accepter les nouvelles conditions");
    const accepted = await page("/consent", cookie, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: session.csrf, next: "/me/alerts", accept: "yes", version: "2" }),
    });
    expect([accepted.status, accepted.headers.get("location")]).toEqual([303, "/me/alerts"]);
    expect((await page("/me", cookie)).status).toBe(200);
    const mine = await app.db.kysely.selectFrom("consents").select("version").where("user_id", "=", user.id).execute();
    expect(mine.map((c) => c.version)).toEqual([2]);
    // The administrator's own change asks them too, like everyone.
    const text = await (await page("/me", `entraide_session=${(await createSession(app.db.kysely, (await app.db.kysely.selectFrom("users").select("id").where("email", "=", "mairie@town.test").executeTakeFirstOrThrow()).id)).secret}`)).status;
    expect(text).toBe(303);
  });
});
