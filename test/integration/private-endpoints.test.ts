import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { READER_PRINCIPAL } from "../../src/identity/principals.js";
import { clusterKey } from "../../src/providers/containerservice/managed-clusters.js";
import { privateLinkServiceIdFor } from "../../src/providers/containerservice/private-link.js";
import { IdGenerator } from "../../src/util/ids.js";
import { clusterPath, startTestEmulator, type TestEmulator } from "../support/emulator.js";
import { credentialFor, sdkClients, type SdkClients } from "../support/sdk-clients.js";
import { conformancePolicy } from "../support/conformance.js";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { NetworkManagementClient } from "@azure/arm-network";
import { ResourceManagementClient } from "@azure/arm-resources";

/**
 * Private endpoints to managed clusters and the cluster's privateEndpointConnections, driven by
 * the official SDKs (arm-network 36, arm-privatedns 3.2, arm-msi 2.2, arm-containerservice 25.3)
 * with the conformance policy on every client; raw requests (te.request) are checked too.
 */

const clientsFor = sdkClients;

type Clients = SdkClients;

const NET_RG = "net-rg";
const AKS_RG = "aks-rg";
const api = "api-version=2026-04-01";

function subnetId(sub: string, vnet: string, subnet: string): string {
  return `/subscriptions/${sub}/resourceGroups/${NET_RG}/providers/Microsoft.Network/virtualNetworks/${vnet}/subnets/${subnet}`;
}

async function createCluster(c: Clients, name: string, isPrivate: boolean) {
  return c.aks.managedClusters.createOrUpdate(AKS_RG, name, {
    location: "eastus",
    dnsPrefix: name,
    agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }],
    identity: { type: "SystemAssigned" },
    apiServerAccessProfile: isPrivate ? { enablePrivateCluster: true } : undefined,
  } as any);
}

async function createEndpoint(
  c: Clients,
  name: string,
  target: string,
  opts: { manual?: boolean; groupIds?: string[]; message?: string; subnet?: string } = {},
) {
  const connection = { name: `${name}-conn`, privateLinkServiceId: target, groupIds: opts.groupIds ?? ["management"], requestMessage: opts.message };
  return c.net.privateEndpoints.beginCreateOrUpdateAndWait(
    NET_RG,
    name,
    {
      location: "eastus",
      subnet: { id: opts.subnet ?? subnetId(SUB, "vnet1", "pe-subnet") },
      ...(opts.manual ? { manualPrivateLinkServiceConnections: [connection] } : { privateLinkServiceConnections: [connection] }),
    },
    { updateIntervalInMs: 10 },
  );
}

let SUB = "";

/** The cluster-side connection made by a private endpoint. */
async function connectionFor(c: Clients, cluster: string, peId: string) {
  const list = await c.aks.privateEndpointConnections.list(AKS_RG, cluster);
  return (list.value ?? []).find((p) => p.privateEndpoint?.id?.toLowerCase() === peId.toLowerCase());
}

function endpointState(pe: any) {
  const conn = [...(pe.privateLinkServiceConnections ?? []), ...(pe.manualPrivateLinkServiceConnections ?? [])][0];
  return conn?.privateLinkServiceConnectionState;
}

