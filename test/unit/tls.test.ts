import "reflect-metadata";
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { X509Certificate, createPrivateKey, webcrypto } from "node:crypto";
import { mkdtemp, readFile, readdir, rm, stat, unlink, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleWithSystemCas, ensureTlsMaterial, writeCaBundle } from "../../src/server/tls.js";

const DAY = 24 * 60 * 60 * 1000;

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const base = await mkdtemp(join(tmpdir(), "aks-emu-tls-"));
  t.after(() => rm(base, { recursive: true, force: true }));
  return join(base, "tls"); // not created yet: ensureTlsMaterial must create it
}

const mode = async (p: string): Promise<number> => (await stat(p)).mode & 0o777;

test("generates CA and leaf with the right files, modes, names and chain", async (t) => {
  const dir = await tempDir(t);
  const m = await ensureTlsMaterial(dir, ["management.azure.com"]);

  assert.equal(m.dir, dir);
  assert.equal(m.caPath, join(dir, "ca.pem"));
  assert.equal(await mode(dir), 0o700);
  assert.equal(await mode(join(dir, "ca.pem")), 0o644);
  assert.equal(await mode(join(dir, "ca-key.pem")), 0o600);
  assert.equal(await mode(join(dir, "server.pem")), 0o644);
  assert.equal(await mode(join(dir, "server-key.pem")), 0o600);
  assert.equal(await readFile(join(dir, "ca.pem"), "utf8"), m.caCertPem);
  assert.equal(await readFile(join(dir, "server.pem"), "utf8"), m.certPem);
  assert.equal(await readFile(join(dir, "server-key.pem"), "utf8"), m.keyPem);
  assert.match(m.keyPem, /^-----BEGIN PRIVATE KEY-----/); // PKCS#8
  assert.match(await readFile(join(dir, "ca-key.pem"), "utf8"), /^-----BEGIN PRIVATE KEY-----/);
  // No temp or lock files left behind.
  assert.deepEqual((await readdir(dir)).sort(), ["ca-key.pem", "ca.pem", "server-key.pem", "server.pem"]);

  const ca = new X509Certificate(m.caCertPem);
  const leaf = new X509Certificate(m.certPem);
  assert.match(ca.subject, /CN=aks-emulator local CA [0-9a-f]{8}/);
  assert.equal(ca.ca, true);
  assert.equal(ca.checkIssued(ca), true);
  assert.equal(ca.verify(ca.publicKey), true);
  assert.equal(ca.publicKey.asymmetricKeyType, "ec");
  assert.equal(ca.publicKey.asymmetricKeyDetails?.namedCurve, "prime256v1");
  const caYears = (Date.parse(ca.validTo) - Date.now()) / (365 * DAY);
  assert.ok(caYears > 9.9 && caYears < 10.1, `CA validity ${caYears} years`);

  assert.equal(leaf.ca, false);
  assert.equal(leaf.checkIssued(ca), true);
  assert.equal(leaf.verify(ca.publicKey), true);
  const leafDays = (Date.parse(leaf.validTo) - Date.now()) / DAY;
  assert.ok(leafDays > 700 && leafDays < 740, `leaf validity ${leafDays} days`);
  assert.ok((leaf.keyUsage ?? []).includes("1.3.6.1.5.5.7.3.1"), "serverAuth EKU");
  const san = (leaf.subjectAltName ?? "").split(", ");
  for (const entry of ["DNS:localhost", "DNS:management.azure.com", "IP Address:127.0.0.1"]) {
    assert.ok(san.includes(entry), `SAN ${entry} in ${leaf.subjectAltName}`);
  }
  assert.equal(leaf.checkIP("::1"), "::1");
  assert.equal(leaf.checkHost("localhost"), "localhost");
  assert.equal(leaf.checkHost("example.com"), undefined);
  // The key belongs to the certificate.
  assert.equal(createPrivateKey(m.keyPem).asymmetricKeyDetails?.namedCurve, leaf.publicKey.asymmetricKeyDetails?.namedCurve);
});

