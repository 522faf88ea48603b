import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { clusterBody, clusterPath, rgPath, startTestEmulator, type TestEmulator } from "../support/emulator.js";
import { grantRole } from "../support/roles.js";

/**
 * Issue #20 item 6: AKS checks its user-assigned control-plane identity's roles on a subnet of its own
 * before it acts (docs/fidelity.md "Control-plane identity permissions"); a system-assigned identity
 * is not pre-checked; `identityPermissionChecks: false` (`--no-identity-permission-checks`) turns the
 * checks off. The custom private DNS zone's check is in private-clusters.test.ts.
 */

const RG = "rg-net";

async function setUp(te: TestEmulator): Promise<{ identityId: string; principalId: string; vnetId: string; subnetId: string }> {
  assert.equal((await te.request("PUT", `${rgPath(te.subscriptionId, RG)}?api-version=2022-09-01`, { body: { location: "eastus" } })).status, 201);
  const vnetId = `${rgPath(te.subscriptionId, RG)}/providers/Microsoft.Network/virtualNetworks/vnet1`;
  const vnet = await te.request("PUT", `${vnetId}?api-version=2024-05-01`, {
    body: {
      location: "eastus",
      properties: { addressSpace: { addressPrefixes: ["10.10.0.0/16"] }, subnets: [{ name: "nodes", properties: { addressPrefix: "10.10.0.0/22" } }] },
    },
  });
  assert.ok(vnet.status === 200 || vnet.status === 201, vnet.text);
  const identityId = `${rgPath(te.subscriptionId, RG)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/cp`;
  const identity = await te.request("PUT", `${identityId}?api-version=2023-01-31`, { body: { location: "eastus" } });
  assert.equal(identity.status, 201, identity.text);
  return { identityId, principalId: identity.json.properties.principalId, vnetId, subnetId: `${vnetId}/subnets/nodes` };
}

function withSubnet(subnetId: string, identity: Record<string, unknown>): Record<string, unknown> {
  const body = clusterBody({}, "net");
  const props = body["properties"] as Record<string, any>;
  props["agentPoolProfiles"] = props["agentPoolProfiles"].map((p: Record<string, unknown>) => ({ ...p, vnetSubnetID: subnetId }));
  props["networkProfile"] = { networkPlugin: "azure", serviceCidr: "10.0.0.0/16", dnsServiceIP: "10.0.0.10" };
  return { ...body, identity };
}

describe("AKS checks its user-assigned identity's roles on its subnet", () => {
  let te: TestEmulator;
  before(async () => {
    te = await startTestEmulator({ lroDurationMs: 0 });
  });
  after(async () => te?.close());

  it("refuses the cluster with LinkedAuthorizationFailed until the identity holds Network Contributor (here on the network, above the subnet)", async () => {
    const { identityId, principalId, vnetId, subnetId } = await setUp(te);
    const body = withSubnet(subnetId, { type: "UserAssigned", userAssignedIdentities: { [identityId]: {} } });
    const path = `${clusterPath(te.subscriptionId, RG, "byo")}?api-version=2026-04-01`;
    const refused = await te.request("PUT", path, { body });
    assert.equal(refused.status, 400, refused.text);
    assert.equal(refused.json.error.code, "LinkedAuthorizationFailed");
    assert.match(
      refused.json.error.message,
      new RegExp(
        `^The client '${principalId}' with object id '${principalId}' has permission to perform action 'Microsoft.Compute/virtualMachineScaleSets/write' on scope '[^']+'; however, it does not have permission to perform action 'Microsoft.Network/virtualNetworks/subnets/join/action' on the linked scope\\(s\\) '${subnetId}' or the linked scope\\(s\\) are invalid\\.$`,
      ),
    );
    assert.equal((await te.request("GET", path)).status, 404, "nothing was made");

    await grantRole(te, vnetId, principalId, "Network Contributor");
    const made = await te.request("PUT", path, { body });
    assert.equal(made.status, 201, made.text);
  });

  it("checks a pool added later on a subnet of its own: LinkedAuthorizationFailed until the identity holds a role there", async () => {
    const vnetId = `${rgPath(te.subscriptionId, RG)}/providers/Microsoft.Network/virtualNetworks/vnet2`;
    const vnet = await te.request("PUT", `${vnetId}?api-version=2024-05-01`, {
      body: {
        location: "eastus",
        properties: {
          addressSpace: { addressPrefixes: ["10.30.0.0/16"] },
          subnets: [
            { name: "nodes", properties: { addressPrefix: "10.30.0.0/22" } },
            { name: "more", properties: { addressPrefix: "10.30.4.0/22" } },
          ],
        },
      },
    });
    assert.ok(vnet.status === 200 || vnet.status === 201, vnet.text);
    const identityId = `${rgPath(te.subscriptionId, RG)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/cp2`;
    const identity = await te.request("PUT", `${identityId}?api-version=2023-01-31`, { body: { location: "eastus" } });
    const principalId = identity.json.properties.principalId;
    // The role on the first subnet only, not on the network.
    await grantRole(te, `${vnetId}/subnets/nodes`, principalId, "Network Contributor");
    const cluster = clusterPath(te.subscriptionId, RG, "pools");
    const made = await te.request("PUT", `${cluster}?api-version=2026-04-01`, {
      body: withSubnet(`${vnetId}/subnets/nodes`, { type: "UserAssigned", userAssignedIdentities: { [identityId]: {} } }),
    });
    assert.equal(made.status, 201, made.text);

    const pool = `${cluster}/agentPools/more?api-version=2026-04-01`;
    const body = { properties: { count: 1, vmSize: "Standard_DS2_v2", mode: "User", vnetSubnetID: `${vnetId}/subnets/more` } };
    const refused = await te.request("PUT", pool, { body });
    assert.equal(refused.status, 400, refused.text);
    assert.equal(refused.json.error.code, "LinkedAuthorizationFailed");
    assert.match(
      refused.json.error.message,
      new RegExp(`'Microsoft.Network/virtualNetworks/subnets/join/action' on the linked scope\\(s\\) '${vnetId}/subnets/more'`),
    );
    assert.equal((await te.request("GET", pool)).status, 404, "no pool was made");

    await grantRole(te, `${vnetId}/subnets/more`, principalId, "Network Contributor");
    const added = await te.request("PUT", pool, { body });
    assert.equal(added.status, 201, added.text);
  });

  it("does not pre-check a system-assigned identity", async () => {
    const subnetId = `${rgPath(te.subscriptionId, RG)}/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/nodes`;
    const res = await te.request("PUT", `${clusterPath(te.subscriptionId, RG, "sys")}?api-version=2026-04-01`, {
      body: withSubnet(subnetId, { type: "SystemAssigned" }),
    });
    assert.equal(res.status, 201, res.text);
  });
});

describe("identityPermissionChecks: false (--no-identity-permission-checks)", () => {
  let te: TestEmulator;
  before(async () => {
    te = await startTestEmulator({ lroDurationMs: 0, identityPermissionChecks: false });
  });
  after(async () => te?.close());

  it("makes the cluster without the role", async () => {
    const { identityId, subnetId } = await setUp(te);
    const res = await te.request("PUT", `${clusterPath(te.subscriptionId, RG, "byo")}?api-version=2026-04-01`, {
      body: withSubnet(subnetId, { type: "UserAssigned", userAssignedIdentities: { [identityId]: {} } }),
    });
    assert.equal(res.status, 201, res.text);
  });
});
