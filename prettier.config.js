// @ts-check
/**
 * Prettier formats everything (`npm run format`); `npm run validate` checks it. Wide lines suit the
 * long, descriptive names and table-like test rows this codebase uses; quotes and commas as it already had.
 * @type {import("prettier").Config}
 */
export default {
  printWidth: 140,
  trailingComma: "all",
};
