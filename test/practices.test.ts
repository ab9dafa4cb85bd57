// Good-practice sheets through the API on one instance: who may write one and from
// which needs, validation as problem+json, the computed results, the library's
// search by words and domain (local and received sheets together, on SQLite and
// PostgreSQL alike), try it too between two organisations here, and the pages.
import sanitizeHtml from "sanitize-html";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../src/domain/accounts/users.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { storeRemotePractice } from "../src/domain/practices/library.ts";
import { testInstance } from "./helpers/app.ts";

// Mastodon's sanitiser (lib/sanitize_ext/sanitize_config.rb, MASTODON_STRICT), as test/federation.test.ts has it.
const MASTODON_CLASSES = /^(h-\S*|p-\S*|u-\S*|dt-\S*|e-\S*|mention|hashtag|ellipsis|invisible)$/;
function mastodonKeeps(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: ["p", "br", "span", "a", "del", "s", "pre", "blockquote", "code", "b", "strong", "u", "i", "em", "ul", "ol", "li", "ruby", "rt", "rp"],
    allowedAttributes: { a: ["href", "rel", "class"], span: ["class"] },
    allowedSchemes: ["http", "https"],
    transformTags: {
      "*": (tagName, attribs) => {
        const kept = Object.entries(attribs).flatMap(([name, value]): [string, string][] => {
          if (name !== "class") return [[name, value]];
          const classes = value.split(/\s+/).filter((c) => MASTODON_CLASSES.test(c));
          return classes.length ? [[name, classes.join(" ")]] : [];
        });
        return { tagName, attribs: Object.fromEntries(kept) };
      },
    },
    selfClosing: ["br"],
  });
}