test("reuses existing files; regenerates only the leaf when a host is missing or the leaf is gone", async (t) => {
  const dir = await tempDir(t);
  const first = await ensureTlsMaterial(dir);
  const caKey = await readFile(join(dir, "ca-key.pem"), "utf8");

  const second = await ensureTlsMaterial(dir);
  assert.equal(second.caCertPem, first.caCertPem);
  assert.equal(second.certPem, first.certPem);
  assert.equal(second.keyPem, first.keyPem);

  const withHost = await ensureTlsMaterial(dir, ["management.azure.com"]);
  assert.equal(withHost.caCertPem, first.caCertPem, "CA never regenerated");
  assert.notEqual(withHost.certPem, first.certPem, "leaf regenerated for the new host");
  assert.equal(new X509Certificate(withHost.certPem).checkHost("management.azure.com"), "management.azure.com");

  // Another host later keeps the earlier one (instances sharing the dir don't flip-flop).
  const both = await ensureTlsMaterial(dir, ["login.microsoftonline.com"]);
  const leaf = new X509Certificate(both.certPem);
  assert.equal(leaf.checkHost("management.azure.com"), "management.azure.com");
  assert.equal(leaf.checkHost("login.microsoftonline.com"), "login.microsoftonline.com");
  // ...and asking for it again (or for nothing) reuses that leaf.
  assert.equal((await ensureTlsMaterial(dir, ["management.azure.com"])).certPem, both.certPem);
  assert.equal((await ensureTlsMaterial(dir)).certPem, both.certPem);

  await unlink(join(dir, "server.pem"));
  const regenerated = await ensureTlsMaterial(dir);
  assert.equal(regenerated.caCertPem, first.caCertPem);
  assert.notEqual(regenerated.certPem, both.certPem);
  assert.equal(new X509Certificate(regenerated.certPem).verify(new X509Certificate(first.caCertPem).publicKey), true);
  assert.equal(await readFile(join(dir, "ca-key.pem"), "utf8"), caKey, "CA key untouched");
});

test("regenerates a leaf that expires within 7 days", async (t) => {
  const dir = await tempDir(t);
  const first = await ensureTlsMaterial(dir);
  // Replace the leaf with one, signed by the same CA, that expires in 3 days.
  const x509 = await import("@peculiar/x509");
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const alg = { name: "ECDSA", namedCurve: "P-256" };
  const caKeyDer = createPrivateKey(await readFile(join(dir, "ca-key.pem"), "utf8")).export({ type: "pkcs8", format: "der" });
  const caKey = await webcrypto.subtle.importKey("pkcs8", caKeyDer, alg, false, ["sign"]);
  const keys = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
  const caCert = new x509.X509Certificate(first.caCertPem);
  const short = await x509.X509CertificateGenerator.create({
    subject: "CN=localhost",
    issuer: caCert.subject,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 3 * DAY),
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
    extensions: [
      new x509.SubjectAlternativeNameExtension([
        { type: "dns", value: "localhost" },
        { type: "ip", value: "127.0.0.1" },
        { type: "ip", value: "::1" },
      ]),
    ],
  });
  const shortKeyPem = createPrivateKey({
    key: Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey)),
    format: "der",
    type: "pkcs8",
  })
    .export({ type: "pkcs8", format: "pem" })
    .toString();
  await writeFile(join(dir, "server-key.pem"), shortKeyPem, { mode: 0o600 });
  await writeFile(join(dir, "server.pem"), short.toString("pem"));

  const renewed = await ensureTlsMaterial(dir);
  assert.equal(renewed.caCertPem, first.caCertPem);
  assert.notEqual(renewed.keyPem, shortKeyPem);
  const days = (Date.parse(new X509Certificate(renewed.certPem).validTo) - Date.now()) / DAY;
  assert.ok(days > 700, `renewed leaf valid for ${days} days`);
});

