import { existsSync, readdirSync, rmSync, type Dirent } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * What a start may create on disk (the data dir, and a `--tls-dir` of its own), noted before it
 * begins so that a start that fails (a port in use, an unreachable database) can take back what it
 * made and leave the directories as they were. A directory that already existed keeps every file it
 * had; only files and directories that appeared are removed. A `--tls-dir` that existed is left
 * alone even then: instances share it, and another may be writing it.
 */
export function filesBefore(dataDir: string, tlsDir: string | undefined): { removeNew(): void } {
  const data = resolve(dataDir);
  const dataCreated = firstMissing(data);
  const before = dataCreated === undefined ? listAll(data) : new Set<string>();
  const tls = tlsDir === undefined ? undefined : firstMissing(resolve(tlsDir));
  return {
    removeNew() {
      try {
        if (tls !== undefined) rmSync(tls, { recursive: true, force: true });
        if (dataCreated !== undefined) {
          rmSync(dataCreated, { recursive: true, force: true });
          return;
        }
        // Deepest first, so that a new directory is removed whole.
        for (const path of [...listAll(data)].reverse()) {
          if (!before.has(path)) rmSync(path, { recursive: true, force: true });
        }
      } catch {
        // Best effort: the start's own error is what the user needs to see.
      }
    },
  };
}

/** The outermost directory on the way to `path` that does not exist yet (undefined: `path` exists). */
function firstMissing(path: string): string | undefined {
  let missing: string | undefined;
  for (let p = path; !existsSync(p); p = dirname(p)) {
    missing = p;
    if (dirname(p) === p) break;
  }
  return missing;
}

/** Every file and directory under `dir`, parents before their children. */
function listAll(dir: string): Set<string> {
  const out = new Set<string>();
  const walk = (d: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      out.add(p);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}
