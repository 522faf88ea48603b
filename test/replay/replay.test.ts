import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RawResponse, TestEmulator } from "../support/emulator.js";
import {
  clusterUrl,
  completeOperation,
  createBodyFromResponse,
  createPrivateCluster,
  createPrivateDnsZone,
  createPrivateEndpoint,
  createResourceGroup,
  createUserAssignedIdentities,
  realParams,
  substitute,
  type Example,
  type Json,
} from "./harness.js";
import { ACTION_EXAMPLES } from "./ignored-actions.js";
import { CHILD_EXAMPLES } from "./ignored-cluster-children.js";
import { TRUSTED_ACCESS_EXAMPLES } from "./ignored-trusted-access.js";
import { replayExamples } from "./replay-examples.js";
import { IGNORED } from "./ignored.js";
import { type AgentPoolKind, agentPoolCatalogue, agentPoolLroDuration, isAgentPoolKind, runAgentPoolExample } from "./agent-pool-runs.js";

/**
 * Replays the official examples (test/fixtures/azure-spec/) of managed cluster create (the private
 * cluster ones included), get, list, update-tags and delete, of private endpoint connections (list,
 * get, update, delete), of the private link resources list, of resolvePrivateLinkServiceId, of
 * maintenance configurations, and of agent pools, machines and snapshots (agent-pool-runs.ts) against
 * a fresh emulator each, and compares our answers with the examples' field by field (see harness.ts).
 * One test per example file and response code; what is not compared, and why, is in ignored.ts.
 */

type Kind =
  | "create"
  | "get"
  | "list"
  | "listByResourceGroup"
  | "updateTags"
  | "delete"
  | "connectionList"
  | "connectionGet"
  | "connectionUpdate"
  | "connectionDelete"
  | "privateLinkResources"
  | "resolvePrivateLinkServiceId"
  | "maintenanceCreate"
  | "maintenanceGet"
  | "maintenanceList"
  | "maintenanceDelete"
  | "kubernetesVersions"
  | "orchestrators"
  | "upgradeProfile"
  | AgentPoolKind;

