import fs from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

/*
 * The server matches every request against one route tree, so `patches/@remix-run+router+*.patch` keeps each
 * tree's ranked branches and each path's compiled pattern (decision 027). `npm ci` applies it (postinstall:
 * patch-package); an upgrade of @remix-run/router that the patch no longer fits stops the install, and this
 * test says so if the patch is ever left off.
 */
const require = createRequire(import.meta.url);
const router = require("@remix-run/router") as typeof import("@remix-run/router");

describe("the route-matching patch", () => {
  it("is applied to the router the server loads", () => {
    const source = fs.readFileSync(require.resolve("@remix-run/router"), "utf8");
    expect(source).toContain("function rankedBranchesOf(routes)");
    expect(source).toContain("const compiledPaths = new Map();");
    const patches = fs.readdirSync("patches");
    const version = (JSON.parse(fs.readFileSync(require.resolve("@remix-run/router/package.json"), "utf8")) as { version: string }).version;
    expect(patches).toContain(`@remix-run+router+${version}.patch`);
  });

  it("matches as the router always has: most specific first, params read, the same answer every time", () => {
    const routes = [
      {
        id: "root",
        path: "/",
        children: [
          { id: "index", index: true },
          {
            id: "cycles",
            path: "cycles",
            children: [
              { id: "cycle", path: ":cycleId", children: [{ id: "baseline", path: "baseline" }] },
              { id: "new", path: "new" },
            ],
          },
          { id: "survey", path: "p/:token" },
          { id: "splat", path: "*" },
        ],
      },
    ];
    const ids = (pathname: string) => router.matchRoutes(routes, pathname)?.map((match) => match.route.id);
    for (let round = 0; round < 3; round += 1) {
      expect(ids("/")).toEqual(["root", "index"]);
      expect(ids("/cycles/new")).toEqual(["root", "cycles", "new"]);
      expect(ids("/cycles/12/baseline")).toEqual(["root", "cycles", "cycle", "baseline"]);
      expect(router.matchRoutes(routes, "/p/AbC123")?.at(-1)?.params).toEqual({ token: "AbC123" });
      expect(ids("/nowhere/at/all")).toEqual(["root", "splat"]);
    }
    expect(router.matchPath("/cycles/:cycleId", "/CYCLES/7")?.params).toEqual({ cycleId: "7" });
    expect(router.matchPath({ path: "/cycles/:cycleId", caseSensitive: true }, "/CYCLES/7")).toBeNull();
  });
});
