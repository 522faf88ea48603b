import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { connect as tlsConnect } from "node:tls";
import { connect as netConnect } from "node:net";
import type { Duplex } from "node:stream";
import { DEFAULT_LIMITS, resolveLimits, resourceSlot } from "../../src/arm/limits.js";
import { clusterBody, clusterPath, rgPath, startTestEmulator, type RawResponse, type TestEmulator } from "../support/emulator.js";
import { armErrorProblems, nested } from "../support/fuzz.js";

/**
 * Issue #8 item 2: each request limit is a setting (README "Limits") and answers an ARM error when
 * exceeded. Small limits here so each test is quick; every test also shows the request just under
 * the limit still works.
 */

const SUB = "6b0e2a7c-3f41-4c8e-9d2a-5e7f1a3b9c04";
const RG_API = "api-version=2022-09-01";
const AKS_API = "api-version=2026-04-01";
const MSI_API = "api-version=2023-01-31";
const LIMITS = {
  maxBodyBytes: 64 * 1024,
  maxHeaderBytes: 4096,
  maxJsonDepth: 8,
  maxArrayLength: 10,
  maxNameLength: 40,
  maxResourcesPerParent: 3,
  requestTimeoutMs: 600,
};

function assertArmError(res: RawResponse, status: number, code: string, method = "GET"): void {
  assert.equal(res.status, status, res.text.slice(0, 300));
  assert.deepEqual(armErrorProblems(res, method), []);
  if (method !== "HEAD") assert.equal(res.json.error.code, code, res.text.slice(0, 300));
}

/** Writes `parts` to a fresh TLS connection (pausing `gapMs` between them) and returns everything the server sent until it closed. */
function slowRequest(te: TestEmulator, parts: string[], gapMs: number): Promise<{ text: string; ms: number }> {
  const u = new URL(te.endpoint);
  return slowClient((ready) => tlsConnect({ host: u.hostname, port: Number(u.port), ca: te.caPem, servername: "localhost" }, ready), parts, gapMs);
}

/** The same over a connection `open` makes (TLS to the emulator, plain TCP to the proxy). */
function slowClient(open: (ready: () => void) => Duplex, parts: string[], gapMs: number): Promise<{ text: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = open(async () => {
      for (const [i, p] of parts.entries()) {
        if (i > 0) await new Promise((r) => setTimeout(r, gapMs));
        if (socket.destroyed) return;
        socket.write(p);
      }
    });
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ text: Buffer.concat(chunks).toString("utf8"), ms: Date.now() - started });
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error("the server held the connection for 10 s"));
    }, 10_000);
  });
}

