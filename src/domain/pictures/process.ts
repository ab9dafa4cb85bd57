// An upload becomes a picture fit to publish (issue 16): its type read from its bytes
// by sharp (libvips looks at the content, never at the name or the declared type),
// only JPEG, PNG and WebP accepted, turned upright, resized to at most MAX_WIDTH wide
// with a THUMBNAIL_WIDTH version, and written again without any metadata (EXIF with
// its GPS position, XMP, IPTC, ICC profiles: sharp drops them all unless asked to keep them).
import { createHash } from "node:crypto";
import type { Sharp, SharpOptions } from "sharp";
import { DomainError } from "../errors.ts";
import type { PictureType } from "./model.ts";

export const MAX_WIDTH = 1600;
export const THUMBNAIL_WIDTH = 400;
/**
 * Decoded size refused beyond this: a small file can decode to gigabytes (a "decompression
 * bomb"); a phone's largest photos (48 to 50 million pixels) stay under it.
 */
export const MAX_PIXELS = 100_000_000;

const FORMATS = {
  jpeg: { mediaType: "image/jpeg", ext: "jpg" },
  png: { mediaType: "image/png", ext: "png" },
  webp: { mediaType: "image/webp", ext: "webp" },
} as const satisfies Record<string, { mediaType: PictureType; ext: string }>;

export interface Rendition {
  key: string;
  bytes: Buffer;
  width: number;
  height: number;
}

export interface ProcessedPicture {
  mediaType: PictureType;
  main: Rendition;
  thumbnail: Rendition;
}

function refuseType(): never {
  throw new DomainError("invalid", "the picture must be a JPEG, PNG or WebP image", "image", "image_type");
}

// libvips is loaded on the first upload, not at start: an idle server does not carry it.
let loaded: Promise<(input: Uint8Array, options: SharpOptions) => Sharp> | undefined;
function sharpOf(): Promise<(input: Uint8Array, options: SharpOptions) => Sharp> {
  loaded ??= import("sharp").then((m) => m.default);
  return loaded;
}

export async function processPicture(bytes: Uint8Array, maxBytes: number): Promise<ProcessedPicture> {
  if (bytes.byteLength > maxBytes) {
    throw new DomainError("invalid", `the picture is larger than ${maxBytes} bytes`, "image", "image_too_large", { max: Math.floor(maxBytes / 1048576) });
  }
  if (bytes.byteLength === 0) throw new DomainError("invalid", "a picture is required", "image", "image_required");
  const sharp = await sharpOf();
  const options = { limitInputPixels: MAX_PIXELS, failOn: "error" } as const;
  let format: keyof typeof FORMATS;
  try {
    const meta = await sharp(bytes, options).metadata();
    if (!(meta.format in FORMATS)) refuseType();
    format = meta.format as keyof typeof FORMATS;
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if (error instanceof Error && /pixel limit/i.test(error.message)) {
      throw new DomainError("invalid", `the picture has more than ${MAX_PIXELS} pixels`, "image", "image_too_many_pixels", { max: MAX_PIXELS / 1_000_000 });
    }
    refuseType();
  }
  const { mediaType, ext } = FORMATS[format];
  const render = async (width: number): Promise<Rendition> => {
    try {
      const { data, info } = await sharp(bytes, options)
        .rotate()
        .resize({ width, withoutEnlargement: true })
        .toFormat(format, format === "png" ? { compressionLevel: 9 } : { quality: 82 })
        .toBuffer({ resolveWithObject: true });
      const key = `${createHash("sha256").update(data).digest("hex").slice(0, 32)}.${ext}`;
      return { key, bytes: data, width: info.width, height: info.height };
    } catch {
      refuseType();
    }
  };
  return { mediaType, main: await render(MAX_WIDTH), thumbnail: await render(THUMBNAIL_WIDTH) };
}
