// Each consumer of the domain events (the federation, the alerts, later others)
// gets its own delivery of each event: its own attempts, back-off and lease, so
// that one failing neither blocks nor re-runs another, and a drop after the last
// attempt drops only its own. `subject` is what the event is about (a need, an
// application…): a consumer takes the events about one subject in order.
// Events already waiting get their deliveries from the stream itself (it adopts
// every event that has none); their shapes of before are brought up to date here.
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types.
export async function up(db: Kysely<any>): Promise<void> {
  // The runner applies each migration in one transaction.
  await db.schema
    .createTable("event_deliveries")
    .addColumn("event_id", "text", (c) => c.notNull())
    .addColumn("consumer", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt", "text", (c) => c.notNull())
    .addColumn("lease_until", "text")
    .addColumn("done", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("event_deliveries_pkey", ["event_id", "consumer"])
    .execute();
  // What a claim reads: the deliveries not done, ready, in event order…
  await db.schema.createIndex("event_deliveries_ready_idx").on("event_deliveries").columns(["done", "next_attempt", "event_id"]).execute();
  // …and, for each, whether an earlier one about the same subject is still to do.
  await db.schema.createIndex("event_deliveries_subject_idx").on("event_deliveries").columns(["consumer", "subject", "event_id"]).execute();
  // Events recorded before: "answered" was a remote application; a decision now
  // carries what was decided, an update who may see the need or offer.
  const rows: { id: string; event: string }[] = await db.selectFrom("event_outbox").select(["id", "event"]).execute();
  for (const row of rows) {
    const event = JSON.parse(row.event);
    if (event.type === "application.answered") {
      event.type = "application.received";
      event.source = "federation";
    } else if (event.type === "application.decided" && !event.status) {
      const application = await db.selectFrom("applications").select(["status", "reason"]).where("id", "=", event.applicationId).executeTakeFirst();
      if (!application) continue;
      event.status = application.status;
      event.reason = application.reason;
    } else if (event.type === "need.updated" && !event.visibility) {
      // Now with who may see it, and whose it is (the federation reads them from the event).
      const need = await db
        .selectFrom("needs")
        .innerJoin("actors", "actors.id", "needs.organization_id")
        .select(["needs.visibility", "actors.handle"])
        .where("needs.id", "=", event.needId)
        .executeTakeFirst();
      if (!need) continue;
      event.organizationHandle = need.handle;
      event.visibility = need.visibility;
    } else if (event.type === "offer.updated" && !event.visibility) {
      const offer = await db
        .selectFrom("offers")
        .innerJoin("actors", "actors.id", "offers.actor_id")
        .select(["offers.visibility", "actors.handle"])
        .where("offers.id", "=", event.offerId)
        .executeTakeFirst();
      if (!offer) continue;
      event.authorHandle = offer.handle;
      event.visibility = offer.visibility;
    } else if (event.type === "offer.published" && !event.visibility) {
      event.visibility = "public";
    } else continue;
    await db.updateTable("event_outbox").set({ event: JSON.stringify(event) }).where("id", "=", row.id).execute();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("event_deliveries").execute();
}
