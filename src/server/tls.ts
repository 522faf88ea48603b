/**
 * TLS material for the emulator: a local CA (kept for good) and a server leaf certificate signed by it.
 *
 * Files in the TLS dir (created 0700):
 *   ca.pem          CA certificate (0644)     ca-key.pem      CA private key, PKCS#8 (0600)
 *   server.pem      leaf certificate (0644)   server-key.pem  leaf private key, PKCS#8 (0600)
 *   ca-bundle.pem   system CAs + our CA (0644, only written by writeCaBundle)
 *
 * Reusing existing files only costs node:crypto parsing; `@peculiar/x509` is imported lazily, only when a
 * certificate has to be generated.
 *
 * Concurrency: several processes may call ensureTlsMaterial on the same dir at once (tests, instances
 * sharing `--tls-dir`). Every file is written to a unique temp name and renamed into place, and each
 * generation step (CA, leaf) runs under an exclusive-create lock file (`ca.lock`, `server.lock`) and
 * re-checks the files once the lock is held, so the CA is generated at most once and the key/cert pairs
 * always match. Readers that find a leaf whose key does not match its certificate (a rename in between)
 * fall back to the locked path.
 */
import { X509Certificate, createPrivateKey, createPublicKey, randomBytes, webcrypto } from "node:crypto";
import type { webcrypto as WebCrypto } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir, open, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { isIP } from "node:net";
import { join } from "node:path";
import { rootCertificates } from "node:tls";
import { EC_KEY, EC_SIGN, loadX509 } from "../util/x509.js";

export interface TlsMaterial {
  dir: string;
  /** Absolute-or-as-given path of ca.pem: what NODE_EXTRA_CA_CERTS should point at. */
  caPath: string;
  caCertPem: string;
  certPem: string;
  keyPem: string;
}

export const CA_CERT_FILE = "ca.pem";
export const CA_KEY_FILE = "ca-key.pem";
export const SERVER_CERT_FILE = "server.pem";
export const SERVER_KEY_FILE = "server-key.pem";
export const CA_BUNDLE_FILE = "ca-bundle.pem";

/** Names always present in the leaf. */
const BASE_DNS = ["localhost"];
const BASE_IPS = ["127.0.0.1", "::1"];

const DAY_MS = 24 * 60 * 60 * 1000;
const CA_VALIDITY_MS = 10 * 365 * DAY_MS;
/** ~2 years: under the 825-day ceiling some TLS stacks (Apple) enforce for server certs. */
const LEAF_VALIDITY_MS = 730 * DAY_MS;
/** Regenerate the leaf when it expires within this window. */
const LEAF_RENEW_BEFORE_MS = 7 * DAY_MS;
/** notBefore is back-dated a little so a slightly skewed client clock still accepts a fresh cert. */
const BACKDATE_MS = 60 * 60 * 1000;

const LOCK_STALE_MS = 30_000;
const LOCK_WAIT_MS = 60_000;

// ---------------------------------------------------------------------------------------------------------
// public API

export async function ensureTlsMaterial(dir: string, extraHosts: string[] = []): Promise<TlsMaterial> {
  await ensureDir(dir);
  const wanted = normalizeHosts(extraHosts);

  let ca = await readCa(dir);
  if (ca === undefined) {
    ca = await withLock(dir, "ca.lock", async () => (await readCa(dir)) ?? (await generateCa(dir)));
  }

  let leaf = await readLeaf(dir);
  if (leaf === undefined || !leafIsGood(leaf, ca, wanted)) {
    const caNow = ca;
    leaf = await withLock(dir, "server.lock", async () => {
      const again = await readLeaf(dir);
      if (again !== undefined && leafIsGood(again, caNow, wanted)) return again;
      // Keep the names an earlier (other) instance asked for, so two instances sharing the dir with
      // different extra hosts don't replace each other's leaf on every start.
      const hosts = new Set(wanted);
      if (again !== undefined && sameIssuer(again.x509, caNow.x509)) {
        for (const h of sanNames(again.x509)) hosts.add(h);
      }
      return generateLeaf(dir, caNow, [...hosts]);
    });
  }

  return {
    dir,
    caPath: join(dir, CA_CERT_FILE),
    caCertPem: ca.certPem,
    certPem: leaf.certPem,
    keyPem: leaf.keyPem,
  };
}

/**
 * The system CA bundle followed by our CA, for tools whose CA variable *replaces* the system store
 * (Python requests' REQUESTS_CA_BUNDLE, OpenSSL's SSL_CERT_FILE).
 */
