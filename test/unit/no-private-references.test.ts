import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * The repository cites public sources (URLs, Azure/azure-rest-api-specs paths, issues) or files under
 * docs/, never reference files that live outside it (a user's clone does not have them). And every
 * citation of docs/sources.md names one of its sections.
 */
const root = resolve(import.meta.dirname, "../../..");

/** Files tracked by git, without the official definitions (spec/) and the JSON data of test/fixtures/. */
function trackedFiles(): string[] {
  return execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" })
    .split("\0")
    .filter((p) => p !== "" && !p.startsWith("spec/") && !(p.startsWith("test/fixtures/") && p.endsWith(".json")));
}

// Built from parts so that this file does not name them itself.
const FORBIDDEN = [
  ["..", "/shared"],
  ["shared", "/reference"],
  ["aks-behavior", ".md"],
  ["real-aks-traffic", ".md"],
  ["client-compatibility", ".md"],
  ["recordings", " §"],
].map((parts) => parts.join(""));

test("no tracked file cites the private reference files", () => {
  const files = trackedFiles();
  assert.ok(files.length > 100, `only ${files.length} tracked files found`);
  const hits: string[] = [];
  for (const f of files) {
    const lines = readFileSync(join(root, f), "utf8").split("\n");
    lines.forEach((line, i) => {
      for (const s of FORBIDDEN) if (line.includes(s)) hits.push(`${f}:${i + 1}: ${s}`);
    });
  }
  assert.deepEqual(hits, [], 'cite the public source or a section of docs/sources.md (docs/sources.md "<heading>") instead');
});

test('every docs/sources.md "<heading>" citation names a section of docs/sources.md', () => {
  const doc = readFileSync(join(root, "docs/sources.md"), "utf8");
  const headings = new Set([...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]!.trim()));
  assert.ok(headings.size > 20, `only ${headings.size} sections in docs/sources.md`);
  const missing: string[] = [];
  let cited = 0;
  for (const f of trackedFiles()) {
    // Quotes may be escaped (inside string literals); a heading may carry a note in parentheses; a list
    // may wrap onto the next comment line.
    const text = readFileSync(join(root, f), "utf8").replace(/\\(["'])/g, "$1");
    for (const m of text.matchAll(/docs\/sources\.md ("[^"\n]+"(?: \([^)\n]*\))?(?:,\s*(?:\*\s*|\/\/\s*)?"[^"\n]+"(?: \([^)\n]*\))?)*)/g)) {
      for (const [, heading] of m[1]!.replace(/ \([^)\n]*\)/g, "").matchAll(/"([^"\n]+)"/g)) {
        if (heading!.startsWith("<")) continue; // a placeholder in a format description
        cited++;
        if (!headings.has(heading!)) missing.push(`${f}: "${heading}"`);
      }
    }
  }
  assert.ok(cited > 50, `only ${cited} citations found`);
  assert.deepEqual(missing, []);
});
