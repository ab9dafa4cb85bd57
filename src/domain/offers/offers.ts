// Offers: a citizen or an organisation offers time, skills, transport…
// Published by its author (a Person or a Group actor), found by others.
import type { Kysely, Selectable, Transaction } from "kysely";
import { z } from "zod";
import type { Database, OffersTable } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import { offersVisibleTo } from "../access/filters.ts";
import { mayManageOffer, type Viewer } from "../access/policy.ts";
import { viewerOfAccount } from "../access/viewers.ts";
import type { Account } from "../accounts/users.ts";
import { DomainError } from "../errors.ts";
import { commitWithEvents, type EventSink } from "../events.ts";
import { newId } from "../ids.ts";
import { canCoordinate } from "../needs/service.ts";
import { findOrganization } from "../organizations/organizations.ts";
import { renderMarkdown } from "../text/markdown.ts";
import { isDomainSlug } from "../vocabulary/domains.ts";

export type OfferStatus = "open" | "closed";

export interface Offer {
  id: string;
  author: { id: string; type: "Person" | "Group"; handle: string; name: string };
  title: string;
  description: string;
  descriptionHtml: string;
  domains: string[];
  availability: string;
  place: { label: string; mode: "on_site" | "remote" | "both" };
  status: OfferStatus;
  visibility: "public" | "followers" | "local";
  created: string;
  updated: string;
  published: string | null;
}

const fields = {
  title: z.string().trim().min(3).max(200),
  description: z.string().max(20_000).describe("Markdown"),
  domains: z.array(z.string().refine(isDomainSlug, { error: "not a known domain (see /domains)" })).min(1).max(5),
  availability: z.string().trim().min(1).max(500).describe('When: "weekday evenings", "Saturdays"…'),
  place: z.object({
    label: z.string().trim().min(1).max(200).describe("A neighbourhood or town, or where help can be given"),
    mode: z.enum(["on_site", "remote", "both"]).default("on_site"),
  }),
  visibility: z.enum(["public", "followers", "local"]),
};

export const OfferCreate = z.object({
  ...fields,
  description: fields.description.default(""),
  visibility: fields.visibility.default("public"),
  organization: z.string().optional().describe("Offer in the name of this organisation (its coordinators)"),
});
export type OfferCreate = z.infer<typeof OfferCreate>;

export const OfferPatch = z.object({ ...fields, status: z.enum(["open", "closed"]) }).partial();
export type OfferPatch = z.infer<typeof OfferPatch>;

function query(db: Kysely<Database>) {
  return db
    .selectFrom("offers")
    .innerJoin("actors as a", "a.id", "offers.actor_id")
    .selectAll("offers")
    .select(["a.type as author_type", "a.handle as author_handle", "a.name as author_name"]);
}

type Row = Selectable<OffersTable> & { author_type: string; author_handle: string; author_name: string };

function toOffer(row: Row): Offer {
  return {
    id: row.id,
    author: { id: row.actor_id, type: row.author_type as "Person" | "Group", handle: row.author_handle, name: row.author_name },
    title: row.title,
    description: row.description,
    descriptionHtml: row.description_html,
    domains: JSON.parse(row.domains),
    availability: row.availability,
    place: { label: row.place_label, mode: row.place_mode as Offer["place"]["mode"] },
    status: row.status as OfferStatus,
    visibility: row.visibility as Offer["visibility"],
    created: row.created,
    updated: row.updated,
    published: row.published,
  };
}

export async function findOffer(db: Kysely<Database>, id: string): Promise<Offer | undefined> {
  const row = await query(db).where("offers.id", "=", id).executeTakeFirst();
  return row ? toOffer(row) : undefined;
}

export async function listOffers(
  db: Kysely<Database>,
  options: {
    domain?: string[];
    status?: OfferStatus;
    authorId?: string;
    limit: number;
    before?: string;
    /** Who lists: only what they may read (the access policy). */
    viewer: Viewer;
  },
): Promise<Offer[]> {
  let q = query(db)
    .where(offersVisibleTo(options.viewer))
    .where("offers.status", "=", options.status ?? "open");
  if (options.authorId) q = q.where("offers.actor_id", "=", options.authorId);
  if (options.before) q = q.where("offers.created", "<", options.before);
  const rows = await q.orderBy("offers.created", "desc").limit(options.domain?.length ? 500 : options.limit).execute();
  const offers = rows.map(toOffer);
  const wanted = options.domain;
  return (wanted?.length ? offers.filter((o) => o.domains.some((d) => wanted.includes(d))) : offers).slice(0, options.limit);
}

