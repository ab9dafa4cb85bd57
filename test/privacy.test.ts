// A need full of private data (the beneficiary, their health, phone numbers, an
// exact address and exact coordinates, private notes) is published once for each
// visibility (public, followers, local) and edited; then every way a need leaves
// the server is read: the API (anonymous, signed in, by token), the web pages, the
// feeds and calendars, the ActivityPub Note and Proposal (unsigned, and signed by
// a follower on a second real server), the outbox, every activity delivered to a
// follower's inbox, the alert mails, and what the second server stored. None of
// the private data may come out anywhere but to the need's coordinators; a need
// not meant for a reader is absent; and each check is shown able to fail: the
// coordinator's own view holds every secret, and each need shows where it should.
import { createServer, type IncomingMessage, type Server } from "node:http";
import { signRequest } from "@fedify/fedify";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, freePort, runCli, type ServerProcess, serverDb, startServer } from "./helpers/server.ts";
import { until } from "./helpers/wait.ts";

const AP = "application/activity+json";
const PASSWORD = "a long password";

// Each secret is a string no public answer could contain by chance (no short digit runs a hash might hold).
const SECRETS = [
  "Huguette", // the beneficiary's name
  "Valmorin",
  "insuffisance cardiaque", // their health
  "06 12 34 56 78", // their phone
  "0612345678",
  "impasse des Secrets", // the exact address
  "45.764123", // the exact coordinates, and anything finer than the published 0.01°
  "4.835617",
  "45.7641", // (a timestamp's "…:45.764Z" cannot hold four decimals)
  "4.8356",
  "digicode B4711X", // the private notes, as created
  "07 98 76 54 32",
  "Z9090Q", // and as edited
];

const VISIBILITIES = ["public", "followers", "local"] as const;
type Visibility = (typeof VISIBILITIES)[number];
/** A word only that need's title and description hold, to tell which need an answer shows. */
const MARKER: Record<Visibility, string> = { public: "Tournesol", followers: "Coquelicot", local: "Pissenlit" };

const needInput = (visibility: Visibility) => ({
  organization: "asso",
  title: `Courses ${MARKER[visibility]}`,
  description: `Faire les courses une fois par semaine (${MARKER[visibility]}).`,
  domains: ["solidarite-insertion"],
  language: "fr",
  place: { label: "Lyon Ainay", mode: "on_site", address: "7 impasse des Secrets, 69002 Lyon", latitude: 45.764123, longitude: 4.835617, radius_km: 1 },
  schedule: { kind: "date", start: "2026-12-12T10:00:00+01:00", end: "2026-12-12T12:00:00+01:00" },
  volunteers_wanted: 1,
  visibility,
  private_notes: "digicode B4711X ; sa fille : 07 98 76 54 32",
  beneficiary: "Mme Huguette Valmorin, insuffisance cardiaque, tél. 06 12 34 56 78 (0612345678)",
  beneficiary_consent: "2026-11-30",
});

/** What a reader must find of a need: all of its public face, none of it, or whichever (never a secret). */
type Expect = "present" | "absent" | "any";

/** A server on 127.0.0.1 that stands for a follower's inbox: it keeps every activity delivered to it. */
async function inboxSink() {
  const received: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      if (req.method === "POST") received.push(body);
      res.writeHead(req.method === "POST" ? 202 : 404).end();
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A real SMTP server on 127.0.0.1 that keeps every mail. */
async function smtpSink() {
  const mails: ParsedMail[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS", "AUTH"],
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          callback();
        })
        .catch(callback);
    },
    logger: false,
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Lines of iCalendar are folded at 75 octets: unfolded, a secret cut in two is whole again. */
const unfold = (text: string) => text.replace(/\r?\n[ \t]/g, "");

