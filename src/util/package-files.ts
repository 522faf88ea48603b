import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

/**
 * A file of the installed package, by its path from the package's root (`package.json`,
 * `dist/src/...`). Found by walking up from this module to the directory holding package.json, so
 * the path is the same from the compiled modules (dist/src/...) and from the command line's bundle
 * (dist/src/cli/main.js and its chunks, scripts/bundle.mjs), where a module no longer sits where
 * its source did and `new URL("./x", import.meta.url)` would name another directory.
 */
export function packageFile(...segments: string[]): string {
  if (root === undefined) {
    const start = dirname(fileURLToPath(import.meta.url));
    let dir = start;
    while (!existsSync(join(dir, "package.json"))) {
      const up = dirname(dir);
      if (up === dir) throw new Error(`aks-emulator: no package.json in ${start} or above it`);
      dir = up;
    }
    root = dir;
  }
  return join(root, ...segments);
}
