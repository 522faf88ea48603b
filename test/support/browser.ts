import { existsSync } from "node:fs";
import { debianClientGate } from "./clients.js";

/**
 * A real browser for the dashboard's tests: Debian's Chromium (`/usr/bin/chromium`, package `chromium`)
 * driven by playwright-core, which downloads no browser of its own. Outside CI a missing Chromium
 * skips the suite with the install command; under CI=true it fails (debianClientGate).
 */

export const CHROMIUM_PATH = "/usr/bin/chromium";

export function chromiumGate(): { skip: string | false } {
  const gate = debianClientGate("chromium");
  if (gate.skip === false && !existsSync(CHROMIUM_PATH)) return { skip: `${CHROMIUM_PATH} is missing although the chromium package is installed` };
  return gate;
}

/** Chromium's flags: no sandbox as root (it refuses to start otherwise), `extra` beside. */
export function chromiumArgs(extra: string[] = []): string[] {
  return [...(process.getuid?.() === 0 ? ["--no-sandbox"] : []), "--disable-dev-shm-usage", ...extra];
}
