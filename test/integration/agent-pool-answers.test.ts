/**
 * What the official TS SDK (@azure/arm-containerservice 25.3.0, 2026-04-01) sees of agent pool answers
 * the official examples' replays (test/replay/) and AKS's docs showed: a pool being stopped or started
 * shows `Stopping`/`Starting` until its operation ends, in the pool and in its cluster; at
 * `--lro-duration 0` a node image upgrade is done in one request, answered 200 without a body
 * (docs/fidelity.md "Stopping a node pool", "Node image upgrade answers"); a pool's upgrade profile
 * leaves `upgrades` out when there is none (docs/sources.md "Agent pool upgrade profile in AKS's docs").
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { OWNER_PRINCIPAL } from "../../src/identity/principals.js";
import { sdkClients, type SdkClients } from "../support/sdk-clients.js";
import { startTestEmulator, type TestEmulator } from "../support/emulator.js";

const RG = "pool-states-rg";

async function createCluster(c: SdkClients, te: TestEmulator, name: string): Promise<void> {
  await c.rm.resourceGroups.createOrUpdate(RG, { location: "eastus" });
  const poller = await c.aks.managedClusters.beginCreateOrUpdate(RG, name, {
    location: "eastus",
    dnsPrefix: name,
    agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }],
  });
  te.emulator.clock.advance(LRO_MS + 1);
  await poller.pollUntilDone();
}

const LRO_MS = 60_000;

describe("agent pool states (@azure/arm-containerservice 25.3.0)", () => {
  let te: TestEmulator;
  before(async () => {
    te = await startTestEmulator({ lroDurationMs: LRO_MS });
  });
  after(async () => te?.close());

  // docs/fidelity.md "Stopping a node pool"
  it("a pool being stopped shows Stopping, and being started Starting, until the operation ends; in its cluster too", async () => {
    const c = sdkClients(te);
    await createCluster(c, te, "states1");
    const add = await c.aks.agentPools.beginCreateOrUpdate(RG, "states1", "user1", { count: 2, mode: "User" });
    te.emulator.clock.advance(LRO_MS + 1);
    const pool = await add.pollUntilDone();

    for (const [code, during] of [
      ["Stopped", "Stopping"],
      ["Running", "Starting"],
    ] as const) {
      const poller = await c.aks.agentPools.beginCreateOrUpdate(RG, "states1", "user1", { ...pool, powerState: { code } });
      assert.equal((await c.aks.agentPools.get(RG, "states1", "user1")).provisioningState, during);
      const shown = (await c.aks.managedClusters.get(RG, "states1")).agentPoolProfiles!.find((p) => p.name === "user1")!;
      assert.equal(shown.provisioningState, during);
      te.emulator.clock.advance(LRO_MS + 1);
      const done = await poller.pollUntilDone();
      assert.deepEqual([done.provisioningState, done.powerState?.code, done.count], ["Succeeded", code, 2]);
    }

    // Any other update shows Updating.
    const scale = await c.aks.agentPools.beginCreateOrUpdate(RG, "states1", "user1", { ...pool, count: 3 });
    assert.equal((await c.aks.agentPools.get(RG, "states1", "user1")).provisioningState, "Updating");
    te.emulator.clock.advance(LRO_MS + 1);
    await scale.pollUntilDone();
  });

  // docs/sources.md "Agent pool upgrade profile in AKS's docs"
  it("a pool's upgrade profile lists the versions it may go to, and leaves upgrades out when there is none", async () => {
    const c = sdkClients(te);
    await createCluster(c, te, "states2");
    const cp = String((await c.aks.managedClusters.get(RG, "states2")).currentKubernetesVersion);
    const [major, minor] = cp.split(".").map(Number);
    const older = await c.aks.agentPools.beginCreateOrUpdate(RG, "states2", "older", { count: 1, mode: "User", orchestratorVersion: `${major}.${minor! - 1}` });
    te.emulator.clock.advance(LRO_MS + 1);
    await older.pollUntilDone();

    const behind = await c.aks.agentPools.getUpgradeProfile(RG, "states2", "older");
    assert.ok(
      behind.upgrades!.some((u) => u.kubernetesVersion === cp),
      JSON.stringify(behind.upgrades),
    );
    const latest = await c.aks.agentPools.getUpgradeProfile(RG, "states2", "nodepool1");
    assert.equal(latest.kubernetesVersion, cp);
    assert.equal(latest.upgrades, undefined);
    const raw = await te.request(
      "GET",
      `/subscriptions/${te.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/states2/agentPools/nodepool1/upgradeProfiles/default?api-version=2026-04-01`,
    );
    assert.ok(!("upgrades" in raw.json.properties), raw.text);
  });
});

describe("agent pool node image upgrade at --lro-duration 0 (@azure/arm-containerservice 25.3.0)", () => {
  let te: TestEmulator;
  before(async () => {
    te = await startTestEmulator({ lroDurationMs: 0 });
  });
  after(async () => te?.close());

  // docs/fidelity.md "Node image upgrade answers"
  it("is done in one request, 200 without a body; the SDK resolves to nothing and the pool is on the newest image", async () => {
    const log: string[] = [];
    const c = sdkClients(te, OWNER_PRINCIPAL, log);
    await createCluster(c, te, "image0");
    const profile = await c.aks.agentPools.getUpgradeProfile(RG, "image0", "nodepool1");
    log.length = 0;
    const result = await c.aks.agentPools.beginUpgradeNodeImageVersionAndWait(RG, "image0", "nodepool1");
    assert.equal(result, undefined);
    assert.deepEqual(log, [
      `POST /subscriptions/${te.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/image0/agentPools/nodepool1/upgradeNodeImageVersion`,
    ]);
    const pool = await c.aks.agentPools.get(RG, "image0", "nodepool1");
    assert.deepEqual([pool.provisioningState, pool.nodeImageVersion], ["Succeeded", profile.latestNodeImageVersion]);

    const raw = await te.request(
      "POST",
      `/subscriptions/${te.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/image0/agentPools/nodepool1/upgradeNodeImageVersion?api-version=2026-04-01`,
    );
    assert.deepEqual([raw.status, raw.text], [200, ""]);
  });
});
