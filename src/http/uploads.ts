// Uploads (issue 16): the routes that take a picture as multipart/form-data, their body
// limit (MAX_UPLOAD_BYTES and a little for the other fields, checked by Hono's bodyLimit
// on Content-Length and then as the body streams in: an oversized upload is refused
// before it is read whole), and reading the form's `image` file and `alt` text.
import type { Context } from "hono";
import type { PictureDeps, Upload } from "../domain/pictures/pictures.ts";
import { DomainError } from "../domain/errors.ts";
import type { AppEnv } from "./env.ts";
import { unreadableForm } from "./web/frame.ts";

/** The form fields besides the file (alt text, CSRF token): their allowance over MAX_UPLOAD_BYTES. */
export const UPLOAD_OVERHEAD_BYTES = 64 * 1024;

const UPLOAD_PATHS = [
  /^\/api\/v1\/missions\/[^/]+\/image$/,
  /^\/api\/v1\/organizations\/[^/]+\/(?:logo|image)$/,
  /^\/coordinate\/needs\/[^/]+\/image$/,
  /^\/coordinate\/organizations\/[^/]+\/(?:logo|image)$/,
];

export function isUploadPath(path: string): boolean {
  return UPLOAD_PATHS.some((pattern) => pattern.test(path));
}

/** The picture's store and limits, for the domain's calls. */
export function pictureDeps(c: Context<AppEnv>): PictureDeps {
  const { db, events, files, config } = c.var.deps;
  return { db: db.kysely, events, files, maxBytes: config.maxUploadBytes };
}

/** The `image` file and `alt` text of a multipart form, and its other fields as text. */
export async function readUpload(c: Context<AppEnv>): Promise<{ upload: Upload; fields: Record<string, string> }> {
  const type = c.req.header("Content-Type") ?? "";
  if (!type.startsWith("multipart/form-data")) {
    throw new DomainError("invalid", "send the picture as multipart/form-data, in a field named image", "image", "image_required");
  }
  const body = await c.req.parseBody().catch(unreadableForm);
  const file = body.image;
  const fields = Object.fromEntries(Object.entries(body).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])));
  const bytes = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
  return { upload: { bytes, alt: fields.alt ?? "" }, fields };
}
