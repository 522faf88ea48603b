import { test } from "node:test";
import assert from "node:assert/strict";
import { type KeyObject, sign as cryptoSign } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { ArmError } from "../../src/arm/errors.js";
import { handleManagedIdentityRequest, isLoopback } from "../../src/identity/managed-identity.js";
import { DEFAULT_PRINCIPAL, EMULATOR_TENANT_ID, OWNER_PRINCIPAL, READER_PRINCIPAL, findPrincipal } from "../../src/identity/principals.js";
import { ensureSigningKey, type SigningKey } from "../../src/identity/signing-key.js";
import { ARM_AUDIENCES, TokenService, armAudienceAccepted, dotnetDate } from "../../src/identity/tokens.js";

const ARM = "https://management.azure.com";
const T0 = Date.UTC(2026, 10, 25, 9, 3, 7); // 11/25/2026 9:03:07 AM
const anyArm = armAudienceAccepted("https://127.0.0.1:8443");
const CHALLENGE = `Bearer authorization_uri="https://login.windows.net/${EMULATOR_TENANT_ID}", error="invalid_token", error_description="`;

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const base = await mkdtemp(join(tmpdir(), "aks-emu-id-"));
  t.after(() => rm(base, { recursive: true, force: true }));
  return join(base, "tls");
}

let sharedKey: Promise<SigningKey> | undefined;
let sharedDir: string | undefined;
function key(): Promise<SigningKey> {
  sharedKey ??= mkdtemp(join(tmpdir(), "aks-emu-key-")).then((d) => {
    sharedDir = d;
    return ensureSigningKey(d);
  });
  return sharedKey;
}
test.after(async () => {
  if (sharedDir) await rm(sharedDir, { recursive: true, force: true });
});

async function service(clock: { now: number }, opts: { tenantId?: string; issuerOrigins?: string[] } = {}) {
  return new TokenService(await key(), {
    tenantId: opts.tenantId ?? EMULATOR_TENANT_ID,
    now: () => clock.now,
    ...(opts.issuerOrigins ? { issuerOrigins: opts.issuerOrigins } : {}),
  });
}

