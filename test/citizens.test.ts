// The town's citizens (issue 13, points 1 and 6): a visitor not signed in gets a teaser of a
// followers-only or local need (what kind of need, whose, how to see it), never its words;
// a signed-in citizen reads them on every page and in the API, and applies; "I can help" is
// the main button for visitors, and leads through sign-in or sign-up (the welcome mail's
// link) back to the need; each action says it was done; an application is withdrawn from
// "my space"; the coordinator's pages say who will see a need in plain words.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../src/domain/accounts/users.ts";
import { createNeed } from "../src/domain/needs/service.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { testInstance } from "./helpers/app.ts";
import { postLogin } from "./helpers/login.ts";
import { smtpServer } from "./helpers/smtp.ts";
import { until } from "./helpers/wait.ts";

const PASSWORD = "a long password";
const PRIVATE = ["Mme Odette Lambert", "diabète", "12 rue des Tilleuls", "digicode 4471", "45.771234"];

describe("the town's citizens", () => {
  let app: Awaited<ReturnType<typeof testInstance>>;
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  const ids: Record<string, string> = {};
  let coord: Awaited<ReturnType<typeof createUser>>;

  const page = (path: string, init: RequestInit = {}) =>
    app.http.request(`http://town.test${path}`, { redirect: "manual", ...init, headers: { Accept: "text/html", ...init.headers } });
  const post = (path: string, cookie: string, fields: Record<string, string>) =>
    page(path, { method: "POST", headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });
  const signIn = async (login: string, next?: string) => {
    const res = await postLogin(app.http.request, "http://town.test", { login, password: PASSWORD, ...(next ? { next } : {}) });
    expect(res.status).toBe(303);
    return { cookie: (res.headers.get("set-cookie") ?? "").split(";")[0]!, location: res.headers.get("location") };
  };
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
  const title = (visibility: string) => `Visite de courtoisie (${visibility})`;

  beforeAll(async () => {
    smtp = await smtpServer();
    app = await testInstance({ LOGIN_RATE_LIMIT: "1000", SMTP_URL: `smtp://entraide:s3cret@127.0.0.1:${smtp.port}`, INSTANCE_NAME: "Entraide Vaise" });
    const db = app.db.kysely;
    coord = await createUser(db, { username: "coord", email: "coord@town.test", password: PASSWORD });
    await createUser(db, { username: "alice", email: "alice@town.test", password: PASSWORD });
    await createUser(db, { username: "chloe", email: "chloe@town.test", password: PASSWORD });
    await createOrganization(db, { handle: "asso", name: "Les Amis de Vaise", coordinatorId: coord.id });
    for (const visibility of ["public", "followers", "local"] as const) {
      const need = await createNeed(db, app.contextData.events, coord, {
        organization: "asso",
        title: title(visibility),
        description: `Passer une heure avec une voisine (${visibility}).`,
        domains: ["personnes-agees"],
        safeguarding: false,
        skills: [],
        audience: [],
        language: "fr",
        place: { label: "Vaise", mode: "on_site", address: "12 rue des Tilleuls", latitude: 45.771234, longitude: 4.805, radius_km: 1 },
        schedule: { kind: "date", start: "2027-01-12T14:00:00+01:00", end: "2027-01-12T16:00:00+01:00" },
        volunteers_wanted: 2,
        visibility,
        private_notes: "digicode 4471",
        beneficiary: "Mme Odette Lambert, diabète",
        beneficiary_consent: "2026-11-30",
        status: "open",
      });
      ids[visibility] = need.id;
    }
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it("shows a visitor not signed in a teaser of a followers-only or local need: what kind, whose, how to see it, never its words", async () => {
    for (const visibility of ["followers", "local"]) {
      const res = await page(`/needs/${ids[visibility]}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      const next = encodeURIComponent(`/needs/${ids[visibility]}`);
      expect(html).toContain("<h1>Une mission de Les Amis de Vaise</h1>");
      expect(html).toContain("Domaines : Personnes âgées");
      expect(html).toContain("📍 Vaise");
      expect(html).toContain("mardi 12 janvier 2027");
      expect(html).toContain(`<a class="button" href="/login?next=${next}">✋ Je peux aider</a>`);
      expect(html).toContain(`href="/signup?next=${next}"`);
      for (const hidden of [title(visibility), "Passer une heure", ...PRIVATE]) expect([visibility, html.includes(hidden)]).toEqual([visibility, false]);
      // Following from Mastodon shows a followers-only need; a local one never leaves the instance.
      expect([visibility, html.includes('action="/remote-follow"')]).toEqual([visibility, visibility === "followers"]);
    }
  });

  it("answers the API without a token with a teaser too: teaser: true and only what kind of need it is", async () => {
    const res = await app.http.request(`http://town.test/api/v1/missions/${ids.followers}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      id: ids.followers,
      url: `http://town.test/needs/${ids.followers}`,
      teaser: true,
      organization: { handle: "asso", name: "Les Amis de Vaise", uri: "http://town.test/actors/asso" },
      domains: ["personnes-agees"],
      place: { label: "Vaise", mode: "on_site" },
      schedule: { kind: "date", start: expect.stringMatching(/^2027-01-12T/), end: expect.stringMatching(/^2027-01-12T/) },
      status: "open",
      visibility: "followers",
    });
  });

  it("lists no followers-only or local need to a visitor not signed in: home, search, organisation, domain, API list, feeds", async () => {
    for (const path of ["/", "/search?q=visite", "/@asso", "/domains/personnes-agees", "/api/v1/missions?limit=100", "/feed.xml", "/@asso/calendar.ics"]) {
      const text = await (await page(path)).text();
      expect([path, text.includes(ids.public!)]).toEqual([path, true]);
      for (const visibility of ["followers", "local"]) expect([path, visibility, text.includes(ids[visibility]!)]).toEqual([path, visibility, false]);
    }
  });

  it("shows a signed-in citizen every need of the town, on each page and in the API, with the form to apply; feeds stay public", async () => {
    const { cookie } = await signIn("alice");
    for (const visibility of ["public", "followers", "local"]) {
      const html = await (await page(`/needs/${ids[visibility]}`, { headers: { Cookie: cookie } })).text();
      expect(html).toContain(`<h1>${title(visibility)}</h1>`);
      expect(html).toContain(`action="/needs/${ids[visibility]}/apply"`);
      for (const secret of PRIVATE) expect(html).not.toContain(secret);
      for (const path of ["/", "/search?q=visite", "/@asso", "/domains/personnes-agees", "/api/v1/missions?limit=100"]) {
        expect([path, visibility, (await (await page(path, { headers: { Cookie: cookie } })).text()).includes(ids[visibility]!)]).toEqual([path, visibility, true]);
      }
      // Feeds are copied elsewhere: what may go anywhere, whoever asks.
      expect([visibility, (await (await page("/feed.xml", { headers: { Cookie: cookie } })).text()).includes(ids[visibility]!)]).toEqual([visibility, visibility === "public"]);
    }
    const token = (await (await app.http.request("http://town.test/api/v1/tokens", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ login: "alice", password: PASSWORD }) })).json()).token;
    const detail = await (await app.http.request(`http://town.test/api/v1/missions/${ids.local}`, { headers: { Authorization: `Bearer ${token}` } })).json();
    expect(detail).toMatchObject({ id: ids.local, title: title("local"), visibility: "local" });
    expect(detail.teaser).toBeUndefined();
    expect(detail.private_notes).toBeUndefined();
  });

  it("makes 'I can help' the main button for visitors, before 'Follow from Mastodon'", async () => {
    const html = await (await page(`/needs/${ids.public}`)).text();
    const button = html.indexOf(`<a class="button" href="/login?next=${encodeURIComponent(`/needs/${ids.public}`)}">✋ Je peux aider</a>`);
    const follow = html.indexOf('<section aria-labelledby="follow" class="follow-second">');
    expect(button).toBeGreaterThan(0);
    expect(follow).toBeGreaterThan(button);
    expect(html).toContain(`href="/signup?next=${encodeURIComponent(`/needs/${ids.public}`)}"`);
    // Signed in, the form to apply instead, and no invitation to sign in.
    const { cookie } = await signIn("alice");
    const signedIn = await (await page(`/needs/${ids.public}`, { headers: { Cookie: cookie } })).text();
    expect(signedIn).not.toContain('class="button"');
    expect(signedIn).toContain(`action="/needs/${ids.public}/apply"`);
  });

  it("keeps next from the need through the login page, sign-up and the welcome mail, back to the need signed in, and applies", async () => {
    const next = `/needs/${ids.followers}`;
    const login = await (await page(`/login?next=${encodeURIComponent(next)}`)).text();
    const signupLink = /<a href="(\/signup[^"]*)">Pas encore de compte/.exec(login)?.[1]?.replaceAll("&amp;", "&");
    expect(signupLink).toBe(`/signup?next=${encodeURIComponent(next)}`);
    const form = await (await page(signupLink!)).text();
    expect(form).toContain(`<input type="hidden" name="next" value="${next}"/>`);
    const fields = { username: "bernard", email: "bernard@town.test", password: PASSWORD, displayName: "Bernard", consent: "yes", age: "adult", next };
    const signedUp = await page("/signup", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });
    expect(signedUp.status).toBe(200);
    const sent = await signedUp.text();
    expect(sent).toContain(`href="/login?next=${encodeURIComponent(next)}"`);
    // The same answer, byte for byte, when the address already had an account: nothing tells which.
    const taken = await page("/signup", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...fields, username: "bernard2", email: "alice@town.test" }).toString(),
    });
    expect(await taken.text()).toBe(sent);
    await until("the welcome mail", async () => {
      await app.mail.runOnce();
      return smtp.inbox.some((m) => m.to.includes("bernard@town.test"));
    });
    const welcome = smtp.inbox.find((m) => m.to.includes("bernard@town.test"))!;
    const link = /http:\/\/town\.test\/login\S*/.exec(welcome.mail.text ?? "")?.[0];
    expect(link).toBe(`http://town.test/login?next=${encodeURIComponent(next)}`);
    // The link's login form carries next; signing in there leads back to the need, with the form to apply.
    const linked = await (await page(new URL(link!).pathname + new URL(link!).search)).text();
    expect(linked).toContain(`<input type="hidden" name="next" value="${next}"/>`);
    const { cookie, location } = await signIn("bernard", next);
    expect(location).toBe(next);
    const needPage = await (await page(location!, { headers: { Cookie: cookie } })).text();
    expect(needPage).toContain(`<h1>${title("followers")}</h1>`);
    const applied = await post(`${next}/apply`, cookie, { _csrf: csrfOf(needPage), message: "Je passe mardi" });
    expect(applied.headers.get("location")).toBe(`${next}?done=applied`);
    const landed = await (await page(applied.headers.get("location")!, { headers: { Cookie: cookie } })).text();
    expect(landed).toContain('<p class="notice" role="status">Merci ! Votre proposition d&#39;aide a été envoyée à l&#39;association.</p>');
    // Applied, the page says so instead of offering the form again (which would only answer already_applied).
    expect(landed).toContain("Vous avez proposé votre aide pour cette mission (en attente).");
    expect(landed).not.toContain(`action="${next}/apply"`);
  });

  it("keeps only a path of this site as next, and says nothing of an unknown done code", async () => {
    for (const evil of ["https://evil.example/", "//evil.example", "/\\evil.example"]) {
      const html = await (await page(`/signup?next=${encodeURIComponent(evil)}`)).text();
      expect([evil, html.includes('name="next"')]).toEqual([evil, false]);
    }
    const html = await (await page(`/needs/${ids.public}?done=%3Cscript%3E`)).text();
    expect(html).not.toContain('role="status"');
    expect(html).not.toContain("<script>");
  });

  it("withdraws an application from my space, says so, and the organisation's count and the event follow", async () => {
    const { cookie } = await signIn("alice");
    const needPage = await (await page(`/needs/${ids.local}`, { headers: { Cookie: cookie } })).text();
    expect((await post(`/needs/${ids.local}/apply`, cookie, { _csrf: csrfOf(needPage) })).status).toBe(303);
    const me = await (await page("/me", { headers: { Cookie: cookie } })).text();
    const application = await app.db.kysely.selectFrom("applications").select(["id", "status"]).where("need_id", "=", ids.local!).executeTakeFirstOrThrow();
    expect(me).toContain(`action="/me/applications/${application.id}/withdraw"`);
    expect(me).toContain(`aria-label="Retirer ma proposition d&#39;aide pour « ${title("local")} »"`);
    // Without the session's CSRF token: refused.
    expect((await post(`/me/applications/${application.id}/withdraw`, cookie, {})).status).toBe(403);
    // Someone else's application: no such thing; the need's coordinator decides, but does not withdraw for her.
    const other = await signIn("chloe");
    const otherMe = await (await page("/me", { headers: { Cookie: other.cookie } })).text();
    const stolen = await post(`/me/applications/${application.id}/withdraw`, other.cookie, { _csrf: csrfOf(otherMe) });
    expect(stolen.status).toBe(404);
    const coordinator = await signIn("coord");
    const coordMe = await (await page("/me", { headers: { Cookie: coordinator.cookie } })).text();
    const instead = await post(`/me/applications/${application.id}/withdraw`, coordinator.cookie, { _csrf: csrfOf(coordMe) });
    expect(instead.headers.get("location")).toBe("/me?error=applicant_only");
    // What the stream is given, as its consumers (the notifications to come, the federation) will read it.
    const emitted: unknown[] = [];
    const emit = app.events.emit.bind(app.events);
    app.events.emit = async (trx, event) => {
      emitted.push(event);
      return emit(trx, event);
    };
    const withdrawn = await post(`/me/applications/${application.id}/withdraw`, cookie, { _csrf: csrfOf(me) });
    app.events.emit = emit;
    expect(withdrawn.status).toBe(303);
    expect(withdrawn.headers.get("location")).toBe("/me?done=withdrawn");
    const after = await (await page("/me?done=withdrawn", { headers: { Cookie: cookie } })).text();
    expect(after).toContain('<p class="notice" role="status">Votre proposition d&#39;aide est retirée. L&#39;association en est informée.</p>');
    expect(after).not.toContain(`action="/me/applications/${application.id}/withdraw"`);
    const row = await app.db.kysely.selectFrom("applications").select("status").where("id", "=", application.id).executeTakeFirstOrThrow();
    expect(row.status).toBe("withdrawn");
    expect(emitted).toContainEqual({ type: "application.withdrawn", applicationId: application.id, needId: ids.local });
    // Withdrawn, the need's page offers the form again.
    expect(await (await page(`/needs/${ids.local}`, { headers: { Cookie: cookie } })).text()).toContain(`action="/needs/${ids.local}/apply"`);
    // Twice: back to my space, which says why.
    const again = await post(`/me/applications/${application.id}/withdraw`, cookie, { _csrf: csrfOf(me) });
    expect(again.headers.get("location")).toBe("/me?error=application_transition");
    expect(await (await page("/me?error=application_transition", { headers: { Cookie: cookie } })).text()).toContain('role="alert"');
  });

  it("confirms a coordinator's decision on the page it leads back to", async () => {
    const { cookie } = await signIn("coord");
    const pending = await app.db.kysely.selectFrom("applications").select(["id", "need_id"]).where("status", "=", "pending").executeTakeFirstOrThrow();
    const inbox = `/coordinate/needs/${pending.need_id}/applications`;
    const html = await (await page(inbox, { headers: { Cookie: cookie } })).text();
    const accepted = await post(`/coordinate/applications/${pending.id}`, cookie, { _csrf: csrfOf(html), status: "accepted" });
    expect(accepted.headers.get("location")).toBe(`${inbox}?done=accepted`);
    const landed = await (await page(accepted.headers.get("location")!, { headers: { Cookie: cookie } })).text();
    expect(landed).toContain('<p class="notice" role="status">La proposition d&#39;aide est acceptée. Le bénévole en est informé.</p>');
  });

  it("says who will see a need in plain words: the dashboard, the form, its preview", async () => {
    const { cookie } = await signIn("coord");
    const dashboard = await (await page("/coordinate", { headers: { Cookie: cookie } })).text();
    expect(dashboard).toContain("Qui la verra : tout le monde, ici et sur les autres serveurs (Mastodon…).");
    expect(dashboard).toContain("Qui la verra : les habitants inscrits ici et les personnes qui suivent l&#39;association.");
    expect(dashboard).toContain("Qui la verra : les habitants inscrits ici seulement, jamais partagée ailleurs.");
    const form = await (await page("/coordinate/needs/new", { headers: { Cookie: cookie } })).text();
    expect(form).toContain(">Les habitants inscrits ici et les personnes qui suivent l&#39;association</option>");
    expect(form).not.toContain("Abonnés seulement");
    const edit = await (await page(`/coordinate/needs/${ids.local}/edit`, { headers: { Cookie: cookie } })).text();
    expect(edit).toContain("Cette mission ne sera pas partagée sur le fédivers : seuls les habitants inscrits la verront ici.");
    const followers = await (await page(`/coordinate/needs/${ids.followers}/edit`, { headers: { Cookie: cookie } })).text();
    expect(followers).toContain("Cet aperçu est ce que verront les abonnés sur Mastodon. Qui la verra : les habitants inscrits ici et les personnes qui suivent l&#39;association.");
  });
});
