/**
 * Agent pools (`managedClusters/{c}/agentPools/{p}`) and their machines through the official TS SDK
 * (@azure/arm-containerservice 25.3.0, 2026-04-01), every answer checked against the official
 * definition. The cluster's `agentPoolProfiles` and its `agentPools` are one state seen two ways.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ContainerServiceClient, type AgentPool } from "@azure/arm-containerservice";
import { ResourceManagementClient } from "@azure/arm-resources";
import { NetworkManagementClient } from "@azure/arm-network";
import { conformancePolicy } from "../support/conformance.js";
import { clusterPath, startTestEmulator, type TestEmulator } from "../support/emulator.js";
import { credentialFor } from "../support/sdk-clients.js";

const RG = "pools-rg";

function clientsFor(te: TestEmulator) {
  const credential = credentialFor(te);
  const opts = { endpoint: te.endpoint, additionalPolicies: [{ policy: conformancePolicy(), position: "perCall" }] } as any;
  return {
    aks: new ContainerServiceClient(credential, te.subscriptionId, opts),
    rm: new ResourceManagementClient(credential, te.subscriptionId, opts),
    net: new NetworkManagementClient(credential, te.subscriptionId, opts),
  };
}
type Clients = ReturnType<typeof clientsFor>;

async function createCluster(c: Clients, name: string, pools: Record<string, unknown>[] = [{ name: "nodepool1", count: 1, mode: "System" }]) {
  return c.aks.managedClusters.beginCreateOrUpdateAndWait(RG, name, { location: "eastus", dnsPrefix: name, agentPoolProfiles: pools } as any, {
    updateIntervalInMs: 10,
  });
}

/** The AKS error an SDK call was refused with. */
async function refused(call: Promise<unknown>, status: number, code: string): Promise<{ message: string; target: string | undefined }> {
  let out = { message: "", target: undefined as string | undefined };
  await assert.rejects(call, (e: any) => {
    // A long-running call refused at once keeps only the message (no details): targets are checked raw (poolRefusal).
    const error = e.details?.error ?? {};
    const message = error.message ?? e.message;
    assert.deepEqual([e.statusCode, e.code], [status, code], message);
    out = { message, target: error.target };
    return true;
  });
  return out;
}

const fast = { updateIntervalInMs: 10 };

/** The error body of a pool PUT sent raw (the SDK drops a long-running call's error target). */
async function poolRefusal(
  te: TestEmulator,
  cluster: string,
  pool: string,
  properties: Record<string, unknown>,
): Promise<{ code: string; target?: string; message: string }> {
  const r = await te.request("PUT", `${clusterPath(te.subscriptionId, RG, cluster)}/agentPools/${pool}?api-version=2026-04-01`, { body: { properties } });
  assert.equal(r.status, 400, r.text);
  return r.json.error;
}

