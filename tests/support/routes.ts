import fs from "node:fs";
import path from "node:path";

/** The app's routes folder, which the permission matrix and the bad-input sweep read their route list from. */
export const ROUTES_DIR = path.resolve(__dirname, "../../app/routes");

/**
 * Every route module, as a path inside app/routes: a flat route file (`cycles._index.tsx`), or the
 * `route.tsx` of a folder route (`returns.$returnId.pages.$pageName/route.tsx`), Remix's convention for
 * a route that keeps its loader and action in modules beside it (the folder's other files are not routes).
 */
export function routeModules(): string[] {
  return fs
    .readdirSync(ROUTES_DIR, { withFileTypes: true })
    .flatMap((entry) => {
      if (entry.isFile()) return /\.(tsx?|jsx?)$/.test(entry.name) && !/\.test\.(tsx?|jsx?)$/.test(entry.name) ? [entry.name] : [];
      if (!entry.isDirectory()) return [];
      const route = fs.readdirSync(path.join(ROUTES_DIR, entry.name)).find((name) => /^route\.(tsx?|jsx?)$/.test(name));
      return route ? [`${entry.name}/${route}`] : [];
    })
    .sort();
}
