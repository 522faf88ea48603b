import { ContainerServiceClient } from "@azure/arm-containerservice";
import { NetworkManagementClient } from "@azure/arm-network";
import { ResourceManagementClient } from "@azure/arm-resources";
import { ClientSecretCredential, DefaultAzureCredential, type TokenCredential } from "@azure/identity";

/**
 * The private-networking scenario as unchanged code runs it: no endpoint option on any client, the
 * credential from the environment `aks-emulator env --proxy` prints (HTTPS_PROXY, NO_PROXY, the CA
 * variables, AZURE_TENANT_ID / AZURE_CLIENT_ID / AZURE_CLIENT_SECRET, AZURE_SUBSCRIPTION_ID). Run by
 * test/integration/proxy.test.ts as `node proxy-scenario.js <client-secret|default> <suffix>` in a
 * child process with exactly that environment; it prints one JSON line per step.
 *
 * Node's test runner also loads this file (it sits under dist/test/): without AKS_PROXY_SCENARIO it does
 * nothing.
 */

function step(name: string, value: unknown): void {
  process.stdout.write(JSON.stringify({ step: name, value }) + "\n");
}

async function main(mode: string, suffix: string): Promise<void> {
  const env = process.env;
  const sub = env["AZURE_SUBSCRIPTION_ID"]!;
  const credential: TokenCredential =
    mode === "client-secret"
      ? new ClientSecretCredential(env["AZURE_TENANT_ID"]!, env["AZURE_CLIENT_ID"]!, env["AZURE_CLIENT_SECRET"]!)
      : new DefaultAzureCredential();
  const rm = new ResourceManagementClient(credential, sub);
  const aks = new ContainerServiceClient(credential, sub);
  const net = new NetworkManagementClient(credential, sub);
  const rg = `proxy-${suffix}`;

  const group = await rm.resourceGroups.createOrUpdate(rg, { location: "eastus" });
  step("group", group.id);
  const cluster = await aks.managedClusters.createOrUpdate(rg, "private1", {
    location: "eastus",
    dnsPrefix: `private-${suffix}`,
    agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }],
    identity: { type: "SystemAssigned" },
    apiServerAccessProfile: { enablePrivateCluster: true },
  } as never);
  step("cluster", {
    id: cluster.id,
    state: cluster.provisioningState,
    privateFqdn: cluster.privateFqdn,
    private: cluster.apiServerAccessProfile?.enablePrivateCluster,
  });

  const vnet = await net.virtualNetworks.beginCreateOrUpdateAndWait(rg, "vnet1", {
    location: "eastus",
    addressSpace: { addressPrefixes: ["10.20.0.0/16"] },
    subnets: [{ name: "endpoints", addressPrefix: "10.20.1.0/24" }],
  });
  const pe = await net.privateEndpoints.beginCreateOrUpdateAndWait(rg, "pe1", {
    location: "eastus",
    subnet: { id: vnet.subnets![0]!.id! },
    manualPrivateLinkServiceConnections: [{ name: "pe1-conn", privateLinkServiceId: cluster.id!, groupIds: ["management"], requestMessage: "please approve" }],
  });
  step("endpoint", { state: pe.provisioningState, connection: pe.manualPrivateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState });

  const list = (await aks.privateEndpointConnections.list(rg, "private1")).value ?? [];
  const mine = list.find((c) => c.privateEndpoint?.id?.toLowerCase() === pe.id!.toLowerCase());
  step(
    "connections",
    list.map((c) => ({ name: c.name, status: c.privateLinkServiceConnectionState?.status, mine: c === mine })),
  );
  const name = mine!.name!;

  const approved = await aks.privateEndpointConnections.update(rg, "private1", name, {
    privateLinkServiceConnectionState: { status: "Approved", description: "approved through the proxy" },
  });
  const endpointAfterApprove = await net.privateEndpoints.get(rg, "pe1");
  step("approved", {
    cluster: approved.privateLinkServiceConnectionState,
    endpoint: endpointAfterApprove.manualPrivateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState?.status,
  });

  const rejected = await aks.privateEndpointConnections.update(rg, "private1", name, { privateLinkServiceConnectionState: { status: "Rejected" } });
  step("rejected", rejected.privateLinkServiceConnectionState?.status);

  await aks.privateEndpointConnections.delete(rg, "private1", name);
  const gone = await aks.privateEndpointConnections.get(rg, "private1", name).then(
    () => "still there",
    (e: { statusCode?: number; code?: string }) => `${e.statusCode} ${e.code}`,
  );
  const endpointAfterDelete = await net.privateEndpoints.get(rg, "pe1");
  step("connection deleted", { get: gone, endpoint: endpointAfterDelete.manualPrivateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState?.status });

  await net.privateEndpoints.beginDeleteAndWait(rg, "pe1");
  await aks.managedClusters.delete(rg, "private1");
  const clusterGone = await aks.managedClusters.get(rg, "private1").then(
    () => "still there",
    (e: { statusCode?: number; code?: string }) => `${e.statusCode} ${e.code}`,
  );
  step("cluster deleted", clusterGone);
  await rm.resourceGroups.beginDeleteAndWait(rg);

  if (mode === "client-secret") {
    // A wrong secret: Entra's AADSTS7000215 reaches the caller.
    const wrong = new ClientSecretCredential(env["AZURE_TENANT_ID"]!, env["AZURE_CLIENT_ID"]!, "not-the-secret");
    const answer = await wrong.getToken("https://management.azure.com/.default").then(
      () => "token issued",
      (e: Error) => `${e.name}: ${/AADSTS\d+/.exec(e.message)?.[0] ?? e.message}`,
    );
    step("wrong secret", answer);
  }
}

if (process.env["AKS_PROXY_SCENARIO"] === "1") {
  const [mode = "client-secret", suffix = "ts"] = process.argv.slice(2);
  main(mode, suffix).then(
    () => step("done", true),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