const EXAMPLES: { file: string; kind: Kind }[] = [
  { file: "2026-03-01/examples/ManagedClustersCreate_Update.json", kind: "create" },
  { file: "2026-01-01/examples/ManagedClustersCreate_PrivateClusterPublicFQDN.json", kind: "create" },
  { file: "2026-04-01/examples/ManagedClustersGet.json", kind: "get" },
  { file: "2026-02-01/examples/ManagedClustersList.json", kind: "list" },
  { file: "2026-04-01/examples/ManagedClustersListByResourceGroup.json", kind: "listByResourceGroup" },
  { file: "2026-02-01/examples/ManagedClustersUpdateTags.json", kind: "updateTags" },
  { file: "2024-08-01/examples/ManagedClustersDelete.json", kind: "delete" },
  { file: "2022-11-01/examples/ManagedClustersCreate_Update.json", kind: "create" },
  { file: "2022-11-01/examples/ManagedClustersCreate_PrivateClusterPublicFQDN.json", kind: "create" },
  { file: "2022-11-01/examples/ManagedClustersGet.json", kind: "get" },
  { file: "2022-11-01/examples/ManagedClustersList.json", kind: "list" },
  { file: "2022-11-01/examples/ManagedClustersListByResourceGroup.json", kind: "listByResourceGroup" },
  { file: "2022-11-01/examples/ManagedClustersUpdateTags.json", kind: "updateTags" },
  { file: "2026-04-01/examples/ManagedClustersCreate_PrivateClusterFQDNSubdomain.json", kind: "create" },
  { file: "2026-04-01/examples/PrivateEndpointConnectionsList.json", kind: "connectionList" },
  { file: "2026-03-01/examples/PrivateEndpointConnectionsGet.json", kind: "connectionGet" },
  { file: "2026-03-01/examples/PrivateEndpointConnectionsUpdate.json", kind: "connectionUpdate" },
  { file: "2026-04-01/examples/PrivateEndpointConnectionsDelete.json", kind: "connectionDelete" },
  { file: "2022-11-01/examples/PrivateEndpointConnectionsList.json", kind: "connectionList" },
  { file: "2022-11-01/examples/PrivateEndpointConnectionsUpdate.json", kind: "connectionUpdate" },
  { file: "2022-11-01/examples/PrivateEndpointConnectionsDelete.json", kind: "connectionDelete" },
  { file: "2026-04-01/examples/PrivateLinkResourcesList.json", kind: "privateLinkResources" },
  { file: "2022-11-01/examples/PrivateLinkResourcesList.json", kind: "privateLinkResources" },
  { file: "2026-04-01/examples/ResolvePrivateLinkServiceId.json", kind: "resolvePrivateLinkServiceId" },
  { file: "2022-11-01/examples/ResolvePrivateLinkServiceId.json", kind: "resolvePrivateLinkServiceId" },
  { file: "2026-03-01/examples/MaintenanceConfigurationsCreate_Update_MaintenanceWindow.json", kind: "maintenanceCreate" },
  { file: "2026-01-01/examples/MaintenanceConfigurationsGet_MaintenanceWindow.json", kind: "maintenanceGet" },
  { file: "2026-03-01/examples/MaintenanceConfigurationsList_MaintenanceWindow.json", kind: "maintenanceList" },
  { file: "2026-02-01/examples/MaintenanceConfigurationsDelete_MaintenanceWindow.json", kind: "maintenanceDelete" },
  { file: "2022-11-01/examples/MaintenanceConfigurationsGet.json", kind: "maintenanceGet" },
  { file: "2022-11-01/examples/MaintenanceConfigurationsList.json", kind: "maintenanceList" },
  { file: "2022-11-01/examples/MaintenanceConfigurationsDelete.json", kind: "maintenanceDelete" },
  { file: "2026-03-01/examples/KubernetesVersions_List.json", kind: "kubernetesVersions" },
  { file: "2026-02-01/examples/ManagedClustersGetUpgradeProfile.json", kind: "upgradeProfile" },
  { file: "2022-11-01/examples/ManagedClustersGetUpgradeProfile.json", kind: "upgradeProfile" },
  { file: "2019-04-01/examples/ContainerServiceListOrchestrators.json", kind: "orchestrators" },
  { file: "2026-03-01/examples/AgentPoolsCreate_Update.json", kind: "poolCreate" },
  { file: "2026-04-01/examples/AgentPoolsCreate_Ephemeral.json", kind: "poolCreate" },
  { file: "2026-04-01/examples/AgentPoolsCreate_EnableEncryptionAtHost.json", kind: "poolCreate" },
  { file: "2026-04-01/examples/AgentPoolsCreate_EnableFIPS.json", kind: "poolCreate" },
  { file: "2026-04-01/examples/AgentPoolsCreate_CustomNodeConfig.json", kind: "poolCreate" },
  { file: "2026-02-01/examples/AgentPoolsGet.json", kind: "poolGet" },
  { file: "2026-04-01/examples/AgentPoolsList.json", kind: "poolList" },
  { file: "2026-04-01/examples/AgentPoolsDelete.json", kind: "poolDelete" },
  { file: "2026-04-01/examples/AgentPoolsDeleteMachines.json", kind: "poolDeleteMachines" },
  { file: "2026-01-01/examples/AgentPoolsGetUpgradeProfile.json", kind: "poolUpgradeProfile" },
  { file: "2026-03-01/examples/AgentPoolsGetAgentPoolAvailableVersions.json", kind: "poolAvailableVersions" },
  { file: "2026-03-01/examples/AgentPoolsUpgradeNodeImageVersion.json", kind: "poolUpgradeNodeImage" },
  { file: "2026-04-01/examples/MachineList.json", kind: "machineList" },
  { file: "2026-03-01/examples/MachineGet.json", kind: "machineGet" },
  { file: "2026-04-01/examples/SnapshotsCreate.json", kind: "snapshotCreate" },
  { file: "2026-02-01/examples/SnapshotsGet.json", kind: "snapshotGet" },
  { file: "2026-04-01/examples/SnapshotsList.json", kind: "snapshotList" },
  { file: "2025-10-01/examples/SnapshotsListByResourceGroup.json", kind: "snapshotListByResourceGroup" },
  { file: "2026-03-01/examples/SnapshotsUpdateTags.json", kind: "snapshotUpdateTags" },
  { file: "2026-02-01/examples/SnapshotsDelete.json", kind: "snapshotDelete" },
  { file: "2022-11-01/examples/AgentPoolsCreate_Update.json", kind: "poolCreate" },
  { file: "2022-11-01/examples/AgentPoolsCreate_Ephemeral.json", kind: "poolCreate" },
  { file: "2022-11-01/examples/AgentPoolsCreate_EnableEncryptionAtHost.json", kind: "poolCreate" },
  { file: "2022-11-01/examples/AgentPoolsCreate_EnableFIPS.json", kind: "poolCreate" },
  { file: "2022-11-01/examples/AgentPoolsCreate_Snapshot.json", kind: "poolCreate" },
  { file: "2022-11-01/examples/AgentPoolsCreate_WindowsOSSKU.json", kind: "poolCreate" },
  { file: "2022-11-01/examples/AgentPoolsCreate_PPG.json", kind: "poolCreate" },
  { file: "2022-11-01/examples/AgentPoolsCreate_DedicatedHostGroup.json", kind: "poolCreate" },
  { file: "2022-11-01/examples/AgentPoolsCreate_WasmWasi.json", kind: "poolCreate" },
  { file: "2022-11-01/examples/AgentPoolsCreate_CustomNodeConfig.json", kind: "poolCreate" },
  { file: "2022-11-01/examples/AgentPools_Update.json", kind: "poolUpdate" },
  { file: "2022-11-01/examples/AgentPools_Stop.json", kind: "poolPower" },
  { file: "2022-11-01/examples/AgentPools_Start.json", kind: "poolPower" },
  { file: "2022-11-01/examples/AgentPoolsGet.json", kind: "poolGet" },
  { file: "2022-11-01/examples/AgentPoolsList.json", kind: "poolList" },
  { file: "2022-11-01/examples/AgentPoolsGetUpgradeProfile.json", kind: "poolUpgradeProfile" },
  { file: "2022-11-01/examples/AgentPoolsUpgradeNodeImageVersion.json", kind: "poolUpgradeNodeImage" },
  { file: "2022-11-01/examples/SnapshotsCreate.json", kind: "snapshotCreate" },
  { file: "2022-11-01/examples/SnapshotsGet.json", kind: "snapshotGet" },
  { file: "2022-11-01/examples/SnapshotsList.json", kind: "snapshotList" },
  { file: "2022-11-01/examples/SnapshotsListByResourceGroup.json", kind: "snapshotListByResourceGroup" },
  { file: "2022-11-01/examples/SnapshotsUpdateTags.json", kind: "snapshotUpdateTags" },
  { file: "2022-11-01/examples/SnapshotsDelete.json", kind: "snapshotDelete" },
];

