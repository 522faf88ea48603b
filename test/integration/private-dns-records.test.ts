import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startTestEmulator, type TestEmulator } from "../support/emulator.js";
import { rejected, sdkClients, type SdkClients } from "../support/sdk-clients.js";

/**
 * Private DNS record sets through @azure/arm-privatedns 3.2 (api-version 2020-06-01): every record
 * type's PUT/GET/PATCH/DELETE, If-Match / If-None-Match, the lists by type and of all with $top and
 * nextLink, the SOA record set made with the zone, the zone's record count, the API server's A
 * record in a private cluster's system zone, and a zone's DELETE refused while it has links.
 */

const RG = "dns-rg";
const ZONE = "contoso.internal";

describe("private DNS record sets (official SDK)", () => {
  let te: TestEmulator;
  let c: SdkClients;

  before(async () => {
    te = await startTestEmulator({ lroDurationMs: 1 });
    c = sdkClients(te);
    await c.rm.resourceGroups.createOrUpdate(RG, { location: "eastus" });
    await c.dns.privateZones.beginCreateOrUpdateAndWait(RG, ZONE, { location: "global" }, { updateIntervalInMs: 10 });
  });
  after(async () => te.close());

  it("a new zone holds its SOA record set '@', which can be changed but not deleted", async () => {
    const zone = await c.dns.privateZones.get(RG, ZONE);
    assert.equal(zone.numberOfRecordSets, 1);
    const soa = await c.dns.recordSets.get(RG, ZONE, "SOA", "@");
    assert.equal(soa.name, "@");
    assert.equal(soa.type, "Microsoft.Network/privateDnsZones/SOA");
    assert.equal(soa.fqdn, `${ZONE}.`);
    assert.equal(soa.soaRecord?.host, "azureprivatedns.net");
    assert.equal(soa.soaRecord?.serialNumber, 1);
    const changed = await c.dns.recordSets.createOrUpdate(RG, ZONE, "SOA", "@", { ttl: 600, soaRecord: { email: "dns.example.com", refreshTime: 1800 } });
    assert.equal(changed.ttl, 600);
    assert.equal(changed.soaRecord?.email, "dns.example.com");
    assert.equal(changed.soaRecord?.refreshTime, 1800);
    assert.equal(changed.soaRecord?.host, "azureprivatedns.net", "the host stays the service's");
    // docs/fidelity.md "Private DNS record sets": the SOA record set is only '@' and goes with its zone.
    await rejected(c.dns.recordSets.delete(RG, ZONE, "SOA", "@"), 400, "BadRequest");
    await rejected(c.dns.recordSets.createOrUpdate(RG, ZONE, "SOA", "other", { ttl: 60, soaRecord: {} }), 400, "BadRequest");
    assert.equal((await c.dns.privateZones.get(RG, ZONE)).numberOfRecordSets, 1);
  });

  it("creates, reads, patches and deletes record sets of each type, counted on the zone", async () => {
    const made = await c.dns.recordSets.createOrUpdate(RG, ZONE, "A", "Web", { ttl: 300, metadata: { team: "a" }, aRecords: [{ ipv4Address: "10.1.0.4" }] });
    assert.equal(made.name, "web", "names are answered in lower case");
    assert.equal(made.id, `/subscriptions/${te.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Network/privateDnsZones/${ZONE}/A/web`);
    assert.equal(made.fqdn, `web.${ZONE}.`);
    assert.equal(made.isAutoRegistered, false);
    assert.deepEqual(made.metadata, { team: "a" });
    await c.dns.recordSets.createOrUpdate(RG, ZONE, "AAAA", "web", { ttl: 300, aaaaRecords: [{ ipv6Address: "fd00::4" }] });
    await c.dns.recordSets.createOrUpdate(RG, ZONE, "CNAME", "www", { ttl: 300, cnameRecord: { cname: "web.contoso.internal" } });
    await c.dns.recordSets.createOrUpdate(RG, ZONE, "MX", "@", { ttl: 300, mxRecords: [{ preference: 10, exchange: "mail.contoso.internal" }] });
    await c.dns.recordSets.createOrUpdate(RG, ZONE, "PTR", "4", { ttl: 300, ptrRecords: [{ ptrdname: "web.contoso.internal" }] });
    await c.dns.recordSets.createOrUpdate(RG, ZONE, "SRV", "_sip._tcp", {
      ttl: 300,
      srvRecords: [{ priority: 1, weight: 5, port: 5060, target: "sip.contoso.internal" }],
    });
    await c.dns.recordSets.createOrUpdate(RG, ZONE, "TXT", "note", { ttl: 300, txtRecords: [{ value: ["hello", "world"] }] });
    assert.equal((await c.dns.privateZones.get(RG, ZONE)).numberOfRecordSets, 8);

    const srv = await c.dns.recordSets.get(RG, ZONE, "SRV", "_sip._tcp");
    assert.deepEqual(srv.srvRecords, [{ priority: 1, weight: 5, port: 5060, target: "sip.contoso.internal" }]);
    assert.deepEqual((await c.dns.recordSets.get(RG, ZONE, "TXT", "note")).txtRecords, [{ value: ["hello", "world"] }]);

    // PATCH replaces what it sends and keeps the rest.
    const patched = await c.dns.recordSets.update(RG, ZONE, "A", "web", { aRecords: [{ ipv4Address: "10.1.0.5" }, { ipv4Address: "10.1.0.6" }] });
    assert.deepEqual(patched.aRecords, [{ ipv4Address: "10.1.0.5" }, { ipv4Address: "10.1.0.6" }]);
    assert.equal(patched.ttl, 300);
    assert.deepEqual(patched.metadata, { team: "a" });
    assert.notEqual(patched.etag, made.etag);

    await rejected(c.dns.recordSets.createOrUpdate(RG, ZONE, "A", "bad", { ttl: 60, aRecords: [{ ipv4Address: "10.1.0.256" }] }), 400, "BadRequest");
    await rejected(c.dns.recordSets.get(RG, ZONE, "A", "nothing"), 404, "NotFound");

    await c.dns.recordSets.delete(RG, ZONE, "PTR", "4");
    await rejected(c.dns.recordSets.get(RG, ZONE, "PTR", "4"), 404, "NotFound");
    assert.equal((await c.dns.privateZones.get(RG, ZONE)).numberOfRecordSets, 7);
  });

  it("If-Match and If-None-Match guard a record set's PUT", async () => {
    const first = await c.dns.recordSets.createOrUpdate(RG, ZONE, "A", "guarded", { ttl: 60, aRecords: [{ ipv4Address: "10.2.0.4" }] }, { ifNoneMatch: "*" });
    await rejected(
      c.dns.recordSets.createOrUpdate(RG, ZONE, "A", "guarded", { ttl: 60, aRecords: [{ ipv4Address: "10.2.0.5" }] }, { ifNoneMatch: "*" }),
      412,
      "PreconditionFailed",
    );
    const second = await c.dns.recordSets.createOrUpdate(
      RG,
      ZONE,
      "A",
      "guarded",
      { ttl: 60, aRecords: [{ ipv4Address: "10.2.0.5" }] },
      { ifMatch: first.etag },
    );
    await rejected(
      c.dns.recordSets.createOrUpdate(RG, ZONE, "A", "guarded", { ttl: 60, aRecords: [{ ipv4Address: "10.2.0.6" }] }, { ifMatch: first.etag }),
      412,
      "PreconditionFailed",
    );
    await rejected(c.dns.recordSets.delete(RG, ZONE, "A", "guarded", { ifMatch: first.etag }), 412, "PreconditionFailed");
    await c.dns.recordSets.delete(RG, ZONE, "A", "guarded", { ifMatch: second.etag });
  });

  it("lists by type and all record sets, $top a page and nextLink the rest", async () => {
    for (let i = 0; i < 5; i++) await c.dns.recordSets.createOrUpdate(RG, ZONE, "A", `host${i}`, { ttl: 60, aRecords: [{ ipv4Address: `10.3.0.${i + 4}` }] });
    const pages: number[] = [];
    const names: string[] = [];
    for await (const page of c.dns.recordSets.listByType(RG, ZONE, "A", { top: 2 }).byPage()) {
      pages.push(page.length);
      names.push(...page.map((r) => r.name!));
    }
    assert.ok(
      pages.every((n) => n <= 2),
      `pages of at most 2: ${pages}`,
    );
    assert.ok(pages.length >= 3);
    for (let i = 0; i < 5; i++) assert.ok(names.includes(`host${i}`));
    assert.ok(
      names.every((n) => !n.startsWith("_") && n !== "@"),
      "only A record sets",
    );

    const all: string[] = [];
    const allPages: number[] = [];
    for await (const page of c.dns.recordSets.list(RG, ZONE, { top: 3 }).byPage()) {
      allPages.push(page.length);
      all.push(...page.map((r) => `${r.type!.split("/").pop()}/${r.name}`));
    }
    const zone = await c.dns.privateZones.get(RG, ZONE);
    assert.equal(all.length, zone.numberOfRecordSets);
    assert.ok(allPages.every((n) => n <= 3));
    assert.ok(all.includes("SOA/@") && all.includes("TXT/note") && all.includes("A/host4"));
    const raw = await te.request(
      "GET",
      `/subscriptions/${te.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Network/privateDnsZones/${ZONE}/ALL?api-version=2020-06-01&$top=0`,
    );
    assert.equal(raw.status, 400);
  });

  it("a private cluster's system zone holds the API server's A record, pointing at its endpoint's interface", async () => {
    await c.rm.resourceGroups.createOrUpdate("aks-rg", { location: "eastus" });
    const cluster = await c.aks.managedClusters.beginCreateOrUpdateAndWait(
      "aks-rg",
      "priv",
      {
        location: "eastus",
        dnsPrefix: "priv",
        agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }],
        identity: { type: "SystemAssigned" },
        apiServerAccessProfile: { enablePrivateCluster: true },
      },
      { updateIntervalInMs: 10 },
    );
    const fqdn = cluster.privateFqdn!;
    const [label, ...zoneLabels] = fqdn.split(".");
    const zoneName = zoneLabels.join(".");
    const nodeRg = cluster.nodeResourceGroup!;
    const zone = await c.dns.privateZones.get(nodeRg, zoneName);
    assert.equal(zone.numberOfRecordSets, 2, "SOA and the API server's A record");
    const a = await c.dns.recordSets.get(nodeRg, zoneName, "A", label!);
    assert.equal(a.fqdn, `${fqdn}.`);
    const pe = await c.net.privateEndpoints.get(nodeRg, "kube-apiserver");
    const nicId = pe.networkInterfaces![0]!.id!;
    const nic = await c.net.networkInterfaces.get(nodeRg, nicId.split("/").pop()!);
    const ipConfig = nic.ipConfigurations![0]!;
    assert.deepEqual(a.aRecords, [{ ipv4Address: ipConfig.privateIPAddress }]);
    assert.deepEqual(ipConfig.privateLinkConnectionProperties?.fqdns, [fqdn]);
    assert.equal(ipConfig.privateLinkConnectionProperties?.groupId, "management");
    await c.aks.managedClusters.beginDeleteAndWait("aks-rg", "priv", { updateIntervalInMs: 10 });
    await rejected(c.dns.privateZones.get(nodeRg, zoneName), 404, "ResourceGroupNotFound");
  });

  it("a zone with virtual network links refuses its DELETE until they are gone; a resource group delete takes it all", async () => {
    await c.rm.resourceGroups.createOrUpdate("linked-rg", { location: "eastus" });
    const vnet = await c.net.virtualNetworks.beginCreateOrUpdateAndWait(
      "linked-rg",
      "vnet",
      { location: "eastus", addressSpace: { addressPrefixes: ["10.8.0.0/16"] } },
      { updateIntervalInMs: 10 },
    );
    for (const z of ["one.internal", "two.internal"]) {
      await c.dns.privateZones.beginCreateOrUpdateAndWait("linked-rg", z, { location: "global" }, { updateIntervalInMs: 10 });
      await c.dns.virtualNetworkLinks.beginCreateOrUpdateAndWait(
        "linked-rg",
        z,
        "link",
        { location: "global", virtualNetwork: { id: vnet.id }, registrationEnabled: false },
        { updateIntervalInMs: 10 },
      );
    }
    // docs/fidelity.md "Deleting a private DNS zone with links".
    const e = await rejected(c.dns.privateZones.beginDeleteAndWait("linked-rg", "one.internal", { updateIntervalInMs: 10 }), 409, "Conflict");
    assert.match(e.message, /virtual network links \('link'\)/);
    await c.dns.virtualNetworkLinks.beginDeleteAndWait("linked-rg", "one.internal", "link", { updateIntervalInMs: 10 });
    await c.dns.privateZones.beginDeleteAndWait("linked-rg", "one.internal", { updateIntervalInMs: 10 });
    await rejected(c.dns.privateZones.get("linked-rg", "one.internal"), 404, "ResourceNotFound");

    await c.rm.resourceGroups.beginDeleteAndWait("linked-rg", { updateIntervalInMs: 10 });
    await rejected(c.dns.privateZones.get("linked-rg", "two.internal"), 404, "ResourceGroupNotFound");
  });
});
