// Applying follows the rule of reading: whoever may not see a need cannot
// apply to it by its id, from the web form, the API or another server's inbox.
import { Create, Follow, Join, Note, Offer } from "@fedify/vocab";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../src/domain/accounts/users.ts";
import { mayApply, mayRead } from "../src/domain/access/policy.ts";
import { apiAs, testInstance } from "./helpers/app.ts";
import { postLogin } from "./helpers/login.ts";
import { fediverseAccounts } from "./helpers/fediverse.ts";
import { apiClient, runCli, type ServerProcess, startServer } from "./helpers/server.ts";
import { until } from "./helpers/wait.ts";

const need = (title: string, visibility: string) => ({
  organization: "asso",
  title,
  domains: ["personnes-agees"],
  place: { label: "Croix-Rousse" },
  schedule: { kind: "flexible" },
  volunteers_wanted: 2,
  visibility,
});

describe("the rule", () => {
  const open = { organization: { id: "asso" }, published: "2026-11-01T00:00:00.000Z", status: "open" } as const;
  it("lets apply only who may read, and never to a draft", () => {
    const follower = { kind: "remote", uri: "https://b.test/users/fanny", follows: ["asso"] } as const;
    const stranger = { kind: "remote", uri: "https://b.test/users/mallory", follows: [] } as const;
    const citizen = { kind: "account", id: "alice", role: "citizen", coordinates: [] } as const;
    const coordinator = { kind: "account", id: "coord", role: "citizen", coordinates: ["asso"] } as const;
    expect(mayApply(follower, { ...open, visibility: "followers" })).toBe(true);
    expect(mayApply(stranger, { ...open, visibility: "followers" })).toBe(false);
    // The town's citizens read, and so may answer, the followers-only needs of their instance.
    expect(mayRead(citizen, { ...open, visibility: "followers" })).toBe(true);
    expect(mayApply(citizen, { ...open, visibility: "followers" })).toBe(true);
    expect(mayApply({ kind: "anonymous" }, { ...open, visibility: "followers" })).toBe(false);
    expect(mayApply({ kind: "anonymous" }, { ...open, visibility: "local" })).toBe(false);
    expect(mayApply(follower, { ...open, visibility: "local" })).toBe(false);
    expect(mayApply(citizen, { ...open, visibility: "local" })).toBe(true);
    expect(mayApply({ kind: "anonymous" }, { ...open, visibility: "public" })).toBe(false);
    const draft = { organization: { id: "asso" }, published: null, status: "draft", visibility: "public" } as const;
    expect(mayRead(coordinator, draft)).toBe(true);
    expect(mayApply(coordinator, draft)).toBe(false);
  });
});

describe("a citizen of this instance", () => {
  let app: Awaited<ReturnType<typeof testInstance>>;
  const tokens: Record<string, string> = {};
  const call = (who: string, method: string, path: string, body?: unknown) => apiAs(app, tokens)(who, method, path, body);
  const page = (path: string, init: RequestInit = {}) =>
    app.http.request(`http://town.test${path}`, { ...init, headers: { Accept: "text/html", ...init.headers } });
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await testInstance({ LOGIN_RATE_LIMIT: "1000" });
    await createUser(app.db.kysely, { username: "mairie", email: "m@town.test", password: "a long password", role: "admin" });
    for (const u of ["coord", "alice"]) await createUser(app.db.kysely, { username: u, email: `${u}@town.test`, password: "a long password" });
    for (const u of ["mairie", "coord", "alice"]) tokens[u] = (await call("", "POST", "/tokens", { login: u, password: "a long password" })).body.token;
    expect((await call("mairie", "POST", "/organizations", { handle: "asso", name: "Asso" })).status).toBe(201);
    expect((await call("mairie", "PUT", "/organizations/asso/members/coord", { role: "coordinator" })).status).toBe(200);
    for (const visibility of ["public", "followers", "local"]) {
      const created = await call("coord", "POST", "/missions", need(`Visites (${visibility})`, visibility));
      expect(created.status).toBe(201);
      ids[visibility] = created.body.id;
    }
    const draft = await call("coord", "POST", "/missions", { ...need("Visites (brouillon)", "public"), status: "draft" });
    expect(draft.status).toBe(201);
    ids.draft = draft.body.id;
  });
  afterAll(async () => {
    await app.close();
  });

  const applicants = async (id: string) =>
    ((await call("coord", "GET", `/missions/${id}/applications`)).body as { applicant: { username?: string } }[]).map((a) => a.applicant.username);

  it("may apply through the API to the needs she may read: public, followers-only and local", async () => {
    for (const visibility of ["public", "followers", "local"]) {
      expect((await call("alice", "GET", `/missions/${ids[visibility]}`)).status).toBe(200);
      expect((await call("alice", "POST", `/missions/${ids[visibility]}/applications`, {})).status).toBe(201);
      expect(await applicants(ids[visibility]!)).toEqual(["alice"]);
    }
  });

  it("may not apply to a draft, which she may not read, by the API or the web form: no such need", async () => {
    expect((await call("alice", "GET", `/missions/${ids.draft}`)).status).toBe(404);
    const applied = await call("alice", "POST", `/missions/${ids.draft}/applications`, { message: "Je viens" });
    expect(applied).toMatchObject({ status: 404, body: { code: "need_not_found" } });
    expect(applied.type).toContain("application/problem+json");
    const login = await postLogin(app.http.request, "http://town.test", { login: "alice", password: "a long password" });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const publicPage = await (await page(`/needs/${ids.public}`, { headers: { Cookie: cookie } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(publicPage)?.[1];
    expect(csrf).toBeTruthy();
    expect((await page(`/needs/${ids.draft}`, { headers: { Cookie: cookie } })).status).toBe(404);
    const web = await page(`/needs/${ids.draft}/apply`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
      body: new URLSearchParams({ _csrf: csrf!, message: "Par le formulaire" }).toString(),
    });
    expect(web.status).toBe(404);
    expect(web.headers.get("content-type")).toContain("text/html");
    expect(await web.text()).toContain('<html lang="fr">');
    expect(await applicants(ids.draft!)).toEqual([]);
  });

  it("applies through the web form to a followers-only need, and the page she lands on says so", async () => {
    await createUser(app.db.kysely, { username: "bea", email: "bea@town.test", password: "a long password" });
    const login = await postLogin(app.http.request, "http://town.test", { login: "bea", password: "a long password" });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const shown = await (await page(`/needs/${ids.followers}`, { headers: { Cookie: cookie } })).text();
    expect(shown).toContain("Visites (followers)");
    const csrf = /name="_csrf" value="([^"]+)"/.exec(shown)?.[1];
    expect(shown).toContain(`action="/needs/${ids.followers}/apply"`);
    const web = await page(`/needs/${ids.followers}/apply`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
      body: new URLSearchParams({ _csrf: csrf!, message: "Par le formulaire" }).toString(),
    });
    expect(web.status).toBe(303);
    expect(web.headers.get("location")).toBe(`/needs/${ids.followers}?done=applied`);
    const landed = await (await page(web.headers.get("location")!, { headers: { Cookie: cookie } })).text();
    expect(landed).toMatch(/<p class="notice" role="status">Merci ! Votre proposition d&#39;aide a été envoyée à l&#39;association.<\/p>/);
    expect((await applicants(ids.followers!)).sort()).toEqual(["alice", "bea"]);
  });
});

