// An organisation's new profile reaches its followers elsewhere (issue 16, point 6):
// two real servers on loopback; a citizen on B follows @asso on A; A's coordinator edits
// the profile (PATCH); B receives the signed `Update` of the `Group`, verifies it and
// stores the actor's new name; a coordinator of another organisation on A is refused
// and nothing is sent for it.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, root, runCli, type ServerProcess, serverDb, startServer } from "./helpers/server.ts";
import { until } from "./helpers/wait.ts";

describe("two servers: an organisation's profile edited on A, seen on B", () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let claire: ReturnType<typeof apiClient>;
  let bob: ReturnType<typeof apiClient>;
  let bruno: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    [a, b] = await Promise.all([startServer({ env: { LOG_LEVEL: "warning" } }), startServer({ env: { LOG_LEVEL: "warning" } })]);
    for (const name of ["claire", "bob"]) {
      expect(runCli(["user", "create", name, "--email", `${name}@a.test`], a.env, `${name}'s password\n`).status).toBe(0);
    }
    expect(runCli(["org", "create", "asso", "--name", "Les Amis du Quartier", "--coordinator", "claire"], a.env).status).toBe(0);
    expect(runCli(["org", "create", "autre", "--name", "Autre asso", "--coordinator", "bob"], a.env).status).toBe(0);
    expect(runCli(["user", "create", "bruno", "--email", "bruno@b.test"], b.env, "bruno's password\n").status).toBe(0);
    claire = apiClient(a, runCli(["token", "create", "claire"], a.env).stdout.trim());
    bob = apiClient(a, runCli(["token", "create", "bob"], a.env).stdout.trim());
    bruno = apiClient(b, runCli(["token", "create", "bruno"], b.env).stdout.trim());
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    // Both servers' logs, for when something here fails.
    mkdirSync(join(root, "test", "output"), { recursive: true });
    writeFileSync(join(root, "test", "output", "organization-update-a.log"), a?.logs() ?? "");
    writeFileSync(join(root, "test", "output", "organization-update-b.log"), b?.logs() ?? "");
  });

  const nameOnB = async () => {
    const db = serverDb(b);
    try {
      return (await db.kysely.selectFrom("remote_actors").select("name").where("uri", "=", `${a.url}/actors/asso`).executeTakeFirst())?.name;
    } finally {
      await db.close();
    }
  };

  it("delivers the Update of the Group to a follower's server, which verifies and stores it", async () => {
    expect((await bruno("POST", "/follows", { target: `@asso@127.0.0.1:${a.port}` })).status).toBe(202);
    // A accepts at once; B records the acceptance (then A counts B among the followers).
    await until("B to record A's Accept", async () => {
      const db = serverDb(b);
      try {
        return (await db.kysely.selectFrom("following").select("accepted").executeTakeFirst())?.accepted === 1;
      } finally {
        await db.close();
      }
    });
    expect(await nameOnB()).toBe("Les Amis du Quartier");

    // Refused: a coordinator of another organisation; B hears nothing of it.
    expect((await bob("PATCH", "/organizations/asso", { name: "Piraté" })).status).toBe(403);

    const edited = await claire("PATCH", "/organizations/asso", {
      name: "Les Amis de la Croix-Rousse",
      description: "Des **visites** et des courses.",
      website: "https://amis.example/",
      area: "Lyon 4e",
    });
    expect(edited.status).toBe(200);
    await until("B to store the new name from the Update", async () => (await nameOnB()) === "Les Amis de la Croix-Rousse", 30_000);

    // What B's citizen now reads of the actor, fetched from A: the rendered description and the fields.
    const actor = await (await fetch(`${a.url}/actors/asso`, { headers: { Accept: "application/activity+json" } })).json();
    expect(actor.summary).toContain("<strong>visites</strong>");
    expect(actor.attachment.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(["Site web", "Territoire"]));
    expect(await nameOnB()).not.toBe("Piraté");
  }, 90_000);
});