test("concurrent calls on a fresh dir produce exactly one CA and one leaf", async (t) => {
  const dir = await tempDir(t);
  const results = await Promise.all([1, 2, 3, 4].map(() => ensureTlsMaterial(dir)));
  const onDisk = await readFile(join(dir, "ca.pem"), "utf8");
  assert.equal(new Set(results.map((r) => r.caCertPem)).size, 1);
  assert.equal(results[0]!.caCertPem, onDisk);
  assert.equal(new Set(results.map((r) => r.certPem)).size, 1);
  assert.equal(await readFile(join(dir, "server.pem"), "utf8"), results[0]!.certPem);
  assert.equal(existsSync(join(dir, "ca.lock")), false);
  assert.equal(existsSync(join(dir, "server.lock")), false);
});

test("concurrent processes on a fresh dir share one CA", async (t) => {
  const dir = await tempDir(t);
  const modUrl = new URL("../../src/server/tls.js", import.meta.url).href;
  const script = `import(${JSON.stringify(modUrl)}).then(async (m) => { const r = await m.ensureTlsMaterial(process.argv[1]); process.stdout.write(r.caCertPem + "\\n@@\\n" + r.certPem); })`;
  const run = (): Promise<string> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ["-e", script, dir], { stdio: ["ignore", "pipe", "inherit"] });
      let out = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
      child.on("error", reject);
      child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`child exited ${code}`))));
    });
  const outs = await Promise.all([run(), run(), run()]);
  const cas = outs.map((o) => o.split("\n@@\n")[0]);
  const leaves = outs.map((o) => o.split("\n@@\n")[1]);
  assert.equal(new Set(cas).size, 1, "one CA across processes");
  assert.equal(cas[0], await readFile(join(dir, "ca.pem"), "utf8"));
  assert.equal(new Set(leaves).size, 1, "one leaf across processes");
  // The key on disk matches the certificate on disk.
  const m = await ensureTlsMaterial(dir);
  assert.equal(m.certPem, leaves[0]);
});

test("an HTTPS server with the material is trusted via the CA for localhost and 127.0.0.1", async (t) => {
  const dir = await tempDir(t);
  const m = await ensureTlsMaterial(dir);
  const server = https.createServer({ key: m.keyPem, cert: m.certPem }, (_req, res) => {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;

  const get = (host: string, ca?: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const req = https.get({ host, port, path: "/", family: 4, agent: false, ...(ca === undefined ? {} : { ca }) }, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (d: string) => (body += d));
        res.on("end", () => resolve(`${res.statusCode} ${body}`));
      });
      req.on("error", reject);
    });

  assert.equal(await get("localhost", m.caCertPem), "200 ok");
  assert.equal(await get("127.0.0.1", m.caCertPem), "200 ok");
  // Without our CA the same request is refused: the trust really comes from the CA.
  if (process.env.NODE_EXTRA_CA_CERTS === undefined) {
    await assert.rejects(get("localhost"), /self[- ]signed|unable to (verify|get)/i);
  }
  // Trusting some other CA is not enough either.
  const other = await ensureTlsMaterial(join(dir, "other"));
  await assert.rejects(get("localhost", other.caCertPem), /unable to (verify|get)|self[- ]signed/i);
});

test("CA bundle = system CAs followed by ours", async (t) => {
  const dir = await tempDir(t);
  const m = await ensureTlsMaterial(dir);
  const bundle = bundleWithSystemCas(m.caCertPem);
  assert.ok(bundle.trimEnd().endsWith(m.caCertPem.trimEnd()), "our CA last");
  const count = (bundle.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length;
  assert.ok(count > 1, `bundle has ${count} certificates`);
  const path = await writeCaBundle(dir);
  assert.equal(path, join(dir, "ca-bundle.pem"));
  assert.equal(await readFile(path, "utf8"), bundle);
  assert.equal(await mode(path), 0o644);
});
