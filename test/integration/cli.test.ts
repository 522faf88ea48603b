import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { readdir, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { rootCertificates } from "node:tls";
import { CLI_MAIN, REPO_ROOT, httpsJson, killAllChildren, makeTempDir, runCli, startChildEmulator, testTlsDir, type ChildEmulator } from "../support/child.js";
import type { RuntimeInfo } from "../../src/runtime-file.js";

/** The command line as users run it: `start`, `env`, `reset`, flags and the files they leave behind. */

const SUB = "8f2c4c3e-1f7a-4d55-9a4b-2d5e3c1b0a01";
const RG_API = "2021-04-01";
const rgUrl = (name: string) => `/subscriptions/${SUB}/resourcegroups/${name}?api-version=${RG_API}`;

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await makeTempDir();
  dirs.push(d);
  return d;
}

after(async () => {
  await killAllChildren();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const mode = (p: string): number => statSync(p).mode & 0o777;

/** A port that was free a moment ago on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function portFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(false));
    s.listen(port, host, () => s.close(() => resolve(true)));
  });
}

/** `export NAME='value'` lines -> map (values single-quoted by the CLI). */
function parseExports(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const m = /^export ([A-Z_][A-Z0-9_]*)='((?:[^']|'\\'')*)'$/.exec(line);
    assert.ok(m, `not an export line: ${JSON.stringify(line)}`);
    out.set(m[1]!, m[2]!.replace(/'\\''/g, "'"));
  }
  return out;
}

function pemCerts(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

function normPem(pem: string): string {
  return pem.replace(/\s+/g, "");
}

describe("start", () => {
  test("prints exactly one line 'aks-emulator ready at https://127.0.0.1:<port>' on stdout, matching runtime.json", async () => {
    const c = await startChildEmulator();
    try {
      const m = /^https:\/\/127\.0\.0\.1:(\d+)$/.exec(c.endpoint);
      assert.ok(m, c.endpoint);
      const port = Number(m[1]);
      assert.ok(port > 0 && port < 65536);
      assert.equal(c.info.endpoint, c.endpoint);
      assert.equal(c.info.pid, c.proc.pid);
      assert.equal(c.info.identityEndpoint, `${c.endpoint}/_emulator/identity/token`);
      assert.equal(c.info.caPath, join(testTlsDir(), "ca.pem"));
      assert.equal(mode(join(c.dataDir, "runtime.json")), 0o600, "runtime.json holds the identity secret: owner only");
      // Let anything that might follow the ready line arrive, then check stdout holds nothing else.
      const health = await httpsJson("GET", `${c.endpoint}/_emulator/health`, { ca: c.ca });
      assert.equal(health.status, 200);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(c.stdout(), `aks-emulator ready at https://127.0.0.1:${port}\n`);
      // Graceful stop: exit 0, runtime.json removed (no stale discovery file).
      const exit = await c.stop("SIGTERM");
      assert.deepEqual(exit, { code: 0, signal: null });
      assert.equal(existsSync(join(c.dataDir, "runtime.json")), false, "runtime.json removed on a graceful stop");
      assert.equal(c.stdout(), `aks-emulator ready at https://127.0.0.1:${port}\n`, "nothing more on stdout at shutdown");
    } finally {
      await c.stop("SIGKILL");
      await rm(c.dataDir, { recursive: true, force: true });
    }
  });

  test("without --port it listens on the contract port 8443", async (t) => {
    if (!(await portFree(8443))) {
      t.skip("127.0.0.1:8443 is in use on this machine; the default port is not tested");
      return;
    }
    const dataDir = await tempDir();
    let c: ChildEmulator | undefined;
    try {
      c = await startChildEmulator([], { port: null, dataDir });
      assert.equal(c.endpoint, "https://127.0.0.1:8443");
      assert.equal(c.info.endpoint, "https://127.0.0.1:8443");
      assert.equal(c.stdout(), "aks-emulator ready at https://127.0.0.1:8443\n");
    } catch (e) {
      // Someone may have taken the port between the check and the start.
      if (/already in use/.test(String(e))) {
        t.skip("127.0.0.1:8443 was taken while the test started");
        return;
      }
      throw e;
    } finally {
      await c?.stop();
    }
  });

  test("runtime.json (0600, with endpoint, identityEndpoint, caPath, pid) exists by the time health first answers 200", async () => {
    const dataDir = await tempDir();
    const port = await freePort();
    const runtimePath = join(dataDir, "runtime.json");
    const ca = readFileSync(join(testTlsDir(), "ca.pem"), "utf8");
    const starting = startChildEmulator([], { port, dataDir });
    starting.catch(() => undefined);
    // Poll health as fast as we can from the moment the process is spawned.
    let seen: RuntimeInfo | undefined;
    let existedAtFirst200 = false;
    let health: Awaited<ReturnType<typeof httpsJson>> | undefined;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      try {
        health = await httpsJson("GET", `https://127.0.0.1:${port}/_emulator/health`, { ca, timeoutMs: 2000 });
      } catch {
        await new Promise((r) => setTimeout(r, 2));
        continue;
      }
      existedAtFirst200 = existsSync(runtimePath);
      if (existedAtFirst200) seen = JSON.parse(readFileSync(runtimePath, "utf8")) as RuntimeInfo;
      break;
    }
    const c = await starting;
    try {
      assert.ok(health, "health never answered");
      assert.equal(health.status, 200);
      assert.ok(existedAtFirst200, "runtime.json must exist when /_emulator/health first answers 200");
      assert.equal(seen!.endpoint, `https://127.0.0.1:${port}`);
      assert.equal(seen!.identityEndpoint, `https://127.0.0.1:${port}/_emulator/identity/token`);
      assert.equal(seen!.caPath, join(testTlsDir(), "ca.pem"));
      assert.equal(seen!.pid, c.proc.pid);
      assert.equal(typeof seen!.identityHeader, "string");
      assert.ok(seen!.identityHeader.length >= 16);
      assert.equal(mode(runtimePath), 0o600, "runtime.json holds the identity secret: owner only");
      assert.deepEqual(c.info, seen);
    } finally {
      await c.stop();
    }
  });

  test('GET /_emulator/health answers 200 {"status":"ready"} without auth; /_emulator/ca.pem serves the CA file', async () => {
    const c = await startChildEmulator();
    try {
      const h = await httpsJson("GET", `${c.endpoint}/_emulator/health`, { ca: c.ca });
      assert.equal(h.status, 200);
      assert.deepEqual(h.json, { status: "ready" });
      assert.match(String(h.headers["content-type"]), /^application\/json/);

      const pem = await httpsJson("GET", `${c.endpoint}/_emulator/ca.pem`, { ca: c.ca });
      assert.equal(pem.status, 200);
      assert.equal(pem.text, await readFile(c.info.caPath, "utf8"));
      assert.equal(pem.text, await readFile(join(testTlsDir(), "ca.pem"), "utf8"));
      assert.match(pem.text, /^-----BEGIN CERTIFICATE-----/);

      // ARM routes do need a token.
      const anon = await c.request("GET", rgUrl("nope"), { auth: false });
      assert.equal(anon.status, 401);
    } finally {
      await c.stop();
      await rm(c.dataDir, { recursive: true, force: true });
    }
  });

  test("--host ::1 listens on IPv6 loopback and prints https://[::1]:<port>", async (t) => {
    if (!(await portFree(0, "::1"))) {
      t.skip("no IPv6 loopback on this machine");
      return;
    }
    const dataDir = await tempDir();
    const c = await startChildEmulator(["--host", "::1"], { dataDir });
    try {
      assert.match(c.endpoint, /^https:\/\/\[::1\]:\d+$/);
      assert.equal(c.stdout(), `aks-emulator ready at ${c.endpoint}\n`);
      const h = await httpsJson("GET", `${c.endpoint}/_emulator/health`, { ca: c.ca });
      assert.equal(h.status, 200);
      const r = await c.request("PUT", rgUrl("v6"), { body: { location: "eastus" } });
      assert.equal(r.status, 201, r.text);
    } finally {
      await c.stop();
    }
  });
});

describe("TLS material", () => {
  test("first start without --tls-dir creates <data-dir>/tls (keys 0600) and a second start reuses the same CA", async () => {
    const dataDir = await tempDir();
    const tls = join(dataDir, "tls");
    const c1 = await startChildEmulator([], { dataDir, tlsDir: null });
    let caPem: string;
    let caKey: string;
    let signingKey: string;
    try {
      assert.equal(c1.info.caPath, join(tls, "ca.pem"));
      assert.equal(c1.info.tlsDir, tls);
      for (const f of ["ca-key.pem", "server-key.pem", "token-signing-key.pem", "identity-header-secret"]) {
        assert.equal(mode(join(tls, f)), 0o600, `${f} must be readable by its owner only`);
      }
      assert.equal(mode(tls), 0o700);
      caPem = await readFile(join(tls, "ca.pem"), "utf8");
      caKey = await readFile(join(tls, "ca-key.pem"), "utf8");
      signingKey = await readFile(join(tls, "token-signing-key.pem"), "utf8");
      assert.notEqual(normPem(caPem), normPem(readFileSync(join(testTlsDir(), "ca.pem"), "utf8")), "a new CA, not the test one");
      // The server certificate chains to the new CA (trusting only it).
      const h = await httpsJson("GET", `${c1.endpoint}/_emulator/health`, { ca: caPem });
      assert.equal(h.status, 200);
      const served = await httpsJson("GET", `${c1.endpoint}/_emulator/ca.pem`, { ca: caPem });
      assert.equal(served.text, caPem);
      // The bundle for Python/OpenSSL tools is there too.
      assert.ok(readFileSync(c1.info.caBundlePath, "utf8").includes(caPem.trim()));
    } finally {
      await c1.stop();
    }

    const c2 = await startChildEmulator([], { dataDir, tlsDir: null });
    try {
      assert.equal(await readFile(join(tls, "ca.pem"), "utf8"), caPem, "CA certificate reused byte for byte");
      assert.equal(await readFile(join(tls, "ca-key.pem"), "utf8"), caKey, "CA key reused byte for byte");
      assert.equal(await readFile(join(tls, "token-signing-key.pem"), "utf8"), signingKey, "token-signing key reused");
      const h = await httpsJson("GET", `${c2.endpoint}/_emulator/health`, { ca: caPem });
      assert.equal(h.status, 200);
      // No temp or lock files left behind.
      const names = (await readdir(tls)).sort();
      assert.deepEqual(
        names.filter((n) => n.endsWith(".tmp") || n.endsWith(".lock")),
        [],
        `leftovers in ${tls}: ${names.join(", ")}`,
      );
    } finally {
      await c2.stop();
    }
  });
});

describe("env", () => {
  test("prints export lines matching runtime.json; the bundle holds the system CAs and ours", async () => {
    const c = await startChildEmulator();
    try {
      const r = await runCli(["env", "--data-dir", c.dataDir]);
      assert.equal(r.code, 0, r.stderr);
      const vars = parseExports(r.stdout);
      assert.equal(vars.get("NODE_EXTRA_CA_CERTS"), c.info.caPath);
      assert.equal(vars.get("REQUESTS_CA_BUNDLE"), c.info.caBundlePath);
      assert.equal(vars.get("SSL_CERT_FILE"), c.info.caBundlePath);
      assert.equal(vars.get("IDENTITY_ENDPOINT"), c.info.identityEndpoint);
      assert.equal(vars.get("IDENTITY_HEADER"), c.info.identityHeader);
      assert.equal(vars.get("AKS_EMULATOR_ENDPOINT"), c.info.endpoint);
      assert.equal(vars.get("AKS_EMULATOR_ENDPOINT"), c.endpoint);

      const ours = readFileSync(c.info.caPath, "utf8");
      for (const name of ["REQUESTS_CA_BUNDLE", "SSL_CERT_FILE"]) {
        const bundle = readFileSync(vars.get(name)!, "utf8");
        const certs = pemCerts(bundle).map(normPem);
        assert.ok(certs.includes(normPem(ours)), `${name} contains our CA`);
        const systemCerts = existsSync("/etc/ssl/certs/ca-certificates.crt")
          ? pemCerts(readFileSync("/etc/ssl/certs/ca-certificates.crt", "utf8"))
          : [...rootCertificates];
        assert.ok(systemCerts.length > 0);
        assert.ok(certs.includes(normPem(systemCerts[0]!)), `${name} contains the system CAs`);
        assert.ok(certs.length >= systemCerts.length + 1, `${name}: ${certs.length} certificates`);
      }

      // A relative --data-dir works from the directory it is relative to.
      const rel = await runCli(["env", "--data-dir", "."], { cwd: c.dataDir });
      assert.equal(rel.code, 0, rel.stderr);
      assert.equal(parseExports(rel.stdout).get("AKS_EMULATOR_ENDPOINT"), c.endpoint);
    } finally {
      await c.stop();
      await rm(c.dataDir, { recursive: true, force: true });
    }
  });

  test("its output, evaluated by a shell, lets node, curl and python reach the emulator", async (t) => {
    const c = await startChildEmulator();
    try {
      // Start from an environment that trusts nothing of ours, so the eval'd lines do all the work.
      const env: NodeJS.ProcessEnv = { ...process.env, ENV_DATA_DIR: c.dataDir, CLI_MAIN };
      for (const k of [
        "NODE_EXTRA_CA_CERTS",
        "REQUESTS_CA_BUNDLE",
        "SSL_CERT_FILE",
        "CURL_CA_BUNDLE",
        "IDENTITY_ENDPOINT",
        "IDENTITY_HEADER",
        "AKS_EMULATOR_ENDPOINT",
        "MSI_ENDPOINT",
      ]) {
        delete env[k];
      }
      const nodeScript = `
        const https = require("https");
        const get = (u, h) => new Promise((res, rej) => https.get(u, { headers: h }, (r) => { let b = ""; r.on("data", (c) => (b += c)); r.on("end", () => res({ s: r.statusCode, b })); }).on("error", rej));
        (async () => {
          const t = await get(process.env.IDENTITY_ENDPOINT + "?api-version=2019-08-01&resource=" + encodeURIComponent("https://management.azure.com"), { "x-identity-header": process.env.IDENTITY_HEADER });
          if (t.s !== 200) throw new Error("token: " + t.s + " " + t.b);
          const r = await get(process.env.AKS_EMULATOR_ENDPOINT + "/subscriptions?api-version=2022-12-01", { authorization: "Bearer " + JSON.parse(t.b).access_token });
          console.log("node " + r.s);
        })().catch((e) => { console.error(e); process.exit(3); });`;
      const script = [
        "set -eu",
        'eval "$(node "$CLI_MAIN" env --data-dir "$ENV_DATA_DIR")"',
        'node -e "$NODE_SCRIPT"',
        'echo "curl $(curl -sS --fail --cacert "$SSL_CERT_FILE" "$AKS_EMULATOR_ENDPOINT/_emulator/health")"',
      ].join("\n");
      const r = spawnSync("bash", ["-c", script], { env: { ...env, NODE_SCRIPT: nodeScript }, cwd: REPO_ROOT, encoding: "utf8", timeout: 20_000 });
      assert.equal(r.status, 0, `stdout: ${r.stdout}\nstderr: ${r.stderr}`);
      assert.deepEqual(r.stdout.trim().split("\n"), ["node 200", 'curl {"status":"ready"}']);

      // Python: requests honours REQUESTS_CA_BUNDLE, the ssl module's default context SSL_CERT_FILE.
      const probe = spawnSync("python3", ["-c", "import requests"], { encoding: "utf8", timeout: 15_000 });
      if (probe.status !== 0) {
        t.diagnostic("python3 with requests not available: Python part skipped");
        return;
      }
      const py = [
        "import os, requests, ssl, urllib.request",
        "e = os.environ['AKS_EMULATOR_ENDPOINT']",
        "print('requests', requests.get(e + '/_emulator/health').status_code)",
        "print('urllib', urllib.request.urlopen(e + '/_emulator/health', context=ssl.create_default_context()).status)",
      ].join("\n");
      const pr = spawnSync("bash", ["-c", 'set -eu; eval "$(node "$CLI_MAIN" env --data-dir "$ENV_DATA_DIR")"; python3 -c "$PY"'], {
        env: { ...env, PY: py },
        cwd: REPO_ROOT,
        encoding: "utf8",
        timeout: 20_000,
      });
      assert.equal(pr.status, 0, `stdout: ${pr.stdout}\nstderr: ${pr.stderr}`);
      assert.deepEqual(pr.stdout.trim().split("\n"), ["requests 200", "urllib 200"]);
    } finally {
      await c.stop();
      await rm(c.dataDir, { recursive: true, force: true });
    }
  });

  test("with no running instance it exits non-zero and says how to start one", async () => {
    const empty = await tempDir();
    const r = await runCli(["env", "--data-dir", empty]);
    assert.notEqual(r.code, 0);
    assert.equal(r.stdout, "", "no export lines");
    assert.match(r.stderr, /no running instance/i);
    assert.match(r.stderr, /aks-emulator start/);

    // A runtime.json left by a killed instance does not count as running.
    const c = await startChildEmulator();
    await c.stop("SIGKILL");
    assert.ok(existsSync(join(c.dataDir, "runtime.json")), "a SIGKILLed instance leaves its runtime.json");
    const stale = await runCli(["env", "--data-dir", c.dataDir]);
    assert.notEqual(stale.code, 0);
    assert.equal(stale.stdout, "");
    assert.match(stale.stderr, /no running instance/i);
    await rm(c.dataDir, { recursive: true, force: true });
  });
});

describe("reset", () => {
  test("with a running instance: empties its state, keeps the CA and token-signing key byte-identical", async () => {
    const dataDir = await tempDir();
    const tls = join(dataDir, "tls");
    const c = await startChildEmulator([], { dataDir, tlsDir: null });
    try {
      const files = ["ca.pem", "ca-key.pem", "token-signing-key.pem", "server.pem", "server-key.pem"];
      const before = new Map(files.map((f) => [f, readFileSync(join(tls, f))]));
      assert.equal((await c.request("PUT", rgUrl("keepme"), { body: { location: "eastus" } })).status, 201);
      assert.equal((await c.request("GET", rgUrl("keepme"))).status, 200);

      const r = await runCli(["reset", "--data-dir", dataDir]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /reset the running instance/);

      const gone = await c.request("GET", rgUrl("keepme"));
      assert.equal(gone.status, 404, gone.text);
      assert.equal(gone.json?.error?.code, "ResourceGroupNotFound");
      const list = await c.request("GET", `/subscriptions/${SUB}/resourcegroups?api-version=${RG_API}`);
      assert.equal(list.status, 200);
      assert.deepEqual(list.json.value, []);
      for (const [f, bytes] of before) assert.ok(readFileSync(join(tls, f)).equals(bytes), `${f} unchanged by reset`);
      // The token issued before the reset is still accepted (same signing key).
      assert.equal((await c.request("PUT", rgUrl("again"), { body: { location: "eastus" } })).status, 201);
      // The instance is still the one in runtime.json.
      assert.equal(c.proc.exitCode, null);
    } finally {
      await c.stop();
    }
  });

  test("with the instance stopped (gracefully or killed): empties the state file on disk", async () => {
    const dataDir = await tempDir();
    for (const signal of ["SIGTERM", "SIGKILL"] as const) {
      const c1 = await startChildEmulator([], { dataDir });
      try {
        assert.equal((await c1.request("PUT", rgUrl(`rg-${signal}`), { body: { location: "westus2" } })).status, 201);
      } finally {
        await c1.stop(signal);
      }
      assert.ok(existsSync(join(dataDir, "state.db")));
      const r = await runCli(["reset", "--data-dir", dataDir]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /state\.db/, `reset works on the file (${signal}): ${r.stdout}`);

      const c2 = await startChildEmulator([], { dataDir });
      try {
        const g = await c2.request("GET", rgUrl(`rg-${signal}`));
        assert.equal(g.status, 404, `after ${signal} + reset: ${g.text}`);
        const list = await c2.request("GET", `/subscriptions/${SUB}/resourcegroups?api-version=${RG_API}`);
        assert.deepEqual(list.json.value, []);
      } finally {
        await c2.stop();
      }
    }
  });

  test("in an empty dir it has nothing to do and says so", async () => {
    const empty = await tempDir();
    const r = await runCli(["reset", "--data-dir", empty]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /nothing to reset/);
    assert.deepEqual(await readdir(empty), [], "reset creates no files");
  });
});

describe("--in-memory", () => {
  test("keeps no state.db but writes runtime.json and TLS material; state is gone after a restart", async () => {
    const dataDir = await tempDir();
    const c = await startChildEmulator(["--in-memory"], { dataDir, tlsDir: null });
    try {
      assert.ok(existsSync(join(dataDir, "runtime.json")));
      assert.ok(existsSync(join(dataDir, "tls", "ca.pem")));
      assert.ok(existsSync(join(dataDir, "tls", "ca-key.pem")));
      assert.equal((await c.request("PUT", rgUrl("mem"), { body: { location: "eastus" } })).status, 201);
      assert.equal((await c.request("GET", rgUrl("mem"))).status, 200);
      const names = await readdir(dataDir);
      assert.deepEqual(
        names.filter((n) => n.startsWith("state")),
        [],
        `files: ${names.join(", ")}`,
      );
      assert.notEqual(c.info.store, "sqlite-file");
    } finally {
      await c.stop();
    }
    const c2 = await startChildEmulator(["--in-memory"], { dataDir, tlsDir: null });
    try {
      assert.equal((await c2.request("GET", rgUrl("mem"))).status, 404);
    } finally {
      await c2.stop();
    }
    assert.deepEqual(
      (await readdir(dataDir)).filter((n) => n.startsWith("state")),
      [],
    );
  });
});

describe("bad arguments", () => {
  const cases: [string, string[], RegExp][] = [
    ["unknown flag", ["start", "--bogus-flag"], /unknown option '--bogus-flag'/],
    ["non-numeric port", ["start", "--port", "abc"], /--port/],
    ["negative port", ["start", "--port", "-1"], /--port/],
    ["port above 65535", ["start", "--port", "70000"], /--port must be a whole number from 0 to 65535/],
    ["empty port", ["start", "--port", ""], /--port/],
    ["non-numeric lro duration", ["start", "--lro-duration", "soon"], /--lro-duration/],
    ["unknown command", ["bogus-command"], /unknown command/],
  ];
  for (const [what, args, message] of cases) {
    test(`${what}: exits non-zero with a message`, async () => {
      const dataDir = await tempDir();
      const r = await runCli([...args, "--data-dir", dataDir, "--tls-dir", testTlsDir()], { timeoutMs: 15_000 });
      assert.equal(r.signal, null, `it must exit by itself (it was killed: it probably started). stderr: ${r.stderr}`);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stdout, /ready at/);
      assert.equal(existsSync(join(dataDir, "runtime.json")), false);
    });
  }

  test("--host 10.0.0.1 is refused before anything binds: loopback only", async () => {
    const dataDir = await tempDir();
    const r = await runCli(["start", "--host", "10.0.0.1", "--port", "0", "--data-dir", dataDir, "--tls-dir", testTlsDir()], { timeoutMs: 15_000 });
    assert.equal(r.signal, null, `it must exit by itself. stderr: ${r.stderr}`);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /loopback/);
    assert.match(r.stderr, /10\.0\.0\.1/);
    assert.doesNotMatch(r.stdout, /ready at/);
    assert.deepEqual(await readdir(dataDir), [], "refused before writing anything");
  });

  test("--host 127.0.0.2 (loopback, not the default) serves a certificate for it, with no warning", async () => {
    const c = await startChildEmulator(["--host", "127.0.0.2"]);
    try {
      assert.match(c.endpoint, /^https:\/\/127\.0\.0\.2:\d+$/);
      const res = await httpsJson("GET", `${c.endpoint}/_emulator/health`, { ca: c.ca });
      assert.equal(res.status, 200);
      assert.doesNotMatch(c.stderr(), /warning: binding/);
    } finally {
      await c.stop();
    }
  });

  test("a port in use: exits non-zero with a hint", async () => {
    const c = await startChildEmulator();
    const dataDir = await tempDir();
    try {
      const port = new URL(c.endpoint).port;
      const r = await runCli(["start", "--port", port, "--data-dir", dataDir, "--tls-dir", testTlsDir()], { timeoutMs: 15_000 });
      assert.equal(r.signal, null, r.stderr);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /already in use/);
      assert.match(r.stderr, /--port 0/);
    } finally {
      await c.stop();
      await rm(c.dataDir, { recursive: true, force: true });
    }
  });
});
