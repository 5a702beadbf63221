// @ts-check
/**
 * ESLint (flat config): the rules STYLE.md states, kept by a tool rather than by review.
 *
 * - typescript-eslint's recommended rules for all TypeScript, react-hooks and jsx-a11y for components and routes.
 * - Import zones copied from DESIGN §3's arrows, so a wrong-way import fails `npm run validate`:
 *   domain → only zod, survey-core and itself; reports → never data; routes → never knex;
 *   utils → never components; data → never auth. tests/unit/lint-rules.test.ts proves the zones bite.
 *
 * Formatting is Prettier's (prettier.config.js); ESLint does not argue about layout.
 */
import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

/** `no-restricted-imports` patterns that keep one layer from importing another (gitignore-style globs). */
const forbid = (/** @type {string} */ message, /** @type {string[]} */ group) => ({ group, message });

/** A zone: the files it covers and the imports they may not make. */
const zone = (/** @type {string[]} */ files, /** @type {object[]} */ patterns, /** @type {string[]} */ paths = []) => ({
  files,
  rules: {
    "@typescript-eslint/no-restricted-imports": [
      "error",
      {
        paths: paths.map((name) => ({ name, message: `${name} is not for this layer (DESIGN §3).` })),
        patterns: patterns.map((pattern) => ({ ...pattern, allowTypeImports: false })),
      },
    ],
  },
});

export default tseslint.config(
  {
    ignores: ["build/**", "public/build/**", "public/**/*.js", "node_modules/**", "test-results/**", "data/**", ".cache/**", "coverage/**"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // Unused names are a smell, but `_`-prefixed ones are deliberate (a parameter a signature requires).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
      // Types are imported as types, so the compiler can erase them and the architecture test can tell them apart.
      "@typescript-eslint/consistent-type-imports": [
        "error",
        { prefer: "type-imports", fixStyle: "inline-type-imports", disallowTypeAnnotations: false },
      ],
      "no-console": "off",
      eqeqeq: ["error", "always", { null: "ignore" }],
    },
  },
  {
    files: ["app/**/*.tsx"],
    ...jsxA11y.flatConfigs.recommended,
    languageOptions: { ...jsxA11y.flatConfigs.recommended.languageOptions, globals: { ...globals.browser, ...globals.node } },
    rules: {
      ...jsxA11y.flatConfigs.recommended.rules,
      // A table that scrolls sideways sits in a labelled region that takes focus, so keyboard users can scroll
      // it (axe's scrollable-region-focusable): the one place a non-interactive element is focusable.
      "jsx-a11y/no-noninteractive-tabindex": ["error", { tags: [], roles: ["tabpanel", "region"] }],
    },
  },
  {
    files: ["app/**/*.tsx", "app/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["**/*.test.ts", "**/*.test.tsx", "tests/**"],
    rules: {
      // Tests reach into rows, JSON fixtures and responses whose shape the test itself asserts.
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-explicit-any": "off",
    },
  },

  // ---- Import zones (DESIGN §3: routes → auth, data, domain, components, reports; reports → domain;
  // data → domain types; domain → nothing of ours outside it). Tests beside the code are exempt.
  {
    ...zone(
      ["app/domain/**/*.ts"],
      [
        {
          // Anything that is not zod, survey-core or a relative path staying inside app/domain.
          regex: "^(?!zod$|survey-core$|\\.\\.?/|~/domain/)|(^|/)(data|auth|components|routes|utils)/|\\.server$|^(\\.\\./){2}",
          message: "The domain is pure: it imports only zod, survey-core and other domain files (DESIGN §3).",
        },
      ],
    ),
    ignores: ["app/domain/**/*.test.ts"],
  },
  {
    ...zone(
      ["reports/**/*.ts"],
      [forbid("Reports lay out the domain's models; they never read data (DESIGN §3).", ["**/app/data/*", "**/data/*.server", "knex"])],
    ),
    ignores: ["reports/**/*.test.ts"],
  },
  zone(
    ["app/routes/**/*.ts", "app/routes/**/*.tsx"],
    [forbid("Routes never query the database: call app/data (DESIGN §3).", ["knex", "better-sqlite3", "pg"])],
  ),
  zone(
    ["app/utils/**/*.ts", "app/utils/**/*.tsx"],
    [forbid("Utils never import components: the dependency runs the other way.", ["**/components/*", "~/components/*"])],
  ),
  zone(["app/data/**/*.ts"], [forbid("Data never imports auth: auth builds on data (DESIGN §3).", ["**/auth/*", "~/auth/*"])]),
);
