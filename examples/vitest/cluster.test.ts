import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { ResourceManagementClient } from "@azure/arm-resources";
import { startAksEmulator, type StartedAksEmulator } from "aks-emulator/testing";

let emulator: StartedAksEmulator;
let aks: ContainerServiceClient;

beforeAll(async () => {
  emulator = await startAksEmulator({ lroDurationMs: 0 }); // a child process on a free port
  aks = new ContainerServiceClient(emulator.credential, emulator.subscriptionId, emulator.clientOptions);
  const groups = new ResourceManagementClient(emulator.credential, emulator.subscriptionId, emulator.clientOptions);
  await groups.resourceGroups.createOrUpdate("demo-rg", { location: "eastus" });
});
afterAll(() => emulator?.stop());
beforeEach(() => emulator.faults.clear());

const cluster = {
  location: "eastus",
  dnsPrefix: "demo",
  agentPoolProfiles: [{ name: "nodepool1", count: 1, vmSize: "Standard_DS2_v2", mode: "System" }],
};

test("creates a cluster", async () => {
  const created = await aks.managedClusters.beginCreateOrUpdateAndWait("demo-rg", "ok", cluster, { updateIntervalInMs: 10 });
  expect(created.provisioningState).toBe("Succeeded");
});

test("sees an injected failure", async () => {
  await emulator.faults.add({
    match: { method: "PUT", resourceType: "Microsoft.ContainerService/managedClusters" },
    effect: { operationFails: { code: "QuotaExceeded", message: "no cores left" } },
    count: 1,
  });
  await expect(aks.managedClusters.beginCreateOrUpdateAndWait("demo-rg", "broken", cluster, { updateIntervalInMs: 10 })).rejects.toThrow(/QuotaExceeded/);
  expect((await aks.managedClusters.get("demo-rg", "broken")).provisioningState).toBe("Failed");
});