export function bundleWithSystemCas(caPem: string): string {
  const systemBundle = "/etc/ssl/certs/ca-certificates.crt";
  let system: string;
  if (existsSync(systemBundle)) {
    system = readFileSync(systemBundle, "utf8");
  } else {
    system = rootCertificates.join("\n");
  }
  const sep = system.length === 0 || system.endsWith("\n") ? "" : "\n";
  const ours = caPem.endsWith("\n") ? caPem : `${caPem}\n`;
  return `${system}${sep}# aks-emulator local CA\n${ours}`;
}

/** Writes `ca-bundle.pem` (system CAs + the CA in `dir`) into `dir` and returns its path. */
export async function writeCaBundle(dir: string): Promise<string> {
  const caPem = await readFile(join(dir, CA_CERT_FILE), "utf8");
  const path = join(dir, CA_BUNDLE_FILE);
  await writeAtomic(path, bundleWithSystemCas(caPem), 0o644);
  return path;
}

// ---------------------------------------------------------------------------------------------------------
// reading and checking

interface LoadedCa {
  certPem: string;
  x509: X509Certificate;
}

interface LoadedLeaf {
  certPem: string;
  keyPem: string;
  x509: X509Certificate;
}

async function readCa(dir: string): Promise<LoadedCa | undefined> {
  // The CA writer renames the key first and the certificate last, so a present ca.pem means a complete CA.
  const certPem = await readIfExists(join(dir, CA_CERT_FILE));
  if (certPem === undefined) return undefined;
  return { certPem, x509: new X509Certificate(certPem) };
}

async function readLeaf(dir: string): Promise<LoadedLeaf | undefined> {
  const [certPem, keyPem] = await Promise.all([readIfExists(join(dir, SERVER_CERT_FILE)), readIfExists(join(dir, SERVER_KEY_FILE))]);
  if (certPem === undefined || keyPem === undefined) return undefined;
  try {
    return { certPem, keyPem, x509: new X509Certificate(certPem) };
  } catch {
    return undefined; // unreadable: regenerate
  }
}

function leafIsGood(leaf: LoadedLeaf, ca: LoadedCa, extraHosts: string[]): boolean {
  const now = Date.now();
  const x = leaf.x509;
  const notAfter = Date.parse(x.validTo);
  const notBefore = Date.parse(x.validFrom);
  if (!(notAfter - now > LEAF_RENEW_BEFORE_MS) || !(notBefore <= now)) return false;
  for (const h of [...BASE_DNS, ...BASE_IPS, ...extraHosts]) {
    if (!hasName(x, h)) return false;
  }
  if (!sameIssuer(x, ca.x509)) return false;
  // The key must belong to the certificate (guards against reading between two renames).
  try {
    const fromKey = createPublicKey(createPrivateKey(leaf.keyPem)).export({ type: "spki", format: "der" });
    const fromCert = x.publicKey.export({ type: "spki", format: "der" });
    if (!fromKey.equals(fromCert)) return false;
  } catch {
    return false;
  }
  return true;
}

function sameIssuer(leaf: X509Certificate, ca: X509Certificate): boolean {
  try {
    return leaf.checkIssued(ca) && leaf.verify(ca.publicKey);
  } catch {
    return false;
  }
}

function hasName(x: X509Certificate, host: string): boolean {
  // Exact SAN match (checkHost would also accept wildcards, which we never issue).
  const names = sanNames(x);
  return names.includes(host.toLowerCase());
}

/** SAN entries of a certificate as plain strings (DNS names lower-cased, IPs in canonical text form). */
function sanNames(x: X509Certificate): string[] {
  const san = x.subjectAltName;
  if (!san) return [];
  const out: string[] = [];
  for (const part of san.split(/,\s*/)) {
    const m = /^(DNS|IP Address):(.*)$/.exec(part.trim());
    if (!m) continue;
    const value = m[2]!.trim();
    out.push(m[1] === "DNS" ? value.toLowerCase() : canonicalIp(value));
  }
  return out;
}

function canonicalIp(ip: string): string {
  // A colon means IPv6 here (SAN entries and hosts are IPs already). Not net.isIP: the first IPv6
  // test compiles its pattern, about 5 ms of every start.
  if (!ip.includes(":")) return ip;
  // Node prints ::1 as "0:0:0:0:0:0:0:1"; compare through the URL parser's canonical form.
  try {
    return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return ip.toLowerCase();
  }
}

function normalizeHosts(hosts: string[]): string[] {
  const out = new Set<string>();
  for (const raw of hosts) {
    const h = raw.trim().replace(/^\[(.*)\]$/, "$1");
    if (!h) continue;
    out.add(isIP(h) ? canonicalIp(h) : h.toLowerCase());
  }
  return [...out];
}

// ---------------------------------------------------------------------------------------------------------
// generation (@peculiar/x509 is loaded on first use, src/util/x509.ts)

