import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ManagedIdentityCredential } from "@azure/identity";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { parseRoleAssignment, parseRoleAssignments, RoleAssignments, objectIdFor } from "../../src/identity/role-assignments.js";
import { clusterBody, clusterPath, rgPath, startTestEmulator, useManagedIdentityEnv, type TestEmulator } from "../support/emulator.js";
import { conformancePolicy } from "../support/conformance.js";

const CLIENT = "3c1d2b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

describe("role assignments", () => {
  it("parses the setting and picks the most specific scope", () => {
    const a = parseRoleAssignments([`${CLIENT}=Reader@/subscriptions/s1/resourceGroups/ro`, ""]);
    assert.equal(a.length, 1);
    assert.equal(a[0]!.objectId, objectIdFor(CLIENT));
    const roles = new RoleAssignments([
      ...a,
      parseRoleAssignment(`${CLIENT}=Owner@/subscriptions/s1/resourceGroups/ro/providers/Microsoft.ContainerService/managedClusters/mine`),
    ]);
    const oid = objectIdFor(CLIENT);
    assert.equal(roles.roleAt(oid, "Owner", "/subscriptions/s1/resourcegroups/RO/providers/x/y/z"), "Reader");
    assert.equal(
      roles.roleAt(oid, "Owner", "/subscriptions/s1/resourceGroups/ro/providers/Microsoft.ContainerService/managedClusters/mine/privateEndpointConnections/p"),
      "Owner",
    );
    assert.equal(roles.roleAt(oid, "Owner", "/subscriptions/s1/resourceGroups/rofl"), "Owner", "a scope matches whole segments only");
    assert.equal(roles.roleAt(oid, "Owner", "/subscriptions/s1/resourceGroups/rw"), "Owner");
    assert.throws(() => parseRoleAssignment("not-a-guid=Reader"), /client-id GUID/);
    assert.throws(() => parseRoleAssignment(`${CLIENT}=Contributor`), /Owner\|Reader/);
  });

  describe("a principal with Reader on one resource group", () => {
    let te: TestEmulator;
    before(async () => {
      te = await startTestEmulator({
        roleAssignments: parseRoleAssignments([`${CLIENT}=Reader@/subscriptions/8f2c4c3e-1f7a-4d55-9a4b-2d5e3c1b0a01/resourceGroups/rg-ro`]),
      });
      useManagedIdentityEnv(te);
      for (const rg of ["rg-ro", "rg-rw"]) await te.request("PUT", `${rgPath(te.subscriptionId, rg)}?api-version=2022-09-01`, { body: { location: "eastus" } });
      await te.request("PUT", `${clusterPath(te.subscriptionId, "rg-ro", "existing")}?api-version=2026-04-01`, { body: clusterBody() });
    });
    after(async () => te.close());

    it("reads everywhere, writes outside its Reader scope, and gets 403 AuthorizationFailed inside it", async () => {
      const credential = new ManagedIdentityCredential({ clientId: CLIENT });
      const aks = new ContainerServiceClient(credential, te.subscriptionId, {
        endpoint: te.endpoint,
        additionalPolicies: [{ policy: conformancePolicy(), position: "perCall" }],
      } as any);
      const existing = await aks.managedClusters.get("rg-ro", "existing");
      assert.equal(existing.name, "existing");

      const params = { location: "eastus", dnsPrefix: "p", agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }] } as any;
      const created = await aks.managedClusters.createOrUpdate("rg-rw", "allowed", params, { updateIntervalInMs: 50 });
      assert.equal(created.provisioningState, "Succeeded");

      const oid = objectIdFor(CLIENT);
      await assert.rejects(aks.managedClusters.createOrUpdate("rg-ro", "refused", params), (e: any) => {
        assert.equal(e.statusCode, 403);
        assert.equal(e.code, "AuthorizationFailed");
        assert.match(
          e.message,
          new RegExp(
            `^The client '${oid}' with object id '${oid}' does not have authorization to perform action 'Microsoft.ContainerService/managedClusters/write' over scope '/subscriptions/${te.subscriptionId}/resourceGroups/rg-ro/providers/Microsoft.ContainerService/managedClusters/refused' or the scope is invalid\\.`,
          ),
        );
        return true;
      });
      await assert.rejects(aks.managedClusters.delete("rg-ro", "existing"), (e: any) => e.statusCode === 403 && e.code === "AuthorizationFailed");
      await assert.rejects(aks.managedClusters.updateTags("rg-ro", "existing", { tags: { a: "b" } }), (e: any) => e.statusCode === 403);
    });

    it("an unknown client id gets no token", async () => {
      const url = `${te.emulator.info.identityEndpoint}?api-version=2019-08-01&resource=https://management.azure.com&client_id=99999999-9999-4999-8999-999999999999`;
      const res = await fetch(url, { headers: { "x-identity-header": te.emulator.info.identityHeader } });
      assert.equal(res.status, 400);
      assert.match(((await res.json()) as { error_description: string }).error_description, /Identity not found/);
    });
  });
});