describe("an account on another server", () => {
  let a: ServerProcess;
  let coordinator: ReturnType<typeof apiClient>;
  let remote: Awaited<ReturnType<typeof fediverseAccounts>>;
  const ids: Record<string, string> = {};
  const uris: Record<string, string> = {};

  beforeAll(async () => {
    a = await startServer();
    expect(runCli(["user", "create", "claire", "--email", "claire@a.test"], a.env, "claire's password\n").status).toBe(0);
    expect(runCli(["org", "create", "asso", "--name", "Asso", "--coordinator", "claire"], a.env).status).toBe(0);
    coordinator = apiClient(a, runCli(["token", "create", "claire"], a.env).stdout.trim());
    for (const visibility of ["public", "followers", "local"]) {
      const created = await coordinator("POST", "/missions", need(`Visites (${visibility})`, visibility));
      expect(created.status).toBe(201);
      ids[visibility] = created.body.id;
      uris[visibility] = `${a.url}/needs/${created.body.id}`;
    }
    remote = await fediverseAccounts(["mallory", "fanny"]);
    // Fanny follows the organisation; Mallory does not.
    await remote.send("fanny", `${a.url}/actors/asso`, (actor, object) => new Follow({ id: remote.id(), actor, object }));
    await until("A to count Fanny among the followers", async () => a.logs().includes(`${remote.uri("fanny")} follows @asso`));
  }, 90_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), remote?.close()]);
  });

  const applicants = async (visibility: string) =>
    ((await coordinator("GET", `/missions/${ids[visibility]}/applications`)).body as { source: string; applicant: { uri?: string } }[]).map(
      (x) => [x.applicant.uri, x.source],
    );
  const refusals = (visibility: string) => a.logs().split("\n").filter((l) => l.includes(`to need ${ids[visibility]} refused`)).length;

  it("who does not follow the organisation cannot apply to a followers-only need by reply, Offer or Join", async () => {
    const asso = `${a.url}/actors/asso`;
    const target = new URL(uris.followers!);
    await remote.send("mallory", asso, (actor, to) => new Offer({ id: remote.id(), actor, to, target, content: "Offre" }));
    await remote.send("mallory", asso, (actor, to) => new Join({ id: remote.id(), actor, to, object: target }));
    const reply = remote.id();
    await remote.send("mallory", asso, (actor, to) =>
      new Create({ id: new URL(`${reply.href}#create`), actor, to, object: new Note({ id: reply, attribution: actor, to, replyTarget: target, content: "Moi !" }) }),
    );
    // The same answer to the public need is taken: the way in works, the need's audience decides.
    await remote.send("mallory", asso, (actor, to) => new Join({ id: remote.id(), actor, to, object: new URL(uris.public!) }));
    await until("A to record Mallory's Join of the public need", async () => (await applicants("public")).length === 1);
    await until("A to refuse the three answers to the followers-only need", async () => refusals("followers") === 3);
    expect(await applicants("followers")).toEqual([]);
    expect(await applicants("public")).toEqual([[remote.uri("mallory"), "join"]]);
  });

  it("who follows it can; a local need takes no application from another server, even from a follower", async () => {
    const asso = `${a.url}/actors/asso`;
    await remote.send("fanny", asso, (actor, to) => new Join({ id: remote.id(), actor, to, object: new URL(uris.followers!) }));
    await remote.send("fanny", asso, (actor, to) => new Offer({ id: remote.id(), actor, to, target: new URL(uris.local!) }));
    await until("A to record Fanny's Join", async () => (await applicants("followers")).length === 1);
    await until("A to refuse Fanny's Offer for the local need", async () => refusals("local") === 1);
    expect(await applicants("followers")).toEqual([[remote.uri("fanny"), "join"]]);
    expect(await applicants("local")).toEqual([]);
  });
});
