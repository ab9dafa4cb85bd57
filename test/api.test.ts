// The HTTP API base: problem+json errors, tokens, the OpenAPI document, sessions and CSRF.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../src/domain/accounts/users.ts";
import { testInstance } from "./helpers/app.ts";
import { postLogin } from "./helpers/login.ts";

type App = Awaited<ReturnType<typeof testInstance>>;

describe("the HTTP API", () => {
  let app: App;
  const request = (path: string, init?: RequestInit) => app.http.request(`http://town.test${path}`, init);
  const json = (body: unknown, headers: Record<string, string> = {}) => ({
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

  beforeAll(async () => {
    app = await testInstance({ MAX_BODY_BYTES: "2048", LOGIN_RATE_LIMIT: "1000" });
    await createUser(app.db.kysely, { username: "coord", email: "coord@town.test", password: "a long password" });
  });
  afterAll(async () => {
    await app.close();
  });

  async function problemOf(res: Response) {
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const body = (await res.json()) as { status: number; title: string; detail?: string; errors?: unknown[] };
    expect(body.status).toBe(res.status);
    return body;
  }

  it("exchanges a login and password for a token that authenticates API calls", async () => {
    const res = await request("/api/v1/tokens", json({ login: "coord", password: "a long password", name: "tests" }));
    expect(res.status).toBe(201);
    const { token, id } = (await res.json()) as { token: string; id: string };
    const me = await request("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ username: "coord", role: "citizen", url: "http://town.test/@coord" });

    const list = await request("/api/v1/tokens", { headers: { Authorization: `Bearer ${token}` } });
    expect(((await list.json()) as { id: string; name: string }[]).map((t) => t.name)).toEqual(["tests"]);

    const revoked = await request(`/api/v1/tokens/${id}`, { method: "DELETE", headers: { Authorization: `Bearer ${token}` } });
    expect(revoked.status).toBe(204);
    const after = await request("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
    expect((await problemOf(after)).detail).toBe("the token has been revoked");
  });

  it("answers 401 problem+json for a wrong password, a missing or a malformed token", async () => {
    const wrong = await request("/api/v1/tokens", json({ login: "coord", password: "not the password" }));
    expect(wrong.status).toBe(401);
    expect((await problemOf(wrong)).detail).toBe("wrong login or password");
    const missing = await request("/api/v1/me");
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toContain("Bearer");
    await problemOf(missing);
    const garbage = await request("/api/v1/me", { headers: { Authorization: "Bearer not.a.jwt" } });
    expect(garbage.status).toBe(401);
    await problemOf(garbage);
  });

  it("answers 400 for malformed JSON and 422 naming each invalid field", async () => {
    const malformed = await request("/api/v1/tokens", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{nope",
    });
    expect(malformed.status).toBe(400);
    await problemOf(malformed);
    const invalid = await request("/api/v1/tokens", json({ login: "", days: 0 }));
    expect(invalid.status).toBe(422);
    const body = await problemOf(invalid);
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: "login" }),
        expect.objectContaining({ field: "password" }),
        expect.objectContaining({ field: "days" }),
      ]),
    );
  });

  it("answers 413 for an oversized body, 404 for unknown API paths and 422 for an incomplete need", async () => {
    const big = await request("/api/v1/tokens", json({ login: "x".repeat(4000), password: "y" }));
    expect(big.status).toBe(413);
    await problemOf(big);
    const unknown = await request("/api/v1/nothing-here");
    expect(unknown.status).toBe(404);
    await problemOf(unknown);
    const { token } = (await (await request("/api/v1/tokens", json({ login: "coord", password: "a long password" }))).json()) as {
      token: string;
    };
    const mission = await request("/api/v1/missions", json({ title: "Visites" }, { Authorization: `Bearer ${token}` }));
    expect(mission.status).toBe(422);
    const problem = await problemOf(mission);
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: "organization" })]));
  });

  it("describes every API route in the OpenAPI 3.1 document", async () => {
    const res = await request("/api/v1/openapi.json");
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe("3.1.0");
    const routes = app.http.routes
      .filter((r) => r.path.startsWith("/api/v1/") && r.method !== "ALL")
      .map((r) => `${r.method.toLowerCase()} ${r.path.slice("/api/v1".length).replace(/:(\w+)/g, "{$1}").replace(/\/$/, "")}`);
    expect(routes.length).toBeGreaterThan(4);
    for (const route of routes) {
      const [method, path] = route.split(" ") as [string, string];
      expect(doc.paths[path]?.[method], route).toBeDefined();
    }
  });

  it("logs in with a session cookie (httpOnly, SameSite=Lax) and refuses cookie changes without the CSRF token", async () => {
    const login = await postLogin(request, "", { login: "coord", password: "a long password" });
    expect(login.status).toBe(303);
    const cookie = login.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/entraide_session=[^;]+/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).not.toContain("Secure"); // http here; under https the cookie is Secure
    const session = cookie.split(";")[0]!;

    const home = await request("/", { headers: { Cookie: session } });
    const html = await home.text();
    expect(html).toContain("@coord");
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    expect(csrf).toBeTruthy();

    const forged = await request("/logout", {
      method: "POST",
      headers: { Cookie: session, "Content-Type": "application/x-www-form-urlencoded" },
      body: "",
    });
    expect(forged.status).toBe(403);
    expect(await (await request("/api/v1/me", { headers: { Cookie: session } })).json()).toMatchObject({ username: "coord" });

    const logout = await request("/logout", {
      method: "POST",
      headers: { Cookie: session, "Content-Type": "application/x-www-form-urlencoded" },
      body: `_csrf=${encodeURIComponent(csrf!)}`,
    });
    expect(logout.status).toBe(303);
    expect((await request("/api/v1/me", { headers: { Cookie: session } })).status).toBe(401);
  });

  it("marks the session cookie Secure behind an https proxy when TRUST_PROXY is set", async () => {
    const proxied = await testInstance({ TRUST_PROXY: "true", PUBLIC_URL: "http://town.test" });
    try {
      await createUser(proxied.db.kysely, { username: "ana", email: "ana@town.test", password: "a long password" });
      const res = await postLogin(proxied.http.request, "http://town.test", { login: "ana", password: "a long password" }, { "X-Forwarded-Proto": "https" });
      expect(res.headers.get("set-cookie")).toContain("Secure");
    } finally {
      await proxied.close();
    }
  });

  it("shows a readable message for a failed login", async () => {
    const res = await postLogin(request, "", { login: "coord", password: "wrong" });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain("Identifiant ou mot de passe incorrect.");
  });
});