/**
 * The version examples' situation: a version catalogue (docs/version-catalogue.md) offering the
 * versions the example shows, given to the emulator with its start option (a file in `dir`).
 * Minors and patches, the default and previews are read from the example's answer; the rule of
 * upgrades is the emulator's, so the upgrades the example lists are what is compared.
 */
async function catalogueFor(ex: Example, kind: Kind, status: string, dir: string): Promise<string | undefined> {
  const body = ex.responses[status]?.body;
  const minors = new Map<string, { version: string; isPreview?: boolean; supportPlan: string[]; patchVersions: string[] }>();
  let defaultVersion: string | undefined;
  const add = (patch: string, opts: { preview?: boolean; plans?: string[] } = {}) => {
    const minor = patch.split(".").slice(0, 2).join(".");
    const m = minors.get(minor) ?? { version: minor, supportPlan: opts.plans ?? ["KubernetesOfficial"], patchVersions: [] };
    if (opts.preview) m.isPreview = true;
    if (!m.patchVersions.includes(patch)) m.patchVersions.push(patch);
    minors.set(minor, m);
    return minor;
  };
  if (kind === "kubernetesVersions") {
    for (const v of body.values as Json[]) {
      for (const patch of Object.keys(v.patchVersions)) add(patch, { preview: v.isPreview === true, plans: v.capabilities.supportPlan });
      if (v.isDefault) defaultVersion = v.version;
    }
  } else if (kind === "orchestrators") {
    for (const o of body.properties.orchestrators as Json[]) {
      if (o.orchestratorType !== "Kubernetes") continue;
      const minor = add(o.orchestratorVersion, { preview: o.isPreview === true });
      if (o.default) defaultVersion = minor;
    }
  } else if (kind === "upgradeProfile") {
    const cp = body.properties.controlPlaneProfile;
    defaultVersion = add(cp.kubernetesVersion);
    for (const u of cp.upgrades as Json[]) add(u.kubernetesVersion);
  } else {
    return undefined;
  }
  const file = `${dir}/catalogue.json`;
  const catalogue = {
    defaultVersion,
    kubernetesVersions: [...minors.values()],
    nodeImages: [{ osType: "Linux", osSKUs: ["Ubuntu"], nodeImageVersion: "AKSUbuntu-2204gen2containerd-202401.09.2" }],
  };
  await writeFile(file, JSON.stringify(catalogue));
  return file;
}

