import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { ManagedServiceIdentityClient } from "@azure/arm-msi";
import { ResourceManagementClient } from "@azure/arm-resources";
import { conformancePolicy } from "../support/conformance.js";
import { clusterPath, rgPath, startTestEmulator, type TestEmulator } from "../support/emulator.js";
import { credentialFor } from "../support/sdk-clients.js";

/**
 * The kit's one lifecycle (src/kit/lifecycle.ts) as the official SDKs see it, through the types built
 * on it: a tracked type (userAssignedIdentities: lists page with nextLink, read again after every
 * change, If-Match / If-None-Match) and a child type (a cluster's maintenanceConfigurations: 409 while
 * the cluster has an operation in flight, gone with the cluster).
 */

describe("the kit's lifecycle (pageSize 2)", () => {
  let te: TestEmulator;
  let msi: ManagedServiceIdentityClient;
  let aks: ContainerServiceClient;
  const RG = "kit-rg";

  before(async () => {
    te = await startTestEmulator({ pageSize: 2, lroDurationMs: 60_000 });
    const opts = { endpoint: te.endpoint, additionalPolicies: [{ policy: conformancePolicy(), position: "perCall" }] } as any;
    const cred = credentialFor(te);
    msi = new ManagedServiceIdentityClient(cred, te.subscriptionId, opts);
    aks = new ContainerServiceClient(cred, te.subscriptionId, opts);
    await new ResourceManagementClient(cred, te.subscriptionId, opts).resourceGroups.createOrUpdate(RG, { location: "eastus" });
  });
  after(async () => te?.close());

  it("a tracked type's lists page and show every change at once", async () => {
    for (let i = 0; i < 5; i++) await msi.userAssignedIdentities.createOrUpdate(RG, `id${i}`, { location: "eastus" });
    const names = async () => {
      const out: string[] = [];
      for await (const x of msi.userAssignedIdentities.listByResourceGroup(RG)) out.push(`${x.name}:${x.tags?.["v"] ?? ""}`);
      return out;
    };
    assert.deepEqual(await names(), ["id0:", "id1:", "id2:", "id3:", "id4:"]);
    const page = await te.request("GET", `${rgPath(te.subscriptionId, RG)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities?api-version=2023-01-31`);
    assert.equal(page.json.value.length, 2);
    assert.match(page.json.nextLink, /(\$|%24)skipToken=/);
    await msi.userAssignedIdentities.update(RG, "id3", { tags: { v: "2" } });
    await msi.userAssignedIdentities.delete(RG, "id1");
    assert.deepEqual(await names(), ["id0:", "id2:", "id3:2", "id4:"]);
    const all: string[] = [];
    for await (const x of msi.userAssignedIdentities.listBySubscription()) all.push(x.name!);
    assert.deepEqual(all, ["id0", "id2", "id3", "id4"]);
  });

  it("If-None-Match: * refuses an existing resource; If-Match must name its ETag", async () => {
    const path = `${rgPath(te.subscriptionId, RG)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id0?api-version=2023-01-31`;
    const again = await te.request("PUT", path, { body: { location: "eastus" }, headers: { "if-none-match": "*" } });
    assert.equal(again.status, 412, again.text);
    assert.equal(again.json.error.code, "PreconditionFailed");
    const wrong = await te.request("PUT", path, { body: { location: "eastus" }, headers: { "if-match": '"nope"' } });
    assert.equal(wrong.status, 412, wrong.text);
    const fresh = await te.request("PUT", path.replace("/id0?", "/fresh?"), { body: { location: "eastus" }, headers: { "if-none-match": "*" } });
    assert.equal(fresh.status, 201, fresh.text);
  });

  it("a child type refuses writes while its parent has an operation in flight, and goes with it", async () => {
    const cluster = clusterPath(te.subscriptionId, RG, "kit1");
    const created = await te.request("PUT", `${cluster}?api-version=2026-04-01`, {
      body: { location: "eastus", properties: { dnsPrefix: "kit1", agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }] } },
    });
    assert.equal(created.status, 201, created.text);
    const config = { timeInWeek: [{ day: "Monday" as const, hourSlots: [1] }] };
    await assert.rejects(
      aks.maintenanceConfigurations.createOrUpdate(RG, "kit1", "default", config),
      (e: any) => e.statusCode === 409 && e.code === "OperationNotAllowed",
    );
    te.emulator.clock.advance(60_001);
    const made = await aks.maintenanceConfigurations.createOrUpdate(RG, "kit1", "default", config);
    assert.equal(made.name, "default");
    const deleting = await te.request("DELETE", `${cluster}?api-version=2026-04-01`);
    assert.equal(deleting.status, 202, deleting.text);
    await assert.rejects(aks.maintenanceConfigurations.delete(RG, "kit1", "default"), (e: any) => e.statusCode === 409 && e.code === "OperationNotAllowed");
    te.emulator.clock.advance(60_001);
    const gone = await te.request("GET", `${cluster}/maintenanceConfigurations?api-version=2026-04-01`);
    assert.equal(gone.status, 404, gone.text);
    assert.equal(await te.emulator.store.countUnder(cluster.toLowerCase()), 0);
  });
});
