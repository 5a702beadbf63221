// @ts-check
/**
 * `npm test`: checks types, lint rules and formatting (`npm run validate`), builds the app (the browser
 * journeys test the production build), runs every vitest
 * project on SQLite, then runs the suites that use a database again on PostgreSQL (a throwaway cluster,
 * scripts/postgres.js), and
 * ends with one "N passed, N failed" line for the whole suite (CI reads that line).
 *
 * The PostgreSQL run happens whenever PostgreSQL is installed (on Debian: `apt-get install postgresql`;
 * .ci/run installs it). In CI (CI=true) a missing PostgreSQL is a failure, not a silent skip. Locally,
 * TEST_POSTGRES=false leaves it out. Arguments are passed to vitest on both runs (`npm test -- tests/e2e/x.test.ts`).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { findPostgres, startPostgres } from "./postgres.js";

const baseEnv = { ...process.env, VITE_CJS_IGNORE_WARNING: "true" };
const run = (command, args, env = baseEnv) => spawnSync(command, args, { stdio: "inherit", env, shell: false });

const runs = [];

// 0. The rules kept by tools (STYLE.md): types, ESLint with the layer zones, Prettier's check. A failure here
// counts as one failed test and the suite still runs, so one stray import does not hide the test results.
const validate = run("npm", ["run", "validate"]);
runs.push({ label: "Validate (tsc, ESLint, Prettier)", passed: validate.status === 0 ? 1 : 0, failed: validate.status === 0 ? 0 : 1 });

const build = run("npm", ["run", "build"]);
if (build.status !== 0) {
  console.log(`0 passed, ${1 + runs[0].failed} failed`);
  process.exit(1);
}

fs.mkdirSync("test-results", { recursive: true });

/** Runs vitest with `env`, reading its JSON report; a load failure or a skipped test counts as a failure. */
function vitest(label, detail, env, reportName, extraArgs = []) {
  const report = path.resolve("test-results", reportName);
  fs.rmSync(report, { force: true });
  console.log(`\n=== ${label}: ${detail} ===\n`);
  const tests = run(
    "npx",
    ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...extraArgs, ...process.argv.slice(2)],
    env,
  );
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
  return { label, passed, failed };
}

// 1. SQLite: whatever DATABASE_URL the shell holds, tests never touch it (tests/setup/env.ts, e2e-server.ts).
const sqliteEnv = { ...baseEnv };
delete sqliteEnv.DATABASE_URL;
delete sqliteEnv.E2E_DATABASE_URL;
runs.push(vitest("SQLite", "in-memory databases for data tests, a temporary file for the server", sqliteEnv, "vitest.json"));

// 2. PostgreSQL: the suites that use a database (data, CLI, browser journeys) against a real PostgreSQL server.
const wantPostgres = process.env.TEST_POSTGRES !== "false";
const ci = process.env.CI === "true";
if (wantPostgres && findPostgres()) {
  let cluster;
  try {
    cluster = await startPostgres({ log: (line) => console.log(line) });
  } catch (error) {
    console.error(`Could not start PostgreSQL for the second run: ${error instanceof Error ? error.message : error}`);
    runs.push({ label: "PostgreSQL (did not start)", passed: 0, failed: 1 });
  }
  if (cluster) {
    try {
      const env = { ...baseEnv, DATABASE_URL: cluster.url };
      delete env.E2E_DATABASE_URL;
      // Only the suites that touch a database: the pure tests beside the code (app/, reports/, tests/unit/)
      // cannot tell one database from another, and the SQLite pass has run them.
      const pure = [...["app/**", "reports/**", "tests/unit/**"].flatMap((glob) => ["--exclude", glob]), "--passWithNoTests"];
      runs.push(
        vitest(
          "PostgreSQL",
          `${cluster.version}: data, CLI and browser suites, a new database per test file and one for the server`,
          env,
          "vitest-postgres.json",
          pure,
        ),
      );
    } finally {
      cluster.stop();
    }
  }
} else if (ci && wantPostgres) {
  console.error("PostgreSQL is not installed, and CI must run the suite on it too (.ci/run installs it from Debian).");
  runs.push({ label: "PostgreSQL (not installed)", passed: 0, failed: 1 });
} else {
  console.log(`\nNo PostgreSQL run: ${wantPostgres ? "PostgreSQL is not installed (apt-get install postgresql)" : "TEST_POSTGRES=false"}.`);
}

console.log("");
for (const result of runs) console.log(`${result.label}: ${result.passed} passed, ${result.failed} failed`);
const passed = runs.reduce((sum, result) => sum + result.passed, 0);
const failed = runs.reduce((sum, result) => sum + result.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
