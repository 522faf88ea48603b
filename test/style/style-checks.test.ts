import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

/**
 * The style tools, run by `npm test` (and alone by `npm run lint`): Biome's formatter and linter
 * (biome.json), madge's import-cycle check over src/ (.madgerc; type-only imports do not count),
 * dependency-cruiser's import rules (.dependency-cruiser.cjs: no provider folder imports another's
 * internals, app.ts only composes) and knip's unused files, exports and dependencies (knip.json).
 * Each fails on a violation.
 */

const ROOT = process.cwd();

function run(bin: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync(join(ROOT, "node_modules", ".bin", bin), args, { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: r.status, output: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

test("Biome: the code is formatted and lints clean (npm run format fixes most)", () => {
  const r = run("biome", ["ci", "--error-on-warnings", "--colors=off", "."]);
  assert.equal(r.status, 0, r.output);
});

test("madge: no import cycles in src/", () => {
  const r = run("madge", ["--circular", "--no-spinner", "--no-color", "src"]);
  assert.equal(r.status, 0, r.output);
  assert.match(r.output, /No circular dependency found/);
});

test("dependency-cruiser: no provider folder imports another's internals; app.ts only composes", () => {
  const r = run("depcruise", ["src", "--config", ".dependency-cruiser.cjs", "--progress", "none"]);
  assert.equal(r.status, 0, r.output);
  assert.match(r.output, /no dependency violations found/);
});

test("knip: no unused files, exports or dependencies", () => {
  const r = run("knip", ["--no-config-hints", "--no-progress"]);
  assert.equal(r.status, 0, r.output);
});