/** Builds an arbitrary JWS with the given header and payload, signed ES256 with `privateKey` (or unsigned). */
function craft(header: object, payload: object, privateKey?: KeyObject): string {
  const input = `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
  if (!privateKey) return `${input}.`;
  const sig = cryptoSign("sha256", Buffer.from(input), { key: privateKey, dsaEncoding: "ieee-p1363" });
  return `${input}.${sig.toString("base64url")}`;
}

async function expect401(
  p: Promise<unknown>,
  code: string,
  message: string | RegExp,
  challenge: string | RegExp = new RegExp(`^${escapeRe(CHALLENGE)}[^"]+"$`),
): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ArmError, `ArmError expected, got ${String(e)}`);
    assert.equal(e.status, 401);
    assert.equal(e.code, code);
    if (typeof message === "string") assert.equal(e.message, message);
    else assert.match(e.message, message);
    const www = e.headers?.["WWW-Authenticate"];
    assert.ok(www !== undefined, "WWW-Authenticate header");
    if (typeof challenge === "string") assert.equal(www, challenge);
    else assert.match(www, challenge);
    assert.deepEqual(Object.keys(e.toBody().error).sort(), ["code", "message"]);
    return true;
  });
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// ----------------------------------------------------------------------------------------------------------

test("signing key: created 0600, reused, same kid across concurrent callers", async (t) => {
  const dir = await tempDir(t);
  const keys = await Promise.all([1, 2, 3, 4].map(() => ensureSigningKey(dir)));
  assert.equal(new Set(keys.map((k) => k.kid)).size, 1);
  const path = join(dir, "token-signing-key.pem");
  assert.equal((await stat(path)).mode & 0o777, 0o600);
  assert.equal((await stat(dir)).mode & 0o777, 0o700);
  assert.match(await readFile(path, "utf8"), /^-----BEGIN PRIVATE KEY-----/);
  const again = await ensureSigningKey(dir);
  assert.equal(again.kid, keys[0]!.kid);
  assert.match(again.kid, /^[A-Za-z0-9_-]{43}$/);
  const other = await ensureSigningKey(join(dir, "other"));
  assert.notEqual(other.kid, again.kid);
});

test("principals: fixed ids, case-insensitive lookup", () => {
  assert.equal(DEFAULT_PRINCIPAL.role, "Owner");
  assert.equal(READER_PRINCIPAL.role, "Reader");
  assert.equal(findPrincipal({ clientId: READER_PRINCIPAL.clientId.toUpperCase() }), READER_PRINCIPAL);
  assert.equal(findPrincipal({ objectId: OWNER_PRINCIPAL.objectId }), OWNER_PRINCIPAL);
  assert.equal(findPrincipal({ clientId: OWNER_PRINCIPAL.clientId, objectId: READER_PRINCIPAL.objectId }), undefined);
  assert.equal(findPrincipal({ clientId: "00000000-0000-0000-0000-000000000000" }), undefined);
  assert.equal(findPrincipal({}), undefined);
  assert.equal(
    findPrincipal({ resourceId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/AKS-EMULATOR-READER" }),
    READER_PRINCIPAL,
  );
});

test("issue + verify round trip with Azure AD v1 claims", async () => {
  const clock = { now: T0 };
  const svc = await service(clock);
  const { accessToken, expiresOn } = svc.issue(`${ARM}/.default`, OWNER_PRINCIPAL);
  assert.equal(expiresOn, Math.floor(T0 / 1000) + 86399);

  const header = decodeProtectedHeader(accessToken);
  assert.equal(header.alg, "ES256");
  assert.equal(header.kid, (await key()).kid);
  const claims = decodeJwt(accessToken);
  assert.equal(claims.aud, ARM); // "/.default" removed
  assert.equal(claims.iss, `https://sts.windows.net/${EMULATOR_TENANT_ID}/`);
  assert.equal(claims.tid, EMULATOR_TENANT_ID);
  assert.equal(claims.oid, OWNER_PRINCIPAL.objectId);
  assert.equal(claims.sub, OWNER_PRINCIPAL.objectId);
  assert.equal(claims.appid, OWNER_PRINCIPAL.clientId);
  assert.equal(claims.ver, "1.0");
  assert.equal(claims.iat, Math.floor(T0 / 1000));
  assert.equal(claims.nbf, Math.floor(T0 / 1000));
  assert.equal(claims.exp, expiresOn);

  // An independent verifier (jose) accepts the signature.
  await jwtVerify(accessToken, (await key()).publicKey as KeyObject, { currentDate: new Date(T0), algorithms: ["ES256"] });

  const p = await svc.verify(`Bearer ${accessToken}`, anyArm);
  assert.deepEqual(p, {
    objectId: OWNER_PRINCIPAL.objectId,
    clientId: OWNER_PRINCIPAL.clientId,
    tenantId: EMULATOR_TENANT_ID,
    role: "Owner",
    name: OWNER_PRINCIPAL.name,
  });
  // Cached second verification gives the same answer; scheme is case-insensitive.
  assert.deepEqual(await svc.verify(`bearer ${accessToken}`, anyArm), p);

  const reader = svc.issue(`${ARM}/`, READER_PRINCIPAL);
  assert.equal(decodeJwt(reader.accessToken).aud, `${ARM}/`); // kept verbatim
  assert.equal((await svc.verify(`Bearer ${reader.accessToken}`, anyArm)).role, "Reader");
});

test("verify: missing and malformed Authorization headers", async () => {
  const svc = await service({ now: T0 });
  const missingChallenge =
    `Bearer authorization_uri="https://login.windows.net/", error="invalid_token", ` +
    `error_description="The authentication failed because of missing 'Authorization' header."`;
  await expect401(svc.verify(undefined, anyArm), "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.", missingChallenge);
  await expect401(svc.verify("", anyArm), "AuthenticationFailed", /header is missing/, missingChallenge);
  for (const bad of ["Basic xyz", "Bearer", "Bearer a b", "xyz"]) {
    await expect401(
      svc.verify(bad, anyArm),
      "AuthenticationFailedInvalidHeader",
      "Authentication failed. The 'Authorization' header is provided in an invalid format.",
    );
  }
});

