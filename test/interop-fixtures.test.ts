// Documents that other servers really send (../shared/fixtures: Mastodon, Lemmy,
// Mobilizon, GoToSocial, Pleroma…), fed to our real parsing and inbox code on an
// in-process instance: each is understood or refused cleanly (a 4xx or a
// logged refusal), never a 500, never an exception in a handler, never a
// partial write. Then fixtures adapted to point at our organisation and need
// show that the answers we expect really become followers and applications.
// Remote documents come from the fixtures only; outgoing deliveries are
// recorded by a stub of `fetch`: nothing reaches the network.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  Activity,
  type ActorTypeName,
  Create,
  getActorClassByTypeName,
  isActor,
  Reject,
} from "@fedify/vocab";
import { resetSync } from "@logtape/logtape";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { contextLoader } from "../federation/loader.ts";
import { rememberActor } from "../federation/remote-actors.ts";
import type { Database } from "../src/db/schema.ts";
import { createUser } from "../src/domain/accounts/users.ts";
import { silentEvents } from "../src/domain/events.ts";
import { NeedCreate } from "../src/domain/needs/input.ts";
import { createNeed } from "../src/domain/needs/service.ts";
import { createOrganization } from "../src/domain/organizations/organizations.ts";
import { configureLogging } from "../src/logging.ts";
import { testInstance } from "./helpers/app.ts";
import { type Fixture, fixtureLoader, fixturesDir, type Json, loadFixtures, typesOf } from "./helpers/fixtures.ts";
import { root } from "./helpers/server.ts";

const ORIGIN = "http://town.test";
const AP = "application/activity+json";
const outputDir = join(root, "test", "output");

/** Activity types our inbox has a listener for (directly, or through the catch-all `Activity`). */
const ACTIVITY_TYPES = new Set([
  "Create", "Update", "Delete", "Follow", "Undo", "Accept", "Reject", "Announce", "Offer", "Join", "Leave",
  "Flag", "Like", "EmojiReact", "Invite", "Add", "Remove", "Block", "Move",
]);
const ACTOR_TYPES: readonly ActorTypeName[] = ["Person", "Group", "Application", "Organization", "Service"];

/** Tables an inbox handler may write to: a document that does not concern us must leave them as they were. */
const WATCHED = [
  "remote_actors",
  "followers",
  "following",
  "applications",
  "remote_needs",
  "messages",
  "outgoing_applications",
] as const satisfies readonly (keyof Database)[];

const corpus = loadFixtures();
const activityFixtures = (corpus ?? []).filter((f) => typesOf(f.doc).some((t) => ACTIVITY_TYPES.has(t)));
const actorFixtures = (corpus ?? []).filter((f) => typesOf(f.doc).some((t) => (ACTOR_TYPES as string[]).includes(t)));
const fixture = (path: string): Json => {
  const found = corpus?.find((f) => f.path === path);
  if (!found) throw new Error(`no fixture ${path}`);
  return structuredClone(found.doc);
};

interface LogLine {
  level: string;
  category: string;
  text: string;
}

function parseLogLine(line: string): LogLine {
  const m = /\[(TRC|DBG|INF|WRN|ERR|FTL)\] ([^:]+): ([\s\S]*)$/.exec(line);
  return m ? { level: m[1]!, category: m[2]!, text: m[3]!.trim() } : { level: "?", category: "?", text: line.trim() };
}

const ours = (l: LogLine) => l.category.startsWith("entraide·");
const handlerLine = (l: LogLine) => l.category.startsWith("entraide·federation·inbox");
const fedifyRefusal = (l: LogLine) =>
  (l.category.startsWith("fedify·federation·inbox") && (l.level === "ERR" || l.level === "WRN")) ||
  // Documents that make the vocabulary parser throw are refused by our HTTP layer with a 400.
  (l.category === "entraide·http" && l.text.startsWith("Refused an inbox delivery"));
const serious = (l: LogLine) => l.level === "WRN" || l.level === "ERR" || l.level === "FTL";
const describeLines = (logged: LogLine[]) => logged.map((l) => `[${l.level}] ${l.category}: ${l.text.slice(0, 400)}`).join("\n");


const AS_CONTEXT = "https://www.w3.org/ns/activitystreams";
const contextsOf = (doc: Json) => [doc["@context"]].flat().filter((c): c is string => typeof c === "string");

