// Issue 13, point 3: what an accepted volunteer gets (the exact address, the contact
// the organisation chose, the practical details), on the need's page, in /me and in
// the API, and to nobody else; the private link of a remote volunteer, that ends with
// the application or the need; how the coordinators reach each applicant.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../src/domain/accounts/users.ts";
import { applyWithAccount, decideApplication, findApplication, recordRemoteApplication, withdrawRemote } from "../src/domain/needs/applications.ts";
import type { NeedCreate } from "../src/domain/needs/input.ts";
import { createNeed, updateNeed } from "../src/domain/needs/service.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { volunteerLinkToken } from "../src/domain/volunteer-details/links.ts";
import { apiAs, testInstance } from "./helpers/app.ts";
import { postLogin } from "./helpers/login.ts";

type App = Awaited<ReturnType<typeof testInstance>>;
type User = Awaited<ReturnType<typeof createUser>>;

const ADDRESS = "12 rue des Tables-Claudiennes, 3e étage";
const ORG_CONTACT = "04 72 00 00 00";
const PRACTICAL = "Demandez Mme Roux à l'accueil ; apportez un jeu de cartes.";

const base: NeedCreate = {
  organization: "asso",
  title: "Visite à une voisine",
  description: "Un moment de compagnie.",
  domains: ["personnes-agees"],
  safeguarding: false,
  skills: [],
  audience: [],
  language: "fr",
  place: { label: "Croix-Rousse", mode: "on_site", radius_km: 2, address: ADDRESS },
  schedule: { kind: "date", start: "2030-03-05T14:00:00+01:00" },
  volunteers_wanted: 3,
  // Followers-only: readable here by its coordinators today, and by every account once issue 13's visibility lands;
  // public keeps this test about the details alone.
  visibility: "public",
  private_notes: "",
  beneficiary: "Mme Roux, 88 ans",
  beneficiary_consent: "2026-11-30",
  practical_details: PRACTICAL,
  status: "open",
};

