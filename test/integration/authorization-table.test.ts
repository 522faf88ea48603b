import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { KeyObject } from "node:crypto";
import { decodeJwt, generateKeyPair, SignJWT, UnsecuredJWT, type JWTPayload } from "jose";
import { READER_PRINCIPAL } from "../../src/identity/principals.js";
import { ensureSigningKey } from "../../src/identity/signing-key.js";
import { startTestEmulator, testTlsDir, type TestEmulator } from "../support/emulator.js";
import { fuzzTarget } from "../support/fuzz-fixture.js";
import { armErrorProblems, type FuzzTarget } from "../support/fuzz.js";
import { needsOwner, pathFor, routeName, withApiVersion } from "../support/routes.js";

/**
 * Issue #8 item 3, generated from the router's own table (`emulator.router.routes`), so a route added
 * later is covered without a change here: a Reader gets 403 AuthorizationFailed on every route that
 * needs an Owner (every write, and the owner-only testing controls, GETs included) and nothing
 * changes; a Reader is never refused a route that does not need one; no token is 401 everywhere.
 */

describe("authorization, route by route from the router's table", () => {
  let te: TestEmulator;
  let target: FuzzTarget & { close(): void };

  before(async () => {
    te = await startTestEmulator({ lroDurationMs: 0 });
    target = fuzzTarget(te);
    await target.ensureFixture();
  });
  after(async () => {
    target?.close();
    await te?.close();
  });

  const requestFor = (route: (typeof te.emulator.router.routes)[number], auth: string | undefined) => {
    const seed = target.seedBody(route);
    const body = seed !== undefined ? seed : route.body === "required" ? {} : undefined;
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (auth !== undefined) headers["authorization"] = auth;
    return {
      method: route.method,
      url: withApiVersion(route, pathFor(route, target.fixture)),
      headers,
      ...(body !== undefined ? { body: Buffer.from(JSON.stringify(body)) } : {}),
    };
  };

  test("a Reader gets 403 AuthorizationFailed on every route that needs an Owner, and nothing changes", async () => {
    const reader = `Bearer ${te.token(READER_PRINCIPAL)}`;
    const owned = te.emulator.router.routes.filter(needsOwner);
    assert.ok(owned.length >= 30, `${owned.length} routes need an Owner`);
    assert.ok(
      owned.some((r) => r.path.startsWith("/_emulator/") && r.method === "GET"),
      "the owner-only testing controls are in the table",
    );
    const failures: string[] = [];
    for (const route of owned) {
      await target.send(target.normalRequest);
      const before = await target.snapshot();
      const res = await target.send(requestFor(route, reader));
      const problems = res.status === 403 ? armErrorProblems(res, route.method) : [`status ${res.status}`];
      if (route.method !== "HEAD" && res.json?.error?.code !== "AuthorizationFailed") problems.push(`code ${String(res.json?.error?.code)}`);
      if ((await target.snapshot()) !== before) problems.push("the state changed");
      if (problems.length > 0) failures.push(`${routeName(route)}: ${problems.join(", ")}: ${res.text.slice(0, 200)}`);
    }
    assert.deepEqual(failures, []);
  });

  test("a Reader is not refused any route that needs no Owner", async () => {
    const reader = `Bearer ${te.token(READER_PRINCIPAL)}`;
    const open = te.emulator.router.routes.filter((r) => !needsOwner(r));
    assert.ok(open.length >= 20, `${open.length} routes are open to readers`);
    const failures: string[] = [];
    for (const route of open) {
      const res = await target.send(requestFor(route, reader));
      if (res.status === 403 || res.status >= 500) failures.push(`${routeName(route)}: ${res.status} ${res.text.slice(0, 200)}`);
    }
    assert.deepEqual(failures, []);
  });

  test("no token, malformed headers and every kind of bad token: 401 with ARM's code on every route of the table", async () => {
    const base = decodeJwt(te.token());
    const key = await ensureSigningKey(testTlsDir());
    const { privateKey: foreignKey } = await generateKeyPair("ES256");
    const now = Math.floor(Date.now() / 1000);
    const signed = (claims: JWTPayload, k: Parameters<SignJWT["sign"]>[0] = key.privateKey as KeyObject): Promise<string> =>
      new SignJWT({ ...base, ...claims }).setProtectedHeader({ alg: "ES256", typ: "JWT", kid: key.kid }).sign(k);
    const [h, p, sig] = te.token().split(".");
    const publicPem = (key.publicKey as KeyObject).export({ type: "spki", format: "pem" }) as string;
    const cases: [string, string | undefined, string][] = [
      ["no header", undefined, "AuthenticationFailed"],
      ["Basic", "Basic dXNlcjpwYXNz", "AuthenticationFailedInvalidHeader"],
      ["two tokens", `Bearer a b`, "AuthenticationFailedInvalidHeader"],
      ["garbage", "Bearer not.a.token", "InvalidAuthenticationToken"],
      ["another key", `Bearer ${await signed({}, foreignKey)}`, "InvalidAuthenticationToken"],
      ["alg none", `Bearer ${new UnsecuredJWT(base).encode()}`, "InvalidAuthenticationToken"],
      [
        "HS256 keyed with the public key",
        `Bearer ${await new SignJWT(base).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode(publicPem))}`,
        "InvalidAuthenticationToken",
      ],
      [
        "claims changed under the signature",
        `Bearer ${h}.${Buffer.from(JSON.stringify({ ...base, oid: "00000000-0000-0000-0000-000000000001" })).toString("base64url")}.${sig}`,
        "InvalidAuthenticationToken",
      ],
      ["no signature", `Bearer ${h}.${p}.`, "InvalidAuthenticationToken"],
      ["expired", `Bearer ${await signed({ iat: now - 7200, nbf: now - 7200, exp: now - 3600 })}`, "ExpiredAuthenticationToken"],
      ["not yet valid", `Bearer ${await signed({ nbf: now + 3600, exp: now + 7200 })}`, "InvalidAuthenticationToken"],
      ["wrong audience", `Bearer ${await signed({ aud: "https://graph.microsoft.com" })}`, "InvalidAuthenticationTokenAudience"],
      ["wrong issuer", `Bearer ${await signed({ iss: "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/" })}`, "InvalidAuthenticationTokenTenant"],
    ];
    // The forging helper is sound: the same claims with the emulator's key pass.
    assert.equal((await target.send({ ...target.normalRequest, headers: { authorization: `Bearer ${await signed({})}` } })).status, 200);
    const failures: string[] = [];
    for (const route of te.emulator.router.routes) {
      for (const [what, auth, code] of cases) {
        const res = await target.send(requestFor(route, auth));
        const problems = res.status === 401 ? armErrorProblems(res, route.method) : [`status ${res.status}`];
        if (route.method !== "HEAD" && res.json?.error?.code !== code) problems.push(`code ${String(res.json?.error?.code)} instead of ${code}`);
        if (typeof res.headers["www-authenticate"] !== "string") problems.push("no WWW-Authenticate");
        if (problems.length > 0) failures.push(`${routeName(route)} with ${what}: ${problems.join(", ")}`);
      }
    }
    assert.deepEqual(failures, []);
  });
});
