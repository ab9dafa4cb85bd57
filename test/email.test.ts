// Mail for real: a real SMTP server (smtp-server) on a loopback port receives what a
// real Entraide server sends: password reset links, alerts about needs, and nothing
// it must not send. Without SMTP_URL, the reset link goes to the log.
import { createServer, type Server, type Socket } from "node:net";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../src/config.ts";
import { createAlert, listAlerts } from "../src/domain/alerts/alerts.ts";
import { createUser } from "../src/domain/accounts/users.ts";
import { enqueueMail } from "../src/domain/mail/outbox.ts";
import type { MailMessage } from "../src/domain/mail/mailer.ts";
import { createNeed } from "../src/domain/needs/service.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { MailWorker, alertSubject } from "../src/mail/worker.ts";
import { apiAs, testInstance } from "./helpers/app.ts";
import { apiClient, freePort, runCli, type ServerProcess, serverDb, startServer } from "./helpers/server.ts";
import { smtpServer } from "./helpers/smtp.ts";
import { until } from "./helpers/wait.ts";
import { postLogin } from "./helpers/login.ts";

const PASSWORD = "a long password";

const form = (body: Record<string, string | string[]>, headers: Record<string, string> = {}): RequestInit => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) for (const value of Array.isArray(v) ? v : [v]) params.append(k, value);
  return {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "text/html", ...headers },
    body: params.toString(),
  };
};
const header = (mail: ParsedMail, name: string) =>
  mail.headerLines.find((h) => h.key === name)?.line.slice(name.length + 1).trim();
const linkIn = (text: string, path: string) => new RegExp(`https?://\\S+${path}\\S*`).exec(text)?.[0];

/** Nothing left in the mail outbox: every job was handled (sent, or found to need no mail). */
async function outboxEmpty(server: ServerProcess) {
  const db = serverDb(server);
  try {
    await until("the mail outbox to empty", async () => {
      const row = await db.kysely.selectFrom("mail_outbox").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      return Number(row.n) === 0;
    });
  } finally {
    await db.close();
  }
}

