import { createECDH, createPrivateKey, createHash, webcrypto, type webcrypto as WebCrypto } from "node:crypto";
import type { IdGenerator } from "../../util/ids.js";
import { EC_KEY, EC_SIGN, loadX509 } from "../../util/x509.js";

/**
 * The X.509 material of a cluster's kubeconfigs: a CA per cluster and client certificates signed by
 * it, EC P-256 keys derived from the instance seed, the cluster and its certificate rotation (so
 * `--seed` gives the same keys), made on the first credential request (credentials.ts) and kept in
 * the store until a rotation replaces them. Loaded with that first request: it loads @peculiar/x509.
 *
 * Subjects follow AKS's (docs/sources.md "Kubeconfig certificates"): the CA `CN=ca`, the admin and
 * user clients `O=system:masters` with `CN=masterclient` / `CN=client`, the monitoring user
 * `CN=clustermonitoringuser`. The CA is valid 30 years and the clients 2 years, as AKS's.
 */

export type CredentialRole = "user" | "admin" | "monitoring";

export interface ClusterCredentialMaterial {
  caCertPem: string;
  clients: Record<CredentialRole, { certPem: string; keyPem: string }>;
}

/** The order of P-256: a private scalar is in [1, n-1]. */
const P256_ORDER = BigInt("0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
const YEAR_MS = 365 * 24 * 3600 * 1000;

const SUBJECTS: Record<CredentialRole, string> = {
  admin: "CN=masterclient, O=system:masters",
  user: "CN=client, O=system:masters",
  monitoring: "CN=clustermonitoringuser",
};

const b64url = (b: Buffer): string => b.toString("base64url");

/** An EC P-256 key pair whose private scalar derives from the seed and `parts`. */
async function derivedKeyPair(ids: IdGenerator, parts: (string | number)[]): Promise<{ keys: WebCrypto.CryptoKeyPair; keyPem: string }> {
  let d = Buffer.from(ids.hex(64, "kubeconfig-key", ...parts), "hex");
  // A scalar outside [1, n-1] (about one in 2^32) is hashed again.
  while (BigInt(`0x${d.toString("hex")}`) >= P256_ORDER || d.every((x) => x === 0)) d = createHash("sha256").update(d).digest();
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(d);
  const point = ecdh.getPublicKey();
  const jwk = { kty: "EC", crv: "P-256", x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33, 65)) };
  const privateKey = await webcrypto.subtle.importKey("jwk", { ...jwk, d: b64url(d) }, EC_KEY, true, ["sign"]);
  const publicKey = await webcrypto.subtle.importKey("jwk", jwk, EC_KEY, true, ["verify"]);
  const keyPem = createPrivateKey({ key: { ...jwk, d: b64url(d) }, format: "jwk" })
    .export({ type: "sec1", format: "pem" })
    .toString();
  return { keys: { privateKey, publicKey }, keyPem };
}

/** A positive 16-byte serial number derived from the seed. */
function serial(ids: IdGenerator, parts: (string | number)[]): string {
  const b = Buffer.from(ids.hex(32, "kubeconfig-serial", ...parts), "hex");
  b[0] = (b[0]! & 0x7f) | 0x01;
  return b.toString("hex");
}

/** The cluster's CA and its client certificates, at rotation `rotation` (0 until the first rotation). */
export async function makeClusterCredentials(ids: IdGenerator, clusterKey: string, rotation: number, now: number): Promise<ClusterCredentialMaterial> {
  const x509 = await loadX509();
  const notBefore = new Date(now - 60_000);
  const ca = await derivedKeyPair(ids, [clusterKey, rotation, "ca"]);
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(ids, [clusterKey, rotation, "ca"]),
    name: "CN=ca",
    notBefore,
    notAfter: new Date(now + 30 * YEAR_MS),
    keys: ca.keys,
    signingAlgorithm: EC_SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(ca.keys.publicKey),
    ],
  });
  const clients = {} as ClusterCredentialMaterial["clients"];
  for (const role of ["user", "admin", "monitoring"] as const) {
    const pair = await derivedKeyPair(ids, [clusterKey, rotation, role]);
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial(ids, [clusterKey, rotation, role]),
      subject: SUBJECTS[role],
      issuer: caCert.subject,
      notBefore,
      notAfter: new Date(now + 2 * YEAR_MS),
      publicKey: pair.keys.publicKey,
      signingKey: ca.keys.privateKey,
      signingAlgorithm: EC_SIGN,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth], false),
        await x509.AuthorityKeyIdentifierExtension.create(caCert, false),
      ],
    });
    clients[role] = { certPem: `${cert.toString("pem")}\n`, keyPem: pair.keyPem };
  }
  return { caCertPem: `${caCert.toString("pem")}\n`, clients };
}
