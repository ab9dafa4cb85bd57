// Accounts under attack: open redirects, what a password change or reset leaves open,
// secrets in the request log, who has an account (sign-up), login CSRF and token lifetimes.
// Each attack is made as an attacker would make it, and must be refused.
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestPasswordReset } from "../src/domain/accounts/resets.ts";
import { issueToken, loadTokenKeys, MAX_TOKEN_DAYS } from "../src/domain/accounts/tokens.ts";
import { createUser } from "../src/domain/accounts/users.ts";
import { DomainError } from "../src/domain/errors.ts";
import { testInstance } from "./helpers/app.ts";
import { loginForm, postLogin } from "./helpers/login.ts";
import { runCli, type ServerProcess, serverDb, startServer } from "./helpers/server.ts";
import { smtpServer } from "./helpers/smtp.ts";
import { until } from "./helpers/wait.ts";

const PASSWORD = "a long password";
const ORIGIN = "http://town.test";

/** What a browser does with a Location: resolve it against the page's address. */
const landsOn = (location: string | null) => new URL(location ?? "", ORIGIN);

// Each leads a browser to evil.example when sent back as a Location as it is.
const HOSTILE = [
  "/\t/evil.example", // browsers drop tabs: "//evil.example"
  "/\n/evil.example",
  "/\r\n/evil.example",
  "//evil.example",
  "/\\evil.example", // a backslash is a slash in http(s) URLs
  "/\\/evil.example",
  "https://evil.example",
  "/.//evil.example", // parses to the path "//evil.example"
  " //evil.example",
];

