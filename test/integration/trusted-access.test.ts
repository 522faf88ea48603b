/**
 * Trusted access through the official TS SDK (@azure/arm-containerservice 25.3.0, 2026-04-01): the
 * catalogue of roles per location (`locations/{l}/trustedAccessRoles`) and a cluster's
 * `trustedAccessRoleBindings`, each rule of a binding's body (src/providers/containerservice/trusted-access-rules.ts)
 * with a test of its own. Every answer is checked against the official definition.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ContainerServiceClient, TrustedAccessRole } from "@azure/arm-containerservice";
import { clusterBody, clusterPath, startTestEmulator, type TestEmulator } from "../support/emulator.js";
import { sdkClients } from "../support/sdk-clients.js";

const RG = "trusted-rg";
const CLUSTER = "trusted1";
const api = "api-version=2026-04-01";
const fast = { updateIntervalInMs: 10 };
const ML_ROLE = "Microsoft.MachineLearningServices/workspaces/mlworkload";

function workspaceId(te: TestEmulator, name = "ws1"): string {
  return `/subscriptions/${te.subscriptionId}/resourceGroups/ml-rg/providers/Microsoft.MachineLearningServices/workspaces/${name}`;
}

describe("trusted access (@azure/arm-containerservice 25.3.0, 2026-04-01)", () => {
  let te: TestEmulator;
  let aks: ContainerServiceClient;
  const bindings = () => `${clusterPath(te.subscriptionId, RG, CLUSTER)}/trustedAccessRoleBindings`;

  /** A binding PUT sent raw (the SDK keeps no target of a long-running call refused at once): its error. */
  async function refusal(name: string, properties: unknown): Promise<{ code: string; message: string; target?: string }> {
    const r = await te.request("PUT", `${bindings()}/${name}?${api}`, { body: { properties } });
    assert.equal(r.status, 400, r.text);
    return r.json.error;
  }

  before(async () => {
    te = await startTestEmulator();
    const c = sdkClients(te);
    aks = c.aks;
    await c.rm.resourceGroups.createOrUpdate(RG, { location: "eastus" });
    const put = await te.request("PUT", `${clusterPath(te.subscriptionId, RG, CLUSTER)}?${api}`, { body: clusterBody({}, CLUSTER) });
    assert.equal(put.status, 201, put.text);
    await aks.managedClusters.get(RG, CLUSTER); // finishes the 1 ms create
  });
  after(async () => te?.close());

  it("lists the roles AKS offers per source resource type, as AKS documents them", async () => {
    const roles: TrustedAccessRole[] = [];
    for await (const role of aks.trustedAccessRoles.list("eastus")) roles.push(role);
    const names = roles.map((r) => `${r.sourceResourceType}/${r.name}`);
    assert.ok(names.includes("Microsoft.DataProtection/backupVaults/backup-operator"), names.join(", "));
    assert.ok(names.includes(ML_ROLE), names.join(", "));
    assert.equal(new Set(names).size, names.length, "each role once");
    const backup = roles.find((r) => r.name === "backup-operator")!;
    assert.deepEqual(backup.rules?.[0]?.apiGroups, ["clusterbackup.dataprotection.microsoft.com"]);
    assert.ok(roles.every((r) => (r.rules ?? []).length > 0 && r.rules!.every((rule) => (rule.verbs ?? []).length > 0)));
  });

  it("refuses the role list of a location AKS does not serve", async () => {
    const r = await te.request("GET", `/subscriptions/${te.subscriptionId}/providers/Microsoft.ContainerService/locations/atlantis/trustedAccessRoles?${api}`);
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.code, "LocationNotAvailableForResourceType");
    assert.match(r.json.error.message, /'atlantis'.*'Microsoft\.ContainerService\/locations\/trustedAccessRoles'/);
  });

  it("creates, reads, lists, updates and deletes a binding", async () => {
    const created = await aks.trustedAccessRoleBindings.beginCreateOrUpdateAndWait(
      RG,
      CLUSTER,
      "aml",
      { sourceResourceId: workspaceId(te), roles: [ML_ROLE] },
      fast,
    );
    assert.equal(created.provisioningState, "Succeeded");
    assert.equal(created.type, "Microsoft.ContainerService/managedClusters/trustedAccessRoleBindings");
    assert.equal(created.id, `${bindings()}/aml`);
    assert.deepEqual([created.sourceResourceId, created.roles], [workspaceId(te), [ML_ROLE]]);

    const got = await aks.trustedAccessRoleBindings.get(RG, CLUSTER, "aml");
    assert.deepEqual(got.roles, [ML_ROLE]);
    const updated = await aks.trustedAccessRoleBindings.beginCreateOrUpdateAndWait(
      RG,
      CLUSTER,
      "aml",
      { sourceResourceId: workspaceId(te), roles: [ML_ROLE, "Microsoft.MachineLearningServices/workspaces/inference-v1"] },
      fast,
    );
    assert.equal(updated.roles.length, 2);

    const listed = [];
    for await (const b of aks.trustedAccessRoleBindings.list(RG, CLUSTER)) listed.push(b.name);
    assert.deepEqual(listed, ["aml"]);

    await aks.trustedAccessRoleBindings.beginDeleteAndWait(RG, CLUSTER, "aml", fast);
    await assert.rejects(aks.trustedAccessRoleBindings.get(RG, CLUSTER, "aml"), (e: any) => {
      assert.deepEqual([e.statusCode, e.code], [404, "ResourceNotFound"]);
      assert.match(e.message, /managedClusters\/trusted1\/trustedAccessRoleBindings\/aml' under resource group 'trusted-rg'/);
      return true;
    });
  });

  it("shows a binding being written as Updating, created or updated, with AKS's operation headers", async () => {
    // docs/sources.md "Trusted access": the recorded create answered 201 with provisioningState Updating.
    const slow = await startTestEmulator({ lroDurationMs: 60_000 });
    try {
      await slow.request("PUT", `/subscriptions/${slow.subscriptionId}/resourcegroups/${RG}?api-version=2025-04-01`, { body: { location: "eastus" } });
      await slow.request("PUT", `${clusterPath(slow.subscriptionId, RG, CLUSTER)}?${api}`, { body: clusterBody({}, CLUSTER) });
      await slow.request("POST", "/_emulator/clock/advance", { body: { ms: 61_000 } });
      const path = `${clusterPath(slow.subscriptionId, RG, CLUSTER)}/trustedAccessRoleBindings/b1?${api}`;
      const put = await slow.request("PUT", path, { body: { properties: { sourceResourceId: workspaceId(slow), roles: [ML_ROLE] } } });
      assert.equal(put.status, 201, put.text);
      assert.equal(put.json.properties.provisioningState, "Updating");
      assert.match(String(put.headers["azure-asyncoperation"]), /\/providers\/Microsoft\.ContainerService\/locations\/eastus\/operations\//);
      const again = await slow.request("PUT", path, { body: { properties: { sourceResourceId: workspaceId(slow), roles: [ML_ROLE] } } });
      assert.equal(again.status, 409, again.text);
      assert.equal(again.json.error.code, "OperationNotAllowed");
    } finally {
      await slow.close();
    }
  });

  it("takes a source resource that lives on the subscription (Microsoft.Security/pricings)", async () => {
    const created = await aks.trustedAccessRoleBindings.beginCreateOrUpdateAndWait(
      RG,
      CLUSTER,
      "defender",
      {
        sourceResourceId: `/subscriptions/${te.subscriptionId}/providers/Microsoft.Security/pricings/Containers`,
        roles: ["Microsoft.Security/pricings/microsoft-defender-operator"],
      },
      fast,
    );
    assert.equal(created.provisioningState, "Succeeded");
    await aks.trustedAccessRoleBindings.beginDeleteAndWait(RG, CLUSTER, "defender", fast);
  });

  it("refuses a role the catalogue does not offer for the source resource's type", async () => {
    const unknown = await refusal("b1", { sourceResourceId: workspaceId(te), roles: ["Microsoft.MachineLearningServices/workspaces/admin"] });
    assert.deepEqual([unknown.code, unknown.target], ["InvalidParameter", "roles[0]"]);
    assert.match(unknown.message, /'Microsoft\.MachineLearningServices\/workspaces\/admin'.*Its roles are: .*mlworkload/);
    // A role of another type (a backup vault's) on a workspace: what azure-cli#27174 ran into the other way round.
    const other = await refusal("b1", { sourceResourceId: workspaceId(te), roles: [ML_ROLE, "Microsoft.DataProtection/backupVaults/backup-operator"] });
    assert.deepEqual([other.code, other.target], ["InvalidParameter", "roles[1]"]);
    // A role name the workspace has, written under another type.
    const prefixed = await refusal("b1", { sourceResourceId: workspaceId(te), roles: ["Microsoft.DataProtection/backupVaults/mlworkload"] });
    assert.deepEqual([prefixed.code, prefixed.target], ["InvalidParameter", "roles[0]"]);
  });

  it("refuses a source resource whose type has no trusted access roles", async () => {
    const e = await refusal("b1", {
      sourceResourceId: `/subscriptions/${te.subscriptionId}/resourceGroups/x/providers/Microsoft.RecoveryServices/vaults/v1`,
      roles: ["Microsoft.DataProtection/backupVaults/backup-operator"],
    });
    assert.deepEqual([e.code, e.target], ["InvalidParameter", "sourceResourceId"]);
    assert.match(e.message, /'Microsoft\.RecoveryServices\/vaults' has no trusted access roles.*Microsoft\.DataProtection\/backupVaults/);
  });

  it("refuses a source resource id that is not an ARM resource id", async () => {
    for (const id of [
      "workspace1",
      "/subscriptions/not-a-guid/resourceGroups/x/providers/Microsoft.MachineLearningServices/workspaces/w",
      `/subscriptions/${te.subscriptionId}/resourceGroups/x`,
    ]) {
      const e = await refusal("b1", { sourceResourceId: id, roles: [ML_ROLE] });
      assert.deepEqual([e.code, e.target], ["InvalidParameter", "sourceResourceId"], id);
    }
    const missing = await refusal("b1", { roles: [ML_ROLE] });
    assert.deepEqual([missing.code, missing.target], ["InvalidParameter", "sourceResourceId"]);
  });

  it("refuses a binding without roles", async () => {
    for (const properties of [{ sourceResourceId: workspaceId(te) }, { sourceResourceId: workspaceId(te), roles: [] }]) {
      const e = await refusal("b1", properties);
      assert.deepEqual([e.code, e.target], ["InvalidParameter", "roles"], JSON.stringify(properties));
    }
  });

  it("refuses a binding name AKS does not accept (1 to 24 letters, digits and hyphens)", async () => {
    for (const name of ["a".repeat(25), "under_score"]) {
      const e = await refusal(name, { sourceResourceId: workspaceId(te), roles: [ML_ROLE] });
      assert.deepEqual([e.code, e.target], ["InvalidParameter", "trustedAccessRoleBindingName"], name);
    }
    const ok = await te.request("PUT", `${bindings()}/${"a".repeat(24)}?${api}`, {
      body: { properties: { sourceResourceId: workspaceId(te), roles: [ML_ROLE] } },
    });
    assert.equal(ok.status, 201, ok.text);
  });

  it("answers the cluster's 404 under a missing cluster", async () => {
    await assert.rejects(aks.trustedAccessRoleBindings.get(RG, "nosuch", "b1"), (e: any) => {
      assert.deepEqual([e.statusCode, e.code], [404, "ResourceNotFound"]);
      assert.match(e.message, /managedClusters\/nosuch'/);
      return true;
    });
  });

  it("is served from 2022-04-02-preview and 2023-09-01 on, not at 2022-11-01 (Python 21.1.0's stable version)", async () => {
    const old = await te.request("GET", `${bindings()}?api-version=2022-11-01`);
    assert.equal(old.status, 400, old.text);
    assert.equal(old.json.error.code, "NoRegisteredProviderFound");
    assert.equal((await te.request("GET", `${bindings()}?api-version=2022-04-02-preview`)).status, 200);
    assert.equal((await te.request("GET", `${bindings()}?api-version=2023-09-01`)).status, 200);
  });
});
