// Runs the test suite with Vitest and ends with the plain line CI reads:
// "N passed, N failed" (plus ", N skipped" when some were skipped).
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [vitest, ...args] = process.argv.slice(2);
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outDir = join(root, "test", "output");
mkdirSync(outDir, { recursive: true });
const report = join(outDir, "vitest.json");
rmSync(report, { force: true });

const child = spawn(
  process.execPath,
  [vitest, "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...args],
  { stdio: "inherit" },
);
child.on("exit", (code) => {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  try {
    const result = JSON.parse(readFileSync(report, "utf8"));
    passed = result.numPassedTests;
    failed = result.numFailedTests;
    skipped = result.numPendingTests + result.numTodoTests;
    // A file that fails to load, or whose setup fails, has no failed test of its own but must count as a failure.
    failed += result.testResults.filter(
      (file) => file.status === "failed" && !file.assertionResults.some((t) => t.status === "failed"),
    ).length;
  } catch {
    failed = Math.max(failed, 1);
  }
  // Vitest also exits non-zero on errors outside any test (an unhandled rejection
  // or exception while a file ran): each test passed, yet the run did not.
  if (code !== 0 && failed === 0) {
    failed = 1;
    console.log("Vitest exited with an error outside the tests (see \"Errors\" above); counted as one failure.");
  }
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  process.exit(code === 0 && failed === 0 ? 0 : 1);
});
