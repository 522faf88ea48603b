import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { PrivateEndpoint } from "@azure/arm-network";
import { startTestEmulator, type TestEmulator } from "../support/emulator.js";
import { grantRole } from "../support/roles.js";
import { rejected, sdkClients, type SdkClients } from "../support/sdk-clients.js";

/**
 * What a private endpoint brings with it on the network side, through @azure/arm-network 36 and
 * @azure/arm-privatedns 3.2: its network interface (read back, refused to users, gone with the
 * endpoint), its private DNS zone groups (the A records they write into zones, gone with the group
 * or the endpoint), AKS's own kube-apiserver connection (kept by AKS), and the hub-and-spoke
 * set-up a private cluster is reached through.
 */

const poll = { updateIntervalInMs: 10 };

async function privateCluster(c: SdkClients, rg: string, name: string, extra: Record<string, unknown> = {}, access: Record<string, unknown> = {}) {
  return c.aks.managedClusters.beginCreateOrUpdateAndWait(
    rg,
    name,
    {
      location: "eastus",
      dnsPrefix: name,
      agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }],
      identity: { type: "SystemAssigned" },
      apiServerAccessProfile: { enablePrivateCluster: true, ...access },
      ...extra,
    } as any,
    poll,
  );
}

async function network(c: SdkClients, rg: string, name: string, prefix: string) {
  return c.net.virtualNetworks.beginCreateOrUpdateAndWait(
    rg,
    name,
    { location: "eastus", addressSpace: { addressPrefixes: [`${prefix}.0.0/16`] }, subnets: [{ name: "pe", addressPrefix: `${prefix}.1.0/24` }] },
    poll,
  );
}

async function endpoint(c: SdkClients, rg: string, name: string, subnetId: string, clusterId: string): Promise<PrivateEndpoint> {
  return c.net.privateEndpoints.beginCreateOrUpdateAndWait(
    rg,
    name,
    {
      location: "eastus",
      subnet: { id: subnetId },
      privateLinkServiceConnections: [{ name: `${name}-conn`, privateLinkServiceId: clusterId, groupIds: ["management"] }],
    },
    poll,
  );
}

const nicName = (pe: PrivateEndpoint): string => pe.networkInterfaces![0]!.id!.split("/").pop()!;

async function names<T extends { name?: string }>(it: AsyncIterable<T>): Promise<string[]> {
  const out: string[] = [];
  for await (const x of it) out.push(x.name!);
  return out;
}

