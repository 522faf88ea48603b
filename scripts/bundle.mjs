#!/usr/bin/env node
/**
 * Bundles the command line (dist/src/cli/program.js, as tsc compiled it, and every module of ours it
 * imports) into dist/src/cli/main.js, the `aks-emulator` binary; run by `npm run build` after tsc.
 *
 * Why: at start Node resolved, read and linked some 125 modules of ours one file at a time; that was
 * about a third of a cold start (bench/README.md "Session 8"). The packages stay outside the bundle
 * (loaded from node_modules as before), and each `await import()` of ours becomes a chunk of its own
 * under dist/src/cli/chunks/, so what loads on first use still loads on first use. Code that names
 * its own files uses util/package-files.ts, which finds them from the package root wherever the
 * code sits. The compiled modules under dist/src stay as they are, for the library's exports.
 */
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { writeFileAtomic } from "./write-atomic.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "dist/src/cli");

const result = await build({
  entryPoints: { main: join(OUT, "program.js") },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  chunkNames: "chunks/[name]-[hash]",
  sourcemap: true,
  logLevel: "warning",
  write: false,
});
// Each output replaces its file in one rename, and chunks of an earlier build go only afterwards:
// an emulator starting from dist/ meanwhile finds every file it imports (scripts/write-atomic.mjs).
mkdirSync(join(OUT, "chunks"), { recursive: true });
const written = new Set();
for (const file of result.outputFiles) {
  writeFileAtomic(file.path, file.contents, file.path === join(OUT, "main.js") ? 0o755 : 0o644);
  written.add(file.path);
}
for (const name of readdirSync(join(OUT, "chunks"))) {
  const path = join(OUT, "chunks", name);
  if (!written.has(path)) rmSync(path, { force: true });
}
