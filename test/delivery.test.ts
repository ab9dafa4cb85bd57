// Outbound delivery with a real server process and simulated remote servers on
// loopback: the API answers before any remote server receives anything; a server
// that never answers holds up neither the API nor the other servers; a server
// answering 410 Gone gets one attempt (Fedify's double-knock at most) and its
// accounts stop being followers; an event recorded but not yet federated when the
// server stopped is federated once it starts again.
import { createServer, type Server, type ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, type ServerProcess, serverDb, startServer } from "./helpers/server.ts";
import { until } from "./helpers/wait.ts";

interface Post {
  id: string;
  type: string;
  object: string;
}

interface Remote {
  origin: string;
  posts: Post[];
  /** Requests a blocking server has not answered yet. */
  held: ServerResponse[];
  /** A blocking server answers what it holds, and from then on everything at once. */
  release(): void;
  server: Server;
}

function remoteServer(behaviour: "accept" | "block" | "gone"): Promise<Remote> {
  let answer = behaviour;
  const posts: Post[] = [];
  const held: ServerResponse[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      if (req.method !== "POST") {
        res.writeHead(404).end();
        return;
      }
      try {
        const doc = JSON.parse(body);
        posts.push({ id: String(doc.id), type: String(doc.type), object: String(doc.object?.id ?? doc.object) });
      } catch {}
      if (answer === "block") held.push(res);
      else res.writeHead(answer === "gone" ? 410 : 202).end();
    });
  });
  const release = () => {
    answer = "accept";
    for (const res of held.splice(0)) res.writeHead(202).end();
  };
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`, posts, held, release, server }),
    ),
  );
}

describe("outbound delivery", () => {
  let server: ServerProcess;
  let token: string;
  const remotes: Record<"accepting" | "blocking" | "gone", Remote> = {} as never;

  const creates = (remote: Remote, needUri: string) => remote.posts.filter((p) => p.type === "Create" && p.object === needUri);

  async function publish(title: string): Promise<{ status: number; uri: string }> {
    const res = await fetch(`${server.url}/api/v1/missions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        organization: "asso",
        title,
        description: "Aider.",
        domains: ["education"],
        visibility: "public",
        place: { label: "Lyon" },
        schedule: { kind: "flexible" },
      }),
    });
    return { status: res.status, uri: (await res.json()).uri };
  }

  async function followerCount(origin: string): Promise<number> {
    const db = serverDb(server);
    try {
      const row = await db.kysely
        .selectFrom("followers")
        .innerJoin("remote_actors as r", "r.id", "followers.follower_id")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("r.uri", "like", `${origin}/%`)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    } finally {
      await db.close();
    }
  }

  beforeAll(async () => {
    server = await startServer({ env: { LOG_LEVEL: "warning" } });
    expect(runCli(["user", "create", "claire", "--email", "claire@a.test"], server.env, "claire's password\n").status).toBe(0);
    expect(runCli(["org", "create", "asso", "--name", "Asso", "--coordinator", "claire"], server.env).status).toBe(0);
    token = runCli(["token", "create", "claire"], server.env).stdout.trim();
    remotes.accepting = await remoteServer("accept");
    remotes.blocking = await remoteServer("block");
    remotes.gone = await remoteServer("gone");
    const db = serverDb(server);
    try {
      const org = await db.kysely.selectFrom("actors").select("id").where("handle", "=", "asso").executeTakeFirstOrThrow();
      const updated = new Date().toISOString();
      // Two accounts on each server, sharing its inbox.
      const actors = Object.values(remotes).flatMap(({ origin }) =>
        [1, 2].map((n) => ({
          id: `${origin}-${n}`,
          uri: `${origin}/users/${n}`,
          type: "Person",
          handle: `u${n}@${new URL(origin).host}`,
          name: `u${n}`,
          url: null,
          inbox: `${origin}/users/${n}/inbox`,
          shared_inbox: `${origin}/inbox`,
          software: "mastodon",
          updated,
        })),
      );
      await db.kysely.insertInto("remote_actors").values(actors).execute();
      await db.kysely
        .insertInto("followers")
        .values(actors.map((a) => ({ actor_id: org.id, follower_id: a.id, follow_uri: `${a.uri}#follow`, created: updated })))
        .execute();
    } finally {
      await db.close();
    }
  }, 120_000);

  afterAll(async () => {
    remotes.blocking?.release();
    await server?.stop();
    await Promise.all(Object.values(remotes).map((r) => new Promise((resolve) => r.server.close(resolve))));
  });

  let first: string;

  it("answers before any remote server receives anything", async () => {
    const created = await publish("Soutien scolaire");
    expect(created.status).toBe(201);
    first = created.uri;
    // The answer came back; nothing of the need has been sent yet.
    expect(Object.values(remotes).flatMap((r) => r.posts)).toEqual([]);
    await until("the Create at the accepting server", async () => creates(remotes.accepting, first).length > 0);
    await until("the Create held open by the blocking server", async () => remotes.blocking.held.length > 0);
    expect(creates(remotes.accepting, first)).toHaveLength(1);
  });

  it("is held up by nothing while a server keeps a delivery waiting", async () => {
    expect(remotes.blocking.held.length).toBeGreaterThan(0);
    const second = await publish("Aide aux devoirs");
    expect(second.status).toBe(201);
    await until("the second Create at the accepting server", async () => creates(remotes.accepting, second.uri).length > 0);
    // The blocking server has still not answered the first one.
    expect(remotes.blocking.held.every((res) => !res.writableEnded)).toBe(true);
  });

  it("does not retry a server that answered 410 Gone, and forgets its followers", async () => {
    await until("the follows of the gone server removed", async () => (await followerCount(remotes.gone.origin)) === 0);
    // One attempt: the RFC 9421 knock and, refused, the draft-cavage one; no retry from the queue.
    expect(creates(remotes.gone, first).length).toBeGreaterThanOrEqual(1);
    expect(creates(remotes.gone, first).length).toBeLessThanOrEqual(2);
    expect(await followerCount(remotes.accepting.origin)).toBe(2);
    const third = await publish("Lecture aux enfants");
    await until("the third Create at the accepting server", async () => creates(remotes.accepting, third.uri).length > 0);
    expect(creates(remotes.gone, third.uri)).toEqual([]);
  });

  it("federates, once started again, an event recorded but not federated when it stopped", async () => {
    remotes.blocking.release();
    expect((await server.stop()).code).toBe(0);
    // What a process killed right after committing a change leaves: the event, not yet published.
    const db = serverDb(server);
    const needId = first.split("/").pop()!;
    try {
      const at = new Date().toISOString();
      await db.kysely
        .insertInto("event_outbox")
        .values({ id: "0", event: JSON.stringify({ type: "need.updated", needId, organizationHandle: "asso", visibility: "public" }), available: at, locked_until: null, created: at })
        .execute();
    } finally {
      await db.close();
    }
    server = await startServer({ dataDir: server.dataDir, port: server.port, env: { LOG_LEVEL: "warning" } });
    await until("the Update at the accepting server", async () =>
      remotes.accepting.posts.some((p) => p.type === "Update" && p.object === first),
    );
    // Each consumer (federation, alerts, notifications) runs it on its own; once all have, it goes.
    const left = serverDb(server);
    try {
      await until("every consumer done with the event", async () => (await left.kysely.selectFrom("event_outbox").selectAll().execute()).length === 0);
    } finally {
      await left.close();
    }
  }, 60_000);
});
