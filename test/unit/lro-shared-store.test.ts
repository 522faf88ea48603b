import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { LroEngine, Scheduler } from "../../src/arm/lro.js";
import { SqliteStore } from "../../src/store/sqlite.js";
import type { OperationRecord, Store } from "../../src/store/store.js";
import { waitFor } from "../support/child.js";

/**
 * LroEngine's "nothing is due before T" hint (src/arm/lro.ts). On a store only this process
 * writes (SQLite), the hint is exact, and a settle with nothing due touches no store. On a shared
 * store (PostgreSQL, several processes) another process adds operations, or dies before finishing
 * them: the hint must expire, so the Scheduler's tick alone (no request) finds and completes them.
 * Two engines on one store stand for two processes; a counting wrapper shows when the store is asked.
 */

class Manual {
  t = 1_000_000;
  now(): number {
    return this.t;
  }
}

function counting(inner: Store, shared: boolean): Store & { claims: number } {
  const wrapped = Object.create(inner) as Store & { claims: number; shared: boolean };
  wrapped.claims = 0;
  wrapped.shared = shared;
  wrapped.claimDue = async (...args: Parameters<Store["claimDue"]>) => {
    wrapped.claims++;
    return inner.claimDue(...args);
  };
  // Methods the engine calls on the wrapper must run on the real store.
  for (const m of ["get", "list", "countUnder", "commit", "getOperation", "activeOperations", "nextDue", "reset", "close"] as const) {
    (wrapped as unknown as Record<string, unknown>)[m] = (inner[m] as (...a: unknown[]) => unknown).bind(inner);
  }
  return wrapped;
}

function operation(id: string, dueAt: number): OperationRecord {
  return {
    id,
    subscriptionId: "s1",
    namespace: "Microsoft.ContainerService",
    location: "eastus",
    resourceKey: `/subscriptions/s1/resourcegroups/rg/providers/microsoft.containerservice/managedclusters/${id}`,
    kind: "test",
    status: "InProgress",
    startTime: dueAt - 1000,
    dueAt,
  };
}

for (const shared of [false, true]) {
  describe(`LroEngine on a ${shared ? "shared" : "single-process"} store`, () => {
    it(
      shared ? "completes an operation another process recorded once the recheck time passes" : "settles without asking the store when it knows nothing is due",
      async () => {
        const real = SqliteStore.open({ memory: true });
        const store = counting(real, shared);
        const clock = new Manual();
        const engine = new LroEngine(store, clock);
        await engine.settleDue();
        assert.equal(store.claims, 1, "the first settle asks the store");
        await engine.settleDue();
        assert.equal(store.claims, 1, "nothing in flight: the next settle at the same time does not");

        // "Another process" records an operation due in 1 s; this engine is not told (no noteDue).
        await real.commit([{ op: "putOperation", operation: operation("op1", clock.t + 1000) }]);
        clock.t += 2000;
        await engine.settleDue();
        const op = await real.getOperation("op1");
        if (shared) {
          assert.equal(store.claims, 2, "past the recheck time, the store is asked again");
          assert.equal(op?.status, "Succeeded");
        } else {
          // One process per SQLite file: nobody else records operations, the hint holds (GET stays cheap).
          assert.equal(store.claims, 1);
          assert.equal(op?.status, "InProgress");
        }
        await real.close();
      },
    );
  });
}

describe("Scheduler on a shared store", () => {
  it("its tick alone completes what another process left, after this process found nothing to do", async () => {
    const real = SqliteStore.open({ memory: true });
    const store = counting(real, true);
    const engine = new LroEngine(store, { now: () => Date.now() });
    await engine.settleDue(); // nothing in flight
    const scheduler = new Scheduler(engine, 50);
    scheduler.start();
    try {
      await real.commit([{ op: "putOperation", operation: operation("op2", Date.now() + 100) }]);
      const done = await waitFor("the tick to complete op2", async () => (await real.getOperation("op2"))?.status === "Succeeded", 3000, 20);
      assert.equal(done, true);
    } finally {
      scheduler.stop();
      await real.close();
    }
  });
});
