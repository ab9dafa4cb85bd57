// A stored picture as ActivityStreams sees it (issue 16): an `Image` with the address
// this instance serves it at, its type, size and alt text (`name`, which Mastodon
// shows as the media's description). Used for a need's attachment and a Group's icon
// and image.
import type { Context } from "@fedify/fedify";
import { Image } from "@fedify/vocab";
import { fileAddress, type Picture } from "../../src/domain/pictures/model.ts";
import type { ContextData } from "../context.ts";

export function pictureToImage(ctx: Context<ContextData>, picture: Picture): Image {
  return new Image({
    url: new URL(fileAddress(picture.key), ctx.canonicalOrigin),
    mediaType: picture.mediaType,
    name: picture.alt,
    width: picture.width,
    height: picture.height,
  });
}
