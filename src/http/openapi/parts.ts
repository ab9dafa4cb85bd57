// The pieces every part of the OpenAPI document is built from: references, the
// problem+json errors each operation may answer, bodies, parameters.
import { z } from "zod";

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const problemResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ref("Problem") } },
});
export const errors = {
  "400": problemResponse("Malformed request (for example JSON that does not parse)"),
  "401": problemResponse("Missing, invalid, expired or revoked credentials"),
  "403": problemResponse("Authenticated, but not allowed (for example not a coordinator of the organisation)"),
  "404": problemResponse("No such resource, or not visible to you"),
  "409": problemResponse("Conflicts with the current state (a taken handle, a closed need, a second application)"),
  "413": problemResponse("Body larger than the server accepts"),
  "422": problemResponse("The body or query does not validate; `errors` names each field"),
  "429": problemResponse("Too many requests; see Retry-After"),
  "500": problemResponse("Server error, without internals"),
};
export const json = (schema: unknown) => ({ "application/json": { schema } });
export const body = (name: string) => ({ required: true, content: json(ref(name)) });
export const ok = (description: string, schema?: unknown, status = "200") => ({
  [status]: { description, ...(schema ? { content: json(schema) } : {}) },
  ...errors,
});
export const bearer = [{ bearer: [] }];
/** A picture upload (issue 16): 413 over MAX_UPLOAD_BYTES, 422 `image_type` (by content) or `image_alt_required`. */
export const pictureUpload = {
  required: true,
  content: {
    "multipart/form-data": {
      schema: {
        type: "object",
        required: ["image", "alt"],
        properties: {
          image: { type: "string", format: "binary", description: "A JPEG, PNG or WebP picture (checked by its content), at most MAX_UPLOAD_BYTES (8 MiB by default)" },
          alt: { type: "string", maxLength: 1500, description: "What the picture shows, for those who cannot see it (required; federated as the image's `name`)" },
        },
      },
      encoding: { image: { contentType: "image/jpeg, image/png, image/webp" } },
    },
  },
};
export const pathParam = (name: string) => ({ name, in: "path", required: true, schema: { type: "string" } });

/** Query parameters from a zod object schema. */
export function queryParams(schema: z.ZodObject) {
  const jsonSchema = z.toJSONSchema(schema, { io: "input" }) as { properties: Record<string, unknown> };
  return Object.entries(jsonSchema.properties).map(([name, s]) => ({ name, in: "query", required: false, schema: s }));
}

/** The PUT and DELETE of a picture (a need's image, an organisation's logo or image), by its path parameter. */
export const pictureEndpoint = (param: string, set: string, remove: string) => ({
  put: {
    summary: set,
    security: bearer,
    parameters: [pathParam(param)],
    requestBody: pictureUpload,
    responses: ok("The picture as stored", ref("Picture")),
  },
  delete: { summary: remove, security: bearer, parameters: [pathParam(param)], responses: ok("Removed", undefined, "204") },
});
