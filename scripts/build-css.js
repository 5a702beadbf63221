// Compiles app/styles/app.scss and copies GOV.UK Frontend's assets into public/.
// The Remix classic compiler does not compile Sass, so this runs before `remix build` and `remix dev`.
import { copyFile, cp, mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const entry = join(root, "app", "styles", "app.scss");
const cssOut = join(root, "public", "css", "app.css");
const assetsOut = join(root, "public", "assets");

const result = await sass.compileAsync(entry, {
  style: "compressed",
  loadPaths: [join(root, "node_modules")],
  // GOV.UK Frontend 5 is written for `@import`; its own deprecation warnings are not ours to fix.
  quietDeps: true,
  silenceDeprecations: ["import"],
});

await mkdir(dirname(cssOut), { recursive: true });
await writeFile(cssOut, result.css);

// The whole folder (images, manifest, fonts): the fonts go unused because we set Arial.
await cp(join(govuk, "assets"), assetsOut, { recursive: true });
await copyFile(join(govuk, "govuk-frontend.min.js"), join(assetsOut, "govuk-frontend.min.js"));

const kb = (Buffer.byteLength(result.css) / 1024).toFixed(1);
console.log(`build-css: wrote ${relative(root, cssOut)} (${kb} KB) and copied GOV.UK Frontend assets to ${relative(root, assetsOut)}`);
