import { isIP } from "node:net";

/**
 * Where the emulator may listen. Loopback by default: on any other address it would expose a
 * managed-identity endpoint (whose legacy form carries no secret) and a server signed by a CA
 * that the user's machine trusts. Binding elsewhere needs `--allow-non-loopback` and prints a
 * warning.
 */
export function isLoopbackHost(host: string): boolean {
  if (host === "localhost") return true;
  const h = host.replace(/^\[|\]$/g, "");
  if (isIP(h) === 4) return h.startsWith("127.");
  if (isIP(h) === 6) return h === "::1";
  return false;
}

export type BindDecision = { ok: true; warning?: string } | { ok: false; error: string };

export function bindDecision(host: string, allowNonLoopback: boolean): BindDecision {
  if (isLoopbackHost(host)) return { ok: true };
  if (!allowNonLoopback) {
    return {
      ok: false,
      error: `refusing to bind '${host}': aks-emulator listens on loopback addresses only (127.0.0.0/8, ::1, localhost). Pass --allow-non-loopback to bind it anyway.`,
    };
  }
  return {
    ok: true,
    warning: `warning: binding '${host}', which is not a loopback address: other machines that reach it can get tokens from the legacy identity endpoint (no secret) and use the emulator. Use it only on a network you trust.`,
  };
}
