/**
 * A cluster's stop and start (managedClusters/{c}/stop, /start) through the official TS SDK
 * (@azure/arm-containerservice 25.3.0, 2026-04-01), answers checked against the official definition.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startTestEmulator, type TestEmulator } from "../support/emulator.js";
import { refusedWith, sdkClients } from "../support/sdk-clients.js";

const RG = "power-rg";
const fast = { updateIntervalInMs: 10 };

describe("cluster stop and start (@azure/arm-containerservice 25.3.0)", () => {
  let te: TestEmulator;
  let c: ReturnType<typeof sdkClients>;
  before(async () => {
    te = await startTestEmulator({ lroDurationMs: 1 });
    c = sdkClients(te);
    await c.rm.resourceGroups.createOrUpdate(RG, { location: "eastus" });
    await c.aks.managedClusters.beginCreateOrUpdateAndWait(
      RG,
      "power1",
      {
        location: "eastus",
        dnsPrefix: "power1",
        agentPoolProfiles: [
          { name: "nodepool1", count: 1, mode: "System" },
          { name: "work", count: 2, mode: "User" },
        ],
      } as any,
      fast,
    );
  });
  after(async () => te?.close());

  const machines = async (pool: string) => {
    const out: string[] = [];
    for await (const m of c.aks.machines.list(RG, "power1", pool)) out.push(m.name!);
    return out;
  };

  it("stop (polled with default settings): the cluster and its pools Stopped, no machines; changes refused until a start", async () => {
    await c.aks.managedClusters.beginStopAndWait(RG, "power1");
    const stopped = await c.aks.managedClusters.get(RG, "power1");
    assert.deepEqual([stopped.provisioningState, stopped.powerState?.code], ["Succeeded", "Stopped"]);
    assert.deepEqual(
      stopped.agentPoolProfiles!.map((p) => [p.name, p.powerState?.code, p.count]),
      [
        ["nodepool1", "Stopped", 1],
        ["work", "Stopped", 2],
      ],
    );
    assert.deepEqual(await machines("work"), []);

    // docs/fidelity.md "Stopped cluster"
    const message = await refusedWith(
      c.aks.managedClusters.beginCreateOrUpdateAndWait(RG, "power1", { ...stopped, tags: { a: "b" } }, fast),
      409,
      "OperationNotAllowed",
    );
    assert.match(message, /Power State\(Stopped\), updating cannot be performed/);
    await refusedWith(c.aks.agentPools.beginCreateOrUpdateAndWait(RG, "power1", "extra", { count: 1 }, fast), 409, "OperationNotAllowed");
    await refusedWith(c.aks.agentPools.beginUpgradeNodeImageVersionAndWait(RG, "power1", "work", fast), 409, "OperationNotAllowed");
    await refusedWith(c.aks.managedClusters.beginStopAndWait(RG, "power1", fast), 409, "OperationNotAllowed");

    await c.aks.managedClusters.beginStartAndWait(RG, "power1");
    const started = await c.aks.managedClusters.get(RG, "power1");
    assert.deepEqual([started.provisioningState, started.powerState?.code], ["Succeeded", "Running"]);
    assert.ok(started.agentPoolProfiles!.every((p) => p.powerState?.code === "Running"));
    assert.equal((await machines("work")).length, 2);
    await refusedWith(c.aks.managedClusters.beginStartAndWait(RG, "power1", fast), 409, "OperationNotAllowed");
    // Running again, it takes changes.
    await c.aks.managedClusters.beginCreateOrUpdateAndWait(RG, "power1", { ...started, tags: { a: "b" } }, fast);
  });
});

describe("cluster stop in flight (lro 2 s)", () => {
  let te: TestEmulator;
  let c: ReturnType<typeof sdkClients>;
  before(async () => {
    te = await startTestEmulator({ lroDurationMs: 2000 });
    c = sdkClients(te);
    await c.rm.resourceGroups.createOrUpdate(RG, { location: "eastus" });
    await c.aks.managedClusters.beginCreateOrUpdateAndWait(
      RG,
      "power2",
      { location: "eastus", dnsPrefix: "power2", agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }] } as any,
      fast,
    );
  });
  after(async () => te?.close());

  it("shows Stopping meanwhile and refuses other writes with the operation's name; a stopped cluster can be deleted", async () => {
    const stop = await c.aks.managedClusters.beginStop(RG, "power2", fast);
    const during = await c.aks.managedClusters.get(RG, "power2");
    assert.deepEqual([during.provisioningState, during.powerState?.code], ["Stopping", "Running"]);
    assert.equal(during.agentPoolProfiles![0]!.provisioningState, "Stopping");
    const message = await refusedWith(c.aks.managedClusters.beginStartAndWait(RG, "power2", fast), 409, "OperationNotAllowed");
    assert.match(message, /Another operation \(Stopping\) is in progress/);
    await stop.pollUntilDone();
    await c.aks.managedClusters.beginDeleteAndWait(RG, "power2", fast);
  });
});