describe("private endpoints' interfaces and DNS zone groups (official SDKs)", () => {
  let te: TestEmulator;
  let c: SdkClients;
  let clusterId: string;
  let fqdn: string;
  let subnetId: string;

  before(async () => {
    te = await startTestEmulator({ lroDurationMs: 1 });
    c = sdkClients(te);
    for (const rg of ["aks-rg", "net-rg"]) await c.rm.resourceGroups.createOrUpdate(rg, { location: "eastus" });
    const cluster = await privateCluster(c, "aks-rg", "priv");
    clusterId = cluster.id!;
    fqdn = cluster.privateFqdn!;
    subnetId = (await network(c, "net-rg", "vnet", "10.20")).subnets![0]!.id!;
  });
  after(async () => te.close());

  it("an endpoint's interface answers by the id the endpoint names, with its address and the cluster's names; it goes with the endpoint", async () => {
    const pe = await endpoint(c, "net-rg", "pe-nic", subnetId, clusterId);
    assert.match(nicName(pe), /^pe-nic\.nic\.[0-9a-f-]{36}$/);
    const nic = await c.net.networkInterfaces.get("net-rg", nicName(pe));
    assert.equal(nic.id, pe.networkInterfaces![0]!.id);
    assert.equal(nic.privateEndpoint?.id, pe.id);
    const ip = nic.ipConfigurations![0]!;
    assert.match(ip.name!, /^privateEndpointIpConfig\.[0-9a-f-]{36}$/);
    assert.equal(ip.subnet?.id, subnetId);
    assert.deepEqual(pe.customDnsConfigs, [{ fqdn, ipAddresses: [ip.privateIPAddress] }], "the endpoint's DNS configs name the interface's address");
    assert.match(ip.privateIPAddress!, /^10\.20\.1\.\d+$/);
    assert.deepEqual(ip.privateLinkConnectionProperties, { groupId: "management", requiredMemberName: "management", fqdns: [fqdn] });
    assert.ok((await names(c.net.networkInterfaces.list("net-rg"))).includes(nicName(pe)));
    assert.ok((await names(c.net.networkInterfaces.listAll())).includes(nicName(pe)));

    // docs/fidelity.md "Network interfaces of private endpoints": the endpoint's, not the user's.
    await rejected(c.net.networkInterfaces.updateTags("net-rg", nicName(pe), { tags: { a: "b" } }), 400, "CannotModifyNicAttachedToPrivateEndpoint");
    await rejected(
      c.net.networkInterfaces.beginCreateOrUpdateAndWait("net-rg", nicName(pe), { ...nic, tags: { a: "b" } }, poll),
      400,
      "CannotModifyNicAttachedToPrivateEndpoint",
    );
    await rejected(c.net.networkInterfaces.beginDeleteAndWait("net-rg", nicName(pe), poll), 400, "CannotModifyNicAttachedToPrivateEndpoint");
    await rejected(c.net.networkInterfaces.beginCreateOrUpdateAndWait("net-rg", "my-nic", { location: "eastus" }, poll), 400, "BadRequest");

    await c.net.privateEndpoints.beginDeleteAndWait("net-rg", "pe-nic", poll);
    await rejected(c.net.networkInterfaces.get("net-rg", nicName(pe)), 404, "ResourceNotFound");
  });

  it("a DNS zone group writes the endpoint's A record into each zone, shows it, and removes it with itself", async () => {
    await c.dns.privateZones.beginCreateOrUpdateAndWait("net-rg", "privatelink.eastus.azmk8s.io", { location: "global" }, poll);
    const zone = await c.dns.privateZones.beginCreateOrUpdateAndWait("net-rg", "other.internal", { location: "global" }, poll);
    const pe = await endpoint(c, "net-rg", "pe-dns", subnetId, clusterId);
    const ip = pe.customDnsConfigs![0]!.ipAddresses![0]!;
    const hub = (await c.dns.privateZones.get("net-rg", "privatelink.eastus.azmk8s.io")).id!;
    const group = await c.net.privateDnsZoneGroups.beginCreateOrUpdateAndWait(
      "net-rg",
      "pe-dns",
      "default",
      {
        privateDnsZoneConfigs: [
          { name: "aks", privateDnsZoneId: hub },
          { name: "other", privateDnsZoneId: zone.id },
        ],
      },
      poll,
    );
    assert.equal(group.provisioningState, "Succeeded");
    const relative = fqdn.replace(/\.privatelink\.eastus\.azmk8s\.io$/, "");
    const [aks, other] = group.privateDnsZoneConfigs!;
    assert.equal(aks!.privateDnsZoneId, hub);
    assert.deepEqual(
      aks!.recordSets!.map((r) => [r.recordType, r.recordSetName, r.fqdn, r.ttl, r.ipAddresses]),
      [["A", relative, fqdn, 10, [ip]]],
      "the FQDN's host part relative to the zone",
    );
    assert.equal(other!.recordSets![0]!.recordSetName, fqdn.split(".")[0], "outside the zone: the FQDN's first label");
    const record = await c.dns.recordSets.get("net-rg", "privatelink.eastus.azmk8s.io", "A", relative);
    assert.deepEqual(record.aRecords, [{ ipv4Address: ip }]);
    assert.equal(record.ttl, 10);
    assert.equal((await c.dns.privateZones.get("net-rg", "other.internal")).numberOfRecordSets, 2);
    assert.deepEqual(await names(c.net.privateDnsZoneGroups.list("pe-dns", "net-rg")), ["default"]);
    assert.equal((await c.net.privateDnsZoneGroups.get("net-rg", "pe-dns", "default")).privateDnsZoneConfigs!.length, 2);

    // One group per endpoint (pulumi/pulumi-azure-native#2179); a zone that does not exist is refused.
    await rejected(
      c.net.privateDnsZoneGroups.beginCreateOrUpdateAndWait(
        "net-rg",
        "pe-dns",
        "second",
        { privateDnsZoneConfigs: [{ name: "z", privateDnsZoneId: hub }] },
        poll,
      ),
      400,
      "BadRequest",
    );
    await rejected(
      c.net.privateDnsZoneGroups.beginCreateOrUpdateAndWait(
        "net-rg",
        "pe-dns",
        "default",
        { privateDnsZoneConfigs: [{ name: "z", privateDnsZoneId: hub.replace("privatelink.eastus.azmk8s.io", "nope.internal") }] },
        poll,
      ),
      400,
      "InvalidResourceReference",
    );

    // An update that drops a zone removes its record; deleting the group removes the rest.
    await c.net.privateDnsZoneGroups.beginCreateOrUpdateAndWait(
      "net-rg",
      "pe-dns",
      "default",
      { privateDnsZoneConfigs: [{ name: "aks", privateDnsZoneId: hub }] },
      poll,
    );
    assert.equal((await c.dns.privateZones.get("net-rg", "other.internal")).numberOfRecordSets, 1);
    await c.net.privateDnsZoneGroups.beginDeleteAndWait("net-rg", "pe-dns", "default", poll);
    await rejected(c.dns.recordSets.get("net-rg", "privatelink.eastus.azmk8s.io", "A", relative), 404, "NotFound");

    // Deleting the endpoint removes the records of its group too.
    await c.net.privateDnsZoneGroups.beginCreateOrUpdateAndWait(
      "net-rg",
      "pe-dns",
      "again",
      { privateDnsZoneConfigs: [{ name: "aks", privateDnsZoneId: hub }] },
      poll,
    );
    assert.ok(await c.dns.recordSets.get("net-rg", "privatelink.eastus.azmk8s.io", "A", relative));
    await c.net.privateEndpoints.beginDeleteAndWait("net-rg", "pe-dns", poll);
    await rejected(c.dns.recordSets.get("net-rg", "privatelink.eastus.azmk8s.io", "A", relative), 404, "NotFound");
  });

  it("AKS's own kube-apiserver connection can be neither deleted nor rejected", async () => {
    const own = (await c.aks.privateEndpointConnections.list("aks-rg", "priv")).value!.find((p) => p.name!.startsWith("kube-apiserver."))!;
    // docs/fidelity.md "AKS's own kube-apiserver connection".
    await rejected(c.aks.privateEndpointConnections.beginDeleteAndWait("aks-rg", "priv", own.name!, poll), 400, "OperationNotAllowed");
    await rejected(
      c.aks.privateEndpointConnections.update("aks-rg", "priv", own.name!, { privateLinkServiceConnectionState: { status: "Rejected" } }),
      400,
      "OperationNotAllowed",
    );
    const still = await c.aks.privateEndpointConnections.get("aks-rg", "priv", own.name!);
    assert.equal(still.privateLinkServiceConnectionState?.status, "Approved");
  });
});