test("verify: garbage, foreign key, alg none and tampered tokens are invalid", async (t) => {
  const clock = { now: T0 };
  const svc = await service(clock);
  const invalid = "The access token is invalid.";
  await expect401(svc.verify("Bearer garbage", anyArm), "InvalidAuthenticationToken", invalid);
  await expect401(svc.verify("Bearer a.b.c", anyArm), "InvalidAuthenticationToken", invalid);

  // Same claims, signed by another emulator's key.
  const foreign = new TokenService(await ensureSigningKey(await tempDir(t)), { tenantId: EMULATOR_TENANT_ID, now: () => clock.now });
  const foreignToken = foreign.issue(ARM, OWNER_PRINCIPAL).accessToken;
  await expect401(svc.verify(`Bearer ${foreignToken}`, anyArm), "InvalidAuthenticationToken", invalid);

  // alg none with otherwise perfect claims.
  const claims = decodeJwt(svc.issue(ARM, OWNER_PRINCIPAL).accessToken);
  const none = craft({ alg: "none", typ: "JWT" }, claims);
  await expect401(svc.verify(`Bearer ${none}`, anyArm), "InvalidAuthenticationToken", invalid);
  const noneWithKid = craft({ alg: "none", typ: "JWT", kid: (await key()).kid }, claims);
  await expect401(svc.verify(`Bearer ${noneWithKid}`, anyArm), "InvalidAuthenticationToken", invalid);

  // Payload swapped under a valid signature.
  const good = svc.issue(ARM, READER_PRINCIPAL).accessToken.split(".");
  const forged = { ...decodeJwt(good.join(".")), oid: OWNER_PRINCIPAL.objectId, roles: ["Owner"] };
  const tampered = `${good[0]}.${Buffer.from(JSON.stringify(forged)).toString("base64url")}.${good[2]}`;
  await expect401(svc.verify(`Bearer ${tampered}`, anyArm), "InvalidAuthenticationToken", invalid);

  // Our key but no exp claim.
  const k = (await key()).privateKey as KeyObject;
  const { exp: _exp, ...noExp } = claims;
  await expect401(svc.verify(`Bearer ${craft({ alg: "ES256", typ: "JWT" }, noExp, k)}`, anyArm), "InvalidAuthenticationToken", invalid);
});

test("verify: expired tokens, also when cached", async () => {
  const clock = { now: T0 };
  const svc = await service(clock);
  const { accessToken, expiresOn } = svc.issue(ARM, OWNER_PRINCIPAL, 60);
  await svc.verify(`Bearer ${accessToken}`, anyArm); // now cached
  clock.now = T0 + 61_000;
  await expect401(
    svc.verify(`Bearer ${accessToken}`, anyArm),
    "ExpiredAuthenticationToken",
    "The access token expiry UTC time '11/25/2026 9:04:07 AM' is earlier than current UTC time '11/25/2026 9:04:08 AM'.",
  );
  assert.equal(dotnetDate(expiresOn * 1000), "11/25/2026 9:04:07 AM");
  // exactly at exp it is expired too
  clock.now = expiresOn * 1000;
  await expect401(svc.verify(`Bearer ${accessToken}`, anyArm), "ExpiredAuthenticationToken", /is earlier than current UTC time/);
});