describe("agent pools (@azure/arm-containerservice 25.3.0, 2026-04-01)", () => {
  let te: TestEmulator;
  let c: Clients;

  before(async () => {
    te = await startTestEmulator({ lroDurationMs: 1 });
    c = clientsFor(te);
    await c.rm.resourceGroups.createOrUpdate(RG, { location: "eastus" });
  });
  after(async () => te?.close());

  it("a pool added, scaled and deleted through agentPools shows in the cluster; polled with default settings", async () => {
    await createCluster(c, "pools1");
    const created = await c.aks.agentPools.beginCreateOrUpdateAndWait(RG, "pools1", "userpool", { count: 2, vmSize: "Standard_D4s_v5", mode: "User" });
    assert.equal(created.provisioningState, "Succeeded");
    assert.equal(created.type, "Microsoft.ContainerService/managedClusters/agentPools");
    assert.equal(created.id, `${clusterPath(te.subscriptionId, RG, "pools1").replace("/resourceGroups/", "/resourcegroups/")}/agentPools/userpool`);
    assert.equal(created.count, 2);
    assert.equal(created.mode, "User");
    assert.equal(created.orchestratorVersion, (await c.aks.managedClusters.get(RG, "pools1")).kubernetesVersion);
    assert.match(created.nodeImageVersion!, /^AKSUbuntu-/);
    assert.match(created.eTag!, /^[0-9a-f-]{36}$/);

    const cluster = await c.aks.managedClusters.get(RG, "pools1");
    assert.deepEqual(
      cluster.agentPoolProfiles!.map((p) => [p.name, p.count, p.mode, p.vmSize]),
      [
        ["nodepool1", 1, "System", "Standard_DS2_v2"],
        ["userpool", 2, "User", "Standard_D4s_v5"],
      ],
    );
    const listed: AgentPool[] = [];
    for await (const p of c.aks.agentPools.list(RG, "pools1")) listed.push(p);
    assert.deepEqual(listed.map((p) => p.name).sort(), ["nodepool1", "userpool"]);

    // Scale through agentPools (default polling: the SDK honours the 1 s Retry-After).
    const scaled = await c.aks.agentPools.beginCreateOrUpdateAndWait(RG, "pools1", "userpool", { ...created, count: 4 });
    assert.equal(scaled.count, 4);
    assert.notEqual(scaled.eTag, created.eTag);
    assert.equal((await c.aks.managedClusters.get(RG, "pools1")).agentPoolProfiles!.find((p) => p.name === "userpool")!.count, 4);

    await c.aks.agentPools.beginDeleteAndWait(RG, "pools1", "userpool");
    assert.deepEqual(
      (await c.aks.managedClusters.get(RG, "pools1")).agentPoolProfiles!.map((p) => p.name),
      ["nodepool1"],
    );
    await refused(c.aks.agentPools.get(RG, "pools1", "userpool"), 404, "ResourceNotFound");
  });

  it("through the cluster PUT: existing pools update and scale, an omitted pool is kept, a new pool name is refused", async () => {
    await createCluster(c, "pools2");
    await c.aks.agentPools.beginCreateOrUpdateAndWait(RG, "pools2", "extra", { count: 1, mode: "User" }, fast);
    const cluster = await c.aks.managedClusters.get(RG, "pools2");
    const system = cluster.agentPoolProfiles!.find((p) => p.name === "nodepool1")!;

    // Scale nodepool1 through the cluster, leaving `extra` out of the body: it stays.
    const updated = await c.aks.managedClusters.beginCreateOrUpdateAndWait(RG, "pools2", { ...cluster, agentPoolProfiles: [{ ...system, count: 3 }] }, fast);
    assert.deepEqual(
      updated.agentPoolProfiles!.map((p) => [p.name, p.count]),
      [
        ["nodepool1", 3],
        ["extra", 1],
      ],
    );
    assert.equal((await c.aks.agentPools.get(RG, "pools2", "nodepool1")).count, 3);

    const { message } = await refused(
      c.aks.managedClusters.beginCreateOrUpdateAndWait(
        RG,
        "pools2",
        { ...cluster, agentPoolProfiles: [...cluster.agentPoolProfiles!, { name: "newpool", count: 1, mode: "User" }] },
        fast,
      ),
      400,
      "BadRequest",
    );
    assert.match(message, /^A new agent pool was introduced\. Adding agent pools to an existing cluster is not allowed through managed cluster operations\./);
    assert.deepEqual(
      (await c.aks.managedClusters.get(RG, "pools2")).agentPoolProfiles!.map((p) => p.name),
      ["nodepool1", "extra"],
    );
  });

  it("refuses changes AKS refuses, with AKS's codes", async () => {
    await createCluster(c, "pools3");
    await c.aks.agentPools.beginCreateOrUpdateAndWait(RG, "pools3", "user1", { count: 1, mode: "User" }, fast);
    const pool = await c.aks.agentPools.get(RG, "pools3", "user1");

    // A create-only property, through agentPools and through the cluster.
    const r0 = await refused(
      c.aks.agentPools.beginCreateOrUpdateAndWait(RG, "pools3", "user1", { ...pool, vmSize: "Standard_D8s_v5" }, fast),
      400,
      "PropertyChangeNotAllowed",
    );
    assert.equal(r0.message, "Changing property 'agentPoolProfile.vmSize' is not allowed.");
    const cluster = await c.aks.managedClusters.get(RG, "pools3");
    await refused(
      c.aks.managedClusters.beginCreateOrUpdateAndWait(
        RG,
        "pools3",
        { ...cluster, agentPoolProfiles: cluster.agentPoolProfiles!.map((p) => ({ ...p, vmSize: "Standard_D8s_v5" })) },
        fast,
      ),
      400,
      "PropertyChangeNotAllowed",
    );

    // Names, counts and autoscaler ranges.
    await refused(c.aks.agentPools.beginCreateOrUpdateAndWait(RG, "pools3", "Bad-Name", { count: 1 }, fast), 400, "InvalidParameter");
    assert.equal((await poolRefusal(te, "pools3", "Bad-Name", { count: 1 })).target, "agentPoolProfile.name");
    await refused(
      c.aks.agentPools.beginCreateOrUpdateAndWait(RG, "pools3", "winpool1", { count: 1, osType: "Windows" }, fast),
      400,
      "WindowsAgentPoolNameTooLong",
    );
    await refused(c.aks.agentPools.beginCreateOrUpdateAndWait(RG, "pools3", "big", { count: 1001 }, fast), 400, "InvalidParameter");
    await refused(
      c.aks.agentPools.beginCreateOrUpdateAndWait(RG, "pools3", "auto", { count: 5, enableAutoScaling: true, minCount: 1, maxCount: 3 }, fast),
      400,
      "InvalidParameter",
    );
    assert.equal((await poolRefusal(te, "pools3", "auto", { count: 5, enableAutoScaling: true, minCount: 1, maxCount: 3 })).target, "agentPoolProfile.count");
    assert.equal((await poolRefusal(te, "pools3", "auto", { count: 1, enableAutoScaling: true })).target, "agentPoolProfile.minCount");
    assert.equal((await poolRefusal(te, "pools3", "surge", { count: 1, upgradeSettings: { maxSurge: "150%" } })).target, "agentPoolProfile.upgrade.maxSurge");
    assert.equal((await poolRefusal(te, "pools3", "user1", { vmSize: "Standard_D8s_v5" })).target, "agentPoolProfile.vmSize");

    // Versions: never newer than the control plane, at most two minor versions behind it.
    const cp = (await c.aks.managedClusters.get(RG, "pools3")).currentKubernetesVersion!;
    const [major, minor] = cp.split(".").map(Number) as [number, number];
    let r = await refused(
      c.aks.agentPools.beginCreateOrUpdateAndWait(RG, "pools3", "newer", { count: 1, orchestratorVersion: `${major}.${minor + 1}` }, fast),
      400,
      "NodePoolMcVersionIncompatible",
    );
    assert.match(
      r.message,
      /^Node pool version .* and control plane version .* are incompatible\. Minor version of node pool version \d+ is bigger than control plane version \d+\./,
    );
    const older = await c.aks.agentPools.beginCreateOrUpdateAndWait(RG, "pools3", "older", { count: 1, orchestratorVersion: `${major}.${minor - 1}` }, fast);
    assert.equal(older.orchestratorVersion, `${major}.${minor - 1}`);
    // ...and an upgrade neither goes back nor skips a minor version.
    r = await refused(
      c.aks.agentPools.beginCreateOrUpdateAndWait(RG, "pools3", "older", { ...older, orchestratorVersion: `${major}.${minor - 2}` }, fast),
      400,
      "OperationNotAllowed",
    );
    // A step back reads "Downgrading" (docs/version-catalogue.md).
    assert.match(r.message, /^Downgrading Kubernetes version .* is not allowed\. Available upgrades: \[/);
    const upgraded = await c.aks.agentPools.beginCreateOrUpdateAndWait(RG, "pools3", "older", { ...older, orchestratorVersion: cp }, fast);
    assert.equal(upgraded.currentOrchestratorVersion, cp);

    // A System pool stays: stopping it, making the last one a User pool, deleting the last one or the last pool.
    const system = await c.aks.agentPools.get(RG, "pools3", "nodepool1");
    await refused(
      c.aks.agentPools.beginCreateOrUpdateAndWait(RG, "pools3", "nodepool1", { ...system, powerState: { code: "Stopped" } }, fast),
      400,
      "OperationNotAllowed",
    );
    await refused(
      c.aks.agentPools.beginCreateOrUpdateAndWait(RG, "pools3", "nodepool1", { ...system, mode: "User" }, fast),
      400,
      "MustDefineAtLeastOneSystemPool",
    );
    await refused(c.aks.agentPools.beginDeleteAndWait(RG, "pools3", "nodepool1", fast), 400, "OperationNotAllowed");

    // A User pool stops and starts; stopped, it has no machines.
    const stopped = await c.aks.agentPools.beginCreateOrUpdateAndWait(RG, "pools3", "user1", { ...pool, powerState: { code: "Stopped" } }, fast);
    assert.equal(stopped.powerState?.code, "Stopped");
    const none = [];
    for await (const m of c.aks.machines.list(RG, "pools3", "user1")) none.push(m);
    assert.equal(none.length, 0);
    const started = await c.aks.agentPools.beginCreateOrUpdateAndWait(RG, "pools3", "user1", { ...stopped, powerState: { code: "Running" } }, fast);
    assert.equal(started.powerState?.code, "Running");
  });

  it("a pool's subnet must exist and share the virtual network of the cluster's other pools", async () => {
    const vnet = await c.net.virtualNetworks.beginCreateOrUpdateAndWait(
      RG,
      "pools-vnet",
      {
        location: "eastus",
        addressSpace: { addressPrefixes: ["10.10.0.0/16"] },
        subnets: [
          { name: "nodes", addressPrefix: "10.10.1.0/24" },
          { name: "more", addressPrefix: "10.10.2.0/24" },
        ],
      },
      fast,
    );
    const subnet = (name: string) => `${vnet.id}/subnets/${name}`;
    await refused(createCluster(c, "pools4", [{ name: "nodepool1", count: 1, mode: "System", vnetSubnetID: subnet("missing") }]), 400, "InvalidParameter");
    await createCluster(c, "pools4", [{ name: "nodepool1", count: 2, mode: "System", vnetSubnetID: subnet("nodes") }]);
    await refused(c.aks.agentPools.beginCreateOrUpdateAndWait(RG, "pools4", "nosubnet", { count: 1 }, fast), 400, "InvalidParameter");
    const second = await c.aks.agentPools.beginCreateOrUpdateAndWait(RG, "pools4", "second", { count: 1, vnetSubnetID: subnet("more") }, fast);
    assert.equal(second.vnetSubnetID, subnet("more"));

    // Machines: named as AKS names them, with private IPs of their pool's subnet.
    const machines = [];
    for await (const m of c.aks.machines.list(RG, "pools4", "nodepool1")) machines.push(m);
    assert.equal(machines.length, 2);
    for (const m of machines) {
      assert.match(m.name!, /^aks-nodepool1-\d{8}-vmss[0-9a-z]{6}$/);
      assert.match(m.properties!.network!.ipAddresses![0]!.ip!, /^10\.10\.1\.\d+$/);
      assert.match(m.properties!.resourceId!, /\/providers\/Microsoft\.Compute\/virtualMachineScaleSets\/aks-nodepool1-\d{8}-vmss\/virtualMachines\/\d+$/);
    }
    const one = await c.aks.machines.get(RG, "pools4", "nodepool1", machines[1]!.name!);
    assert.deepEqual(one, machines[1]);
  });

  it("machines follow scaling and deleteMachines; upgrade profile, available versions and node image upgrade", async () => {
    await createCluster(c, "pools5", [
      { name: "nodepool1", count: 1, mode: "System" },
      { name: "work", count: 3, mode: "User", availabilityZones: ["1", "2", "3"] },
    ]);
    const names = async () => {
      const out: string[] = [];
      for await (const m of c.aks.machines.list(RG, "pools5", "work")) out.push(m.name!);
      return out;
    };
    const three = await names();
    assert.equal(three.length, 3);
    const zones = [];
    for await (const m of c.aks.machines.list(RG, "pools5", "work")) zones.push(m.zones?.[0]);
    assert.deepEqual(zones, ["1", "2", "3"]);

    // Polled with the SDK's default settings (it honours the 1 s Retry-After).
    await c.aks.agentPools.beginDeleteMachinesAndWait(RG, "pools5", "work", { machineNames: [three[1]!] });
    assert.deepEqual(await names(), [three[0], three[2]]);
    const pool = await c.aks.agentPools.get(RG, "pools5", "work");
    assert.equal(pool.count, 2);
    await refused(
      c.aks.agentPools.beginDeleteMachinesAndWait(RG, "pools5", "work", { machineNames: ["aks-work-00000000-vmss0000zz"] }, fast),
      400,
      "InvalidParameter",
    );

    // A scale-up adds new machines; the names of the ones kept do not change.
    await c.aks.agentPools.beginCreateOrUpdateAndWait(RG, "pools5", "work", { ...pool, count: 4 }, fast);
    const four = await names();
    assert.equal(four.length, 4);
    assert.deepEqual(four.slice(0, 2), [three[0], three[2]]);
    assert.ok(!four.includes(three[1]!));

    const profile = await c.aks.agentPools.getUpgradeProfile(RG, "pools5", "work");
    assert.equal(profile.name, "default");
    assert.equal(profile.kubernetesVersion, pool.currentOrchestratorVersion);
    assert.equal(profile.osType, "Linux");
    assert.match(profile.latestNodeImageVersion!, /^AKSUbuntu-/);

    const available = await c.aks.agentPools.getAvailableAgentPoolVersions(RG, "pools5");
    const cp = (await c.aks.managedClusters.get(RG, "pools5")).currentKubernetesVersion;
    assert.ok(available.agentPoolVersions!.some((v) => v.kubernetesVersion === cp && v.default === true));

    // The definition gives the final answer no schema: the SDK resolves to nothing.
    await c.aks.agentPools.beginUpgradeNodeImageVersionAndWait(RG, "pools5", "work");
    const after = await c.aks.agentPools.get(RG, "pools5", "work");
    assert.equal(after.provisioningState, "Succeeded");
    assert.equal(after.nodeImageVersion, profile.latestNodeImageVersion);

    // Deleting the cluster deletes its pools.
    await c.aks.managedClusters.beginDeleteAndWait(RG, "pools5", fast);
    await refused(c.aks.agentPools.get(RG, "pools5", "work"), 404, "ResourceNotFound");
  });
});

describe("node pool snapshots (@azure/arm-containerservice 25.3.0, 2026-04-01)", () => {
  let te: TestEmulator;
  let c: Clients;
  before(async () => {
    te = await startTestEmulator({ lroDurationMs: 1 });
    c = clientsFor(te);
    await c.rm.resourceGroups.createOrUpdate(RG, { location: "eastus" });
  });
  after(async () => te?.close());

  it("taken of a pool: what the pool runs is captured; get, lists, tags, delete; a pool and a cluster made from it start on its version and image", async () => {
    const cp = (await createCluster(c, "snapsrc")).currentKubernetesVersion!;
    const [major, minor] = cp.split(".").map(Number) as [number, number];
    const old = await c.aks.agentPools.beginCreateOrUpdateAndWait(
      RG,
      "snapsrc",
      "oldpool",
      { count: 1, orchestratorVersion: `${major}.${minor - 1}`, enableFips: true },
      fast,
    );
    const rec: number[] = [];
    const snap = await c.aks.snapshots.createOrUpdate(
      RG,
      "snap1",
      { location: "eastus", tags: { team: "one" }, creationData: { sourceResourceId: old.id } },
      { onResponse: (r) => rec.push(r.status) },
    );
    assert.deepEqual(rec, [201]);
    assert.equal(snap.type, "Microsoft.ContainerService/snapshots");
    assert.deepEqual(
      [snap.snapshotType, snap.kubernetesVersion, snap.nodeImageVersion, snap.osType, snap.osSku, snap.vmSize, snap.enableFips],
      ["NodePool", old.currentOrchestratorVersion, old.nodeImageVersion, "Linux", "Ubuntu", "Standard_DS2_v2", true],
    );
    assert.deepEqual(await c.aks.snapshots.get(RG, "snap1"), snap);
    const inGroup = [];
    for await (const s of c.aks.snapshots.listByResourceGroup(RG)) inGroup.push(s.name);
    const inSubscription = [];
    for await (const s of c.aks.snapshots.list()) inSubscription.push(s.name);
    assert.deepEqual([inGroup, inSubscription], [["snap1"], ["snap1"]]);
    assert.deepEqual((await c.aks.snapshots.updateTags(RG, "snap1", { tags: { team: "two" } })).tags, { team: "two" });

    // A pool made from the snapshot runs its version and image, not the control plane's.
    const fromSnap = await c.aks.agentPools.beginCreateOrUpdateAndWait(
      RG,
      "snapsrc",
      "restored",
      { count: 1, creationData: { sourceResourceId: snap.id } },
      fast,
    );
    assert.deepEqual([fromSnap.currentOrchestratorVersion, fromSnap.nodeImageVersion], [snap.kubernetesVersion, snap.nodeImageVersion]);
    // So does a new cluster's pool.
    const cluster = await createCluster(c, "snapdst", [{ name: "nodepool1", count: 1, mode: "System", creationData: { sourceResourceId: snap.id } }]);
    assert.equal(cluster.agentPoolProfiles![0]!.currentOrchestratorVersion, snap.kubernetesVersion);

    // A snapshot of a pool that does not exist, a pool from a snapshot that does not exist.
    await refused(
      c.aks.snapshots.createOrUpdate(RG, "snap2", { location: "eastus", creationData: { sourceResourceId: `${old.id}x` } }),
      400,
      "InvalidParameter",
    );
    await refused(
      c.aks.agentPools.beginCreateOrUpdateAndWait(RG, "snapsrc", "nosnap", { count: 1, creationData: { sourceResourceId: `${snap.id}x` } }, fast),
      400,
      "InvalidParameter",
    );

    await c.aks.snapshots.delete(RG, "snap1");
    await refused(c.aks.snapshots.get(RG, "snap1"), 404, "ResourceNotFound");
  });
});

describe("agent pools while operations run (lro 2 s)", () => {
  let te: TestEmulator;
  let c: Clients;
  before(async () => {
    te = await startTestEmulator({ lroDurationMs: 2000 });
    c = clientsFor(te);
    await c.rm.resourceGroups.createOrUpdate(RG, { location: "eastus" });
    await createCluster(c, "busy1");
  });
  after(async () => te?.close());

  it("a pool write waits for its cluster's operation, a cluster write for its pools', each shown Updating meanwhile", async () => {
    // A pool operation in flight: the cluster's PUT is refused, and the cluster shows the pool Creating.
    const poller = await c.aks.agentPools.beginCreateOrUpdate(RG, "busy1", "later", { count: 1 }, fast);
    const cluster = await c.aks.managedClusters.get(RG, "busy1");
    assert.equal(cluster.agentPoolProfiles!.find((p) => p.name === "later")?.provisioningState, "Creating");
    const r = await refused(c.aks.managedClusters.beginCreateOrUpdate(RG, "busy1", cluster, fast), 409, "OperationNotAllowed");
    assert.match(r.message, /Another agentpool operation \(later - Creating\) is in progress/);
    await poller.pollUntilDone();

    // A cluster update in flight: its pools show Updating and a pool write is refused.
    const fresh = await c.aks.managedClusters.get(RG, "busy1");
    const update = await c.aks.managedClusters.beginCreateOrUpdate(RG, "busy1", { ...fresh, tags: { a: "b" } }, fast);
    assert.equal((await c.aks.agentPools.get(RG, "busy1", "nodepool1")).provisioningState, "Updating");
    await refused(c.aks.agentPools.beginCreateOrUpdate(RG, "busy1", "later", { count: 2 }, fast), 409, "OperationNotAllowed");
    await update.pollUntilDone();
    assert.equal((await c.aks.agentPools.get(RG, "busy1", "nodepool1")).provisioningState, "Succeeded");
  });

  it("abortLatestOperation: the pool's (or cluster's) operation in flight ends Canceled, the resource shows Canceling, then Canceled; nothing in flight is a 409", async () => {
    // docs/fidelity.md "Abort with nothing in flight"
    await refused(c.aks.agentPools.beginAbortLatestOperationAndWait(RG, "busy1", "later", fast), 409, "OperationNotAllowed");

    const pool = await c.aks.agentPools.get(RG, "busy1", "later");
    const scale = await c.aks.agentPools.beginCreateOrUpdate(RG, "busy1", "later", { ...pool, count: 5 }, fast);
    const aborting = await c.aks.agentPools.beginAbortLatestOperation(RG, "busy1", "later", fast);
    assert.equal((await c.aks.agentPools.get(RG, "busy1", "later")).provisioningState, "Canceling");
    await assert.rejects(scale.pollUntilDone(), /cancel/i);
    await aborting.pollUntilDone();
    assert.equal((await c.aks.agentPools.get(RG, "busy1", "later")).provisioningState, "Canceled");
    await c.aks.agentPools.beginCreateOrUpdateAndWait(RG, "busy1", "later", { ...pool, count: 3 }, fast);
    // The SDK's default polling of an abort.
    const again = await c.aks.agentPools.beginCreateOrUpdate(RG, "busy1", "later", { ...pool, count: 4 }, fast);
    await c.aks.agentPools.beginAbortLatestOperationAndWait(RG, "busy1", "later");
    await assert.rejects(again.pollUntilDone(), /cancel/i);
    assert.equal((await c.aks.agentPools.get(RG, "busy1", "later")).provisioningState, "Canceled");

    const cluster = await c.aks.managedClusters.get(RG, "busy1");
    const update = await c.aks.managedClusters.beginCreateOrUpdate(RG, "busy1", { ...cluster, tags: { x: "y" } }, fast);
    await c.aks.managedClusters.beginAbortLatestOperationAndWait(RG, "busy1", fast);
    await assert.rejects(update.pollUntilDone(), /cancel/i);
    const after = await c.aks.managedClusters.get(RG, "busy1");
    assert.equal(after.provisioningState, "Canceled");
    assert.equal(after.agentPoolProfiles!.find((p) => p.name === "nodepool1")!.provisioningState, "Canceled");
    // A canceled resource takes writes again.
    await c.aks.agentPools.beginCreateOrUpdateAndWait(RG, "busy1", "later", { ...pool, count: 2 }, fast);
  });
});