describe("mail through a real SMTP server", () => {
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  let server: ServerProcess;
  let coordinator: ReturnType<typeof apiClient>;
  let session = "";
  let csrf = "";
  const mailsTo = (address: string) => smtp.inbox.filter((m) => m.to.includes(address));

  beforeAll(async () => {
    smtp = await smtpServer();
    server = await startServer({
      env: {
        SMTP_URL: `smtp://entraide:s3cret@127.0.0.1:${smtp.port}`,
        SMTP_FROM: "Entraide de la ville <entraide@town.test>",
        INSTANCE_NAME: "Entraide Villeurbanne",
        LOGIN_RATE_LIMIT: "1000",
      },
    });
    for (const [name, email] of [["camille", "camille@town.test"], ["karim", "karim@town.test"]] as const) {
      const made = runCli(["user", "create", name, "--email", email, "--name", name], server.env, `${PASSWORD}\n`);
      expect(made.status, made.stderr).toBe(0);
    }
    const org = runCli(["org", "create", "asso", "--name", "Asso des Pentes", "--coordinator", "camille"], server.env);
    expect(org.status, org.stderr).toBe(0);
    const token = runCli(["token", "create", "camille", "--days", "1"], server.env);
    coordinator = apiClient(server, token.stdout.trim());

    // A citizen signs up on the web (in English) and will make alerts.
    const signup = await fetch(
      `${server.url}/signup`,
      form({ username: "lea", email: "Lea@Town.test", password: PASSWORD, displayName: "Léa", consent: "yes", age: "adult" }, { "Accept-Language": "en" }),
    );
    expect(signup.status).toBe(200);
    // The sign-up's welcome mail, in the page's language; the alert tests below count only what follows it.
    const welcome = await until("the welcome mail", async () => mailsTo("lea@town.test")[0]);
    expect(welcome.mail.subject).toBe("Your account on Entraide Villeurbanne");
    expect(welcome.mail.text).toContain("Your account @lea is created");
    smtp.inbox.splice(smtp.inbox.indexOf(welcome), 1);
    const login = await postLogin(fetch, server.url, { login: "lea", password: PASSWORD }, { "Accept-Language": "en" });
    expect(login.status).toBe(303);
    session = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const page = await (await fetch(`${server.url}/me/alerts`, { headers: { Cookie: session, "Accept-Language": "en" } })).text();
    csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
    expect(csrf).not.toBe("");
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    await smtp?.close();
  });

  it("mails a reset link in the asker's language; it sets a new password once, and the new one logs in", async () => {
    const asked = await fetch(`${server.url}/password-reset`, form({ email: "karim@town.test" }, { "Accept-Language": "en-GB,en;q=0.9" }));
    expect(asked.status).toBe(200);
    const received = await until("the reset mail", async () => mailsTo("karim@town.test")[0]);
    expect(received.user).toBe("entraide");
    expect(received.mail.from?.value[0]).toMatchObject({ address: "entraide@town.test", name: "Entraide de la ville" });
    expect(received.mail.subject).toBe("Choose a new password on Entraide Villeurbanne");
    const link = linkIn(received.mail.text ?? "", "/password-reset/");
    expect(link).toMatch(new RegExp(`^${server.url}/password-reset/[\\w-]{40,}$`));

    expect((await fetch(link!)).status).toBe(200);
    const chosen = await fetch(link!, form({ password: "another long password" }));
    expect(chosen.status).toBe(303);
    expect(chosen.headers.get("location")).toBe("/login?reset=1");
    expect((await fetch(link!)).status).toBe(410); // used up
    expect((await postLogin(fetch, server.url, { login: "karim", password: PASSWORD })).status).toBe(401);
    const login = await postLogin(fetch, server.url, { login: "karim@town.test", password: "another long password" });
    expect(login.status).toBe(303);
  });

  it("answers an unknown address exactly as a known one, and mails nothing", async () => {
    const before = smtp.inbox.length;
    const known = await fetch(`${server.url}/password-reset`, form({ email: "camille@town.test" }));
    const unknown = await fetch(`${server.url}/password-reset`, form({ email: "nobody@town.test" }));
    expect(unknown.status).toBe(known.status);
    expect(await unknown.text()).toBe(await known.text());
    await until("the known address's mail", async () => mailsTo("camille@town.test").length === 1);
    await outboxEmpty(server);
    expect(mailsTo("nobody@town.test")).toEqual([]);
    expect(smtp.inbox.length).toBe(before + 1);
    // In French when the page was: the language follows the request.
    expect(mailsTo("camille@town.test")[0]!.mail.subject).toBe("Choisir un nouveau mot de passe sur Entraide Villeurbanne");
  });

  const need = (title: string, domains: string[], place: Record<string, unknown>) => ({
    organization: "asso",
    title,
    description: "Accompagner une personne à ses rendez-vous.",
    domains,
    place,
    schedule: { kind: "date", start: "2026-12-12T15:00:00+01:00", end: "2026-12-12T17:00:00+01:00" },
    volunteers_wanted: 1,
    visibility: "public",
  });
  const villeurbanne = { label: "Villeurbanne Gratte-Ciel", latitude: 45.7705, longitude: 4.8803, radius_km: 1 };

  it("mails a matching need once per user, and nothing for another domain or a place too far", async () => {
    // A form without JavaScript: domain and area near coordinates; a refusal names the field in the page's language.
    const refused = await fetch(`${server.url}/me/alerts`, form({ _csrf: csrf, area: "near", place: "", radius: "5" }, { Cookie: session, "Accept-Language": "en" }));
    expect(refused.status).toBe(422);
    const refusedPage = await refused.text();
    expect(refusedPage).toContain("Choose at least one domain.");
    expect(refusedPage).toContain("We cannot find this place: give the name of a town or its postcode");
    expect(refusedPage).toMatch(/id="alert-place"[^>]*aria-invalid="true"/);
    const made = await fetch(
      `${server.url}/me/alerts`,
      form(
        { _csrf: csrf, domains: ["sante", "handicap"], area: "near", latitude: "45.76", longitude: "4.85", radius: "5" },
        { Cookie: session, "Accept-Language": "en" },
      ),
    );
    expect(made.status).toBe(303);
    const list = await (await fetch(`${server.url}/me/alerts?created=1`, { headers: { Cookie: session, "Accept-Language": "en" } })).text();
    expect(list).toContain("Alert created");
    expect(list).toContain("Within 5 km of 45.76, 4.85");
    // A second alert of the same user that also matches: still one mail.
    const token = runCli(["token", "create", "lea", "--days", "1"], server.env).stdout.trim();
    const lea = apiClient(server, token);
    const second = await lea("POST", "/alerts", { domains: ["sante"], area: { kind: "anywhere" }, language: "en" });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ domains: ["sante"], area: { kind: "anywhere" }, language: "en" });
    expect((await lea("GET", "/alerts")).body).toHaveLength(2);

    const matching = await coordinator("POST", "/missions", need("Accompagner Mme D. à l'hôpital", ["sante"], villeurbanne));
    expect(matching.status).toBe(201);
    const otherDomain = await coordinator("POST", "/missions", need("Atelier peinture", ["culture-loisirs"], villeurbanne));
    expect(otherDomain.status).toBe(201);
    await lea("DELETE", `/alerts/${second.body.id}`);
    const far = await coordinator(
      "POST",
      "/missions",
      need("Courses à Marseille", ["sante"], { label: "Marseille", latitude: 43.2965, longitude: 5.3698, radius_km: 1 }),
    );
    expect(far.status).toBe(201);

    const alert = await until("the alert mail", async () => mailsTo("lea@town.test")[0]);
    await outboxEmpty(server);
    expect(mailsTo("lea@town.test")).toHaveLength(1);
    const text = alert.mail.text ?? "";
    expect(alert.mail.subject).toBe("New mission: Accompagner Mme D. à l'hôpital");
    expect(text).toContain("Organisation: Asso des Pentes");
    expect(text).toContain("Place: Villeurbanne Gratte-Ciel");
    expect(text).toContain("When: Saturday 12 December 2026, 15:00–17:00");
    const needLink = linkIn(text, "/needs/");
    expect(needLink).toBe(`${server.url}/needs/${matching.body.id}`);
    expect(await (await fetch(needLink!)).text()).toContain("Accompagner Mme D. à l&#39;hôpital");
    expect(header(alert.mail, "list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");

    // The same need again (a second job for it): never a second mail.
    const db = serverDb(server);
    try {
      await enqueueMail(db.kysely, { kind: "alerts", need: { needId: matching.body.id } });
      await outboxEmpty(server);
    } finally {
      await db.close();
    }
    expect(mailsTo("lea@town.test")).toHaveLength(1);
  });

  it("stops alerts from the mail's link without logging in: GET asks, POST (one-click) does it", async () => {
    const alert = mailsTo("lea@town.test")[0]!;
    const link = linkIn(alert.mail.text ?? "", "/alerts/unsubscribe");
    expect(link).toBeDefined();
    expect(header(alert.mail, "list-unsubscribe")).toBe(`<${link}>`);
    const ask = await fetch(link!, { headers: { "Accept-Language": "en" } });
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain("Stop receiving emails from the alert that wrote to you?");
    const token = runCli(["token", "create", "lea", "--days", "1"], server.env).stdout.trim();
    const lea = apiClient(server, token);
    expect((await lea("GET", "/alerts")).body).toHaveLength(1); // opening the link changed nothing

    const forged = await fetch(`${link!.slice(0, -3)}AAA`, form({ "List-Unsubscribe": "One-Click" }));
    expect(forged.status).toBe(400);
    const done = await fetch(link!, form({ "List-Unsubscribe": "One-Click" }, { "Accept-Language": "en" }));
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("Done: this alert will not write to you again.");
    expect((await lea("GET", "/alerts")).body).toEqual([]);

    const before = smtp.inbox.length;
    const another = await coordinator("POST", "/missions", need("Visite à domicile", ["sante"], villeurbanne));
    expect(another.status).toBe(201);
    await outboxEmpty(server);
    expect(smtp.inbox.length).toBe(before);
  });

  it("names the instance as an administrator saved it, not as the environment did", async () => {
    const made = runCli(["user", "create", "mairie", "--email", "mairie@town.test", "--admin"], server.env, `${PASSWORD}\n`);
    expect(made.status, made.stderr).toBe(0);
    const admin = apiClient(server, runCli(["token", "create", "mairie", "--days", "1"], server.env).stdout.trim());
    const saved = await admin("PATCH", "/instance/settings", { name: "Entraide Grand Lyon" });
    expect(saved.status).toBe(200);
    expect(saved.body.name).toBe("Entraide Grand Lyon");

    const asked = await fetch(`${server.url}/password-reset`, form({ email: "mairie@town.test" }, { "Accept-Language": "en" }));
    expect(asked.status).toBe(200);
    const received = await until("the reset mail", async () => mailsTo("mairie@town.test")[0]);
    expect(received.mail.subject).toBe("Choose a new password on Entraide Grand Lyon");
    expect(received.mail.text).toContain("Entraide Grand Lyon");
    expect(received.mail.text).not.toContain("Entraide Villeurbanne");
  });

  it("mails alerts about followers-only and local needs too: what any account here may read; never a draft", async () => {
    const token = runCli(["token", "create", "lea", "--days", "1"], server.env).stdout.trim();
    const lea = apiClient(server, token);
    expect((await lea("POST", "/alerts", { domains: ["personnes-agees"], area: { kind: "anywhere" }, language: "en" })).status).toBe(201);
    const before = mailsTo("lea@town.test").length;
    const made: Record<string, string> = {};
    for (const visibility of ["followers", "local", "draft"]) {
      const created = await coordinator("POST", "/missions", {
        ...need(`Visite (${visibility})`, ["personnes-agees"], villeurbanne),
        ...(visibility === "draft" ? { status: "draft", visibility: "followers" } : { visibility }),
      });
      expect(created.status).toBe(201);
      made[visibility] = created.body.id;
    }
    await until("the two alert mails", async () => mailsTo("lea@town.test").length >= before + 2);
    await outboxEmpty(server);
    const mails = mailsTo("lea@town.test").slice(before);
    expect(mails.map((m) => m.mail.subject).sort()).toEqual(["New mission: Visite (followers)", "New mission: Visite (local)"]);
    for (const mail of mails) {
      const link = linkIn(mail.mail.text ?? "", "/needs/");
      // The link leads a visitor not signed in to the need's teaser (sign in to read it), never to a 404.
      const teaser = await fetch(link!, { headers: { Accept: "text/html" } });
      expect(teaser.status).toBe(200);
      const html = await teaser.text();
      expect(html).not.toContain("Visite (");
      expect(html).toContain(`/login?next=${encodeURIComponent(new URL(link!).pathname)}`);
      // Signed in, Léa reads the need itself.
      expect(await (await fetch(link!, { headers: { Cookie: session, Accept: "text/html" } })).text()).toMatch(/<h1>Visite \((followers|local)\)<\/h1>/);
    }
  });
});