describe("request limits", () => {
  let te: TestEmulator;
  before(async () => {
    te = await startTestEmulator({ limits: LIMITS, lroDurationMs: 0 });
    for (const rg of ["rg-limits"]) await te.request("PUT", `${rgPath(SUB, rg)}?${RG_API}`, { body: { location: "eastus" } });
  });
  after(async () => te?.close());

  test("defaults and validation of the settings", () => {
    assert.deepEqual(resolveLimits({}), DEFAULT_LIMITS);
    assert.equal(resolveLimits({ maxJsonDepth: 5 }).maxJsonDepth, 5);
    assert.throws(() => resolveLimits({ maxNameLength: 0 }), /positive integer/);
    assert.throws(() => resolveLimits({ requestTimeoutMs: 1.5 }), /positive integer/);
  });

  test("body size: 413 RequestContentTooLarge", async () => {
    const big = { location: "eastus", tags: { a: "x".repeat(LIMITS.maxBodyBytes) } };
    assertArmError(await te.request("PUT", `${rgPath(SUB, "rg-big")}?${RG_API}`, { body: big }), 413, "RequestContentTooLarge", "PUT");
  });

  test("header size: 431 RequestHeaderFieldsTooLarge as ARM JSON; a HEAD gets the status without a body", async () => {
    const huge = { "x-padding": "p".repeat(LIMITS.maxHeaderBytes) };
    const refused = await te.request("GET", `${rgPath(SUB, "rg-limits")}?${RG_API}`, { headers: huge, conformance: false });
    assertArmError(refused, 431, "RequestHeaderFieldsTooLarge");
    assert.equal(refused.headers["connection"], "close");
    // Far over it, Node's parser refuses before the emulator counts (its own cap is 16 times the limit): the same answer.
    assertArmError(
      await te.request("GET", `${rgPath(SUB, "rg-limits")}?${RG_API}`, { headers: { "x-padding": "p".repeat(300 * 1024) }, conformance: false }),
      431,
      "RequestHeaderFieldsTooLarge",
    );
    // Found by the fuzz suite: a body after the HEAD answer broke the client's parser.
    const head = await te.request("HEAD", `${rgPath(SUB, "rg-limits")}?${RG_API}`, {
      headers: { "x-padding": "p".repeat(LIMITS.maxHeaderBytes * 3) },
      conformance: false,
    });
    assert.equal(head.status, 431);
    assert.equal(head.text, "");
    const ok = await te.request("GET", `${rgPath(SUB, "rg-limits")}?${RG_API}`, { headers: { "x-padding": "p".repeat(1000) } });
    assert.equal(ok.status, 200);
  });

  test("JSON nesting depth: 400 InvalidRequestContent naming where", async () => {
    // tags at depth 2, so a value nested 6 more levels is at depth 8 (the limit), 7 more is too deep.
    const path = `${rgPath(SUB, "rg-deep")}?${RG_API}`;
    const tooDeep = await te.request("PUT", path, { body: { location: "eastus", properties: { x: nested(7, "object") } } });
    assertArmError(tooDeep, 400, "InvalidRequestContent", "PUT");
    assert.match(tooDeep.json.error.target, /^properties\.x(\.a)*$/);
    assert.match(tooDeep.json.error.message, /nested deeper than 8 levels/);
    const deepest = await te.request("PUT", path, { body: { location: "eastus", properties: { x: nested(6, "object") } } });
    assert.notEqual(deepest.json?.error?.code, "InvalidRequestContent", deepest.text);
    // Far deeper than any stack: still a clean 400, not a 500.
    const abyss = await te.request("PUT", path, { body: "[".repeat(30_000) + "]".repeat(30_000) });
    assertArmError(abyss, 400, "InvalidRequestContent", "PUT");
  });

  test("array length: 400 InvalidRequestContent with the array as target", async () => {
    const pools = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ name: `pool${i}`, count: 1, vmSize: "Standard_DS2_v2", mode: "System", osType: "Linux" }));
    const res = await te.request("PUT", `${clusterPath(SUB, "rg-limits", "arrays")}?${AKS_API}`, {
      body: clusterBody({ properties: { dnsPrefix: "arrays", agentPoolProfiles: pools(11) } }),
    });
    assertArmError(res, 400, "InvalidRequestContent", "PUT");
    assert.equal(res.json.error.target, "properties.agentPoolProfiles");
    assert.match(res.json.error.message, /has 11 elements; at most 10/);
    const fine = await te.request("PUT", `${clusterPath(SUB, "rg-limits", "arrays")}?${AKS_API}`, {
      body: clusterBody({ properties: { dnsPrefix: "arrays", agentPoolProfiles: pools(10) } }),
    });
    assert.notEqual(fine.json?.error?.code, "InvalidRequestContent", fine.text);
  });

  test("name length: 400 InvalidResourceName before routing", async () => {
    const sub = "3d9a7c1e-5b2f-4e8a-b6c4-7f1e2d3a4b5c";
    const long = "n".repeat(LIMITS.maxNameLength + 1);
    assertArmError(await te.request("PUT", `${rgPath(SUB, long)}?${RG_API}`, { body: { location: "eastus" } }), 400, "InvalidResourceName", "PUT");
    assertArmError(await te.request("GET", `${clusterPath(SUB, "rg-limits", long)}?${AKS_API}`), 400, "InvalidResourceName");
    // Percent-encoded characters count once.
    assertArmError(await te.request("GET", `${rgPath(SUB, "%C3%A9".repeat(LIMITS.maxNameLength + 1))}?${RG_API}`), 400, "InvalidResourceName");
    const fits = await te.request("PUT", `${rgPath(sub, "n".repeat(LIMITS.maxNameLength))}?${RG_API}`, { body: { location: "eastus" } });
    assert.equal(fits.status, 201, fits.text);
  });

  test("resources per parent: 409 ResourceQuotaExceeded for one more; updates and other parents still work", async () => {
    const sub = "0c6f1e2d-8a3b-4c5d-9e7f-1a2b3c4d5e6f";
    const identity = (rg: string, n: string) =>
      `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${n}?${MSI_API}`;
    for (const rg of ["g1", "g2", "g3"]) assert.equal((await te.request("PUT", `${rgPath(sub, rg)}?${RG_API}`, { body: { location: "eastus" } })).status, 201);
    const fourth = await te.request("PUT", `${rgPath(sub, "g4")}?${RG_API}`, { body: { location: "eastus" } });
    assertArmError(fourth, 409, "ResourceQuotaExceeded", "PUT");
    assert.match(fourth.json.error.message, /limit of 3 resources of type 'Microsoft\.Resources\/resourceGroups'/);
    assert.equal(
      (await te.request("PUT", `${rgPath(sub, "G3")}?${RG_API}`, { body: { location: "eastus", tags: { a: "b" } } })).status,
      200,
      "an update is not a new resource",
    );
    for (const n of ["i1", "i2", "i3"]) assert.equal((await te.request("PUT", identity("g1", n), { body: { location: "eastus" } })).status, 201);
    assertArmError(await te.request("PUT", identity("g1", "i4"), { body: { location: "eastus" } }), 409, "ResourceQuotaExceeded", "PUT");
    assert.equal((await te.request("PUT", identity("g2", "i4"), { body: { location: "eastus" } })).status, 201, "another group has room");
    assert.equal((await te.request("DELETE", identity("g1", "i1"))).status, 200);
    assert.equal((await te.request("PUT", identity("g1", "i4"), { body: { location: "eastus" } })).status, 201, "room again after a delete");
    assert.deepEqual(resourceSlot(`/subscriptions/${sub}/resourceGroups/g1/providers/Microsoft.Network/virtualNetworks/v/subnets/s`), {
      type: "microsoft.network/virtualnetworks/subnets",
      parentKey: `/subscriptions/${sub}/resourcegroups/g1/providers/microsoft.network/virtualnetworks/v`,
      key: `/subscriptions/${sub}/resourcegroups/g1/providers/microsoft.network/virtualnetworks/v/subnets/s`,
    });
  });

  test("request timeout: a client that sends its headers too slowly gets 408 RequestTimeout and the connection closes", async () => {
    const { text, ms } = await slowRequest(te, [`GET ${rgPath(SUB, "rg-limits")}?${RG_API} HTTP/1.1\r\nHost: localhost\r\n`, "x-slow: 1\r\n"], 2_000);
    assert.match(text, /^HTTP\/1\.1 408 Request Timeout\r\n/);
    assert.match(text, /"code":"RequestTimeout"/);
    assert.ok(ms < 2_000, `closed after ${ms} ms (limit ${LIMITS.requestTimeoutMs} ms)`);
  });

  test("request timeout: a client that stops sending its body is cut off too; the server keeps serving", async () => {
    const token = te.token();
    const head = `PUT ${rgPath(SUB, "rg-slow")}?${RG_API} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"location":`;
    const { text, ms } = await slowRequest(te, [head, '"eastus"}'], 2_000);
    assert.match(text, /^HTTP\/1\.1 408 /);
    assert.ok(ms < 2_000, `closed after ${ms} ms`);
    assert.equal((await te.request("GET", `${rgPath(SUB, "rg-slow")}?${RG_API}`)).status, 404, "the half-sent PUT created nothing");
    assert.equal((await te.request("GET", `${rgPath(SUB, "rg-limits")}?${RG_API}`)).status, 200);
  });
});

