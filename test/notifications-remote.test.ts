// Issue 13: a volunteer on another server hears the same news as one here, as
// direct messages threaded on their own reply, in their language: a need they were
// accepted for changed or was cancelled, and the day-before reminder of its slot.
// A real server process; the other server is a recording inbox on loopback.
import type { Transaction } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/db/schema.ts";
import { commitWithEvents, type DomainEvent, type EventSink } from "../src/domain/events.ts";
import { writeEvent } from "../src/domain/events/outbox.ts";
import { runScheduled } from "../src/domain/notifications/scheduler.ts";
import { inboxReceiver, need } from "./helpers/receiver.ts";
import { apiClient, runCli, type ServerProcess, serverDb, startServer } from "./helpers/server.ts";
import { until } from "./helpers/wait.ts";

/** Writes events into the server's outbox for its consumers, as its own scheduler would; runs none here. */
const serverOutbox: EventSink = {
  emit: (trx: Transaction<Database>, event: DomainEvent) => writeEvent(trx, event, ["alerts", "notifications", "federation"]),
  committed: () => {},
};

describe("news for a remote volunteer, threaded on their reply", () => {
  let server: ServerProcess;
  let remote: Awaited<ReturnType<typeof inboxReceiver>>;
  let claire: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    remote = await inboxReceiver();
    server = await startServer({ env: { LOG_LEVEL: "warning" } });
    expect(runCli(["user", "create", "claire", "--email", "claire@town.test"], server.env, "claire's password\n").status).toBe(0);
    expect(runCli(["org", "create", "asso", "--name", "Asso", "--coordinator", "claire"], server.env).status).toBe(0);
    claire = apiClient(server, runCli(["token", "create", "claire"], server.env).stdout.trim());
    await remote.seed(server, "asso");
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await new Promise((resolve) => remote?.server.close(resolve));
  });

  const notes = () => remote.posts.filter((p) => p.path === "/users/2/inbox" && p.type === "Create");

  it("sends the change, the reminder and the cancellation as direct notes replying to the volunteer's offer", async () => {
    const start = new Date(Date.now() + 12 * 3_600_000).toISOString();
    const created = await claire("POST", "/missions", { ...need, schedule: { kind: "date", start } });
    expect(created.status).toBe(201);
    const needId = (created.body as { id: string }).id;
    const applicationId = await remote.applies(server, needId);
    expect((await claire("PATCH", `/applications/${applicationId}`, { status: "accepted" })).status).toBe(200);
    await until("the acceptance note", async () => notes().length === 1, 60_000);

    // The volunteer wrote in English: the news come in English.
    const db = serverDb(server);
    try {
      await db.kysely.updateTable("applications").set({ language: "en" }).where("id", "=", applicationId).execute();
    } finally {
      await db.close();
    }
    const later = new Date(Date.now() + 13 * 3_600_000).toISOString();
    expect((await claire("PATCH", `/missions/${needId}`, { schedule: { kind: "date", start: later } })).status).toBe(200);
    await until("the change note", async () => notes().length === 2, 60_000);
    expect(notes()[1]!.content).toContain("The need “Courses pour un voisin” changed");
    expect(notes()[1]!.inReplyTo).toBe(remote.offerUri);

    // The scheduler, as the worker runs it: the slot is within a day.
    const scheduled = serverDb(server);
    try {
      expect((await runScheduled(scheduled.kysely, serverOutbox)).reminders).toBe(1);
      expect((await runScheduled(scheduled.kysely, serverOutbox)).reminders).toBe(0);
      // What the coordinator's cancel action emits (issue 13, point 5).
      await commitWithEvents(scheduled.kysely, serverOutbox, (trx) =>
        serverOutbox.emit(trx, {
          type: "need.updated",
          needId,
          organizationHandle: "asso",
          visibility: "public",
          notice: { kind: "cancelled", message: "Rain is forecast." },
        }),
      );
    } finally {
      await scheduled.close();
    }
    await until("the reminder and the cancellation", async () => notes().length === 4, 60_000);
    const contents = notes().slice(2).map((n) => n.content);
    expect(contents.filter((c) => c.includes("Reminder: the need “Courses pour un voisin” is tomorrow"))).toHaveLength(1);
    expect(contents.filter((c) => c.includes("is cancelled") && c.includes("Rain is forecast."))).toHaveLength(1);
    expect(notes().every((n) => n.inReplyTo === remote.offerUri)).toBe(true);
    // Addressed to the volunteer alone: nothing went to the followers' shared inbox about it.
    expect(remote.posts.filter((p) => p.path === "/inbox" && p.content.includes("Reminder"))).toEqual([]);
  }, 180_000);
});
