// Needs, offers and applications; remote actors, who follows whom, and what
// other servers sent us (their needs, their answers to our citizens).
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on today's schema types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("remote_actors")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("uri", "text", (c) => c.notNull().unique())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("handle", "text")
    .addColumn("name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("url", "text")
    .addColumn("inbox", "text", (c) => c.notNull())
    .addColumn("shared_inbox", "text")
    .addColumn("software", "text")
    .addColumn("updated", "text", (c) => c.notNull())
    .execute();

  // Remote actors following a local actor (an organisation, a citizen).
  await db.schema
    .createTable("followers")
    .addColumn("actor_id", "text", (c) => c.notNull().references("actors.id").onDelete("cascade"))
    .addColumn("follower_id", "text", (c) => c.notNull().references("remote_actors.id").onDelete("cascade"))
    .addColumn("follow_uri", "text", (c) => c.notNull())
    .addColumn("created", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("followers_pk", ["actor_id", "follower_id"])
    .execute();

  // Local actors following remote ones (a citizen following a remote organisation).
  await db.schema
    .createTable("following")
    .addColumn("actor_id", "text", (c) => c.notNull().references("actors.id").onDelete("cascade"))
    .addColumn("target_id", "text", (c) => c.notNull().references("remote_actors.id").onDelete("cascade"))
    .addColumn("follow_uri", "text", (c) => c.notNull().unique())
    .addColumn("accepted", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("following_pk", ["actor_id", "target_id"])
    .execute();

  await db.schema
    .createTable("needs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("description_html", "text", (c) => c.notNull())
    .addColumn("domains", "text", (c) => c.notNull())
    .addColumn("skills", "text", (c) => c.notNull())
    .addColumn("audience", "text", (c) => c.notNull())
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("place_label", "text", (c) => c.notNull())
    .addColumn("place_mode", "text", (c) => c.notNull())
    .addColumn("address", "text")
    .addColumn("latitude", "double precision")
    .addColumn("longitude", "double precision")
    .addColumn("radius_km", "double precision", (c) => c.notNull())
    .addColumn("schedule", "text", (c) => c.notNull())
    .addColumn("starts", "text")
    .addColumn("ends", "text")
    .addColumn("volunteers_wanted", "integer", (c) => c.notNull())
    .addColumn("volunteers_accepted", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("deadline", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("visibility", "text", (c) => c.notNull())
    .addColumn("private_notes", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("beneficiary", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("outcome", "text")
    .addColumn("created", "text", (c) => c.notNull())
    .addColumn("updated", "text", (c) => c.notNull())
    .addColumn("published", "text")
    .execute();
  await db.schema.createIndex("needs_organization_idx").on("needs").column("organization_id").execute();
  await db.schema.createIndex("needs_status_starts_idx").on("needs").columns(["status", "starts"]).execute();

  await db.schema
    .createTable("need_domains")
    .addColumn("need_id", "text", (c) => c.notNull().references("needs.id").onDelete("cascade"))
    .addColumn("domain", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("need_domains_pk", ["need_id", "domain"])
    .execute();
  await db.schema.createIndex("need_domains_domain_idx").on("need_domains").column("domain").execute();

  // The ids of deleted needs, so that their old URIs answer 410 with a Tombstone.
  await db.schema
    .createTable("tombstones")
    .addColumn("uri", "text", (c) => c.primaryKey())
    .addColumn("former_type", "text", (c) => c.notNull())
    .addColumn("deleted", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("offers")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("actor_id", "text", (c) => c.notNull().references("actors.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("description_html", "text", (c) => c.notNull())
    .addColumn("domains", "text", (c) => c.notNull())
    .addColumn("availability", "text", (c) => c.notNull())
    .addColumn("place_label", "text", (c) => c.notNull())
    .addColumn("place_mode", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("visibility", "text", (c) => c.notNull())
    .addColumn("created", "text", (c) => c.notNull())
    .addColumn("updated", "text", (c) => c.notNull())
    .addColumn("published", "text")
    .execute();
  await db.schema.createIndex("offers_actor_idx").on("offers").column("actor_id").execute();

  await db.schema
    .createTable("applications")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("need_id", "text", (c) => c.notNull().references("needs.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.references("users.id").onDelete("cascade"))
    .addColumn("remote_actor_id", "text", (c) => c.references("remote_actors.id").onDelete("cascade"))
    .addColumn("message", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("quantity", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("public", "integer", (c) => c.notNull().defaultTo(0))
    // The remote activity or note it came from: idempotence, and what to reply to.
    .addColumn("activity_uri", "text", (c) => c.unique())
    .addColumn("object_uri", "text")
    .addColumn("created", "text", (c) => c.notNull())
    .addColumn("updated", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("applications_need_idx").on("applications").column("need_id").execute();
  await db.schema.createIndex("applications_user_idx").on("applications").column("user_id").execute();

  // Needs received from organisations on other servers.
  await db.schema
    .createTable("remote_needs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("uri", "text", (c) => c.notNull().unique())
    .addColumn("actor_id", "text", (c) => c.notNull().references("remote_actors.id").onDelete("cascade"))
    .addColumn("url", "text")
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("content_html", "text", (c) => c.notNull())
    .addColumn("language", "text")
    .addColumn("domains", "text", (c) => c.notNull())
    .addColumn("starts", "text")
    .addColumn("ends", "text")
    .addColumn("place_label", "text")
    .addColumn("latitude", "double precision")
    .addColumn("longitude", "double precision")
    .addColumn("radius_km", "double precision")
    .addColumn("volunteers_wanted", "integer")
    .addColumn("places_left", "integer")
    .addColumn("proposal_uri", "text")
    .addColumn("intent_uri", "text")
    .addColumn("published", "text")
    .addColumn("updated", "text", (c) => c.notNull())
    .execute();

  // A local citizen's answers to remote needs, and what came back.
  await db.schema
    .createTable("outgoing_applications")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("remote_need_id", "text", (c) => c.notNull().references("remote_needs.id").onDelete("cascade"))
    .addColumn("message", "text", (c) => c.notNull())
    .addColumn("offer_uri", "text", (c) => c.notNull().unique())
    .addColumn("note_uri", "text", (c) => c.notNull().unique())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("created", "text", (c) => c.notNull())
    .addColumn("updated", "text", (c) => c.notNull())
    .execute();

  // Direct messages received by local users (a coordinator's answer, for instance).
  await db.schema
    .createTable("messages")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("uri", "text", (c) => c.notNull().unique())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("sender_id", "text", (c) => c.notNull().references("remote_actors.id").onDelete("cascade"))
    .addColumn("in_reply_to", "text")
    .addColumn("content_html", "text", (c) => c.notNull())
    .addColumn("created", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("messages_user_idx").on("messages").column("user_id").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above.
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "messages",
    "outgoing_applications",
    "remote_needs",
    "applications",
    "offers",
    "tombstones",
    "need_domains",
    "needs",
    "following",
    "followers",
    "remote_actors",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
