import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The import zones in eslint.config.js are DESIGN §3's arrows. A zone that does not bite is worse than none
 * (it reads as a guarantee), so each is tried here with a wrong-way import in a file where it would live,
 * and with a right-way import that must stay allowed.
 */
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: path.resolve(".") });
});

/** The restricted-import messages ESLint gives `code` as if it were the file at `file`. */
async function zoneErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.resolve(file) });
  return result.messages
    .filter((message) => message.ruleId === "@typescript-eslint/no-restricted-imports")
    .map((message) => message.message);
}

describe("import zones (DESIGN §3)", () => {
  it.each([
    ["app/domain/scoring-extra.ts", 'import { getDb } from "~/data/db.server";\nexport const db = getDb;\n', /The domain is pure/],
    ["app/domain/reports/extra.ts", 'import { getDb } from "../../data/db.server";\nexport const db = getDb;\n', /The domain is pure/],
    ["app/domain/extra.ts", 'import fs from "node:fs";\nexport const read = fs.readFileSync;\n', /The domain is pure/],
    ["app/domain/extra.ts", 'import { Button } from "~/components/govuk";\nexport const b = Button;\n', /The domain is pure/],
    ["app/domain/extra.ts", 'import React from "react";\nexport const r = React;\n', /The domain is pure/],
    ["reports/extra.ts", 'import { getDb } from "../app/data/db.server";\nexport const db = getDb;\n', /never read data/],
    ["app/routes/extra.tsx", 'import knex from "knex";\nexport const k = knex;\n', /Routes never query the database/],
    // A folder route's modules beside its route.tsx are route code too.
    ["app/routes/extra.$id/action.server.ts", 'import knex from "knex";\nexport const k = knex;\n', /Routes never query the database/],
    ["app/utils/extra.ts", 'import { Button } from "~/components/govuk";\nexport const b = Button;\n', /Utils never import components/],
    [
      "app/data/extra.server.ts",
      'import { requireUser } from "~/auth/session.server";\nexport const r = requireUser;\n',
      /Data never imports auth/,
    ],
  ])("refuses the wrong-way import in %s", async (file, code, message) => {
    const errors = await zoneErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it.each([
    [
      "app/domain/extra.ts",
      'import { z } from "zod";\nimport { Model } from "survey-core";\nimport { scoreReturn } from "./scoring";\nexport const all = [z, Model, scoreReturn];\n',
    ],
    [
      "app/domain/reports/extra.ts",
      'import { scoreReturn } from "../scoring";\nimport { spreadOf } from "./spread";\nexport const all = [scoreReturn, spreadOf];\n',
    ],
    ["reports/extra.ts", 'import { formatPercent } from "../app/domain/scoring";\nexport const f = formatPercent;\n'],
    ["app/routes/extra.tsx", 'import { getDb } from "~/data/db.server";\nexport const db = getDb;\n'],
    ["app/routes/extra.$id/loader.server.ts", 'import { getDb } from "~/data/db.server";\nexport const db = getDb;\n'],
    ["app/data/extra.server.ts", 'import { hashPassword } from "./password-hash.server";\nexport const h = hashPassword;\n'],
  ])("allows the right-way imports in %s", async (file, code) => {
    expect(await zoneErrors(file, code)).toEqual([]);
  });
});
