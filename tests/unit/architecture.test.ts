import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The shape STYLE.md asks for, checked on every run: the domain is pure, and server-only code never
 * reaches the browser bundle (the classic compiler empties *.server files silently in the browser,
 * so a leak would only fail at run time).
 */
const APP = path.resolve("app");

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => /\.(ts|tsx)$/.test(file) && !/\.test\.tsx?$/.test(file) && !file.endsWith(".d.ts"))
    .map((file) => path.join(dir, file));
}

/** Module specifiers a file imports at run time (`import type` is erased by the compiler, so it is left out). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  return [...text.matchAll(/(?:^|\n)\s*(import|export)(\s+type\b)?[^'"]*?from\s+["']([^"']+)["']/g)]
    .filter((match) => !match[2])
    .map((match) => match[3]);
}

describe("architecture", () => {
  it("keeps the domain pure: it imports only zod, survey-core and other domain files", () => {
    const offending: string[] = [];
    for (const file of sourceFiles(path.join(APP, "domain"))) {
      for (const source of importsOf(file)) {
        const allowed =
          source === "zod" ||
          source === "survey-core" ||
          (source.startsWith(".") && path.resolve(path.dirname(file), source).startsWith(path.join(APP, "domain")));
        if (!allowed) offending.push(`${path.relative(APP, file)} imports ${source}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it("keeps the clock out of the domain (it is passed in)", () => {
    const offending = sourceFiles(path.join(APP, "domain")).filter((file) =>
      /Date\.now\(|new Date\(\s*\)/.test(fs.readFileSync(file, "utf8")),
    );
    expect(offending.map((file) => path.relative(APP, file))).toEqual([]);
  });

  it("never imports server-only modules into code that reaches the browser", () => {
    const browserDirs = ["components", "domain", "utils"].map((dir) => path.join(APP, dir));
    const offending: string[] = [];
    for (const file of browserDirs.flatMap(sourceFiles)) {
      if (file.endsWith(".server.ts")) continue;
      for (const source of importsOf(file)) {
        if (/\.server$/.test(source) || /^node:/.test(source) || ["knex", "better-sqlite3", "pg", "sanitize-html"].includes(source))
          offending.push(`${path.relative(APP, file)} imports ${source}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it("puts data access only in *.server.ts files", () => {
    const offending = sourceFiles(APP).filter(
      (file) => !file.endsWith(".server.ts") && importsOf(file).some((source) => source === "knex" || source === "better-sqlite3"),
    );
    expect(offending.map((file) => path.relative(APP, file))).toEqual([]);
  });
});
