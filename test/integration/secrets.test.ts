import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile, rm, stat } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { httpsJson, makeTempDir, startChildEmulator, type ChildEmulator } from "../support/child.js";

/**
 * Issue #8 item 3, the secrets: a real `aks-emulator start` at `--log-level trace`, with the
 * interception proxy and a fresh TLS dir, is driven through token issuing, ARM requests with good and
 * bad tokens and a refused proxy request; then nothing secret (issued tokens, the identity-header
 * secret, the login client secret, any private key) appears in anything it printed, and every secret
 * file is readable by its owner only. The identity endpoints are checked over HTTPS to demand their
 * secret (the legacy form aside, which answers loopback callers only: test/unit/identity.test.ts).
 */

const SUB = "4e2b8c1d-7a3f-4b6e-9c5d-2f1a0e3b4c6d";

describe("secrets: never logged, files 0600, identity endpoints demand their secret", () => {
  let child: ChildEmulator;
  let dataDir: string;
  const issued: string[] = [];

  before(async () => {
    dataDir = await makeTempDir("aks-emu-secrets-");
    child = await startChildEmulator(["--log-level", "trace", "--proxy-port", "0", "--max-name-length", "50"], { dataDir, tlsDir: null });
  });
  after(async () => {
    await child?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  test("the token endpoint answers only with the identity-header secret; the legacy endpoint answers loopback", async () => {
    const url = `${child.info.identityEndpoint}?api-version=2019-08-01&resource=${encodeURIComponent("https://management.azure.com")}`;
    for (const headers of [
      {},
      { "x-identity-header": "wrong" },
      { "x-identity-header": `${child.info.identityHeader}x` },
      { "x-identity-header": "" },
    ] as Record<string, string>[]) {
      const res = await httpsJson("GET", url, { ca: child.ca, headers });
      assert.ok(res.status >= 400 && res.status < 500, `${JSON.stringify(headers)}: ${res.status} ${res.text}`);
      assert.equal(res.json?.access_token, undefined);
    }
    const good = await httpsJson("GET", url, { ca: child.ca, headers: { "x-identity-header": child.info.identityHeader } });
    assert.equal(good.status, 200, good.text);
    issued.push(good.json.access_token);
    const legacy = await httpsJson("POST", child.info.legacyIdentityEndpoint!, {
      ca: child.ca,
      headers: { metadata: "true", "content-type": "application/x-www-form-urlencoded" },
      body: "resource=https%3A%2F%2Fmanagement.azure.com%2F",
    });
    assert.equal(legacy.status, 200, legacy.text);
    issued.push(legacy.json.access_token);
  });

  test("ARM traffic with good and bad tokens; the --max-name-length flag applies", async () => {
    const token = issued[0] ?? (await child.token());
    const rg = `/subscriptions/${SUB}/resourcegroups/rg-secrets?api-version=2022-09-01`;
    assert.equal((await child.request("PUT", rg, { auth: `Bearer ${token}`, body: { location: "eastus" } })).status, 201);
    assert.equal((await child.request("GET", rg, { auth: `Bearer ${token}` })).status, 200);
    // A token with its signature changed, the secret as a token, a token in a Basic header: all refused.
    const tampered = `${token.slice(0, -4)}AAAA`;
    for (const auth of [`Bearer ${tampered}`, `Bearer ${child.info.identityHeader}`, `Basic ${token}`]) {
      assert.equal((await child.request("GET", rg, { auth })).status, 401);
    }
    const long = await child.request("GET", `/subscriptions/${SUB}/resourcegroups/${"n".repeat(51)}?api-version=2022-09-01`, { auth: `Bearer ${token}` });
    assert.equal(long.status, 400);
    assert.equal(long.json.error.code, "InvalidResourceName");
    // Refused proxy requests are logged (warn), here with the token in the URL and a header, as careless code might send them.
    const proxied = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: "127.0.0.1",
          port: child.info.proxyPort,
          method: "GET",
          path: `http://example.com/cb?access_token=${token}`,
          headers: { authorization: `Bearer ${token}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end();
    });
    assert.equal(proxied, 403);
  });

  test("nothing secret in stdout or stderr at --log-level trace", async () => {
    assert.ok(issued.length >= 2, "the token test ran first");
    await child.stop();
    const printed = child.stdout() + child.stderr();
    assert.match(
      child.stderr(),
      /"path":"\/subscriptions\/[^"]+\/resourcegroups\/rg-secrets"/,
      "the requests were logged (the check has something to look at)",
    );
    const tls = join(dataDir, "tls");
    const login = JSON.parse(await readFile(join(tls, "login-client.json"), "utf8")) as { clientSecret: string };
    const secrets: [string, string][] = [
      ...issued.map((t, i): [string, string] => [`issued token ${i}`, t]),
      ...issued.map((t, i): [string, string] => [`signature of token ${i}`, t.split(".")[2]!]),
      ["identity-header secret", child.info.identityHeader],
      ["login client secret", login.clientSecret],
    ];
    for (const file of ["ca-key.pem", "server-key.pem", "token-signing-key.pem"]) {
      const body = (await readFile(join(tls, file), "utf8"))
        .split("\n")
        .filter((l) => l && !l.startsWith("-----"))
        .join("");
      // Any 32-character piece of the key's base64 body.
      for (let i = 0; i + 32 <= body.length; i += 16) secrets.push([`${file} bytes ${i}..${i + 32}`, body.slice(i, i + 32)]);
    }
    const leaked = secrets.filter(([, s]) => s.length >= 16 && printed.includes(s)).map(([what]) => what);
    assert.deepEqual(leaked, []);
  });

  test("CA, server and token-signing keys, the identity-header secret, the login client and runtime.json are 0600", async () => {
    const tls = join(dataDir, "tls");
    for (const p of ["ca-key.pem", "server-key.pem", "token-signing-key.pem", "identity-header-secret", "login-client.json"].map((f) => join(tls, f))) {
      assert.equal((await stat(p)).mode & 0o777, 0o600, p);
    }
    // runtime.json carries the identity-header secret; it is removed when the instance stops, so check a live one.
    const live = await startChildEmulator([], { tlsDir: tls });
    try {
      assert.equal((await stat(join(live.dataDir, "runtime.json"))).mode & 0o777, 0o600);
    } finally {
      await live.stop();
      await rm(live.dataDir, { recursive: true, force: true });
    }
  });
});
