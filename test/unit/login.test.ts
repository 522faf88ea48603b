import { test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureLoginClient, LOGIN_CLIENT_FILE, loginAnswer, type LoginOptions, newClientSecret } from "../../src/identity/login.js";
import { EMULATOR_TENANT_ID } from "../../src/identity/principals.js";
import { signingKeyFromPem } from "../../src/identity/signing-key.js";
import { armAudienceAccepted, TokenService } from "../../src/identity/tokens.js";

/** The login.microsoftonline.com answers (src/identity/login.ts) without the proxy around them. */

const pem = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const tokens = new TokenService(signingKeyFromPem(pem), { tenantId: EMULATOR_TENANT_ID });
const client = { clientId: "3f1e0c5a-6b7d-4e8f-9a0b-1c2d3e4f5a6b", clientSecret: "s3cr3t" };
const opts: LoginOptions = { tokens, tenantId: EMULATOR_TENANT_ID, client };

function post(body: Record<string, string>, headers: Record<string, string> = {}, tenant = EMULATOR_TENANT_ID) {
  return loginAnswer(
    { method: "POST", path: `/${tenant}/oauth2/v2.0/token`, query: new URLSearchParams(), headers, body: new URLSearchParams(body).toString() },
    opts,
  );
}

const good = {
  grant_type: "client_credentials",
  client_id: client.clientId,
  client_secret: client.clientSecret,
  scope: "https://management.azure.com/.default",
};

test("client_credentials: a token ARM verifies, for the generated client as Owner", async () => {
  const a = post(good);
  assert.equal(a.status, 200);
  const body = a.body as { access_token: string };
  const p = await tokens.verify(`Bearer ${body.access_token}`, armAudienceAccepted("https://management.azure.com"));
  assert.equal(p.clientId, client.clientId);
  assert.equal(p.role, "Owner");
});

test("client_secret_basic is accepted too", () => {
  const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString("base64");
  const a = post({ grant_type: "client_credentials", scope: "https://management.azure.com/.default" }, { authorization: `Basic ${basic}` });
  assert.equal(a.status, 200);
});

test("the request errors Entra answers", () => {
  const cases: Array<[Record<string, string>, number, string, number]> = [
    [{ ...good, client_secret: "" }, 401, "invalid_client", 7000218],
    [{ ...good, grant_type: "password" }, 400, "unsupported_grant_type", 70003],
    [{ ...good, scope: "https://management.azure.com/user_impersonation" }, 400, "invalid_scope", 1002012],
    [{ ...good, scope: "" }, 400, "invalid_request", 900144],
    [{ ...good, client_id: "" }, 400, "invalid_request", 900144],
  ];
  for (const [body, status, error, code] of cases) {
    const a = post(body);
    const b = a.body as { error: string; error_codes: number[]; error_description: string };
    assert.deepEqual([a.status, b.error, b.error_codes], [status, error, [code]], JSON.stringify(body));
    assert.match(b.error_description, new RegExp(`^AADSTS${code}: `));
  }
  const get = loginAnswer({ method: "GET", path: `/${EMULATOR_TENANT_ID}/oauth2/v2.0/token`, query: new URLSearchParams(), headers: {}, body: "" }, opts);
  assert.equal(get.status, 400);
  const unknown = loginAnswer({ method: "GET", path: "/common/oauth2/v2.0/authorize", query: new URLSearchParams(), headers: {}, body: "" }, opts);
  assert.equal(unknown.status, 404);
});

test("ensureLoginClient: created once, 0600, reused", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "aks-emu-login-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const a = await ensureLoginClient(dir);
  const b = await ensureLoginClient(dir);
  assert.deepEqual(a, b);
  assert.match(a.clientId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(a.clientSecret.length, 40);
  assert.equal((await stat(join(dir, LOGIN_CLIENT_FILE))).mode & 0o777, 0o600);
  assert.deepEqual(JSON.parse(await readFile(join(dir, LOGIN_CLIENT_FILE), "utf8")), a);
});

test("generated client secrets never start with '-' or '_' (az would read `-p -…` as an option)", () => {
  // About 1 in 32 base64url heads starts with one of them: 2000 draws would meet hundreds.
  for (let i = 0; i < 2000; i++) {
    const secret = newClientSecret();
    assert.match(secret, /^[A-Za-z0-9][A-Za-z0-9_-]{3}8Q~[A-Za-z0-9_-]{33}$/);
  }
});
