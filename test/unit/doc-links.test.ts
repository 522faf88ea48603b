import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { REPO_ROOT } from "../support/child.js";

/**
 * Issue #21: every link in README.md and docs/*.md points at a file the repository has (tracked by
 * git, so a clone has it too: not dist/, not a file beside the clone), and an anchor at a heading of
 * that file. Links to web pages are not followed (the tests run offline); the README has none.
 */

const root = resolve(REPO_ROOT);
const pages = [
  "README.md",
  ...readdirSync(join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

/** Files git tracks, plus those added but not committed yet (`--others --exclude-standard`): what a clone of this tree has. */
function repositoryFiles(): Set<string> {
  const out = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" });
  return new Set(out.split("\n").filter((l) => l !== ""));
}

/** Markdown text without fenced code blocks and inline code (links there are not links). */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```$/gm, "").replace(/`[^`\n]*`/g, "");
}

/** GitHub's anchors of a page's headings (lower case, punctuation dropped, spaces to hyphens, repeats numbered). */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of markdown.replace(/^```[\s\S]*?^```$/gm, "").matchAll(/^#{1,6} (.+)$/gm)) {
    const base = m[1]!
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

test("every link in README.md and docs/*.md points at a file of the repository (and a heading of it)", () => {
  const files = repositoryFiles();
  const broken: string[] = [];
  let checked = 0;
  for (const page of pages) {
    const text = readFileSync(join(root, page), "utf8");
    for (const m of prose(text).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)|^\[[^\]]+\]:\s*(\S+)/gm)) {
      const target = (m[1] ?? m[2])!;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
        if (page === "README.md") broken.push(`${page}: ${target} leaves the repository (the README links only to its own files)`);
        continue;
      }
      checked++;
      const [path, anchor] = target.split("#") as [string, string | undefined];
      const file = path === "" ? page : relative(root, resolve(root, dirname(page), decodeURIComponent(path)));
      if (file.startsWith("..")) {
        broken.push(`${page}: ${target} points outside the repository`);
        continue;
      }
      const isDir = [...files].some((f) => f.startsWith(`${file}/`));
      if (!files.has(file) && !isDir) {
        broken.push(`${page}: ${target} (${file}) is not a file of the repository`);
        continue;
      }
      if (anchor !== undefined && file.endsWith(".md") && !anchors(readFileSync(join(root, file), "utf8")).has(anchor)) {
        broken.push(`${page}: ${target} names no heading of ${file}`);
      }
    }
  }
  assert.deepEqual(broken, []);
  assert.ok(checked >= 10, `links checked: ${checked}`);
});

test("the link checker sees a broken link, one leaving the repository and a wrong anchor", () => {
  const text = "[a](docs/nope.md) [b](../outside/NOTES.md) [c](docs/clients.md#no-such-heading) `[d](not/a/link.md)`";
  const targets = [...prose(text).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  assert.deepEqual(targets, ["docs/nope.md", "../outside/NOTES.md", "docs/clients.md#no-such-heading"]);
  assert.ok(!repositoryFiles().has("docs/nope.md"));
  assert.ok(relative(root, resolve(root, "../outside/NOTES.md")).startsWith(".."));
  assert.ok(!anchors(readFileSync(join(root, "docs/clients.md"), "utf8")).has("no-such-heading"));
  assert.ok(anchors(readFileSync(join(root, "docs/clients.md"), "utf8")).has("the-azure-cli"));
});
