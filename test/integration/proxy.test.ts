import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import dns from "node:dns";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import net, { type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { LOGIN_CLIENT_FILE } from "../../src/identity/login.js";
import { READER_PRINCIPAL } from "../../src/identity/principals.js";
import { parseRoleAssignment } from "../../src/identity/role-assignments.js";
import { CLI_MAIN, REPO_ROOT, makeTempDir, runCli, startChildEmulator, type ChildEmulator } from "../support/child.js";
import { debianClientGate, runShell, sh, type ShellResult } from "../support/clients.js";
import { startTestEmulator, type TestEmulator } from "../support/emulator.js";

/**
 * The interception proxy (`start --proxy-port`, `env --proxy`; docs/sources.md "Interception proxy", "Service principal sign-in"),
 * on loopback only:
 * - what it refuses (other CONNECT targets, plain-HTTP proxy requests) without ever connecting out or
 *   resolving a name, and the login.microsoftonline.com endpoints it serves, against an in-process
 *   instance;
 * - unchanged clients with no endpoint / base_url option against a child instance, each in a process
 *   whose environment is only what `aks-emulator env --proxy` prints (plus PATH and a scratch HOME): the
 *   TS SDKs (ClientSecretCredential and DefaultAzureCredential) and Debian's python3-azure run the
 *   private-networking scenario; Debian's azure-cli logs in with `az login --service-principal` on the
 *   stock AzureCloud and runs `az aks show`. Nothing they send may be refused by the proxy (that would be
 *   something trying to leave the machine).
 */

const pyGate = debianClientGate("python3-azure");
const azGate = debianClientGate("azure-cli");

/** `export NAME='value'` lines -> map. */
function exportsOf(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^export ([A-Za-z_][A-Za-z0-9_]*)=(?:'((?:[^']|'\\'')*)'|(\S*))$/gm)) {
    out[m[1]!] = m[2] !== undefined ? m[2].replace(/'\\''/g, "'") : m[3]!;
  }
  return out;
}

function output(r: ShellResult): string {
  return `exit ${r.code} (${r.signal ?? "no signal"}) after ${r.ms} ms\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
}

/** Sends `CONNECT target` to the proxy; resolves with the status and (on 200) the tunnel socket. */
function connectThrough(proxyPort: number, target: string): Promise<{ status: number; body: string; socket?: Socket }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: proxyPort, method: "CONNECT", path: target, headers: { host: target }, agent: false });
    req.on("connect", (res, socket, head) => {
      if (res.statusCode === 200) return resolve({ status: 200, body: "", socket });
      let body = head.toString("utf8");
      socket.setEncoding("utf8");
      socket.on("data", (c: string) => (body += c));
      socket.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      socket.on("error", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.setTimeout(5_000, () => req.destroy(new Error(`CONNECT ${target}: no answer`)));
    req.end();
  });
}

/** A plain-HTTP proxy request (absolute URI) to the proxy. */
function plainThrough(proxyPort: number, url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port: proxyPort,
        method: "GET",
        path: url,
        headers: { host: url.startsWith("http://") ? new URL(url).host : "127.0.0.1" },
        agent: false,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** One HTTPS request to `https://<host>/...` through a CONNECT tunnel, trusting `ca`. */
async function viaProxy(
  proxyPort: number,
  ca: string,
  method: string,
  url: string,
  o: { headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; json: any; text: string }> {
  const u = new URL(url);
  const tunnel = await connectThrough(proxyPort, `${u.hostname}:443`);
  assert.equal(tunnel.status, 200, `CONNECT ${u.hostname}:443 -> ${tunnel.status} ${tunnel.body}`);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.body !== undefined) headers["content-length"] = String(Buffer.byteLength(o.body));
    const req = httpsRequest(url, { method, headers, createConnection: () => tlsConnect({ socket: tunnel.socket!, servername: u.hostname, ca }) }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, json, text });
        tunnel.socket!.destroy();
      });
    });
    req.on("error", reject);
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}

