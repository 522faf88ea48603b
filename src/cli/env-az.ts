import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";

/**
 * What `env --az` writes into az's config directory ($AZURE_CONFIG_DIR, else ~/.azure) so that az
 * looks for nothing online: a `versionCheck.json` naming the installed versions. Without it, az's
 * first command in a fresh config dir asks azure.microsoft.com and GitHub for a newer az (its
 * update check; docs/sources.md "Azure CLI 2.45 custom cloud"); with it, az compares its versions
 * with the file and stays quiet until az itself is upgraded. A file the user already has is never
 * touched (created exclusively), and without az on the PATH nothing is written.
 */
export function seedAzConfigDir(env: NodeJS.ProcessEnv = process.env): void {
  const dir = env["AZURE_CONFIG_DIR"] || join(homedir(), ".azure");
  const file = join(dir, "versionCheck.json");
  if (existsSync(file)) return;
  const python = azPython(env);
  if (python === undefined) return;
  const r = spawnSync(python, ["-c", "import json; from azure.cli.core.util import _get_local_versions; print(json.dumps(_get_local_versions()))"], {
    encoding: "utf8",
    timeout: 30_000,
    env: { ...env, PYTHONNOUSERSITE: "1" },
  });
  let versions: unknown;
  try {
    versions = JSON.parse(r.stdout);
  } catch {
    return;
  }
  if (versions === null || typeof versions !== "object" || Object.keys(versions).length === 0) return;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const fd = openSync(file, "wx", 0o600);
    try {
      writeSync(fd, JSON.stringify({ versions, update_time: pythonNow() }));
    } finally {
      closeSync(fd);
    }
  } catch {
    // Someone wrote it meanwhile, or the dir is not writable: az then checks as it always does.
  }
}

/** The Python that runs the `az` found on the PATH: its `#!` line (Debian's azure-cli), else python3. */
function azPython(env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env["PATH"] ?? "").split(delimiter)) {
    if (dir === "") continue;
    const az = join(dir, "az");
    if (!existsSync(az)) continue;
    let head = "";
    try {
      head = readFileSync(az, "utf8").slice(0, 4096);
    } catch {
      return undefined;
    }
    const shebang = /^#!\s*(\S*python[0-9.]*)\s*$/m.exec(head.split("\n")[0] ?? "");
    if (shebang) return shebang[1];
    // Microsoft's packages: a shell script that runs its own Python with `-Im azure.cli`.
    const bundled = /(\/\S*?\/bin\/python[0-9.]*)"?\s+-Im azure\.cli/.exec(head);
    return bundled?.[1] ?? "python3";
  }
  return undefined;
}

/** Now as Python's `str(datetime.now())` writes it (local time), the form az reads back. */
function pythonNow(): string {
  const d = new Date();
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds() * 1000, 6)}`;
}
