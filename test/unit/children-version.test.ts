import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { SqliteStore } from "../../src/store/sqlite.js";
import type { StoredResource } from "../../src/store/store.js";

const POOL = "microsoft.containerservice/managedclusters/agentpools";
const CONNECTION = "microsoft.containerservice/managedclusters/privateendpointconnections";

function child(parentKey: string, type: string, name: string): StoredResource {
  const key = `${parentKey}/${type.split("/").pop()}/${name}`;
  return { key, id: key, parentKey, subscriptionId: "s", type, etag: `e-${name}`, body: { name } };
}

// The kit keeps a cluster's pools between answers while this number stays put (src/kit/lifecycle.ts, withChildren).
describe("SqliteStore.childrenVersion", () => {
  it("moves when a child of that type and parent is written, and only then", async () => {
    const store = SqliteStore.open({ memory: true });
    try {
      const a = "/c/a";
      const b = "/c/b";
      const start = store.childrenVersion(a, POOL);
      await store.commit([{ op: "put", resource: child(a, POOL, "p1") }]);
      const afterOwn = store.childrenVersion(a, POOL);
      assert.notEqual(afterOwn, start, "a pool written under a");

      await store.commit([{ op: "put", resource: child(b, POOL, "p1") }]);
      await store.commit([{ op: "put", resource: child(a, CONNECTION, "c1") }]);
      assert.equal(store.childrenVersion(a, POOL), afterOwn, "another parent's pool, or another type under a, leaves a's pools as they were");
      assert.notEqual(store.childrenVersion(b, POOL), start);

      await store.commit([{ op: "delete", key: `${b}/agentpools/p1` }]);
      assert.notEqual(store.childrenVersion(a, POOL), afterOwn, "a delete names no parent: every parent's children may have changed");

      const beforeReset = store.childrenVersion(a, POOL);
      await store.reset();
      assert.notEqual(store.childrenVersion(a, POOL), beforeReset);
    } finally {
      await store.close();
    }
  });
});
