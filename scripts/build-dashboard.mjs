// Builds the dashboard's page (src/dashboard/ui) into dist/src/dashboard/assets: one script bundled by
// esbuild from the project's own dependencies (Preact, htm), its style sheet and its HTML. Nothing is
// fetched at run time: the page loads only these three files from the emulator (docs/dashboard.md).
import { mkdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { writeFileAtomic } from "./write-atomic.mjs";

const root = new URL("../", import.meta.url);
const ui = new URL("src/dashboard/ui/", root);
const out = new URL("dist/src/dashboard/assets/", root);
await mkdir(out, { recursive: true });
// Written by renames (write-atomic.mjs): a running emulator may be serving these files meanwhile.
const result = await build({
  entryPoints: [new URL("main.ts", ui).pathname],
  outfile: new URL("app.js", out).pathname,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: ["es2022"],
  minify: true,
  legalComments: "linked",
  logLevel: "warning",
  write: false,
});
for (const file of result.outputFiles) writeFileAtomic(file.path, file.contents);
for (const name of ["app.css", "index.html"]) writeFileAtomic(fileURLToPath(new URL(name, out)), await readFile(new URL(name, ui)));
