import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import type { RawResponse, TestEmulator } from "../support/emulator.js";
import { clusterUrl, completeOperation, DEFAULT_PATCH_VERSION, PLACEHOLDERS, realParams, substitute, type Example, type Json } from "./harness.js";

/**
 * How the runner (replay.test.ts) replays the examples of agent pools (`managedClusters/{c}/agentPools`
 * with upgradeProfiles/default, availableAgentPoolVersions, upgradeNodeImageVersion and
 * deleteMachines), their machines, and node pool snapshots: the situation each example needs, made
 * through the emulator's own routes at the SDK's api-version (2026-04-01), then the example's request at
 * its own api-version. The comparison is the runner's (harness.ts); what is not compared is in
 * ignored-agent-pools.ts.
 */

const AGENT_POOL_KINDS = [
  "poolCreate",
  "poolUpdate",
  "poolPower",
  "poolGet",
  "poolList",
  "poolDelete",
  "poolDeleteMachines",
  "poolUpgradeProfile",
  "poolAvailableVersions",
  "poolUpgradeNodeImage",
  "machineList",
  "machineGet",
  "snapshotCreate",
  "snapshotGet",
  "snapshotList",
  "snapshotListByResourceGroup",
  "snapshotUpdateTags",
  "snapshotDelete",
] as const;

export type AgentPoolKind = (typeof AGENT_POOL_KINDS)[number];

export function isAgentPoolKind(kind: string): kind is AgentPoolKind {
  return (AGENT_POOL_KINDS as readonly string[]).includes(kind);
}

/** The api-version of the prerequisites (what @azure/arm-containerservice 25.x sends). */
const SETUP_API = "2026-04-01";

type Request = (method: string, path: string, body?: unknown) => Promise<RawResponse>;

/** Pool properties a client cannot send (read-only in the definition), left out of a prerequisite built from an answer. */
const POOL_READ_ONLY = ["provisioningState", "currentOrchestratorVersion", "eTag", "nodeImageVersion"];

/** A pool as the example's answer shows it, as a client would send it (placeholders replaced). */
function poolFromAnswer(shown: Json, endpoint: string): Json {
  const properties = structuredClone(substitute(shown.properties, endpoint)) as Record<string, Json>;
  for (const k of POOL_READ_ONLY) delete properties[k];
  return properties;
}

function clusterPathOf(sub: string, rg: string, name: string): string {
  return clusterUrl({ subscriptionId: sub, resourceGroupName: rg, resourceName: name }, "").split("?")[0]!;
}

/**
 * Prerequisite: the cluster the example's path names, its control plane at `kubernetesVersion`
 * (an explicit patch, so that a pool sent with `orchestratorVersion: ""` shows that patch, as the
 * examples' answers do), with `pools` (profile form; the first becomes the System pool); its create
 * completed.
 */
async function createCluster(
  te: TestEmulator,
  lroMs: number,
  at: { sub: string; rg: string; name: string },
  pools: Json[],
  kubernetesVersion = DEFAULT_PATCH_VERSION,
): Promise<string> {
  const put = await te.request("PUT", clusterUrl({ subscriptionId: at.sub, resourceGroupName: at.rg, resourceName: at.name }, SETUP_API), {
    body: {
      location: PLACEHOLDERS["location1"],
      properties: { dnsPrefix: "dnsprefix1", kubernetesVersion, agentPoolProfiles: pools },
      identity: { type: "SystemAssigned" },
    },
  });
  assert.equal(put.status, 201, `prerequisite cluster PUT: ${put.text}`);
  await settle(te, put, lroMs);
  return clusterPathOf(at.sub, at.rg, at.name);
}

/** Prerequisite: a pool made (or changed) through `agentPools`, its operation completed. */
async function putPool(te: TestEmulator, lroMs: number, cluster: string, name: string, properties: Json): Promise<void> {
  const put = await te.request("PUT", `${cluster}/agentPools/${name}?api-version=${SETUP_API}`, { body: { properties } });
  assert.ok(put.status === 201 || put.status === 200, `prerequisite pool PUT: ${put.text}`);
  await settle(te, put, lroMs);
}

/**
 * The provisioning time an example's code is replayed with, where it is not the runner's: the node image
 * upgrade's 200 is its answer when the upgrade is done at once (`--lro-duration 0`,
 * docs/fidelity.md "Node image upgrade answers").
 */
export function agentPoolLroDuration(file: string, status: string): number | undefined {
  return file.endsWith("/AgentPoolsUpgradeNodeImageVersion.json") && status === "200" ? 0 : undefined;
}

/** A write's operation completed (as completeOperation does), or, at `--lro-duration 0`, done already. */
async function settle(te: TestEmulator, res: RawResponse, lroMs: number): Promise<void> {
  if (lroMs > 0 || res.headers["azure-asyncoperation"]) await completeOperation(te, res, lroMs);
  else assert.equal(res.json?.properties?.provisioningState, "Succeeded", `not done at --lro-duration 0: ${res.text}`);
}