describe("accounts under attack, in-process", () => {
  let app: Awaited<ReturnType<typeof testInstance>>;
  const request = (path: string, init: RequestInit = {}) =>
    app.http.request(`${ORIGIN}${path}`, { ...init, headers: { Accept: "text/html", ...init.headers } });
  const form = (body: Record<string, string>, headers: Record<string, string> = {}): RequestInit => ({
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(body).toString(),
  });
  const session = async (login: string, password = PASSWORD) => {
    const res = await postLogin(app.http.request, ORIGIN, { login, password });
    expect(res.status).toBe(303);
    const cookie = /entraide_session=[^;]+/.exec(res.headers.get("set-cookie") ?? "")![0];
    const html = await (await request("/me", { headers: { Cookie: cookie } })).text();
    return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(html)![1]! };
  };
  const token = async (login: string, password = PASSWORD) => {
    const res = await app.http.request(`${ORIGIN}/api/v1/tokens`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ login, password }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { token: string }).token;
  };
  const me = async (auth: { token?: string; cookie?: string }) =>
    (
      await app.http.request(`${ORIGIN}/api/v1/me`, {
        headers: auth.token ? { Authorization: `Bearer ${auth.token}` } : { Cookie: auth.cookie! },
      })
    ).status;

  beforeAll(async () => {
    app = await testInstance({ LOGIN_RATE_LIMIT: "1000" });
    for (const username of ["ines", "omar", "rose"]) {
      await createUser(app.db.kysely, { username, email: `${username}@town.test`, password: PASSWORD });
    }
  });
  afterAll(async () => {
    await app?.close();
  });

  it("sends the language switch back only to a path of this site", async () => {
    // The report's own case, as a browser sends it.
    const reported = await request("/lang/en?back=%2F%09%2Fevil.example");
    expect(reported.status).toBe(303);
    expect(reported.headers.get("location")).toBe("/");
    // "/%5Cevil.example" in the query is "/\evil.example" once decoded.
    expect((await request("/lang/en?back=/%5Cevil.example")).headers.get("location")).toBe("/");
    expect((await request("/lang/en?back=/%0D%0A/evil.example")).headers.get("location")).toBe("/");
    for (const back of HOSTILE) {
      const res = await request(`/lang/en?back=${encodeURIComponent(back)}`);
      expect(res.status, back).toBe(303);
      expect(res.headers.get("location"), back).toBe("/");
    }
    // An encoded backslash stays encoded in a path: a page here, not another site.
    const encoded = await request(`/lang/en?back=${encodeURIComponent("/%5Cevil.example")}`);
    expect(landsOn(encoded.headers.get("location")).origin).toBe(ORIGIN);
    // Paths of this site still work, query included.
    const fine = await request(`/lang/en?back=${encodeURIComponent("/search?q=mus%C3%A9e&domain=sante")}`);
    expect(fine.headers.get("location")).toBe("/search?q=mus%C3%A9e&domain=sante");
  });

  it("sends a login's next only to a path of this site", async () => {
    for (const next of HOSTILE) {
      const res = await postLogin(app.http.request, ORIGIN, { login: "ines", password: PASSWORD, next });
      expect(res.status, JSON.stringify(next)).toBe(303);
      expect(res.headers.get("location"), JSON.stringify(next)).toBe("/");
    }
    const fine = await postLogin(app.http.request, ORIGIN, { login: "ines", password: PASSWORD, next: "/me/alerts?created=1" });
    expect(fine.headers.get("location")).toBe("/me/alerts?created=1");
    // A Referer of this site whose path reads as another host: the remote-follow form no longer goes back to it.
    const back = await request("/remote-follow?account=nope&instance=", { headers: { Referer: `${ORIGIN}//evil.example/x` } });
    expect([back.status, back.headers.get("location")]).toEqual([422, null]);
  });

  it("ends the other sessions and every API token when the password is changed", async () => {
    const apiToken = await token("omar");
    const here = await session("omar");
    const elsewhere = await session("omar");
    expect(await me({ token: apiToken })).toBe(200);
    expect(await me(elsewhere)).toBe(200);

    const changed = await request(
      "/me/password",
      form({ _csrf: here.csrf, current: PASSWORD, password: "a brand new password" }, { Cookie: here.cookie }),
    );
    expect(changed.status).toBe(303);
    expect(await me({ token: apiToken })).toBe(401);
    expect(changed.headers.get("location")).toBe("/me?password=1");
    const refused = await app.http.request(`${ORIGIN}/api/v1/me`, { headers: { Authorization: `Bearer ${apiToken}` } });
    expect(await refused.json()).toMatchObject({ code: "token_revoked" });
    expect(await me(elsewhere)).toBe(401);
    // The session that changed it stays, and is told what ended, in its language.
    expect(await me(here)).toBe(200);
    const told = await (await request("/me?password=1", { headers: { Cookie: here.cookie } })).text();
    expect(told).toContain("Vos autres sessions et tous vos jetons d&#39;API ont été fermés");
    const toldEn = await (await request("/me?password=1", { headers: { Cookie: here.cookie, "Accept-Language": "en" } })).text();
    expect(toldEn).toContain("Your other sessions and all your API tokens were ended");
    // A new token works again.
    expect(await me({ token: await token("omar", "a brand new password") })).toBe(200);
  });

  it("ends every session and API token when the password is reset", async () => {
    const apiToken = await token("rose");
    const open = await session("rose");
    const reset = await requestPasswordReset(app.db.kysely, "rose@town.test");
    const done = await request(`/password-reset/${reset!.secret}`, form({ password: "a reset long password" }));
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/login?reset=1");
    expect(await me({ token: apiToken })).toBe(401);
    expect(await me(open)).toBe(401);
    const told = await (await request("/login?reset=1")).text();
    expect(told).toContain("Toutes vos sessions et vos jetons d&#39;API ont été fermés");
  });

  it("keeps the reset link's secret out of the Referer", async () => {
    const reset = await requestPasswordReset(app.db.kysely, "ines@town.test");
    const opened = await request(`/password-reset/${reset!.secret}`);
    expect(opened.status).toBe(200);
    expect(opened.headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("refuses a login form posted without its CSRF token, with a readable page", async () => {
    // Another site's form: the login and password of the attacker's account, no token, no cookie.
    const forged = await request("/login", form({ login: "ines", password: PASSWORD }));
    expect(forged.status).toBe(403);
    expect(forged.headers.get("set-cookie") ?? "").not.toContain("entraide_session");
    const html = await forged.text();
    expect(html).toContain("Ce formulaire a expiré ou ne vient pas de ce site.");
    expect(html).toMatch(/name="_csrf" value="[\w-]{32}"/); // a fresh form to try again
    // A token of the attacker's own, with a cookie of another visit: still refused.
    const mine = await loginForm(app.http.request, ORIGIN);
    const theirs = await loginForm(app.http.request, ORIGIN);
    const mixed = await request("/login", form({ _csrf: theirs.csrf, login: "ines", password: PASSWORD }, { Cookie: mine.cookie }));
    expect(mixed.status).toBe(403);
    const noCookie = await request("/login", form({ _csrf: mine.csrf, login: "ines", password: PASSWORD }));
    expect(noCookie.status).toBe(403);
    const english = await request("/login", form({ login: "ines", password: PASSWORD }, { "Accept-Language": "en" }));
    expect(await english.text()).toContain("This form has expired or did not come from this site.");
    // The form as this site served it: signed in.
    const ok = await request("/login", form({ _csrf: mine.csrf, login: "ines", password: PASSWORD }, { Cookie: mine.cookie }));
    expect(ok.status).toBe(303);
    expect(ok.headers.get("set-cookie")).toMatch(/entraide_session=/);
    // The cookie goes only to /login, and no other site's page can send it (SameSite=Strict).
    const set = (await request("/login")).headers.get("set-cookie") ?? "";
    expect(set).toMatch(/entraide_login=[\w-]{32}; Max-Age=86400; Path=\/login; HttpOnly; SameSite=Strict/);
  });

  it("caps a token's lifetime at 365 days", async () => {
    const ask = (days: number) =>
      app.http.request(`${ORIGIN}/api/v1/tokens`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ login: "ines", password: PASSWORD, days }),
      });
    const tooLong = await ask(366);
    expect(tooLong.status).toBe(422);
    expect(tooLong.headers.get("content-type")).toContain("application/problem+json");
    expect(await tooLong.json()).toMatchObject({ errors: [{ field: "days" }] });
    expect((await ask(3650)).status).toBe(422);
    const year = await ask(365);
    expect(year.status).toBe(201);
    const { expires } = (await year.json()) as { expires: string };
    expect(Math.round((Date.parse(expires) - Date.now()) / 86_400_000)).toBe(365);
    expect(MAX_TOKEN_DAYS).toBe(365);
    // The domain refuses it too, whoever asks (the command line, below, uses it).
    const user = await app.db.kysely.selectFrom("users").select("id").where("email", "=", "ines@town.test").executeTakeFirstOrThrow();
    const keys = await loadTokenKeys(app.db.kysely, app.config.publicUrl.origin);
    const refused = await issueToken(app.db.kysely, keys, user.id, { days: 400 }).catch((error) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: "token_days", params: { max: 365 } });
    // A token made before the cap, for ten years, ends once it is a year old.
    const old = await new SignJWT({ scope: "api" })
      .setProtectedHeader({ alg: "EdDSA", typ: "JWT" })
      .setIssuer(keys.issuer)
      .setSubject(user.id)
      .setJti("old-token")
      .setIssuedAt(Math.floor(Date.now() / 1000) - 366 * 86_400)
      .setExpirationTime(Math.floor(Date.now() / 1000) + 3284 * 86_400)
      .sign(keys.privateKey);
    await app.db.kysely
      .insertInto("api_tokens")
      .values({ id: "old-token", user_id: user.id, name: "old", created: new Date(Date.now() - 366 * 86_400_000).toISOString(), expires: "2035-11-30T00:00:00.000Z" })
      .execute();
    const tooOld = await app.http.request(`${ORIGIN}/api/v1/me`, { headers: { Authorization: `Bearer ${old}` } });
    expect(tooOld.status).toBe(401);
    expect(await tooOld.json()).toMatchObject({ code: "token_expired" });
    // The OpenAPI description says so.
    const doc = await (await app.http.request(`${ORIGIN}/api/v1/openapi.json`)).json();
    expect(doc.paths["/tokens"].post.description).toContain("at most 365");
    expect(doc.components.schemas.TokenRequest.properties.days.maximum).toBe(365);
  });
});

