import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts", "federation/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests start real servers and processes; two cores: keep parallelism modest.
    maxWorkers: 2,
  },
});
