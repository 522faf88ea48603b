// Builds the dashboard's page (src/dashboard/ui) into dist/src/dashboard/assets: one script bundled by
// esbuild from the project's own dependencies (Preact, htm), its style sheet and its HTML. Nothing is
// fetched at run time: the page loads only these three files from the emulator (docs/dashboard.md).
import { copyFile, mkdir } from "node:fs/promises";
import { build } from "esbuild";

const root = new URL("../", import.meta.url);
const ui = new URL("src/dashboard/ui/", root);
const out = new URL("dist/src/dashboard/assets/", root);
await mkdir(out, { recursive: true });
await build({
  entryPoints: [new URL("main.ts", ui).pathname],
  outfile: new URL("app.js", out).pathname,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: ["es2022"],
  minify: true,
  legalComments: "linked",
  logLevel: "warning",
});
await copyFile(new URL("app.css", ui), new URL("app.css", out));
await copyFile(new URL("index.html", ui), new URL("index.html", out));
