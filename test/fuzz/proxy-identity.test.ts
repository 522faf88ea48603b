import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import fc from "fast-check";
import { IDENTITY_LEGACY_PATH, IDENTITY_TOKEN_PATH } from "../../src/identity/managed-identity.js";
import { startTestEmulator, type TestEmulator } from "../support/emulator.js";
import { fuzzTarget } from "../support/fuzz-fixture.js";
import { armErrorProblems, caseArb, checkCase, evilSegment, FUZZ_SEED, fuzzParams, runs, sendVia, type Send } from "../support/fuzz.js";

/**
 * Issue #8 item 1, the parts outside the router's table: the interception proxy (CONNECT targets and
 * plain-HTTP requests; ARM requests fuzzed through a tunnel with the same properties as the direct
 * suite) and the emulator's own endpoints (health, CA, the identity endpoints).
 */

const INTERCEPTED = ["management.azure.com:443", "login.microsoftonline.com:443"];

/** Raw bytes to the proxy; resolves with everything it answered before closing (or after `settleMs` of quiet on a 200). */
function rawToProxy(port: number, bytes: string, settleMs = 300): Promise<{ head: string; socket?: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: "127.0.0.1", port }, () => socket.write(bytes, "latin1"));
    let text = "";
    let quiet: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer from the proxy to ${JSON.stringify(bytes.slice(0, 120))}`));
    }, 5_000);
    socket.on("data", (c: Buffer) => {
      text += c.toString("latin1");
      if (/^HTTP\/1\.1 200 /.test(text) && text.includes("\r\n\r\n")) {
        clearTimeout(timer);
        socket.removeAllListeners("data");
        resolve({ head: text, socket });
      }
      if (quiet) clearTimeout(quiet);
      quiet = setTimeout(() => undefined, settleMs);
    });
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ head: text });
    });
  });
}

describe(`fuzzing the proxy and the emulator's own endpoints (seed ${FUZZ_SEED})`, () => {
  let te: TestEmulator;
  let proxyPort: number;

  before(async () => {
    te = await startTestEmulator({ proxyPort: 0, lroDurationMs: 0 });
    proxyPort = te.emulator.info.proxyPort!;
  });
  after(async () => te?.close());

  /** Requests to `host` through a CONNECT tunnel of the proxy, then TLS with the emulator's CA. */
  const tunnelTo =
    (host: string): Send =>
    (r) =>
      sendVia(`https://${host}`, r, {
        createConnection: (_opts, done) => {
          rawToProxy(proxyPort, `CONNECT ${host}:443 HTTP/1.1\r\nHost: ${host}:443\r\n\r\n`)
            .then(({ head, socket }) => {
              if (!socket) return done(new Error(`CONNECT refused: ${head.slice(0, 200)}`));
              done(null, tlsConnect({ socket, servername: host, ca: te.caPem }));
            })
            .catch((e: Error) => done(e));
        },
      });
  const tunnelled = tunnelTo("management.azure.com");

  test("CONNECT to any target: 200 for the two intercepted hosts only, a plain 403 (or 400) otherwise, never a 5xx", async () => {
    const target = fc.oneof(
      fc.constantFrom(...INTERCEPTED, "MANAGEMENT.AZURE.COM:443", "Login.MicrosoftOnline.com:443"),
      fc.constantFrom(
        "management.azure.com",
        "management.azure.com:80",
        "management.azure.com:0443",
        "management.azure.com:443.evil.example",
        "evil.example:443",
        "127.0.0.1:443",
        `127.0.0.1:${te.emulator.port}`,
        "[::1]:443",
        "localhost:22",
        ":443",
        "",
        "management.azure.com:443 ",
        "login.microsoftonline.com:65536",
        "graph.microsoft.com:443",
      ),
      fc
        .tuple(
          fc.string({ maxLength: 30 }).map((s) => s.replace(/[\r\n ]/g, "")),
          fc.integer({ min: -1, max: 70_000 }),
        )
        .map(([h, p]) => `${h}:${p}`),
      evilSegment,
    );
    await fc.assert(
      fc.asyncProperty(target, async (t) => {
        const { head, socket } = await rawToProxy(proxyPort, `CONNECT ${t} HTTP/1.1\r\nHost: ${t}\r\n\r\n`);
        socket?.destroy();
        const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1] ?? 0);
        // Spaces around the target are the request line's separators, not part of it.
        const allowed = INTERCEPTED.includes(t.trim().toLowerCase());
        if (allowed) assert.equal(status, 200, `CONNECT ${t}: ${head.slice(0, 200)}`);
        else {
          assert.ok(status === 403 || status === 400, `CONNECT ${JSON.stringify(t)}: ${head.slice(0, 200)}`);
          if (status === 403) assert.match(head, /content-type: text\/plain/i);
        }
      }),
      { seed: FUZZ_SEED, numRuns: runs(120), includeErrorInReport: true },
    );
    const ok = await tunnelled({
      method: "GET",
      url: `/subscriptions/${te.subscriptionId}/resourcegroups?api-version=2022-09-01`,
      headers: { authorization: `Bearer ${te.token()}` },
    });
    assert.equal(ok.status, 200, "the proxy still tunnels");
  });

  test("plain-HTTP requests of any method and URL: 403 (or 400), never a 5xx", async () => {
    const method = fc.constantFrom("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH");
    const url = fc.oneof(
      fc.constantFrom("http://management.azure.com/", "https://management.azure.com/subscriptions", "http://127.0.0.1/", "/", "*", "/_emulator/health"),
      evilSegment.map((s) => `http://x/${s}`),
    );
    await fc.assert(
      fc.asyncProperty(method, url, async (m, u) => {
        const { head } = await rawToProxy(proxyPort, `${m} ${u} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`);
        const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1] ?? 0);
        assert.ok(status === 403 || status === 400, `${m} ${u}: ${head.slice(0, 200)}`);
      }),
      { seed: FUZZ_SEED, numRuns: runs(60), includeErrorInReport: true },
    );
  });

  test("headers over the limit through the tunnel: 431 as ARM JSON, as on the direct endpoint (found by the fuzz: the connection was dropped)", async () => {
    const res = await tunnelled({
      method: "GET",
      url: `/subscriptions/${te.subscriptionId}/resourcegroups?api-version=2022-09-01`,
      headers: { authorization: `Bearer ${te.token()}`, "x-padding": "p".repeat(20_000) },
    });
    assert.equal(res.status, 431);
    assert.deepEqual(armErrorProblems(res, "GET"), []);
    assert.equal(res.json.error.code, "RequestHeaderFieldsTooLarge");
  });

  test("the login host through the tunnel answers a request its parser refuses with a status and an OAuth error body, not a dropped connection", async () => {
    const login = tunnelTo("login.microsoftonline.com");
    const res = await login({ method: "POST", url: `/${te.emulator.info.tenantId}/oauth2/v2.0/token`, headers: { "x-padding": "p".repeat(20_000) } });
    assert.equal(res.status, 431);
    assert.equal(res.json.error, "invalid_request");
    assert.match(res.json.error_description, /larger than \d+ bytes/);
  });

  test("ARM requests through the tunnel: the same properties as the direct suite", async () => {
    const target = fuzzTarget(te, { send: tunnelled });
    try {
      await target.ensureFixture();
      await fc.assert(
        fc.asyncProperty(caseArb(target), (c) => checkCase(target, c)),
        fuzzParams(60),
      );
    } finally {
      target.close();
    }
  });

  test("health, CA and identity endpoints: never a 5xx, JSON errors, and no token without the secret", async () => {
    const send: Send = (r) => sendVia(te.endpoint, r, {});
    const secret = te.emulator.info.identityHeader;
    const value = fc.oneof(
      fc.constantFrom("https://management.azure.com", "https://management.azure.com/.default", "", "2019-08-01", "2018-02-01"),
      evilSegment,
    );
    const query = fc
      .dictionary(fc.constantFrom("api-version", "resource", "client_id", "object_id", "principal_id", "mi_res_id", "x"), value, { maxKeys: 4 })
      .map((q) =>
        Object.entries(q)
          .map(([k, v]) => `${k}=${v}`)
          .join("&"),
      );
    const idHeader = fc.constantFrom<string | undefined>(undefined, secret, `${secret}x`, "", "wrong", secret.toUpperCase());
    const path = fc.constantFrom(
      IDENTITY_TOKEN_PATH,
      IDENTITY_LEGACY_PATH,
      "/_emulator/health",
      "/_emulator/ca.pem",
      "/_emulator/identity",
      "/_emulator/",
      "/_emulator/nothing",
      `${IDENTITY_TOKEN_PATH}/x`,
    );
    const method = fc.constantFrom("GET", "POST", "PUT", "DELETE", "HEAD");
    const body = fc.option(
      fc.oneof(
        query,
        fc.string({ maxLength: 200 }),
        fc.integer({ min: 70_000, max: 200_000 }).map((n) => "a".repeat(n)),
      ),
      { nil: undefined },
    );
    const metadata = fc.boolean();
    await fc.assert(
      fc.asyncProperty(path, method, query, idHeader, body, metadata, async (p, m, q, h, b, md) => {
        const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
        if (h !== undefined) headers["x-identity-header"] = h;
        if (md) headers["metadata"] = "true";
        const res = await send({ method: m, url: q ? `${p}?${q}` : p, headers, ...(b !== undefined ? { body: Buffer.from(b) } : {}) });
        const what = `${m} ${p}?${q} header=${h === secret ? "(secret)" : String(h)} metadata=${md}: ${res.status} ${res.text.slice(0, 200)}`;
        assert.ok(res.status < 500, what);
        if (res.status >= 400 && m !== "HEAD") {
          assert.ok(res.json && typeof res.json === "object", `error body is not JSON: ${what}`);
          assert.ok(typeof res.json.error === "string" || armErrorProblems(res, m).length === 0, `neither an OAuth-style nor an ARM error: ${what}`);
        }
        if (res.json?.access_token !== undefined) {
          const viaSecret = p.toLowerCase() === IDENTITY_TOKEN_PATH && h === secret;
          const viaLegacy = p.toLowerCase() === IDENTITY_LEGACY_PATH && md;
          assert.ok(viaSecret || viaLegacy, `a token without the secret: ${what}`);
        }
      }),
      { seed: FUZZ_SEED, numRuns: runs(200), includeErrorInReport: true },
    );
  });
});