test("verifyNow with a connection's slot: the same header again is the same principal, checked for expiry and audience; another header is verified on its own", async () => {
  const clock = { now: T0 };
  const svc = await service(clock);
  const slot = {};
  const owner = `Bearer ${svc.issue(ARM, OWNER_PRINCIPAL, 60).accessToken}`;
  const reader = `Bearer ${svc.issue(ARM, READER_PRINCIPAL).accessToken}`;
  assert.equal(svc.verifyNow(owner, anyArm, slot).role, "Owner");
  assert.equal(svc.verifyNow(owner, anyArm, slot).role, "Owner");
  // Another token on the same connection is that token's principal, and a bad one is refused.
  assert.equal(svc.verifyNow(reader, anyArm, slot).role, "Reader");
  assert.throws(
    () => svc.verifyNow(`${owner}x`, anyArm, slot),
    (e: unknown) => e instanceof ArmError && e.code === "InvalidAuthenticationToken",
  );
  assert.equal(svc.verifyNow(owner, anyArm, slot).role, "Owner");
  assert.throws(
    () => svc.verifyNow(owner, (a) => a === "https://other", slot),
    (e: unknown) => e instanceof ArmError && e.code === "InvalidAuthenticationTokenAudience",
  );
  clock.now = T0 + 61_000;
  assert.throws(
    () => svc.verifyNow(owner, anyArm, slot),
    (e: unknown) => e instanceof ArmError && e.code === "ExpiredAuthenticationToken",
  );
  assert.throws(
    () => svc.verifyNow(owner, anyArm, slot),
    (e: unknown) => e instanceof ArmError && e.code === "ExpiredAuthenticationToken",
  );
});

test(".NET en-US general date format", () => {
  assert.equal(dotnetDate(Date.UTC(2026, 10, 25, 9, 3, 7)), "11/25/2026 9:03:07 AM");
  assert.equal(dotnetDate(Date.UTC(2017, 7, 17, 22, 54, 41)), "8/17/2017 10:54:41 PM");
  assert.equal(dotnetDate(Date.UTC(2021, 0, 1, 0, 0, 0)), "1/1/2021 12:00:00 AM");
  assert.equal(dotnetDate(Date.UTC(2021, 0, 1, 12, 5, 9)), "1/1/2021 12:05:09 PM");
});

test("verify: nbf in the future beyond 5 minutes is rejected, within skew accepted", async () => {
  const issueClock = { now: T0 + 10 * 60_000 };
  const future = (await service(issueClock)).issue(ARM, OWNER_PRINCIPAL).accessToken;
  const verifier = await service({ now: T0 });
  await expect401(
    verifier.verify(`Bearer ${future}`, anyArm),
    "InvalidAuthenticationToken",
    "The access token is not yet valid. Its not-before UTC time '11/25/2026 9:13:07 AM' is later than current UTC time '11/25/2026 9:03:07 AM'.",
  );
  issueClock.now = T0 + 4 * 60_000;
  const nearFuture = (await service(issueClock)).issue(ARM, OWNER_PRINCIPAL).accessToken;
  assert.equal((await verifier.verify(`Bearer ${nearFuture}`, anyArm)).role, "Owner");
});

test("verify: wrong audience", async () => {
  const svc = await service({ now: T0 });
  const graph = svc.issue("https://graph.microsoft.com/.default", OWNER_PRINCIPAL).accessToken;
  await expect401(
    svc.verify(`Bearer ${graph}`, anyArm),
    "InvalidAuthenticationTokenAudience",
    "The access token has been obtained for wrong audience or resource 'https://graph.microsoft.com'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'.",
  );
  // A cached token is still audience-checked against the caller's predicate.
  const arm = svc.issue(ARM, OWNER_PRINCIPAL).accessToken;
  await svc.verify(`Bearer ${arm}`, anyArm);
  await expect401(
    svc.verify(`Bearer ${arm}`, (a) => a === "https://other"),
    "InvalidAuthenticationTokenAudience",
    /wrong audience or resource 'https:\/\/management.azure.com'/,
  );
});