describe("private endpoints to managed clusters (official SDKs)", () => {
  let te: TestEmulator;
  let c: Clients;
  let privateClusterId: string;

  before(async () => {
    te = await startTestEmulator({ lroDurationMs: 1 });
    SUB = te.subscriptionId;
    c = clientsFor(te);
    await c.rm.resourceGroups.createOrUpdate(NET_RG, { location: "eastus" });
    await c.rm.resourceGroups.createOrUpdate(AKS_RG, { location: "eastus" });
    await c.net.virtualNetworks.beginCreateOrUpdateAndWait(
      NET_RG,
      "vnet1",
      { location: "eastus", addressSpace: { addressPrefixes: ["10.1.0.0/16"] }, subnets: [{ name: "pe-subnet", addressPrefix: "10.1.1.0/24" }] },
      { updateIntervalInMs: 10 },
    );
    const cluster = await createCluster(c, "priv1", true);
    privateClusterId = cluster.id!;
    await createCluster(c, "pub1", false);
  });
  after(async () => te.close());

  it("virtual networks, subnets (inline and as children), zones, links and identities through their SDKs", async () => {
    const vnet = await c.net.virtualNetworks.get(NET_RG, "vnet1");
    assert.equal(vnet.provisioningState, "Succeeded");
    assert.deepEqual(
      vnet.subnets?.map((s) => [s.name, s.addressPrefix]),
      [["pe-subnet", "10.1.1.0/24"]],
    );
    assert.match(vnet.etag!, /^W\/"[0-9a-f-]{36}"$/);

    const child = await c.net.subnets.beginCreateOrUpdateAndWait(NET_RG, "vnet1", "other", { addressPrefix: "10.1.2.0/24" }, { updateIntervalInMs: 10 });
    assert.equal(child.provisioningState, "Succeeded");
    assert.equal(child.type, "Microsoft.Network/virtualNetworks/subnets");
    assert.deepEqual((await c.net.virtualNetworks.get(NET_RG, "vnet1")).subnets?.map((s) => s.name).sort(), ["other", "pe-subnet"]);
    await assert.rejects(
      c.net.subnets.beginCreateOrUpdateAndWait(NET_RG, "vnet1", "outside", { addressPrefix: "10.9.0.0/24" }),
      (e: any) => e.statusCode === 400 && e.code === "NetcfgSubnetRangeOutsideVnet",
    );
    await assert.rejects(
      c.net.subnets.beginCreateOrUpdateAndWait(NET_RG, "vnet1", "overlap", { addressPrefix: "10.1.2.128/25" }),
      (e: any) => e.statusCode === 400 && e.code === "NetcfgSubnetRangesOverlap",
    );
    await c.net.subnets.beginDeleteAndWait(NET_RG, "vnet1", "other", { updateIntervalInMs: 10 });
    await assert.rejects(c.net.subnets.get(NET_RG, "vnet1", "other"), (e: any) => e.statusCode === 404 && e.code === "NotFound");

    const zone = await c.dns.privateZones.beginCreateOrUpdateAndWait(
      NET_RG,
      "privatelink.eastus.azmk8s.io",
      { location: "global" },
      { updateIntervalInMs: 10 },
    );
    assert.equal(zone.provisioningState, "Succeeded");
    assert.equal(zone.location, "global");
    const link = await c.dns.virtualNetworkLinks.beginCreateOrUpdateAndWait(
      NET_RG,
      "privatelink.eastus.azmk8s.io",
      "link1",
      { location: "global", virtualNetwork: { id: vnet.id }, registrationEnabled: false },
      { updateIntervalInMs: 10 },
    );
    assert.equal(link.virtualNetworkLinkState, "Completed");
    assert.equal((await c.dns.privateZones.get(NET_RG, "privatelink.eastus.azmk8s.io")).numberOfVirtualNetworkLinks, 1);
    await assert.rejects(
      c.dns.privateZones.beginCreateOrUpdateAndWait(NET_RG, "regional.example.com", { location: "eastus" }),
      (e: any) => e.statusCode === 400 && e.code === "LocationNotAvailableForResourceType",
    );

    const uai = await c.msi.userAssignedIdentities.createOrUpdate(NET_RG, "cp-identity", { location: "eastus" });
    assert.match(uai.principalId!, /^[0-9a-f-]{36}$/);
    assert.match(uai.clientId!, /^[0-9a-f-]{36}$/);
    assert.equal(uai.tenantId, te.emulator.info.tenantId);
    assert.equal((await c.msi.userAssignedIdentities.get(NET_RG, "cp-identity")).principalId, uai.principalId);
    await c.msi.userAssignedIdentities.delete(NET_RG, "cp-identity");
    await assert.rejects(c.msi.userAssignedIdentities.get(NET_RG, "cp-identity"), (e: any) => e.statusCode === 404 && e.code === "ResourceNotFound");
  });

  it("a manual endpoint arrives Pending on both sides, is approved, rejected, refused re-approval, and deleted", async () => {
    const pe = await createEndpoint(c, "pe-manual", privateClusterId, { manual: true, message: "please approve, team A" });
    assert.equal(pe.provisioningState, "Succeeded");
    assert.deepEqual(pe.privateLinkServiceConnections, []);
    // docs/sources.md "Pending description of a manual connection": the Pending description echoes the request message on both sides.
    assert.deepEqual(endpointState(pe), { status: "Pending", description: "please approve, team A", actionsRequired: "None" });
    assert.equal(pe.manualPrivateLinkServiceConnections![0]!.type, "Microsoft.Network/privateEndpoints/manualPrivateLinkServiceConnections");

    const conn = await connectionFor(c, "priv1", pe.id!);
    assert.ok(conn, "the cluster lists the endpoint's connection");
    // docs/fidelity.md "Private endpoint connection type and id"
    assert.match(conn.name!, /^pe-manual\.[0-9a-f-]{36}$/);
    // docs/fidelity.md "Private endpoint connection type and id"
    assert.equal(conn.type, "Microsoft.Network/privateLinkServices/privateEndpointConnections");
    assert.equal(conn.id, `${privateClusterId}/privateEndpointConnections/${conn.name}`);
    assert.equal(conn.provisioningState, "Succeeded");
    assert.deepEqual(conn.privateLinkServiceConnectionState, { status: "Pending", description: "please approve, team A" });

    // Sending the endpoint again (tags added) keeps its connection as it is.
    const again = await c.net.privateEndpoints.beginCreateOrUpdateAndWait(NET_RG, "pe-manual", { ...pe, tags: { team: "a" } }, { updateIntervalInMs: 10 });
    assert.deepEqual(again.tags, { team: "a" });
    assert.equal(endpointState(again).status, "Pending");
    assert.equal((await connectionFor(c, "priv1", pe.id!))?.name, conn.name);

    const approved = await c.aks.privateEndpointConnections.update(AKS_RG, "priv1", conn.name!, {
      privateLinkServiceConnectionState: { status: "Approved", description: "approved by ops" },
    });
    assert.deepEqual(approved.privateLinkServiceConnectionState, { status: "Approved", description: "approved by ops" });
    assert.deepEqual(endpointState(await c.net.privateEndpoints.get(NET_RG, "pe-manual")), {
      status: "Approved",
      description: "approved by ops",
      actionsRequired: "None",
    });

    // A status-only update keeps the description (docs/sources.md "Pending description of a manual connection").
    const rejected = await c.aks.privateEndpointConnections.update(AKS_RG, "priv1", conn.name!, { privateLinkServiceConnectionState: { status: "Rejected" } });
    assert.deepEqual(rejected.privateLinkServiceConnectionState, { status: "Rejected", description: "approved by ops" });
    assert.equal(endpointState(await c.net.privateEndpoints.get(NET_RG, "pe-manual")).status, "Rejected");

    // docs/fidelity.md "Re-approving a rejected connection"
    await assert.rejects(
      c.aks.privateEndpointConnections.update(AKS_RG, "priv1", conn.name!, { privateLinkServiceConnectionState: { status: "Approved" } }),
      (e: any) => e.statusCode === 400 && e.code === "BadRequest" && /Approving rejected private endpoint connections is not supported/.test(e.message),
    );
    assert.equal((await c.aks.privateEndpointConnections.get(AKS_RG, "priv1", conn.name!)).privateLinkServiceConnectionState?.status, "Rejected");

    await c.aks.privateEndpointConnections.delete(AKS_RG, "priv1", conn.name!, { updateIntervalInMs: 10 });
    // docs/fidelity.md "Missing private endpoint connection"
    await assert.rejects(c.aks.privateEndpointConnections.get(AKS_RG, "priv1", conn.name!), (e: any) => e.statusCode === 404 && e.code === "ResourceNotFound");
    // docs/fidelity.md "Endpoint side of a removed connection"
    assert.deepEqual(endpointState(await c.net.privateEndpoints.get(NET_RG, "pe-manual")), {
      status: "Disconnected",
      description: "approved by ops",
      actionsRequired: "None",
    });
    await c.net.privateEndpoints.beginDeleteAndWait(NET_RG, "pe-manual", { updateIntervalInMs: 10 });
  });

  it("an endpoint to the cluster's private link service id is auto-approved on both sides", async () => {
    const plsId = privateLinkServiceIdFor(new IdGenerator(te.emulator.info.seed), clusterKey(te.subscriptionId, AKS_RG, "priv1"), "eastus");
    const pe = await createEndpoint(c, "pe-auto", plsId);
    assert.deepEqual(endpointState(pe), { status: "Approved", description: "Auto-approved", actionsRequired: "None" });
    assert.equal(pe.privateLinkServiceConnections![0]!.privateLinkServiceId, plsId);
    assert.deepEqual(pe.privateLinkServiceConnections![0]!.groupIds, ["management"]);
    assert.match(pe.networkInterfaces![0]!.id!, /\/networkInterfaces\/pe-auto\.nic\.[0-9a-f-]{36}$/);
    assert.equal(pe.customDnsConfigs?.[0]?.ipAddresses?.[0]?.startsWith("10.1.1."), true, JSON.stringify(pe.customDnsConfigs));
    const conn = await connectionFor(c, "priv1", pe.id!);
    assert.deepEqual(conn?.privateLinkServiceConnectionState, { status: "Approved", description: "Auto-approved" });

    // The subnet shows the endpoint and cannot go while it is there.
    const subnet = await c.net.subnets.get(NET_RG, "vnet1", "pe-subnet");
    assert.deepEqual(
      subnet.privateEndpoints?.map((p) => p.id),
      [pe.id],
    );
    await assert.rejects(
      c.net.subnets.beginDeleteAndWait(NET_RG, "vnet1", "pe-subnet"),
      (e: any) => e.statusCode === 400 && e.code === "InUseSubnetCannotBeDeleted",
    );

    // docs/fidelity.md "Deleting a private endpoint": the cluster-side connection goes with it.
    await c.net.privateEndpoints.beginDeleteAndWait(NET_RG, "pe-auto", { updateIntervalInMs: 10 });
    await assert.rejects(c.aks.privateEndpointConnections.get(AKS_RG, "priv1", conn!.name!), (e: any) => e.statusCode === 404 && e.code === "ResourceNotFound");
    assert.equal((await c.net.subnets.get(NET_RG, "vnet1", "pe-subnet")).privateEndpoints, undefined);
  });

  it("refuses endpoints with a missing subnet, a missing or public cluster, or the wrong group id", async () => {
    await assert.rejects(
      createEndpoint(c, "pe-bad", privateClusterId, { subnet: subnetId(SUB, "vnet1", "nope") }),
      (e: any) => e.statusCode === 400 && e.code === "InvalidResourceReference" && e.message.includes("/subnets/nope"),
    );
    await assert.rejects(
      createEndpoint(c, "pe-bad", privateClusterId.replace(/priv1$/, "ghost")),
      (e: any) => e.statusCode === 400 && e.code === "InvalidResourceReference" && e.message.includes("managedClusters/ghost"),
    );
    await assert.rejects(
      createEndpoint(
        c,
        "pe-bad",
        `/subscriptions/${SUB}/resourceGroups/hcp-underlay-eastus-cx-1/providers/Microsoft.Network/privateLinkServices/0123456789abcdef0123456789abcdef`,
      ),
      (e: any) => e.statusCode === 400 && e.code === "ThirdPartyPrivateLinkServiceProvidedDuringPrivateEndpointCreationDoesNotExistOrIsNotVisible",
    );
    // docs/fidelity.md "Private endpoint to a public cluster"
    await assert.rejects(
      createEndpoint(c, "pe-bad", privateClusterId.replace(/priv1$/, "pub1")),
      (e: any) => e.statusCode === 400 && e.code === "InvalidParameter" && /not a private cluster/.test(e.message),
    );
    // docs/fidelity.md "Private endpoint group id"
    await assert.rejects(
      createEndpoint(c, "pe-bad", privateClusterId, { groupIds: ["managedCluster"] }),
      (e: any) => e.statusCode === 400 && e.code === "InvalidParameter" && e.details?.error?.target?.endsWith("groupIds"),
    );
    await assert.rejects(c.net.privateEndpoints.get(NET_RG, "pe-bad"), (e: any) => e.statusCode === 404 && e.code === "ResourceNotFound");
    // Nothing was left behind on the cluster.
    const names = ((await c.aks.privateEndpointConnections.list(AKS_RG, "priv1")).value ?? []).map((p) => p.name);
    assert.ok(!names.some((n) => n?.startsWith("pe-bad.")), names.join(","));
  });

  it("shows AKS's own kube-apiserver connection, approved by AKS", async () => {
    // docs/fidelity.md "AKS's own kube-apiserver connection" (Java live capture, docs/sources.md "AKS's own private endpoint connection").
    const list = (await c.aks.privateEndpointConnections.list(AKS_RG, "priv1")).value ?? [];
    const own = list.find((p) => p.name?.startsWith("kube-apiserver."));
    assert.ok(own, JSON.stringify(list));
    assert.match(own.name!, /^kube-apiserver\.[0-9a-f-]{36}$/);
    assert.deepEqual(own.privateLinkServiceConnectionState, { status: "Approved", description: "Auto Approved" });
    assert.match(own.privateEndpoint!.id!, /\/resourceGroups\/MC_aks-rg_priv1_eastus\/providers\/Microsoft\.Network\/privateEndpoints\/kube-apiserver$/);
    const pe = await c.net.privateEndpoints.get("MC_aks-rg_priv1_eastus", "kube-apiserver");
    assert.deepEqual(endpointState(pe), { status: "Approved", description: "Auto Approved", actionsRequired: "None" });
    assert.match(pe.subnet!.id!, /\/virtualNetworks\/aks-vnet-\d{8}\/subnets\/aks-subnet$/);
    // A public cluster has none.
    assert.deepEqual((await c.aks.privateEndpointConnections.list(AKS_RG, "pub1")).value, []);
  });

  it("a health report counts a cluster's connections by status, as a monitoring function does", async () => {
    await createCluster(c, "health", true);
    const target = privateClusterId.replace(/priv1$/, "health");
    await createEndpoint(c, "pe-h1", target);
    await createEndpoint(c, "pe-h2", target);
    await createEndpoint(c, "pe-h3", target, { manual: true, message: "h3" });
    await createEndpoint(c, "pe-h4", target, { manual: true, message: "h4" });
    const pending = await connectionFor(c, "health", (await c.net.privateEndpoints.get(NET_RG, "pe-h4")).id!);
    await c.aks.privateEndpointConnections.update(AKS_RG, "health", pending!.name!, {
      privateLinkServiceConnectionState: { status: "Rejected", description: "not ours" },
    });

    const report: Record<string, number> = {};
    for (const p of (await c.aks.privateEndpointConnections.list(AKS_RG, "health")).value ?? []) {
      const status = p.privateLinkServiceConnectionState?.status ?? "Unknown";
      report[status] = (report[status] ?? 0) + 1;
    }
    // Two auto-approved endpoints plus AKS's own kube-apiserver connection.
    assert.deepEqual(report, { Approved: 3, Pending: 1, Rejected: 1 });

    // Deleting the cluster leaves the endpoints showing Disconnected.
    await c.aks.managedClusters.delete(AKS_RG, "health", { updateIntervalInMs: 10 });
    const after = await c.net.privateEndpoints.get(NET_RG, "pe-h1");
    assert.deepEqual(endpointState(after), { status: "Disconnected", description: "Auto-approved", actionsRequired: "None" });
    for (const n of ["pe-h1", "pe-h2", "pe-h3", "pe-h4"]) await c.net.privateEndpoints.beginDeleteAndWait(NET_RG, n, { updateIntervalInMs: 10 });
  });

  it("a private cluster's stop removes its private link service and start makes a new one: user endpoints Disconnected until made again", async () => {
    // docs/fidelity.md "Private link across a stop and start" (learn.microsoft.com/azure/aks/private-cluster-connect).
    await createCluster(c, "restart", true);
    const target = privateClusterId.replace(/priv1$/, "restart");
    const oldPls = (await c.aks.resolvePrivateLinkServiceId.post(AKS_RG, "restart", { name: "management" })).privateLinkServiceID!;
    await createEndpoint(c, "pe-r1", target);
    await createEndpoint(c, "pe-r2", oldPls);
    await createEndpoint(c, "pe-r3", target, { manual: true, message: "r3" });
    const report = async () => {
      const counts: Record<string, number> = {};
      for (const p of (await c.aks.privateEndpointConnections.list(AKS_RG, "restart")).value ?? []) {
        const status = p.privateLinkServiceConnectionState?.status ?? "Unknown";
        counts[status] = (counts[status] ?? 0) + 1;
      }
      return counts;
    };
    const endpointReport = async () => {
      const counts: Record<string, number> = {};
      for (const n of ["pe-r1", "pe-r2", "pe-r3"]) {
        const status = endpointState(await c.net.privateEndpoints.get(NET_RG, n))?.status ?? "Unknown";
        counts[status] = (counts[status] ?? 0) + 1;
      }
      return counts;
    };
    assert.deepEqual(await report(), { Approved: 3, Pending: 1 });
    const ownBefore = ((await c.aks.privateEndpointConnections.list(AKS_RG, "restart")).value ?? []).find((p) => p.name?.startsWith("kube-apiserver."))!;

    // Stopped: the service is gone, and every connection on it.
    await c.aks.managedClusters.beginStopAndWait(AKS_RG, "restart");
    assert.deepEqual(await report(), {});
    assert.deepEqual(await endpointReport(), { Disconnected: 3 });
    assert.deepEqual(endpointState(await c.net.privateEndpoints.get(NET_RG, "pe-r3")), { status: "Disconnected", description: "r3", actionsRequired: "None" });
    const stoppedResources = (await c.aks.privateLinkResources.list(AKS_RG, "restart")).value ?? [];
    assert.deepEqual(
      stoppedResources.map((r) => [r.name, r.privateLinkServiceID]),
      [["management", undefined]],
    );
    await assert.rejects(
      c.aks.resolvePrivateLinkServiceId.post(AKS_RG, "restart", { name: "management" }),
      (e: any) => e.statusCode === 409 && e.code === "OperationNotAllowed" && /Power State\(Stopped\)/.test(e.message),
    );
    await assert.rejects(createEndpoint(c, "pe-r4", target), (e: any) => e.statusCode === 409 && e.code === "OperationNotAllowed");
    await assert.rejects(
      createEndpoint(c, "pe-r4", oldPls),
      (e: any) => e.statusCode === 400 && e.code === "ThirdPartyPrivateLinkServiceProvidedDuringPrivateEndpointCreationDoesNotExistOrIsNotVisible",
    );

    // Started: a new service; AKS's own endpoint is connected to it again, the users' stay Disconnected.
    await c.aks.managedClusters.beginStartAndWait(AKS_RG, "restart");
    const newPls = (await c.aks.resolvePrivateLinkServiceId.post(AKS_RG, "restart", { name: "management" })).privateLinkServiceID!;
    assert.notEqual(newPls.toLowerCase(), oldPls.toLowerCase());
    assert.match(
      newPls,
      /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/hcp-underlay-eastus-cx-\d+\/providers\/Microsoft\.Network\/privateLinkServices\/[0-9a-f]{32}$/,
    );
    assert.deepEqual(
      ((await c.aks.privateLinkResources.list(AKS_RG, "restart")).value ?? []).map((r) => r.privateLinkServiceID),
      [newPls],
    );
    assert.deepEqual(await report(), { Approved: 1 });
    const own = ((await c.aks.privateEndpointConnections.list(AKS_RG, "restart")).value ?? [])[0]!;
    assert.match(own.name!, /^kube-apiserver\.[0-9a-f-]{36}$/);
    assert.notEqual(own.name, ownBefore.name);
    assert.deepEqual(own.privateLinkServiceConnectionState, { status: "Approved", description: "Auto Approved" });
    const kubeApiserver = await c.net.privateEndpoints.get("MC_aks-rg_restart_eastus", "kube-apiserver");
    assert.deepEqual(endpointState(kubeApiserver), { status: "Approved", description: "Auto Approved", actionsRequired: "None" });
    assert.equal(kubeApiserver.privateLinkServiceConnections![0]!.privateLinkServiceId, newPls);
    // What the user's connection reports afterwards: Disconnected with the last description it saw.
    assert.deepEqual(await endpointReport(), { Disconnected: 3 });
    assert.deepEqual(endpointState(await c.net.privateEndpoints.get(NET_RG, "pe-r1")), {
      status: "Disconnected",
      description: "Auto-approved",
      actionsRequired: "None",
    });
    assert.equal(await connectionFor(c, "restart", (await c.net.privateEndpoints.get(NET_RG, "pe-r1")).id!), undefined);
    // A disconnected endpoint still takes a change of its own (its gone target is not looked up again).
    const tagged = await c.net.privateEndpoints.beginCreateOrUpdateAndWait(
      NET_RG,
      "pe-r2",
      { ...(await c.net.privateEndpoints.get(NET_RG, "pe-r2")), tags: { broken: "yes" } },
      { updateIntervalInMs: 10 },
    );
    assert.deepEqual([tagged.tags, endpointState(tagged)?.status], [{ broken: "yes" }, "Disconnected"]);
    // An update of the started cluster keeps its new service.
    const running = await c.aks.managedClusters.get(AKS_RG, "restart");
    await c.aks.managedClusters.beginCreateOrUpdateAndWait(AKS_RG, "restart", { ...running, tags: { after: "start" } }, { updateIntervalInMs: 10 });
    assert.equal((await c.aks.resolvePrivateLinkServiceId.post(AKS_RG, "restart", { name: "management" })).privateLinkServiceID, newPls);

    // The documented remedy: delete and create the endpoints again (to the cluster or its new service).
    for (const n of ["pe-r1", "pe-r2"]) await c.net.privateEndpoints.beginDeleteAndWait(NET_RG, n, { updateIntervalInMs: 10 });
    await assert.rejects(
      createEndpoint(c, "pe-r2", oldPls),
      (e: any) => e.statusCode === 400 && e.code === "ThirdPartyPrivateLinkServiceProvidedDuringPrivateEndpointCreationDoesNotExistOrIsNotVisible",
    );
    assert.equal(endpointState(await createEndpoint(c, "pe-r1", target))?.status, "Approved");
    assert.equal(endpointState(await createEndpoint(c, "pe-r2", newPls))?.status, "Approved");
    assert.deepEqual(await report(), { Approved: 3 });
    assert.deepEqual(await endpointReport(), { Approved: 2, Disconnected: 1 });
    for (const n of ["pe-r1", "pe-r2", "pe-r3"]) await c.net.privateEndpoints.beginDeleteAndWait(NET_RG, n, { updateIntervalInMs: 10 });
    await c.aks.managedClusters.delete(AKS_RG, "restart", { updateIntervalInMs: 10 });
  });

  it("deleting the endpoint's resource group removes its connection; the endpoint can be made again", async () => {
    await c.rm.resourceGroups.createOrUpdate("temp-rg", { location: "eastus" });
    await c.net.virtualNetworks.beginCreateOrUpdateAndWait(
      "temp-rg",
      "v",
      { location: "eastus", addressSpace: { addressPrefixes: ["10.5.0.0/16"] }, subnets: [{ name: "s", addressPrefix: "10.5.0.0/24" }] },
      { updateIntervalInMs: 10 },
    );
    const make = () =>
      c.net.privateEndpoints.beginCreateOrUpdateAndWait(
        "temp-rg",
        "pe-temp",
        {
          location: "eastus",
          subnet: { id: `/subscriptions/${SUB}/resourceGroups/temp-rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s` },
          privateLinkServiceConnections: [{ name: "c", privateLinkServiceId: privateClusterId, groupIds: ["management"] }],
        },
        { updateIntervalInMs: 10 },
      );
    const pe = await make();
    const conn = await connectionFor(c, "priv1", pe.id!);
    assert.ok(conn);
    await c.rm.resourceGroups.beginDeleteAndWait("temp-rg", { updateIntervalInMs: 10 });
    assert.equal(await connectionFor(c, "priv1", pe.id!), undefined);
    await assert.rejects(c.aks.privateEndpointConnections.get(AKS_RG, "priv1", conn.name!), (e: any) => e.statusCode === 404);
    await c.rm.resourceGroups.createOrUpdate("temp-rg", { location: "eastus" });
    await c.net.virtualNetworks.beginCreateOrUpdateAndWait(
      "temp-rg",
      "v",
      { location: "eastus", addressSpace: { addressPrefixes: ["10.5.0.0/16"] }, subnets: [{ name: "s", addressPrefix: "10.5.0.0/24" }] },
      { updateIntervalInMs: 10 },
    );
    const again = await make();
    assert.equal(endpointState(again).status, "Approved");
    assert.equal((await connectionFor(c, "priv1", again.id!))?.name, conn.name);
    await c.rm.resourceGroups.beginDeleteAndWait("temp-rg", { updateIntervalInMs: 10 });
  });

  it("answers connection updates with an invalid status, unknown names and a missing cluster as documented", async () => {
    const pe = await createEndpoint(c, "pe-errs", privateClusterId, { manual: true, message: "m" });
    const conn = (await connectionFor(c, "priv1", pe.id!))!;
    const path = `${clusterPath(te.subscriptionId, AKS_RG, "priv1")}/privateEndpointConnections/${conn.name}?${api}`;
    const bad = await te.request("PUT", path, { body: { properties: { privateLinkServiceConnectionState: { status: "Approve" } } } });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, "InvalidParameter");
    assert.equal(bad.json.error.target, "privateLinkServiceConnectionState.status");
    const disconnected = await te.request("PUT", path, { body: { properties: { privateLinkServiceConnectionState: { status: "Disconnected" } } } });
    assert.equal(disconnected.status, 400);
    assert.equal(disconnected.json.error.code, "InvalidParameter");

    const unknown = `${clusterPath(te.subscriptionId, AKS_RG, "priv1")}/privateEndpointConnections/nope.1234?${api}`;
    const missing = await te.request("GET", unknown);
    assert.equal(missing.status, 404);
    assert.equal(missing.json.error.code, "ResourceNotFound");
    assert.match(missing.json.error.message, /Microsoft\.ContainerService\/managedClusters\/priv1\/privateEndpointConnections\/nope\.1234/);
    // Connections are made by private endpoints only.
    const putMissing = await te.request("PUT", unknown, { body: { properties: { privateLinkServiceConnectionState: { status: "Approved" } } } });
    assert.equal(putMissing.status, 404);
    assert.equal(putMissing.json.error.code, "ResourceNotFound");

    await assert.rejects(
      c.aks.privateEndpointConnections.list(AKS_RG, "ghost"),
      (e: any) => e.statusCode === 404 && e.code === "ResourceNotFound" && /managedClusters\/ghost/.test(e.message),
    );
    await assert.rejects(
      c.aks.privateEndpointConnections.get("no-such-rg", "priv1", conn.name!),
      (e: any) => e.statusCode === 404 && e.code === "ResourceGroupNotFound",
    );
    await c.net.privateEndpoints.beginDeleteAndWait(NET_RG, "pe-errs", { updateIntervalInMs: 10 });
  });

  it("refuses a Reader principal's connection updates and deletes with 403 AuthorizationFailed", async () => {
    const pe = await createEndpoint(c, "pe-reader", privateClusterId, { manual: true, message: "r" });
    const conn = (await connectionFor(c, "priv1", pe.id!))!;
    const reader = clientsFor(te, READER_PRINCIPAL);
    // Readers read.
    assert.equal((await reader.aks.privateEndpointConnections.get(AKS_RG, "priv1", conn.name!)).name, conn.name);
    await assert.rejects(
      reader.aks.privateEndpointConnections.update(AKS_RG, "priv1", conn.name!, { privateLinkServiceConnectionState: { status: "Approved" } }),
      (e: any) =>
        e.statusCode === 403 &&
        e.code === "AuthorizationFailed" &&
        e.message.includes("Microsoft.ContainerService/managedClusters/privateEndpointConnections/write"),
    );
    await assert.rejects(
      reader.aks.privateEndpointConnections.delete(AKS_RG, "priv1", conn.name!),
      (e: any) => e.statusCode === 403 && e.code === "AuthorizationFailed" && e.message.includes("privateEndpointConnections/delete"),
    );
    await assert.rejects(createEndpoint(reader, "pe-by-reader", privateClusterId), (e: any) => e.statusCode === 403 && e.code === "AuthorizationFailed");
    assert.equal((await c.aks.privateEndpointConnections.get(AKS_RG, "priv1", conn.name!)).privateLinkServiceConnectionState?.status, "Pending");
    await c.net.privateEndpoints.beginDeleteAndWait(NET_RG, "pe-reader", { updateIntervalInMs: 10 });
  });
});

