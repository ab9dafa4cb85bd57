#!/usr/bin/env node
// The `entraide` command (`npx entraide …`): the launcher's `cli` task.
process.argv.splice(2, 0, "cli");
await import("./launch.js");
