import { webcrypto } from "node:crypto";

type X509Module = typeof import("@peculiar/x509");
let x509Promise: Promise<X509Module> | undefined;

/**
 * `@peculiar/x509` on Node's WebCrypto, loaded on first use: the server's certificates and the
 * clusters' kubeconfig certificates need it, starting the emulator does not.
 */
export function loadX509(): Promise<X509Module> {
  x509Promise ??= (async () => {
    await import("reflect-metadata");
    const x509 = await import("@peculiar/x509");
    x509.cryptoProvider.set(webcrypto as unknown as Parameters<X509Module["cryptoProvider"]["set"]>[0]);
    return x509;
  })();
  return x509Promise;
}

/** P-256 keys signing with SHA-256: every certificate the emulator makes. */
export const EC_KEY = { name: "ECDSA", namedCurve: "P-256" } as const;
export const EC_SIGN = { name: "ECDSA", hash: "SHA-256" } as const;