describe("alerts about needs of a followed town", () => {
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  let a: ServerProcess;
  let b: ServerProcess;
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await smtp?.close();
  });

  it("mails a citizen here about a matching need that a town this server follows publishes, once", async () => {
    smtp = await smtpServer();
    a = await startServer({ env: { SMTP_URL: `smtp://entraide:s3cret@127.0.0.1:${smtp.port}` } });
    b = await startServer();
    expect(runCli(["user", "create", "lea", "--email", "lea@town.test", "--name", "Léa"], a.env, `${PASSWORD}\n`).status).toBe(0);
    const lea = apiClient(a, runCli(["token", "create", "lea"], a.env).stdout.trim());
    expect((await lea("POST", "/alerts", { domains: ["sport"], language: "fr" })).status).toBe(201);
    expect(runCli(["user", "create", "maire", "--email", "maire@b.test", "--admin"], b.env, `${PASSWORD}\n`).status).toBe(0);
    expect(runCli(["org", "create", "club", "--name", "Club de B", "--coordinator", "maire"], b.env).status).toBe(0);
    const maire = apiClient(b, runCli(["token", "create", "maire"], b.env).stdout.trim());
    const follow = runCli(["federation", "follow", b.url], a.env);
    expect(follow.status, follow.stderr).toBe(0);
    const db = serverDb(a);
    try {
      await until("B to accept A's follow", async () => {
        const row = await db.kysely.selectFrom("following").select("accepted").executeTakeFirst();
        return row?.accepted === 1;
      });
    } finally {
      await db.close();
    }
    const published = await maire("POST", "/missions", {
      organization: "club",
      title: "Tenir la buvette du tournoi",
      description: "Servir des boissons.",
      domains: ["sport"],
      place: { label: "Stade de B", latitude: 45.7, longitude: 4.9 },
      schedule: { kind: "date", start: "2026-12-19T10:00:00+01:00" },
      volunteers_wanted: 3,
      visibility: "public",
    });
    expect(published.status).toBe(201);
    const mail = await until("the alert mail about B's need", async () => smtp.inbox.find((m) => m.to.includes("lea@town.test")));
    expect(mail.mail.subject).toBe("Nouvelle mission : Tenir la buvette du tournoi");
    expect(mail.mail.text).toContain("Organisation : Club de B");
    expect(mail.mail.text).toContain(published.body.url);
    // Edited on B: the Update reaches A, but no second mail.
    expect((await maire("PATCH", `/missions/${published.body.id}`, { title: "Tenir la buvette du grand tournoi" })).status).toBe(200);
    await until("A to store the edit", async () => {
      const check = serverDb(a);
      try {
        const row = await check.kysely.selectFrom("remote_needs").select("title").executeTakeFirst();
        return row?.title === "Tenir la buvette du grand tournoi";
      } finally {
        await check.close();
      }
    });
    await outboxEmpty(a);
    expect(smtp.inbox.filter((m) => m.to.includes("lea@town.test"))).toHaveLength(1);
  }, 240_000);
});

