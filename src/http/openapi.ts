// The OpenAPI 3.1 description of /api/v1, the contract for the web UI and other tools.
// Request bodies come from the same zod schemas the routes validate with.
import { z } from "zod";
import { TokenRequest } from "./api/tokens.ts";

const problem = { $ref: "#/components/schemas/Problem" };
const problemResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: problem } },
});
const errors = {
  "400": problemResponse("Malformed request (for example JSON that does not parse)"),
  "401": problemResponse("Missing, invalid, expired or revoked credentials"),
  "413": problemResponse("Body larger than the server accepts"),
  "422": problemResponse("The body does not validate; `errors` names each field"),
  "500": problemResponse("Server error, without internals"),
};
const json = (schema: unknown) => ({ "application/json": { schema } });
const bearer = [{ bearer: [] }];

export function openApiDocument(origin: URL, version: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Entraide API",
      version,
      description:
        "Needs (missions for volunteers) and offers of a federated Entraide instance. Errors are RFC 9457 problem details.",
      license: { name: "AGPL-3.0-or-later", identifier: "AGPL-3.0-or-later" },
    },
    servers: [{ url: new URL("/api/v1", origin).href }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: {
        Problem: {
          type: "object",
          required: ["type", "title", "status"],
          properties: {
            type: { type: "string" },
            title: { type: "string" },
            status: { type: "integer" },
            detail: { type: "string" },
            errors: {
              type: "array",
              items: {
                type: "object",
                properties: { field: { type: "string" }, message: { type: "string" } },
              },
            },
          },
        },
        TokenRequest: z.toJSONSchema(TokenRequest),
        Token: {
          type: "object",
          properties: {
            id: { type: "string" },
            token: { type: "string" },
            token_type: { const: "Bearer" },
            expires: { type: "string", format: "date-time" },
          },
        },
        Account: {
          type: "object",
          properties: {
            id: { type: "string" },
            username: { type: "string" },
            display_name: { type: "string" },
            email: { type: "string" },
            role: { enum: ["admin", "moderator", "citizen"] },
            url: { type: "string", format: "uri" },
            created: { type: "string", format: "date-time" },
          },
        },
      },
    },
    paths: {
      "/openapi.json": {
        get: { summary: "This document", responses: { "200": { description: "OpenAPI 3.1 document" } } },
      },
      "/tokens": {
        post: {
          summary: "Exchange a login and password for a bearer token",
          requestBody: { required: true, content: json({ $ref: "#/components/schemas/TokenRequest" }) },
          responses: { "201": { description: "Token issued", content: json({ $ref: "#/components/schemas/Token" }) }, ...errors },
        },
        get: { summary: "My tokens", security: bearer, responses: { "200": { description: "Tokens, newest first" }, ...errors } },
      },
      "/tokens/{id}": {
        delete: {
          summary: "Revoke one of my tokens",
          security: bearer,
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: { "204": { description: "Revoked" }, "404": problemResponse("No such active token"), ...errors },
        },
      },
      "/me": {
        get: {
          summary: "The authenticated account",
          security: bearer,
          responses: { "200": { description: "Account", content: json({ $ref: "#/components/schemas/Account" }) }, ...errors },
        },
      },
      "/missions": {
        post: {
          summary: "Publish a need (coming with the needs feature: 501 until then)",
          security: bearer,
          requestBody: { required: true, content: json({ type: "object" }) },
          responses: { "501": problemResponse("Not available yet"), ...errors },
        },
      },
    },
  };
}