/**
 * The maintenance examples' situation: their cluster, and the emulator's clock on 2022-12-01, before
 * the windows' startDate (2023-01-01), which AKS refuses in the past (docs/fidelity.md "Maintenance
 * window start date in the past").
 */
async function maintenancePrerequisites(te: TestEmulator, p: Record<string, string>): Promise<string> {
  await createPrivateCluster(te, p, LRO_MS);
  te.emulator.clock.advance(Date.parse("2022-12-01T00:00:00Z") - te.emulator.clock.now());
  return `${clusterPath(p)}/maintenanceConfigurations`;
}

/** Makes the configurations an example's answer shows, through the PUT at the example's api-version. */
async function putConfigurations(te: TestEmulator, ex: Example, base: string, shown: Json[]): Promise<void> {
  for (const config of shown) {
    const r = await requester(te, ex)("PUT", `${base}/${config.name}?api-version=${ex.apiVersion}`, { properties: config.properties });
    assert.equal(r.status, 200, r.text);
  }
}

/**
 * The private endpoint whose connection the connection examples show (`properties.privateEndpoint.id`);
 * the Delete examples show no body, so theirs is the same.
 */
const EXAMPLE_ENDPOINT = "/subscriptions/subid2/resourceGroups/rg2/providers/Microsoft.Network/privateEndpoints/pe2";

/** A valid maintenance window, for a configuration that only has to exist. */
const WINDOW = { schedule: { weekly: { intervalWeeks: 1, dayOfWeek: "Monday" } }, durationHours: 4, startTime: "00:00" };

/** Simulated provisioning time; the harness completes operations by advancing the clock past it. */
const LRO_MS = 60_000;

/**
 * te.request checks every answer against the official definition as the pinned SDK (api 2026-04-01)
 * encodes it. That definition is not the 2022-11-01 one (which still has e.g. enablePodSecurityPolicy
 * and networkProfile.dockerBridgeCidr), so for 2022-11-01 examples the check is off and the comparison
 * with the 2022-11-01 example is the check.
 */
function conformanceApplies(ex: Example): boolean {
  return ex.apiVersion >= "2024-01-01";
}

function requester(te: TestEmulator, ex: Example) {
  const conformance = conformanceApplies(ex);
  return (method: string, path: string, body?: unknown): Promise<RawResponse> =>
    te.request(method, path, body === undefined ? { conformance } : { body, conformance });
}

