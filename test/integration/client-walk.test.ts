import { test } from "node:test";
import assert from "node:assert/strict";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { walkClient, walkProblems, walkRecorder, type WalkRecord } from "../support/client-walk.js";
import { rgPath, startTestEmulator } from "../support/emulator.js";
import { credentialFor } from "../support/sdk-clients.js";

/**
 * Issue #19's acceptance walk under Node 20: every operation group and method of
 * @azure/arm-containerservice 25.3.0's ContainerServiceClient (2026-04-01), with plausible arguments
 * (test/support/client-walk.ts), and none answers 501 NotImplementedInEmulator or a 5xx.
 * test/latest/client-walk.mjs walks the newest SDK under Node 24.
 */

test("every method of ContainerServiceClient 25.3.0 reaches a served route: no 501, no 5xx", { timeout: 240_000 }, async (t) => {
  const te = await startTestEmulator();
  try {
    const rg = "walk-rg";
    assert.ok(
      [200, 201].includes((await te.request("PUT", `${rgPath(te.subscriptionId, rg)}?api-version=2025-04-01`, { body: { location: "eastus" } })).status),
    );
    const identityId = `/subscriptions/${te.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/walk-id`;
    const identity = await te.request("PUT", `${identityId}?api-version=2023-01-31`, { body: { location: "eastus" } });
    assert.ok([200, 201].includes(identity.status), identity.text);

    const records: WalkRecord[] = [];
    const current = { call: "(none)" };
    const client = new ContainerServiceClient(credentialFor(te), te.subscriptionId, {
      endpoint: te.endpoint,
      additionalPolicies: [{ policy: walkRecorder(records, current), position: "perRetry" }],
    } as any);
    const walk = await walkClient(
      client,
      { resourceGroup: rg, cluster: "walk1", location: "eastus", subscriptionId: te.subscriptionId, identityId, poll: { updateIntervalInMs: 10 } },
      current,
    );
    t.diagnostic(`${walk.called.length} methods called, ${records.length} answers, ${walk.refused.length} refused with a 4xx`);
    for (const r of walk.refused) t.diagnostic(`refused: ${r}`);
    assert.deepEqual(walk.uncovered, [], "methods of the client the walk has no step for");
    assert.deepEqual(walkProblems(records, walk.called), []);
  } finally {
    await te.close();
  }
});