describe("documents from other servers (../shared/fixtures)", () => {
  const title = corpus ? `are read from ${fixturesDir}` : `${fixturesDir} is absent: not checked (a checkout outside the workplace)`;
  it.skipIf(corpus === null)(title, () => {
    expect(activityFixtures.length).toBeGreaterThan(50);
    expect(actorFixtures.length).toBeGreaterThan(10);
  });
  if (corpus) fixtureSuite(corpus);
});

function fixtureSuite(fixtures: Fixture[]) {
  const loader = fixtureLoader(fixtures);
  const documentLoader = loader.documentLoader;
  const lines: LogLine[] = [];
  /** What our instance tried to send: the stub of `fetch` answers 202 to deliveries and refuses everything else. */
  const deliveries: { url: string; body: Json }[] = [];
  const network: string[] = [];
  const outcomes: string[] = [];
  const queueControl = new AbortController();
  let instance: Awaited<ReturnType<typeof testInstance>>;
  let queueDone: Promise<void>;
  let orgUri: string;
  let needUri: string;
  let needId: string;

  beforeAll(async () => {
    configureLogging({ level: "debug", format: "text", write: (line) => lines.push(parseLogLine(line)) });
    vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      if (request.method === "POST") {
        deliveries.push({ url: request.url, body: (await request.json()) as Json });
        return new Response(null, { status: 202 });
      }
      network.push(`${request.method} ${request.url}`);
      throw new TypeError(`fetch failed: no network in this test (${request.url})`);
    });
    instance = await testInstance({ PUBLIC_URL: ORIGIN }, { documentLoader, skipSignatureVerification: true });
    queueDone = instance.federation.startQueue(instance.contextData, { signal: queueControl.signal });

    const db = instance.db.kysely;
    const admin = await createUser(db, { username: "alice", email: "alice@town.test", password: "long enough pw", role: "admin" });
    const org = await createOrganization(db, { handle: "asso", name: "Les Amis du Quartier", coordinatorId: admin.id });
    const need = await createNeed(
      db,
      silentEvents,
      admin,
      NeedCreate.parse({
        organization: org.handle,
        title: "Aide aux devoirs le mercredi",
        description: "Aider des élèves de 6e.",
        domains: ["education"],
        safeguarding: false,
        visibility: "public",
        place: { label: "Maison des associations" },
        schedule: { kind: "flexible" },
        volunteers_wanted: 2,
      }),
    );
    orgUri = `${ORIGIN}/actors/${org.handle}`;
    needId = need.id;
    needUri = `${ORIGIN}/needs/${need.id}`;
  });

  afterAll(async () => {
    queueControl.abort();
    await queueDone;
    await instance?.close();
    vi.unstubAllGlobals();
    resetSync();
    mkdirSync(outputDir, { recursive: true });
    writeFileSync(join(outputDir, "interop-fixtures.tsv"), `${["fixture\tstatus\toutcome", ...outcomes].join("\n")}\n`);
  });

  async function counts(): Promise<Record<string, number>> {
    const db = instance.db.kysely;
    const entries = await Promise.all(
      WATCHED.map(async (table) => {
        const row = await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow();
        return [table, Number(row.n)] as const;
      }),
    );
    return Object.fromEntries(entries);
  }

  /** Waits until the queue has run everything (inbox messages and the deliveries they caused). */
  async function drained(ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    for (;;) {
      // The events handlers emit wait in event_outbox until their activities are queued:
      // both tables counted in one statement, so nothing slips between the two.
      const { rows } = await sql<{ n: number }>`select (select count(*) from queue_messages) + (select count(*) from event_outbox) as n`.execute(
        instance.db.kysely,
      );
      const row = rows[0]!;
      if (Number(row.n) === 0) return;
      if (Date.now() > deadline) throw new Error(`the queue still holds ${row.n} message(s) after ${ms} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /**
   * POSTs a document to the shared inbox and waits for the queue to run it.
   * Fedify remembers the ids it processed; fixtures share ids, and adapted
   * documents keep theirs, so each delivery starts from a clean memory.
   */
  async function deliver(doc: Json, { fresh = true } = {}) {
    if (fresh) {
      for await (const { key } of instance.kv.list(["_fedify", "activityIdempotence"])) await instance.kv.delete(key);
    }
    const from = lines.length;
    const res = await instance.http.request(`${ORIGIN}/inbox`, {
      method: "POST",
      headers: { "Content-Type": AP, Accept: AP },
      body: JSON.stringify(doc),
    });
    const body = await res.text();
    const stuck = await drained().then(
      () => null,
      async (error: Error) => {
        // Do not let one stuck message (a handler that threw is retried later) spoil the next delivery.
        await instance.db.kysely.deleteFrom("queue_messages").execute();
        return error.message;
      },
    );
    return { status: res.status, body, stuck, lines: lines.slice(from) };
  }

  describe("activities: each is understood or refused cleanly", () => {
    for (const { path, doc } of activityFixtures) {
      it(path, async () => {
        const before = await counts();
        const sent = deliveries.length;
        const { status, stuck, lines: logged } = await deliver(doc);
        const handled = logged.filter(handlerLine);
        const refused = logged.filter(fedifyRefusal);
        const verdict = status < 400 && handled.length > 0 ? "understood" : "refused";
        outcomes.push(`${path}\t${status}\t${verdict}: ${(handled[0] ?? refused[0] ?? logged.at(-1))?.text.split("\n")[0]}`);

        expect(status, describeLines(logged)).toBeLessThan(500);
        expect(stuck, describeLines(logged)).toBeNull();
        // Accounted for: our handler said what it did with it, or Fedify said why it refused it.
        expect(handled.length + refused.length, describeLines(logged)).toBeGreaterThan(0);
        if (status >= 400) expect(handled).toEqual([]);
        // Nothing of ours complained (an exception in a handler is logged as a warning, then retried).
        expect(logged.filter((l) => ours(l) && serious(l))).toEqual([]);
        // Nothing in these documents concerns our organisation or need: nothing may be stored, nothing sent.
        expect(await counts()).toEqual(before);
        expect(deliveries.slice(sent)).toEqual([]);
      });
    }
  });

  describe("actors: parsed through Fedify's vocabulary, remembered when they have an inbox", () => {
    it.each(actorFixtures.map((f) => [f.path, f.doc] as const))("%s", async (path, doc) => {
      const db = instance.db.kysely;
      const typeName = typesOf(doc).find((t): t is ActorTypeName => (ACTOR_TYPES as string[]).includes(t))!;
      const id = typeof doc.id === "string" ? doc.id : "";
      await db.deleteFrom("remote_actors").where("uri", "=", id).execute();
      const stored = () => db.selectFrom("remote_actors").selectAll().where("uri", "=", id).executeTakeFirst();
      // What we can know from the raw JSON: without the ActivityStreams context
      // (Lemmy's test assets carry none; mbin names only its own) no term means
      // anything, and a template's placeholders are not a key or a host.
      const usable =
        contextsOf(doc).includes(AS_CONTEXT) && !JSON.stringify(doc).includes("{{") && typeof doc.inbox === "string";

      const outcome = await getActorClassByTypeName(typeName)
        .fromJsonLd(doc, { documentLoader, contextLoader })
        .then((actor) => (isActor(actor) ? rememberActor(db, actor) : Promise.reject(new Error("not an actor"))))
        .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
      if (outcome instanceof Error) {
        outcomes.push(`${path}\t-\trefused: ${outcome.message.split("\n")[0]}`);
        expect(usable, outcome.message).toBe(false);
        expect(await stored()).toBeUndefined();
        return;
      }
      outcomes.push(`${path}\t-\tunderstood: ${outcome.handle ?? outcome.uri}`);
      expect(usable).toBe(true);
      const username = typeof doc.preferredUsername === "string" ? doc.preferredUsername : null;
      expect(outcome).toMatchObject({
        uri: id,
        inbox: doc.inbox,
        handle: username ? `${username}@${new URL(id).host}` : null,
        type: typeName,
      });
      expect(await stored()).toMatchObject({ uri: id, inbox: doc.inbox, handle: outcome.handle });
      await db.deleteFrom("remote_actors").where("uri", "=", id).execute();
    });

    it("refuses an actor without an inbox (mastodon/person-no-inbox.json) and stores nothing", async () => {
      const db = instance.db.kysely;
      const doc = fixture("mastodon/person-no-inbox.json");
      const actor = await getActorClassByTypeName("Person").fromJsonLd(doc, { documentLoader, contextLoader });
      expect(actor.inboxId).toBeNull();
      await expect(rememberActor(db, actor)).rejects.toThrow("the actor has no id or no inbox");
      expect(await db.selectFrom("remote_actors").select("id").where("uri", "=", String(doc.id)).execute()).toEqual([]);
    });
  });

  describe("answers adapted from the fixtures to our organisation and need", () => {
    /** A document from another actor's server: its ids move to that actor's origin, as a real server's would. */
    const on = (actorId: string, path: string) => new URL(path, actorId).href;

    it("turns a Mastodon Follow of our organisation into a follower, answered with an Accept, and an Undo removes it", async () => {
      const db = instance.db.kysely;
      const follow = fixture("mastodon/follow.json");
      follow.object = orgUri;
      // Its actor (http://mastodon.example.org/users/admin) is served from mastodon/application-relay-example-org.json.
      expect(loader.documents.has(String(follow.actor))).toBe(true);
      const sent = deliveries.length;

      const followed = await deliver(follow);
      expect(followed.status).toBe(202);
      const rows = await db
        .selectFrom("followers")
        .innerJoin("remote_actors as r", "r.id", "followers.follower_id")
        .innerJoin("actors as a", "a.id", "followers.actor_id")
        .select(["a.handle", "r.uri", "r.inbox", "followers.follow_uri"])
        .execute();
      expect(rows).toEqual([
        {
          handle: "asso",
          uri: "http://mastodon.example.org/users/admin",
          inbox: "http://mastodon.example.org/users/admin/inbox",
          follow_uri: "http://mastodon.example.org/users/admin#follows/2",
        },
      ]);
      const accept = deliveries.slice(sent).find((d) => d.body.type === "Accept");
      expect(accept?.url).toMatch(/^http:\/\/mastodon\.example\.org\/(users\/admin\/)?inbox$/);
      expect(accept?.body.actor).toBe(orgUri);
      expect(JSON.stringify(accept?.body.object)).toContain("http://mastodon.example.org/users/admin#follows/2");

      const undo = fixture("mastodon/undo-follow.json");
      (undo.object as Json).object = orgUri;
      const undone = await deliver(undo);
      expect(undone.status).toBe(202);
      expect(undone.lines.filter(handlerLine).map((l) => l.text)).toEqual([
        "http://mastodon.example.org/users/admin no longer follows @asso",
      ]);
      expect(await db.selectFrom("followers").selectAll().execute()).toEqual([]);
    });

    it("turns a Mastodon direct message replying to our need into one pending application; its Delete withdraws it as a local withdrawal does", async () => {
      const db = instance.db.kysely;
      // The fixture's sender (framapiaf.org/users/admin) has no fixture: it comes from mastodon/person-qa.json's.
      const actor = "https://masto.qa.urbanwildlife.biz/users/mastodon";
      const noteId = on(actor, "/users/mastodon/statuses/19512778738411823");
      const create = fixture("mastodon/create-note-direct-message.json");
      const note = create.object as Json;
      Object.assign(create, { id: `${noteId}/activity`, actor, to: [orgUri] });
      Object.assign(note, { id: noteId, atomUri: noteId, attributedTo: actor, inReplyTo: needUri, to: [orgUri], url: noteId });

      const first = await deliver(create);
      expect(first.status).toBe(202);
      // Delivered again: Fedify's queue recognises the activity and never calls us;
      // delivered again once Fedify has forgotten it, our handler recognises it.
      const second = await deliver(create, { fresh: false });
      expect(second.status).toBe(202);
      expect(second.lines.filter(handlerLine)).toEqual([]);
      const third = await deliver(create);
      expect(third.lines.filter(handlerLine).map((l) => l.text.replace(/[0-9a-f-]{36}/g, "ID"))).toEqual([
        `Already known application ID from ${actor} for need ID`,
      ]);

      const applications = await db
        .selectFrom("applications as a")
        .innerJoin("remote_actors as r", "r.id", "a.remote_actor_id")
        .select(["a.need_id", "a.status", "a.source", "a.message", "a.public", "a.object_uri", "r.uri", "r.handle"])
        .execute();
      expect(applications).toEqual([
        {
          need_id: needId,
          status: "pending",
          source: "note",
          message: "@tcit here is a private message",
          public: 0,
          object_uri: noteId,
          uri: actor,
          handle: "mastodon@masto.qa.urbanwildlife.biz",
        },
      ]);

      // Accepted (told to nobody here), so that its withdrawal frees a place.
      const { findUserByLogin } = await import("../src/domain/accounts/users.ts");
      const { decideApplication } = await import("../src/domain/needs/applications.ts");
      const application = await db.selectFrom("applications").select("id").executeTakeFirstOrThrow();
      await decideApplication(db, silentEvents, (await findUserByLogin(db, "alice"))!, application.id, { status: "accepted" });
      const accepted = () => db.selectFrom("needs").select("volunteers_accepted").where("id", "=", needId).executeTakeFirstOrThrow();
      expect(await accepted()).toEqual({ volunteers_accepted: 1 });

      // Pleroma's copy of Mastodon's Delete lost the ActivityStreams context (Mastodon sends it):
      // without it, Fedify sees no actor and answers 400 (see the sweep above).
      const del = fixture("mastodon/delete-tombstone.json");
      Object.assign(del, { "@context": [AS_CONTEXT, ...[del["@context"]].flat()], id: `${noteId}#delete`, actor });
      Object.assign(del.object as Json, { id: noteId, atomUri: noteId });
      // What the stream is given, as for a withdrawal from "my space" (test/citizens.test.ts).
      const events = instance.contextData.events;
      const emit = events.emit.bind(events);
      const emitted: unknown[] = [];
      events.emit = async (trx, event) => {
        emitted.push(event);
        return emit(trx, event);
      };
      const deleted = await deliver(del).finally(() => {
        events.emit = emit;
      });
      expect(deleted.status).toBe(202);
      expect(await db.selectFrom("applications").select(["status", "object_uri"]).execute()).toEqual([
        { status: "withdrawn", object_uri: noteId },
      ]);
      expect(await accepted()).toEqual({ volunteers_accepted: 0 });
      expect(emitted).toEqual([
        { type: "application.withdrawn", applicationId: application.id, needId },
        { type: "need.updated", needId, organizationHandle: "asso", visibility: "public" },
      ]);
    });

    it("answers a Mastodon user's private reply with a direct Note replying to it, and a public one publicly, without personal data", async () => {
      const db = instance.db.kysely;
      const { findUserByLogin } = await import("../src/domain/accounts/users.ts");
      const { decideApplication } = await import("../src/domain/needs/applications.ts");
      const coordinator = (await findUserByLogin(db, "alice"))!;
      const reply = (actor: string, id: string, to: string[], cc: string[], content: string) => {
        const create = fixture("mastodon/create-note-direct-message.json");
        Object.assign(create, { id: `${id}/activity`, actor, to, cc });
        Object.assign(create.object as Json, { id, atomUri: id, url: id, attributedTo: actor, inReplyTo: needUri, to, cc, content });
        return create;
      };

      // Private: only the organisation is addressed.
      const privateActor = "https://masto.qa.urbanwildlife.biz/users/mastodon";
      const privateNote = on(privateActor, "/users/mastodon/statuses/2");
      expect((await deliver(reply(privateActor, privateNote, [orgUri], [], "<p>Je peux aider</p>"))).status).toBe(202);
      const application = await db.selectFrom("applications").select("id").where("object_uri", "=", privateNote).executeTakeFirstOrThrow();
      const sent = deliveries.length;
      await decideApplication(db, instance.contextData.events, coordinator, application.id, { status: "accepted" });
      await drained();
      const direct = deliveries.slice(sent).map((d) => d.body).find((b) => b.type === "Create");
      const note = direct?.object as Json;
      expect(note).toMatchObject({ type: "Note", inReplyTo: privateNote, to: privateActor });
      expect(JSON.stringify(direct)).not.toContain("#Public");
      expect(note.cc).toBeUndefined();
      expect(String(note.content)).toContain("acceptée");
      expect(note.tag).toMatchObject({ type: "Mention", href: privateActor });

      // Public: an expression of interest, answered publicly with nothing of what they wrote.
      const publicActor = "https://activitypub.academy/users/brauca_darradiul";
      const publicNote = on(publicActor, "/users/brauca_darradiul/statuses/3");
      const before = deliveries.length;
      const delivered = await deliver(
        reply(publicActor, publicNote, ["https://www.w3.org/ns/activitystreams#Public"], [orgUri], "<p>Intéressée, j'habite 3 rue des Lilas</p>"),
      );
      expect(delivered.status).toBe(202);
      expect(await db.selectFrom("applications").select(["public", "status"]).where("object_uri", "=", publicNote).execute()).toEqual([
        { public: 1, status: "pending" },
      ]);
      const answer = deliveries.slice(before).map((d) => d.body).find((b) => b.type === "Create");
      expect(answer?.object).toMatchObject({ type: "Note", inReplyTo: publicNote, to: "https://www.w3.org/ns/activitystreams#Public" });
      expect(JSON.stringify(answer)).not.toContain("rue des Lilas");
      expect(String((answer!.object as Json).content)).toContain("écrivons en privé");
      // Leave the need as the next tests expect it.
      await db.deleteFrom("applications").where("object_uri", "in", [privateNote, publicNote]).execute();
      await db.updateTable("needs").set({ volunteers_accepted: 0, status: "open" }).where("id", "=", needId).execute();
    });

    it("answers a Mastodon user in the language their reply says it is in (contentMap), in French when it says none", async () => {
      const db = instance.db.kysely;
      const { findUserByLogin } = await import("../src/domain/accounts/users.ts");
      const { decideApplication } = await import("../src/domain/needs/applications.ts");
      const coordinator = (await findUserByLogin(db, "alice"))!;
      const reply = (actor: string, id: string, to: string[], cc: string[], contentMap: Record<string, string>) => {
        const create = fixture("mastodon/create-note-direct-message.json");
        Object.assign(create, { id: `${id}/activity`, actor, to, cc });
        const content = Object.values(contentMap)[0];
        Object.assign(create.object as Json, { id, atomUri: id, url: id, attributedTo: actor, inReplyTo: needUri, to, cc, content, contentMap });
        return create;
      };
      const answerTo = async (start: number) => {
        await drained();
        const create = deliveries.slice(start).map((d) => d.body).find((b) => b.type === "Create");
        return String((create?.object as Json | undefined)?.content);
      };

      // A private reply in English, refused: the direct Note is in English, with the reason.
      const privateActor = "https://masto.qa.urbanwildlife.biz/users/mastodon";
      const privateNote = on(privateActor, "/users/mastodon/statuses/20");
      expect((await deliver(reply(privateActor, privateNote, [orgUri], [], { "en-GB": "<p>I can help</p>" }))).status).toBe(202);
      const application = await db.selectFrom("applications").select(["id", "language"]).where("object_uri", "=", privateNote).executeTakeFirstOrThrow();
      expect(application.language).toBe("en-GB");
      let start = deliveries.length;
      await decideApplication(db, instance.contextData.events, coordinator, application.id, { status: "rejected", reason: "profile_mismatch" });
      const refusal = await answerTo(start);
      expect(refusal).toContain("We cannot take it this time: your profile does not match this mission.");
      expect(refusal).not.toContain("Merci");

      // A public reply in English: the public answer is in English.
      const publicActor = "https://activitypub.academy/users/brauca_darradiul";
      const publicNote = on(publicActor, "/users/brauca_darradiul/statuses/30");
      start = deliveries.length;
      const publicReply = reply(publicActor, publicNote, ["https://www.w3.org/ns/activitystreams#Public"], [orgUri], { en: "<p>Interested!</p>" });
      expect((await deliver(publicReply)).status).toBe(202);
      const acknowledgement = await answerTo(start);
      expect(acknowledgement).toContain("We are writing to you privately.");
      expect(acknowledgement).toContain("follow @");

      // A language we have no catalogue for: French, the instance's default.
      const germanNote = on(privateActor, "/users/mastodon/statuses/21");
      expect((await deliver(reply(privateActor, germanNote, [orgUri], [], { de: "<p>Ich kann helfen</p>" }))).status).toBe(202);
      const german = await db.selectFrom("applications").select("id").where("object_uri", "=", germanNote).executeTakeFirstOrThrow();
      start = deliveries.length;
      await decideApplication(db, instance.contextData.events, coordinator, german.id, { status: "accepted" });
      expect(await answerTo(start)).toContain("acceptée. Un coordinateur vous écrira pour les détails.");

      await db.deleteFrom("applications").where("object_uri", "in", [privateNote, publicNote, germanNote]).execute();
      await db.updateTable("needs").set({ volunteers_accepted: 0, status: "open" }).where("id", "=", needId).execute();
    });

    it("puts a Mastodon report (Flag) about our organisation and need in the moderation queue, once", async () => {
      const db = instance.db.kysely;
      // The fixture's reporter (mastodon.example/actor) has no fixture: it comes from application-relay-example-org.json.
      const actor = "http://mastodon.example.org/users/admin";
      const flag = fixture("mastodon/flag-report.json");
      Object.assign(flag, { id: on(actor, "/flags/1"), actor, object: [orgUri, needUri, "https://example.com/posts/380590"], to: orgUri });
      expect((await deliver(flag)).status).toBe(202);
      expect((await deliver(flag)).status).toBe(202);
      const reports = await db.selectFrom("reports").select(["direction", "reporter_uri", "targets", "comment", "status"]).execute();
      expect(reports).toEqual([
        {
          direction: "received",
          reporter_uri: actor,
          targets: JSON.stringify([orgUri, needUri]),
          comment: "Please take a look at this user and their posts",
          status: "open",
        },
      ]);
      await db.deleteFrom("reports").execute();
    });

    it("turns a Mobilizon Join of our need into an application, and a Leave withdraws it", async () => {
      const db = instance.db.kysely;
      // The fixture's actor (mobilizon2.test/@admin) has no fixture: it comes from mastodon/person-activitypub-academy.json.
      const actor = "https://activitypub.academy/users/brauca_darradiul";
      const join = fixture("mobilizon/join.json");
      Object.assign(join, { id: on(actor, "/join/event/1"), actor, object: needUri });
      const joined = await deliver(join);
      expect(joined.status).toBe(202);
      const application = await db
        .selectFrom("applications as a")
        .innerJoin("remote_actors as r", "r.id", "a.remote_actor_id")
        .select(["a.status", "a.source", "a.activity_uri", "r.uri"])
        .where("r.uri", "=", actor)
        .execute();
      expect(application).toEqual([{ status: "pending", source: "join", activity_uri: join.id, uri: actor }]);

      // Mobilizon's fixture gives its Leave the Join's id; a Leave needs its own.
      const leave = fixture("mobilizon/leave.json");
      Object.assign(leave, { id: on(actor, "/leave/event/1"), actor, object: needUri });
      const left = await deliver(leave);
      expect(left.status).toBe(202);
      expect(
        await db.selectFrom("applications").select(["status", "source"]).where("activity_uri", "=", String(join.id)).execute(),
      ).toEqual([{ status: "withdrawn", source: "join" }]);
    });

    it("parses the FEP-0837 Reject of an Offer and Create of a receipt, and takes them without a 500", async () => {
      const reject = await Activity.fromJsonLd(fixture("fep-examples/fep-0837-reject-offer.json"), { documentLoader, contextLoader });
      expect(reject).toBeInstanceOf(Reject);
      expect(reject.objectId?.href).toBe("https://social.example/objects/fc4af0d2-c3a1-409b-947c-3c5be29f49b0/offer");
      expect(reject.content?.toString()).toBe("Not available");
      const receipt = await Activity.fromJsonLd(fixture("fep-examples/fep-0837-create-receipt.json"), { documentLoader, contextLoader });
      expect(receipt).toBeInstanceOf(Create);
      expect(receipt.objectId?.href).toBe("https://market.example/receipts/ad2f7ee1-6567-413e-a10b-72650cbdc743");

      for (const path of ["fep-0837-reject-offer.json", "fep-0837-create-receipt.json"]) {
        const { status, stuck, lines: logged } = await deliver(fixture(`fep-examples/${path}`));
        expect(status, describeLines(logged)).toBe(202);
        expect(stuck).toBeNull();
        expect(logged.filter(handlerLine).length, describeLines(logged)).toBeGreaterThan(0);
        expect(logged.filter((l) => ours(l) && serious(l))).toEqual([]);
      }
    });

    // The FEP's own context declares `satisfies` without `"@type": "@id"`, so the value
    // expands to a literal and Fedify 2.3.6's Commitment parser throws a TypeError that
    // escapes federation.fetch(). We refuse it with a 400 and a logged reason, not a 500.
    it("refuses the FEP-0837 Accept whose context breaks Fedify's parser with a 400, not a 500", async () => {
      const doc = fixture("fep-examples/fep-0837-accept-offer.json");
      const before = await counts();
      const { status, lines: logged } = await deliver(doc);
      expect(status, describeLines(logged)).toBe(400);
      expect(logged.some((l) => l.text.startsWith("Refused an inbox delivery that could not be parsed"))).toBe(true);
      expect(await counts()).toEqual(before);
    });

    it("never reached the network: every remote document came from the fixtures", () => {
      expect(network).toEqual([]);
    });
  });
}
