// An in-process instance on a fresh database (SQLite, or PostgreSQL with
// TEST_DATABASE=postgres: see backends.ts), for HTTP tests through `app.request()`.
import { parseConfig } from "../../src/config.ts";
import { createInstance, type Instance } from "../../src/main.ts";
import { backendEnv } from "./backends.ts";
import { tempDir } from "./server.ts";

export async function testInstance(
  env: Record<string, string> = {},
  testing?: Parameters<typeof createInstance>[1],
): Promise<Instance> {
  const dataDir = tempDir();
  const config = parseConfig({
    PUBLIC_URL: "http://town.test",
    DATA_DIR: dataDir,
    ...(await backendEnv(dataDir, { queue: "database" })),
    ...env,
  });
  const instance = await createInstance(config, testing);
  return instance;
}

/** Calls an in-process instance's API as one of several users (by their bearer tokens). */
export function apiAs(app: { http: { request(url: string, init?: RequestInit): Response | Promise<Response> } }, tokens: Record<string, string>) {
  return async (who: string, method: string, path: string, body?: unknown) => {
    const res = await app.http.request(`http://town.test/api/v1${path}`, {
      method,
      headers: {
        ...(tokens[who] ? { Authorization: `Bearer ${tokens[who]}` } : {}),
        ...(body ? { "Content-Type": "application/json" } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, type: res.headers.get("content-type") };
  };
}
