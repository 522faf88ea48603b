import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { NetworkManagementClient } from "@azure/arm-network";
import { ResourceManagementClient } from "@azure/arm-resources";
import { startTestEmulator, type TestEmulator } from "../support/emulator.js";
import { credentialFor } from "../support/sdk-clients.js";

/**
 * The SQLite store remembers rows, presence and lists, the providers keep serialised answers
 * (single items and whole pages), and whole answers are remembered until the store's change count
 * moves (AnswerMemo). Whatever is remembered, every answer read after a change shows
 * the change: each step below reads first (so the caches hold the old answer), then changes, then
 * reads again through the official SDKs. Runs on the SQLite file store, where the caches are on.
 */

const RG = "cache-rg";
const NET_RG = "cache-net";

describe("cached answers follow every change (SQLite file store, official SDKs)", () => {
  let te: TestEmulator;
  let aks: ContainerServiceClient;
  let net: NetworkManagementClient;
  let rm: ResourceManagementClient;

  before(async () => {
    // pageSize 2: lists of three clusters come in pages with nextLinks, each page cached on its own.
    te = await startTestEmulator({ inMemory: false, lroDurationMs: 0, pageSize: 2 });
    const credential = credentialFor(te);
    const opts = { endpoint: te.endpoint };
    aks = new ContainerServiceClient(credential, te.subscriptionId, opts);
    net = new NetworkManagementClient(credential, te.subscriptionId, opts);
    rm = new ResourceManagementClient(credential, te.subscriptionId, opts);
    await rm.resourceGroups.createOrUpdate(RG, { location: "eastus" });
    await rm.resourceGroups.createOrUpdate(NET_RG, { location: "eastus" });
  });
  after(async () => te.close());

  const create = (name: string, isPrivate = false) =>
    aks.managedClusters.beginCreateOrUpdateAndWait(RG, name, {
      location: "eastus",
      dnsPrefix: name,
      agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }],
      identity: { type: "SystemAssigned" },
      apiServerAccessProfile: isPrivate ? { enablePrivateCluster: true } : undefined,
    });
  const listed = async () => {
    const out: { name?: string; tags?: Record<string, string> }[] = [];
    for await (const c of aks.managedClusters.listByResourceGroup(RG)) out.push({ name: c.name, tags: c.tags });
    return out;
  };

  it("gets and every page of a list show created, updated and deleted clusters", async () => {
    await create("a");
    await create("b");
    assert.deepEqual(await listed(), [
      { name: "a", tags: undefined },
      { name: "b", tags: undefined },
    ]);
    assert.equal((await aks.managedClusters.get(RG, "a")).tags, undefined);

    await create("c");
    assert.deepEqual(
      (await listed()).map((c) => c.name),
      ["a", "b", "c"],
    );

    await aks.managedClusters.beginUpdateTagsAndWait(RG, "b", { tags: { step: "1" } });
    assert.deepEqual((await aks.managedClusters.get(RG, "b")).tags, { step: "1" });
    assert.deepEqual(await listed(), [
      { name: "a", tags: undefined },
      { name: "b", tags: { step: "1" } },
      { name: "c", tags: undefined },
    ]);

    await aks.managedClusters.beginUpdateTagsAndWait(RG, "c", { tags: { step: "2" } });
    assert.deepEqual((await listed())[2], { name: "c", tags: { step: "2" } });

    await aks.managedClusters.beginDeleteAndWait(RG, "a");
    await assert.rejects(aks.managedClusters.get(RG, "a"), (e: { statusCode?: number }) => e.statusCode === 404);
    assert.deepEqual(
      (await listed()).map((c) => c.name),
      ["b", "c"],
    );
  });

  it("a cluster's connection list shows approval and the endpoint's deletion", async () => {
    const cluster = await create("priv", true);
    await net.virtualNetworks.beginCreateOrUpdateAndWait(NET_RG, "vnet", {
      location: "eastus",
      addressSpace: { addressPrefixes: ["10.1.0.0/16"] },
      subnets: [{ name: "pe", addressPrefix: "10.1.1.0/24" }],
    });
    const subnetId = `/subscriptions/${te.subscriptionId}/resourceGroups/${NET_RG}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe`;
    const states = async () => {
      const list = await aks.privateEndpointConnections.list(RG, "priv");
      return (list.value ?? []).map((c) => `${c.privateEndpoint?.id?.split("/").pop()}:${c.privateLinkServiceConnectionState?.status}`).sort();
    };
    const before = await states();

    await net.privateEndpoints.beginCreateOrUpdateAndWait(NET_RG, "pe1", {
      location: "eastus",
      subnet: { id: subnetId },
      manualPrivateLinkServiceConnections: [{ name: "pe1-conn", privateLinkServiceId: cluster.id!, groupIds: ["management"] }],
    });
    assert.deepEqual(await states(), [...before, "pe1:Pending"].sort());

    const pending = (await aks.privateEndpointConnections.list(RG, "priv")).value!.find((c) => c.privateEndpoint?.id?.endsWith("/pe1"))!;
    await aks.privateEndpointConnections.update(RG, "priv", pending.name!, { privateLinkServiceConnectionState: { status: "Approved" } });
    assert.deepEqual(await states(), [...before, "pe1:Approved"].sort());
    assert.equal((await aks.privateEndpointConnections.get(RG, "priv", pending.name!)).privateLinkServiceConnectionState?.status, "Approved");

    // Deleting the endpoint's resource group takes the endpoint (and so the connection) with it.
    await rm.resourceGroups.beginDeleteAndWait(NET_RG);
    assert.deepEqual(await states(), before);
    await assert.rejects(aks.privateEndpointConnections.get(RG, "priv", pending.name!), (e: { statusCode?: number }) => e.statusCode === 404);
  });
});
