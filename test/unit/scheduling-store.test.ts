import { test } from "node:test";
import assert from "node:assert/strict";
import { LroEngine } from "../../src/arm/lro.js";
import { schedulingStore } from "../../src/kit/scheduling-store.js";
import { SqliteStore } from "../../src/store/sqlite.js";
import type { OperationRecord } from "../../src/store/store.js";

/**
 * Starting an operation is one commit (src/kit/scheduling-store.ts): the providers' store tells the
 * engine when a recorded operation falls due. On SQLite the engine believes "nothing is due before
 * T" until told otherwise, so an operation committed without the note would stay InProgress.
 */

test("an operation committed through the providers' store is completed when due; straight to the store it is not looked for", async () => {
  let now = 1_000_000;
  const clock = { now: () => now };
  const store = SqliteStore.open({ memory: true });
  const lro = new LroEngine(store, clock);
  await lro.settleDue(); // nothing in flight: the engine stops looking
  assert.equal(lro.mayBeDue(), false);

  const op = (id: string): OperationRecord => ({
    id,
    subscriptionId: "s",
    namespace: "Microsoft.ContainerService",
    location: "eastus",
    resourceKey: `/k/${id}`,
    kind: "test",
    status: "InProgress",
    startTime: now,
    dueAt: now + 10,
  });
  await store.commit([{ op: "putOperation", operation: op("unnoted") }]);
  now += 20;
  assert.equal(lro.mayBeDue(), false, "a commit straight to the store is not noticed");

  await schedulingStore(store, lro).commit([{ op: "putOperation", operation: op("noted") }]);
  now += 20;
  assert.equal(lro.mayBeDue(), true);
  await lro.settleDue();
  assert.equal((await store.getOperation("noted"))?.status, "Succeeded");
  await store.close();
});
