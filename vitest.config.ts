import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts", "federation/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests start real servers and processes; two cores: keep parallelism modest.
    maxWorkers: 2,
    // Removes the PostgreSQL databases and Redis keys of TEST_DATABASE=postgres runs after each file.
    setupFiles: ["test/helpers/setup.ts"],
  },
});