describe("private data of a need, through every exit", () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let sink: Awaited<ReturnType<typeof inboxSink>>;
  let smtp: Awaited<ReturnType<typeof smtpSink>>;
  let coordinator: ReturnType<typeof apiClient>;
  let citizenToken = "";
  let citizenSession = "";
  const signers = {} as Record<"follower" | "stranger", (request: Request) => Promise<Request>>;
  const ids = {} as Record<Visibility, string>;

  /** Signs in on the web as a citizen (with the login form's CSRF token when it has one); the session cookie. */
  async function webLogin(login: string): Promise<string> {
    const page = await fetch(`${a.url}/login`);
    const cookies = page.headers.getSetCookie().map((c) => c.split(";")[0]!);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
    const params = new URLSearchParams({ login, password: PASSWORD, ...(csrf ? { _csrf: csrf } : {}) });
    const res = await fetch(`${a.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "text/html", Cookie: cookies.join("; ") },
      body: params.toString(),
    });
    expect(res.status).toBe(303);
    return [...cookies, ...res.headers.getSetCookie().map((c) => c.split(";")[0]!)].join("; ");
  }

  beforeAll(async () => {
    [sink, smtp] = await Promise.all([inboxSink(), smtpSink()]);
    [a, b] = await Promise.all([startServer({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, LOGIN_RATE_LIMIT: "1000" } }), startServer()]);
    const cli = (args: string[], server: ServerProcess, input?: string) => {
      const run = runCli(args, server.env, input);
      expect(run.status, run.stderr).toBe(0);
      return run.stdout.trim();
    };
    cli(["user", "create", "claire", "--email", "claire@a.test"], a, `${PASSWORD}\n`);
    cli(["user", "create", "nina", "--email", "nina@a.test"], a, `${PASSWORD}\n`);
    cli(["org", "create", "asso", "--name", "Les Amis d'Ainay", "--coordinator", "claire"], a);
    cli(["user", "create", "bruno", "--email", "bruno@b.test"], b, `${PASSWORD}\n`);
    coordinator = apiClient(a, cli(["token", "create", "claire", "--days", "1"], a));
    citizenToken = cli(["token", "create", "nina", "--days", "1"], a);
    citizenSession = await webLogin("nina");
    const bruno = apiClient(b, cli(["token", "create", "bruno", "--days", "1"], b));

    // Bruno on B follows the organisation: his server receives its followers-only needs,
    // and a GET he signs may read them.
    expect((await bruno("POST", "/follows", { target: `@asso@127.0.0.1:${a.port}` })).status).toBe(202);
    const bDb = serverDb(b);
    try {
      await until("B to record A's Accept", async () => (await bDb.kysely.selectFrom("following").select("accepted").executeTakeFirst())?.accepted === 1);
      // Signing as one of B's actors: its RSA key, and the key id its document gives.
      const signer = async (handle: string) => {
        const actor = await bDb.kysely.selectFrom("actors").select("id").where("handle", "=", handle).executeTakeFirstOrThrow();
        const key = await bDb.kysely
          .selectFrom("actor_keys")
          .select("private_key")
          .where("actor_id", "=", actor.id)
          .where("type", "=", "RSASSA-PKCS1-v1_5")
          .executeTakeFirstOrThrow();
        const privateKey = await crypto.subtle.importKey("jwk", JSON.parse(key.private_key), { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, true, ["sign"]);
        const document = await (await fetch(`${b.url}/actors/${handle}`, { headers: { Accept: AP } })).json();
        return (request: Request) => signRequest(request, privateKey, new URL(document.publicKey.id));
      };
      signers.follower = await signer("bruno");
      // B's instance actor follows nobody on A: a valid signature alone opens nothing.
      signers.stranger = await signer("instance");
    } finally {
      await bDb.close();
    }

    // A second follower, whose inbox keeps every activity delivered to it.
    const aDb = serverDb(a);
    try {
      const org = await aDb.kysely.selectFrom("actors").select("id").where("handle", "=", "asso").executeTakeFirstOrThrow();
      await aDb.kysely
        .insertInto("remote_actors")
        .values({ id: "sink", uri: `${sink.url}/users/f`, type: "Person", handle: `f@127.0.0.1:${new URL(sink.url).port}`, name: "F", url: null, inbox: `${sink.url}/users/f/inbox`, shared_inbox: null, software: null, updated: new Date().toISOString() })
        .execute();
      await aDb.kysely.insertInto("followers").values({ actor_id: org.id, follower_id: "sink", follow_uri: `${sink.url}/follows/1`, created: new Date().toISOString() }).execute();
    } finally {
      await aDb.close();
    }

    // Nina wants to hear of every need of this domain.
    const nina = apiClient(a, citizenToken);
    expect((await nina("POST", "/alerts", { domains: ["solidarite-insertion"], area: { kind: "anywhere" }, language: "fr" })).status).toBe(201);

    for (const visibility of VISIBILITIES) {
      const created = await coordinator("POST", "/missions", needInput(visibility));
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids[visibility] = created.body.id;
      const edited = await coordinator("PATCH", `/missions/${created.body.id}`, {
        title: `Courses ${MARKER[visibility]} du samedi`,
        private_notes: "nouveau digicode Z9090Q ; sa fille : 07 98 76 54 32",
      });
      expect(edited.status).toBe(200);
    }
    // Everything sent has arrived: the edits of both federated needs, on B and in the sink.
    await until("B to store both federated needs as edited", async () => {
      const db = serverDb(b);
      try {
        const rows = await db.kysely.selectFrom("remote_needs").select("title").execute();
        return rows.filter((r) => r.title.endsWith("du samedi")).length === 2;
      } finally {
        await db.close();
      }
    });
    await until("the follower's inbox to receive both edits", async () => sink.received.filter((r) => r.includes('"Update"')).length >= 2);
    // Nina is told of the three: an alert holds what any account here may read.
    await until("the alert mails", async () => smtp.mails.length >= 3);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await Promise.all([sink?.close(), smtp?.close()]);
  });

  /** Whether `text` shows the need of `visibility` as expected, and never a secret (every failure reported, not the first). */
  function check(where: string, text: string, visibility: Visibility, expected: Expect) {
    for (const secret of SECRETS) expect.soft(text, `${where} leaks "${secret}" of the ${visibility} need`).not.toContain(secret);
    if (expected === "present") expect.soft(text, `${where} shows the ${visibility} need`).toContain(MARKER[visibility]);
    if (expected === "absent") expect.soft(text, `${where} must not show the ${visibility} need`).not.toContain(MARKER[visibility]);
  }

  const get = async (path: string, headers: Record<string, string> = {}, signedBy?: keyof typeof signers) => {
    const request = new Request(`${a.url}${path}`, { headers });
    const res = await fetch(signedBy ? await signers[signedBy](request) : request);
    return { status: res.status, text: unfold(await res.text()) };
  };

  it("is stored whole: the coordinator's own view holds every secret, so the checks below can fail", async () => {
    for (const visibility of VISIBILITIES) {
      const { status, body } = await coordinator("GET", `/missions/${ids[visibility]}`);
      expect(status).toBe(200);
      const text = JSON.stringify(body);
      for (const secret of SECRETS.filter((s) => s !== "digicode B4711X")) expect(text, `${visibility}: ${secret}`).toContain(secret);
      expect(body).toMatchObject({ visibility, place: { latitude: 45.764123, longitude: 4.835617, address: "7 impasse des Secrets, 69002 Lyon" } });
    }
  });

  // Who reads what, for each visibility: public needs are everyone's; followers-only ones
  // the accounts of this instance (the town's citizens) and their followers' servers (and a
  // GET such a follower signs); local ones never leave the instance, where its accounts see
  // them; a visitor not signed in reads only public ones (a teaser of the others says
  // nothing of what they say), and so do feeds, which go everywhere.
  const readers: { name: string; path: (id: string) => string; headers?: () => Record<string, string>; signedBy?: keyof typeof signers; expect: Record<Visibility, Expect> }[] = [];
  const citizens = { public: "present", followers: "present", local: "present" } as const;
  const publicOnly = { public: "present", followers: "absent", local: "absent" } as const;
  const federated = { public: "present", followers: "present", local: "absent" } as const;
  const anonymous = () => ({});
  const token = () => ({ Authorization: `Bearer ${citizenToken}` });
  const session = () => ({ Cookie: citizenSession, Accept: "text/html" });
  for (const [who, headers, expected] of [["anonymous", anonymous, publicOnly], ["a citizen's token", token, citizens], ["a citizen's session", session, citizens]] as const) {
    readers.push(
      { name: `API detail (${who})`, path: (id) => `/api/v1/missions/${id}`, headers, expect: expected },
      { name: `API list (${who})`, path: () => "/api/v1/missions?scope=here", headers, expect: expected },
      { name: `API search (${who})`, path: () => "/api/v1/missions?q=Courses&near=45.76,4.83&radius_km=5&sort=distance", headers, expect: expected },
    );
  }
  for (const [who, headers, expected] of [["anonymous", () => ({ Accept: "text/html" }), publicOnly], ["a citizen's session", session, citizens]] as const) {
    readers.push(
      { name: `need page (${who})`, path: (id) => `/needs/${id}`, headers, expect: expected },
      { name: `organisation page (${who})`, path: () => "/@asso", headers, expect: expected },
      { name: `search page (${who})`, path: () => "/search?q=Courses", headers, expect: expected },
      { name: `search page near (${who})`, path: () => "/search?q=Courses&near=45.76,4.83&radius=5", headers, expect: expected },
      { name: `home page (${who})`, path: () => "/", headers, expect: expected },
    );
  }
  readers.push(
    { name: "RSS of the instance", path: () => "/feed.xml", expect: publicOnly },
    { name: "Atom of the instance", path: () => "/feed.atom", expect: publicOnly },
    { name: "RSS of the organisation", path: () => "/@asso/feed.xml", expect: publicOnly },
    { name: "Atom of the organisation", path: () => "/@asso/feed.atom", expect: publicOnly },
    { name: "RSS of the domain", path: () => "/domains/solidarite-insertion/feed.xml", expect: publicOnly },
    { name: "iCalendar of the instance", path: () => "/calendar.ics", expect: publicOnly },
    { name: "iCalendar of the organisation", path: () => "/@asso/calendar.ics", expect: publicOnly },
    { name: "API Engagement feed", path: () => "/feeds/api-engagement.xml", expect: publicOnly },
    { name: "iCalendar of the need", path: (id) => `/needs/${id}/calendar.ics`, expect: publicOnly },
    { name: "iCalendar of the need (a citizen's session)", path: (id) => `/needs/${id}/calendar.ics`, headers: session, expect: citizens },
    { name: "Note (unsigned)", path: (id) => `/needs/${id}`, headers: () => ({ Accept: AP }), expect: publicOnly },
    { name: "Proposal (unsigned)", path: (id) => `/needs/${id}/proposal`, headers: () => ({ Accept: AP }), expect: publicOnly },
    { name: "Note (signed by a follower)", path: (id) => `/needs/${id}`, headers: () => ({ Accept: AP }), signedBy: "follower", expect: federated },
    { name: "Proposal (signed by a follower)", path: (id) => `/needs/${id}/proposal`, headers: () => ({ Accept: AP }), signedBy: "follower", expect: federated },
    { name: "Note (signed by a stranger)", path: (id) => `/needs/${id}`, headers: () => ({ Accept: AP }), signedBy: "stranger", expect: publicOnly },
    { name: "Proposal (signed by a stranger)", path: (id) => `/needs/${id}/proposal`, headers: () => ({ Accept: AP }), signedBy: "stranger", expect: publicOnly },
    { name: "outbox (unsigned)", path: () => "/actors/asso/outbox?cursor=", headers: () => ({ Accept: AP }), expect: publicOnly },
    { name: "outbox (signed by a follower)", path: () => "/actors/asso/outbox?cursor=", headers: () => ({ Accept: AP }), signedBy: "follower", expect: { public: "present", followers: "any", local: "absent" } },
  );

  it("shows each reader what is theirs and nothing private: API, pages, feeds, calendars, ActivityPub objects, outbox", async () => {
    for (const reader of readers) {
      for (const visibility of VISIBILITIES) {
        const where = `${reader.name} at ${reader.path(ids[visibility])}`;
        const { status, text } = await get(reader.path(ids[visibility]), reader.headers?.(), reader.signedBy);
        if (reader.expect[visibility] === "present") expect.soft(status, where).toBe(200);
        expect.soft(status, `${where} answers without an error`).toBeLessThan(500);
        check(where, text, visibility, reader.expect[visibility]);
      }
    }
  });

  it("delivers to a follower's inbox the Create and the Update of the federated needs only, without anything private", () => {
    const activities = sink.received.map((body) => JSON.parse(body) as { type: string; object?: { id?: string } });
    for (const visibility of VISIBILITIES) {
      const mine = sink.received.filter((body) => body.includes(`/needs/${ids[visibility]}`));
      for (const body of mine) check(`a delivery to the follower's inbox`, body, visibility, "any");
      const types = activities.filter((x) => x.object?.id === `${a.url}/needs/${ids[visibility]}`).map((x) => x.type);
      if (visibility === "local") expect(mine, "a local need is never delivered").toEqual([]);
      else {
        expect(types, visibility).toEqual(expect.arrayContaining(["Create", "Update"]));
        expect(mine.some((body) => body.includes(`Courses ${MARKER[visibility]} du samedi`)), `${visibility}: the edit`).toBe(true);
      }
    }
  });

  it("leaves on the follower's server the federated needs, as edited, and nothing private", async () => {
    const db = serverDb(b);
    try {
      const rows = await db.kysely.selectFrom("remote_needs").selectAll().execute();
      const stored = JSON.stringify(rows);
      for (const visibility of VISIBILITIES) check("what B stored", stored, visibility, federated[visibility]);
      expect(rows.map((r) => r.title).sort()).toEqual([`Courses ${MARKER.followers} du samedi`, `Courses ${MARKER.public} du samedi`]);
      // What B shows its own user and its visitors comes from there, so it is checked too.
      const shown = await (await fetch(`${b.url}/api/v1/missions?scope=elsewhere`)).text();
      for (const visibility of VISIBILITIES) check("B's API to its visitors", shown, visibility, publicOnly[visibility]);
    } finally {
      await db.close();
    }
  });

  it("mails alerts without anything private", async () => {
    const mails = smtp.mails.map((m) => `${m.subject}\n${m.text}\n${m.html || ""}`).join("\n");
    for (const visibility of VISIBILITIES) check("the alert mails", mails, visibility, "present");
  });
});