test("verify: wrong issuer / tenant", async () => {
  const clock = { now: T0 };
  const svc = await service(clock);
  const otherTenant = "11111111-2222-4333-8444-555555555555";
  const foreignTenant = (await service(clock, { tenantId: otherTenant })).issue(ARM, OWNER_PRINCIPAL).accessToken;
  await expect401(
    svc.verify(`Bearer ${foreignTenant}`, anyArm),
    "InvalidAuthenticationTokenTenant",
    new RegExp(
      `^The access token is from the wrong issuer 'https://sts\\.windows\\.net/${otherTenant}/'\\. It must match the tenant ` +
        `'https://sts\\.windows\\.net/${EMULATOR_TENANT_ID}/' associated with this subscription\\. Please use the authority \\(URL\\) ` +
        `'https://login\\.windows\\.net/${EMULATOR_TENANT_ID}' to get the token\\.`,
    ),
  );

  // v2 issuer: rejected by default, accepted when its origin is configured.
  const k = (await key()).privateKey as KeyObject;
  const base = decodeJwt(svc.issue(ARM, OWNER_PRINCIPAL).accessToken);
  const v2 = craft({ alg: "ES256", typ: "JWT" }, { ...base, iss: `https://login.microsoftonline.com/${EMULATOR_TENANT_ID}/v2.0` }, k);
  await expect401(svc.verify(`Bearer ${v2}`, anyArm), "InvalidAuthenticationTokenTenant", /wrong issuer/);
  const lenient = await service(clock, { issuerOrigins: ["https://login.microsoftonline.com"] });
  assert.equal((await lenient.verify(`Bearer ${v2}`, anyArm)).objectId, OWNER_PRINCIPAL.objectId);
});

test("verify: role of an unlisted principal comes from its signed roles claim, else Reader", async () => {
  const svc = await service({ now: T0 });
  const adhocOwner = { objectId: "0f0f0f0f-0000-4000-8000-000000000001", clientId: "0f0f0f0f-0000-4000-8000-000000000002", name: "sp", role: "Owner" as const };
  assert.equal((await svc.verify(`Bearer ${svc.issue(ARM, adhocOwner).accessToken}`, anyArm)).role, "Owner");
  const k = (await key()).privateKey as KeyObject;
  const { roles: _r, ...noRoles } = decodeJwt(svc.issue(ARM, adhocOwner).accessToken);
  const t = craft({ alg: "ES256" }, { ...noRoles, uti: "x" }, k);
  assert.equal((await svc.verify(`Bearer ${t}`, anyArm)).role, "Reader");
});

test("armAudienceAccepted: the four ARM audiences and the emulator origin", () => {
  assert.equal(ARM_AUDIENCES.length, 4);
  for (const aud of ARM_AUDIENCES) assert.equal(anyArm(aud), true, aud);
  for (const aud of ["https://127.0.0.1:8443", "https://127.0.0.1:8443/", "https://localhost:8443", "https://LOCALHOST:8443/", "https://[::1]:8443"]) {
    assert.equal(anyArm(aud), true, aud);
  }
  for (const aud of [
    "https://localhost:8444",
    "https://127.0.0.1:8443//",
    "https://graph.microsoft.com",
    "https://management.azure.com//",
    "http://127.0.0.1:8443",
    "",
  ]) {
    assert.equal(anyArm(aud), false, aud);
  }
  const named = armAudienceAccepted("https://management.azure.com");
  assert.equal(named("https://localhost"), true);
  assert.equal(named("https://localhost:8443"), false);
});

test("verify accepts a token for the emulator's own origin (older SDKs' <endpoint>/.default)", async () => {
  const svc = await service({ now: T0 });
  const own = svc.issue("https://localhost:8443/.default", OWNER_PRINCIPAL).accessToken;
  assert.equal((await svc.verify(`Bearer ${own}`, armAudienceAccepted("https://127.0.0.1:8443"))).role, "Owner");
  await expect401(
    svc.verify(`Bearer ${own}`, armAudienceAccepted("https://127.0.0.1:9443")),
    "InvalidAuthenticationTokenAudience",
    /'https:\/\/localhost:8443'/,
  );
});

// ----------------------------------------------------------------------------------------------------------
// managed identity protocols

const SECRET = "s3cret-identity-header";