const form = (v: Record<string, string>) => new URLSearchParams(v).toString();
const FORM = { "content-type": "application/x-www-form-urlencoded" };

describe("interception proxy: refusals, no outbound connection, login endpoints (in-process, loopback)", () => {
  let te: TestEmulator;
  let proxyPort: number;
  let trap: net.Server;
  let trapPort: number;
  let trapConnections = 0;
  let client: { clientId: string; clientSecret: string };
  const lookups: string[] = [];
  const connects: string[] = [];
  const restore: Array<() => void> = [];
  const ASSIGNED_READER = "11111111-2222-4333-8444-555555555555";

  before(async () => {
    te = await startTestEmulator({ proxyPort: 0, roleAssignments: [parseRoleAssignment(`${ASSIGNED_READER}=Reader`)] });
    proxyPort = te.emulator.info.proxyPort!;
    client = JSON.parse(await readFile(join(te.emulator.info.tlsDir, LOGIN_CLIENT_FILE), "utf8"));
    trap = net.createServer((s) => {
      trapConnections++;
      s.destroy();
    });
    await new Promise<void>((r) => trap.listen(0, "127.0.0.1", () => r()));
    trapPort = (trap.address() as net.AddressInfo).port;
    // Every name resolution and every connection this process makes from here on is recorded.
    const origLookup = dns.lookup;
    const origPromisesLookup = dns.promises.lookup;
    const origConnect = net.Socket.prototype.connect;
    (dns as any).lookup = (hostname: string, ...rest: unknown[]) => {
      lookups.push(hostname);
      return (origLookup as any).call(dns, hostname, ...rest);
    };
    (dns.promises as any).lookup = (hostname: string, ...rest: unknown[]) => {
      lookups.push(hostname);
      return (origPromisesLookup as any).call(dns.promises, hostname, ...rest);
    };
    net.Socket.prototype.connect = function (this: net.Socket, ...args: any[]) {
      const a = Array.isArray(args[0]) ? args[0][0] : args[0];
      connects.push(typeof a === "object" && a !== null ? `${a.host ?? a.path ?? "?"}:${a.port ?? ""}` : `${args[1] ?? "localhost"}:${a}`);
      return (origConnect as any).apply(this, args);
    } as any;
    restore.push(
      () => ((dns as any).lookup = origLookup),
      () => ((dns.promises as any).lookup = origPromisesLookup),
      () => (net.Socket.prototype.connect = origConnect),
    );
  });
  after(async () => {
    for (const r of restore) r();
    await new Promise<void>((r) => trap.close(() => r()));
    await te.close();
  });

  it("CONNECT to another loopback port (a server this test runs) -> 403, and that server sees no connection", async () => {
    // docs/fidelity.md "Proxy refusals"
    for (const target of [`127.0.0.1:${trapPort}`, `localhost:${trapPort}`, `[::1]:${trapPort}`]) {
      const r = await connectThrough(proxyPort, target);
      assert.equal(r.status, 403, target);
      assert.match(r.body, /only CONNECT to management\.azure\.com:443 and login\.microsoftonline\.com:443 is served/);
    }
    const plain = await plainThrough(proxyPort, `http://127.0.0.1:${trapPort}/`);
    assert.equal(plain.status, 403);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(trapConnections, 0);
  });

  it("CONNECT example.com:443, other ports of the intercepted hosts and look-alike names -> 403", async () => {
    for (const target of [
      "example.com:443",
      "management.azure.com:80",
      "management.azure.com:8443",
      "login.microsoftonline.com:80",
      "management.azure.com.example.com:443",
      "graph.microsoft.com:443",
      "169.254.169.254:80",
    ]) {
      assert.equal((await connectThrough(proxyPort, target)).status, 403, target);
    }
  });

  it("a plain GET http://example.com/ through the proxy -> 403; so is a direct request to the proxy", async () => {
    const r = await plainThrough(proxyPort, "http://example.com/");
    assert.equal(r.status, 403);
    const direct = await plainThrough(proxyPort, "/");
    assert.equal(direct.status, 403);
  });

  it("nothing was resolved or connected to but the proxy itself; its source has no way out", async () => {
    assert.deepEqual(lookups, []);
    assert.deepEqual([...new Set(connects)], [`127.0.0.1:${proxyPort}`]);
    for (const file of ["src/server/proxy.ts", "src/server/proxy-emulator.ts", "src/identity/login.ts"]) {
      const src = await readFile(join(REPO_ROOT, file), "utf8");
      for (const forbidden of [
        /\bnet\.connect\b/,
        /createConnection/,
        /tls\.connect|connect as tlsConnect/,
        /node:dns|from "dns"/,
        /\blookup\(/,
        /\bfetch\(/,
        /(^|\W)request\(/,
        /^import (?!type)[^;]*from "node:(net|tls)"/m,
      ]) {
        assert.doesNotMatch(src.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, ""), forbidden, `${file} must not contain ${forbidden}`);
      }
    }
  });

  it("login.microsoftonline.com: openid-configuration (tenant, organizations), instance discovery, keys", async () => {
    const tid = te.emulator.info.tenantId;
    const ca = te.caPem;
    const conf = await viaProxy(proxyPort, ca, "GET", `https://login.microsoftonline.com/${tid}/v2.0/.well-known/openid-configuration`);
    assert.equal(conf.status, 200);
    assert.equal(conf.json.token_endpoint, `https://login.microsoftonline.com/${tid}/oauth2/v2.0/token`);
    assert.equal(conf.json.authorization_endpoint, `https://login.microsoftonline.com/${tid}/oauth2/v2.0/authorize`);
    assert.equal(conf.json.issuer, `https://login.microsoftonline.com/${tid}/v2.0`);
    const orgs = await viaProxy(proxyPort, ca, "GET", "https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration");
    assert.equal(orgs.json.issuer, "https://login.microsoftonline.com/{tenantid}/v2.0");
    const disc = await viaProxy(
      proxyPort,
      ca,
      "GET",
      `https://login.microsoftonline.com/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`https://login.microsoftonline.com/${tid}/oauth2/v2.0/authorize`)}`,
    );
    assert.equal(disc.json.tenant_discovery_endpoint, `https://login.microsoftonline.com/${tid}/v2.0/.well-known/openid-configuration`);
    assert.ok(disc.json.metadata[0].aliases.includes("login.microsoftonline.com"));
    const keys = await viaProxy(proxyPort, ca, "GET", `https://login.microsoftonline.com/${tid}/discovery/v2.0/keys`);
    assert.equal(keys.json.keys[0].kty, "EC");
    // docs/fidelity.md "Unknown tenant"
    const other = await viaProxy(
      proxyPort,
      ca,
      "GET",
      "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0/.well-known/openid-configuration",
    );
    assert.equal(other.status, 400);
    assert.equal(other.json.error, "invalid_tenant");
    assert.deepEqual(other.json.error_codes, [90002]);
  });

  it("token endpoint: client_credentials -> a Bearer token ARM accepts; Entra's answers for a wrong secret and an unknown client", async () => {
    const tid = te.emulator.info.tenantId;
    const ca = te.caPem;
    const tokenUrl = `https://login.microsoftonline.com/${tid}/oauth2/v2.0/token`;
    const good = {
      client_id: client.clientId,
      client_secret: client.clientSecret,
      scope: "https://management.azure.com/.default",
      grant_type: "client_credentials",
    };
    const ok = await viaProxy(proxyPort, ca, "POST", tokenUrl, { headers: FORM, body: form(good) });
    assert.equal(ok.status, 200, ok.text);
    // docs/fidelity.md "Client-credentials token answer"
    assert.deepEqual(Object.keys(ok.json).sort(), ["access_token", "expires_in", "ext_expires_in", "token_type"]);
    assert.equal(ok.json.token_type, "Bearer");
    assert.equal(ok.json.expires_in, 3599);
    const claims = JSON.parse(Buffer.from(ok.json.access_token.split(".")[1], "base64url").toString());
    assert.equal(claims.aud, "https://management.azure.com");
    assert.equal(claims.tid, tid);
    assert.equal(claims.appid, client.clientId);

    const sub = te.subscriptionId;
    const bearer = { authorization: `Bearer ${ok.json.access_token}`, "content-type": "application/json" };
    const arm = await viaProxy(proxyPort, ca, "PUT", `https://management.azure.com/subscriptions/${sub}/resourcegroups/proxy-rg?api-version=2022-09-01`, {
      headers: bearer,
      body: JSON.stringify({ location: "eastus" }),
    });
    assert.equal(arm.status, 201, arm.text);
    assert.equal(arm.json.id, `/subscriptions/${sub}/resourceGroups/proxy-rg`);

    const wrong = await viaProxy(proxyPort, ca, "POST", tokenUrl, {
      headers: { ...FORM, "client-request-id": "0b9d7c1e-9a7e-4a52-8f53-3c1f1d2e4a5b" },
      body: form({ ...good, client_secret: "wrong" }),
    });
    // docs/fidelity.md "Wrong client secret"
    assert.equal(wrong.status, 401);
    assert.deepEqual(Object.keys(wrong.json).sort(), ["correlation_id", "error", "error_codes", "error_description", "error_uri", "timestamp", "trace_id"]);
    assert.equal(wrong.json.error, "invalid_client");
    assert.deepEqual(wrong.json.error_codes, [7000215]);
    assert.equal(wrong.json.correlation_id, "0b9d7c1e-9a7e-4a52-8f53-3c1f1d2e4a5b");
    assert.match(wrong.json.timestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    assert.match(
      wrong.json.error_description,
      new RegExp(
        `^AADSTS7000215: Invalid client secret provided\\. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client.clientId}'\\.\\r\\nTrace ID: ${wrong.json.trace_id}\\r\\nCorrelation ID: ${wrong.json.correlation_id}\\r\\nTimestamp: ${wrong.json.timestamp}$`,
      ),
    );

    const unknown = await viaProxy(proxyPort, ca, "POST", tokenUrl, {
      headers: FORM,
      body: form({ ...good, client_id: "99999999-9999-4999-8999-999999999999" }),
    });
    // docs/fidelity.md "Unknown client id"
    assert.equal(unknown.status, 400);
    assert.equal(unknown.json.error, "unauthorized_client");
    assert.deepEqual(unknown.json.error_codes, [700016]);
    assert.match(
      unknown.json.error_description,
      /^AADSTS700016: Application with identifier '99999999-9999-4999-8999-999999999999' was not found in the directory/,
    );

    const otherTenant = await viaProxy(proxyPort, ca, "POST", "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token", {
      headers: FORM,
      body: form(good),
    });
    assert.equal(otherTenant.status, 400);
    assert.deepEqual(otherTenant.json.error_codes, [90002]);
  });

  it("role assignments apply by client id: the built-in Reader and an assigned Reader get tokens, and ARM refuses their writes", async () => {
    const tid = te.emulator.info.tenantId;
    const tokenUrl = `https://login.microsoftonline.com/${tid}/oauth2/v2.0/token`;
    // docs/fidelity.md "Principals that can log in"
    for (const clientId of [READER_PRINCIPAL.clientId, ASSIGNED_READER]) {
      const t = await viaProxy(proxyPort, te.caPem, "POST", tokenUrl, {
        headers: FORM,
        body: form({
          client_id: clientId,
          client_secret: client.clientSecret,
          scope: "https://management.azure.com/.default",
          grant_type: "client_credentials",
        }),
      });
      assert.equal(t.status, 200, t.text);
      const put = await viaProxy(
        proxyPort,
        te.caPem,
        "PUT",
        `https://management.azure.com/subscriptions/${te.subscriptionId}/resourcegroups/reader-rg?api-version=2022-09-01`,
        {
          headers: { authorization: `Bearer ${t.json.access_token}`, "content-type": "application/json" },
          body: JSON.stringify({ location: "eastus" }),
        },
      );
      assert.equal(put.status, 403, put.text);
      assert.equal(put.json.error.code, "AuthorizationFailed");
    }
  });

  it("env --proxy fails clearly for an instance started without --proxy-port", async () => {
    const plain = await startTestEmulator();
    try {
      const r = await runCli(["env", "--proxy", "--data-dir", plain.dataDir]);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, /runs without the interception proxy\. Restart it with --proxy-port/);
    } finally {
      await plain.close();
    }
  });
});

describe('unchanged clients through the interception proxy (child instance, `eval "$(aks-emulator env --proxy)"`)', { timeout: 120_000 }, () => {
  let child: ChildEmulator;
  let home: string;
  let exports: Record<string, string> = {};
  let printed = "";

  before(async () => {
    [child, home] = await Promise.all([startChildEmulator(["--proxy-port", "0"]), makeTempDir("aks-emu-proxyhome-")]);
    const r = await runCli(["env", "--proxy", "--data-dir", child.dataDir]);
    assert.equal(r.code, 0, r.stderr);
    printed = r.stdout;
    exports = exportsOf(printed);
  });
  after(async () => {
    await child?.stop();
    await Promise.all([child && rm(child.dataDir, { recursive: true, force: true }), home && rm(home, { recursive: true, force: true })]);
  });

  it("env --proxy prints the proxy, loopback excluded, the CA variables and the instance's service principal, and nothing naming the emulator's endpoint", async () => {
    const client = JSON.parse(await readFile(join(child.info.tlsDir, LOGIN_CLIENT_FILE), "utf8"));
    const proxy = `http://127.0.0.1:${child.info.proxyPort}`;
    assert.deepEqual(exports, {
      HTTPS_PROXY: proxy,
      NO_PROXY: "127.0.0.1,localhost",
      https_proxy: proxy,
      no_proxy: "127.0.0.1,localhost",
      NODE_EXTRA_CA_CERTS: child.info.caPath,
      REQUESTS_CA_BUNDLE: child.info.caBundlePath,
      SSL_CERT_FILE: child.info.caBundlePath,
      AZURE_TENANT_ID: child.info.tenantId,
      AZURE_CLIENT_ID: client.clientId,
      AZURE_CLIENT_SECRET: client.clientSecret,
      AZURE_SUBSCRIPTION_ID: child.info.subscriptionId,
    });
    assert.equal(printed.trim().split("\n").length, Object.keys(exports).length, printed);
    assert.ok(!printed.includes(String(new URL(child.endpoint).port)), "no line names the emulator's own port");
    const mode = (await import("node:fs")).statSync(join(child.info.tlsDir, LOGIN_CLIENT_FILE)).mode & 0o777;
    assert.equal(mode, 0o600);
  });

  describe("the clients (concurrently, one instance)", { concurrency: true }, () => {
    for (const mode of ["client-secret", "default"]) {
      it(`TS SDKs (arm-containerservice, arm-network, arm-resources), no endpoint option, ${mode === "client-secret" ? "ClientSecretCredential" : "DefaultAzureCredential"}: the private-networking scenario`, async (t) => {
        const script = join(REPO_ROOT, "dist/test/support/proxy-scenario.js");
        const env = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: home, AKS_PROXY_SCENARIO: "1", ...exports };
        const r = await runShell(`exec ${sh(process.execPath)} ${sh(script)} ${mode} ${mode}`, { env, cwd: REPO_ROOT, timeoutMs: 60_000 });
        assert.equal(r.code, 0, output(r));
        const steps = Object.fromEntries(
          r.stdout
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l))
            .map((s: { step: string; value: unknown }) => [s.step, s.value]),
        );
        const sub = child.info.subscriptionId;
        assert.equal(steps["group"], `/subscriptions/${sub}/resourceGroups/proxy-${mode}`);
        const cluster = steps["cluster"] as any;
        assert.equal(cluster.state, "Succeeded");
        assert.equal(cluster.private, true);
        assert.match(cluster.privateFqdn, /\.privatelink\.eastus\.azmk8s\.io$/);
        assert.deepEqual(steps["endpoint"], { state: "Succeeded", connection: { status: "Pending", description: "please approve", actionsRequired: "None" } });
        const conns = steps["connections"] as Array<{ name: string; status: string; mine: boolean }>;
        assert.deepEqual(conns.map((c) => [c.name.split(".")[0], c.status, c.mine]).sort(), [
          ["kube-apiserver", "Approved", false],
          ["pe1", "Pending", true],
        ]);
        assert.deepEqual(steps["approved"], { cluster: { status: "Approved", description: "approved through the proxy" }, endpoint: "Approved" });
        assert.equal(steps["rejected"], "Rejected");
        assert.deepEqual(steps["connection deleted"], { get: "404 ResourceNotFound", endpoint: "Disconnected" });
        assert.equal(steps["cluster deleted"], "404 ResourceNotFound");
        if (mode === "client-secret") assert.equal(steps["wrong secret"], "AuthenticationRequiredError: AADSTS7000215");
        assert.equal(steps["done"], true);
        t.diagnostic(`${mode}: ${r.ms} ms`);
      });
    }

    for (const mode of ["client-secret", "default"]) {
      it(`Python SDK (python3-azure), no base_url, ${mode === "client-secret" ? "ClientSecretCredential" : "DefaultAzureCredential"}: test/python/private_networking.py`, {
        skip: pyGate.skip,
      }, async (t) => {
        const env = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: home, AKS_TEST_CREDENTIAL: mode, AKS_TEST_SUFFIX: `-${mode}` };
        const script = `eval "$(node ${sh(CLI_MAIN)} env --proxy --data-dir ${sh(child.dataDir)})" && exec /usr/bin/python3 ${sh(join(REPO_ROOT, "test/python/private_networking.py"))}`;
        const r = await runShell(script, { env, cwd: REPO_ROOT, timeoutMs: 90_000 });
        assert.equal(r.code, 0, output(r));
        assert.match(r.stderr, /^OK$/m, r.stderr);
        assert.match(r.stderr, /^test_09_requests_went_to_the_configured_host \(.*\) \.\.\. ok$/m);
        t.diagnostic(`${mode}: ${/^Ran .*$/m.exec(r.stderr)?.[0] ?? "?"}`);
      });
    }

    it("Azure CLI 2.45, stock AzureCloud: the README's az login --service-principal and az aks show lines; a wrong secret gets AADSTS7000215", {
      skip: azGate.skip,
    }, async () => {
      const readme = await readFile(join(REPO_ROOT, "README.md"), "utf8");
      const block = /^### (?:\d+\. )?Unchanged code[^\n]*\n[\s\S]*?^```sh\n([\s\S]*?)^```$/m.exec(readme);
      assert.ok(block, "README.md has a ```sh block under ### Unchanged code");
      const lines = block[1]!
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => l.replace(/\s+#.*$/, ""));
      assert.equal(lines.length, 4, block[1]);
      assert.equal(lines[0], 'eval "$(npx aks-emulator env --proxy)"');
      assert.equal(lines[1], "az cloud set -n AzureCloud");
      const [loginLine, groupLine] = [lines[2]!, lines[3]!];
      assert.match(loginLine, /^az login --service-principal /);
      assert.equal(groupLine, "az group show -n rg1");
      const showLine = "az aks show -g rg1 -n aks1";
      const configDir = join(home, "azure-config");
      await mkdir(configDir, { recursive: true });
      const baseEnv = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: home, AZURE_CONFIG_DIR: configDir, AZURE_CORE_COLLECT_TELEMETRY: "false" };
      // az's own record of its versions, so that it does not look for updates online (azure-cli.test.ts).
      const versions = await runShell(
        `exec /usr/bin/python3 -c 'import json; from azure.cli.core.util import _get_local_versions; print(json.dumps(_get_local_versions()))'`,
        { env: baseEnv, cwd: home, timeoutMs: 20_000 },
      );
      assert.equal(versions.code, 0, output(versions));
      const now = new Date();
      const pad = (n: number) => String(n).padStart(2, "0");
      const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}.000000`;
      await writeFile(join(configDir, "versionCheck.json"), JSON.stringify({ versions: JSON.parse(versions.stdout), update_time: stamp }));

      const sub = child.info.subscriptionId;
      const rg = await child.request("PUT", `/subscriptions/${sub}/resourcegroups/rg1?api-version=2022-09-01`, { body: { location: "eastus" } });
      assert.ok(rg.status === 200 || rg.status === 201, rg.text);
      const put = await child.request(
        "PUT",
        `/subscriptions/${sub}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/aks1?api-version=2022-11-01`,
        {
          body: {
            location: "eastus",
            identity: { type: "SystemAssigned" },
            properties: {
              dnsPrefix: "azproxy",
              agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }],
              apiServerAccessProfile: { enablePrivateCluster: true },
            },
          },
        },
      );
      assert.equal(put.status, 201, put.text);

      const setup = `eval "$(node ${sh(CLI_MAIN)} env --proxy --data-dir ${sh(child.dataDir)})"`;
      const login = await runShell(`${setup} && ${lines[1]} && exec ${loginLine} -o json`, { env: baseEnv, cwd: home, timeoutMs: 45_000 });
      assert.equal(login.code, 0, output(login));
      const accounts = JSON.parse(login.stdout);
      assert.deepEqual(
        accounts.map((a: any) => [a.cloudName, a.id, a.tenantId, a.state, a.user.type, a.user.name]),
        [["AzureCloud", sub, child.info.tenantId, "Enabled", "servicePrincipal", exports["AZURE_CLIENT_ID"]]],
      );
      const group = await runShell(`${setup} && exec ${groupLine} -o json`, { env: baseEnv, cwd: home, timeoutMs: 45_000 });
      assert.equal(group.code, 0, output(group));
      assert.equal(JSON.parse(group.stdout).name, "rg1");
      const show = await runShell(`${setup} && exec ${showLine} -o json`, { env: baseEnv, cwd: home, timeoutMs: 45_000 });
      assert.equal(show.code, 0, output(show));
      const shown = JSON.parse(show.stdout);
      assert.equal(shown.name, "aks1");
      assert.equal(shown.apiServerAccessProfile.enablePrivateCluster, true);
      assert.match(shown.privateFqdn, /^azproxy-[0-9a-z]{8}\..*\.privatelink\.eastus\.azmk8s\.io$/);

      const wrong = await runShell(
        `${setup} && exec az login --service-principal -u "$AZURE_CLIENT_ID" -p not-the-secret --tenant "$AZURE_TENANT_ID" -o none`,
        { env: baseEnv, cwd: home, timeoutMs: 45_000 },
      );
      assert.equal(wrong.code, 1, output(wrong));
      assert.match(wrong.stderr, /AADSTS7000215: Invalid client secret provided/);
    });
  });

  it("the proxy refused nothing the clients sent (nothing tried to leave the machine)", () => {
    const refused = child
      .stderr()
      .split("\n")
      .filter((l) => l.includes('"refused"'));
    assert.deepEqual(refused, []);
  });
});
