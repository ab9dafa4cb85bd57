// Bad input never makes a 500. Every operation of the OpenAPI document and every page
// route of the Hono app (both enumerated, so a new one is fuzzed without touching this
// file) gets malformed, oversized and wrong-typed input: path parameters, query strings,
// bodies, content types, credentials, Referer, Accept-Language and Cookie headers. The
// input comes from a seeded generator (FUZZ_SEED), so a failure is replayed exactly.
// Every answer must be below 500; a refusal is problem+json under /api/ and an HTML page
// for a browser. The instance runs in process on a migrated database with a small town
// in it, signed in where a route needs it, so that requests get past authentication and
// reach validation; no request leaves the machine (fetch is refused, and Fedify's loader).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiDocument } from "../src/http/openapi.ts";
import { pages } from "../src/http/pages.tsx";
import { configureLogging } from "../src/logging.ts";
import type { Instance } from "../src/main.ts";
import { testInstance } from "./helpers/app.ts";
import { renewTown, seedTown, type Town } from "./helpers/seed.ts";
import { root } from "./helpers/server.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const ORIGIN = "http://town.test";
const BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

const HUGE = "x".repeat(100_000);
/** Strings that have broken parsers elsewhere: encodings, paths, control characters, sizes. */
const JUNK_STRINGS = [
  "",
  " ",
  "0",
  "-1",
  "NaN",
  "1e309",
  "-1e309",
  "0x1f",
  "true",
  "null",
  "[]",
  "{}",
  "2026-13-45",
  "2026-02-30",
  "2026-12-15T25:61:61Z",
  "9999999999999999999999",
  "é🙂\u202e\u0000",
  "../../etc/passwd",
  "%00",
  "%E0%A4%A",
  "a\r\nSet-Cookie: x=1",
  "/\t/evil.example",
  "//evil.example",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "\"unterminated",
  "@",
  "@@@",
  "x@",
  HUGE,
];
/** Path segments, raw in the URL: some are not valid percent-encodings. */
const JUNK_SEGMENTS = [
  "nonexistent",
  "0",
  "-1",
  "9".repeat(400),
  "%C3%A9%F0%9F%99%82",
  "..%2F..%2Fetc%2Fpasswd",
  "%00",
  "%E0%A4%A",
  "%",
  "%0d%0aLocation:%20x",
  "x".repeat(5000),
  "%40",
  "@",
  "null",
];
const JUNK_HEADERS: Record<string, string>[] = [
  { Referer: "::notaurl" },
  { Referer: "http://[" },
  { Referer: "javascript:alert(1)" },
  { "Accept-Language": "*;q=xyz, zz-ZZ;q=-1, ,,;" },
  { "Accept-Language": "en".repeat(5000) },
  { Cookie: "lang=%E0%A4%A; entraide_session=%" },
  { Cookie: "entraide_session=not-a-session" },
  { Cookie: "=;;=; lang=xx" },
  { Cookie: `lang=${"x".repeat(8000)}` },
  { Accept: "text/html;q=abc, */*;q=-5" },
  { Accept: "application/activity+json" },
  { Accept: "" },
  { Authorization: "Bearer x.y.z" },
  { Authorization: "Basic YWxhZGRpbjpvcGVuc2VzYW1l" },
  { Authorization: "Bearer" },
  { "X-Forwarded-For": "not an address" },
  { Origin: "null" },
];

interface Outcome {
  method: string;
  url: string;
  status: number;
  type: string;
  body: string;
  /** Whom the answer was for: the API (problem+json) or a browser (an HTML page). */
  audience: "api" | "browser" | "other";
}

type JsonSchema = Record<string, any>;

