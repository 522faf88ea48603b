import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

/** Every fidelity citation (docs/fidelity.md + a quoted row title) in the code and tests names a row that exists. */
const root = resolve(import.meta.dirname, "../../..");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === "node_modules" ? [] : files(p);
    return /\.(ts|py|mjs)$/.test(f) ? [p] : [];
  });
}

test("every cited fidelity row exists in docs/fidelity.md", () => {
  const doc = readFileSync(join(root, "docs/fidelity.md"), "utf8");
  const titles = new Set([...doc.matchAll(/^\| ([^|]+?) \|/gm)].map((m) => m[1]!.trim()));
  const cited = new Map<string, string>();
  for (const f of [...files(join(root, "src")), ...files(join(root, "test"))]) {
    // A citation may wrap onto the next comment line: join the title's words.
    for (const m of readFileSync(f, "utf8").matchAll(/docs\/fidelity\.md "([^"]+)"/g)) cited.set(m[1]!.replace(/\s*\n\s*(\*|\/\/|#)?\s*/g, " "), f);
  }
  assert.ok(cited.size > 20, `only ${cited.size} citations found`);
  const missing = [...cited].filter(([t]) => !titles.has(t)).map(([t, f]) => `${t} (${f})`);
  assert.deepEqual(missing, []);
});