/**
 * The version catalogue (`--version-catalogue`, docs/version-catalogue.md) an example is replayed with,
 * where it relates several versions: the pool's upgrade profile (a pool on 1.12.8 that may go to
 * 1.13.5) and the available versions (1.12.7, 1.12.8, and 1.13.5, the default and a preview) offer just
 * the example's versions, 1.13 in preview where the example marks it so. Written to `dir`; its path is
 * answered. Other examples use the built-in catalogue (their one version is a placeholder, harness.ts).
 */
export async function agentPoolCatalogue(ex: Example, kind: string, status: string, dir: string): Promise<string | undefined> {
  const body = ex.responses[status]?.body;
  let versions: { kubernetesVersion: string; isPreview?: boolean }[];
  if (kind === "poolUpgradeProfile") versions = [{ kubernetesVersion: body.properties.kubernetesVersion }, ...body.properties.upgrades];
  else if (kind === "poolAvailableVersions") versions = body.properties.agentPoolVersions;
  else return undefined;
  const minors = new Map<string, { version: string; isPreview?: boolean; supportPlan: string[]; patchVersions: string[] }>();
  for (const v of versions) {
    const minor = v.kubernetesVersion.split(".").slice(0, 2).join(".");
    const m = minors.get(minor) ?? { version: minor, supportPlan: ["KubernetesOfficial"], patchVersions: [] };
    if (v.isPreview === true) m.isPreview = true;
    m.patchVersions.push(v.kubernetesVersion);
    minors.set(minor, m);
  }
  const file = `${dir}/catalogue.json`;
  await writeFile(
    file,
    JSON.stringify({
      defaultVersion: [...minors.values()].find((m) => m.isPreview !== true)!.version,
      kubernetesVersions: [...minors.values()],
      nodeImages: [{ osType: "Linux", osSKUs: ["Ubuntu"], nodeImageVersion: "AKSUbuntu-2204gen2containerd-202401.09.2" }],
    }),
  );
  return file;
}

/** A System pool beside the example's pool, so that the example's pool may be a User pool (stopped, deleted). */
const SYSTEM_POOL = { name: "nodepool1", count: 1, vmSize: "Standard_DS2_v2", mode: "System" };

/** The machine names of a pool (our own names, `aks-<pool>-<8 digits>-vmss<instance>`). */
async function machineNames(te: TestEmulator, pool: string): Promise<string[]> {
  const r = await te.request("GET", `${pool}/machines?api-version=${SETUP_API}`);
  assert.equal(r.status, 200, r.text);
  return (r.json.value as Json[]).map((m) => String(m.name));
}

/**
 * The machine of ours with the instance suffix of an example's name (`...-vmss00000a` is instance 10):
 * the examples' names carry another scale set's digits, which are ours to give.
 */
function sameInstance(ours: string[], exampleName: string): string {
  const suffix = /-vmss([0-9a-z]{6})$/.exec(exampleName)?.[1];
  const name = ours.find((n) => n.endsWith(`-vmss${suffix}`));
  assert.ok(suffix && name, `no machine of ours has the instance of ${exampleName}: ${ours.join(", ")}`);
  return name;
}

/** The snapshot examples' source pool (`.../managedClusters/cluster1/agentPools/pool0`) as their answers show what it ran. */
async function createSnapshotSource(te: TestEmulator, lroMs: number, sourceId: string, shown: Json): Promise<void> {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerService\/managedClusters\/([^/]+)\/agentPools\/([^/]+)$/i.exec(
    sourceId,
  );
  assert.ok(m, `not an agent pool id: ${sourceId}`);
  const p = shown.properties;
  await createCluster(te, lroMs, { sub: m[1]!, rg: m[2]!, name: m[3]! }, [
    { name: m[4]!, count: 1, vmSize: p.vmSize, osType: p.osType, osSKU: p.osSku, enableFIPS: p.enableFIPS, orchestratorVersion: p.kubernetesVersion },
  ]);
}

/** Prerequisite of the snapshot examples: the snapshot their answer shows (its source pool first), made by a PUT. */
async function createSnapshot(te: TestEmulator, lroMs: number, snapshotPath: string, shown: Json, tags: Json = shown.tags): Promise<void> {
  const source = String(shown.properties.creationData.sourceResourceId);
  await createSnapshotSource(te, lroMs, source, shown);
  const put = await te.request("PUT", `${snapshotPath}?api-version=${SETUP_API}`, {
    body: { location: shown.location, tags, properties: { creationData: { sourceResourceId: source } } },
  });
  assert.equal(put.status, 201, `prerequisite snapshot PUT: ${put.text}`);
}

