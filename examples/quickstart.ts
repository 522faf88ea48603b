import { pathToFileURL } from "node:url";
import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { ResourceManagementClient } from "@azure/arm-resources";

// Run after: eval "$(npx aks-emulator env)"
export async function runQuickstart(
  credential: TokenCredential = new DefaultAzureCredential(),
  endpoint = process.env["AKS_EMULATOR_ENDPOINT"]!,
  subscriptionId = process.env["AKS_EMULATOR_SUBSCRIPTION_ID"] ?? "00000000-0000-0000-0000-000000000000",
  clientOptions: { additionalPolicies?: any[] } = {},
): Promise<string[]> {
  const log: string[] = [];
  const resources = new ResourceManagementClient(credential, subscriptionId, { endpoint, ...clientOptions });
  const aks = new ContainerServiceClient(credential, subscriptionId, { endpoint, ...clientOptions });

  await resources.resourceGroups.createOrUpdate("quickstart-rg", { location: "eastus" });
  const created = await aks.managedClusters.createOrUpdate(
    "quickstart-rg",
    "quickstart-aks",
    {
      location: "eastus",
      dnsPrefix: "quickstart",
      identity: { type: "SystemAssigned" },
      agentPoolProfiles: [{ name: "nodepool1", count: 1, vmSize: "Standard_DS2_v2", mode: "System" }],
    },
    { updateIntervalInMs: 100 },
  );
  log.push(`created ${created.name}: ${created.provisioningState}, fqdn ${created.fqdn}`);

  const got = await aks.managedClusters.get("quickstart-rg", "quickstart-aks");
  log.push(`got ${got.name}: kubernetes ${got.currentKubernetesVersion}`);
  for await (const c of aks.managedClusters.listByResourceGroup("quickstart-rg")) log.push(`in group: ${c.name}`);
  for await (const c of aks.managedClusters.list()) log.push(`in subscription: ${c.name}`);

  const tagged = await aks.managedClusters.updateTags("quickstart-rg", "quickstart-aks", { tags: { env: "ci" } });
  log.push(`tags: ${JSON.stringify(tagged.tags)}`);

  await aks.managedClusters.delete("quickstart-rg", "quickstart-aks", { updateIntervalInMs: 100 });
  log.push("deleted quickstart-aks");
  await resources.resourceGroups.beginDeleteAndWait("quickstart-rg", { updateIntervalInMs: 100 });
  log.push("deleted quickstart-rg");
  return log;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await runQuickstart()) console.log(line);
}
