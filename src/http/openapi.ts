// The OpenAPI 3.1 description of /api/v1, the contract for the web UI and other tools.
// Request bodies and query parameters come from the zod schemas the routes validate with.
// Its parts are in openapi/: the shared pieces, the components, and the paths by area.
import { accountPaths } from "./openapi/accounts.ts";
import { missionPaths } from "./openapi/missions.ts";
import { moderationPaths } from "./openapi/moderation.ts";
import { organizationPaths } from "./openapi/organizations.ts";
import { schemas } from "./openapi/schemas.ts";

export function openApiDocument(origin: URL, version: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Entraide API",
      version,
      description:
        "Needs (missions for volunteers) and offers of a federated Entraide instance. Errors are RFC 9457 problem details. Each need carries its `id`, its ActivityPub `uri` and its web page `url`.",
      license: { name: "AGPL-3.0-or-later", identifier: "AGPL-3.0-or-later" },
    },
    servers: [{ url: new URL("/api/v1", origin).href }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: schemas(),
    },
    paths: {
      ...accountPaths(),
      ...missionPaths(),
      ...organizationPaths(),
      ...moderationPaths(),
    },
  };
}

