import { runCli } from "../../cli/index";
import { createDb } from "~/data/db.server";

export interface CliRun {
  code: number;
  out: string[];
  err: string[];
}

/**
 * A CLI runner for tests: each command runs in this process (as `npm run cli -- …` would, through the same
 * `runCli`) against the database `url()` names when it runs, and its output lines are collected.
 */
export function cliAgainst(url: () => string): (...argv: string[]) => Promise<CliRun> {
  return async (...argv) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line), openDb: () => createDb(url()) });
    return { code, out, err };
  };
}
