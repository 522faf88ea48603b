// Screenshots of the dashboard for the README and docs/dashboard.md: the private-link topology and the live
// request log of an emulator the official SDKs fill with a small private-link set-up, taken with Debian's
// Chromium through playwright-core (as the dashboard's tests drive it). Not run by `npm test`.
// Usage: npm run build && node scripts/screenshots.mjs   (writes docs/dashboard-topology.png, docs/dashboard-requests.png)
import { execFileSync } from "node:child_process";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { NetworkManagementClient } from "@azure/arm-network";
import { PrivateDnsManagementClient } from "@azure/arm-privatedns";
import { ResourceManagementClient } from "@azure/arm-resources";
import { chromium } from "playwright-core";
import { CLI_PATH, startAksEmulator } from "../dist/src/testing/index.js";

const docs = new URL("../docs/", import.meta.url);
const emulator = await startAksEmulator({ lroDurationMs: 0, seed: "screenshots" });
let browser;
try {
  const { credential, subscriptionId: sub, clientOptions } = emulator;
  const rm = new ResourceManagementClient(credential, sub, clientOptions);
  const net = new NetworkManagementClient(credential, sub, clientOptions);
  const dns = new PrivateDnsManagementClient(credential, sub, clientOptions);
  const aks = new ContainerServiceClient(credential, sub, clientOptions);
  const poll = { updateIntervalInMs: 10 };
  await rm.resourceGroups.createOrUpdate("net-rg", { location: "eastus" });
  await rm.resourceGroups.createOrUpdate("aks-rg", { location: "eastus" });
  await net.virtualNetworks.beginCreateOrUpdateAndWait(
    "net-rg",
    "hub-vnet",
    {
      location: "eastus",
      addressSpace: { addressPrefixes: ["10.10.0.0/16"] },
      subnets: [
        { name: "endpoints", addressPrefix: "10.10.1.0/24" },
        { name: "workloads", addressPrefix: "10.10.2.0/24" },
      ],
    },
    poll,
  );
  const cluster = (name) => ({
    location: "eastus",
    dnsPrefix: name,
    agentPoolProfiles: [{ name: "system", count: 2, vmSize: "Standard_D4s_v5", mode: "System" }],
    identity: { type: "SystemAssigned" },
    apiServerAccessProfile: { enablePrivateCluster: true },
  });
  const payments = await aks.managedClusters.beginCreateOrUpdateAndWait("aks-rg", "payments", cluster("payments"), poll);
  const search = await aks.managedClusters.beginCreateOrUpdateAndWait("aks-rg", "search", cluster("search"), poll);
  const subnet = (name) => ({ id: `/subscriptions/${sub}/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks/hub-vnet/subnets/${name}` });
  await net.privateEndpoints.beginCreateOrUpdateAndWait(
    "net-rg",
    "pe-payments",
    {
      location: "eastus",
      subnet: subnet("endpoints"),
      privateLinkServiceConnections: [{ name: "payments", privateLinkServiceId: payments.id, groupIds: ["management"] }],
    },
    poll,
  );
  await net.privateEndpoints.beginCreateOrUpdateAndWait(
    "net-rg",
    "pe-search",
    {
      location: "eastus",
      subnet: subnet("endpoints"),
      manualPrivateLinkServiceConnections: [{ name: "search", privateLinkServiceId: search.id, groupIds: ["management"], requestMessage: "hub access" }],
    },
    poll,
  );
  const zone = await dns.privateZones.beginCreateOrUpdateAndWait("net-rg", "privatelink.eastus.azmk8s.io", { location: "global" }, poll);
  await dns.virtualNetworkLinks.beginCreateOrUpdateAndWait(
    "net-rg",
    "privatelink.eastus.azmk8s.io",
    "hub-link",
    {
      location: "global",
      virtualNetwork: { id: `/subscriptions/${sub}/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks/hub-vnet` },
      registrationEnabled: false,
    },
    poll,
  );
  await net.privateDnsZoneGroups.beginCreateOrUpdateAndWait(
    "net-rg",
    "pe-payments",
    "default",
    { privateDnsZoneConfigs: [{ name: "azmk8s", privateDnsZoneId: zone.id }] },
    poll,
  );
  // A few answers worth seeing in the log: a refusal and a miss among the reads.
  await aks.managedClusters.get("aks-rg", "payments");
  await aks.privateEndpointConnections.list("aks-rg", "search");
  await aks.managedClusters.get("aks-rg", "missing").catch(() => undefined);
  await aks.managedClusters.beginCreateOrUpdate("no-such-rg", "orders", cluster("orders")).catch(() => undefined);

  const url = execFileSync(process.execPath, [CLI_PATH, "dashboard", "--data-dir", emulator.dataDir], { encoding: "utf8" }).trim();
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: process.getuid?.() === 0 ? ["--no-sandbox"] : [] });
  const page = await browser.newPage({ viewport: { width: 1320, height: 760 }, deviceScaleFactor: 1 });
  await page.goto(url);
  await page.goto(`${new URL(url).origin}/#topology`);
  await page.locator(".topology .edge.connection.pending").waitFor();
  await page.locator(".topology").screenshot({ path: new URL("dashboard-topology.png", docs).pathname });

  await page.goto(`${new URL(url).origin}/#requests`);
  await page.locator("[data-testid=live]", { hasText: "live" }).waitFor();
  await aks.managedClusters.list().byPage().next(); // a paged list sends its request when read
  const listPath = new RegExp(`^/subscriptions/${sub}/providers/Microsoft.ContainerService/managedClusters$`);
  await page.locator("[data-testid=request-log] td.path", { hasText: listPath }).waitFor();
  await page.screenshot({ path: new URL("dashboard-requests.png", docs).pathname });
  process.stdout.write("wrote docs/dashboard-topology.png and docs/dashboard-requests.png\n");
} finally {
  await browser?.close();
  await emulator.stop();
}
