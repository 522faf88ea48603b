import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { DefaultAzureCredential } from "@azure/identity";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { ResourceManagementClient } from "@azure/arm-resources";
import { runQuickstart } from "../../examples/quickstart.js";
import { startTestEmulator, useManagedIdentityEnv, type TestEmulator } from "../support/emulator.js";
import { checkAlwaysPresent, conformancePolicy, type ObservedResponse } from "../support/conformance.js";

/**
 * The official SDKs, with DefaultAzureCredential through the emulator's managed-identity
 * endpoint, run the README's quickstart; every response they receive (LRO polls included)
 * is checked against the official definition.
 */
describe("official SDKs drive the managed-cluster lifecycle", () => {
  let te: TestEmulator;
  const problems: string[] = [];
  const seen: ObservedResponse[] = [];
  const clientOptions = {
    additionalPolicies: [
      { policy: conformancePolicy({ onProblems: (p) => problems.push(...p) }), position: "perCall" },
      {
        policy: {
          name: "record",
          async sendRequest(req: { method: string; url: string }, next: (r: any) => Promise<{ status: number; bodyAsText?: string | null }>) {
            const res = await next(req);
            seen.push({ method: req.method, url: req.url, status: res.status, body: res.bodyAsText ?? undefined });
            return res;
          },
        },
        position: "perCall",
      },
    ],
  };

  before(async () => {
    // Real provisioning shape: the first poll sees InProgress, the next one Succeeded.
    te = await startTestEmulator({ lroDurationMs: 300 });
    useManagedIdentityEnv(te);
  });
  after(async () => te.close());

  it("creates, gets, lists, tags and deletes a cluster and its resource group", async () => {
    const credential = new DefaultAzureCredential();
    const log = await runQuickstart(credential, te.endpoint, te.subscriptionId, clientOptions);
    assert.deepEqual(
      log.map((l) => l.split(":")[0]),
      ["created quickstart-aks", "got quickstart-aks", "in group", "in subscription", "tags", "deleted quickstart-aks", "deleted quickstart-rg"],
    );
    assert.match(log[0]!, /Succeeded, fqdn quickstart-[0-9a-z]{8}\.hcp\.eastus\.azmk8s\.io$/);
    assert.equal(log[4], 'tags: {"env":"ci"}');

    const aks = new ContainerServiceClient(credential, te.subscriptionId, { endpoint: te.endpoint, ...clientOptions } as any);
    await assert.rejects(aks.managedClusters.get("quickstart-rg", "quickstart-aks"), (e: any) => e.statusCode === 404 && e.code === "ResourceGroupNotFound");
    const resources = new ResourceManagementClient(credential, te.subscriptionId, { endpoint: te.endpoint, ...clientOptions } as any);
    assert.equal((await resources.resourceGroups.checkExistence("quickstart-rg")).body, false);
  });

  it("saw the real LRO shape: 201 Creating, an InProgress poll, then Succeeded", () => {
    const put = seen.find((r) => r.method === "PUT" && /managedClusters\/quickstart-aks/i.test(r.url));
    assert.ok(put, "the create PUT was observed");
    assert.equal(put.status, 201);
    assert.equal(JSON.parse(String(put.body)).properties.provisioningState, "Creating");
    const polls = seen.filter((r) => /\/operations\//.test(r.url)).map((r) => JSON.parse(String(r.body)).status);
    assert.ok(polls.includes("InProgress"), `polls: ${polls.join(",")}`);
    assert.ok(polls.includes("Succeeded"), `polls: ${polls.join(",")}`);
  });

  it("every response conforms to the official definition and carries what real AKS always returns", () => {
    assert.ok(seen.length >= 12, `only ${seen.length} responses observed`);
    const put = seen.find((r) => r.method === "PUT" && /managedClusters\/quickstart-aks/i.test(r.url))!;
    problems.push(...checkAlwaysPresent(JSON.parse(String(put.body)), "create201"));
    const get = seen.find((r) => r.method === "GET" && /managedClusters\/quickstart-aks\?/i.test(r.url) && r.status === 200)!;
    problems.push(...checkAlwaysPresent(JSON.parse(String(get.body)), "get"));
    assert.deepEqual(problems, []);
  });
});
