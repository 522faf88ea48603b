import { isIP } from "node:net";

/**
 * The emulator binds loopback only. Any other address would expose an unauthenticated
 * identity endpoint and a CA-signed server to the network; that needs an explicit opt-in,
 * which a later change adds with a warning.
 */
export function isLoopbackHost(host: string): boolean {
  if (host === "localhost") return true;
  const h = host.replace(/^\[|\]$/g, "");
  if (isIP(h) === 4) return h.startsWith("127.");
  if (isIP(h) === 6) return h === "::1";
  return false;
}

export function assertBindable(host: string): void {
  if (!isLoopbackHost(host)) {
    throw new Error(`refusing to bind '${host}': aks-emulator listens on loopback addresses only (127.0.0.0/8, ::1, localhost).`);
  }
}
