import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { request as httpsRequest, Agent } from "node:https";
import { connect as tlsConnect } from "node:tls";
import { decodeJwt, generateKeyPair, SignJWT, UnsecuredJWT, type JWTPayload } from "jose";
import { ensureSigningKey } from "../../src/identity/signing-key.js";
import { READER_PRINCIPAL, OWNER_PRINCIPAL } from "../../src/identity/principals.js";
import {
  clusterBody,
  clusterPath,
  rgPath,
  startTestEmulator,
  testTlsDir,
  TEST_SUBSCRIPTION,
  type RawOptions,
  type RawResponse,
  type TestEmulator,
} from "../support/emulator.js";
import { readResponse } from "../support/https.js";

/**
 * The ARM envelope over raw HTTPS: every error the front door answers (api-version, auth, body,
 * routing, preconditions, concurrency) has ARM's status, code and `{"error":{"code","message"}}` body,
 * carries the request-id headers, and leaves the server serving.
 * Sources: docs/sources.md "ARM error answers", "Authentication errors", "Preconditions and ETags", "Operation in progress",
 * "Long-running operation headers", "Operation status body", "Preempted operation".
 */

const SUB = TEST_SUBSCRIPTION;
const RG = "rg-envelope";
const TS_SDK = "2026-04-01";
const API = `api-version=${TS_SDK}`;
const RG_API = "api-version=2022-09-01";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ERROR_KEYS = new Set(["code", "message", "target", "details", "additionalInfo"]);

const cluster = (name: string, rg = RG): string => clusterPath(SUB, rg, name);
const withApi = (path: string, api = API): string => `${path}?${api}`;

/** Every answer carries the two request ids; an error is ARM JSON, never HTML or a stack trace. */
function assertIds(res: RawResponse): void {
  const rid = res.headers["x-ms-request-id"];
  const cid = res.headers["x-ms-correlation-request-id"];
  assert.ok(typeof rid === "string" && GUID.test(rid), `x-ms-request-id missing or not a GUID: ${String(rid)}`);
  assert.ok(typeof cid === "string" && cid.length > 0, "x-ms-correlation-request-id missing");
}

function assertArmError(res: RawResponse, status: number, code: string, messageIncludes?: string | RegExp): void {
  const where = `${status} ${code}; got ${res.status} ${res.text.slice(0, 300)}`;
  assert.equal(res.status, status, where);
  assertIds(res);
  assert.match(String(res.headers["content-type"]), /^application\/json/, `content-type of ${where}`);
  assert.doesNotMatch(res.text, /<html|<!doctype/i, "HTML in an error body");
  assert.doesNotMatch(res.text, /\n\s+at .+\(.+:\d+:\d+\)|node:internal|\/dist\/src\//, "stack trace in an error body");
  assert.ok(res.json && typeof res.json === "object", `error body is not JSON: ${res.text}`);
  assert.deepEqual(Object.keys(res.json), ["error"], `error body has other top-level keys: ${res.text}`);
  const error = res.json.error as Record<string, unknown>;
  assert.equal(typeof error["code"], "string");
  assert.equal(typeof error["message"], "string");
  assert.ok((error["message"] as string).length > 0, "empty error message");
  for (const k of Object.keys(error)) assert.ok(ERROR_KEYS.has(k), `unexpected error key '${k}'`);
  assert.equal(error["code"], code, where);
  if (typeof messageIncludes === "string")
    assert.ok((error["message"] as string).includes(messageIncludes), `message '${String(error["message"])}' lacks '${messageIncludes}'`);
  else if (messageIncludes) assert.match(error["message"] as string, messageIncludes);
}

function assert401(res: RawResponse, code: string): void {
  assertArmError(res, 401, code);
  const challenge = res.headers["www-authenticate"];
  assert.ok(typeof challenge === "string", `401 ${code} without WWW-Authenticate`);
  assert.match(challenge, /^Bearer authorization_uri="https:\/\/login\.windows\.net\/[^"]*", error="invalid_token", error_description="[^"]+"$/);
}

function pathOf(url: string): string {
  const u = new URL(url);
  return u.pathname + u.search;
}

async function ok(p: Promise<RawResponse>, status: number): Promise<RawResponse> {
  const res = await p;
  assert.equal(res.status, status, `expected ${status}, got ${res.status} ${res.text.slice(0, 300)}`);
  assertIds(res);
  return res;
}

async function createGroup(te: TestEmulator, rg = RG, location = "eastus"): Promise<void> {
  const res = await te.request("PUT", `${rgPath(SUB, rg)}?${RG_API}`, { body: { location } });
  assert.ok(res.status === 200 || res.status === 201, res.text);
}

/** A request with a chunked body (no content-length). */
function chunkedRequest(te: TestEmulator, method: string, path: string, chunks: Buffer[]): Promise<RawResponse> {
  const agent = new Agent({ ca: te.caPem });
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      te.endpoint + path,
      { method, agent, headers: { authorization: `Bearer ${te.token()}`, "content-type": "application/json", "transfer-encoding": "chunked" } },
      (res) => {
        readResponse(res)
          .then(resolve, reject)
          .finally(() => agent.destroy());
      },
    );
    req.on("error", (e) => {
      agent.destroy();
      reject(e);
    });
    for (const c of chunks) req.write(c);
    req.end();
  });
}

