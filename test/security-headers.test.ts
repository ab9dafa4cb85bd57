// Security headers on every answer: pages (a strict Content-Security-Policy: no inline
// script or style, never framed), the API, ActivityPub documents, WebFinger, NodeInfo,
// feeds, the stylesheet, error pages, redirects, and answers sent again from the caches
// of whole answers. And the pages themselves hold nothing that policy would block.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMON_HEADERS, DOCUMENT_POLICY, PAGE_POLICY, REMOTE_FORM_POLICY, secureAnswer } from "../src/http/security-headers.ts";
import type { Instance } from "../src/main.ts";
import { STYLESHEET_PATH } from "../web/style.ts";
import { SCRIPT_PATH } from "../web/assets.ts";
import { testInstance } from "./helpers/app.ts";
import { seedTown, type Town } from "./helpers/seed.ts";
import { root } from "./helpers/server.ts";

const BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
const AP = "application/activity+json";

describe("security headers", () => {
  let app: Instance;
  let town: Town;
  const get = (path: string, headers: Record<string, string> = {}, method = "GET") =>
    app.http.request(`http://town.test${path}`, { method, headers });

  beforeAll(async () => {
    app = await testInstance();
    town = await seedTown(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  function expectHeaders(res: Response, label: string, policy: string) {
    expect(res.headers.get("X-Content-Type-Options"), label).toBe("nosniff");
    expect(res.headers.get("Referrer-Policy"), label).toBe("same-origin");
    expect(res.headers.get("Content-Security-Policy"), label).toBe(policy);
  }

  it("are on every kind of answer, pages with the policy of pages", async () => {
    const signedIn = { Accept: BROWSER, Cookie: `entraide_session=${town.admin.session}` };
    const cases: [label: string, path: string, headers: Record<string, string>, status: number, policy: string][] = [
      ["home page", "/", { Accept: BROWSER }, 200, PAGE_POLICY],
      // The pages with a map (issue 16) also take images from the tiles' origin (MAP_TILES_URL).
      ["search page", "/search?q=musee", { Accept: BROWSER }, 200, PAGE_POLICY.replace("img-src 'self' data:", "img-src 'self' data: https://tile.openstreetmap.org")],
      ["calendar page", "/calendar", { Accept: BROWSER }, 200, PAGE_POLICY],
      ["a signed-in page", "/admin/settings", signedIn, 200, PAGE_POLICY],
      ["need page", `/needs/${town.needs.public}`, { Accept: BROWSER }, 200, REMOTE_FORM_POLICY],
      ["organisation page", `/@${town.organization}`, { Accept: BROWSER }, 200, REMOTE_FORM_POLICY.replace("img-src 'self' data:", "img-src 'self' data: https://tile.openstreetmap.org")],
      ["404 page", "/nowhere", { Accept: BROWSER }, 404, PAGE_POLICY],
      ["422 page", "/search?from=2026-13-45", { Accept: BROWSER }, 422, PAGE_POLICY],
      ["401 page of onError", "/", { Accept: BROWSER, Authorization: "Bearer x" }, 401, PAGE_POLICY],
      ["redirect", "/lang/en?back=/search", { Accept: BROWSER }, 303, DOCUMENT_POLICY],
      ["API answer", "/api/v1/missions", {}, 200, DOCUMENT_POLICY],
      ["API refusal", "/api/v1/missions?from=2026-13-45", {}, 422, DOCUMENT_POLICY],
      ["API 404", "/api/v1/missions/nope", {}, 404, DOCUMENT_POLICY],
      ["OpenAPI document", "/api/v1/openapi.json", {}, 200, DOCUMENT_POLICY],
      ["ActivityPub actor", `/actors/${town.organization}`, { Accept: AP }, 200, DOCUMENT_POLICY],
      ["ActivityPub note", `/needs/${town.needs.public}`, { Accept: AP }, 200, DOCUMENT_POLICY],
      ["ActivityPub 404", "/actors/nobody", { Accept: AP }, 404, DOCUMENT_POLICY],
      ["WebFinger", `/.well-known/webfinger?resource=${encodeURIComponent(`acct:${town.organization}@town.test`)}`, {}, 200, DOCUMENT_POLICY],
      ["NodeInfo links", "/.well-known/nodeinfo", {}, 200, DOCUMENT_POLICY],
      ["NodeInfo", "/nodeinfo/2.1", {}, 200, DOCUMENT_POLICY],
      ["RSS feed", "/feed.xml", {}, 200, DOCUMENT_POLICY],
      ["iCalendar", `/needs/${town.needs.public}/calendar.ics`, {}, 200, DOCUMENT_POLICY],
      ["stylesheet", STYLESHEET_PATH, { Accept: "text/css,*/*;q=0.1" }, 200, DOCUMENT_POLICY],
      ["health check", "/healthz", {}, 200, DOCUMENT_POLICY],
      ["inbox refusal", "/inbox", { "Content-Type": AP }, 400, DOCUMENT_POLICY],
    ];
    for (const [label, path, headers, status, policy] of cases) {
      const res = await get(path, headers, label === "inbox refusal" ? "POST" : "GET");
      expect(res.status, label).toBe(status);
      expectHeaders(res, label, policy);
    }
  });

  it("are on answers sent again from the caches of whole answers", async () => {
    app.pages.clear();
    app.responses.clear();
    const page = `/needs/${town.needs.public}`;
    await get(page, { Accept: BROWSER });
    const pageHits = app.pages.stats.hits;
    const keptPage = await get(page, { Accept: BROWSER });
    expect(app.pages.stats.hits).toBe(pageHits + 1);
    expectHeaders(keptPage, "need page sent again", REMOTE_FORM_POLICY);
    for (const path of [`/actors/${town.organization}`, `/.well-known/webfinger?resource=${encodeURIComponent(`acct:${town.organization}@town.test`)}`]) {
      await get(path, { Accept: AP });
      const hits = app.responses.stats.hits;
      const kept = await get(path, { Accept: AP });
      expect(app.responses.stats.hits, path).toBe(hits + 1);
      expectHeaders(kept, `${path} sent again`, DOCUMENT_POLICY);
    }
  });

  it("serves the stylesheet at an address that changes with it, to be kept a year", async () => {
    expect(STYLESHEET_PATH).toMatch(/^\/assets\/style-[0-9a-f]{8}\.css$/);
    const res = await get(STYLESHEET_PATH, { Accept: "text/css,*/*;q=0.1" });
    expect(res.headers.get("Content-Type")).toBe("text/css; charset=utf-8");
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(await res.text()).toContain("label.inline{display:inline}");
  });

  it("keeps the pages free of what their policy blocks: inline scripts, styles and event handlers", async () => {
    const signedIn = { Accept: BROWSER, Cookie: `entraide_session=${town.admin.session}` };
    const paths: [string, Record<string, string>][] = [
      ["/", { Accept: BROWSER }],
      ["/search", { Accept: BROWSER }],
      ["/search?q=", { Accept: BROWSER }],
      ["/calendar", { Accept: BROWSER }],
      ["/signup", { Accept: BROWSER }],
      ["/login", { Accept: BROWSER }],
      ["/about", { Accept: BROWSER }],
      ["/offers", { Accept: BROWSER }],
      [`/offers/${town.offer}`, { Accept: BROWSER }],
      [`/needs/${town.needs.public}`, { Accept: BROWSER }],
      [`/@${town.organization}`, { Accept: BROWSER }],
      ["/nowhere", { Accept: BROWSER }],
      ["/me", signedIn],
      ["/me/alerts", signedIn],
      ["/coordinate", signedIn],
      ["/coordinate/needs/new", signedIn],
      ["/admin", signedIn],
      ["/admin/settings", signedIn],
      ["/admin/moderation", signedIn],
      ["/admin/federation", signedIn],
    ];
    for (const [path, headers] of paths) {
      const html = await (await get(path, headers)).text();
      expect(html, path).toContain(`<link rel="stylesheet" href="${STYLESHEET_PATH}"/>`);
      // The site's own script (web/assets.ts) on every page, and the map's on the pages with a map
      // (issue 16), both served from this site, which the policy allows; nothing inline.
      const script = `<script src="${SCRIPT_PATH}" defer=""></script>`;
      expect(html, path).toContain(script);
      expect(html.replace(script, ""), path).not.toMatch(/<style|<script(?! src="\/assets\/map-[0-9a-f]{12}\.js" defer=""><\/script>)|\sstyle=|\son[a-z]+=|javascript:/i);
    }
  });

  it("are set the same by the reverse proxies of deploy/ on the answers they make themselves, each sent once", () => {
    for (const file of ["Caddyfile", "Caddyfile.scale", "nginx.conf"]) {
      const text = readFileSync(join(root, "deploy", file), "utf8");
      for (const [name, value] of Object.entries(COMMON_HEADERS)) {
        expect(text, `${file} ${name}`).toMatch(new RegExp(`${name} ${value}`));
        // Entraide's copy is dropped on the way: otherwise the header would be sent twice.
        expect(text, `${file} ${name}`).toMatch(new RegExp(`(header_down -|proxy_hide_header )${name}`));
      }
      // Only where the answer has none: the pages' policy is Entraide's own, and stricter.
      expect(text, file).toContain(DOCUMENT_POLICY);
      expect(text, file).toMatch(file.startsWith("Caddy") ? /\?Content-Security-Policy/ : /map \$upstream_http_content_security_policy/);
    }
  });

  it("are set on an answer whose headers cannot be changed, by copying it first", async () => {
    const bare = new Hono();
    bare.use(async (c, next) => {
      await next();
      secureAnswer(c);
    });
    bare.get("/", () => Response.redirect("http://town.test/elsewhere", 302));
    const res = await bare.request("http://town.test/");
    expect([res.status, res.headers.get("Location")]).toEqual([302, "http://town.test/elsewhere"]);
    expectHeaders(res, "Response.redirect", DOCUMENT_POLICY);
  });
});
