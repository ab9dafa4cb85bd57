// Pictures through the API (issue 16): PUT a multipart/form-data body with an `image`
// file and its `alt` text to set a need's image or an organisation's logo or image,
// DELETE to remove it. Refusals are problem+json: 413 over MAX_UPLOAD_BYTES (before the
// body is read whole), 422 `image_type` for anything but JPEG, PNG or WebP (by content),
// 422 `image_alt_required` without alt text.
import { Hono } from "hono";
import { fileAddress, type Picture, type PictureRole } from "../../domain/pictures/model.ts";
import { setNeedImage, setOrganizationPicture } from "../../domain/pictures/pictures.ts";
import { currentAccount, requireAccount } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import { pictureDeps, readUpload } from "../uploads.ts";

export function pictureJson(picture: Picture | null | undefined, origin: URL) {
  if (!picture) return null;
  return {
    url: new URL(fileAddress(picture.key), origin).href,
    media_type: picture.mediaType,
    width: picture.width,
    height: picture.height,
    alt: picture.alt,
    thumbnail: { url: new URL(fileAddress(picture.thumbnail.key), origin).href, width: picture.thumbnail.width, height: picture.thumbnail.height },
  };
}

/** Mounted at /api/v1/missions: /{id}/image. */
export const missionPictures = new Hono<AppEnv>()
  .put("/:id/image", requireAccount, async (c) => {
    const { upload } = await readUpload(c);
    const picture = await setNeedImage(pictureDeps(c), currentAccount(c), c.req.param("id"), upload);
    return c.json(pictureJson(picture, c.var.deps.config.publicUrl));
  })
  .delete("/:id/image", requireAccount, async (c) => {
    await setNeedImage(pictureDeps(c), currentAccount(c), c.req.param("id"), null);
    return c.body(null, 204);
  });

function organizationPicture(role: PictureRole) {
  return new Hono<AppEnv>()
    .put(`/:handle/${role}`, requireAccount, async (c) => {
      const { upload } = await readUpload(c);
      const picture = await setOrganizationPicture(pictureDeps(c), currentAccount(c), c.req.param("handle"), role, upload);
      return c.json(pictureJson(picture, c.var.deps.config.publicUrl));
    })
    .delete(`/:handle/${role}`, requireAccount, async (c) => {
      await setOrganizationPicture(pictureDeps(c), currentAccount(c), c.req.param("handle"), role, null);
      return c.body(null, 204);
    });
}

/** Mounted at /api/v1/organizations: /{handle}/logo and /{handle}/image. */
export const organizationPictures = new Hono<AppEnv>().route("/", organizationPicture("logo")).route("/", organizationPicture("image"));
