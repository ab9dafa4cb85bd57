// A picture people uploaded (issue 16): a need's image, an organisation's logo or
// image. The domain names its files by storage keys (content-hashed: a new picture is
// a new key, so that a key's bytes never change and can be cached for ever), never by
// paths; the files are in a FileStore (store.ts).

export const PICTURE_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export type PictureType = (typeof PICTURE_TYPES)[number];

export interface Picture {
  /** The picture resized to at most MAX_WIDTH wide, without its metadata. */
  key: string;
  mediaType: PictureType;
  width: number;
  height: number;
  /** A small version for lists and previews. */
  thumbnail: { key: string; width: number; height: number };
  /** What it shows, for those who cannot see it; required. */
  alt: string;
}

export type PictureRole = "logo" | "image";

/** Keys as the store makes them: 32 hex digits of the content's SHA-256, and the type's extension. */
export const KEY_PATTERN = /^[0-9a-f]{32}\.(?:jpg|png|webp)$/;

/** Where this instance serves a stored file (src/http/web/files.ts). */
export function fileAddress(key: string): string {
  return `/files/${key}`;
}

export function parsePicture(json: string | null | undefined): Picture | null {
  if (!json) return null;
  try {
    const value = JSON.parse(json) as Picture;
    return typeof value?.key === "string" && KEY_PATTERN.test(value.key) ? value : null;
  } catch {
    return null;
  }
}

/** The keys of a picture's files. */
export function pictureKeys(picture: Picture | null | undefined): string[] {
  return picture ? [picture.key, picture.thumbnail.key] : [];
}
