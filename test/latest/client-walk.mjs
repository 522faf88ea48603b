// Issue #19's acceptance walk under Node 24 with the NEWEST @azure/arm-containerservice: every operation
// group and method of its ContainerServiceClient, with plausible arguments, and none answers 501
// NotImplementedInEmulator or a 5xx. The walk itself is
// test/support/client-walk.ts, compiled to dist/ by `npm run pretest` (plain JS with no imports, so this
// Node runs it as it is); test/integration/client-walk.test.ts walks 25.3.0 under Node 20 with it.
// `npm test` runs this file (test/integration/latest-sdks.test.ts).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { ResourceManagementClient } from "@azure/arm-resources";
import { DefaultAzureCredential } from "@azure/identity";
import { walkClient, walkProblems, walkRecorder } from "../../dist/test/support/client-walk.js";
import { hostNode, startEmulator, stopEmulator, useEmulatorEnv } from "./emulator.mjs";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const VERSION = JSON.parse(readFileSync(join(HERE, "node_modules/@azure/arm-containerservice/package.json"), "utf8")).version;
const RG = "walk-rg";
const LOCATION = "eastus";

describe(`every method of ContainerServiceClient ${VERSION} under Node ${process.versions.node}`, { timeout: 240_000 }, () => {
  let emulator;
  let dataDir;

  before(async () => {
    assert.equal(process.versions.node.split(".")[0], "24", `this suite runs under Node 24, not ${process.version}`);
    const node = hostNode();
    dataDir = mkdtempSync(join(tmpdir(), "aks-emu-walk-"));
    emulator = await startEmulator(node, dataDir, 1);
    useEmulatorEnv(node, dataDir, emulator);
  });

  after(async () => {
    if (emulator) await stopEmulator(emulator);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("reaches a served route with each: no 501, no 5xx", async (t) => {
    const credential = new DefaultAzureCredential();
    const sub = process.env.AKS_EMULATOR_SUBSCRIPTION_ID;
    const endpoint = process.env.AKS_EMULATOR_ENDPOINT;
    const rm = new ResourceManagementClient(credential, sub, { endpoint });
    await rm.resourceGroups.createOrUpdate(RG, { location: LOCATION });
    const identityId = `/subscriptions/${sub}/resourceGroups/${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/walk-id`;
    // arm-resources 8 writes the path as `/{+resourceId}`: an id with its leading slash would make `//subscriptions/...`.
    await rm.resources.beginCreateOrUpdateByIdAndWait(identityId.slice(1), "2023-01-31", { location: LOCATION });

    const records = [];
    const current = { call: "(none)" };
    const aks = new ContainerServiceClient(credential, sub, {
      endpoint,
      additionalPolicies: [{ policy: walkRecorder(records, current), position: "perRetry" }],
    });
    const walk = await walkClient(
      aks,
      { resourceGroup: RG, cluster: "walk1", location: LOCATION, subscriptionId: sub, identityId, poll: { updateIntervalInMs: 10 } },
      current,
    );
    t.diagnostic(`${walk.called.length} methods called, ${records.length} answers, ${walk.refused.length} refused with a 4xx`);
    assert.deepEqual(walk.uncovered, [], "methods of the client the walk has no step for");
    assert.deepEqual(walkProblems(records, walk.called), []);
  });
});
