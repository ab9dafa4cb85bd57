// A server elsewhere on loopback whose inboxes record every delivery (unverified:
// for tests of what we send, not of what we accept), with the rows that make it a
// follower of an organisation and an applicant to one of its needs.
import { createServer, type Server } from "node:http";
import type { NeedCreate } from "../../src/domain/needs/input.ts";
import { type ServerProcess, serverDb } from "./server.ts";

export const need: NeedCreate = {
  organization: "asso",
  title: "Courses pour un voisin",
  description: "Le samedi matin.",
  domains: ["education"],
  skills: [],
  audience: [],
  language: "fr",
  place: { label: "Lyon", mode: "on_site", radius_km: 1 },
  schedule: { kind: "flexible" },
  volunteers_wanted: 1,
  visibility: "public",
  private_notes: "",
  beneficiary: "",
  status: "open",
};

export interface Post {
  path: string;
  type: string;
  object: string;
  content: string;
  /** What the object replies to (a direct message threaded on the applicant's own). */
  inReplyTo: string;
}

export async function inboxReceiver() {
  const posts: Post[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      if (req.method !== "POST") {
        res.writeHead(404).end();
        return;
      }
      try {
        const doc = JSON.parse(body);
        posts.push({
          path: req.url ?? "",
          type: String(doc.type),
          object: String(doc.object?.id ?? doc.object),
          content: String(doc.object?.content ?? doc.content ?? ""),
          inReplyTo: String(doc.object?.inReplyTo ?? ""),
        });
      } catch {}
      res.writeHead(202).end();
    });
  });
  const origin = await new Promise<string>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`)),
  );
  const offerUri = `${origin}/offers/1`;
  const actor = (n: number, updated: string) => ({
    id: `remote-${n}`,
    uri: `${origin}/users/${n}`,
    type: "Person",
    handle: `u${n}@${new URL(origin).host}`,
    name: `u${n}`,
    url: null,
    inbox: `${origin}/users/${n}/inbox`,
    shared_inbox: `${origin}/inbox`,
    software: "entraide",
    updated,
  });
  return {
    origin,
    posts,
    server,
    offerUri,
    /** remote-1 follows @handle (its server's shared inbox: /inbox); remote-2 will apply. */
    async seed(target: ServerProcess, handle: string) {
      const db = serverDb(target);
      try {
        const org = await db.kysely.selectFrom("actors").select("id").where("handle", "=", handle).executeTakeFirstOrThrow();
        const updated = new Date().toISOString();
        await db.kysely.insertInto("remote_actors").values([actor(1, updated), { ...actor(2, updated), shared_inbox: null }]).execute();
        await db.kysely.insertInto("followers").values({ actor_id: org.id, follower_id: "remote-1", follow_uri: `${origin}/users/1#follow`, created: updated }).execute();
      } finally {
        await db.close();
      }
    },
    /** remote-2's Offer to help with the need, as the inbox records one. */
    async applies(target: ServerProcess, needId: string): Promise<string> {
      const db = serverDb(target);
      try {
        const at = new Date().toISOString();
        await db.kysely
          .insertInto("applications")
          .values({
            id: "application-1",
            need_id: needId,
            remote_actor_id: "remote-2",
            message: "Je peux aider.",
            status: "pending",
            source: "offer",
            activity_uri: offerUri,
            object_uri: offerUri,
            created: at,
            updated: at,
          })
          .execute();
        return "application-1";
      } finally {
        await db.close();
      }
    },
  };
}
