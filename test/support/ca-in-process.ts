import { existsSync } from "node:fs";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { ResourceManagementClient } from "@azure/arm-resources";
import { startAksEmulator } from "../../src/testing/index.js";

/**
 * Run by testing-helpers.test.ts in a process started with PATH and HOME only (no NODE_EXTRA_CA_CERTS):
 * the emulator makes a new CA this process never heard of, and the official SDK reaches it through the
 * helper's clientOptions alone. Prints one JSON line with what it saw.
 */

const seen: Record<string, unknown> = { nodeExtraCaCerts: process.env["NODE_EXTRA_CA_CERTS"] ?? null };
const emulator = await startAksEmulator({ lroDurationMs: 0 });
try {
  // Without the client options (endpoint only), the same call cannot verify the server's certificate.
  const bare = new ContainerServiceClient(emulator.credential, emulator.subscriptionId, { endpoint: emulator.endpoint, retryOptions: { maxRetries: 0 } });
  try {
    for await (const c of bare.managedClusters.list()) void c;
    seen["withoutClientOptions"] = "answered";
  } catch (e) {
    seen["withoutClientOptions"] = (e as { code?: string }).code ?? String(e);
  }
  const groups = new ResourceManagementClient(emulator.credential, emulator.subscriptionId, emulator.clientOptions);
  const aks = new ContainerServiceClient(emulator.credential, emulator.subscriptionId, emulator.clientOptions);
  await groups.resourceGroups.createOrUpdate("ca-rg", { location: "eastus" });
  const created = await aks.managedClusters.beginCreateOrUpdateAndWait(
    "ca-rg",
    "ca-aks",
    { location: "eastus", dnsPrefix: "ca", agentPoolProfiles: [{ name: "nodepool1", count: 1, vmSize: "Standard_DS2_v2", mode: "System" }] },
    { updateIntervalInMs: 10 },
  );
  seen["created"] = created.provisioningState;
  const names: string[] = [];
  for await (const c of aks.managedClusters.list()) names.push(c.name!);
  seen["listed"] = names;
} finally {
  await emulator.stop();
}
seen["dataDirRemoved"] = !existsSync(emulator.dataDir);
console.log(JSON.stringify(seen));
