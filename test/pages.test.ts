// The web pages of needs and domains, and "I can help" from the page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../src/domain/accounts/users.ts";
import { createNeed, deleteNeed } from "../src/domain/needs/service.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { testInstance } from "./helpers/app.ts";
import { postLogin } from "./helpers/login.ts";
import { needInput } from "./helpers/needs.ts";

describe("web pages", () => {
  let app: Awaited<ReturnType<typeof testInstance>>;
  let needId: string;
  let coord: Awaited<ReturnType<typeof createUser>>;
  const page = (path: string, init: RequestInit = {}) =>
    app.http.request(`http://town.test${path}`, { ...init, headers: { Accept: "text/html", ...init.headers } });

  beforeAll(async () => {
    app = await testInstance({ LOGIN_RATE_LIMIT: "1000" });
    const db = app.db.kysely;
    coord = await createUser(db, { username: "coord", email: "c@town.test", password: "a long password", role: "admin" });
    await createUser(db, { username: "lucie", email: "l@town.test", password: "a long password" });
    await createOrganization(db, { handle: "asso", name: "Asso", coordinatorId: coord.id });
    const need = await createNeed(db, app.contextData.events, coord, {
      organization: "asso",
      title: "Accompagner à un rendez-vous médical",
      description: "Un *trajet* aller-retour.",
      domains: ["sante"],
      skills: [],
      audience: [],
      language: "fr",
      place: { label: "Villeurbanne", mode: "on_site", radius_km: 2 },
      schedule: { kind: "date", start: "2026-12-15T09:00:00+01:00", end: "2026-12-15T11:00:00+01:00" },
      volunteers_wanted: 1,
      visibility: "public",
      private_notes: "",
      beneficiary: "",
      status: "open",
    });
    needId = need.id;
  });
  afterAll(async () => {
    await app.close();
  });

  it("shows a need with its schedule, places, and how to follow it from Mastodon", async () => {
    const res = await page(`/needs/${needId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h1>Accompagner à un rendez-vous médical</h1>");
    expect(html).toContain("mardi 15 décembre 2026");
    expect(html).toContain("0 bénévole sur 1 — 1 place restante");
    expect(html).toContain("<em>trajet</em>");
    expect(html).toContain("@asso@town.test");
    // Not signed in: "I can help" is the main button, to sign in (or up) and come back here.
    expect(html).toContain(`<a class="button" href="/login?next=${encodeURIComponent(`/needs/${needId}`)}">✋ Je peux aider</a>`);
  });

  it("lets a signed-in citizen offer help from the page", async () => {
    const login = await postLogin(app.http.request, "http://town.test", { login: "lucie", password: "a long password" });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const html = await (await page(`/needs/${needId}`, { headers: { Cookie: cookie } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
    expect(html).toContain("✋ Je peux aider");
    const applied = await page(`/needs/${needId}/apply`, {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: `_csrf=${encodeURIComponent(csrf)}&message=Disponible+le+matin`,
    });
    expect(applied.status).toBe(303);
    const rows = await app.db.kysely.selectFrom("applications").select(["message", "status"]).execute();
    expect(rows).toEqual([{ message: "Disponible le matin", status: "pending" }]);

    // Twice: back to the page, which says why.
    const again = await page(`/needs/${needId}/apply`, {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: `_csrf=${encodeURIComponent(csrf)}`,
    });
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe(`/needs/${needId}?error=already_applied`);

    // A form from another site (no CSRF token): a readable 403 page, not problem+json.
    const forged = await page(`/needs/${needId}/apply`, {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: "message=x",
    });
    expect(forged.status).toBe(403);
    expect(forged.headers.get("content-type")).toContain("text/html");
    expect(await forged.text()).toContain("reload the page");
  });

  it("searches the needs that can be done at a distance with distance=1, and with remote=1 from older links", async () => {
    await createNeed(app.db.kysely, app.contextData.events, coord, needInput({ title: "Appeler une personne isolée", place: { label: "Partout", mode: "remote", radius_km: 1 } }));
    const all = await (await page("/search?q=")).text();
    expect([all.includes("Appeler une personne isolée"), all.includes("Accompagner à un rendez-vous médical")]).toEqual([true, true]);
    for (const query of ["distance=1", "remote=1"]) {
      const html = await (await page(`/search?q=&${query}`)).text();
      expect([query, html.includes("Appeler une personne isolée"), html.includes("Accompagner à un rendez-vous médical")]).toEqual([query, true, false]);
      expect(html).toMatch(/<input id="distance" name="distance" type="checkbox" value="1" checked/);
    }
  });

  it("answers unknown pages with a readable 404 page", async () => {
    const res = await page("/nowhere/at/all");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain("Introuvable");
  });

  it("serves the domain vocabulary at stable URIs, where hashtags lead", async () => {
    expect((await page("/domains/personnes-agees")).status).toBe(200);
    expect((await page("/tags/personnesagees")).headers.get("location")).toBe("/domains/personnes-agees");
    expect((await page("/tags/benevolat")).headers.get("location")).toBe("/search?q=benevolat");
    expect(await (await page("/domains")).text()).toContain("/domains/sante");
    expect((await page("/domains/nope")).status).toBe(404);
  });

  it("answers 410 with a Tombstone at a deleted need's id", async () => {
    const coord = (await app.db.kysely.selectFrom("users").select("id").where("email", "=", "c@town.test").executeTakeFirstOrThrow()).id;
    const { findUserById } = await import("../src/domain/accounts/users.ts");
    await deleteNeed(app.db.kysely, app.contextData.events, (await findUserById(app.db.kysely, coord))!, needId);
    const ap = await app.http.request(`http://town.test/needs/${needId}`, { headers: { Accept: "application/activity+json" } });
    expect(ap.status).toBe(410);
    expect(ap.headers.get("content-type")).toMatch(/^application\/activity\+json/);
    const tombstone = await ap.json();
    // Fedify's compaction writes the former type as a compact IRI (as:Note expands to the same term as Note).
    expect(tombstone).toMatchObject({ type: "Tombstone", id: `http://town.test/needs/${needId}`, formerType: "as:Note" });
    expect(tombstone["@context"]).toContain("https://www.w3.org/ns/activitystreams");
    // When it was deleted, as recorded: the same instant as the Delete sent to followers.
    const gone = await app.db.kysely.selectFrom("tombstones").select("deleted").where("uri", "=", `need:${needId}`).executeTakeFirstOrThrow();
    expect(new Date(tombstone.deleted).getTime()).toBe(new Date(gone.deleted).getTime());
    expect((await page(`/needs/${needId}`)).status).toBe(410);
  });
});
