// Safeguarding across two real servers on loopback (issue 14, point 5): a need of A
// with minors or vulnerable adults reaches B with the hint that an in-person check
// comes first; a citizen of B who applies is told so, privately, in the reply A
// sends (with the address to sign up on A, since only an account there can be
// checked); A's coordinator cannot accept them; and nothing of A's checks reaches B.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERSONAL_DATA } from "../src/domain/privacy/personal-data.ts";
import { apiClient, root, runCli, type ServerProcess, serverDb, startServer } from "./helpers/server.ts";
import { until } from "./helpers/wait.ts";

const NOTE = "Extrait de casier n° 2026-ZZ-118 vu le 1er décembre";
const NB = "\u00a0";

describe("two servers: a safeguarded need of A, answered from B", () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let claire: ReturnType<typeof apiClient>;
  let bruno: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    [a, b] = await Promise.all([startServer(), startServer()]);
    expect(runCli(["user", "create", "claire", "--email", "claire@a.test"], a.env, "claire's password\n").status).toBe(0);
    expect(runCli(["user", "create", "marc", "--email", "marc@a.test"], a.env, "marc's password\n").status).toBe(0);
    expect(runCli(["org", "create", "asso", "--name", "Les Amis du Quartier", "--coordinator", "claire"], a.env).status).toBe(0);
    expect(runCli(["user", "create", "bruno", "--email", "bruno@b.test"], b.env, "bruno's password\n").status).toBe(0);
    claire = apiClient(a, runCli(["token", "create", "claire"], a.env).stdout.trim());
    bruno = apiClient(b, runCli(["token", "create", "bruno"], b.env).stdout.trim());
  }, 90_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    mkdirSync(join(root, "test", "output"), { recursive: true });
    writeFileSync(join(root, "test", "output", "safeguarding-a.log"), a?.logs() ?? "");
    writeFileSync(join(root, "test", "output", "safeguarding-b.log"), b?.logs() ?? "");
  });

  it("tells the volunteer of B, in A's private reply, that an in-person check comes first, and refuses to accept them", async () => {
    expect((await bruno("POST", "/follows", { target: `@asso@127.0.0.1:${a.port}` })).status).toBe(202);
    await until("A to count B's citizen among its followers", async () => {
      const db = serverDb(a);
      try {
        return (await db.kysely.selectFrom("followers").select("follower_id").execute()).length === 1;
      } finally {
        await db.close();
      }
    });
    // A knows Marc, met him and recorded it: the check stays on A.
    expect((await claire("POST", "/organizations/asso/safeguarding-checks", { username: "marc", identity_seen: true, record_seen: true, note: NOTE })).status).toBe(201);
    const created = await claire("POST", "/missions", {
      organization: "asso",
      title: "Accompagner un enfant à l'école",
      description: "Le matin, à pied.",
      domains: ["education"],
      place: { label: "Croix-Rousse, Lyon" },
      schedule: { kind: "flexible" },
    });
    expect([created.status, created.body.safeguarding]).toEqual([201, true]);
    const needId = created.body.id;

    const stored = await until("B to store the need", async () => {
      const { body } = await bruno("GET", "/missions?scope=elsewhere");
      return body.items.find((n: { uri: string }) => n.uri === `${a.url}/needs/${needId}`);
    });
    // The hint federates, in the Note's own words.
    expect(stored.description_html).toContain("🛡️ Mission auprès de mineurs ou de personnes vulnérables");

    expect((await bruno("POST", `/missions/${stored.id}/applications`, { message: "Je peux le mardi." })).status).toBe(201);
    const application = await until("A to receive the application", async () => (await claire("GET", `/missions/${needId}/applications`)).body[0]);
    expect(application).toMatchObject({ applicant: { kind: "remote", uri: `${b.url}/actors/bruno` }, safeguarding: "remote", status: "pending" });

    const messages = await until("B to receive A's private reply", async () => {
      const { body } = await bruno("GET", "/me/messages");
      return body.length > 0 && body;
    });
    expect(messages[0]).toMatchObject({ sender_uri: `${a.url}/actors/asso` });
    expect(messages[0].content_html).toContain(
      `Cette mission concerne des mineurs ou des personnes vulnérables${NB}: avant de l'accepter, l'association doit vous rencontrer en personne`,
    );
    expect(messages[0].content_html).toContain(`<a href="${a.url}/signup"`);

    const refused = await claire("PATCH", `/applications/${application.id}`, { status: "accepted" });
    expect([refused.status, refused.body.code]).toEqual([409, "safeguarding_remote_applicant"]);

    // Nothing of A's check is anywhere on B.
    const bDb = serverDb(b);
    try {
      for (const table of Object.keys(PERSONAL_DATA) as (keyof typeof PERSONAL_DATA)[]) {
        const text = JSON.stringify(await bDb.kysely.selectFrom(table).selectAll().execute());
        expect([table, text.includes("2026-ZZ-118"), text.includes("record_seen")]).toEqual([table, false, false]);
      }
    } finally {
      await bDb.close();
    }
  });
});