describe("mail without SMTP", () => {
  let server: ServerProcess;
  afterAll(async () => {
    await server?.stop();
  });

  it("writes the reset link to the log, and the link works", async () => {
    server = await startServer();
    const made = runCli(["user", "create", "karim", "--email", "karim@town.test", "--name", "Karim"], server.env, `${PASSWORD}\n`);
    expect(made.status, made.stderr).toBe(0);
    expect((await fetch(`${server.url}/password-reset`, form({ email: "karim@town.test" }))).status).toBe(200);
    const link = await until("the link in the log", async () => linkIn(server.logs(), "/password-reset/"));
    expect(server.logs()).toContain("No SMTP server configured (SMTP_URL)");
    expect((await fetch(link)).status).toBe(200);
    expect((await fetch(link, form({ password: "another long password" }))).status).toBe(303);
  }, 60_000);
});

describe("a silent SMTP server", () => {
  let server: ServerProcess;
  let silent: Server;
  const sockets: Socket[] = [];
  afterAll(async () => {
    await server?.stop();
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => silent?.close(resolve));
  });

  it("never holds up the reset page: the mail waits in the outbox", async () => {
    // Accepts connections and never greets: nodemailer waits for its greeting timeout (20 s).
    const open = new Set<Socket>();
    silent = createServer((socket) => {
      sockets.push(socket);
      open.add(socket);
      socket.on("close", () => open.delete(socket));
    });
    const port = await freePort();
    await new Promise<void>((resolve) => silent.listen(port, "127.0.0.1", resolve));
    server = await startServer({ env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
    runCli(["user", "create", "karim", "--email", "karim@town.test", "--name", "Karim"], server.env, `${PASSWORD}\n`);
    expect((await fetch(`${server.url}/password-reset`, form({ email: "karim@town.test" }))).status).toBe(200);
    await until("the mail worker to connect to the silent server", async () => open.size > 0);
    // While the worker waits on the silent server, the form answers, known address or not.
    for (const email of ["karim@town.test", "nobody@town.test"]) {
      const res = await fetch(`${server.url}/password-reset`, form({ email }));
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("un lien vient de lui être envoyé");
    }
    expect(open.size).toBeGreaterThan(0); // the SMTP exchange is still waiting
  }, 60_000);
});

describe("alerts in-process: the API and the matching of areas", () => {
  let app: Awaited<ReturnType<typeof testInstance>>;
  const tokens: Record<string, string> = {};
  const call = (who: string, method: string, path: string, body?: unknown) => apiAs(app, tokens)(who, method, path, body);
  const sent: MailMessage[] = [];
  let worker: MailWorker;
  let coord: Awaited<ReturnType<typeof createUser>>;

  beforeAll(async () => {
    app = await testInstance({ LOGIN_RATE_LIMIT: "1000" });
    const db = app.db.kysely;
    coord = await createUser(db, { username: "coord", email: "coord@town.test", password: PASSWORD });
    await createOrganization(db, { handle: "asso", name: "Asso", coordinatorId: coord.id });
    for (const u of ["ana", "ben", "cleo"]) await createUser(db, { username: u, email: `${u}@town.test`, password: PASSWORD });
    for (const u of ["ana", "ben", "cleo"]) tokens[u] = (await call("", "POST", "/tokens", { login: u, password: PASSWORD })).body.token;
    worker = new MailWorker({ db, mailer: { send: async (m) => void sent.push(m) }, publicUrl: new URL("http://town.test"), policy: app.contextData.policy, settings: { get: async () => ({ name: "Ville" }) } });
  });
  afterAll(async () => {
    await app.close();
  });

  const publish = (title: string, place: Record<string, unknown>) =>
    createNeed(app.db.kysely, app.contextData.events, coord, {
      organization: "asso",
      title,
      description: "Aider.",
      domains: ["education"],
      skills: [],
      audience: [],
      language: "fr",
      place: { radius_km: 1, mode: "on_site", ...place } as never,
      schedule: { kind: "flexible" },
      volunteers_wanted: 1,
      visibility: "public",
      private_notes: "",
      beneficiary: "",
      status: "open",
    });
  /** Runs the worker until the outbox is empty: alerts jobs, then the mail they queued. */
  const drain = async () => {
    await app.events.idle();
    while ((await worker.runOnce()) > 0);
  };

  it("refuses what it cannot use, as problem+json naming the field", async () => {
    const unknown = await call("ana", "POST", "/alerts", { domains: ["astrologie"] });
    expect(unknown.status).toBe(422);
    expect(unknown.type).toContain("application/problem+json");
    expect(unknown.body.errors[0].field).toBe("domains.0");
    expect((await call("ana", "POST", "/alerts", { domains: [] })).body.errors[0].field).toBe("domains");
    const nowhere = await call("ana", "POST", "/alerts", { domains: ["education"], area: { kind: "near", radius_km: 5 } });
    expect(nowhere.status).toBe(422);
    expect(nowhere.body.errors[0].field).toBe("area.place");
    const unheard = await call("ana", "POST", "/alerts", { domains: ["education"], area: { kind: "near", place: "Atlantide" } });
    expect(unheard.body.errors[0].field).toBe("area.place");
    expect((await call("", "GET", "/alerts")).status).toBe(401);
    expect((await call("ben", "DELETE", "/alerts/nope")).status).toBe(404);
  });

  it("mails each area its needs: near a place, remote only, anywhere", async () => {
    await publish("Soutien scolaire à Bron", { label: "Bron centre", latitude: 45.7386, longitude: 4.9125 });
    await drain();
    // "bron" is now a known place: its rounded centre.
    const near = await call("ana", "POST", "/alerts", { domains: ["education"], area: { kind: "near", place: "bron", radius_km: 3 } });
    expect(near.status).toBe(201);
    expect(near.body.area).toEqual({ kind: "near", place: "bron", latitude: 45.74, longitude: 4.91, radius_km: 3 });
    expect((await call("ben", "POST", "/alerts", { domains: ["education"], area: { kind: "remote" } })).status).toBe(201);
    expect((await call("cleo", "POST", "/alerts", { domains: ["education"] })).status).toBe(201);
    // Not ben's alert: ana's only.
    expect((await call("ben", "DELETE", `/alerts/${near.body.id}`)).status).toBe(404);

    await publish("Aide aux devoirs à Bron", { label: "Bron", latitude: 45.735, longitude: 4.91 });
    await publish("Cours en visio", { label: "En ligne", mode: "remote" });
    await publish("Atelier à Lyon ou en ligne", { label: "Lyon 1er", mode: "both", latitude: 45.767, longitude: 4.834 });
    await publish("Atelier à Caluire", { label: "Caluire", latitude: 45.795, longitude: 4.846 });
    await drain();
    const titles = (to: string) => sent.filter((m) => m.to === to).map((m) => m.subject.replace("Nouvelle mission : ", "")).sort();
    expect(titles("ana@town.test")).toEqual(["Aide aux devoirs à Bron", "Cours en visio"]);
    expect(titles("ben@town.test")).toEqual(["Atelier à Lyon ou en ligne", "Cours en visio"]);
    expect(titles("cleo@town.test")).toEqual(["Aide aux devoirs à Bron", "Atelier à Caluire", "Atelier à Lyon ou en ligne", "Cours en visio"]);
    const remote = sent.find((m) => m.to === "ben@town.test" && m.subject.includes("Cours en visio"))!;
    expect(remote.text).toContain("Lieu : À distance");
    expect(remote.text).toContain("Quand : horaires libres");
  });
});

describe("mail settings and personal data", () => {
  it("refuses a malformed SMTP_URL or SMTP_FROM, naming the variable and an example", () => {
    const problems = (env: Record<string, string>) => {
      try {
        parseConfig(env);
        return [];
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        return error.problems;
      }
    };
    expect(problems({ SMTP_URL: "http://mail.example" })[0]).toMatch(/^SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL.*example: SMTP_URL=smtp:\/\//);
    expect(problems({ SMTP_URL: "smtp://" })[0]).toContain("SMTP_URL");
    expect(problems({ SMTP_FROM: "not an address" })[0]).toMatch(/^SMTP_FROM must be an address.*example: SMTP_FROM=/);
    const config = parseConfig({ PUBLIC_URL: "https://entraide.example-town.fr", SMTP_URL: "smtps://u:p@mail.example:465" });
    expect(config.smtpFrom).toBe("noreply@entraide.example-town.fr");
    expect(config.smtpUrl).toBe("smtps://u:p@mail.example:465");
    expect(parseConfig({}).smtpUrl).toBeUndefined();
  });

  it("deletes a user's alerts with the account", async () => {
    const app = await testInstance();
    try {
      const db = app.db.kysely;
      const user = await createUser(db, { username: "zoe", email: "zoe@town.test", password: PASSWORD });
      await createAlert(db, user, { domains: ["sante"], area: { kind: "remote" } }, "fr");
      expect(await listAlerts(db, user.id)).toHaveLength(1);
      await db.deleteFrom("users").where("id", "=", user.id).execute();
      const left = await db.selectFrom("alerts").select("id").where("user_id", "=", user.id).execute();
      expect(left).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

describe("alerts jobs queued by an earlier version", () => {
  it("are read with their former names: `local` for a need published here, `remote` for one received", () => {
    expect(alertSubject({ local: "n1" })).toEqual({ needId: "n1" });
    expect(alertSubject({ remote: "r1" })).toEqual({ remoteNeedId: "r1" });
    expect(alertSubject({ needId: "n2" })).toEqual({ needId: "n2" });
  });
});