export async function runAgentPoolExample(
  te: TestEmulator,
  ex: Example,
  kind: AgentPoolKind,
  status: string,
  request: Request,
  lroMs: number,
): Promise<RawResponse> {
  const p = realParams(ex);
  const sub = p["subscriptionId"]!;
  const rg = p["resourceGroupName"] ?? substitute("rg1");
  const v = ex.apiVersion;
  const at = { sub, rg, name: p["resourceName"]! };
  const answer = (code: string): Json => substitute(ex.responses[code]?.body, te.endpoint);
  const poolName = p["agentPoolName"]!;
  switch (kind) {
    case "poolCreate": {
      const cluster = await createCluster(te, lroMs, at, [SYSTEM_POOL]);
      const body = substitute(ex.requestBody, te.endpoint);
      const snapshot = body.properties?.creationData?.sourceResourceId;
      if (typeof snapshot === "string") {
        // AgentPoolsCreate_Snapshot: the snapshot it names, taken of the cluster's System pool.
        const put = await te.request("PUT", `${snapshot}?api-version=${SETUP_API}`, {
          body: { location: PLACEHOLDERS["location1"], properties: { creationData: { sourceResourceId: `${cluster}/agentPools/${SYSTEM_POOL.name}` } } },
        });
        assert.equal(put.status, 201, `prerequisite snapshot PUT: ${put.text}`);
      }
      const url = `${cluster}/agentPools/${poolName}?api-version=${v}`;
      const first = await request("PUT", url, body);
      if (status === "201") return first;
      // 200: the same PUT on the pool the first one made.
      assert.equal(first.status, 201, first.text);
      await settle(te, first, lroMs);
      return request("PUT", url, body);
    }
    case "poolUpdate": {
      // The pool as the example's answer shows it, without the autoscaler the PUT turns on.
      const shown = poolFromAnswer(ex.responses["200"]!.body, te.endpoint);
      const cluster = await createCluster(te, lroMs, at, [SYSTEM_POOL]);
      await putPool(te, lroMs, cluster, poolName, { ...shown, enableAutoScaling: false, minCount: undefined, maxCount: undefined, mode: "User" });
      return request("PUT", `${cluster}/agentPools/${poolName}?api-version=${v}`, substitute(ex.requestBody, te.endpoint));
    }
    case "poolPower": {
      // AgentPools_Stop / AgentPools_Start: a User pool of the example's size (running, or stopped for Start).
      const start = ex.requestBody.properties.powerState.code === "Running";
      const cluster = await createCluster(te, lroMs, at, [SYSTEM_POOL]);
      const count = start ? ex.responses[status]!.body.properties.count : 3;
      await putPool(te, lroMs, cluster, poolName, { count, vmSize: "Standard_DS2_v2", mode: "User" });
      if (start) await putPool(te, lroMs, cluster, poolName, { powerState: { code: "Stopped" } });
      return request("PUT", `${cluster}/agentPools/${poolName}?api-version=${v}`, substitute(ex.requestBody, te.endpoint));
    }
    case "poolGet":
    case "poolList":
    case "poolUpgradeNodeImage": {
      // The cluster's only pool, as the example's answer shows it.
      const shown = kind === "poolList" ? ex.responses[status]!.body.value[0] : ex.responses[kind === "poolGet" ? status : "202"]!.body;
      const cluster = await createCluster(te, lroMs, at, [{ name: substitute(shown.name), ...poolFromAnswer(shown, te.endpoint) }]);
      if (kind === "poolGet") return request("GET", `${cluster}/agentPools/${poolName}?api-version=${v}`);
      if (kind === "poolList") return request("GET", `${cluster}/agentPools?api-version=${v}`);
      return request("POST", `${cluster}/agentPools/${poolName}/upgradeNodeImageVersion?api-version=${v}`);
    }
    case "poolUpgradeProfile": {
      // A pool at the profile's kubernetesVersion under a control plane at the upgrade it lists (agentPoolCatalogue).
      const shown = answer(status).properties;
      const cluster = await createCluster(
        te,
        lroMs,
        at,
        [{ ...SYSTEM_POOL, name: poolName, osType: shown.osType, orchestratorVersion: shown.kubernetesVersion }],
        String(shown.upgrades[0].kubernetesVersion),
      );
      return request("GET", `${cluster}/agentPools/${poolName}/upgradeProfiles/default?api-version=${v}`);
    }
    case "poolAvailableVersions": {
      // The control plane at the version the example marks default (agentPoolCatalogue).
      const shown = answer(status).properties.agentPoolVersions as Json[];
      const cluster = await createCluster(te, lroMs, at, [SYSTEM_POOL], String(shown.find((x) => x.default === true)?.kubernetesVersion));
      return request("GET", `${cluster}/availableAgentPoolVersions?api-version=${v}`);
    }
    case "poolDelete": {
      const cluster = await createCluster(te, lroMs, at, [SYSTEM_POOL]);
      // 202: a User pool that exists; 204: none of that name.
      if (status === "202") await putPool(te, lroMs, cluster, poolName, { count: 1, vmSize: "Standard_DS2_v2", mode: "User" });
      return request("DELETE", `${cluster}/agentPools/${poolName}?api-version=${v}`);
    }
    case "poolDeleteMachines": {
      // A User pool with the machines the example names (instances 10 and 11), named as we name them.
      const cluster = await createCluster(te, lroMs, at, [SYSTEM_POOL]);
      await putPool(te, lroMs, cluster, poolName, { count: 12, vmSize: "Standard_DS2_v2", mode: "User" });
      const pool = `${cluster}/agentPools/${poolName}`;
      const ours = await machineNames(te, pool);
      const names = (ex.requestBody.machineNames as string[]).map((n) => sameInstance(ours, n));
      const res = await request("POST", `${pool}/deleteMachines?api-version=${v}`, { machineNames: names });
      if (res.status === 202) {
        // They go, and the pool's count with them.
        const left = await machineNames(te, pool);
        assert.deepEqual(
          left.filter((n) => names.includes(n)),
          [],
          `deleted machines still listed: ${left.join(", ")}`,
        );
        assert.equal(left.length, 10);
      }
      return res;
    }
    case "machineList":
    case "machineGet": {
      // The pool of the example's machine: one node in zone 1 (its answer's zones).
      const shown = kind === "machineList" ? ex.responses[status]!.body.value[0] : ex.responses[status]!.body;
      const cluster = await createCluster(te, lroMs, at, [{ ...SYSTEM_POOL, name: poolName, availabilityZones: shown.zones }]);
      const pool = `${cluster}/agentPools/${poolName}`;
      if (kind === "machineList") return request("GET", `${pool}/machines?api-version=${v}`);
      // MachineGet asks for `...vmss00000t` and answers `...vmss000000`: ask for the machine it answers.
      const name = sameInstance(await machineNames(te, pool), String(shown.name));
      return request("GET", `${pool}/machines/${name}?api-version=${v}`);
    }
    case "snapshotCreate": {
      const body = substitute(ex.requestBody, te.endpoint);
      await createSnapshotSource(te, lroMs, String(body.properties.creationData.sourceResourceId), answer(status));
      const url = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerService/snapshots/${p["resourceName"]}?api-version=${v}`;
      const first = await request("PUT", url, body);
      if (status === "201") return first;
      assert.equal(first.status, 201, first.text);
      return request("PUT", url, body);
    }
    case "snapshotGet":
    case "snapshotUpdateTags":
    case "snapshotDelete": {
      const path = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerService/snapshots/${p["resourceName"]}`;
      if (kind === "snapshotGet") {
        await createSnapshot(te, lroMs, path, answer(status));
        return request("GET", `${path}?api-version=${v}`);
      }
      if (kind === "snapshotUpdateTags") {
        // The snapshot the answer shows, with the tags of the other snapshot examples before the PATCH.
        await createSnapshot(te, lroMs, path, answer(status), { key1: "val1", key2: "val2" });
        return request("PATCH", `${path}?api-version=${v}`, substitute(ex.requestBody, te.endpoint));
      }
      // 200: a snapshot that exists (the one the other examples show); 204: none of that name.
      if (status === "200") {
        await createSnapshot(te, lroMs, path, substitute(SNAPSHOT_SHOWN, te.endpoint));
      }
      return request("DELETE", `${path}?api-version=${v}`);
    }
    case "snapshotList":
    case "snapshotListByResourceGroup": {
      for (const item of answer(status).value as Json[]) {
        const m = /\/resourceGroups\/([^/]+)\//i.exec(String(item.id));
        await createSnapshot(te, lroMs, `/subscriptions/${sub}/resourceGroups/${m?.[1]}/providers/Microsoft.ContainerService/snapshots/${item.name}`, item);
      }
      const scope = kind === "snapshotList" ? `/subscriptions/${sub}` : `/subscriptions/${sub}/resourceGroups/${rg}`;
      return request("GET", `${scope}/providers/Microsoft.ContainerService/snapshots?api-version=${v}`);
    }
  }
}

/** The snapshot the snapshot examples show (for SnapshotsDelete, which shows none). */
const SNAPSHOT_SHOWN: Json = {
  location: "westus",
  tags: { key1: "val1", key2: "val2" },
  properties: {
    creationData: {
      sourceResourceId: "/subscriptions/subid1/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/cluster1/agentPools/pool0",
    },
    kubernetesVersion: "1.20.5",
    osType: "Linux",
    osSku: "Ubuntu",
    vmSize: "Standard_D2s_v3",
    enableFIPS: false,
  },
};
