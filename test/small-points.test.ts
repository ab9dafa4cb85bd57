// Issue 16, point 8 and the typography in this area: the favicon, mail under the
// instance's name, "d'Entraide", the audit log in words, names kept as typed, the
// hint of "Ajouter un membre", the home page's domains with their counts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../src/domain/accounts/sessions.ts";
import { issueToken, loadTokenKeys } from "../src/domain/accounts/tokens.ts";
import { type Account, createUser } from "../src/domain/accounts/users.ts";
import { silentEvents } from "../src/domain/events.ts";
import { enqueueMail } from "../src/domain/mail/outbox.ts";
import { createNeed } from "../src/domain/needs/service.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import type { Instance } from "../src/main.ts";
import { translator } from "../web/i18n/index.ts";
import { apiAs, testInstance } from "./helpers/app.ts";
import { needInput } from "./helpers/needs.ts";
import { smtpServer } from "./helpers/smtp.ts";
import { until } from "./helpers/wait.ts";

describe("the smaller points", () => {
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  let app: Instance;
  let admin: Account;
  let api: ReturnType<typeof apiAs>;
  let session: { cookie: string; csrf: string };
  const page = async (path: string, headers: Record<string, string> = {}) => {
    const res = await app.http.request(`http://town.test${path}`, { headers: { Accept: "text/html", "Accept-Language": "fr", Cookie: session.cookie, ...headers } });
    return { status: res.status, type: res.headers.get("content-type"), html: await res.text() };
  };

  beforeAll(async () => {
    smtp = await smtpServer();
    // SMTP_FROM left unset: its default has no name, and mail goes under the instance's.
    app = await testInstance({ SMTP_URL: `smtp://entraide:s3cret@127.0.0.1:${smtp.port}`, LOGIN_RATE_LIMIT: "1000" });
    const db = app.db.kysely;
    admin = await createUser(db, { username: "ada", email: "ada@town.test", password: "a long password", role: "admin" });
    await createOrganization(db, { handle: "asso", name: "Asso", coordinatorId: admin.id });
    api = apiAs(app, { ada: (await issueToken(db, await loadTokenKeys(db, app.config.publicUrl.origin), admin.id)).token });
    const made = await createSession(db, admin.id);
    session = { cookie: `entraide_session=${made.secret}`, csrf: made.csrf };
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it("serves a favicon at /favicon.ico, linked from every page", async () => {
    const icon = await app.http.request("http://town.test/favicon.ico");
    expect([icon.status, icon.headers.get("content-type")]).toEqual([200, "image/svg+xml"]);
    expect(await icon.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect((await page("/")).html).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml"/>');
    expect((await app.http.request("http://town.test/favicon.svg")).status).toBe(200);
  });

  it("sends the password-reset mail under the instance's name once the administrator renamed it", async () => {
    expect((await api("ada", "PATCH", "/instance/settings", { name: "Solidarités Vaise" })).status).toBe(200);
    await enqueueMail(app.db.kysely, { kind: "reset", email: "ada@town.test", language: "fr" });
    while ((await app.mail.runOnce()) > 0);
    await until("the reset mail", async () => smtp.inbox.length > 0);
    const mail = smtp.inbox.at(-1)!.mail;
    expect(mail.from?.value).toEqual([{ name: "Solidarités Vaise", address: "noreply@town.test" }]);
    expect(mail.subject).toBe("Choisir un nouveau mot de passe sur Solidarités Vaise");
    expect(mail.text).toContain("— Solidarités Vaise");
    expect(`${mail.subject} ${mail.text} ${mail.from?.text}`).not.toContain("Entraide");
  });

  it("elides 'de' before a vowel in French: « À propos d'Entraide »", async () => {
    const fr = translator("fr");
    expect(fr("about.heading", { name: "Entraide" })).toBe("À propos d'Entraide");
    expect(fr("about.heading", { name: "Solidarités Vaise" })).toBe("À propos de Solidarités Vaise");
    expect(fr("orgSettings.title", { name: "Emmaüs" })).toBe("Réglages d'Emmaüs");
    expect(translator("en")("about.heading", { name: "Entraide" })).toBe("About Entraide");
    expect((await api("ada", "PATCH", "/instance/settings", { name: "Entraide Vaise" })).status).toBe(200);
    // The settings are kept for a little while by each process: the page reads them again.
    await until("the about page to say the new name", async () => (await page("/about")).html.includes("<h1>À propos d&#39;Entraide Vaise</h1>"), 40_000);
  }, 60_000);

  it("shows the audit log's actions in words, not as keys", async () => {
    const html = (await page("/admin/moderation")).html;
    expect(html).toContain("Réglages de l&#39;instance modifiés");
    expect(html).not.toContain("<code>instance.settings</code>");
  });

  it("keeps a name as it was typed in the error about it", async () => {
    const res = await app.http.request("http://town.test/admin/organizations", {
      method: "POST",
      headers: { Cookie: session.cookie, "Content-Type": "application/x-www-form-urlencoded", Accept: "text/html", "Accept-Language": "fr" },
      body: new URLSearchParams({ _csrf: session.csrf, handle: "Jeanne Martin", name: "Jeanne Martin" }),
    });
    const html = await res.text();
    expect(html).toContain("« Jeanne Martin » ne convient pas");
    expect(html).not.toContain("« jeanne martin »");
  });

  it("says what to type to add a member", async () => {
    const html = (await page("/admin")).html;
    expect(html).toMatch(/<p class="hint" id="member-asso-hint">Le nom d&#39;utilisateur ou l&#39;adresse e-mail d&#39;un compte de cette instance/);
    expect(html).toContain('aria-describedby="member-asso-hint"');
  });

  it("lists the pilot domains first on the home page, each with its open needs' count, and folds the empty others", async () => {
    await createNeed(app.db.kysely, silentEvents, admin, needInput({ title: "Visites", domains: ["personnes-agees"] }));
    await createNeed(app.db.kysely, silentEvents, admin, needInput({ title: "Jardin", domains: ["environnement", "personnes-agees"] }));
    await createNeed(app.db.kysely, silentEvents, admin, needInput({ title: "Brouillon", domains: ["sport"], status: "draft" }));
    const html = (await page("/", { Cookie: "" })).html;
    const section = html.slice(html.indexOf('id="domains-heading"'));
    const items = [...section.matchAll(/<li><a href="\/search\?domain=([\w-]+)">[^<]+<\/a> \(([^)]+)\)<\/li>/g)].map((m) => [m[1], m[2]]);
    expect(items.slice(0, 4)).toEqual([
      ["personnes-agees", "2 missions ouvertes"],
      ["sante", "0 mission ouverte"],
      ["education", "0 mission ouverte"],
      ["environnement", "1 mission ouverte"],
    ]);
    // The other domains without an open need (the draft counts for nothing) are folded.
    const folded = section.slice(section.indexOf("<details>"));
    expect(folded).toContain("<summary>Domaines sans mission ouverte en ce moment (16)</summary>");
    expect(folded).toContain('href="/search?domain=sport"');
    expect(folded).not.toContain('href="/search?domain=environnement"');
  });
});