/** Creates the prerequisite cluster (the one the example's response shows) and completes its creation. */
async function createExistingCluster(te: TestEmulator, ex: Example, resource: Json, omit: string[] = []): Promise<void> {
  const p = realParams(ex);
  const body = createBodyFromResponse(resource, te.endpoint, omit);
  const name = substitute(String(resource["name"]), te.endpoint);
  const put = await requester(te, ex)(
    "PUT",
    clusterUrl({ subscriptionId: p["subscriptionId"]!, resourceGroupName: p["resourceGroupName"] ?? substitute("rg1"), resourceName: name }, ex.apiVersion),
    body,
  );
  assert.equal(put.status, 201, `prerequisite cluster PUT: ${put.text}`);
  await completeOperation(te, put, LRO_MS);
}

function clusterPath(p: Record<string, string>): string {
  return clusterUrl({ subscriptionId: p["subscriptionId"]!, resourceGroupName: p["resourceGroupName"]!, resourceName: p["resourceName"]! }, "").split("?")[0]!;
}

/**
 * The connection examples' situation: a private cluster (named as the example's path names it) and
 * the example's private endpoint connected to it manually, so the cluster has a Pending connection.
 * Answers the connections' path and the connection's name, which AKS gives it (`<endpoint>.<guid>`):
 * the example's `privateendpointconnection1` in the request path is replaced by it.
 */
async function connectionPrerequisites(te: TestEmulator, ex: Example, status: string): Promise<{ base: string; name: string }> {
  const p = realParams(ex);
  const clusterId = await createPrivateCluster(te, p, LRO_MS);
  const shown = ex.responses[status]?.body;
  const endpoint = String(
    substitute(shown?.value?.[0]?.properties?.privateEndpoint?.id ?? shown?.properties?.privateEndpoint?.id ?? EXAMPLE_ENDPOINT, te.endpoint),
  );
  await createPrivateEndpoint(te, endpoint, clusterId, { manual: true, lroDurationMs: LRO_MS });
  const base = `${clusterPath(p)}/privateEndpointConnections`;
  const list = await te.request("GET", `${base}?api-version=2026-04-01`);
  assert.equal(list.status, 200, list.text);
  const mine = (list.json.value as Json[]).find((c) => String(c.properties?.privateEndpoint?.id).toLowerCase() === endpoint.toLowerCase());
  assert.ok(mine, `no connection of ${endpoint} on the cluster: ${list.text}`);
  return { base, name: String(mine.name) };
}

/** The example's connection is Approved: approve ours (a manual endpoint's starts Pending). */
async function approve(te: TestEmulator, base: string, name: string): Promise<void> {
  const r = await te.request("PUT", `${base}/${name}?api-version=2026-04-01`, {
    body: { properties: { privateLinkServiceConnectionState: { status: "Approved" } } },
  });
  assert.equal(r.status, 200, r.text);
}

