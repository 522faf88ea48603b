import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { type GenericResourceExpanded, ResourceManagementClient } from "@azure/arm-resources";
import type { TokenCredential } from "@azure/identity";
import { clusterBody, clusterPath, rgPath, startTestEmulator, type TestEmulator } from "../support/emulator.js";
import { conformancePolicy } from "../support/conformance.js";

/**
 * ARM's generic resource list (GET .../resources) through @azure/arm-resources 7: every tracked
 * resource of every served type, the documented $filter forms, $top paging with nextLink,
 * $expand=provisioningState, ARM's 400 for a filter it does not take and its 404 for a missing group.
 */
describe("generic resource list (resources.list, resources.listByResourceGroup)", () => {
  let te: TestEmulator;
  let client: ResourceManagementClient;
  const net = (rg: string, rest: string) => `/subscriptions/${te.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Network/${rest}`;

  async function put(path: string, body: unknown): Promise<void> {
    const r = await te.request("PUT", path, { body });
    assert.ok(r.status === 200 || r.status === 201, `${path}: ${r.status} ${r.text}`);
  }

  async function all(iter: AsyncIterable<GenericResourceExpanded>): Promise<GenericResourceExpanded[]> {
    const out: GenericResourceExpanded[] = [];
    for await (const r of iter) out.push(r);
    return out;
  }
  const names = (rs: GenericResourceExpanded[]) => rs.map((r) => `${r.type}:${r.name}`).sort();

  before(async () => {
    te = await startTestEmulator({ lroDurationMs: 0 });
    const cred: TokenCredential = { getToken: async () => ({ token: te.token(), expiresOnTimestamp: Date.now() + 3_600_000 }) };
    client = new ResourceManagementClient(cred, te.subscriptionId, {
      endpoint: te.endpoint,
      additionalPolicies: [{ policy: conformancePolicy(), position: "perCall" }],
    } as any);
    await put(`${rgPath(te.subscriptionId, "list-a")}?api-version=2022-09-01`, { location: "eastus" });
    await put(`${rgPath(te.subscriptionId, "list-b")}?api-version=2022-09-01`, { location: "westus2" });
    await put(`${net("list-a", "virtualNetworks/hub")}?api-version=2024-03-01`, {
      location: "eastus",
      tags: { env: "prod", team: "net" },
      properties: { addressSpace: { addressPrefixes: ["10.0.0.0/16"] }, subnets: [{ name: "s1", properties: { addressPrefix: "10.0.1.0/24" } }] },
    });
    await put(`${net("list-a", "privateDnsZones/privatelink.eastus.azmk8s.io")}?api-version=2020-06-01`, { location: "global", tags: { env: "dev" } });
    await put(`${net("list-a", "privateDnsZones/privatelink.eastus.azmk8s.io/virtualNetworkLinks/hub-link")}?api-version=2020-06-01`, {
      location: "global",
      properties: { virtualNetwork: { id: net("list-a", "virtualNetworks/hub") }, registrationEnabled: false },
    });
    await put(
      `/subscriptions/${te.subscriptionId}/resourceGroups/list-b/providers/Microsoft.ManagedIdentity/userAssignedIdentities/demo-id?api-version=2023-01-31`,
      { location: "westus2", tags: { Env: "prod" } },
    );
    await put(`${clusterPath(te.subscriptionId, "list-b", "demo-aks")}?api-version=2026-04-01`, clusterBody({ location: "westus2" }));
  });
  after(async () => te?.close());

  it("lists every tracked resource of the subscription, and of a group, as ARM's generic envelope", async () => {
    const everything = await all(client.resources.list());
    assert.deepEqual(names(everything), [
      "Microsoft.ContainerService/managedClusters:demo-aks",
      "Microsoft.ManagedIdentity/userAssignedIdentities:demo-id",
      "Microsoft.Network/privateDnsZones/virtualNetworkLinks:privatelink.eastus.azmk8s.io/hub-link",
      "Microsoft.Network/privateDnsZones:privatelink.eastus.azmk8s.io",
      "Microsoft.Network/virtualNetworks:hub",
    ]);
    const vnet = everything.find((r) => r.name === "hub")!;
    assert.equal(vnet.id, `/subscriptions/${te.subscriptionId}/resourceGroups/list-a/providers/Microsoft.Network/virtualNetworks/hub`);
    assert.equal(vnet.location, "eastus");
    assert.deepEqual(vnet.tags, { env: "prod", team: "net" });
    assert.equal((vnet as any).properties, undefined, "the generic list carries no properties");
    const cluster = everything.find((r) => r.name === "demo-aks")!;
    assert.match(cluster.id!, /\/resourceGroups\/list-b\/providers\/Microsoft.ContainerService\/managedClusters\/demo-aks$/);
    assert.equal(cluster.identity?.type, "SystemAssigned");
    assert.equal(cluster.sku?.name, "Base");

    const inA = await all(client.resources.listByResourceGroup("LIST-A"));
    assert.deepEqual(names(inA), [
      "Microsoft.Network/privateDnsZones/virtualNetworkLinks:privatelink.eastus.azmk8s.io/hub-link",
      "Microsoft.Network/privateDnsZones:privatelink.eastus.azmk8s.io",
      "Microsoft.Network/virtualNetworks:hub",
    ]);
    // What AKS made for the cluster in its node resource group is listed there (nothing for a public cluster).
    assert.deepEqual(await all(client.resources.listByResourceGroup("MC_list-b_demo-aks_westus2")), []);
  });

  it("filters by resourceType, name, resourceGroup and location (eq, ne, combined with and)", async () => {
    assert.deepEqual(names(await all(client.resources.list({ filter: "resourceType eq 'microsoft.network/virtualnetworks'" }))), [
      "Microsoft.Network/virtualNetworks:hub",
    ]);
    assert.deepEqual(names(await all(client.resources.list({ filter: "name eq 'demo-id'" }))), ["Microsoft.ManagedIdentity/userAssignedIdentities:demo-id"]);
    // az resource list -g G --resource-type T sends this form.
    assert.deepEqual(
      names(await all(client.resources.list({ filter: "resourceGroup eq 'list-b' and resourceType eq 'Microsoft.ContainerService/managedClusters'" }))),
      ["Microsoft.ContainerService/managedClusters:demo-aks"],
    );
    assert.deepEqual(names(await all(client.resources.list({ filter: "location ne 'global' and location ne 'westus2'" }))), [
      "Microsoft.Network/virtualNetworks:hub",
    ]);
    assert.deepEqual(names(await all(client.resources.listByResourceGroup("list-a", { filter: "location eq 'westus2'" }))), []);
  });

  it("filters with substringof (and/or, parentheses)", async () => {
    assert.deepEqual(names(await all(client.resources.list({ filter: "substringof('DEMO', name)" }))), [
      "Microsoft.ContainerService/managedClusters:demo-aks",
      "Microsoft.ManagedIdentity/userAssignedIdentities:demo-id",
    ]);
    assert.deepEqual(
      names(
        await all(
          client.resources.list({ filter: "(substringof('hub', name) or substringof('aks', name)) and resourceType eq 'Microsoft.Network/virtualNetworks'" }),
        ),
      ),
      ["Microsoft.Network/virtualNetworks:hub"],
    );
    assert.deepEqual(names(await all(client.resources.list({ filter: "substringof('-b', resourceGroup)" }))).length, 2);
  });

  it("filters by tag name and value, leaving the tags out of the answer as ARM does", async () => {
    const prod = await all(client.resources.list({ filter: "tagName eq 'env' and tagValue eq 'prod'" }));
    assert.deepEqual(names(prod), ["Microsoft.ManagedIdentity/userAssignedIdentities:demo-id", "Microsoft.Network/virtualNetworks:hub"]);
    assert.ok(
      prod.every((r) => r.tags === undefined),
      "no tags in a tag-filtered answer",
    );
    assert.deepEqual(names(await all(client.resources.list({ filter: "tagname eq 'team'" }))), ["Microsoft.Network/virtualNetworks:hub"]);
    assert.deepEqual(names(await all(client.resources.list({ filter: "startswith(tagName, 'te')" }))), ["Microsoft.Network/virtualNetworks:hub"]);
    assert.deepEqual(await all(client.resources.list({ filter: "tagName eq 'env' and tagValue eq 'PROD'" })), [], "tag values are compared as written");
  });

  it("pages by $top with a nextLink that keeps the filter", async () => {
    const pages: string[][] = [];
    for await (const page of client.resources.list({ top: 2 }).byPage()) pages.push(page.map((r) => r.name!));
    assert.deepEqual(
      pages.map((p) => p.length),
      [2, 2, 1],
    );
    assert.equal(new Set(pages.flat()).size, 5, "every resource once");
    const filtered: string[][] = [];
    for await (const page of client.resources.list({ top: 1, filter: "substringof('demo', name)" }).byPage()) filtered.push(page.map((r) => r.name!));
    assert.deepEqual(filtered, [["demo-aks"], ["demo-id"]]);
    const raw = await te.request(
      "GET",
      `/subscriptions/${te.subscriptionId}/resources?api-version=2021-04-01&$top=2&$filter=${encodeURIComponent("substringof('a', name)")}`,
    );
    const next = new URL(raw.json.nextLink);
    assert.equal(next.searchParams.get("$filter"), "substringof('a', name)");
    assert.equal(next.searchParams.get("$top"), "2");
  });

  it("$expand=provisioningState adds the resource's state (az resource list asks for it)", async () => {
    const expanded = await all(client.resources.list({ expand: "createdTime,changedTime,provisioningState", filter: "name eq 'hub'" }));
    assert.equal(expanded[0]!.provisioningState, "Succeeded");
    const plain = await all(client.resources.list({ filter: "name eq 'hub'" }));
    assert.equal(plain[0]!.provisioningState, undefined);
  });

  it("answers ARM's 400 InvalidFilterInQueryString for a filter it does not take, and 404 for a missing group", async () => {
    for (const filter of [
      "tagName eq 'env' and resourceType eq 'Microsoft.Network/virtualNetworks'",
      "tagValue eq 'prod'",
      "properties/provisioningState eq 'Succeeded'",
      "substringof('x', location)",
      "name eq 'unterminated",
      "name gt 'a'",
    ]) {
      await assert.rejects(
        all(client.resources.list({ filter })),
        (e: any) =>
          e.statusCode === 400 && e.code === "InvalidFilterInQueryString" && e.message === `Invalid $filter '${filter}' specified in the query string.`,
        filter,
      );
    }
    await assert.rejects(all(client.resources.list({ top: 0 })), (e: any) => e.statusCode === 400 && e.code === "InvalidTopInQueryString");
    await assert.rejects(all(client.resources.listByResourceGroup("nope")), (e: any) => e.statusCode === 404 && e.code === "ResourceGroupNotFound");
  });

  it("shows nothing left after the groups are deleted", async () => {
    await client.resourceGroups.beginDeleteAndWait("list-a", { updateIntervalInMs: 20 });
    await client.resourceGroups.beginDeleteAndWait("list-b", { updateIntervalInMs: 20 });
    assert.deepEqual(await all(client.resources.list()), []);
  });
});