/** Who an offer may be published as: the account itself, or an organisation it coordinates. */
async function authorFor(db: Kysely<Database>, account: Account, organization?: string) {
  if (!organization) return { id: account.id };
  const org = await findOrganization(db, organization);
  if (!org) throw new DomainError("not_found", `no organisation @${organization} on this server`, "organization", "organization_not_found", { handle: organization });
  if (!(await canCoordinate(db, account, org.id))) {
    throw new DomainError("forbidden", `only coordinators of @${org.handle} may offer in its name`, undefined, "coordinators_only", { handle: org.handle });
  }
  return { id: org.id };
}

/** The access policy's one owner rule for offers (`mayManageOffer`). */
async function mayEdit(db: Kysely<Database>, account: Account, offer: Offer): Promise<boolean> {
  return mayManageOffer(await viewerOfAccount(db, account), offer);
}

export async function createOffer(db: Kysely<Database>, events: EventSink, account: Account, input: OfferCreate): Promise<Offer> {
  const author = await authorFor(db, account, input.organization);
  const timestamp = now();
  const id = newId();
  await commitWithEvents(db, events, async (trx) => {
    await trx
      .insertInto("offers")
      .values({
        id,
        actor_id: author.id,
        title: input.title,
        description: input.description,
        description_html: renderMarkdown(input.description),
        domains: JSON.stringify(input.domains),
        availability: input.availability,
        place_label: input.place.label,
        place_mode: input.place.mode,
        status: "open",
        visibility: input.visibility,
        created: timestamp,
        updated: timestamp,
        published: timestamp,
      })
      .execute();
    await events.emit(trx, { type: "offer.published", offerId: id, visibility: input.visibility });
  });
  return (await findOffer(db, id))!;
}

export async function updateOffer(
  db: Kysely<Database>,
  events: EventSink,
  account: Account,
  id: string,
  patch: OfferPatch,
): Promise<Offer> {
  const offer = await findOffer(db, id);
  if (!offer) throw new DomainError("not_found", "no such offer", undefined, "offer_not_found");
  if (!(await mayEdit(db, account, offer))) throw new DomainError("forbidden", "only its author may change an offer", undefined, "offer_author_only");
  return commitWithEvents(db, events, async (trx) => {
    await trx
      .updateTable("offers")
      .set({
        ...(patch.title !== undefined && { title: patch.title }),
        ...(patch.description !== undefined && {
          description: patch.description,
          description_html: renderMarkdown(patch.description),
        }),
        ...(patch.domains && { domains: JSON.stringify(patch.domains) }),
        ...(patch.availability !== undefined && { availability: patch.availability }),
        ...(patch.place && { place_label: patch.place.label, place_mode: patch.place.mode }),
        ...(patch.visibility && { visibility: patch.visibility }),
        ...(patch.status && { status: patch.status }),
        updated: now(),
      })
      .where("id", "=", id)
      .execute();
    const updated = (await findOffer(trx, id))!;
    await events.emit(trx, {
      type: "offer.updated",
      offerId: id,
      authorHandle: offer.author.handle,
      visibility: updated.visibility,
      ...(offer.visibility !== updated.visibility && { previousVisibility: offer.visibility }),
    });
    return updated;
  });
}

export async function deleteOffer(db: Kysely<Database>, events: EventSink, account: Account, id: string): Promise<void> {
  const offer = await findOffer(db, id);
  if (!offer) throw new DomainError("not_found", "no such offer", undefined, "offer_not_found");
  if (!(await mayEdit(db, account, offer))) throw new DomainError("forbidden", "only its author may delete an offer", undefined, "offer_author_only");
  await commitWithEvents(db, events, (trx) => removeOffer(trx, events, { id, authorHandle: offer.author.handle, visibility: offer.visibility }));
}

/**
 * Removes an offer in the caller's transaction, however it goes (its author deletes it, a
 * moderator suspends the account): its id keeps a tombstone (410), and the servers that
 * received it are asked to forget it.
 */
export async function removeOffer(
  trx: Transaction<Database>,
  events: EventSink,
  offer: { id: string; authorHandle: string; visibility: string },
): Promise<void> {
  await trx.deleteFrom("offers").where("id", "=", offer.id).execute();
  await trx
    .insertInto("tombstones")
    .values({ uri: `offer:${offer.id}`, former_type: "Note", deleted: now() })
    .onConflict((oc) => oc.column("uri").doNothing())
    .execute();
  // Whether other servers are asked to forget it is the federation's call (by the visibility it had).
  await events.emit(trx, {
    type: "offer.deleted",
    offerId: offer.id,
    authorHandle: offer.authorHandle,
    visibility: offer.visibility as "public" | "followers" | "local",
  });
}
