import assert from "node:assert/strict";
import { join } from "node:path";
import { CLI_MAIN, makeTempDir, runCli, type ChildEmulator } from "./child.js";
import { runShell, sh, type NetworkGuard, type ShellResult } from "./clients.js";

/** `export NAME='value'` lines of `env --az` -> map; the other lines are az commands. */
export function exportsOf(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^export ([A-Z_][A-Z0-9_]*)=(?:'((?:[^']|'\\'')*)'|(\S*))$/gm)) {
    out[m[1]!] = m[2] !== undefined ? m[2].replace(/'\\''/g, "'") : m[3]!;
  }
  return out;
}

/** A shell result, for assertion messages. */
export function output(r: ShellResult): string {
  return `exit ${r.code} (${r.signal ?? "no signal"}) after ${r.ms} ms\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
}

export interface AzSession {
  home: string;
  /** One az command in the shell `env --az` set up. */
  az(...args: string[]): Promise<ShellResult>;
}

/**
 * Debian's az 2.45 set up for an emulator as the README says (`eval "$(aks-emulator env --az)"`), in a
 * fresh HOME and config dir, every command behind the network guard's proxy variables.
 */
export async function azSession(child: ChildEmulator, guard: NetworkGuard, timeoutMs: number): Promise<AzSession> {
  const home = await makeTempDir("aks-emu-az-");
  const env = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: home, AZURE_CONFIG_DIR: join(home, "azure-config"), ...guard.env };
  const setup = await runShell(`eval "$(node ${sh(CLI_MAIN)} env --az --data-dir ${sh(child.dataDir)})"`, { env, cwd: home, timeoutMs: 3 * timeoutMs });
  assert.equal(setup.code, 0, output(setup));
  const printed = await runCli(["env", "--az", "--data-dir", child.dataDir], { env: { AZURE_CONFIG_DIR: env.AZURE_CONFIG_DIR } });
  assert.equal(printed.code, 0, printed.stderr);
  const exports = exportsOf(printed.stdout);
  return {
    home,
    az: (...args: string[]) => runShell(`exec az ${args.map(sh).join(" ")}`, { env: { ...env, ...exports }, cwd: home, timeoutMs }),
  };
}
