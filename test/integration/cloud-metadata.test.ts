import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ResourceManagementClient } from "@azure/arm-resources";
import { ClientSecretCredential } from "@azure/identity";
import { ensureLoginClient } from "../../src/identity/login.js";
import { EMULATOR_TENANT_ID } from "../../src/identity/principals.js";
import { startTestEmulator, testTlsDir, type TestEmulator } from "../support/emulator.js";

/**
 * The emulator as a cloud of its own: ARM's metadata document (no token) in the forms az, the Azure
 * SDKs and go-azure-sdk (Terraform, Pulumi) read, and the login endpoint it advertises served on the
 * main port, so ClientSecretCredential with `authorityHost` = the emulator signs in without the proxy.
 */
describe("cloud metadata and the main port's login endpoint", () => {
  let te: TestEmulator;
  before(async () => {
    te = await startTestEmulator();
  });
  after(async () => te?.close());

  const metadata = async (query: string, path = "/metadata/endpoints") => te.request("GET", `${path}${query}`, { auth: false, conformance: false });

  it("answers the 2015-01-01 object az cloud register reads, without a token, also at //metadata/endpoints", async () => {
    for (const path of ["/metadata/endpoints", "//metadata/endpoints"]) {
      const r = await metadata("?api-version=2015-01-01", path);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json, {
        galleryEndpoint: `${te.endpoint}/`,
        graphEndpoint: `${te.endpoint}/`,
        portalEndpoint: `${te.endpoint}/`,
        authentication: { loginEndpoint: `${te.endpoint}/`, audiences: [`${te.endpoint}/`, "https://management.azure.com/"] },
      });
    }
  });

  it("answers the 2019-05-01 array (ARM_CLOUD_METADATA_URL) and the 2022-09-01 object (go-azure-sdk)", async () => {
    const list = await metadata("?api-version=2019-05-01");
    assert.equal(list.status, 200);
    assert.ok(Array.isArray(list.json) && list.json.length === 1);
    const [cloud] = list.json;
    assert.equal(cloud.name, "AksEmulator");
    assert.equal(cloud.resourceManager, `${te.endpoint}/`);
    assert.equal(cloud.authentication.loginEndpoint, `${te.endpoint}/`);
    assert.equal(cloud.microsoftGraphResourceId, `${te.endpoint}/`);
    assert.equal(cloud.suffixes.storage, "core.aks-emulator.invalid");

    const one = await metadata("?api-version=2022-09-01");
    assert.equal(one.status, 200);
    // What go-azure-sdk's FromEndpoint requires: name, resourceManager, microsoftGraphResourceId.
    assert.equal(one.json.name, "AksEmulator");
    assert.equal(one.json.resourceManager, `${te.endpoint}/`);
    assert.equal(one.json.microsoftGraphResourceId, `${te.endpoint}/`);
    assert.equal(one.json.graph, `${te.endpoint}/`);
    assert.deepEqual(one.json.authentication, {
      loginEndpoint: te.endpoint,
      audiences: [`${te.endpoint}/`, "https://management.azure.com/"],
      tenant: "common",
      identityProvider: "AAD",
    });
    assert.equal(one.json.suffixes.keyVaultDns, "vault.aks-emulator.invalid");
  });

  it("refuses a missing or unknown api-version with ARM's codes", async () => {
    const missing = await metadata("");
    assert.equal(missing.status, 400);
    assert.equal(missing.json.error.code, "MissingApiVersionParameter");
    const unknown = await metadata("?api-version=2030-01-01");
    assert.equal(unknown.status, 400);
    assert.equal(unknown.json.error.code, "InvalidApiVersionParameter");
    assert.match(unknown.json.error.message, /2022-09-01/);
  });

  it("serves the OpenID documents MSAL reads at the advertised login endpoint", async () => {
    const openid = await te.request("GET", `/${EMULATOR_TENANT_ID}/v2.0/.well-known/openid-configuration`, { auth: false, conformance: false });
    assert.equal(openid.status, 200);
    assert.equal(openid.json.issuer, `${te.endpoint}/${EMULATOR_TENANT_ID}/v2.0`);
    assert.equal(openid.json.token_endpoint, `${te.endpoint}/${EMULATOR_TENANT_ID}/oauth2/v2.0/token`);
    const discovery = await te.request(
      "GET",
      `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${te.endpoint}/${EMULATOR_TENANT_ID}/oauth2/v2.0/authorize`)}`,
      { auth: false, conformance: false },
    );
    assert.equal(discovery.status, 200);
    assert.equal(discovery.json.tenant_discovery_endpoint, `${te.endpoint}/${EMULATOR_TENANT_ID}/v2.0/.well-known/openid-configuration`);
    assert.deepEqual(discovery.json.metadata[0].aliases, [new URL(te.endpoint).host]);
  });

  it("ClientSecretCredential with authorityHost = the emulator signs in on the main port and lists groups", async () => {
    // The instance's client (what `aks-emulator env --proxy` prints), made once per TLS dir.
    const client = await ensureLoginClient(testTlsDir());
    // disableInstanceDiscovery: MSAL would otherwise ask login.microsoftonline.com about a host it does not know.
    const credential = new ClientSecretCredential(EMULATOR_TENANT_ID, client.clientId, client.clientSecret, {
      authorityHost: te.endpoint,
      disableInstanceDiscovery: true,
    });
    const arm = new ResourceManagementClient(credential, te.subscriptionId, { endpoint: te.endpoint });
    await arm.resourceGroups.createOrUpdate("signed-in", { location: "eastus" });
    const names: string[] = [];
    for await (const g of arm.resourceGroups.list()) names.push(g.name!);
    assert.deepEqual(names, ["signed-in"]);

    const wrong = new ClientSecretCredential(EMULATOR_TENANT_ID, client.clientId, "not-the-secret", {
      authorityHost: te.endpoint,
      disableInstanceDiscovery: true,
    });
    await assert.rejects(wrong.getToken(`${te.endpoint}/.default`), (e: Error) => /AADSTS7000215/.test(e.message));
  });
});
