import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { SCHEMA_VERSION, SqliteStore } from "../../src/store/sqlite.js";
import type { StoredResource } from "../../src/store/store.js";
import { storeContract } from "./contract.js";
import { startTestEmulator } from "../support/emulator.js";

const dir = mkdtempSync(join(tmpdir(), "aks-emulator-store-"));
let fileCounter = 0;
const freshPath = () => join(dir, `store-${process.pid}-${++fileCounter}.db`);

after(() => rmSync(dir, { recursive: true, force: true }));

storeContract("sqlite-memory", async () => SqliteStore.open({ memory: true }));

storeContract("sqlite-file", async () => SqliteStore.open({ path: freshPath() }));

function sample(name: string): StoredResource {
  const key = `/subscriptions/s1/resourcegroups/rg1/providers/microsoft.containerservice/managedclusters/${name}`;
  return {
    key,
    id: key,
    parentKey: "/subscriptions/s1/resourcegroups/rg1",
    subscriptionId: "s1",
    type: "microsoft.containerservice/managedclusters",
    etag: "e1",
    body: { name, properties: { kubernetesVersion: "1.30" } },
  };
}

describe("SqliteStore specifics", () => {
  let path: string;
  before(() => {
    path = freshPath();
  });

  it("reports its kind", async () => {
    const m = SqliteStore.open({ memory: true });
    const f = SqliteStore.open({ path: freshPath() });
    try {
      assert.equal(m.kind, "sqlite-memory");
      assert.equal(f.kind, "sqlite-file");
    } finally {
      await m.close();
      await f.close();
    }
  });

  it("file store uses WAL, synchronous=FULL and a busy timeout", async () => {
    const s = SqliteStore.open({ path });
    try {
      assert.equal(s.pragma("journal_mode"), "wal");
      assert.equal(s.pragma("synchronous"), 2);
      assert.ok((s.pragma("busy_timeout") as number) >= 1000);
      assert.equal(s.pragma("user_version"), SCHEMA_VERSION);
    } finally {
      await s.close();
    }
  });

  it("the emulator opens its file store with journal_mode=wal and synchronous=FULL", async () => {
    // Power-loss safety rests on these two PRAGMAs (a SIGKILL test cannot show them): read them
    // from the store the emulator itself opened, and the journal mode from the file on disk too.
    const te = await startTestEmulator({ inMemory: false });
    try {
      const store = te.emulator.store;
      assert.ok(store instanceof SqliteStore);
      assert.equal(store.kind, "sqlite-file");
      assert.equal(store.pragma("journal_mode"), "wal");
      assert.equal(store.pragma("synchronous"), 2, "synchronous=FULL");
      const raw = new Database(join(te.dataDir, "state.db"), { readonly: true });
      try {
        assert.equal(raw.pragma("journal_mode", { simple: true }), "wal", "WAL is recorded in the database file");
      } finally {
        raw.close();
      }
    } finally {
      await te.close();
    }
  });

  it("data survives close and reopen of the same file", async () => {
    const p = freshPath();
    const s1 = SqliteStore.open({ path: p });
    const r = sample("c1");
    await s1.commit([
      { op: "put", resource: r },
      {
        op: "putOperation",
        operation: {
          id: "op-1",
          subscriptionId: "s1",
          namespace: "Microsoft.ContainerService",
          location: "westeurope",
          resourceKey: r.key,
          kind: "create",
          status: "InProgress",
          startTime: 1,
          dueAt: 5,
        },
      },
    ]);
    assert.equal((await s1.claimDue(10, 1000)).length, 1);
    await s1.close();
    await s1.close(); // idempotent

    const s2 = SqliteStore.open({ path: p });
    try {
      assert.deepEqual(await s2.get(r.key), r);
      assert.equal((await s2.getOperation("op-1"))?.status, "InProgress");
      assert.equal(await s2.nextDue(), 5);
      // The lease taken before the restart is persisted too.
      assert.deepEqual(await s2.claimDue(10, 1000), []);
      assert.equal((await s2.claimDue(1010, 1000)).length, 1);
      assert.equal(s2.pragma("user_version"), SCHEMA_VERSION);
    } finally {
      await s2.close();
    }
  });

  it("refuses a database from a newer schema version", async () => {
    const p = freshPath();
    const raw = new Database(p);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    assert.throws(() => SqliteStore.open({ path: p }), /newer/);
  });

  it("two stores on the same file see each other's commits", async () => {
    const p = freshPath();
    const a = SqliteStore.open({ path: p });
    const b = SqliteStore.open({ path: p });
    try {
      const r = sample("shared");
      await a.commit([{ op: "put", resource: r, expect: { absent: true } }]);
      assert.deepEqual(await b.get(r.key), r);
      await assert.rejects(b.commit([{ op: "put", resource: r, expect: { absent: true } }]));
      assert.notEqual(a.ownerId, b.ownerId);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
