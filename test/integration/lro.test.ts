import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { ResourceManagementClient } from "@azure/arm-resources";
import type { TokenCredential } from "@azure/identity";
import { clusterBody, clusterPath, rgPath, startTestEmulator, type TestEmulator } from "../support/emulator.js";
import { conformancePolicy } from "../support/conformance.js";
import { clusterKey } from "../../src/providers/containerservice/managed-clusters.js";

function credentialFor(te: TestEmulator): TokenCredential {
  return { getToken: async () => ({ token: te.token(), expiresOnTimestamp: Date.now() + 3_600_000 }) };
}

function countingOptions(te: TestEmulator, log: string[]) {
  return {
    endpoint: te.endpoint,
    additionalPolicies: [
      { policy: conformancePolicy(), position: "perCall" },
      {
        policy: {
          name: "count",
          async sendRequest(req: { method: string; url: string }, next: (r: any) => Promise<any>) {
            log.push(`${req.method} ${new URL(req.url).pathname}`);
            return next(req);
          },
        },
        position: "perCall",
      },
    ],
  } as any;
}

describe("long-running operations", () => {
  describe("--lro-duration 0: the fewest round trips", () => {
    let te: TestEmulator;
    before(async () => {
      te = await startTestEmulator({ lroDurationMs: 0 });
    });
    after(async () => te.close());

    // docs/fidelity.md "--lro-duration 0"
    it("create and delete take one request each through the official SDK", async () => {
      const log: string[] = [];
      const opts = countingOptions(te, log);
      const cred = credentialFor(te);
      await new ResourceManagementClient(cred, te.subscriptionId, opts).resourceGroups.createOrUpdate("rg0", { location: "eastus" });
      const aks = new ContainerServiceClient(cred, te.subscriptionId, opts);
      log.length = 0;
      const created = await aks.managedClusters.createOrUpdate("rg0", "fast", {
        location: "eastus",
        dnsPrefix: "fast",
        agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }],
      });
      assert.equal(created.provisioningState, "Succeeded");
      assert.ok(created.identityProfile?.["kubeletidentity"], "provisioned-only fields are there at once");
      assert.deepEqual(log, ["PUT /subscriptions/" + te.subscriptionId + "/resourceGroups/rg0/providers/Microsoft.ContainerService/managedClusters/fast"]);
      log.length = 0;
      await aks.managedClusters.delete("rg0", "fast");
      assert.equal(log.length, 1);
      await assert.rejects(aks.managedClusters.get("rg0", "fast"), (e: any) => e.statusCode === 404);
    });
  });

  describe("time-based completion", () => {
    let te: TestEmulator;
    before(async () => {
      te = await startTestEmulator({ lroDurationMs: 60_000 });
      await te.request("PUT", rgPath(te.subscriptionId, "rg1") + "?api-version=2022-09-01", { body: { location: "eastus" } });
    });
    after(async () => te.close());

    it("a cluster reaches Succeeded when its time is up, polled or not", async () => {
      const path = clusterPath(te.subscriptionId, "rg1", "timed") + "?api-version=2026-04-01";
      const put = await te.request("PUT", path, { body: clusterBody() });
      assert.equal(put.status, 201);
      assert.equal(put.json.properties.provisioningState, "Creating");
      const opUrl = new URL(String(put.headers["azure-asyncoperation"]));

      // Not yet due: still in progress.
      const poll = await te.request("GET", opUrl.pathname + opUrl.search);
      assert.equal(poll.json.status, "InProgress");
      assert.equal(poll.headers["retry-after"], "1");
      assert.equal((await te.request("GET", path)).json.properties.provisioningState, "Creating");

      // Time passes on the emulator clock; nobody asks; the scheduler finishes it.
      te.emulator.clock.advance(60_000);
      const key = clusterKey(te.subscriptionId, "rg1", "timed");
      let state: unknown;
      for (let i = 0; i < 40; i++) {
        await sleep(50);
        const stored = await te.emulator.store.get(key);
        state = (stored?.body["resource"] as any)?.properties?.provisioningState;
        if (state === "Succeeded") break;
      }
      assert.equal(state, "Succeeded", "the scheduler completed the operation without any request");

      const done = await te.request("GET", opUrl.pathname + opUrl.search);
      assert.equal(done.json.status, "Succeeded");
      assert.equal(done.headers["retry-after"], undefined);
      assert.equal(Date.parse(done.json.endTime) - Date.parse(done.json.startTime), 60_000, "endTime is when the time was up");
      const got = await te.request("GET", path);
      assert.equal(got.json.properties.provisioningState, "Succeeded");
      assert.equal(got.json.properties.agentPoolProfiles[0].provisioningState, "Succeeded");
    });
  });
});
