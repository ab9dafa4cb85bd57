// Organisation profiles (issue 16, point 6), in-process: its coordinators and the
// administrators edit the description (Markdown), website, public contact, town and
// domains, through the API (PATCH, problem+json) and the web form; a coordinator of
// another organisation and a citizen are refused; a street in the town field, an
// http:// website or a contact that is neither an email nor a phone are refused;
// the public page shows the sanitised description; the Group actor carries it
// (summary, PropertyValue fields) and an `organization.updated` event is recorded.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../src/domain/accounts/sessions.ts";
import { issueToken, loadTokenKeys } from "../src/domain/accounts/tokens.ts";
import { createUser } from "../src/domain/accounts/users.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { SESSION_COOKIE } from "../src/http/auth.ts";
import { apiAs, testInstance } from "./helpers/app.ts";

describe("organisation profiles", () => {
  let app: Awaited<ReturnType<typeof testInstance>>;
  let api: ReturnType<typeof apiAs>;
  const sessions: Record<string, { cookie: string; csrf: string }> = {};
  const page = (path: string, who?: string, init: RequestInit = {}) =>
    app.http.request(`http://town.test${path}`, {
      ...init,
      headers: { Accept: "text/html", "Accept-Language": "fr", ...(who ? { Cookie: sessions[who]!.cookie } : {}), ...init.headers },
    });
  const post = (path: string, who: string, fields: Record<string, string | string[]>) => {
    const body = new FormData();
    body.append("_csrf", sessions[who]!.csrf);
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
    return page(path, who, { method: "POST", body });
  };

  beforeAll(async () => {
    app = await testInstance();
    const db = app.db.kysely;
    const keys = await loadTokenKeys(db, app.config.publicUrl.origin);
    const tokens: Record<string, string> = {};
    for (const [username, role] of [["claire", "citizen"], ["bob", "citizen"], ["ada", "admin"], ["zoe", "citizen"]] as const) {
      const user = await createUser(db, { username, email: `${username}@town.test`, password: "a long password", role });
      tokens[username] = (await issueToken(db, keys, user.id)).token;
      const session = await createSession(db, user.id);
      sessions[username] = { cookie: `${SESSION_COOKIE}=${session.secret}`, csrf: session.csrf };
      if (username === "claire") await createOrganization(db, { handle: "asso", name: "Asso des Pentes", coordinatorId: user.id });
      if (username === "bob") await createOrganization(db, { handle: "autre", name: "Autre asso", coordinatorId: user.id });
    }
    api = apiAs(app, tokens);
  });
  afterAll(async () => {
    await app.close();
  });

  const profile = {
    description: "Nous aidons les **personnes âgées** des Pentes.\n\n- courses\n- visites\n\n<script>alert(1)</script>",
    website: "https://asso-des-pentes.example/",
    contact: "04 72 00 00 00",
    area: "Lyon 1er",
    domains: ["solidarite-insertion"],
  };

  it("lets a coordinator edit the profile through the API, and the Group actor carries it", async () => {
    const res = await api("claire", "PATCH", "/organizations/asso", profile);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...profile, description: profile.description.trim() });
    expect(res.body.summary).toContain("personnes âgées");
    expect(res.body.summary).not.toContain("**");

    const actor = await (await app.http.request("http://town.test/actors/asso", { headers: { Accept: "application/activity+json" } })).json();
    expect(actor.type).toBe("Group");
    expect(actor.summary).toContain("<strong>personnes âgées</strong>");
    expect(actor.summary).toContain("<li>courses</li>");
    expect(actor.summary).not.toContain("<script");
    const fields = Object.fromEntries((actor.attachment as { type: string; name: string; value: string }[]).map((a) => [a.name, a]));
    expect(fields["Site web"]?.type).toBe("PropertyValue");
    expect(fields["Site web"]?.value).toContain('href="https://asso-des-pentes.example/"');
    expect(fields.Contact?.value).toBe("04 72 00 00 00");
    expect(fields.Territoire?.value).toBe("Lyon 1er");

    const events = await app.db.kysely.selectFrom("event_outbox").select("event").execute();
    expect(events.map((e) => JSON.parse(e.event)).filter((e) => e.type === "organization.updated" && e.handle === "asso").length).toBeGreaterThan(0);
  });

  it("refuses a coordinator of another organisation and a citizen, and changes nothing", async () => {
    for (const who of ["bob", "zoe"]) {
      const res = await api(who, "PATCH", "/organizations/asso", { description: "piraté", website: "https://evil.example/" });
      expect(res.status).toBe(403);
      expect(res.type).toContain("application/problem+json");
    }
    expect((await api("", "PATCH", "/organizations/asso", { description: "piraté" })).status).toBe(401);
    const now = await api("zoe", "GET", "/organizations/asso");
    expect(now.body.description).not.toContain("piraté");
    expect(now.body.website).toBe(profile.website);
    // Nor through the web form: the page is not theirs.
    expect((await page("/coordinate/organizations/asso/profile", "bob")).status).toBe(404);
    expect((await post("/coordinate/organizations/asso/profile", "bob", { description: "piraté" })).status).toBe(404);
    expect((await api("zoe", "GET", "/organizations/asso")).body.description).not.toContain("piraté");
  });

  it("lets an administrator edit any organisation's profile", async () => {
    const res = await api("ada", "PATCH", "/organizations/autre", { area: "Villeurbanne" });
    expect(res.status).toBe(200);
    expect(res.body.area).toBe("Villeurbanne");
  });

  it("refuses a street, an http:// website, a contact that is neither an email nor a phone, an unknown domain", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ area: "12 rue de la République, Lyon" }, "area"],
      [{ area: "Avenue Jean Jaurès" }, "area"],
      [{ website: "http://asso.example/" }, "website"],
      [{ website: "javascript:alert(1)" }, "website"],
      [{ contact: "passez nous voir" }, "contact"],
      [{ domains: ["not-a-domain"] }, "domains"],
    ];
    for (const [body, field] of cases) {
      const res = await api("claire", "PATCH", "/organizations/asso", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.type).toContain("application/problem+json");
      expect(JSON.stringify(res.body)).toContain(field);
    }
    expect((await api("claire", "PATCH", "/organizations/asso", { contact: "contact@asso.example" })).body.contact).toBe("contact@asso.example");
    expect((await api("claire", "PATCH", "/organizations/asso", { contact: "" })).body.contact).toBeNull();
    expect((await api("claire", "GET", "/organizations/asso")).body.area).toBe("Lyon 1er");
  });

  it("edits the profile through the web form, says what is wrong next to the field, and shows it on the public page", async () => {
    const form = await (await page("/coordinate/organizations/asso/profile", "claire")).text();
    expect(form).toContain('name="description"');
    expect(form).toContain('value="solidarite-insertion" checked');

    const refused = await post("/coordinate/organizations/asso/profile", "claire", { ...profile, area: "3 place Bellecour" });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('id="area-error"');
    expect(html).toContain("sans rue ni numéro");
    expect(html).toContain("3 place Bellecour"); // what was typed stays

    const saved = await post("/coordinate/organizations/asso/profile", "claire", { ...profile, contact: "contact@asso.example", domains: ["solidarite-insertion", "sante"] });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe("/coordinate/organizations/asso/profile?saved=1");

    const publicPage = await (await page("/@asso")).text();
    expect(publicPage).toContain("<strong>personnes âgées</strong>");
    expect(publicPage).not.toContain("<script>alert");
    expect(publicPage).toContain("contact@asso.example");
    expect(publicPage).toContain("Lyon 1er");
    expect(publicPage).toContain('href="https://asso-des-pentes.example/"');
    expect(publicPage).toMatch(/Domaines d(&#39;|')action\u00a0: [^<]*Santé/);
  });
});
