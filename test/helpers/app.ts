// An in-process instance on a fresh SQLite file, for HTTP tests through `app.request()`.
import { join } from "node:path";
import { parseConfig } from "../../src/config.ts";
import { createInstance, type Instance } from "../../src/main.ts";
import { tempDir } from "./server.ts";

export async function testInstance(
  env: Record<string, string> = {},
  testing?: Parameters<typeof createInstance>[1],
): Promise<Instance & { close(): Promise<void> }> {
  const dataDir = tempDir();
  const config = parseConfig({
    PUBLIC_URL: "http://town.test",
    DATA_DIR: dataDir,
    DATABASE_URL: `sqlite:${join(dataDir, "test.sqlite")}`,
    ...env,
  });
  const instance = await createInstance(config, testing);
  return { ...instance, close: () => instance.db.close() };
}