describe("long-running answers of the network side and of connection deletes", () => {
  let te: TestEmulator;
  let clusterId: string;
  const LONG = 60_000;

  before(async () => {
    te = await startTestEmulator({ lroDurationMs: LONG });
    await te.request("PUT", `/subscriptions/${te.subscriptionId}/resourcegroups/${NET_RG}?api-version=2022-09-01`, { body: { location: "eastus" } });
    await te.request("PUT", `/subscriptions/${te.subscriptionId}/resourcegroups/${AKS_RG}?api-version=2022-09-01`, { body: { location: "eastus" } });
    const put = await te.request("PUT", `${clusterPath(te.subscriptionId, AKS_RG, "lro1")}?${api}`, {
      body: {
        location: "eastus",
        properties: {
          dnsPrefix: "lro1",
          agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }],
          apiServerAccessProfile: { enablePrivateCluster: true },
        },
        identity: { type: "SystemAssigned" },
      },
    });
    assert.equal(put.status, 201, put.text);
    clusterId = put.json.id;
    te.emulator.clock.advance(LONG);
  });
  after(async () => te.close());

  const poll = async (url: string) => {
    const u = new URL(url);
    return te.request("GET", u.pathname + u.search);
  };

  it("Network PUT: 201 Updating with Azure-AsyncOperation (Retry-After 1), status bodies {status}, then Succeeded", async () => {
    const path = `/subscriptions/${te.subscriptionId}/resourceGroups/${NET_RG}/providers/Microsoft.Network/virtualNetworks/vnet1?api-version=2024-03-01`;
    const put = await te.request("PUT", path, {
      body: {
        location: "eastus",
        properties: { addressSpace: { addressPrefixes: ["10.1.0.0/16"] }, subnets: [{ name: "s1", properties: { addressPrefix: "10.1.1.0/24" } }] },
      },
    });
    assert.equal(put.status, 201, put.text);
    assert.equal(put.json.properties.provisioningState, "Updating");
    assert.equal(put.headers["retry-after"], "1");
    assert.equal(put.headers["azure-asyncnotification"], "Enabled");
    assert.match(
      String(put.headers["azure-asyncoperation"]),
      /\/subscriptions\/[^/]+\/providers\/Microsoft\.Network\/locations\/eastus\/operations\/[0-9a-f-]{36}\?api-version=2024-03-01$/,
    );
    const first = await poll(String(put.headers["azure-asyncoperation"]));
    assert.deepEqual(first.json, { status: "InProgress" });
    assert.equal(first.headers["retry-after"], "1");
    te.emulator.clock.advance(LONG);
    const done = await poll(String(put.headers["azure-asyncoperation"]));
    assert.deepEqual(done.json, { status: "Succeeded" });
    const got = await te.request("GET", path);
    assert.equal(got.json.properties.provisioningState, "Succeeded");
    assert.notEqual(got.json.etag, put.json.etag, "the ETag changes when provisioning completes");
    assert.equal(got.headers["etag"], got.json.etag);
  });

  it("Network DELETE: 202 with Azure-AsyncOperation and Location; operationResults 204 when done; 204 for a missing one", async () => {
    const path = `/subscriptions/${te.subscriptionId}/resourceGroups/${NET_RG}/providers/Microsoft.Network/virtualNetworks/gone?api-version=2025-05-01`;
    await te.request("PUT", path, { body: { location: "eastus", properties: { addressSpace: { addressPrefixes: ["10.2.0.0/16"] } } } });
    te.emulator.clock.advance(LONG);
    const del = await te.request("DELETE", path);
    assert.equal(del.status, 202);
    assert.equal(del.text, "");
    assert.equal(del.headers["retry-after"], "1");
    assert.match(
      String(del.headers["location"]),
      /\/providers\/Microsoft\.Network\/locations\/eastus\/operationResults\/[0-9a-f-]{36}\?api-version=2025-05-01$/,
    );
    assert.equal((await poll(String(del.headers["location"]))).status, 202);
    assert.equal((await te.request("GET", path)).json.properties.provisioningState, "Deleting");
    te.emulator.clock.advance(LONG);
    assert.deepEqual((await poll(String(del.headers["azure-asyncoperation"]))).json, { status: "Succeeded" });
    assert.equal((await poll(String(del.headers["location"]))).status, 204);
    assert.equal((await te.request("GET", path)).status, 404);
    assert.equal((await te.request("DELETE", path)).status, 204);
  });

  it("private DNS PUT: 202 {} with privateDnsOperationStatuses / privateDnsOperationResults under the group", async () => {
    const path = `/subscriptions/${te.subscriptionId}/resourceGroups/${NET_RG}/providers/Microsoft.Network/privateDnsZones/privatelink.eastus.azmk8s.io?api-version=2020-06-01`;
    const put = await te.request("PUT", path, { body: { location: "Global" }, headers: { "if-none-match": "*" } });
    assert.equal(put.status, 202, put.text);
    assert.deepEqual(put.json, {});
    const status = String(put.headers["azure-asyncoperation"]);
    assert.match(
      status,
      new RegExp(`/resourceGroups/${NET_RG}/providers/Microsoft\\.Network/privateDnsOperationStatuses/[A-Za-z0-9=]+\\?api-version=2020-06-01$`),
    );
    assert.match(String(put.headers["location"]), /\/privateDnsOperationResults\//);
    const token = decodeURIComponent(new URL(status).pathname.split("/").pop()!);
    assert.match(Buffer.from(token, "base64").toString("utf8"), /^FrontEndAsyncOperation;UpsertPrivateDnsZone;[0-9a-f-]{36}_[0-9a-f-]{36}$/);
    assert.deepEqual((await poll(status)).json, { status: "InProgress" });
    te.emulator.clock.advance(LONG);
    assert.deepEqual((await poll(status)).json, { status: "Succeeded" });
    const zone = await te.request("GET", path);
    assert.equal(zone.json.properties.provisioningState, "Succeeded");
    assert.equal(zone.json.location, "global");
    const again = await te.request("PUT", path, { body: { location: "global" }, headers: { "if-none-match": "*" } });
    assert.equal(again.status, 412);
  });

  it("private DNS zones and links: plain ETags (new when a PUT finishes, kept while deleting), link counts, writes refused while deleting, a missing zone", async () => {
    const v = "api-version=2020-06-01";
    const zone = `/subscriptions/${te.subscriptionId}/resourceGroups/${NET_RG}/providers/Microsoft.Network/privateDnsZones/rules.example`;
    const link = (name: string, z = zone) => `${z}/virtualNetworkLinks/${name}?${v}`;
    const vnetId = `/subscriptions/${te.subscriptionId}/resourceGroups/${NET_RG}/providers/Microsoft.Network/virtualNetworks/vnet-dns`;
    const linkBody = (registrationEnabled: boolean) => ({ location: "global", properties: { virtualNetwork: { id: vnetId }, registrationEnabled } });
    await te.request("PUT", `${vnetId}?api-version=2025-05-01`, {
      body: { location: "eastus", properties: { addressSpace: { addressPrefixes: ["10.9.0.0/16"] } } },
    });

    assert.equal((await te.request("PUT", `${zone}?${v}`, { body: { location: "global" } })).status, 202);
    const creating = await te.request("GET", `${zone}?${v}`);
    assert.equal(creating.json.properties.provisioningState, "Creating");
    assert.equal(creating.headers["etag"], creating.json.etag);
    assert.doesNotMatch(String(creating.json.etag), /^W\//);
    te.emulator.clock.advance(LONG);
    const done = await te.request("GET", `${zone}?${v}`);
    assert.equal(done.json.properties.provisioningState, "Succeeded");
    assert.notEqual(done.json.etag, creating.json.etag, "a finished PUT gives a new ETag");
    assert.equal(done.headers["etag"], done.json.etag);

    // Under a zone that does not exist: ARM's parent 404 for a write, the zone's 404 for a read, 204 for a delete.
    const missing = zone.replace("rules.example", "missing.example");
    assert.equal((await te.request("PUT", link("l1", missing), { body: linkBody(false) })).json.error.code, "ParentResourceNotFound");
    assert.equal((await te.request("GET", link("l1", missing))).json.error.code, "ResourceNotFound");
    assert.equal((await te.request("DELETE", link("l1", missing))).status, 204);

    assert.equal((await te.request("PUT", link("l1"), { body: linkBody(true) })).status, 202);
    assert.equal((await te.request("PUT", link("l2"), { body: linkBody(false) })).status, 202);
    te.emulator.clock.advance(LONG);
    const counts = (await te.request("GET", `${zone}?${v}`)).json.properties;
    assert.equal(counts.numberOfVirtualNetworkLinks, 2);
    assert.equal(counts.numberOfVirtualNetworkLinksWithRegistration, 1);
    const listed = (await te.request("GET", `/subscriptions/${te.subscriptionId}/resourceGroups/${NET_RG}/providers/Microsoft.Network/privateDnsZones?${v}`))
      .json;
    assert.equal(listed.value.find((z: any) => z.name === "rules.example").properties.numberOfVirtualNetworkLinks, 2);

    const linked = await te.request("GET", link("l1"));
    const del = await te.request("DELETE", link("l1"));
    assert.equal(del.status, 202);
    const deleting = await te.request("GET", link("l1"));
    assert.equal(deleting.json.properties.provisioningState, "Deleting");
    assert.equal(deleting.headers["etag"], linked.headers["etag"], "an accepted DELETE keeps the ETag");
    const refused = await te.request("PUT", link("l1"), { body: linkBody(true) });
    assert.equal(refused.status, 409);
    assert.equal(refused.json.error.code, "AnotherOperationInProgress");
    const repeated = await te.request("DELETE", link("l1"));
    assert.equal(repeated.status, 202);
    assert.equal(repeated.headers["azure-asyncoperation"], del.headers["azure-asyncoperation"], "the delete in flight, not a new one");

    // docs/fidelity.md "Deleting a private DNS zone with links": refused while it has links (even one being deleted).
    const withLinks = await te.request("DELETE", `${zone}?${v}`);
    assert.equal(withLinks.status, 409);
    assert.equal(withLinks.json.error.code, "Conflict");
    assert.match(withLinks.json.error.message, /'l1', 'l2'/);
    te.emulator.clock.advance(LONG);
    assert.equal((await te.request("DELETE", link("l2"))).status, 202);
    te.emulator.clock.advance(LONG);

    assert.equal((await te.request("DELETE", `${zone}?${v}`)).status, 202);
    assert.equal((await te.request("PUT", `${zone}?${v}`, { body: { location: "global" } })).json.error.code, "AnotherOperationInProgress");
    const underDeleting = await te.request("PUT", link("l3"), { body: linkBody(false) });
    assert.equal(underDeleting.json.error.code, "AnotherOperationInProgress");
    assert.ok(underDeleting.json.error.message.includes("/privateDnsZones/rules.example'"), underDeleting.json.error.message);
    te.emulator.clock.advance(LONG);
    assert.equal((await te.request("GET", `${zone}?${v}`)).status, 404);
    assert.equal((await te.request("GET", link("l2"))).status, 404);
  });

  it("connection DELETE: 200 with Azure-AsyncOperation and Location (never 202, any api-version), Deleting, then Succeeded; 204 when missing", async () => {
    await te.request(
      "PUT",
      `/subscriptions/${te.subscriptionId}/resourceGroups/${NET_RG}/providers/Microsoft.Network/virtualNetworks/vnet2?api-version=2025-05-01`,
      {
        body: {
          location: "eastus",
          properties: { addressSpace: { addressPrefixes: ["10.3.0.0/16"] }, subnets: [{ name: "s", properties: { addressPrefix: "10.3.0.0/24" } }] },
        },
      },
    );
    te.emulator.clock.advance(LONG);
    for (const [i, version] of ["2022-11-01", "2026-04-01"].entries()) {
      const pePath = `/subscriptions/${te.subscriptionId}/resourceGroups/${NET_RG}/providers/Microsoft.Network/privateEndpoints/pe-del${i}?api-version=2025-05-01`;
      const pe = await te.request("PUT", pePath, {
        body: {
          location: "eastus",
          properties: {
            subnet: { id: `/subscriptions/${te.subscriptionId}/resourceGroups/${NET_RG}/providers/Microsoft.Network/virtualNetworks/vnet2/subnets/s` },
            manualPrivateLinkServiceConnections: [
              { name: "c", properties: { privateLinkServiceId: clusterId, groupIds: ["management"], requestMessage: "hi" } },
            ],
          },
        },
      });
      assert.equal(pe.status, 201, pe.text);
      assert.match(String(pe.headers["azure-asyncoperation"]), /\/providers\/Microsoft\.Network\/locations\/eastus\/operations\//);
      te.emulator.clock.advance(LONG);
      const list = await te.request("GET", `${clusterPath(te.subscriptionId, AKS_RG, "lro1")}/privateEndpointConnections?api-version=${version}`);
      assert.equal(list.json.nextLink, undefined);
      const conn = list.json.value.find((p: any) => p.name.startsWith(`pe-del${i}.`));
      const connPath = `${clusterPath(te.subscriptionId, AKS_RG, "lro1")}/privateEndpointConnections/${conn.name}?api-version=${version}`;
      const del = await te.request("DELETE", connPath);
      assert.equal(del.status, 200, `api-version ${version}: ${del.status} ${del.text}`);
      assert.equal(del.text, "");
      assert.equal(del.headers["retry-after"], "1");
      assert.match(
        String(del.headers["azure-asyncoperation"]),
        /\/providers\/Microsoft\.ContainerService\/locations\/eastus\/operations\/[0-9a-f-]{36}\?api-version=2016-03-30$/,
      );
      assert.match(String(del.headers["location"]), /\/providers\/Microsoft\.ContainerService\/locations\/eastus\/operationresults\//);
      assert.equal((await te.request("GET", connPath)).json.properties.provisioningState, "Deleting");
      assert.equal((await poll(String(del.headers["azure-asyncoperation"]))).json.status, "InProgress");
      // A second delete while it runs answers the same operation.
      assert.equal((await te.request("DELETE", connPath)).headers["azure-asyncoperation"], del.headers["azure-asyncoperation"]);
      te.emulator.clock.advance(LONG);
      assert.equal((await poll(String(del.headers["azure-asyncoperation"]))).json.status, "Succeeded");
      assert.equal((await poll(String(del.headers["location"]))).status, 204);
      assert.equal((await te.request("GET", connPath)).status, 404);
      assert.equal((await te.request("DELETE", connPath)).status, 204);
      const after = await te.request("GET", pePath);
      assert.deepEqual(after.json.properties.manualPrivateLinkServiceConnections[0].properties.privateLinkServiceConnectionState, {
        status: "Disconnected",
        description: "hi",
        actionsRequired: "None",
      });
    }
  });

  it("refuses a Reader's delete of a connection before anything changes (403, raw request)", async () => {
    const list = await te.request("GET", `${clusterPath(te.subscriptionId, AKS_RG, "lro1")}/privateEndpointConnections?${api}`);
    const own = list.json.value.find((p: any) => p.name.startsWith("kube-apiserver."));
    const path = `${clusterPath(te.subscriptionId, AKS_RG, "lro1")}/privateEndpointConnections/${own.name}?${api}`;
    const asReader = `Bearer ${te.token(READER_PRINCIPAL)}`;
    const del = await te.request("DELETE", path, { auth: asReader });
    assert.equal(del.status, 403);
    assert.equal(del.json.error.code, "AuthorizationFailed");
    const put = await te.request("PUT", path, { auth: asReader, body: { properties: { privateLinkServiceConnectionState: { status: "Rejected" } } } });
    assert.equal(put.status, 403);
    assert.equal((await te.request("GET", path)).json.properties.privateLinkServiceConnectionState.status, "Approved");
  });
});

describe("--lro-duration 0: private endpoints and connection deletes finish in one request", () => {
  let te: TestEmulator;
  before(async () => {
    te = await startTestEmulator({ lroDurationMs: 0 });
  });
  after(async () => te.close());

  it("creates an endpoint and deletes its connection with one request each through the SDKs", async () => {
    const log: string[] = [];
    const cred = credentialFor(te);
    const opts = {
      endpoint: te.endpoint,
      additionalPolicies: [
        { policy: conformancePolicy(), position: "perCall" },
        {
          policy: {
            name: "count",
            async sendRequest(req: any, next: any) {
              log.push(`${req.method} ${new URL(req.url).pathname}`);
              return next(req);
            },
          },
          position: "perCall",
        },
      ],
    } as any;
    const rm = new ResourceManagementClient(cred, te.subscriptionId, opts);
    const net = new NetworkManagementClient(cred, te.subscriptionId, opts);
    const aks = new ContainerServiceClient(cred, te.subscriptionId, opts);
    await rm.resourceGroups.createOrUpdate("rg0", { location: "eastus" });
    const cluster = await aks.managedClusters.createOrUpdate("rg0", "fastpriv", {
      location: "eastus",
      dnsPrefix: "fastpriv",
      agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }],
      apiServerAccessProfile: { enablePrivateCluster: true },
    } as any);
    log.length = 0;
    await net.virtualNetworks.beginCreateOrUpdateAndWait("rg0", "v", {
      location: "eastus",
      addressSpace: { addressPrefixes: ["10.0.0.0/16"] },
      subnets: [{ name: "s", addressPrefix: "10.0.0.0/24" }],
    });
    const pe = await net.privateEndpoints.beginCreateOrUpdateAndWait("rg0", "pe", {
      location: "eastus",
      subnet: { id: `/subscriptions/${te.subscriptionId}/resourceGroups/rg0/providers/Microsoft.Network/virtualNetworks/v/subnets/s` },
      manualPrivateLinkServiceConnections: [{ name: "c", privateLinkServiceId: cluster.id, groupIds: ["management"], requestMessage: "x" }],
    });
    assert.equal(pe.provisioningState, "Succeeded");
    assert.equal(log.length, 2, log.join("\n"));
    const conn = ((await aks.privateEndpointConnections.list("rg0", "fastpriv")).value ?? []).find((p) => p.name?.startsWith("pe."))!;
    log.length = 0;
    await aks.privateEndpointConnections.delete("rg0", "fastpriv", conn.name!);
    assert.equal(log.length, 1, log.join("\n"));
    await assert.rejects(aks.privateEndpointConnections.get("rg0", "fastpriv", conn.name!), (e: any) => e.statusCode === 404);
    assert.equal(endpointState(await net.privateEndpoints.get("rg0", "pe")).status, "Disconnected");
    log.length = 0;
    await net.privateEndpoints.beginDeleteAndWait("rg0", "pe");
    assert.equal(log.length, 1, log.join("\n"));
  });
});