describe("hub and spoke: a private cluster with a custom zone, reached from a spoke's endpoint registered in the hub's zone", () => {
  let te: TestEmulator;
  let c: SdkClients;

  before(async () => {
    te = await startTestEmulator({ lroDurationMs: 1 });
    c = sdkClients(te);
  });
  after(async () => te.close());

  it("builds it, reads every piece back, and tears it down leaving no record behind", async () => {
    for (const rg of ["hub-rg", "aks-rg", "spoke-rg"]) await c.rm.resourceGroups.createOrUpdate(rg, { location: "eastus" });
    const hubNet = await network(c, "hub-rg", "hub", "10.0");
    const spokeNet = await network(c, "spoke-rg", "spoke", "10.1");

    // The cluster's own zone (custom, with its control-plane identity), and the hub's zone the spokes resolve.
    const identity = await c.msi.userAssignedIdentities.createOrUpdate("aks-rg", "cp", { location: "eastus" });
    const clusterZone = await c.dns.privateZones.beginCreateOrUpdateAndWait("aks-rg", "privatelink.eastus.azmk8s.io", { location: "global" }, poll);
    const hubZone = await c.dns.privateZones.beginCreateOrUpdateAndWait("hub-rg", "privatelink.eastus.azmk8s.io", { location: "global" }, poll);
    await c.dns.virtualNetworkLinks.beginCreateOrUpdateAndWait(
      "hub-rg",
      "privatelink.eastus.azmk8s.io",
      "hub",
      { location: "global", virtualNetwork: { id: hubNet.id }, registrationEnabled: false },
      poll,
    );
    const makeCluster = () =>
      privateCluster(
        c,
        "aks-rg",
        "app",
        { identity: { type: "UserAssigned", userAssignedIdentities: { [identity.id!]: {} } } },
        { privateDNSZone: clusterZone.id },
      );
    // AKS checks its control-plane identity's role on a custom zone before it acts: refused without one.
    await rejected(makeCluster(), 400, "CustomPrivateDNSZoneMissingPermissionError");
    await grantRole(te, clusterZone.id!, identity.principalId!, "Private DNS Zone Contributor");
    const cluster = await makeCluster();
    const fqdn = cluster.privateFqdn!;
    assert.ok(fqdn.endsWith(".privatelink.eastus.azmk8s.io"), fqdn);
    const label = fqdn.split(".")[0]!;

    // AKS registered its API server in the custom zone, at its kube-apiserver endpoint's address.
    const aksRecord = await c.dns.recordSets.get("aks-rg", "privatelink.eastus.azmk8s.io", "A", label);
    const kubeApi = await c.net.privateEndpoints.get(cluster.nodeResourceGroup!, "kube-apiserver");
    const kubeApiNic = await c.net.networkInterfaces.get(cluster.nodeResourceGroup!, nicName(kubeApi));
    assert.deepEqual(aksRecord.aRecords, [{ ipv4Address: kubeApiNic.ipConfigurations![0]!.privateIPAddress }]);

    // The spoke's endpoint, its interface, and its zone group writing into the hub's zone.
    const pe = await endpoint(c, "spoke-rg", "app-pe", spokeNet.subnets![0]!.id!, cluster.id!);
    assert.equal(pe.privateLinkServiceConnections![0]!.privateLinkServiceConnectionState?.status, "Approved");
    const nic = await c.net.networkInterfaces.get("spoke-rg", nicName(pe));
    const spokeIp = nic.ipConfigurations![0]!.privateIPAddress!;
    assert.match(spokeIp, /^10\.1\.1\.\d+$/);
    await c.net.privateDnsZoneGroups.beginCreateOrUpdateAndWait(
      "spoke-rg",
      "app-pe",
      "default",
      { privateDnsZoneConfigs: [{ name: "aks", privateDnsZoneId: hubZone.id }] },
      poll,
    );
    const hubRecord = await c.dns.recordSets.get("hub-rg", "privatelink.eastus.azmk8s.io", "A", label);
    assert.deepEqual(hubRecord.aRecords, [{ ipv4Address: spokeIp }]);
    assert.equal(hubRecord.fqdn, `${fqdn}.`);
    const connection = (await c.aks.privateEndpointConnections.list("aks-rg", "app")).value!.find((p) => p.privateEndpoint?.id === pe.id);
    assert.equal(connection?.privateLinkServiceConnectionState?.status, "Approved");

    // Teardown: the endpoint (its interface and hub record go), the cluster (its record in the custom zone goes), the hub zone after its link.
    await c.net.privateEndpoints.beginDeleteAndWait("spoke-rg", "app-pe", poll);
    await rejected(c.net.networkInterfaces.get("spoke-rg", nicName(pe)), 404, "ResourceNotFound");
    await rejected(c.dns.recordSets.get("hub-rg", "privatelink.eastus.azmk8s.io", "A", label), 404, "NotFound");
    await c.aks.managedClusters.beginDeleteAndWait("aks-rg", "app", poll);
    await rejected(c.dns.recordSets.get("aks-rg", "privatelink.eastus.azmk8s.io", "A", label), 404, "NotFound");
    assert.equal((await c.dns.privateZones.get("aks-rg", "privatelink.eastus.azmk8s.io")).numberOfRecordSets, 1);
    await rejected(c.dns.privateZones.beginDeleteAndWait("hub-rg", "privatelink.eastus.azmk8s.io", poll), 409, "Conflict");
    await c.dns.virtualNetworkLinks.beginDeleteAndWait("hub-rg", "privatelink.eastus.azmk8s.io", "hub", poll);
    await c.dns.privateZones.beginDeleteAndWait("hub-rg", "privatelink.eastus.azmk8s.io", poll);
    for (const rg of ["spoke-rg", "aks-rg", "hub-rg"]) await c.rm.resourceGroups.beginDeleteAndWait(rg, poll);
    assert.deepEqual(await names(c.net.networkInterfaces.listAll()), []);
    assert.deepEqual(await names(c.dns.privateZones.list()), []);
  });
});
