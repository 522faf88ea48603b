/**
 * A cluster's identity bindings (managedClusters/{c}/identityBindings/{name}) through the official TS
 * SDK (@azure/arm-containerservice 25.3.0, 2026-04-01), answers checked against the official definition.
 * No official Get or List example exists: docs/fidelity.md "Identity binding answers".
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { clusterPath, startTestEmulator, type TestEmulator } from "../support/emulator.js";
import { refusedWith, sdkClients } from "../support/sdk-clients.js";

const RG = "ib-rg";
const fast = { updateIntervalInMs: 10 };
const WORKLOAD = { oidcIssuerProfile: { enabled: true }, securityProfile: { workloadIdentity: { enabled: true } } };

function clusterWith(extra: Record<string, unknown>) {
  return { location: "eastus", dnsPrefix: "ib", agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }], ...extra } as any;
}

describe("identity bindings (@azure/arm-containerservice 25.3.0)", () => {
  let te: TestEmulator;
  let c: ReturnType<typeof sdkClients>;
  let identityId: string;
  let identity: { clientId?: string; principalId?: string; tenantId?: string };

  before(async () => {
    te = await startTestEmulator({ lroDurationMs: 1 });
    c = sdkClients(te);
    await c.rm.resourceGroups.createOrUpdate(RG, { location: "eastus" });
    await c.aks.managedClusters.beginCreateOrUpdateAndWait(RG, "wi", clusterWith(WORKLOAD), fast);
    await c.aks.managedClusters.beginCreateOrUpdateAndWait(RG, "plain", clusterWith({}), fast);
    const made = await c.msi.userAssignedIdentities.createOrUpdate(RG, "mi1", { location: "eastus" });
    identityId = made.id!;
    identity = made;
  });
  after(async () => te?.close());

  it("creates a binding (long-running) that carries the identity's ids and the issuer AKS keeps per identity; get and list show it", async () => {
    const poller = await c.aks.identityBindings.beginCreateOrUpdate(RG, "wi", "ib1", { properties: { managedIdentity: { resourceId: identityId } } }, fast);
    assert.equal(poller.getOperationState().status === "succeeded" ? "done" : "running", "running", "the PUT is long-running");
    const made = await poller.pollUntilDone();
    assert.equal(made.properties?.provisioningState, "Succeeded");
    assert.deepEqual(made.properties?.managedIdentity, {
      resourceId: identityId,
      clientId: identity.clientId,
      objectId: identity.principalId,
      tenantId: identity.tenantId,
    });
    assert.equal(made.properties?.oidcIssuer?.oidcIssuerUrl, `https://ib.oic.prod-aks.azure.com/${identity.tenantId}/${identity.clientId}`);
    assert.equal(made.type, "Microsoft.ContainerService/managedClusters/identityBindings");
    assert.equal(made.id, `${clusterPath(te.subscriptionId, RG, "wi")}/identityBindings/ib1`.replace("/resourceGroups/", "/resourcegroups/"));
    assert.match(String(made.eTag), /^[0-9a-f-]{36}$/);
    const got = await c.aks.identityBindings.get(RG, "wi", "ib1");
    assert.deepEqual(got, made);
    const listed = [];
    for await (const b of c.aks.identityBindings.listByManagedCluster(RG, "wi")) listed.push(b.name);
    assert.deepEqual(listed, ["ib1"]);
  });

  it("a second binding of the same identity (another cluster's would be the same) shows the same issuer", async () => {
    const second = await c.aks.identityBindings.beginCreateOrUpdateAndWait(
      RG,
      "wi",
      "ib2",
      { properties: { managedIdentity: { resourceId: identityId } } },
      fast,
    );
    const first = await c.aks.identityBindings.get(RG, "wi", "ib1");
    assert.equal(second.properties?.oidcIssuer?.oidcIssuerUrl, first.properties?.oidcIssuer?.oidcIssuerUrl);
    await c.aks.identityBindings.beginDeleteAndWait(RG, "wi", "ib2", fast);
  });

  it("refuses an identity that does not exist (ARM's not-found form naming it)", async () => {
    const missing = identityId.replace(/mi1$/, "nope");
    const message = await refusedWith(
      c.aks.identityBindings.beginCreateOrUpdateAndWait(RG, "wi", "ib3", { properties: { managedIdentity: { resourceId: missing } } }, fast),
      404,
      "ResourceNotFound",
    );
    assert.match(message, /Microsoft\.ManagedIdentity\/userAssignedIdentities\/nope' under resource group 'ib-rg' was not found/);
    await refusedWith(c.aks.identityBindings.get(RG, "wi", "ib3"), 404, "ResourceNotFound");
  });

  it("refuses a resource id that is not a user-assigned identity's, and a binding without one", async () => {
    const message = await refusedWith(
      c.aks.identityBindings.beginCreateOrUpdateAndWait(
        RG,
        "wi",
        "ib3",
        { properties: { managedIdentity: { resourceId: `${clusterPath(te.subscriptionId, RG, "wi")}` } } },
        fast,
      ),
      400,
      "InvalidParameter",
    );
    assert.match(message, /managedIdentity\.resourceId/);
    const res = await te.request("PUT", `${clusterPath(te.subscriptionId, RG, "wi")}/identityBindings/ib3?api-version=2026-04-01`, {
      body: { properties: {} },
    });
    assert.equal(res.status, 400, res.text);
    // The definition requires managedIdentity: the request-body check names it as AKS names parameters.
    assert.deepEqual([res.json.error.code, res.json.error.target], ["InvalidParameter", "managedIdentity"]);
  });

  it("refuses a cluster without the OIDC issuer and workload identity, naming what to enable", async () => {
    const message = await refusedWith(
      c.aks.identityBindings.beginCreateOrUpdateAndWait(RG, "plain", "ib1", { properties: { managedIdentity: { resourceId: identityId } } }, fast),
      400,
      "BadRequest",
    );
    assert.match(message, /oidcIssuerProfile\.enabled and securityProfile\.workloadIdentity\.enabled/);
  });

  it("refuses a cluster with API server VNet integration", async () => {
    await c.aks.managedClusters.beginCreateOrUpdateAndWait(
      RG,
      "vnetint",
      clusterWith({ ...WORKLOAD, apiServerAccessProfile: { enableVnetIntegration: true } }),
      fast,
    );
    const message = await refusedWith(
      c.aks.identityBindings.beginCreateOrUpdateAndWait(RG, "vnetint", "ib1", { properties: { managedIdentity: { resourceId: identityId } } }, fast),
      400,
      "BadRequest",
    );
    assert.match(message, /API server VNet integration/);
  });

  it("keeps its identity: naming another on update is PropertyChangeNotAllowed", async () => {
    const other = await c.msi.userAssignedIdentities.createOrUpdate(RG, "mi2", { location: "eastus" });
    const message = await refusedWith(
      c.aks.identityBindings.beginCreateOrUpdateAndWait(RG, "wi", "ib1", { properties: { managedIdentity: { resourceId: other.id! } } }, fast),
      400,
      "PropertyChangeNotAllowed",
    );
    assert.match(message, /managedIdentity\.resourceId/);
  });

  it("refuses a name outside the definition's pattern", async () => {
    await refusedWith(
      c.aks.identityBindings.beginCreateOrUpdateAndWait(RG, "wi", "Bad-Name", { properties: { managedIdentity: { resourceId: identityId } } }, fast),
      400,
      "InvalidParameter",
    );
  });

  it("deletes (long-running); a missing binding is a 404, its DELETE a 204", async () => {
    await c.aks.identityBindings.beginDeleteAndWait(RG, "wi", "ib1", fast);
    await refusedWith(c.aks.identityBindings.get(RG, "wi", "ib1"), 404, "ResourceNotFound");
    const again = await te.request("DELETE", `${clusterPath(te.subscriptionId, RG, "wi")}/identityBindings/ib1?api-version=2026-04-01`);
    assert.equal(again.status, 204, again.text);
  });
});