/** A positive serial number (high bit clear), 16 bytes. */
function serialHex(): string {
  const b = randomBytes(16);
  b[0] = (b[0]! & 0x7f) | 0x01;
  return b.toString("hex");
}

async function exportPkcs8Pem(key: WebCrypto.CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", key));
  return createPrivateKey({ key: der, format: "der", type: "pkcs8" }).export({ type: "pkcs8", format: "pem" }).toString();
}

async function generateCa(dir: string): Promise<LoadedCa> {
  const x509 = await loadX509();
  const keys = (await webcrypto.subtle.generateKey(EC_KEY, true, ["sign", "verify"])) as WebCrypto.CryptoKeyPair;
  const id = randomBytes(4).toString("hex");
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialHex(),
    name: `CN=aks-emulator local CA ${id}, O=aks-emulator`,
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: new Date(now + CA_VALIDITY_MS),
    keys,
    signingAlgorithm: EC_SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const certPem = cert.toString("pem") + "\n";
  const keyPem = await exportPkcs8Pem(keys.privateKey);
  // Key first, certificate last: readers treat ca.pem as "the CA is complete".
  await writeAtomic(join(dir, CA_KEY_FILE), keyPem, 0o600);
  await writeAtomic(join(dir, CA_CERT_FILE), certPem, 0o644);
  return { certPem, x509: new X509Certificate(certPem) };
}

async function generateLeaf(dir: string, ca: LoadedCa, extraHosts: string[]): Promise<LoadedLeaf> {
  const caKeyPem = await readIfExists(join(dir, CA_KEY_FILE));
  if (caKeyPem === undefined) {
    throw new Error(
      `cannot issue a server certificate: ${join(dir, CA_KEY_FILE)} is missing while ${CA_CERT_FILE} exists ` +
        `(the CA is never regenerated automatically; delete ${CA_CERT_FILE} too to start over with a new CA)`,
    );
  }
  const x509 = await loadX509();
  const caKeyDer = createPrivateKey(caKeyPem).export({ type: "pkcs8", format: "der" });
  const caKey = await webcrypto.subtle.importKey("pkcs8", caKeyDer, EC_KEY, false, ["sign"]);
  const caCert = new x509.X509Certificate(ca.certPem);
  const keys = (await webcrypto.subtle.generateKey(EC_KEY, true, ["sign", "verify"])) as WebCrypto.CryptoKeyPair;

  const dns = new Set<string>(BASE_DNS);
  const ips = new Set<string>(BASE_IPS);
  for (const h of extraHosts) (isIP(h) ? ips : dns).add(h);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialHex(),
    subject: "CN=localhost, O=aks-emulator",
    issuer: caCert.subject,
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: new Date(Math.min(now + LEAF_VALIDITY_MS, caCert.notAfter.getTime())),
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm: EC_SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension(
        [...[...dns].map((value) => ({ type: "dns" as const, value })), ...[...ips].map((value) => ({ type: "ip" as const, value }))],
        false,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCert, false),
    ],
  });
  const certPem = cert.toString("pem") + "\n";
  const keyPem = await exportPkcs8Pem(keys.privateKey);
  await writeAtomic(join(dir, SERVER_KEY_FILE), keyPem, 0o600);
  await writeAtomic(join(dir, SERVER_CERT_FILE), certPem, 0o644);
  return { certPem, keyPem, x509: new X509Certificate(certPem) };
}

// ---------------------------------------------------------------------------------------------------------
// files and locks

async function ensureDir(dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode is filtered by the umask; make the leaf directory we created exactly 0700.
  if (created !== undefined) await chmod(dir, 0o700);
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

/** Write to a unique temp file with the final mode, then rename over `path` (atomic on POSIX). */
export async function writeAtomic(path: string, data: string, mode: number): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(tmp, data, { mode, flag: "wx" });
    await chmod(tmp, mode); // not subject to the umask
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/**
 * Runs `fn` while holding `<dir>/<name>`, created with O_EXCL. A lock older than LOCK_STALE_MS (its
 * holder died mid-generation, which takes milliseconds) is removed.
 */
async function withLock<T>(dir: string, name: string, fn: () => Promise<T>): Promise<T> {
  const lockPath = join(dir, name);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const fh = await open(lockPath, "wx", 0o600);
      try {
        await fh.writeFile(`${process.pid}\n`);
      } finally {
        await fh.close();
      }
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const st = await stat(lockPath).catch(() => undefined);
      if (st !== undefined && Date.now() - st.mtimeMs > LOCK_STALE_MS) {
        await unlink(lockPath).catch(() => undefined);
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for lock ${lockPath}`);
      await new Promise((r) => setTimeout(r, 20 + Math.floor(Math.random() * 20)));
    }
  }
  try {
    return await fn();
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}
