// The private-link scenario of bench section 4, run by bench/run.mjs in a process of its own with
// NODE_EXTRA_CA_CERTS, AKS_EMULATOR_ENDPOINT, IDENTITY_ENDPOINT and IDENTITY_HEADER set (what
// `aks-emulator env` prints). Official SDKs with their default settings (no updateIntervalInMs).
// Prints one JSON line: times (process start, module loading, SDK calls) and request counts.
const processStartMs = performance.now(); // time since the process began, before any import

import { createRequire } from "node:module";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

// The SDKs are the product's devDependencies (root node_modules), not bench/'s (Azurite brings an
// older @azure/identity into bench/node_modules).
const requireRoot = createRequire(join(dirname(dirname(fileURLToPath(import.meta.url))), "package.json"));
const t0 = performance.now();
const { ManagedIdentityCredential } = requireRoot("@azure/identity");
const { ContainerServiceClient } = requireRoot("@azure/arm-containerservice");
const { NetworkManagementClient } = requireRoot("@azure/arm-network");
const { ResourceManagementClient } = requireRoot("@azure/arm-resources");
const moduleLoadMs = performance.now() - t0;

const endpoint = process.env["AKS_EMULATOR_ENDPOINT"];
const sub = "00000000-0000-0000-0000-000000000000";
const log = [];
const counting = {
  name: "benchCount",
  async sendRequest(request, next) {
    const response = await next(request);
    log.push({
      method: request.method,
      url: request.url,
      status: response.status,
      async: response.headers.get("azure-asyncoperation") ?? undefined,
      location: response.headers.get("location") ?? undefined,
    });
    return response;
  },
};
const credential = new ManagedIdentityCredential();
const options = { endpoint, additionalPolicies: [{ policy: counting, position: "perCall" }] };
const aks = new ContainerServiceClient(credential, sub, options);
const net = new NetworkManagementClient(credential, sub, options);
const rm = new ResourceManagementClient(credential, sub, options);

const steps = [];
const step = async (name, fn) => {
  const s = performance.now();
  const r = await fn();
  steps.push({ name, ms: performance.now() - s });
  return r;
};

const start = performance.now();
await step("resource groups", async () => {
  await rm.resourceGroups.createOrUpdate("net-rg", { location: "eastus" });
  await rm.resourceGroups.createOrUpdate("aks-rg", { location: "eastus" });
});
const vnet = await step("virtual network", () =>
  net.virtualNetworks.beginCreateOrUpdateAndWait("net-rg", "vnet1", {
    location: "eastus",
    addressSpace: { addressPrefixes: ["10.1.0.0/16"] },
    subnets: [{ name: "pe-subnet", addressPrefix: "10.1.1.0/24" }],
  }),
);
const cluster = await step("private cluster", () =>
  aks.managedClusters.beginCreateOrUpdateAndWait("aks-rg", "priv1", {
    location: "eastus",
    dnsPrefix: "priv1",
    identity: { type: "SystemAssigned" },
    agentPoolProfiles: [{ name: "nodepool1", count: 1, vmSize: "Standard_DS2_v2", mode: "System" }],
    apiServerAccessProfile: { enablePrivateCluster: true },
  }),
);
const pe = await step("private endpoint", () =>
  net.privateEndpoints.beginCreateOrUpdateAndWait("net-rg", "pe1", {
    location: "eastus",
    subnet: { id: vnet.subnets[0].id },
    manualPrivateLinkServiceConnections: [{ name: "pe1-conn", privateLinkServiceId: cluster.id, groupIds: ["management"], requestMessage: "bench" }],
  }),
);
const conn = await step("find connection", async () => {
  const list = await aks.privateEndpointConnections.list("aks-rg", "priv1");
  const found = list.value.find((c) => c.privateEndpoint?.id?.toLowerCase() === pe.id.toLowerCase());
  if (!found) throw new Error("no connection for the private endpoint");
  return found;
});
await step("approve", () =>
  aks.privateEndpointConnections.update("aks-rg", "priv1", conn.name, { privateLinkServiceConnectionState: { status: "Approved", description: "ok" } }),
);
await step("reject", () =>
  aks.privateEndpointConnections.update("aks-rg", "priv1", conn.name, { privateLinkServiceConnectionState: { status: "Rejected", description: "no" } }),
);
await step("delete connection", () => aks.privateEndpointConnections.beginDeleteAndWait("aks-rg", "priv1", conn.name));
await step("delete cluster", () => aks.managedClusters.beginDeleteAndWait("aks-rg", "priv1"));
const scenarioMs = performance.now() - start;

// A long-running operation: an answer carrying Azure-AsyncOperation, or a 202 with Location.
// A poll: a request to an operation status or result URL.
const isPoll = (u) => /\/(operations|operationresults|operationstatuses)\//i.test(new URL(u).pathname);
const polls = log.filter((r) => isPoll(r.url)).length;
const lros = log.filter((r) => !isPoll(r.url) && r.method !== "GET" && (r.async !== undefined || (r.status === 202 && r.location !== undefined))).length;
process.stdout.write(
  JSON.stringify({ processStartMs, moduleLoadMs, scenarioMs, lros, polls, requests: log.length, steps: steps.map((s) => ({ ...s, ms: Math.round(s.ms) })) }) +
    "\n",
);