describe("rate limits", () => {
  it("answer a burst of login attempts with 429 problem+json and Retry-After", async () => {
    const app = await testInstance({ LOGIN_RATE_LIMIT: "3" });
    try {
      const attempt = () =>
        app.http.request("http://town.test/api/v1/tokens", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ login: "nobody", password: "guess" }),
        });
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await attempt()).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const limited = await attempt();
      expect(limited.headers.get("content-type")).toContain("application/problem+json");
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await limited.json()).toMatchObject({ status: 429, title: "Too Many Requests" });

      // Sign-ups from one address: the same number per hour.
      const signup = () =>
        app.http.request("http://town.test/signup", {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: "username=x&email=x&password=y",
        });
      const signups = [];
      for (let i = 0; i < 4; i++) signups.push((await signup()).status);
      expect(signups.slice(0, 3).every((s) => s !== 429)).toBe(true);
      expect(signups[3]).toBe(429);
    } finally {
      await app.close();
    }
  });
});

describe("actor web pages", () => {
  it("serve an organisation at /@handle, with how to follow it from Mastodon", async () => {
    const app = await testInstance();
    try {
      const { createOrganization } = await import("../src/domain/organizations/organizations.ts");
      await createOrganization(app.db.kysely, { handle: "asso", name: "Asso <Solidaire>" });
      const res = await app.http.request("http://town.test/@asso", { headers: { Accept: "text/html" } });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain("Asso &lt;Solidaire&gt;");
      expect(html).toContain("@asso@town.test");
      expect((await app.http.request("http://town.test/@nobody", { headers: { Accept: "text/html" } })).status).toBe(404);
    } finally {
      await app.close();
    }
  });
});