async function run(te: TestEmulator, ex: Example, kind: Kind, status: string, lroMs: number): Promise<RawResponse> {
  const p = realParams(ex);
  const sub = p["subscriptionId"]!;
  const rg = p["resourceGroupName"] ?? substitute("rg1");
  await createResourceGroup(te, sub, rg);
  const v = ex.apiVersion;
  const request = requester(te, ex);
  if (isAgentPoolKind(kind)) return runAgentPoolExample(te, ex, kind, status, request, lroMs);
  switch (kind) {
    case "create": {
      const url = clusterUrl({ subscriptionId: sub, resourceGroupName: rg, resourceName: p["resourceName"]! }, v);
      const body = substitute(ex.requestBody, te.endpoint);
      await createUserAssignedIdentities(te, body);
      await createPrivateDnsZone(te, body, LRO_MS);
      const first = await request("PUT", url, body);
      if (status === "201") return first;
      // 200: the same PUT on the cluster the first one created (update of an existing cluster).
      assert.equal(first.status, 201, first.text);
      await completeOperation(te, first, LRO_MS);
      return request("PUT", url, body);
    }
    case "get": {
      await createExistingCluster(te, ex, ex.responses[status]!.body);
      return request("GET", clusterUrl({ subscriptionId: sub, resourceGroupName: rg, resourceName: p["resourceName"]! }, v));
    }
    case "list":
    case "listByResourceGroup": {
      for (const item of ex.responses[status]!.body.value as Json[]) await createExistingCluster(te, ex, item);
      const base = kind === "list" ? `/subscriptions/${sub}` : `/subscriptions/${sub}/resourceGroups/${rg}`;
      return request("GET", `${base}/providers/Microsoft.ContainerService/managedClusters?api-version=${v}`);
    }
    case "updateTags": {
      // The cluster as the example shows it, but without the tags the PATCH is about to set.
      await createExistingCluster(te, ex, ex.responses["200"]!.body, ["/tags"]);
      return request(
        "PATCH",
        clusterUrl({ subscriptionId: sub, resourceGroupName: rg, resourceName: p["resourceName"]! }, v),
        substitute(ex.requestBody, te.endpoint),
      );
    }
    case "delete": {
      const url = clusterUrl({ subscriptionId: sub, resourceGroupName: rg, resourceName: p["resourceName"]! }, v);
      if (status === "202") {
        // Any existing cluster will do: the example shows no body. A minimal valid one, completed.
        const put = await request("PUT", url, {
          location: substitute("location1"),
          properties: { dnsPrefix: "dnsprefix1", agentPoolProfiles: [{ name: "nodepool1", count: 1, vmSize: "Standard_DS2_v2", mode: "System" }] },
          identity: { type: "SystemAssigned" },
        });
        assert.equal(put.status, 201, put.text);
        await completeOperation(te, put, LRO_MS);
      }
      // 204: the cluster does not exist (its resource group does).
      return request("DELETE", url);
    }
    case "connectionList": {
      const { base, name } = await connectionPrerequisites(te, ex, status);
      await approve(te, base, name);
      return request("GET", `${base}?api-version=${v}`);
    }
    case "connectionGet": {
      const { base, name } = await connectionPrerequisites(te, ex, status);
      await approve(te, base, name);
      return request("GET", `${base}/${name}?api-version=${v}`);
    }
    case "connectionUpdate": {
      const { base, name } = await connectionPrerequisites(te, ex, status);
      return request("PUT", `${base}/${name}?api-version=${v}`, substitute(ex.requestBody, te.endpoint));
    }
    case "connectionDelete": {
      if (status === "204") {
        // The connection does not exist (its private cluster does): the example's own name.
        await createPrivateCluster(te, p, LRO_MS);
        return request("DELETE", `${clusterPath(p)}/privateEndpointConnections/${p["privateEndpointConnectionName"]}?api-version=${v}`);
      }
      const { base, name } = await connectionPrerequisites(te, ex, status);
      const res = await request("DELETE", `${base}/${name}?api-version=${v}`);
      if (res.status === 200 && typeof res.headers["azure-asyncoperation"] === "string") {
        // The delete finishes as its operation says, and the connection is gone afterwards.
        await completeOperation(te, res, LRO_MS);
        const after = await request("GET", `${base}/${name}?api-version=${v}`);
        assert.equal(after.status, 404, `connection still there after its delete: ${after.text}`);
      }
      return res;
    }
    case "maintenanceCreate": {
      const base = await maintenancePrerequisites(te, p);
      return request("PUT", `${base}/${p["configName"]}?api-version=${v}`, substitute(ex.requestBody, te.endpoint));
    }
    case "maintenanceGet": {
      const base = await maintenancePrerequisites(te, p);
      await putConfigurations(te, ex, base, [ex.responses[status]!.body]);
      return request("GET", `${base}/${p["configName"]}?api-version=${v}`);
    }
    case "maintenanceList": {
      const base = await maintenancePrerequisites(te, p);
      await putConfigurations(te, ex, base, ex.responses[status]!.body.value as Json[]);
      return request("GET", `${base}?api-version=${v}`);
    }
    case "maintenanceDelete": {
      const base = await maintenancePrerequisites(te, p);
      // 200: one that exists (any valid one of its name); 204: none.
      // An old api-version cannot express a window: `default` then takes its timeInWeek form.
      const properties = ex.apiVersion < "2023-05-01" ? { timeInWeek: [{ day: "Monday", hourSlots: [1] }] } : { maintenanceWindow: WINDOW };
      if (status === "200") await putConfigurations(te, ex, base, [{ name: p["configName"], properties }]);
      return request("DELETE", `${base}/${p["configName"]}?api-version=${v}`);
    }
    case "kubernetesVersions":
      return request("GET", `/subscriptions/${sub}/providers/Microsoft.ContainerService/locations/${p["location"]}/kubernetesVersions?api-version=${v}`);
    case "orchestrators":
      // As az aks get-versions (2.45) asks for it.
      return request(
        "GET",
        `/subscriptions/${sub}/providers/Microsoft.ContainerService/locations/${p["location"]}/orchestrators?api-version=${v}&resource-type=managedClusters`,
      );
    case "upgradeProfile": {
      // The cluster at the control plane's version, with the pools the example shows at theirs.
      const shown = ex.responses[status]!.body.properties;
      const url = clusterUrl({ subscriptionId: sub, resourceGroupName: rg, resourceName: p["resourceName"]! }, v);
      const put = await request("PUT", url, {
        location: substitute("location1"),
        identity: { type: "SystemAssigned" },
        properties: {
          dnsPrefix: "dnsprefix1",
          kubernetesVersion: shown.controlPlaneProfile.kubernetesVersion,
          agentPoolProfiles: (shown.agentPoolProfiles as Json[]).map((pool, i) => ({
            name: pool.name,
            count: 1,
            mode: i === 0 ? "System" : "User",
            osType: pool.osType,
            orchestratorVersion: pool.kubernetesVersion,
          })),
        },
      });
      assert.equal(put.status, 201, put.text);
      await completeOperation(te, put, LRO_MS);
      return request("GET", `${clusterPath(p)}/upgradeProfiles/default?api-version=${v}`);
    }
    case "privateLinkResources": {
      await createPrivateCluster(te, p, LRO_MS);
      return request("GET", `${clusterPath(p)}/privateLinkResources?api-version=${v}`);
    }
    case "resolvePrivateLinkServiceId": {
      await createPrivateCluster(te, p, LRO_MS);
      const res = await request("POST", `${clusterPath(p)}/resolvePrivateLinkServiceId?api-version=${v}`, substitute(ex.requestBody, te.endpoint));
      // The id is generated (ignored.ts); it must at least be the one the private link resource shows.
      const plr = await request("GET", `${clusterPath(p)}/privateLinkResources?api-version=${v}`);
      assert.equal(res.json?.privateLinkServiceID, plr.json?.value?.[0]?.privateLinkServiceID, `resolve and list disagree: ${res.text} / ${plr.text}`);
      return res;
    }
  }
}

describe("replayed examples", () => {
  test("every example with an ignore list is replayed, and every replayed one has a list", () => {
    // The cluster actions' examples are replayed by actions.test.ts, managed namespaces' and identity bindings' by
    // cluster-children.test.ts, trusted access's and the OS options' by trusted-access.test.ts.
    assert.deepEqual([...EXAMPLES, ...ACTION_EXAMPLES, ...CHILD_EXAMPLES, ...TRUSTED_ACCESS_EXAMPLES].map((e) => e.file).sort(), Object.keys(IGNORED).sort());
  });
});

replayExamples(EXAMPLES, {
  lroDurationMs: (_kind, status, ex) => agentPoolLroDuration(ex.file, status) ?? LRO_MS,
  async setup(ex, kind, status) {
    const dir = await mkdtemp(join(tmpdir(), "replay-"));
    const versionCatalogue = (await catalogueFor(ex, kind, status, dir)) ?? (await agentPoolCatalogue(ex, kind, status, dir));
    return { options: versionCatalogue ? { versionCatalogue } : {}, cleanup: () => rm(dir, { recursive: true, force: true }) };
  },
  run,
});