describe("answers to requests the HTTP parser refuses, on a keep-alive connection", () => {
  test("a HEAD refused after a GET on the same connection gets no body (found by the fuzz suite)", async () => {
    const te = await startTestEmulator({ limits: { maxHeaderBytes: 4096 } });
    try {
      const token = te.token();
      const u = new URL(te.endpoint);
      const socket = tlsConnect({ host: u.hostname, port: Number(u.port), ca: te.caPem, servername: "localhost" });
      let text = "";
      socket.on("data", (c: Buffer) => (text += c.toString("latin1")));
      const closed = new Promise((r) => socket.on("close", r));
      socket.write(`GET ${rgPath(SUB, "rg-none")}?${RG_API} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\n\r\n`);
      for (let i = 0; i < 100 && !/\r\n\r\n[\s\S]*\}\}$/.test(text); i++) await new Promise((r) => setTimeout(r, 20));
      assert.match(text, /^HTTP\/1\.1 404 /);
      const first = text.length;
      socket.write(`HEAD %2Fnot-a-path HTTP/1.1\r\nHost: localhost\r\n\r\n`);
      await closed;
      const second = text.slice(first);
      assert.match(second, /^HTTP\/1\.1 400 Bad Request\r\n/);
      assert.ok(second.endsWith("\r\n\r\n"), `a body after the HEAD answer: ${JSON.stringify(second.slice(-80))}`);
    } finally {
      await te.close();
    }
  });
});

describe("the interception proxy's own listener keeps the request limits", () => {
  let te: TestEmulator;
  before(async () => {
    te = await startTestEmulator({ limits: { ...LIMITS, requestTimeoutMs: 600 }, proxyPort: 0 });
  });
  after(async () => te?.close());

  /** Plain TCP to the proxy port: `parts` with `gapMs` between them; everything it sent until it closed. */
  const slowProxyClient = (parts: string[], gapMs: number) =>
    slowClient((ready) => netConnect({ host: "127.0.0.1", port: te.emulator.info.proxyPort! }, ready), parts, gapMs);

  test("a client that never finishes its CONNECT request gets 408 and the connection closes", async () => {
    const { text, ms } = await slowProxyClient(["CONNECT management.azure.com:443 HTTP/1.1\r\n", "Host: management.azure.com:443\r\n"], 3_000);
    assert.match(text, /^HTTP\/1\.1 408 Request Timeout\r\n/);
    assert.ok(ms < 3_000, `closed after ${ms} ms, before the client's next line`);
  });

  test("a CONNECT with headers over the limit gets a plain 431", async () => {
    const { text } = await slowProxyClient(
      [`CONNECT management.azure.com:443 HTTP/1.1\r\nHost: management.azure.com:443\r\nx-big: ${"a".repeat(8000)}\r\n\r\n`],
      0,
    );
    assert.match(text, /^HTTP\/1\.1 431 /);
  });
});