describe("ARM envelope (raw HTTPS)", () => {
  let te: TestEmulator;

  before(async () => {
    // Operations take 1 s of emulator time; settle() moves the clock past them (no sleeping).
    te = await startTestEmulator({ lroDurationMs: 1000 });
    await createGroup(te);
  });
  after(async () => {
    await te?.close();
  });

  const get = (path: string, o?: RawOptions): Promise<RawResponse> => te.request("GET", path, o);
  const settle = (): void => te.emulator.clock.advance(1500);

  describe("api-version", () => {
    test("missing api-version on a provider route and on an ARM route: 400 MissingApiVersionParameter", async () => {
      for (const path of [cluster("nope"), rgPath(SUB, RG), "/subscriptions"]) {
        assertArmError(await get(path), 400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
        assertArmError(await get(`${path}?api-version=`), 400, "MissingApiVersionParameter");
      }
    });

    test("unknown api-version on managedClusters: 400 NoRegisteredProviderFound with the versions and the location", async () => {
      const res = await get(withApi(cluster("nope"), "api-version=2099-01-01"));
      assertArmError(
        res,
        400,
        "NoRegisteredProviderFound",
        "No registered resource provider found for location 'eastus' and API version '2099-01-01' for type 'managedClusters'. The supported api-versions are '",
      );
      const message = res.json.error.message as string;
      for (const v of ["2017-08-31", "2022-11-01", "2026-04-01", "2026-06-01"]) assert.ok(message.includes(v), `supported list lacks ${v}`);
      assert.match(message, /The supported api-versions are '\d{4}-\d{2}-\d{2}, \d{4}-/, "comma+space separated list");
      assert.match(message, /The supported locations are '[a-z0-9]+, [a-z0-9]+.*eastus.*'\.$/);

      // The body's location wins on a PUT.
      const put = await te.request("PUT", withApi(cluster("nope"), "api-version=2010-01-01"), { body: clusterBody({ location: "westus2" }) });
      assertArmError(put, 400, "NoRegisteredProviderFound", "for location 'westus2' and API version '2010-01-01'");
    });

    test("unknown api-version on ARM's own endpoints: 400 InvalidApiVersionParameter with the versions", async () => {
      for (const path of [rgPath(SUB, RG), "/subscriptions", `/subscriptions/${SUB}/resourcegroups`]) {
        const res = await get(`${path}?api-version=2099-01-01`);
        assertArmError(res, 400, "InvalidApiVersionParameter", "The api-version '2099-01-01' is invalid. The supported versions are '");
        for (const v of ["2022-09-01", "2025-04-01", "2019-11-01", "2021-01-01"]) assert.ok(res.json.error.message.includes(v), `supported list lacks ${v}`);
      }
    });

    test("the versions real clients send are accepted", async () => {
      await ok(te.request("PUT", withApi(cluster("versions")), { body: clusterBody() }), 201);
      // 2026-04-01 TS SDK 25.3, 2022-11-01 Debian Python SDK, 2026-06-01 TS SDK 25.5.
      for (const v of ["2026-04-01", "2022-11-01", "2026-06-01"]) {
        const res = await ok(get(withApi(cluster("versions"), `api-version=${v}`)), 200);
        assert.equal(res.json.name, "versions");
      }
      for (const v of ["2022-09-01", "2025-04-01"]) await ok(get(`${rgPath(SUB, RG)}?api-version=${v}`), 200);
      for (const v of ["2019-11-01", "2021-01-01"]) {
        const res = await ok(get(`/subscriptions?api-version=${v}`), 200);
        assert.ok(Array.isArray(res.json.value));
      }
    });

    test("the operation-status URL accepts 2016-03-30 and 2017-08-31 only", async () => {
      const created = await ok(te.request("PUT", withApi(cluster("opversions")), { body: clusterBody() }), 201);
      const statusPath = pathOf(String(created.headers["azure-asyncoperation"]));
      assert.match(statusPath, /\?api-version=2016-03-30$/);
      for (const v of ["2016-03-30", "2017-08-31"]) {
        const res = await ok(get(statusPath.replace("2016-03-30", v)), 200);
        assert.equal(typeof res.json.status, "string");
      }
      // docs/fidelity.md "api-version on the operation-status URL"
      const wrong = await get(statusPath.replace("2016-03-30", TS_SDK));
      assertArmError(wrong, 400, "NoRegisteredProviderFound", "The supported api-versions are '2016-03-30, 2017-08-31'.");
    });
  });

  describe("request ids", () => {
    test("x-ms-request-id and x-ms-correlation-request-id on success and on errors", async () => {
      const answers = [
        await get(`${rgPath(SUB, RG)}?${RG_API}`),
        await get(withApi(cluster("missing"))),
        await get(withApi(cluster("missing")), { auth: false }),
        await te.request("POST", withApi(cluster("missing"))),
        await get("/no/such/route"),
      ];
      const seen = new Set<string>();
      for (const res of answers) {
        assertIds(res);
        // Without a caller correlation id, ARM uses a fresh GUID (we use the request id).
        assert.match(String(res.headers["x-ms-correlation-request-id"]), GUID);
        seen.add(String(res.headers["x-ms-request-id"]));
      }
      assert.equal(seen.size, answers.length, "request ids are unique per request");
    });

    test("a caller's correlation id is echoed, on success and on errors", async () => {
      for (const [path, o, status] of [
        [`${rgPath(SUB, RG)}?${RG_API}`, {}, 200],
        [withApi(cluster("missing")), {}, 404],
        [withApi(cluster("missing")), { auth: false }, 401],
      ] as const) {
        const correlation = randomUUID();
        const res = await get(path, { ...o, headers: { "x-ms-correlation-request-id": correlation } });
        assert.equal(res.status, status);
        assert.equal(res.headers["x-ms-correlation-request-id"], correlation);
        assert.notEqual(res.headers["x-ms-request-id"], correlation, "the request id is the service's own");
      }
    });

    test("x-ms-client-request-id is echoed when x-ms-return-client-request-id is true", async () => {
      for (const [path, status] of [
        [`${rgPath(SUB, RG)}?${RG_API}`, 200],
        [withApi(cluster("missing")), 404],
      ] as const) {
        const clientId = randomUUID();
        const res = await get(path, { headers: { "x-ms-client-request-id": clientId, "x-ms-return-client-request-id": "true" } });
        assert.equal(res.status, status);
        assert.equal(res.headers["x-ms-client-request-id"], clientId);
      }
    });
  });

  describe("case-insensitive paths and names", () => {
    test("any casing of the path reads the resource; the answer keeps the name as created", async () => {
      await ok(te.request("PUT", withApi(cluster("myCluster")), { body: clusterBody() }), 201);
      const shouting = `/SUBSCRIPTIONS/${SUB.toUpperCase()}/RESOURCEGROUPS/${RG.toUpperCase()}/PROVIDERS/microsoft.containerservice/MANAGEDCLUSTERS/MyCluster?${API}`;
      const res = await ok(get(shouting), 200);
      assert.equal(res.json.name, "myCluster");
      assert.match(res.json.id, /\/managedClusters\/myCluster$/);
      assert.ok(String(res.json.id).includes(SUB), "id keeps the subscription as created");

      const lower = await ok(get(`/subscriptions/${SUB}/resourcegroups/${RG}/providers/Microsoft.ContainerService/managedclusters/mycluster?${API}`), 200);
      assert.equal(lower.json.name, "myCluster");

      // Writing through another casing updates the same resource and keeps the original name.
      settle();
      const update = await ok(te.request("PUT", withApi(cluster("MYCLUSTER")), { body: clusterBody() }), 200);
      assert.equal(update.json.name, "myCluster");
      const list = await ok(get(withApi(`/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters`)), 200);
      assert.equal((list.json.value as { name: string }[]).filter((c) => c.name.toLowerCase() === "mycluster").length, 1);

      const group = await ok(get(`/SUBSCRIPTIONS/${SUB}/RESOURCEGROUPS/${RG.toUpperCase()}?${RG_API}`), 200);
      assert.equal(group.json.name, RG);
    });
  });

  describe("request bodies and routing", () => {
    test("malformed JSON: 400 InvalidRequestContent", async () => {
      const res = await te.request("PUT", withApi(cluster("badjson")), { body: '{"location": "eastus",' });
      assertArmError(res, 400, "InvalidRequestContent");
    });

    test("a non-JSON content type: 415 UnsupportedMediaType", async () => {
      // docs/fidelity.md "Non-JSON content type"
      const res = await te.request("PUT", withApi(cluster("textplain")), { body: JSON.stringify(clusterBody()), headers: { "content-type": "text/plain" } });
      assertArmError(res, 415, "UnsupportedMediaType");
    });

    test("an empty body on PUT: 400", async () => {
      // docs/fidelity.md "Empty body on PUT/PATCH"
      assertArmError(await te.request("PUT", withApi(cluster("empty")), { body: "" }), 400, "InvalidRequestContent");
      assertArmError(await te.request("PUT", withApi(cluster("empty"))), 400, "InvalidRequestContent");
      assertArmError(await te.request("PUT", `${rgPath(SUB, "rg-empty")}?${RG_API}`, { body: "" }), 400, "InvalidRequestContent");
      // JSON that is not an object is no better.
      assertArmError(await te.request("PUT", withApi(cluster("empty")), { body: "null" }), 400, "InvalidRequestContent");
      assertArmError(await te.request("PUT", withApi(cluster("empty")), { body: [] }), 400, "InvalidRequestContent");
    });

    test("an unknown route: 404 in ARM JSON", async () => {
      // docs/fidelity.md "Unknown route"
      for (const path of ["/", "/no/such/route?api-version=2022-09-01", `/subscriptions/${SUB}/resourceGroups/${RG}/somethingElse?${API}`]) {
        assertArmError(await get(path), 404, "NotFound");
      }
    });

    test("a wrong method on a known path: 405 with an Allow header", async () => {
      // docs/fidelity.md "Method not allowed"
      const res = await te.request("POST", withApi(cluster("anything")), { body: {} });
      assertArmError(res, 405, "MethodNotAllowed");
      const allow = String(res.headers["allow"]).split(/,\s*/);
      for (const m of ["GET", "PUT", "PATCH", "DELETE"]) assert.ok(allow.includes(m), `Allow lacks ${m}: ${allow.join(",")}`);
      assertArmError(await te.request("PUT", "/subscriptions?api-version=2022-09-01", { body: {} }), 405, "MethodNotAllowed");
    });

    test("malformed percent-encoding in the path: 400 InvalidRequestUri, not a misleading 404", async () => {
      // docs/fidelity.md "Malformed percent-encoding in the path"
      assertArmError(await get(withApi(cluster("%zz"))), 400, "InvalidRequestUri");
      // A well-formed escape is decoded as usual.
      assertArmError(await get(withApi(cluster("ab%63"))), 404, "ResourceNotFound", "managedClusters/abc'");
    });

    test("an unknown resource type in our namespace: 404 InvalidResourceType", async () => {
      const res = await get(`/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/fooBars/x?${API}`);
      assertArmError(res, 404, "InvalidResourceType", "'fooBars'");
      assert.equal(res.headers["x-ms-failure-cause"], "gateway");
    });
  });

  describe("authentication (401)", () => {
    let baseClaims: JWTPayload;
    let emulatorKey: Awaited<ReturnType<typeof ensureSigningKey>>;
    const path = (): string => `${rgPath(SUB, RG)}?${RG_API}`;
    const nowSec = (): number => Math.floor(Date.now() / 1000);

    before(async () => {
      baseClaims = decodeJwt(te.token());
      emulatorKey = await ensureSigningKey(testTlsDir());
    });

    /** A token with the emulator's own key (so only the changed claims are wrong). */
    const signed = (claims: JWTPayload): Promise<string> =>
      new SignJWT({ ...baseClaims, ...claims }).setProtectedHeader({ alg: "ES256", typ: "JWT", kid: emulatorKey.kid }).sign(emulatorKey.privateKey);

    test("the emulator's own forged-claims helper works (sanity)", async () => {
      await ok(get(path(), { auth: `Bearer ${await signed({})}` }), 200);
    });

    test("no Authorization header: AuthenticationFailed", async () => {
      const res = await get(path(), { auth: false });
      assert401(res, "AuthenticationFailed");
      assert.equal(res.json.error.message, "Authentication failed. The 'Authorization' header is missing.");
      assert.equal(
        res.headers["www-authenticate"],
        `Bearer authorization_uri="https://login.windows.net/", error="invalid_token", error_description="The authentication failed because of missing 'Authorization' header."`,
      );
    });

    test("a malformed Authorization header: AuthenticationFailedInvalidHeader", async () => {
      for (const auth of ["Basic abc", "Bearer", "Bearer a b", te.token()]) {
        const res = await get(path(), { auth });
        assert401(res, "AuthenticationFailedInvalidHeader");
        assert.equal(res.json.error.message, "Authentication failed. The 'Authorization' header is provided in an invalid format.");
      }
    });

    test("garbage, a foreign key and alg none: InvalidAuthenticationToken", async () => {
      const { privateKey: foreignKey } = await generateKeyPair("ES256");
      const foreign = await new SignJWT(baseClaims).setProtectedHeader({ alg: "ES256", typ: "JWT", kid: emulatorKey.kid }).sign(foreignKey);
      const none = new UnsecuredJWT(baseClaims).encode();
      const [h, p] = te.token().split(".");
      const tampered = `${h}.${Buffer.from(JSON.stringify({ ...baseClaims, roles: ["Owner"], oid: randomUUID() })).toString("base64url")}.${te.token().split(".")[2]}`;
      for (const token of ["garbage", "a.b.c", foreign, none, `${h}.${p}.`, tampered]) {
        const res = await get(path(), { auth: `Bearer ${token}` });
        assert401(res, "InvalidAuthenticationToken");
        assert.equal(res.json.error.message, "The access token is invalid.");
      }
    });

    test("an expired token: ExpiredAuthenticationToken", async () => {
      const res = await get(path(), { auth: `Bearer ${await signed({ iat: nowSec() - 7200, nbf: nowSec() - 7200, exp: nowSec() - 60 })}` });
      assert401(res, "ExpiredAuthenticationToken");
      assert.match(
        res.json.error.message,
        /^The access token expiry UTC time '\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M' is earlier than current UTC time '\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M'\.$/,
      );
      // The emulator's own issue() with a past lifetime gives the same.
      assert401(
        await get(path(), { auth: `Bearer ${te.emulator.tokens.issue("https://management.azure.com", OWNER_PRINCIPAL, -60).accessToken}` }),
        "ExpiredAuthenticationToken",
      );
    });

    test("a token that is not valid yet: InvalidAuthenticationToken", async () => {
      // docs/fidelity.md "Not-yet-valid token"
      const res = await get(path(), { auth: `Bearer ${await signed({ iat: nowSec(), nbf: nowSec() + 3600, exp: nowSec() + 7200 })}` });
      assert401(res, "InvalidAuthenticationToken");
      assert.match(res.json.error.message, /not yet valid/);
    });

    test("a wrong audience: InvalidAuthenticationTokenAudience", async () => {
      for (const aud of ["https://graph.microsoft.com", "https://vault.azure.net", "https://example.com:1234"]) {
        const res = await get(path(), { auth: `Bearer ${await signed({ aud })}` });
        assert401(res, "InvalidAuthenticationTokenAudience");
        assert.ok(res.json.error.message.startsWith(`The access token has been obtained for wrong audience or resource '${aud}'.`), res.json.error.message);
      }
    });

    test("a wrong issuer: InvalidAuthenticationTokenTenant", async () => {
      const other = "72f988bf-86f1-41af-91ab-2d7cd011db47";
      for (const iss of [`https://sts.windows.net/${other}/`, "https://evil.example/"]) {
        const res = await get(path(), { auth: `Bearer ${await signed({ iss })}` });
        assert401(res, "InvalidAuthenticationTokenTenant");
        assert.ok(res.json.error.message.includes(iss), res.json.error.message);
      }
    });

    test("401 comes before routing, api-version and body checks", async () => {
      assert401(await get("/no/such/route", { auth: false }), "AuthenticationFailed");
      assert401(await get(cluster("x"), { auth: "Bearer garbage" }), "InvalidAuthenticationToken");
      assert401(await te.request("PUT", withApi(cluster("x")), { auth: false, body: "{not json" }), "AuthenticationFailed");
    });

    test("tokens for the emulator's own origin and for management.core.windows.net are accepted", async () => {
      for (const resource of [
        te.endpoint,
        `${te.endpoint}/`,
        `${te.endpoint}/.default`,
        "https://management.core.windows.net/",
        "https://management.core.windows.net",
        "https://management.azure.com/",
      ]) {
        await ok(get(path(), { auth: `Bearer ${te.token(OWNER_PRINCIPAL, resource)}` }), 200);
      }
    });
  });

  describe("authorization (403)", () => {
    const reader = (): string => `Bearer ${te.token(READER_PRINCIPAL)}`;

    test("a Reader may read but not write clusters", async () => {
      await ok(te.request("PUT", withApi(cluster("readme")), { body: clusterBody() }), 201);
      await ok(get(withApi(cluster("readme")), { auth: reader() }), 200);
      await ok(get(withApi(`/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters`), { auth: reader() }), 200);
      for (const [method, body] of [
        ["PUT", clusterBody()],
        ["PATCH", { tags: { a: "b" } }],
        ["DELETE", undefined],
      ] as const) {
        const res = await te.request(method, withApi(cluster("readme")), { auth: reader(), body });
        assertArmError(
          res,
          403,
          "AuthorizationFailed",
          `The client '${READER_PRINCIPAL.objectId}' with object id '${READER_PRINCIPAL.objectId}' does not have authorization to perform action 'Microsoft.ContainerService/managedClusters/`,
        );
      }
      // Nothing changed.
      const after = await ok(get(withApi(cluster("readme"))), 200);
      assert.equal(after.json.tags, undefined);
    });

    test("a Reader may read but not write resource groups", async () => {
      await ok(get(`${rgPath(SUB, RG)}?${RG_API}`, { auth: reader() }), 200);
      await ok(get(`/subscriptions/${SUB}/resourcegroups?${RG_API}`, { auth: reader() }), 200);
      for (const [method, body] of [
        ["PUT", { location: "eastus" }],
        ["PATCH", { tags: { a: "b" } }],
        ["DELETE", undefined],
      ] as const) {
        const res = await te.request(method, `${rgPath(SUB, RG)}?${RG_API}`, { auth: reader(), body });
        assertArmError(res, 403, "AuthorizationFailed", "'Microsoft.Resources/resourceGroups/");
      }
      await ok(get(`${rgPath(SUB, RG)}?${RG_API}`), 200);
    });
  });

  describe("not found and bad ids", () => {
    test("a missing cluster: 404 ResourceNotFound with ARM's exact message", async () => {
      const res = await get(withApi(cluster("ghost")));
      assertArmError(res, 404, "ResourceNotFound");
      assert.equal(
        res.text,
        JSON.stringify({
          error: {
            code: "ResourceNotFound",
            message: `The Resource 'Microsoft.ContainerService/managedClusters/ghost' under resource group '${RG}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
          },
        }),
      );
      assert.equal(res.headers["x-ms-failure-cause"], "gateway");
      assertArmError(await te.request("PATCH", withApi(cluster("ghost")), { body: { tags: {} } }), 404, "ResourceNotFound");
    });

    test("a cluster in a missing group: 404 ResourceGroupNotFound", async () => {
      for (const method of ["GET", "PUT", "PATCH", "DELETE"]) {
        const body = method === "PUT" ? clusterBody() : method === "PATCH" ? { tags: {} } : undefined;
        const res = await te.request(method, withApi(cluster("c1", "no-such-rg")), { body });
        assertArmError(res, 404, "ResourceGroupNotFound", "Resource group 'no-such-rg' could not be found.");
      }
      assertArmError(
        await get(withApi(`/subscriptions/${SUB}/resourceGroups/no-such-rg/providers/Microsoft.ContainerService/managedClusters`)),
        404,
        "ResourceGroupNotFound",
      );
      assertArmError(await get(`${rgPath(SUB, "no-such-rg")}?${RG_API}`), 404, "ResourceGroupNotFound");
    });

    test("HEAD on a cluster: 204 when it exists, 404 when not (as ARM's existence check expects)", async () => {
      await ok(te.request("PUT", withApi(cluster("headme")), { body: clusterBody() }), 201);
      const there = await te.request("HEAD", withApi(cluster("headme")));
      assert.equal(there.status, 204);
      assert.equal(there.text, "");
      const missing = await te.request("HEAD", withApi(cluster("ghost")));
      assert.equal(missing.status, 404);
      assert.equal(missing.text, "");
    });

    test("a malformed subscription id: 400 InvalidSubscriptionId", async () => {
      for (const path of [withApi(clusterPath("not-a-guid", RG, "c1")), `${rgPath("not-a-guid", RG)}?${RG_API}`]) {
        assertArmError(await get(path), 400, "InvalidSubscriptionId", "'not-a-guid'");
      }
    });
  });

  describe("preconditions (If-Match / If-None-Match)", () => {
    const name = "etagged";
    const currentEtag = async (): Promise<string> => {
      const res = await ok(get(withApi(cluster(name))), 200);
      assert.match(String(res.json.eTag), /\S/);
      return String(res.json.eTag);
    };

    before(async () => {
      await ok(te.request("PUT", withApi(cluster(name)), { body: clusterBody() }), 201);
    });

    test("PUT with a wrong If-Match: 412 PreconditionFailed", async () => {
      const res = await te.request("PUT", withApi(cluster(name)), { body: clusterBody(), headers: { "if-match": "wrong-etag" } });
      assertArmError(res, 412, "PreconditionFailed");
      assertArmError(
        await te.request("PUT", withApi(cluster(name)), { body: clusterBody(), headers: { "if-match": '"wrong-etag"' } }),
        412,
        "PreconditionFailed",
      );
    });

    test("PUT with the current eTag (bare or quoted): 200", async () => {
      settle();
      const first = await currentEtag();
      const res = await ok(te.request("PUT", withApi(cluster(name)), { body: clusterBody(), headers: { "if-match": first } }), 200);
      assert.notEqual(res.json.eTag, first, "an update changes the eTag");
      settle();
      const second = await currentEtag();
      await ok(te.request("PUT", withApi(cluster(name)), { body: clusterBody(), headers: { "if-match": `"${second}"` } }), 200);
      settle();
      // The old eTag is stale now.
      assertArmError(await te.request("PUT", withApi(cluster(name)), { body: clusterBody(), headers: { "if-match": first } }), 412, "PreconditionFailed");
      await ok(te.request("PUT", withApi(cluster(name)), { body: clusterBody(), headers: { "if-match": "*" } }), 200);
    });

    test("If-Match: * on a missing resource: 412", async () => {
      assertArmError(await te.request("PUT", withApi(cluster("absent")), { body: clusterBody(), headers: { "if-match": "*" } }), 412, "PreconditionFailed");
      assertArmError(await get(withApi(cluster("absent"))), 404, "ResourceNotFound");
    });

    test("If-None-Match: * on an existing resource: 412; on a missing one it creates", async () => {
      assertArmError(await te.request("PUT", withApi(cluster(name)), { body: clusterBody(), headers: { "if-none-match": "*" } }), 412, "PreconditionFailed");
      await ok(te.request("PUT", withApi(cluster("fresh")), { body: clusterBody(), headers: { "if-none-match": "*" } }), 201);
    });

    test("If-None-Match other than *: 400; both headers together: 400", async () => {
      assertArmError(await te.request("PUT", withApi(cluster(name)), { body: clusterBody(), headers: { "if-none-match": "abc" } }), 400, "BadRequest");
      assertArmError(
        await te.request("PUT", withApi(cluster(name)), { body: clusterBody(), headers: { "if-none-match": "*", "if-match": "*" } }),
        400,
        "BadRequest",
      );
    });

    test("PATCH with a wrong If-Match: 412", async () => {
      assertArmError(
        await te.request("PATCH", withApi(cluster(name)), { body: { tags: { a: "b" } }, headers: { "if-match": "wrong-etag" } }),
        412,
        "PreconditionFailed",
      );
    });

    test("DELETE with a wrong If-Match: 412; DELETE of a missing cluster: 204", async () => {
      assertArmError(await te.request("DELETE", withApi(cluster(name)), { headers: { "if-match": "wrong-etag" } }), 412, "PreconditionFailed");
      await ok(get(withApi(cluster(name))), 200);
      const gone = await ok(te.request("DELETE", withApi(cluster("never-was"))), 204);
      assert.equal(gone.text, "");
    });
  });

  describe("HTTP the parser refuses", () => {
    test("a request Node's HTTP parser rejects is answered in ARM JSON with request ids", async () => {
      const port = Number(new URL(te.endpoint).port);
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = tlsConnect({ host: "127.0.0.1", port, ca: te.caPem, servername: "localhost" }, () =>
          socket.end("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"),
        );
        let data = "";
        socket.on("data", (c: Buffer) => (data += c.toString("utf8")));
        socket.on("end", () => resolve(data));
        socket.on("error", reject);
      });
      const [head = "", body = ""] = answer.split("\r\n\r\n");
      assert.match(head, /^HTTP\/1\.1 400 /);
      assert.match(head, /\r\nx-ms-request-id: [0-9a-f-]{36}/i);
      assert.equal(typeof JSON.parse(body).error.code, "string");
    });
  });

  describe("a server that survived all of the above", () => {
    test("still answers a normal request", async () => {
      const res = await ok(te.request("PUT", withApi(cluster("survivor")), { body: clusterBody() }), 201);
      assert.equal(res.json.name, "survivor");
      const health = await te.request("GET", "/_emulator/health", { auth: false });
      assert.equal(health.status, 200);
      assert.deepEqual(health.json, { status: "ready" });
      await ok(get(withApi(cluster("survivor"))), 200);
    });
  });
});

describe("body size limit (maxBodyBytes 1024)", () => {
  let small: TestEmulator;
  before(async () => {
    small = await startTestEmulator({ maxBodyBytes: 1024 });
    await createGroup(small);
  });
  after(async () => {
    await small?.close();
  });
  const big = (): Record<string, unknown> => clusterBody({ tags: { filler: "x".repeat(2000) } });

  test("a body over the limit with content-length: 413", async () => {
    // docs/fidelity.md "Request body over the size limit"
    const res = await small.request("PUT", withApi(cluster("big")), { body: big() });
    assertArmError(res, 413, "RequestContentTooLarge", "1024 bytes");
  });

  test("a chunked body over the limit without content-length: 413", async () => {
    const payload = Buffer.from(JSON.stringify(big()));
    const chunks = [payload.subarray(0, 600), payload.subarray(600, 1200), payload.subarray(1200)];
    const res = await chunkedRequest(small, "PUT", withApi(cluster("bigchunked")), chunks);
    assertArmError(res, 413, "RequestContentTooLarge");
  });

  test("a body under the limit, chunked or not, is fine; the server still serves", async () => {
    await ok(small.request("PUT", withApi(cluster("fits")), { body: clusterBody() }), 201);
    const payload = Buffer.from(JSON.stringify(clusterBody()));
    const res = await chunkedRequest(small, "PUT", withApi(cluster("fitschunked")), [payload.subarray(0, 100), payload.subarray(100)]);
    assert.equal(res.status, 201, res.text);
    assertArmError(await small.request("GET", withApi(cluster("big"))), 404, "ResourceNotFound");
  });
});

describe("long-running operations (lroDurationMs 60000, clock moved by the test)", () => {
  let slow: TestEmulator;
  const LRO_MS = 60_000;
  before(async () => {
    slow = await startTestEmulator({ lroDurationMs: LRO_MS });
    await createGroup(slow);
  });
  after(async () => {
    await slow?.close();
  });
  const advance = (): void => slow.emulator.clock.advance(LRO_MS + 1000);

  test("create, poll, update, PATCH tags, delete: ARM's LRO shape", async () => {
    const port = new URL(slow.endpoint).port;
    const host = `localhost:${port}`;
    const created = await ok(slow.request("PUT", withApi(cluster("lro")), { body: clusterBody(), headers: { host } }), 201);
    assert.equal(created.json.properties.provisioningState, "Creating");
    assert.equal(created.headers["retry-after"], "1");
    assert.equal(created.headers["location"], undefined, "a create answers Azure-AsyncOperation only");
    const asyncOp = String(created.headers["azure-asyncoperation"]);
    assert.match(
      asyncOp,
      new RegExp(
        `^https://localhost:${port}/subscriptions/${SUB}/providers/Microsoft\\.ContainerService/locations/eastus/operations/[0-9a-f-]{36}\\?api-version=2016-03-30$`,
      ),
      "absolute URL built from the request's Host",
    );
    const opPath = pathOf(asyncOp);
    const opId = opPath.split("/operations/")[1]!.split("?")[0]!;

    const running = await ok(slow.request("GET", opPath), 200);
    assert.deepEqual(Object.keys(running.json), ["name", "status", "startTime"]);
    assert.equal(running.json.name, opId);
    assert.equal(running.json.status, "InProgress");
    assert.match(running.json.startTime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$/);
    assert.equal((await ok(slow.request("GET", withApi(cluster("lro"))), 200)).json.properties.provisioningState, "Creating");

    advance();
    const done = await ok(slow.request("GET", opPath), 200);
    assert.deepEqual(Object.keys(done.json), ["name", "status", "startTime", "endTime"]);
    assert.equal(done.json.status, "Succeeded");
    assert.equal(done.json.startTime, running.json.startTime);
    assert.ok(Date.parse(done.json.endTime) > Date.parse(done.json.startTime));
    assert.equal((await ok(slow.request("GET", withApi(cluster("lro"))), 200)).json.properties.provisioningState, "Succeeded");

    const updated = await ok(slow.request("PUT", withApi(cluster("lro")), { body: clusterBody({ tags: { env: "test" } }) }), 200);
    assert.equal(updated.json.properties.provisioningState, "Updating");
    assert.match(String(updated.headers["azure-asyncoperation"]), /\/operations\/[0-9a-f-]{36}\?api-version=2016-03-30$/);
    assert.notEqual(updated.headers["azure-asyncoperation"], asyncOp);
    advance();
    assert.equal((await ok(slow.request("GET", pathOf(String(updated.headers["azure-asyncoperation"]))), 200)).json.status, "Succeeded");

    // docs/fidelity.md "PATCH tags"
    const patched = await ok(slow.request("PATCH", withApi(cluster("lro")), { body: { tags: { team: "a" } } }), 200);
    assert.deepEqual(patched.json.tags, { team: "a" });
    assert.equal(patched.json.name, "lro");
    assert.deepEqual((await ok(slow.request("GET", withApi(cluster("lro"))), 200)).json.tags, { team: "a" });

    const deleted = await ok(slow.request("DELETE", withApi(cluster("lro"))), 202);
    assert.equal(deleted.text, "");
    assert.equal(deleted.headers["content-length"], "0");
    const delOp = String(deleted.headers["azure-asyncoperation"]);
    const location = String(deleted.headers["location"]);
    assert.match(delOp, /\/providers\/Microsoft\.ContainerService\/locations\/eastus\/operations\/[0-9a-f-]{36}\?api-version=2016-03-30$/);
    assert.match(location, /\/providers\/Microsoft\.ContainerService\/locations\/eastus\/operationresults\/[0-9a-f-]{36}\?api-version=2016-03-30$/);
    assert.equal(delOp.split("/operations/")[1], location.split("/operationresults/")[1], "same operation id");
    assert.equal((await ok(slow.request("GET", withApi(cluster("lro"))), 200)).json.properties.provisioningState, "Deleting");

    const pending = await ok(slow.request("GET", pathOf(location)), 202);
    assert.equal(pending.text, "");
    assert.ok(pending.headers["location"], "202 from operationresults carries Location");
    advance();
    const finished = await ok(slow.request("GET", pathOf(location)), 204);
    assert.equal(finished.text, "");
    assert.equal((await ok(slow.request("GET", pathOf(delOp)), 200)).json.status, "Succeeded");
    assertArmError(await slow.request("GET", withApi(cluster("lro"))), 404, "ResourceNotFound");
  });

  test("writes during a create: PUT and PATCH 409 OperationNotAllowed; DELETE preempts it (NotLatestOperation)", async () => {
    const created = await ok(slow.request("PUT", withApi(cluster("busy")), { body: clusterBody() }), 201);
    const createOp = pathOf(String(created.headers["azure-asyncoperation"]));

    const put = await slow.request("PUT", withApi(cluster("busy")), { body: clusterBody({ tags: { a: "b" } }) });
    assertArmError(
      put,
      409,
      "OperationNotAllowed",
      "Operation is not allowed: Another operation (Creating) is in progress, please wait for it to finish before starting a new operation.",
    );
    const patch = await slow.request("PATCH", withApi(cluster("busy")), { body: { tags: { a: "b" } } });
    assertArmError(patch, 409, "OperationNotAllowed");

    const deleted = await ok(slow.request("DELETE", withApi(cluster("busy"))), 202);
    assert.equal(deleted.text, "");
    const preempted = await ok(slow.request("GET", createOp), 200);
    assert.equal(preempted.json.status, "InProgress");
    assert.equal(preempted.json.error?.code, "NotLatestOperation");
    assert.equal(
      preempted.json.error?.message,
      "The operation has been preempted by another one. Please wait for the other operation to complete and try again..",
    );
    // While the delete runs, another write is refused too.
    assertArmError(await slow.request("PUT", withApi(cluster("busy")), { body: clusterBody() }), 409, "OperationNotAllowed", "(Deleting)");
    // A second DELETE answers with the running delete. docs/fidelity.md "DELETE while a delete runs"
    const again = await ok(slow.request("DELETE", withApi(cluster("busy"))), 202);
    assert.equal(again.headers["azure-asyncoperation"], deleted.headers["azure-asyncoperation"]);

    advance();
    // Recorded by real AKS (docs/sources.md "Preempted operation"): the preempted operation ends Succeeded and keeps the error.
    const ended = await ok(slow.request("GET", createOp), 200);
    assert.equal(ended.json.status, "Succeeded");
    assert.equal(ended.json.error?.code, "NotLatestOperation");
    assert.ok(ended.json.endTime);
    assert.equal((await ok(slow.request("GET", pathOf(String(deleted.headers["azure-asyncoperation"]))), 200)).json.status, "Succeeded");
    assertArmError(await slow.request("GET", withApi(cluster("busy"))), 404, "ResourceNotFound");
  });

  test("an unknown operation id: 404 in ARM JSON", async () => {
    // docs/fidelity.md "Unknown operation id"
    const res = await slow.request(
      "GET",
      `/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/eastus/operations/${randomUUID()}?api-version=2016-03-30`,
    );
    assertArmError(res, 404, "NotFound");
  });
});