async function mi(
  init: { method?: string; url: string; headers?: Record<string, string>; body?: string; remoteAddress?: string },
  clock = { now: Date.now() },
) {
  const u = new URL(init.url, "http://127.0.0.1:47080");
  return handleManagedIdentityRequest(
    {
      method: init.method ?? "GET",
      path: u.pathname,
      query: u.searchParams,
      headers: init.headers ?? {},
      body: init.body ?? "",
      remoteAddress: init.remoteAddress ?? "127.0.0.1",
    },
    { tokens: await service(clock), identityHeaderSecret: SECRET },
  );
}

function body(r: { body: unknown }): Record<string, unknown> {
  assert.equal(typeof r.body, "object");
  return r.body as Record<string, unknown>;
}

test("App Service protocol: JS-style encoded and Python-style raw resource", async () => {
  const now = Date.now();
  for (const url of [
    "/_emulator/identity/token?api-version=2019-08-01&resource=https%3A%2F%2Fmanagement.azure.com",
    "/_emulator/identity/token?api-version=2019-08-01&resource=https://management.azure.com",
  ]) {
    const r = await mi({ url, headers: { "x-identity-header": SECRET } }, { now });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const b = body(r);
    assert.deepEqual(Object.keys(b).sort(), ["access_token", "client_id", "expires_on", "resource", "token_type"]);
    assert.equal(b.resource, ARM);
    assert.equal(b.token_type, "Bearer");
    assert.equal(b.client_id, OWNER_PRINCIPAL.clientId);
    assert.equal(b.expires_on, String(Math.floor(now / 1000) + 86399));
    assert.match(b.expires_on as string, /^\d+$/);
    const claims = decodeJwt(b.access_token as string);
    assert.equal(claims.aud, ARM);
    assert.equal(claims.tid, EMULATOR_TENANT_ID);
    const p = await (await service({ now })).verify(`Bearer ${b.access_token as string}`, anyArm);
    assert.equal(p.role, "Owner");
  }
});

test("App Service protocol: secret header required and checked; resource required", async () => {
  const url = "/_emulator/identity/token?api-version=2019-08-01&resource=https%3A%2F%2Fmanagement.azure.com";
  const missing = await mi({ url });
  assert.equal(missing.status, 401);
  assert.equal(body(missing).error, "invalid_request");
  assert.match(body(missing).error_description as string, /X-IDENTITY-HEADER/);
  assert.equal(body(missing).access_token, undefined);

  const wrong = await mi({ url, headers: { "x-identity-header": "nope" } });
  assert.equal(wrong.status, 401);
  assert.equal(body(wrong).error, "invalid_client");
  const wrongSameLength = await mi({ url, headers: { "x-identity-header": SECRET.replace(/.$/, "X") } });
  assert.equal(wrongSameLength.status, 401);

  // Header name is case-insensitive.
  assert.equal((await mi({ url, headers: { "X-IDENTITY-HEADER": SECRET } })).status, 200);

  const noResource = await mi({ url: "/_emulator/identity/token?api-version=2019-08-01", headers: { "x-identity-header": SECRET } });
  assert.equal(noResource.status, 400);
  assert.equal(body(noResource).error, "invalid_request");
  assert.match(body(noResource).error_description as string, /resource/);
});

test("App Service protocol: client_id / object_id / principal_id / mi_res_id select a principal", async () => {
  const base = "/_emulator/identity/token?api-version=2019-08-01&resource=https%3A%2F%2Fmanagement.azure.com";
  const h = { "x-identity-header": SECRET };
  const now = Date.now();
  for (const sel of [
    `client_id=${READER_PRINCIPAL.clientId}`,
    `object_id=${READER_PRINCIPAL.objectId.toUpperCase()}`,
    `principal_id=${READER_PRINCIPAL.objectId}`,
    `mi_res_id=${encodeURIComponent("/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks-emulator-reader")}`,
  ]) {
    const r = await mi({ url: `${base}&${sel}`, headers: h }, { now });
    assert.equal(r.status, 200, sel);
    assert.equal(body(r).client_id, READER_PRINCIPAL.clientId, sel);
    const p = await (await service({ now })).verify(`Bearer ${body(r).access_token as string}`, anyArm);
    assert.equal(p.role, "Reader", sel);
    assert.equal(p.objectId, READER_PRINCIPAL.objectId);
  }
  const unknown = await mi({ url: `${base}&client_id=00000000-0000-0000-0000-000000000000`, headers: h });
  assert.equal(unknown.status, 400);
  assert.equal(body(unknown).error, "invalid_request");
  assert.match(body(unknown).error_description as string, /00000000-0000-0000-0000-000000000000/);
  const conflicting = await mi({ url: `${base}&client_id=${OWNER_PRINCIPAL.clientId}&object_id=${READER_PRINCIPAL.objectId}`, headers: h });
  assert.equal(conflicting.status, 400);
});

