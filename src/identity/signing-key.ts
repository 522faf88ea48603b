/**
 * The key that signs (and verifies) the emulator's access tokens: ES256 (ECDSA P-256), stored as
 * `token-signing-key.pem` (PKCS#8, 0600) in the TLS dir, next to the CA. Instances sharing `--tls-dir`
 * therefore accept each other's tokens.
 *
 * Concurrency: a new key is written to a unique temp file and published with `link()`, which fails with
 * EEXIST when another process got there first; the loser then loads the winner's key. A reader never sees
 * a half-written file (link makes a complete file appear at once).
 */
import { type KeyObject, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from "node:crypto";
import type { webcrypto } from "node:crypto";
import { chmod, link, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";

const SIGNING_KEY_FILE = "token-signing-key.pem";

export interface SigningKey {
  privateKey: KeyObject | webcrypto.CryptoKey;
  publicKey: KeyObject | webcrypto.CryptoKey;
  /** RFC 7638 JWK thumbprint (SHA-256, base64url) of the public key: stable for the key's lifetime. */
  kid: string;
}

export async function ensureSigningKey(dir: string): Promise<SigningKey> {
  const created = await mkdir(dir, { recursive: true, mode: 0o700 });
  if (created !== undefined) await chmod(dir, 0o700);
  const path = join(dir, SIGNING_KEY_FILE);

  let pem = await readIfExists(path);
  if (pem === undefined) {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const newPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const tmp = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    await writeFile(tmp, newPem, { mode: 0o600, flag: "wx" });
    try {
      await chmod(tmp, 0o600);
      await link(tmp, path); // exclusive: EEXIST if another process published first
      pem = newPem;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      pem = await readFile(path, "utf8");
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }
  return signingKeyFromPem(pem);
}

/** Builds a SigningKey from a PKCS#8 (or SEC1) EC P-256 private key PEM. */
export function signingKeyFromPem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== "ec" || privateKey.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
    throw new Error("token signing key must be an EC P-256 key (ES256)");
  }
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, kid: jwkThumbprint(publicKey) };
}

/** RFC 7638 thumbprint of an EC public key: SHA-256 over {"crv","kty","x","y"} in that order. */
function jwkThumbprint(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: "jwk" });
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash("sha256").update(canonical).digest("base64url");
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}