describe("fuzzing every operation and every page", () => {
  let app: Instance;
  let town: Town;
  let doc: ReturnType<typeof openApiDocument>;
  const outcomes: Outcome[] = [];
  const refusedFetches: string[] = [];
  const errorLog: string[] = [];
  const realFetch = globalThis.fetch;
  const random = generator(SEED);

  async function send(method: string, path: string, init: { headers?: Record<string, string>; body?: BodyInit | null; audience: Outcome["audience"] }) {
    const url = `${ORIGIN}${path}`;
    // A GET carries no body (fetch refuses to build one): its input is the URL and the headers.
    const body = method === "GET" || method === "HEAD" ? undefined : (init.body ?? undefined);
    const res = await app.http.request(url, { method, headers: init.headers, body });
    const text = await res.text();
    outcomes.push({ method, url: url.length > 300 ? `${url.slice(0, 300)}…` : url, status: res.status, type: res.headers.get("Content-Type") ?? "", body: text, audience: init.audience });
    return res;
  }

  beforeAll(async () => {
    // What the server logs as unexpected is what a 500 hides: shown when one is found.
    configureLogging({ level: "error", format: "text", write: (line) => line.includes("Unhandled error") && errorLog.push(line) });
    // Nothing leaves the machine: a remote follow or a report to another server ends here.
    globalThis.fetch = (async (input: RequestInfo | URL) => {
      refusedFetches.push(String(input instanceof Request ? input.url : input));
      throw new TypeError("fetch failed (no network in this test)");
    }) as typeof fetch;
    app = await testInstance(
      { LOGIN_RATE_LIMIT: "1000000", INBOX_RATE_LIMIT: "1000000" },
      {
        documentLoader: async (url: string) => {
          refusedFetches.push(url);
          throw new TypeError("fetch failed (no network in this test)");
        },
        skipSignatureVerification: false,
      },
    );
    town = await seedTown(app);
    doc = openApiDocument(app.config.publicUrl, "test");
  }, 60_000);

  afterAll(async () => {
    globalThis.fetch = realFetch;
    await app?.close();
  });

  it("answers the three requests that were 500s with a 4xx page in the visitor's language", async () => {
    const browse = (path: string, headers: Record<string, string> = {}) => send("GET", path, { headers: { Accept: BROWSER, ...headers }, audience: "browser" });
    // A date the pattern accepts but the calendar does not (it was a RangeError).
    const search = await browse("/search?from=2026-13-45", { "Accept-Language": "en" });
    expect([search.status, search.headers.get("Content-Type")]).toEqual([422, "text/html; charset=UTF-8"]);
    expect(outcomes.at(-1)!.body).toContain('aria-invalid="true"');
    expect(outcomes.at(-1)!.body).toContain("Give a day of the calendar, for example 2026-12-15.");
    expect((await browse("/search?to=2026-02-30")).status).toBe(422);
    // CR LF in the address to go back to (Node refused to build the Location header).
    // It goes home instead (the path to come back to must stay on this site; test/security-accounts.test.ts).
    const lang = await browse("/lang/en?back=/%0d%0ax");
    expect([lang.status, lang.headers.get("Location")]).toEqual([303, "/"]);
    // A tab would have been let through and dropped by the browser: `//evil.example`.
    expect((await browse("/lang/en?back=/%09/evil.example")).headers.get("Location")).toBe("/");
    // An instance left empty and a Referer that is no URL (new URL threw).
    const follow = await browse("/remote-follow?account=x&instance=", { Referer: "::notaurl", "Accept-Language": "en" });
    expect([follow.status, follow.headers.get("Content-Type")]).toEqual([422, "text/html; charset=UTF-8"]);
    expect(outcomes.at(-1)!.body).toContain("Give the name of your server");
  });

  /** The credentials a request may carry: none, each role's token, a browser session. */
  const credentials = () => ({
    none: {} as Record<string, string>,
    admin: { Authorization: `Bearer ${town.admin.token}` },
    citizen: { Authorization: `Bearer ${town.citizen.token}` },
    session: { Cookie: `entraide_session=${town.admin.session}`, "X-CSRF-Token": town.admin.csrf },
    sessionWithoutCsrf: { Cookie: `entraide_session=${town.citizen.session}` },
  });

  /** Valid values for a path parameter, by its name, then junk. */
  function segments(name: string): string[] {
    const valid: Record<string, string[]> = {
      id: [town.needs.public, town.needs.followers, town.needs.local, town.offer, town.application, town.alert, town.admin.tokenId],
      handle: [town.organization],
      username: [town.citizen.username, town.admin.username],
      domain: ["blocked.example", "xn--e1afmkfd.example"],
      lang: ["en", "fr"],
      slug: ["sante", "culture-loisirs"],
      tag: ["benevolat"],
      at: [`@${town.organization}`, `@${town.citizen.username}`, "@instance"],
    };
    const junk = name === "at" ? JUNK_SEGMENTS.map((s) => `@${s}`) : JUNK_SEGMENTS;
    return [...(valid[name] ?? [town.needs.public]), ...junk];
  }

  const resolve = (schema: JsonSchema | undefined): JsonSchema | undefined => {
    if (!schema?.$ref) return schema;
    return (doc.components.schemas as Record<string, JsonSchema>)[String(schema.$ref).split("/").pop()!];
  };

  /** A value the schema accepts, as far as JSON Schema tells (refinements aside). */
  function sample(raw: JsonSchema | undefined, depth = 0): unknown {
    const schema = resolve(raw);
    if (!schema || depth > 6) return "x";
    if ("default" in schema) return schema.default;
    if ("const" in schema) return schema.const;
    if (schema.enum) return schema.enum[0];
    const variants = schema.anyOf ?? schema.oneOf;
    if (variants) return sample(variants[0], depth + 1);
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    if (type === "object" || schema.properties) {
      return Object.fromEntries(Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>).map(([k, v]) => [k, sample(v, depth + 1)]));
    }
    if (type === "array") return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sample(schema.items, depth + 1));
    if (type === "integer" || type === "number") return schema.minimum ?? 1;
    if (type === "boolean") return true;
    if (schema.format === "date-time") return "2026-12-15T09:00:00+01:00";
    if (schema.format === "date") return "2026-12-15";
    if (schema.format === "email") return "someone@town.test";
    if (schema.format === "uri") return "http://127.0.0.1:9/x";
    return "x".repeat(Math.max(3, schema.minLength ?? 3));
  }

  /** A value of the wrong type for each JSON type. */
  const WRONG: unknown[] = [null, 1, -1, 1.5, 0, true, "x", HUGE, [], [1, "a"], {}, { nested: { deeper: [null] } }];

  /** Bodies for an operation: a valid one, then each field broken, then broken documents. */
  function bodies(schema: JsonSchema | undefined): { type: string; body: string }[] {
    const valid = sample(schema);
    const json = (value: unknown) => ({ type: "application/json", body: JSON.stringify(value) });
    const out = [json(valid), json({})];
    if (valid && typeof valid === "object" && !Array.isArray(valid)) {
      for (const key of Object.keys(valid)) {
        out.push(json({ ...valid, [key]: random.pick(WRONG) }));
        out.push(json({ ...valid, [key]: random.pick(JUNK_STRINGS) }));
        // A NUL character: SQLite keeps it, PostgreSQL refuses it.
        out.push(json({ ...valid, [key]: typeof (valid as Record<string, unknown>)[key] === "string" ? "a\u0000b" : ["a\u0000b"] }));
        const { [key]: _, ...rest } = valid as Record<string, unknown>;
        out.push(json(rest));
      }
      // Numbers JSON.parse reads as Infinity, and keys that reach for prototypes.
      out.push({ type: "application/json", body: JSON.stringify(valid).replace(/^\{/, '{"__n":1e309,') });
      out.push({ type: "application/json", body: JSON.stringify({ ...valid, __proto__: { role: "admin" }, constructor: { prototype: { x: 1 } } }) });
      out.push({ type: "application/json", body: `{"__proto__":{"role":"admin"},${JSON.stringify(valid).slice(1)}` });
      const firstKey = Object.keys(valid)[0];
      if (firstKey) out.push(json({ ...valid, [firstKey]: Array.from({ length: 50_000 }, (_, i) => i) }));
    }
    out.push(
      { type: "application/json", body: "" },
      { type: "application/json", body: "{" },
      { type: "application/json", body: "{'a': 1}" },
      { type: "application/json", body: "null" },
      { type: "application/json", body: "[]" },
      { type: "application/json", body: '"text"' },
      { type: "application/json", body: "1e309" },
      { type: "application/json", body: `${"[".repeat(5000)}${"]".repeat(5000)}` },
      { type: "application/json", body: `${'{"a":'.repeat(2000)}1${"}".repeat(2000)}` },
      { type: "application/json", body: "\u0000\uFFFF" },
      { type: "application/json", body: "x".repeat(1_200_000) },
      { type: "text/plain", body: JSON.stringify(valid) },
      { type: "application/x-www-form-urlencoded", body: "a=1&b=%E0%A4%A&&=" },
      { type: "multipart/form-data; boundary=zz", body: "--zz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--zz" },
      { type: "multipart/form-data", body: "garbage" },
      { type: "application/json; charset=utf-16", body: JSON.stringify(valid) },
      { type: "", body: JSON.stringify(valid) },
    );
    return out;
  }

  function queryValues(schema: JsonSchema | undefined): string[] {
    const s = resolve(schema) ?? {};
    const extra = s.format === "date" ? ["2026-13-45", "2026-02-30", "0000-00-00"] : [];
    return [...extra, ...JUNK_STRINGS.filter(() => random.next() < 0.5), "1e309", "NaN", HUGE];
  }

  const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? "x");

  it("finds every route of the API in the OpenAPI document, so that a new one is fuzzed too", () => {
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} /api/v1${path}`)),
    );
    const routes = app.http.routes
      .filter((r) => r.path.startsWith("/api/v1/") && r.method !== "ALL")
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}").replace(/\/$/, "")}`);
    expect(routes.length).toBeGreaterThan(40);
    expect([...new Set(routes)].filter((r) => !documented.has(r))).toEqual([]);
  });

  it("answers no operation of the OpenAPI document with a 5xx", async () => {
    const paths = doc.paths as Record<string, Record<string, { parameters?: { name: string; in: string; schema?: JsonSchema }[]; requestBody?: { content: Record<string, { schema: JsonSchema }> }; security?: unknown }>>;
    const operations = Object.entries(paths).flatMap(([template, item]) => Object.entries(item).map(([method, op]) => ({ template, method: method.toUpperCase(), op })));
    expect(operations.length).toBeGreaterThan(40);
    // Reads first and removals last, so that most requests meet the town as seeded.
    const order = (m: string) => (m === "GET" ? 0 : m === "DELETE" ? 2 : 1);
    operations.sort((a, b) => order(a.method) - order(b.method));
    for (const { template, method, op } of operations) {
      // An operation before this one may have suspended someone or revoked their token.
      await renewTown(app, town);
      const pathParams = (op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name);
      const queryParams = (op.parameters ?? []).filter((p) => p.in === "query");
      const schema = op.requestBody?.content["application/json"]?.schema;
      const valid = Object.fromEntries(pathParams.map((name) => [name, segments(name)[0]!]));
      const api = (path: string, headers: Record<string, string>, body?: { type: string; body: string }) =>
        send(method, `/api/v1${path}`, {
          headers: { ...headers, ...(body?.type ? { "Content-Type": body.type } : {}) },
          body: body?.body,
          audience: "api",
        });
      const who = op.security ? credentials().admin : {};
      // Path parameters: every valid and junk value, and credentials of each kind.
      for (const name of pathParams) {
        for (const value of segments(name)) await api(fill(template, { ...valid, [name]: value }), who, schema ? { type: "application/json", body: JSON.stringify(sample(schema)) } : undefined);
      }
      for (const headers of Object.values(credentials())) await api(fill(template, valid), headers, schema ? { type: "application/json", body: JSON.stringify(sample(schema)) } : undefined);
      for (const headers of JUNK_HEADERS.filter(() => random.next() < 0.3)) await api(fill(template, valid), { ...who, ...headers });
      // Query parameters: wrong types, impossible dates, huge values, repeated; unknown ones too.
      for (const param of queryParams) {
        for (const value of queryValues(param.schema)) await api(`${fill(template, valid)}?${param.name}=${encodeURIComponent(value)}`, who);
        await api(`${fill(template, valid)}?${param.name}=a&${param.name}=b&${param.name}[]=c`, who);
      }
      await api(`${fill(template, valid)}?${random.pick(["%", "a=%E0%A4%A", "=&=&", "x".repeat(20_000)])}`, who);
      // Bodies: for operations that take one, broken each way; for the others, one they do not expect.
      for (const body of schema ? bodies(schema) : [{ type: "application/json", body: '{"unexpected": true}' }]) {
        await api(fill(template, valid), who, body);
      }
    }
  }, 120_000);

  /** Field names the page forms use, read from the views, and a few they do not. */
  function formFields(): string[] {
    const dir = join(root, "web", "pages");
    const names = new Set<string>(["_csrf", "next", "unexpected", "__proto__"]);
    for (const file of readdirSync(dir)) {
      for (const match of readFileSync(join(dir, file), "utf8").matchAll(/\bname="([\w.[\]-]+)"/g)) names.add(match[1]!);
    }
    return [...names];
  }

  /** A page route's path with each parameter filled (Hono's `:name` and `:name{regex}`). */
  const pagePath = (template: string, values: Record<string, string>) => template.replace(/:(\w+)(\{[^}]*\})?/g, (_, name: string) => values[name] ?? "x");

  it("answers no page with a 5xx, and refuses bad input with a page", async () => {
    const routes = [...new Map(pages.routes.filter((r) => r.method === "GET" || r.method === "POST").map((r) => [`${r.method} ${r.path}`, r])).values()];
    expect(routes.length).toBeGreaterThan(40);
    const fields = formFields();
    const order = (m: string) => (m === "GET" ? 0 : 1);
    routes.sort((a, b) => order(a.method) - order(b.method));
    let browsers: Record<string, string>[] = [];
    const csrfOf = (headers: Record<string, string>) => (headers.Cookie?.includes(town.admin.session) ? town.admin.csrf : town.citizen.csrf);
    for (const route of routes) {
      // A form before this one may have signed the town out (/logout), suspended or demoted someone.
      await renewTown(app, town);
      browsers = [{}, { Cookie: `entraide_session=${town.admin.session}` }, { Cookie: `entraide_session=${town.citizen.session}` }];
      const params = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      const valid = Object.fromEntries(params.map((name) => [name, segments(name)[0]!]));
      const page = (path: string, headers: Record<string, string>, body?: { type: string; body: string }) =>
        send(route.method, path, {
          headers: { Accept: BROWSER, ...headers, ...(body?.type ? { "Content-Type": body.type } : {}) },
          body: body?.body,
          audience: headers.Accept === undefined || headers.Accept.includes("text/html") ? "browser" : "other",
        });
      for (const name of params) {
        for (const value of segments(name)) await page(pagePath(route.path, { ...valid, [name]: value }), random.pick(browsers));
      }
      const path = pagePath(route.path, valid);
      for (const headers of JUNK_HEADERS) await page(path, { ...random.pick(browsers), ...headers });
      if (route.method === "GET") {
        for (let i = 0; i < 12; i++) {
          const query = Array.from({ length: 1 + random.int(3) }, () => `${encodeURIComponent(random.pick(fields))}=${encodeURIComponent(random.pick(JUNK_STRINGS))}`).join("&");
          await page(`${path}?${query}`, random.pick(browsers));
        }
        await page(`${path}?%&=&a=%E0%A4%A`, random.pick(browsers));
        continue;
      }
      // Forms: junk in every field, with and without the CSRF token, and bodies that are not forms.
      for (let i = 0; i < 12; i++) {
        const headers = random.pick(browsers);
        const form = new URLSearchParams();
        if (random.next() < 0.8) form.set("_csrf", csrfOf(headers));
        for (const field of fields) if (random.next() < 0.4) form.append(field, random.pick(JUNK_STRINGS));
        await page(path, headers, { type: "application/x-www-form-urlencoded", body: form.toString() });
      }
      const signedIn = browsers[1]!;
      for (const body of [
        { type: "application/x-www-form-urlencoded", body: `_csrf=${town.admin.csrf}&a=%E0%A4%A&&=&%=x` },
        { type: "multipart/form-data; boundary=zz", body: `--zz\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${town.admin.csrf}\r\n--zz\r\nContent-Disposition: form-data; name="title"; filename="a.txt"\r\n\r\nfile\r\n--zz--` },
        { type: "multipart/form-data; boundary=zz", body: "garbage" },
        { type: "application/json", body: `{"_csrf":"${town.admin.csrf}"}` },
        { type: "application/x-www-form-urlencoded", body: `_csrf=${town.admin.csrf}&title=${"x".repeat(1_200_000)}` },
        { type: "", body: "" },
      ]) {
        await page(path, { ...signedIn, "X-CSRF-Token": town.admin.csrf }, body);
      }
    }
  }, 120_000);

  it("answers no request of the federation's own routes with a 5xx", async () => {
    const AP = "application/activity+json";
    const paths = [
      ...segments("handle").flatMap((h) => [`/actors/${h}`, `/actors/${h}/outbox`, `/actors/${h}/outbox?cursor=${encodeURIComponent(random.pick(JUNK_STRINGS))}`, `/actors/${h}/followers?cursor=-1`]),
      ...segments("id").flatMap((id) => [`/needs/${id}`, `/needs/${id}/proposal`, `/offers/${id}`, `/offers/${id}/proposal`]),
      ...JUNK_STRINGS.map((s) => `/.well-known/webfinger?resource=${encodeURIComponent(s)}`),
      "/.well-known/webfinger",
      `/.well-known/webfinger?resource=acct:${town.organization}@town.test&rel=%`,
      "/.well-known/nodeinfo",
      "/nodeinfo/2.1",
    ];
    for (const path of paths) await send("GET", path, { headers: { Accept: AP }, audience: "other" });
    for (const inbox of ["/inbox", `/actors/${town.organization}/inbox`, "/actors/nobody/inbox"]) {
      for (const body of ["", "{", "null", "[]", '{"type":"Create"}', JSON.stringify({ "@context": "https://www.w3.org/ns/activitystreams", type: "Follow", actor: "http://127.0.0.1:9/a", object: "x" })]) {
        await send("POST", inbox, { headers: { "Content-Type": "application/activity+json" }, body, audience: "other" });
      }
    }
  });

  it("made over 2,000 requests, none answered 5xx, each refusal readable", () => {
    // FUZZ_REPORT=1: how the answers were spread, to see that requests reach the handlers.
    if (process.env.FUZZ_REPORT) {
      const byStatus: Record<string, number> = {};
      for (const o of outcomes) byStatus[`${o.audience} ${o.status}`] = (byStatus[`${o.audience} ${o.status}`] ?? 0) + 1;
      console.log(outcomes.length, "requests", byStatus, "refused fetches", refusedFetches.length);
    }
    expect(outcomes.length).toBeGreaterThanOrEqual(2000);
    const failures = outcomes.filter((o) => o.status >= 500).map((o) => `${o.status} ${o.method} ${o.url}: ${o.body.slice(0, 200)}`);
    expect(failures, errorLog.slice(0, 5).join("\n")).toEqual([]);
    const refusals = outcomes.filter((o) => o.status >= 400);
    const unreadable = refusals
      .filter((o) => (o.audience === "api" ? !o.type.startsWith("application/problem+json") : o.audience === "browser" ? !o.type.startsWith("text/html") : false))
      .map((o) => `${o.status} ${o.type} ${o.method} ${o.url}`);
    expect(unreadable).toEqual([]);
    for (const o of refusals.filter((r) => r.audience === "api")) expect(JSON.parse(o.body).status, o.url).toBe(o.status);
    // The town was there: requests reached the handlers, not only the authentication.
    expect(outcomes.filter((o) => o.status === 422).length).toBeGreaterThan(100);
    expect(outcomes.filter((o) => o.status < 300).length).toBeGreaterThan(100);
  });
});