describe("good-practice sheets", () => {
  let app: Awaited<ReturnType<typeof testInstance>>;
  const tokens: Record<string, string> = {};
  const call = async (who: string, method: string, path: string, body?: unknown, accept = "application/json") => {
    const res = await app.http.request(`http://town.test${path}`, {
      method,
      headers: {
        Accept: accept,
        ...(tokens[who] ? { Authorization: `Bearer ${tokens[who]}` } : {}),
        ...(body ? { "Content-Type": "application/json" } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get("content-type"), text, body: text.startsWith("{") || text.startsWith("[") ? JSON.parse(text) : null };
  };
  const needs: Record<string, string> = {};
  const need = async (org: string, title: string, done?: { hours: number; people: number }, domains = ["personnes-agees"]) => {
    const who = org === "asso" ? "coord" : "other";
    const created = await call(who, "POST", "/api/v1/missions", {
      organization: org,
      title,
      description: `Description de ${title}`,
      domains,
      place: { label: "Vaise" },
      schedule: { kind: "recurring", rrule: "FREQ=WEEKLY;BYDAY=TU", start: "2026-10-06T14:00:00+02:00", duration_minutes: 120 },
      volunteers_wanted: 4,
      visibility: "public",
      beneficiary: "Mme Martin, 12 rue des Lilas",
      beneficiary_consent: "2026-10-01",
    });
    expect(created.status).toBe(201);
    if (done) {
      const patched = await call(who, "PATCH", `/api/v1/missions/${created.body.id}`, { status: "done", outcome: { volunteer_hours: done.hours, people_helped: done.people } });
      expect(patched.status).toBe(200);
    }
    return created.body.id as string;
  };

  beforeAll(async () => {
    app = await testInstance({ LOGIN_RATE_LIMIT: "1000" });
    const db = app.db.kysely;
    for (const u of ["coord", "other", "citizen"]) await createUser(db, { username: u, email: `${u}@town.test`, password: "a long password" });
    const id = async (u: string) => (await db.selectFrom("users").select("id").where("email", "=", `${u}@town.test`).executeTakeFirstOrThrow()).id;
    await createOrganization(db, { handle: "asso", name: "Asso des Pentes", coordinatorId: await id("coord") });
    await createOrganization(db, { handle: "club", name: "Club du Plateau", coordinatorId: await id("other") });
    for (const who of ["coord", "other", "citizen"]) {
      tokens[who] = (await call("", "POST", "/api/v1/tokens", { login: who, password: "a long password" })).body.token;
    }
    needs.tuesday = await need("asso", "Visites du mardi", { hours: 40, people: 9 });
    needs.thursday = await need("asso", "Visites du jeudi", { hours: 12.5, people: 3 });
    needs.open = await need("asso", "Visites du samedi");
    needs.elsewhere = await need("club", "Tournoi de belote", { hours: 8, people: 20 }, ["sport"]);
  });
  afterAll(async () => {
    await app.close();
  });

  let sheet: string;

  it("refuses to write a sheet from needs not done, or of another organisation, or without needs", async () => {
    const base = { organization: "asso", title: "Un planning de visites" };
    const notDone = await call("coord", "POST", "/api/v1/practices", { ...base, needs: [needs.tuesday, needs.open] });
    expect(notDone).toMatchObject({ status: 422, type: "application/problem+json", body: { code: "practice_need_unusable" } });
    const theirs = await call("coord", "POST", "/api/v1/practices", { ...base, needs: [needs.elsewhere] });
    expect(theirs).toMatchObject({ status: 422, body: { code: "practice_need_unusable" } });
    const none = await call("coord", "POST", "/api/v1/practices", { ...base, needs: [] });
    expect(none.status).toBe(422);
    expect(none.body.errors.map((e: { field: string }) => e.field)).toContain("needs");
    const untitled = await call("coord", "POST", "/api/v1/practices", { organization: "asso", title: "", needs: [needs.tuesday] });
    expect(untitled.status).toBe(422);
  });

  it("lets only the organisation's coordinators write, edit and delete its sheets", async () => {
    const body = { organization: "asso", title: "Un planning de visites", needs: [needs.tuesday] };
    expect((await call("", "POST", "/api/v1/practices", body)).status).toBe(401);
    expect((await call("citizen", "POST", "/api/v1/practices", body)).body).toMatchObject({ code: "coordinators_only" });
    expect((await call("other", "POST", "/api/v1/practices", body)).status).toBe(403);
    const created = await call("coord", "POST", "/api/v1/practices", {
      ...body,
      needs: [needs.tuesday, needs.thursday],
      summary: "Des binômes, deux fois par semaine.",
      context: "Des personnes **isolées** dans les pentes.",
      actions: "Un planning partagé, une formation d'une heure.",
      motivation: "La convivialité.",
      watch_out: "Les vacances d'été.",
      contact: "visites@asso.test",
    });
    expect(created.status).toBe(201);
    sheet = created.body.id;
    expect((await call("other", "PATCH", `/api/v1/practices/${sheet}`, { title: "Pris" })).status).toBe(403);
    expect((await call("other", "DELETE", `/api/v1/practices/${sheet}`)).status).toBe(403);
    const edited = await call("coord", "PATCH", `/api/v1/practices/${sheet}`, { title: "Un planning de visites à domicile" });
    expect(edited).toMatchObject({ status: 200, body: { title: "Un planning de visites à domicile" } });
  });

  it("computes its results from the linked needs, never from what is typed, and carries no beneficiary", async () => {
    const typed = await call("coord", "PATCH", `/api/v1/practices/${sheet}`, { indicators: { volunteer_hours: 9999 } });
    expect(typed.status).toBe(200);
    const read = await call("", "GET", `/api/v1/practices/${sheet}`);
    expect(read.body).toMatchObject({
      domains: ["personnes-agees"],
      needs: [needs.tuesday, needs.thursday].sort(),
      // 9 + 3 people helped; 40 + 12.5 hours; 8 volunteers wanted, none accepted.
      indicators: { needs: 2, needs_done: 2, volunteers_wanted: 8, volunteers_accepted: 0, fill_rate: 0, volunteer_hours: 52.5, people_helped: 12 },
      html: { context: "<p>Des personnes <strong>isolées</strong> dans les pentes.</p>\n" },
    });
    expect(read.text).not.toContain("Martin");
    expect(read.text).not.toContain("Lilas");
    // Correcting an outcome changes the sheet's results.
    await call("coord", "PATCH", `/api/v1/missions/${needs.thursday}`, { outcome: { volunteer_hours: 2.5, people_helped: 1 } });
    const after = (await call("", "GET", `/api/v1/practices/${sheet}`)).body.indicators;
    expect(after).toMatchObject({ volunteer_hours: 42.5, people_helped: 10 });
    // The Article served at its id: no beneficiary either.
    const article = await call("", "GET", `/practices/${sheet}`, undefined, "application/activity+json");
    expect(article.status).toBe(200);
    expect(article.body).toMatchObject({ type: "Article", name: "Un planning de visites à domicile", "entraide:indicators": { "entraide:volunteerHours": 42.5 } });
    expect(article.text).not.toContain("Martin");
    // What Mastodon keeps of its HTML is all of it.
    expect(article.body.content).toContain("<strong>Ce qui a été fait</strong>");
    expect(mastodonKeeps(article.body.content)).toBe(article.body.content);
  });

  it("hides people helped from 1 to 4", async () => {
    const few = await call("coord", "POST", "/api/v1/practices", { organization: "asso", title: "Le jeudi seulement", needs: [needs.thursday] });
    expect(few.body.indicators.people_helped).toBeNull();
    const page = await call("", "GET", `/practices/${few.body.id}`, undefined, "text/html");
    expect(page.text).toContain("personnes aidées\u00a0: moins de 5");
    expect((await call("coord", "DELETE", `/api/v1/practices/${few.body.id}`)).status).toBe(204);
    expect((await call("", "GET", `/api/v1/practices/${few.body.id}`)).status).toBe(404);
  });

  it("keeps a local sheet to the accounts of this instance: never listed, served or federated to others", async () => {
    const local = await call("coord", "POST", "/api/v1/practices", { organization: "asso", title: "Notre organisation interne", needs: [needs.tuesday], visibility: "local" });
    expect(local.status).toBe(201);
    const id = local.body.id;
    expect((await call("", "GET", `/api/v1/practices/${id}`)).status).toBe(404);
    expect((await call("citizen", "GET", `/api/v1/practices/${id}`)).status).toBe(200);
    expect(((await call("", "GET", "/api/v1/practices")).body.items as { id: string }[]).map((p) => p.id)).not.toContain(id);
    expect(((await call("citizen", "GET", "/api/v1/practices")).body.items as { id: string }[]).map((p) => p.id)).toContain(id);
    expect((await call("", "GET", `/practices/${id}`, undefined, "application/activity+json")).status).toBe(404);
    expect((await call("", "GET", `/practices/${id}`, undefined, "text/html")).status).toBe(404);
    expect((await call("coord", "DELETE", `/api/v1/practices/${id}`)).status).toBe(204);
  });

  it("finds sheets by words (accents and case ignored) and by domain, local and received together", async () => {
    const db = app.db.kysely;
    await db
      .insertInto("remote_actors")
      .values({ id: "r1", uri: "http://127.0.0.9/actors/jardins", type: "Group", handle: "jardins@127.0.0.9", name: "Jardins partagés", url: null, inbox: "http://127.0.0.9/inbox", shared_inbox: null, software: "entraide", updated: new Date().toISOString() })
      .execute();
    await storeRemotePractice(db, "r1", {
      uri: "http://127.0.0.9/practices/1",
      url: null,
      title: "Un jardin partagé au pied des immeubles",
      summary: "Des bacs, un arrosage tournant.",
      contentHtml: "<p>Un <strong>arrosage</strong> tournant entre voisins.</p>",
      domains: ["environnement"],
      language: "fr",
      indicators: { needs: 1, needsDone: 1, volunteersWanted: 5, volunteersAccepted: 5, fillRate: 1, volunteerHours: 30, peopleHelped: 40 },
      templates: [],
      tries: [],
      published: null,
    });
    const titles = async (query: string) => ((await call("", "GET", `/api/v1/practices${query}`)).body.items as { title: string }[]).map((p) => p.title);
    expect(await titles("")).toEqual(["Un jardin partagé au pied des immeubles", "Un planning de visites à domicile"]);
    expect(await titles("?q=ISOLEES")).toEqual(["Un planning de visites à domicile"]);
    expect(await titles("?q=arrosage%20voisins")).toEqual(["Un jardin partagé au pied des immeubles"]);
    expect(await titles("?q=arrosage%20visites")).toEqual([]);
    expect(await titles("?domain=personnes-agees")).toEqual(["Un planning de visites à domicile"]);
    expect(await titles("?domain=environnement,sport")).toEqual(["Un jardin partagé au pied des immeubles"]);
    expect(await titles("?scope=here")).toEqual(["Un planning de visites à domicile"]);
    expect((await call("", "GET", "/api/v1/practices?domain=nope")).status).toBe(422);
    // Only letters and digits reach the LIKE patterns: "%" is no word, and no wildcard.
    expect((await call("", "GET", "/api/v1/practices?q=%25_%25")).body.items).toHaveLength(2);
    const page = await call("", "GET", "/practices?q=jardin", undefined, "text/html");
    expect(page.text).toContain("Un jardin partagé au pied des immeubles");
    expect(page.text).not.toContain("Un planning de visites à domicile");
  });

  it("lets another organisation here try it: drafts without any private field, and the author is told", async () => {
    expect((await call("citizen", "POST", `/api/v1/practices/${sheet}/tries`, { organization: "club" })).status).toBe(403);
    const tried = await call("other", "POST", `/api/v1/practices/${sheet}/tries`, { organization: "club" });
    expect(tried.status).toBe(201);
    expect(tried.body.drafts).toHaveLength(2);
    for (const id of tried.body.drafts) {
      const draft = await call("other", "GET", `/api/v1/missions/${id}`);
      expect(draft.body).toMatchObject({ status: "draft", organization: { handle: "club" }, schedule: { kind: "recurring" }, beneficiary: "", private_notes: "" });
    }
    const read = await call("", "GET", `/api/v1/practices/${sheet}`);
    expect(read.body.tries).toMatchObject([{ organization: "Club du Plateau", needs: 2, indicators: null }]);
    await app.events.idle();
    const told = await (async () => {
      for (let i = 0; i < 50; i++) {
        const list = (await call("coord", "GET", "/api/v1/notifications")).body as { type: string }[];
        if (list.some((n) => n.type === "practice.tried")) return true;
        await new Promise((r) => setTimeout(r, 100));
      }
      return false;
    })();
    expect(told).toBe(true);
  });
});