describe("what an accepted volunteer gets", () => {
  let app: App;
  let coord: User;
  const users: Record<string, User> = {};
  const cookies: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  let api: ReturnType<typeof apiAs>;
  let needId: string;
  const applications: Record<string, string> = {};
  const page = (path: string, who?: string, init: RequestInit = {}) =>
    app.http.request(`http://town.test${path}`, {
      ...init,
      headers: { Accept: "text/html", ...(who ? { Cookie: cookies[who]! } : {}), ...init.headers },
      redirect: "manual",
    });

  beforeAll(async () => {
    app = await testInstance({ LOGIN_RATE_LIMIT: "1000" });
    const db = app.db.kysely;
    coord = await createUser(db, { username: "coord", email: "coord@town.test", password: "a long password" });
    users.coord = coord;
    for (const name of ["ana", "ben", "cleo", "dan"]) {
      users[name] = await createUser(db, { username: name, email: `${name}@town.test`, password: "a long password" });
    }
    await createOrganization(db, { handle: "asso", name: "Asso", coordinatorId: coord.id });
    for (const name of Object.keys(users)) {
      const login = await postLogin(app.http.request, "http://town.test", { login: name, password: "a long password" });
      cookies[name] = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
      const token = await app.http.request("http://town.test/api/v1/tokens", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ login: name, password: "a long password" }),
      });
      tokens[name] = (await token.json()).token;
    }
    api = apiAs(app, tokens);
    // The organisation's default contact for its volunteers, from its settings page (with CSRF).
    const settings = await (await page("/coordinate/organizations/asso/settings", "coord")).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(settings)?.[1] ?? "";
    const saved = await page("/coordinate/organizations/asso/settings", "coord", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: csrf, volunteer_contact: ORG_CONTACT }).toString(),
    });
    expect(saved.headers.get("location")).toBe("/coordinate/organizations/asso/settings?saved=1");
    needId = (await createNeed(db, app.contextData.events, coord, base)).id;

    // ana applies from the page and agrees to share her email; ben through the API, without.
    const needPage = await (await page(`/needs/${needId}`, "ana")).text();
    expect(needPage).toContain('<input id="share_email" name="share_email" type="checkbox" value="yes"/>');
    const token = /name="_csrf" value="([^"]+)"/.exec(needPage)?.[1] ?? "";
    await page(`/needs/${needId}/apply`, "ana", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: token, message: "Disponible", share_email: "yes" }).toString(),
    });
    const ben = await api("ben", "POST", `/missions/${needId}/applications`, { message: "Moi aussi" });
    expect(ben.body.share_email).toBe(false);
    const cleo = await applyWithAccount(db, app.contextData.events, users.cleo!, needId, "", "web");
    const rows = await db.selectFrom("applications").select(["id", "user_id", "share_email"]).where("need_id", "=", needId).execute();
    for (const [name, user] of Object.entries(users)) {
      const row = rows.find((r) => r.user_id === user.id);
      if (row) applications[name] = row.id;
    }
    expect(rows.find((r) => r.id === applications.ana)?.share_email).toBe(1);
    await decideApplication(db, app.contextData.events, coord, applications.ana!, { status: "accepted" });
    // ben stays pending; cleo is accepted, then refused.
    await decideApplication(db, app.contextData.events, coord, cleo.id, { status: "accepted" });
    await decideApplication(db, app.contextData.events, coord, cleo.id, { status: "rejected", reason: "other" });
  });
  afterAll(async () => {
    await app.close();
  });

  it("shows the details to the accepted volunteer only: on the page, in /me and in the API", async () => {
    const seen: Record<string, unknown> = {};
    for (const who of [undefined, "ana", "ben", "cleo", "dan", "coord"]) {
      const needPage = await (await page(`/needs/${needId}`, who)).text();
      const me = who ? await (await page("/me", who)).text() : "";
      const mine = who ? (await api(who, "GET", "/me/applications")).body : [];
      seen[who ?? "anonymous"] = {
        page: [needPage.includes("Pour vous, bénévole accepté·e"), needPage.includes(ADDRESS), needPage.includes(ORG_CONTACT), needPage.includes("apportez un jeu")],
        me: [me.includes(ADDRESS), me.includes(ORG_CONTACT)],
        api: mine.filter((a: { details?: unknown }) => a.details).map((a: { details: unknown }) => a.details),
      };
    }
    const nothing = { page: [false, false, false, false], me: [false, false], api: [] };
    expect(seen).toEqual({
      anonymous: nothing,
      ana: {
        page: [true, true, true, true],
        me: [true, true],
        api: [{ address: ADDRESS, contact: ORG_CONTACT, practical_details: PRACTICAL }],
      },
      ben: nothing,
      cleo: nothing,
      dan: nothing,
      // The coordinators wrote them: they read them in the form, not as a volunteer.
      coord: nothing,
    });
    // Nor anywhere public: the API's need, the Note.
    const json = JSON.stringify((await api("dan", "GET", `/missions/${needId}`)).body);
    const note = await (await app.http.request(`http://town.test/needs/${needId}`, { headers: { Accept: "application/activity+json" } })).text();
    expect([json.includes(ADDRESS), json.includes(ORG_CONTACT), note.includes(ADDRESS), note.includes("Mme Roux")]).toEqual([false, false, false, false]);
  });

  it("gives the need's own contact before the organisation's, editable in the form and the API", async () => {
    const patched = await api("coord", "PATCH", `/missions/${needId}`, { contact: "06 12 34 56 78" });
    expect(patched.body).toMatchObject({ contact: "06 12 34 56 78", practical_details: PRACTICAL });
    const form = await (await page(`/coordinate/needs/${needId}/edit`, "coord")).text();
    expect(form).toContain('id="contact" name="contact" type="text" value="06 12 34 56 78"');
    expect(form).toContain(PRACTICAL.replace(/'/g, "&#39;"));
    expect((await api("ana", "GET", "/me/applications")).body[0].details.contact).toBe("06 12 34 56 78");
    await api("coord", "PATCH", `/missions/${needId}`, { contact: null });
    expect((await api("ana", "GET", "/me/applications")).body[0].details.contact).toBe(ORG_CONTACT);
    expect((await api("coord", "GET", "/organizations/asso/settings")).body).toEqual({ volunteer_contact: ORG_CONTACT });
    expect((await api("dan", "GET", "/organizations/asso/settings")).status).toBe(403);
  });

  it("shows the coordinator the email of the applicant who agreed, not of the one who did not", async () => {
    const inbox = await (await page(`/coordinate/needs/${needId}/applications`, "coord")).text();
    expect([inbox.includes('href="mailto:ana@town.test"'), inbox.includes("ben@town.test"), inbox.includes("cleo@town.test")]).toEqual([true, false, false]);
    expect(inbox).toContain("Adresse e-mail non partagée");
    const listed = (await api("coord", "GET", `/missions/${needId}/applications`)).body;
    const contact = (id: string) => listed.find((a: { id: string }) => a.id === id)?.contact;
    expect([contact(applications.ana!), contact(applications.ben!)]).toEqual([{ email: "ana@town.test" }, null]);
    // Another citizen sees no applications at all.
    expect((await api("dan", "GET", `/missions/${needId}/applications`)).status).toBe(403);
  });

  it("gives a remote volunteer a private link that shows the details to that link only, and answers 410 once it has ended", async () => {
    const db = app.db.kysely;
    const at = new Date().toISOString();
    await db.insertInto("remote_actors").values({
      id: "remote-vol", uri: "http://127.0.0.9/users/vera", type: "Person", handle: "vera@127.0.0.9", name: "Vera",
      url: "http://127.0.0.9/@vera", inbox: "http://127.0.0.9/users/vera/inbox", shared_inbox: null, software: "mastodon", updated: at,
    }).execute();
    const need = await createNeed(db, app.contextData.events, coord, { ...base, title: "Courses du samedi" });
    const { application } = await recordRemoteApplication(db, app.contextData.events, {
      needId: need.id, remoteActorId: "remote-vol", message: "Je peux", source: "note", public: false,
      activityUri: "http://127.0.0.9/users/vera/statuses/1/activity", objectUri: "http://127.0.0.9/users/vera/statuses/1",
    });
    await decideApplication(db, app.contextData.events, coord, application.id, { status: "accepted" });
    const token = await volunteerLinkToken(db, application.id);
    // The same link each time it is asked for; only its hash is kept.
    expect(await volunteerLinkToken(db, application.id)).toBe(token);
    const stored = await db.selectFrom("volunteer_links").selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(token);

    const open = await page(`/volunteer-links/${token}`);
    const text = await open.text();
    expect([open.status, text.includes(ADDRESS), text.includes(ORG_CONTACT), text.includes("apportez un jeu")]).toEqual([200, true, true, true]);
    expect([open.headers.get("cache-control"), open.headers.get("x-robots-tag"), open.headers.get("referrer-policy")]).toEqual([
      "no-store",
      "noindex, nofollow",
      "no-referrer",
    ]);
    expect(text).toContain('<meta name="robots" content="noindex, nofollow"/>');
    // A token that never was: 404, the same page for any guess.
    const guess = await page(`/volunteer-links/${token.slice(0, -2)}xx`);
    expect([guess.status, (await guess.text()).includes(ADDRESS)]).toEqual([404, false]);
    // The coordinator sees how to reach Vera: her handle.
    const listed = (await api("coord", "GET", `/missions/${need.id}/applications`)).body;
    expect(listed[0].contact).toEqual({ handle: "@vera@127.0.0.9", url: "http://127.0.0.9/@vera" });

    // A filled need still has volunteers who need the address.
    await updateNeed(db, app.contextData.events, coord, need.id, { status: "filled" });
    expect((await page(`/volunteer-links/${token}`)).status).toBe(200);
    // Withdrawn: the link ends, with a readable page.
    await withdrawRemote(db, app.contextData.events, (await findApplication(db, application.id))!);
    const gone = await page(`/volunteer-links/${token}`);
    const goneText = await gone.text();
    expect([gone.status, goneText.includes("plus valable : la mission est terminée ou annulée"), goneText.includes(ADDRESS)]).toEqual([410, true, false]);
  });

  it("ends the details when the need is cancelled or done, for local and remote volunteers alike", async () => {
    const db = app.db.kysely;
    const need = await createNeed(db, app.contextData.events, coord, { ...base, title: "Lecture" });
    const { application } = await recordRemoteApplication(db, app.contextData.events, {
      needId: need.id, remoteActorId: "remote-vol", message: "", source: "note", public: false,
      activityUri: "http://127.0.0.9/users/vera/statuses/2/activity", objectUri: "http://127.0.0.9/users/vera/statuses/2",
    });
    await decideApplication(db, app.contextData.events, coord, application.id, { status: "accepted" });
    const local = await applyWithAccount(db, app.contextData.events, users.dan!, need.id, "", "web");
    await decideApplication(db, app.contextData.events, coord, local.id, { status: "accepted" });
    const token = await volunteerLinkToken(db, application.id);
    const danSees = async () => (await (await page(`/needs/${need.id}`, "dan")).text()).includes(ADDRESS);
    expect([(await page(`/volunteer-links/${token}`)).status, await danSees()]).toEqual([200, true]);
    await api("coord", "POST", `/missions/${need.id}/cancel`, { message: "Annulé" });
    expect([(await page(`/volunteer-links/${token}`)).status, await danSees()]).toEqual([410, false]);
  });
});