test("legacy MSI protocol (az 2.45): loopback only, form body, numeric expires_on", async () => {
  const now = Date.now();
  const req = {
    method: "POST",
    url: "/_emulator/identity/legacy",
    headers: { Metadata: "true", "content-type": "application/x-www-form-urlencoded" },
    body: "resource=https%3A%2F%2Fmanagement.azure.com%2F",
  };
  for (const remoteAddress of ["127.0.0.1", "::1", "::ffff:127.0.0.1", "127.1.2.3"]) {
    const r = await mi({ ...req, remoteAddress }, { now });
    assert.equal(r.status, 200, remoteAddress);
    const b = body(r);
    assert.equal(b.token_type, "Bearer");
    assert.equal(b.resource, `${ARM}/`);
    assert.equal(b.expires_on, Math.floor(now / 1000) + 86399);
    assert.equal(b.expires_in, 86399);
    assert.equal(b.client_id, OWNER_PRINCIPAL.clientId);
    const claims = decodeJwt(b.access_token as string);
    assert.equal(claims.aud, `${ARM}/`);
    assert.equal(claims.tid, EMULATOR_TENANT_ID);
  }
  for (const remoteAddress of ["10.1.2.3", "::ffff:10.1.2.3", "192.168.0.1", "fe80::1", ""]) {
    const r = await mi({ ...req, remoteAddress });
    assert.equal(r.status, 403, remoteAddress);
    assert.equal(body(r).access_token, undefined);
  }
  const noMetadata = await mi({ ...req, headers: {} });
  assert.equal(noMetadata.status, 400);
  const reader = await mi({ ...req, body: `${req.body}&client_id=${READER_PRINCIPAL.clientId}` });
  assert.equal(reader.status, 200);
  assert.equal(body(reader).client_id, READER_PRINCIPAL.clientId);
  const msiResId = await mi({ ...req, body: `${req.body}&msi_res_id=${encodeURIComponent("/x/userAssignedIdentities/aks-emulator-reader")}` });
  assert.equal(body(msiResId).client_id, READER_PRINCIPAL.clientId);
  const noResource = await mi({ ...req, body: "" });
  assert.equal(noResource.status, 400);
});

test("managed identity: unknown paths 404, wrong methods 405", async () => {
  const h = { "x-identity-header": SECRET };
  const post = await mi({ method: "POST", url: "/_emulator/identity/token?resource=x", headers: h });
  assert.equal(post.status, 405);
  assert.equal(post.headers?.Allow, "GET");
  const get = await mi({ url: "/_emulator/identity/legacy", headers: { Metadata: "true" } });
  assert.equal(get.status, 405);
  assert.equal(get.headers?.Allow, "POST");
  const nf = await mi({ url: "/_emulator/identity/nope", headers: h });
  assert.equal(nf.status, 404);
  assert.equal(body(nf).error, "not_found");
});

test("isLoopback", () => {
  for (const a of ["127.0.0.1", "127.255.0.9", "::1", "::ffff:127.0.0.1", "::FFFF:127.0.0.2", "[::1]", "0:0:0:0:0:0:0:1"]) assert.equal(isLoopback(a), true, a);
  for (const a of ["10.1.2.3", "::ffff:10.1.2.3", "128.0.0.1", "::2", "localhost", "", "1.127.0.0"]) assert.equal(isLoopback(a), false, a);
});
