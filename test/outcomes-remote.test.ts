// Issue 15, point 1: a volunteer on another server who took part is asked the one
// question by a direct message threaded on their own reply, and their reply with a digit
// 1 to 5 is their answer, recorded once and anonymously. Two real servers on loopback:
// Entraide, and a small Fedify server whose accounts sign what they send; someone else
// answering in their place is refused.
import { Create, Note } from "@fedify/vocab";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fediverseAccounts } from "./helpers/fediverse.ts";
import { need } from "./helpers/receiver.ts";
import { apiClient, runCli, type ServerProcess, serverDb, startServer } from "./helpers/server.ts";
import { until } from "./helpers/wait.ts";

describe("the one question to a remote volunteer, and their digit reply", () => {
  let server: ServerProcess;
  let remote: Awaited<ReturnType<typeof fediverseAccounts>>;
  let claire: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    remote = await fediverseAccounts(["vol", "intrus"]);
    server = await startServer();
    expect(runCli(["user", "create", "claire", "--email", "claire@town.test"], server.env, "claire's password\n").status).toBe(0);
    expect(runCli(["org", "create", "asso", "--name", "Asso", "--coordinator", "claire"], server.env).status).toBe(0);
    claire = apiClient(server, runCli(["token", "create", "claire"], server.env).stdout.trim());
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await remote?.close();
  });

  const inDb = async <T>(read: (db: ReturnType<typeof serverDb>["kysely"]) => Promise<T>): Promise<T> => {
    const db = serverDb(server);
    try {
      return await read(db.kysely);
    } finally {
      await db.close();
    }
  };
  const org = () => `${server.url}/actors/asso`;
  const reply = (name: string, n: number, inReplyTo: string, content: string) =>
    remote.send(name, org(), (actor, recipient) => {
      const id = new URL(`${remote.origin}/notes/${name}-${n}`);
      return new Create({
        id: new URL(`${id.href}#create`),
        actor,
        to: recipient,
        object: new Note({ id, attribution: actor, to: recipient, replyTarget: new URL(inReplyTo), content }),
      });
    });
  const handled = (name: string, n: number) => until(`the server to handle ${name}'s note ${n}`, async () => server.logs().includes(`notes/${name}-${n}`), 60_000);
  const answers = () => inDb((db) => db.selectFrom("survey_answers").selectAll().execute());

  it("asks by a direct note replying to the volunteer's own, and records their digit once", async () => {
    const created = await claire("POST", "/missions", { ...need, title: "Repas partagé" });
    expect(created.status).toBe(201);
    const needId = (created.body as { id: string }).id;
    // Their private reply to the need is their application.
    await reply("vol", 1, `${server.url}/needs/${needId}`, "<p>Je viens volontiers</p>");
    const applicationId = await until("the application", () => inDb(async (db) => (await db.selectFrom("applications").select("id").where("need_id", "=", needId).executeTakeFirst())?.id), 60_000);
    expect((await claire("PATCH", `/applications/${applicationId}`, { status: "accepted" })).status).toBe(200);
    const done = await claire("POST", `/missions/${needId}/outcomes`, { participants: [applicationId], hours_per_volunteer: 2, people_helped: 3 });
    expect(done.status, JSON.stringify(done.body)).toBe(201);

    const question = await until(
      "the question",
      async () => remote.received.map((r) => r.activity.object as Record<string, unknown>).find((o) => String(o.content ?? "").includes("de 1 (mal) à 5 (très bien)")),
      60_000,
    );
    // Threaded on their reply, addressed to them alone.
    expect(question.inReplyTo).toBe(`${remote.origin}/notes/vol-1`);
    expect(question.to).toBe(remote.uri("vol"));
    expect(question.cc).toBeUndefined();
    const questionId = String(question.id);
    expect(await inDb((db) => db.selectFrom("surveys").select(["note_uri", "answered"]).where("application_id", "=", applicationId).executeTakeFirst())).toEqual({ note_uri: questionId, answered: 0 });

    // Someone else answers in their place: refused.
    await reply("intrus", 1, questionId, "<p>1</p>");
    await handled("intrus", 1);
    // A reply without a digit is no answer.
    await reply("vol", 2, questionId, "<p>C'était bien</p>");
    await handled("vol", 2);
    expect(await answers()).toEqual([]);
    // Their digit, after the mention Mastodon puts first.
    await reply("vol", 3, questionId, `<p><span class="h-card"><a href="${org()}" class="u-url mention">@<span>asso</span></a></span> 4, très bien accueilli</p>`);
    await until("the answer", async () => (await answers()).length === 1, 60_000);
    const [answer] = await answers();
    expect(answer).toMatchObject({ need_id: needId, rating: 4, comment: "4, très bien accueilli" });
    // Anonymous: nothing in it leads back to them.
    expect(JSON.stringify(answer)).not.toContain(applicationId);
    expect(JSON.stringify(answer)).not.toContain("vol");
    // Once.
    await reply("vol", 4, questionId, "<p>5</p>");
    await handled("vol", 4);
    expect((await answers()).map((a) => a.rating)).toEqual([4]);
    // Asked once: the outcome corrected sends no second question.
    expect((await claire("POST", `/missions/${needId}/outcomes`, { participants: [applicationId], hours_per_volunteer: 3, people_helped: 3 })).status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(remote.received.filter((r) => String((r.activity.object as Record<string, unknown>).content ?? "").includes("de 1 (mal)"))).toHaveLength(1);
  }, 180_000);
});
