// @ts-check
/**
 * `npm test`: builds the app (the browser journeys test the production build), runs every vitest
 * project, and ends with one "N passed, N failed" line for the whole suite (CI reads that line).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const env = { ...process.env, VITE_CJS_IGNORE_WARNING: "true" };
const run = (command, args) => spawnSync(command, args, { stdio: "inherit", env, shell: false });

const build = run("npm", ["run", "build"]);
if (build.status !== 0) {
  console.log("0 passed, 1 failed");
  process.exit(1);
}

fs.mkdirSync("test-results", { recursive: true });
const report = path.resolve("test-results/vitest.json");
fs.rmSync(report, { force: true });
const tests = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)]);

let passed = 0;
let failed = 0;
if (fs.existsSync(report)) {
  const results = JSON.parse(fs.readFileSync(report, "utf8"));
  passed = results.numPassedTests ?? 0;
  // A file that failed without any failing test (it did not load, or a hook threw) counts as one failure.
  const brokenFiles = (results.testResults ?? []).filter(
    (file) => file.status === "failed" && !(file.assertionResults ?? []).some((test) => test.status === "failed"),
  ).length;
  failed = (results.numFailedTests ?? 0) + brokenFiles;
  const skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
  if (skipped > 0) {
    console.error(`${skipped} tests were skipped or marked to-do: a skipped test checks nothing.`);
    failed += skipped;
  }
} else {
  failed = 1;
}
if (tests.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || tests.status !== 0 ? 1 : 0);
