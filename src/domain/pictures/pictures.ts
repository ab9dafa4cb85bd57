// Setting and removing the pictures of needs and organisations (issue 16). Only those
// who may manage the need or the organisation may; the alt text is required; the
// upload is checked and re-encoded by process.ts before anything is stored. A change
// of a published need's image is an `Update` of its Note; of an organisation's
// pictures, an `Update` of its Group. Files no longer named by any row are removed
// after the change is committed (keys are content-hashed: two rows may share one).
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import { now } from "../../db/time.ts";
import type { Account } from "../accounts/users.ts";
import { DomainError } from "../errors.ts";
import { commitWithEvents, type EventSink } from "../events.ts";
import { canCoordinate, needForCoordinator } from "../needs/service.ts";
import { findOrganization } from "../organizations/organizations.ts";
import { type Picture, type PictureRole, parsePicture, pictureKeys } from "./model.ts";
import { processPicture } from "./process.ts";
import type { FileStore } from "./store.ts";

export const ALT_MAX = 1500;

export interface Upload {
  bytes: Uint8Array;
  alt: string;
}

/** What the pictures' calls need besides the database: the store, the events and the size limit. */
export interface PictureDeps {
  db: Kysely<Database>;
  events: EventSink;
  files: FileStore;
  maxBytes: number;
}

function checkAlt(alt: string): string {
  const value = alt.trim().replace(/\s+/g, " ");
  if (!value) throw new DomainError("invalid", "describe the picture (alt text) for those who cannot see it", "alt", "image_alt_required");
  if (value.length > ALT_MAX) throw new DomainError("invalid", `alt has at most ${ALT_MAX} characters`, "alt", "text_too_long", { max: ALT_MAX });
  return value;
}

async function storePicture(deps: PictureDeps, upload: Upload): Promise<Picture> {
  // The alt text first: it costs nothing to check, the picture does.
  const alt = checkAlt(upload.alt);
  const processed = await processPicture(upload.bytes, deps.maxBytes);
  await deps.files.put(processed.main.key, processed.main.bytes, processed.mediaType);
  await deps.files.put(processed.thumbnail.key, processed.thumbnail.bytes, processed.mediaType);
  const { main, thumbnail } = processed;
  return {
    key: main.key,
    mediaType: processed.mediaType,
    width: main.width,
    height: main.height,
    thumbnail: { key: thumbnail.key, width: thumbnail.width, height: thumbnail.height },
    alt,
  };
}

/** Removes the files among `keys` that no need or organisation names any more. */
export async function forgetFiles(db: Kysely<Database>, files: FileStore, keys: string[]): Promise<void> {
  for (const key of new Set(keys)) {
    const pattern = `%"${key}"%`;
    const used = await db
      .selectFrom("needs")
      .select(sql<number>`1`.as("one"))
      .where("image", "like", pattern)
      .union(db.selectFrom("organizations").select(sql<number>`1`.as("one")).where((eb) => eb.or([eb("logo", "like", pattern), eb("image", "like", pattern)])))
      .executeTakeFirst();
    if (!used) await files.delete(key);
  }
}

/** Sets (`upload`) or removes (null) a need's image; answers the need's image as it now is. */
export async function setNeedImage(deps: PictureDeps, account: Account, needId: string, upload: Upload | null): Promise<Picture | null> {
  const { db, events } = deps;
  const need = await needForCoordinator(db, account, needId);
  const before = parsePicture(
    (await db.selectFrom("needs").select("image").where("id", "=", needId).executeTakeFirst())?.image,
  );
  const picture = upload ? await storePicture(deps, upload) : null;
  await commitWithEvents(db, events, async (trx) => {
    await trx.updateTable("needs").set({ image: picture ? JSON.stringify(picture) : null, updated: now() }).where("id", "=", needId).execute();
    if (need.published && need.status !== "draft") {
      await events.emit(trx, { type: "need.updated", needId, organizationHandle: need.organization.handle, visibility: need.visibility });
    }
  });
  await forgetFiles(db, deps.files, pictureKeys(before));
  return picture;
}

/** Sets or removes an organisation's logo or image (its coordinators and administrators). */
export async function setOrganizationPicture(
  deps: PictureDeps,
  account: Account,
  handle: string,
  role: PictureRole,
  upload: Upload | null,
): Promise<Picture | null> {
  const { db, events } = deps;
  const org = await findOrganization(db, handle);
  if (!org) throw new DomainError("not_found", `no organisation @${handle} on this server`, "organization", "organization_not_found", { handle });
  if (!(await canCoordinate(db, account, org.id))) {
    throw new DomainError("forbidden", `only coordinators of @${org.handle} may change its pictures`, undefined, "coordinators_only", { handle: org.handle });
  }
  const before = role === "logo" ? org.logo : org.image;
  const picture = upload ? await storePicture(deps, upload) : null;
  const value = picture ? JSON.stringify(picture) : null;
  await commitWithEvents(db, events, async (trx) => {
    await trx
      .updateTable("organizations")
      .set(role === "logo" ? { logo: value } : { image: value })
      .where("id", "=", org.id)
      .execute();
    // The actor's `updated` moves: its cached document is keyed on it.
    await trx.updateTable("actors").set({ updated: now() }).where("id", "=", org.id).execute();
    await events.emit(trx, { type: "organization.updated", organizationId: org.id, handle: org.handle });
  });
  await forgetFiles(db, deps.files, pictureKeys(before));
  return picture;
}
