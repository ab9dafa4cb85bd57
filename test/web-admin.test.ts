// The administration pages and offers from the web, in-process: forms with a
// session cookie and the _csrf field, 303 on success, the message next to the
// field on failure, 403 for citizens.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findActorByHandle, INSTANCE_HANDLE } from "../src/domain/actors/actors.ts";
import { createUser } from "../src/domain/accounts/users.ts";
import { recordReceivedReport } from "../src/domain/moderation/moderation.ts";
import { testInstance } from "./helpers/app.ts";
import { postLogin } from "./helpers/login.ts";

describe("the administration pages", () => {
  let app: Awaited<ReturnType<typeof testInstance>>;
  const sessions: Record<string, { cookie: string; csrf: string }> = {};
  const page = (path: string, who?: string, init: RequestInit = {}) =>
    app.http.request(`http://town.test${path}`, {
      ...init,
      headers: { Accept: "text/html", "Accept-Language": "en", ...(who ? { Cookie: sessions[who]!.cookie } : {}), ...init.headers },
    });
  const post = (path: string, who: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams({ _csrf: sessions[who]!.csrf });
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
    return page(path, who, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: body.toString() });
  };

  beforeAll(async () => {
    app = await testInstance({ LOGIN_RATE_LIMIT: "1000" });
    const db = app.db.kysely;
    await createUser(db, { username: "ada", email: "a@town.test", password: "a long password", role: "admin" });
    await createUser(db, { username: "modo", email: "m@town.test", password: "a long password", role: "moderator" });
    await createUser(db, { username: "zoe", email: "z@town.test", password: "a long password" });
    for (const login of ["ada", "modo", "zoe"]) {
      const res = await postLogin(app.http.request, "http://town.test", { login, password: "a long password" });
      const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
      const html = await (await app.http.request("http://town.test/me", { headers: { Accept: "text/html", Cookie: cookie } })).text();
      sessions[login] = { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "" };
    }
  });
  afterAll(async () => {
    await app.close();
  });

  it("refuses the moderation and federation pages to a citizen with a 403 page", async () => {
    for (const path of ["/admin/moderation", "/admin/federation"]) {
      const res = await page(path, "zoe");
      expect(res.status).toBe(403);
      expect(res.headers.get("content-type")).toContain("text/html");
      expect(await res.text()).toContain("moderators and administrators only");
    }
    expect((await post("/admin/moderation/domain-blocks", "zoe", { domain: "spam.example" })).status).toBe(403);
    expect(await app.db.kysely.selectFrom("domain_blocks").selectAll().execute()).toEqual([]);
    expect((await page("/admin/moderation")).headers.get("location")).toBe("/login?next=%2Fadmin%2Fmoderation");
  });

  it("lets a moderator block a domain through the form, lists it, and writes the audit log", async () => {
    const home = await (await page("/", "modo")).text();
    expect(home).toContain('href="/admin/moderation"');
    const res = await post("/admin/moderation/domain-blocks", "modo", { domain: "Spam.Example", severity: "silence", reason: "ads" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/moderation?done=1");
    const html = await (await page("/admin/moderation", "modo")).text();
    expect(html).toMatch(/<td>spam\.example<\/td><td>Silence: keep it out of public listings<\/td><td>ads<\/td>/);
    expect(html).toContain("Lift the block on spam.example");
    expect(html).toMatch(/<td>@modo<\/td><td>Server silenced<\/td><td>spam\.example<\/td>/);
    expect(await app.contextData.db.selectFrom("domain_blocks").select(["domain", "severity"]).execute()).toEqual([
      { domain: "spam.example", severity: "silence" },
    ]);
  });

  it("shows a refused form's message next to its field", async () => {
    const res = await post("/admin/moderation/actor-blocks", "modo", { uri: "not a uri" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/aria-describedby="uri-error"[^>]*>\s*<p class="error" id="uri-error">&quot;not a uri&quot; is not the address of an account.<\/p>/);
    expect(html).toContain('value="not a uri"');
    // The account is asked as people see it, in a field as wide as the others (a text field, not a URL one).
    expect(html).toMatch(/<label for="uri">The account, as it is shown \(for example @name@server\.example\)/);
    expect(html).toMatch(/<input id="uri" name="uri" type="text"/);
  });

  it("resolves a report through the form", async () => {
    const { id } = await recordReceivedReport(app.db.kysely, app.contextData.events, {
      flagUri: "https://elsewhere.example/flags/1",
      reporterUri: "https://elsewhere.example/actor",
      targets: ["http://town.test/users/zoe"],
      comment: "Spam in offers",
    });
    const before = await (await page("/admin/moderation", "modo")).text();
    expect(before).toContain("Comment: Spam in offers");
    expect(before).toContain("Reported by https://elsewhere.example/actor");
    expect(before).toContain(`action="/admin/moderation/reports/${id}/resolve"`);
    const res = await post(`/admin/moderation/reports/${id}/resolve`, "modo", {});
    expect(res.status).toBe(303);
    const after = await (await page("/admin/moderation", "modo")).text();
    expect(after).not.toContain("Spam in offers");
    expect(after).toContain("No open report.");
    const report = await app.db.kysely.selectFrom("reports").select(["status"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(report.status).toBe("resolved");
    expect(after).toMatch(/<td>Report resolved<\/td><td>/);
  });

  it("lists the instances and relays followed; only administrators follow and unfollow", async () => {
    const db = app.db.kysely;
    const instance = (await findActorByHandle(db, INSTANCE_HANDLE))!;
    const at = new Date().toISOString();
    const remote = (id: string, uri: string, name: string, software: string | null) => ({
      id, uri, type: "Application", handle: null, name, url: null, inbox: `${uri}/inbox`, shared_inbox: null, software, updated: at,
    });
    await db.insertInto("remote_actors").values([
      remote("town-b", "https://town-b.example/actor", "Town B", "entraide"),
      remote("relay", "https://relay.example/actor", "Relay", "relay"),
    ]).execute();
    await db.insertInto("following").values([
      { actor_id: instance.id, target_id: "town-b", follow_uri: "http://town.test/follows/1", accepted: 1, created: at },
      { actor_id: instance.id, target_id: "relay", follow_uri: "http://town.test/follows/2", accepted: 0, created: at },
    ]).execute();

    const seen = await (await page("/admin/federation", "modo")).text();
    expect(seen).toMatch(/Town B<br\/><a href="https:\/\/town-b\.example\/actor"[^>]*>[^<]*<\/a><\/td><td>Instance<\/td><td>accepted/);
    expect(seen).toMatch(/Relay<br\/><a href="https:\/\/relay\.example\/actor"[^>]*>[^<]*<\/a><\/td><td>Relay<\/td><td>pending/);
    expect(seen).not.toContain('action="/admin/federation/unfollow"');
    expect(seen).toContain("Only administrators choose");
    const refused = await post("/admin/federation/follows", "modo", { target: "https://town-c.example" });
    expect(refused.status).toBe(403);

    const asAdmin = await (await page("/admin/federation", "ada")).text();
    expect(asAdmin).toContain("Unfollow Town B");
    expect(asAdmin).toContain('<label for="follow">');
    const unfollowed = await post("/admin/federation/unfollow", "ada", { target: "https://town-b.example/actor" });
    expect(unfollowed.status).toBe(303);
    const after = await (await page("/admin/federation", "ada")).text();
    expect(after).not.toContain("Town B");
    const log = await db.selectFrom("audit_log").select(["action", "target"]).where("action", "like", "instance.%").execute();
    expect(log).toEqual([{ action: "instance.unfollow", target: "https://town-b.example/actor" }]);
  });

  it("lets a citizen publish an offer from my space, find it at /offers/{id}, and close it", async () => {
    const me = await (await page("/me", "zoe")).text();
    expect(me).toContain('<form method="post" action="/me/offers">');
    const res = await post("/me/offers", "zoe", {
      title: "Cours de couture",
      description: "Deux *heures* par semaine.",
      domains: ["culture-loisirs", "education"],
      availability: "Le samedi matin",
      place_label: "Centre social",
      place_mode: "both",
      visibility: "public",
    });
    expect(res.status).toBe(303);
    const location = res.headers.get("location") ?? "";
    expect(location).toMatch(/^\/offers\/[\w-]+$/);
    const offer = await (await page(location)).text();
    expect(offer).toContain("<h1>🤝 Cours de couture</h1>");
    expect(offer).toContain("<em>heures</em>");
    const row = await app.db.kysely.selectFrom("offers").selectAll().executeTakeFirstOrThrow();
    expect({ domains: JSON.parse(row.domains), mode: row.place_mode, visibility: row.visibility, status: row.status }).toEqual({
      domains: ["culture-loisirs", "education"],
      mode: "both",
      visibility: "public",
      status: "open",
    });
    const listed = await (await page("/me", "zoe")).text();
    expect(listed).toContain(`action="${location}/close"`.replace("/offers/", "/me/offers/"));
    const closed = await post(`/me${location}/close`, "zoe", {});
    expect(closed.status).toBe(303);
    expect((await app.db.kysely.selectFrom("offers").select("status").executeTakeFirstOrThrow()).status).toBe("closed");
    expect(await (await page("/me", "zoe")).text()).toContain("You have published no offer.");
  });

  it("shows the offer form's error next to the field and keeps what was typed", async () => {
    const res = await post("/me/offers", "zoe", {
      title: "",
      domains: "sante",
      availability: "Le mardi",
      place_label: "Gerland",
      place_mode: "on_site",
      visibility: "local",
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/<input id="title" name="title"[^>]*aria-describedby="title-error"\/><p class="error" id="title-error">This field is required\.<\/p>/);
    expect(html).toContain('value="Le mardi"');
    expect(html).toMatch(/value="sante" checked=""/);
    expect(html).not.toContain('id="availability-error"');
  });
});