describe("accounts under attack, a real server with a real SMTP server", () => {
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  let server: ServerProcess;
  const mailsTo = (address: string) => smtp.inbox.filter((m) => m.to.includes(address));
  const post = (path: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "text/html", ...headers },
      body: new URLSearchParams(body).toString(),
    });
  const json = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

  beforeAll(async () => {
    smtp = await smtpServer();
    server = await startServer({
      env: {
        SMTP_URL: `smtp://entraide:s3cret@127.0.0.1:${smtp.port}`,
        SMTP_FROM: "Entraide <entraide@town.test>",
        INSTANCE_NAME: "Entraide Test",
        LOGIN_RATE_LIMIT: "1000",
      },
    });
    const made = runCli(["user", "create", "nadia", "--email", "nadia@town.test"], server.env, `${PASSWORD}\n`);
    expect(made.status, made.stderr).toBe(0);
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
    await smtp?.close();
  });

  it("never writes a reset link's secret to the request log", async () => {
    expect((await post("/password-reset", { email: "nadia@town.test" })).status).toBe(200);
    const mail = await until("the reset mail", async () => mailsTo("nadia@town.test").find((m) => m.mail.subject?.includes("mot de passe")));
    const link = /https?:\/\/\S+\/password-reset\/([\w-]+)/.exec(mail.mail.text ?? "");
    const secret = link![1]!;
    expect((await fetch(link![0])).status).toBe(200);
    expect((await post(`/password-reset/${secret}`, { password: "short" })).status).toBe(422);
    expect((await post(`/password-reset/${secret}`, { password: "a reset long password" })).status).toBe(303);
    expect((await fetch(link![0])).status).toBe(410);
    // The four requests are logged, by path, without the secret.
    await until("the request lines", async () => (server.logs().match(/(?:GET|POST) \/password-reset\/\S+ \d{3}/g) ?? []).length >= 4);
    expect(server.logs()).not.toContain(secret);
    expect(server.logs()).toMatch(/GET \/password-reset\/… 200/);
    expect(server.logs()).toMatch(/POST \/password-reset\/… 303/);
  });

  it("answers a sign-up the same for a taken and a free address, and mails the owner instead", async () => {
    const fields = { username: "newcomer", password: PASSWORD, displayName: "Nouvelle", consent: "yes", age: "adult" };
    // First with the address of nadia's account (no account is made), then with a free one.
    const taken = await post("/signup", { ...fields, email: "Nadia@town.test" });
    const free = await post("/signup", { ...fields, email: "newcomer@town.test" });
    expect(taken.status).toBe(200);
    expect(free.status).toBe(taken.status);
    expect(free.headers.get("set-cookie")).toBe(taken.headers.get("set-cookie"));
    const takenPage = await taken.text();
    expect(await free.text()).toBe(takenPage);
    expect(takenPage).toContain("Merci. Nous avons envoyé un message à l&#39;adresse indiquée");
    expect(takenPage).not.toContain("nadia");

    // The owner is told, in the page's language, with where to log in or reset.
    const warned = await until("the owner's mail", async () => mailsTo("nadia@town.test").find((m) => m.mail.subject?.startsWith("Tentative")));
    expect(warned.mail.subject).toBe("Tentative d'inscription avec votre adresse sur Entraide Test");
    expect(warned.mail.text).toContain("Quelqu'un a essayé de créer un compte sur Entraide Test avec votre adresse, qui est déjà celle de votre compte @nadia.");
    expect(warned.mail.text).toContain(`${server.url}/password-reset`);
    expect(warned.mail.text).toContain(`${server.url}/login`);
    const welcome = await until("the welcome mail", async () => mailsTo("newcomer@town.test")[0]);
    expect(welcome.mail.subject).toBe("Votre compte sur Entraide Test");
    // Only the free address got an account; nadia's is untouched.
    expect((await postLogin(fetch, server.url, { login: "newcomer@town.test", password: PASSWORD })).status).toBe(303);
    expect((await postLogin(fetch, server.url, { login: "nadia", password: "a reset long password" })).status).toBe(303);
    const db = serverDb(server);
    try {
      const users = await db.kysely.selectFrom("users").select("email").orderBy("email").execute();
      expect(users.map((u) => u.email)).toEqual(["nadia@town.test", "newcomer@town.test"]);
    } finally {
      await db.close();
    }
    // A taken username is still said, whatever the address.
    const name = await post("/signup", { ...fields, email: "other@town.test" });
    expect(name.status).toBe(422);
    expect(await name.text()).toContain("Le nom « newcomer » est déjà pris");
    const nameAndEmail = await post("/signup", { ...fields, username: "nadia", email: "nadia@town.test" });
    expect(await nameAndEmail.text()).toContain("Le nom « nadia » est déjà pris");
  });

  it("answers the API's sign-up the same for a taken and a free address", async () => {
    const fields = { username: "apiuser", password: PASSWORD, display_name: "Api", agreement: true, age: "adult" };
    const taken = await json("/api/v1/accounts", { ...fields, email: "nadia@town.test" });
    const free = await json("/api/v1/accounts", { ...fields, email: "apiuser@town.test" });
    expect(taken.status).toBe(202);
    expect(free.status).toBe(202);
    const takenBody = await taken.text();
    expect(await free.text()).toBe(takenBody);
    expect(JSON.parse(takenBody)).toEqual({ username: "apiuser", display_name: "Api", detail: "a message was sent to the address: it says how to log in" });
    await until("the owner's second mail", async () => mailsTo("nadia@town.test").filter((m) => m.mail.subject?.startsWith("Tentative")).length === 2);
    await until("the API user's welcome", async () => mailsTo("apiuser@town.test").length === 1);
  });

  it("caps the lifetime of a token made on the command line", async () => {
    const long = runCli(["token", "create", "nadia", "--days", "400"], server.env);
    expect(long.status).not.toBe(0);
    expect(long.stderr).toContain("a token lasts from 1 to 365 days");
    const year = runCli(["token", "create", "nadia", "--days", "365"], server.env);
    expect(year.status, year.stderr).toBe(0);
  });
});
