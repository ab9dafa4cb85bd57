// Run before every test file (vitest.config.ts): after the file, its tests'
// PostgreSQL databases and Redis keys are removed (after the file's own
// afterAll hooks, which stop its servers: hooks run in reverse order).
import { afterAll } from "vitest";
import { cleanUpBackends } from "./backends.ts";

afterAll(async () => {
  await cleanUpBackends();
});
