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
