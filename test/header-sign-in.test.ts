// The header's "sign in" and "sign up" links carry `next=` the page the visitor is on,
// so that one who signs in from a need's page comes back to it. Only a path of this site
// is ever carried (the `next` rule of the login form: src/http/web/frame.ts, nextPath),
// never another host: the attack is reproduced first (a page addressed as
// "//evil.example", a hostile `next` on the login page), then shown refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../src/domain/accounts/users.ts";
import { silentEvents } from "../src/domain/events.ts";
import { createNeed } from "../src/domain/needs/service.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import type { Instance } from "../src/main.ts";
import { testInstance } from "./helpers/app.ts";
import { postLogin } from "./helpers/login.ts";
import { needInput } from "./helpers/needs.ts";

const PASSWORD = "a long password";

describe("the header's sign-in links", () => {
  let app: Instance;
  let needId: string;

  beforeAll(async () => {
    app = await testInstance({ LOGIN_RATE_LIMIT: "1000" });
    const db = app.db.kysely;
    const coord = await createUser(db, { username: "coord", email: "coord@town.test", password: PASSWORD });
    await createUser(db, { username: "alice", email: "alice@town.test", password: PASSWORD });
    await createOrganization(db, { handle: "asso", name: "Les Amis de Vaise", coordinatorId: coord.id });
    needId = (await createNeed(db, silentEvents, coord, needInput({ title: "Visite de courtoisie" }))).id;
  });
  afterAll(async () => {
    await app?.close();
  });

  const page = (path: string, headers: Record<string, string> = {}) =>
    app.http.request(`http://town.test${path}`, { redirect: "manual", headers: { Accept: "text/html", ...headers } });
  /** The header's account links (its second nav), as the browser reads their addresses. */
  const headerLinks = async (path: string) => {
    const html = await (await page(path)).text();
    const nav = /<nav aria-label="Compte">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? "";
    return [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll("&amp;", "&"));
  };

  it("lead back to the page the visitor is on, and signing in from them lands on it", async () => {
    const need = `/needs/${needId}`;
    const links = await headerLinks(need);
    expect(links).toEqual([`/login?next=${encodeURIComponent(need)}`, `/signup?next=${encodeURIComponent(need)}`]);
    // The login page the link opens carries it in its form, and in its own header's sign-up link.
    const login = await (await page(links[0]!)).text();
    expect(login).toContain(`<input type="hidden" name="next" value="${need}"/>`);
    expect(await headerLinks(links[0]!)).toEqual([links[0], links[1]]);
    const next = /name="next" value="([^"]+)"/.exec(login)?.[1];
    const signedIn = await postLogin(app.http.request, "http://town.test", { login: "alice", password: PASSWORD, next: next! });
    expect([signedIn.status, signedIn.headers.get("location")]).toEqual([303, need]);
    // Signed in, the page has no such links.
    const cookie = (signedIn.headers.get("set-cookie") ?? "").split(";")[0]!;
    const signedInPage = await (await page(need, { Cookie: cookie })).text();
    expect(signedInPage).not.toContain('href="/login');
  });

  it("keep the query of a search, without a notice said once, and nothing for the home page", async () => {
    expect(await headerLinks("/search?q=visite&done=saved&error=generic")).toEqual([
      `/login?next=${encodeURIComponent("/search?q=visite")}`,
      `/signup?next=${encodeURIComponent("/search?q=visite")}`,
    ]);
    expect(await headerLinks("/")).toEqual(["/login", "/signup"]);
  });

  it("never carry another host: a page addressed as //evil.example, a hostile next on the login page", async () => {
    // The attack: a link to http://town.test//evil.example/x answers a page here; a header that
    // carried its path as next would send the visitor, once signed in, to //evil.example/x.
    const hostile = await page("//evil.example/x");
    expect(hostile.status).toBe(404);
    expect(await headerLinks("//evil.example/x")).toEqual(["/login", "/signup"]);
    for (const evil of ["//evil.example", "https://evil.example", "/\\evil.example", "/.//evil.example"]) {
      expect(await headerLinks(`/login?next=${encodeURIComponent(evil)}`)).toEqual(["/login", "/signup"]);
      expect(await headerLinks(`/signup?next=${encodeURIComponent(evil)}`)).toEqual(["/login", "/signup"]);
      // And signing in with it lands here, on the home page.
      const signedIn = await postLogin(app.http.request, "http://town.test", { login: "alice", password: PASSWORD, next: evil });
      expect([evil, signedIn.headers.get("location")]).toEqual([evil, "/"]);
    }
  });
});
