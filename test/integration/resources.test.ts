import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { ResourceManagementClient } from "@azure/arm-resources";
import type { TokenCredential } from "@azure/identity";
import { rgPath } from "../support/bodies.js";
import { clusterBody, clusterPath, startTestEmulator, type TestEmulator } from "../support/emulator.js";
import { conformancePolicy } from "../support/conformance.js";
import { DEFAULT_SUBSCRIPTION_ID } from "../../src/app.js";

/** Microsoft.Resources routes a real client needs, through @azure/arm-resources and raw HTTPS. */
describe("resource groups, subscriptions, providers", () => {
  let te: TestEmulator;
  let resources: ResourceManagementClient;
  let aks: ContainerServiceClient;
  before(async () => {
    te = await startTestEmulator({ pageSize: 2 });
    const cred: TokenCredential = { getToken: async () => ({ token: te.token(), expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const options = { endpoint: te.endpoint, additionalPolicies: [{ policy: conformancePolicy(), position: "perCall" }] } as any;
    resources = new ResourceManagementClient(cred, te.subscriptionId, options);
    aks = new ContainerServiceClient(cred, te.subscriptionId, options);
  });
  after(async () => te.close());

  it("creates, reads, tags, lists (paged) and checks resource groups", async () => {
    const created = await resources.resourceGroups.createOrUpdate("Rg-A", { location: "East US", tags: { team: "a" } });
    assert.equal(created.location, "eastus");
    assert.equal(created.properties?.provisioningState, "Succeeded");
    await resources.resourceGroups.createOrUpdate("rg-b", { location: "westeurope" });
    await resources.resourceGroups.createOrUpdate("rg-c", { location: "westus2" });
    const again = await resources.resourceGroups.createOrUpdate("rg-a", { location: "eastus" });
    assert.equal(again.name, "Rg-A", "the original casing is kept");
    await assert.rejects(
      resources.resourceGroups.createOrUpdate("rg-a", { location: "westus" }),
      (e: any) => e.statusCode === 400 && e.code === "InvalidResourceGroupLocation",
    );
    await assert.rejects(resources.resourceGroups.createOrUpdate("rg-x", { location: "atlantis" }), (e: any) => e.statusCode === 400);
    const patched = await resources.resourceGroups.update("rg-a", { tags: { team: "b" } });
    assert.deepEqual(patched.tags, { team: "b" });
    assert.equal((await resources.resourceGroups.checkExistence("RG-A")).body, true);
    assert.equal((await resources.resourceGroups.checkExistence("nope")).body, false);
    const names: string[] = [];
    for await (const g of resources.resourceGroups.list()) names.push(g.name!);
    assert.deepEqual(names.sort(), ["Rg-A", "rg-b", "rg-c"], "three groups over two pages of two");
    await assert.rejects(resources.resourceGroups.get("nope"), (e: any) => e.statusCode === 404 && e.code === "ResourceGroupNotFound");
  });

  it("deleting a group is long-running and deletes what it holds", async () => {
    await te.request("PUT", `${clusterPath(te.subscriptionId, "rg-b", "inside")}?api-version=2026-04-01`, { body: clusterBody() });
    await resources.resourceGroups.beginDeleteAndWait("rg-b", { updateIntervalInMs: 50 });
    await assert.rejects(resources.resourceGroups.get("rg-b"), (e: any) => e.statusCode === 404);
    const gone = await te.request("GET", `${clusterPath(te.subscriptionId, "rg-b", "inside")}?api-version=2026-04-01`);
    assert.equal(gone.status, 404);
    assert.equal(gone.json.error.code, "ResourceGroupNotFound");
    assert.equal(
      (await te.request("GET", `/subscriptions/${te.subscriptionId}/resourcegroups/MC_rg-b_inside_eastus?api-version=2022-09-01`)).status,
      404,
      "the node resource group went too",
    );
  });

  it("serves subscriptions, locations and provider registration", async () => {
    const subs = await te.request("GET", "/subscriptions?api-version=2019-11-01");
    const ids = subs.json.value.map((s: { subscriptionId: string }) => s.subscriptionId);
    assert.ok(ids.includes(DEFAULT_SUBSCRIPTION_ID) && ids.includes(te.subscriptionId), ids.join(","));
    assert.equal(subs.json.value[0].state, "Enabled");
    assert.equal(typeof subs.json.value[0].tenantId, "string");
    const one = await te.request("GET", `/subscriptions/${te.subscriptionId}?api-version=2021-01-01`);
    assert.equal(one.json.subscriptionId, te.subscriptionId);
    const locations = await te.request("GET", `/subscriptions/${te.subscriptionId}/locations?api-version=2022-12-01`);
    assert.ok(locations.json.value.some((l: { name: string }) => l.name === "westus2"));

    const provider = await resources.providers.get("microsoft.containerservice");
    assert.equal(provider.namespace, "Microsoft.ContainerService");
    assert.equal(provider.registrationState, "Registered");
    const mc = provider.resourceTypes!.find((t) => t.resourceType === "managedClusters")!;
    assert.ok(mc.apiVersions!.includes("2026-04-01") && mc.apiVersions!.includes("2022-11-01"));
    assert.equal((await resources.providers.register("Microsoft.ContainerService")).registrationState, "Registered");
    await assert.rejects(resources.providers.get("Microsoft.Nope"), (e: any) => e.statusCode === 404);
  });

  it("lists the provider's operations", async () => {
    const names: string[] = [];
    for await (const op of aks.operations.list()) names.push(op.name!);
    assert.ok(names.includes("Microsoft.ContainerService/managedClusters/read"));
    assert.ok(names.includes("Microsoft.ContainerService/managedClusters/privateEndpointConnections/write"));
    assert.ok(names.length > 100);
  });
});

/** The group's answers the SDK tests above do not reach, as ARM's own endpoint gives them. */
describe("resource group answers on ARM's endpoint", () => {
  const api = "?api-version=2022-09-01";
  let slow: TestEmulator;
  let instant: TestEmulator;
  before(async () => {
    [slow, instant] = await Promise.all([startTestEmulator({ lroDurationMs: 60_000 }), startTestEmulator({ lroDurationMs: 0 })]);
  });
  after(async () => Promise.all([slow?.close(), instant?.close()]));

  it("HEAD is 204 or 404 without a body; a DELETE of a missing group is 404 ResourceGroupNotFound; conditional headers are not checked", async () => {
    const path = rgPath(slow.subscriptionId, "rg-edge") + api;
    assert.equal((await slow.request("HEAD", path)).status, 404);
    const created = await slow.request("PUT", path, { body: { location: "eastus" }, headers: { "if-match": "no-such-etag" } });
    assert.equal(created.status, 201, created.text);
    const head = await slow.request("HEAD", path);
    assert.deepEqual([head.status, head.text], [204, ""]);
    assert.equal((await slow.request("PUT", path, { body: { location: "eastus" }, headers: { "if-none-match": "*" } })).status, 200);
    const missing = await slow.request("DELETE", rgPath(slow.subscriptionId, "rg-none") + api);
    assert.deepEqual([missing.status, missing.json.error.code], [404, "ResourceGroupNotFound"]);
  });

  it("while a delete runs: the same Location again, a PUT refused with ResourceGroupBeingDeleted, a PATCH applied; then 200 and gone", async () => {
    const path = rgPath(slow.subscriptionId, "rg-going") + api;
    await slow.request("PUT", path, { body: { location: "westeurope" } });
    const first = await slow.request("DELETE", path);
    assert.equal(first.status, 202);
    const location = String(first.headers["location"]);
    assert.match(location, new RegExp(`/subscriptions/${slow.subscriptionId}/operationresults/[0-9a-f-]{36}\\?api-version=2022-09-01$`));
    assert.equal(first.headers["retry-after"], "1");
    assert.equal((await slow.request("DELETE", path)).headers["location"], location);
    const put = await slow.request("PUT", rgPath(slow.subscriptionId, "RG-GOING") + api, { body: { location: "westeurope" } });
    assert.deepEqual([put.status, put.json.error.code], [409, "ResourceGroupBeingDeleted"]);
    assert.match(put.json.error.message, /'RG-GOING'/);
    const patched = await slow.request("PATCH", path, { body: { tags: { a: "b" } } });
    assert.deepEqual([patched.status, patched.json.tags, patched.json.properties.provisioningState], [200, { a: "b" }, "Deleting"]);
    const poll = location.slice(slow.endpoint.length);
    assert.equal((await slow.request("GET", poll)).status, 202);
    slow.emulator.clock.advance(60_000);
    assert.equal((await slow.request("GET", poll)).status, 200);
    assert.equal((await slow.request("GET", path)).status, 404);
  });

  it("--lro-duration 0: a group's delete is still 202 with ARM's Location, done by the next request", async () => {
    const path = rgPath(instant.subscriptionId, "rg-instant") + api;
    await instant.request("PUT", path, { body: { location: "eastus" } });
    const deleted = await instant.request("DELETE", path);
    assert.equal(deleted.status, 202);
    assert.match(String(deleted.headers["location"]), /\/operationresults\//);
    assert.equal((await instant.request("GET", String(deleted.headers["location"]).slice(instant.endpoint.length))).status, 200);
    assert.equal((await instant.request("GET", path)).status, 404);
  });
});
