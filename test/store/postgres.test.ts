import { after, describe, it, test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { PG_SCHEMA_VERSION, PostgresStore } from "../../src/store/postgres.js";
import { PreconditionError, type OperationRecord, type StoredResource } from "../../src/store/store.js";
import { adminQuery, dropSchemas, freshSchema, isCi, probePostgres } from "../support/postgres.js";
import { storeContract } from "./contract.js";

/**
 * The Store contract suite (test/store/contract.ts, the same one SQLite runs) on PostgreSQL,
 * one fresh schema per store, dropped afterwards; then what only PostgreSQL has: migrations
 * under an advisory lock, several stores (processes) on one schema, leases on the database clock.
 */

const pgAvail = await probePostgres();

if (pgAvail.url === undefined) {
  if (isCi()) {
    test("PostgreSQL store (CI=true: PostgreSQL must be reachable)", () => assert.fail(pgAvail.reason));
  } else {
    test("PostgreSQL store", { skip: pgAvail.reason }, () => undefined);
  }
} else {
  const url = pgAvail.url;
  const schemas = new Set<string>();
  after(() => dropSchemas(url, schemas));

  const openFresh = async (opts: { schema?: string; poolSize?: number; leaseClock?: "caller" | "database" } = {}) => {
    const schema = opts.schema ?? freshSchema("store");
    schemas.add(schema);
    return PostgresStore.open({ url, poolSize: 4, ...opts, schema });
  };

  // One schema for the contract suite of this file (its tests run one after another): each test
  // opens a store of its own on it (own pool, migration check) and starts from reset(). Creating
  // and dropping a schema per test costs ~120 ms of DDL each; the per-store schemas below cover that path.
  const contractSchema = freshSchema("contract");
  storeContract("postgres", async () => {
    const store = await openFresh({ schema: contractSchema });
    await store.reset();
    return store;
  });

  function sample(name: string, etag = "e1", body: Record<string, unknown> = {}): StoredResource {
    const key = `/subscriptions/s1/resourcegroups/rg1/providers/microsoft.containerservice/managedclusters/${name}`;
    return {
      key,
      id: key,
      parentKey: "/subscriptions/s1/resourcegroups/rg1",
      subscriptionId: "s1",
      type: "microsoft.containerservice/managedclusters",
      etag,
      body: { name, ...body },
    };
  }

  function operation(id: string, dueAt: number): OperationRecord {
    return {
      id,
      subscriptionId: "s1",
      namespace: "Microsoft.ContainerService",
      location: "westeurope",
      resourceKey: sample("c1").key,
      kind: "create",
      status: "InProgress",
      startTime: 1,
      dueAt,
    };
  }

  describe("PostgresStore specifics", () => {
    it("creates its schema and tables, records the schema version, reports its kind", async () => {
      const s = await openFresh();
      try {
        assert.equal(s.kind, "postgres");
        const [v] = await adminQuery<{ version: number }>(url, `SELECT version FROM "${s.schema}".schema_version`);
        assert.equal(v!.version, PG_SCHEMA_VERSION);
        const tables = await adminQuery<{ table_name: string }>(
          url,
          "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
          [s.schema],
        );
        assert.deepEqual(
          tables.map((t) => t.table_name),
          ["meta", "operations", "resources", "schema_version"],
        );
        const [coll] = await adminQuery<{ collation_name: string }>(
          url,
          "SELECT collation_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'resources' AND column_name = 'key'",
          [s.schema],
        );
        assert.equal(coll!.collation_name, "C", "keys compare bytewise, as in SQLite");
      } finally {
        await s.close();
        await s.close(); // idempotent
      }
    });

    it("instances starting at once on one new schema migrate it once (advisory lock)", async () => {
      const schema = freshSchema("race");
      const stores = await Promise.all(Array.from({ length: 6 }, () => openFresh({ schema, poolSize: 2 })));
      try {
        const rows = await adminQuery<{ version: number }>(url, `SELECT version FROM "${schema}".schema_version`);
        assert.deepEqual(rows, [{ version: PG_SCHEMA_VERSION }]);
        await stores[0]!.commit([{ op: "put", resource: sample("c1") }]);
        for (const s of stores) assert.deepEqual(await s.get(sample("c1").key), sample("c1"));
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
      // Reopening an up-to-date schema changes nothing and keeps the data.
      const again = await openFresh({ schema });
      try {
        assert.deepEqual(await again.get(sample("c1").key), sample("c1"));
      } finally {
        await again.close();
      }
    });

    it("refuses a schema from a newer version, and bad schema names", async () => {
      const schema = freshSchema("newer");
      await (await openFresh({ schema })).close();
      await adminQuery(url, `UPDATE "${schema}".schema_version SET version = $1`, [PG_SCHEMA_VERSION + 1]);
      await assert.rejects(openFresh({ schema }), /newer than this emulator supports/);
      await assert.rejects(PostgresStore.open({ url, schema: 'x"; DROP TABLE y; --' }), /invalid PostgreSQL schema name/);
      await assert.rejects(PostgresStore.open({ url, poolSize: 0 }), /pool size/);
    });

    it("an unreachable server fails the open with where it tried", async () => {
      await assert.rejects(PostgresStore.open({ url: "postgres://postgres:secret@127.0.0.1:1/test", schema: freshSchema("x") }), (err: Error) => {
        assert.match(err.message, /cannot use PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/test/);
        assert.doesNotMatch(err.message, /secret/);
        return true;
      });
    });

    it("the pool stays within poolSize under load", async () => {
      const s = await openFresh({ poolSize: 3 });
      try {
        const pool = (s as unknown as { pool: { totalCount: number } }).pool;
        let most = 0;
        await Promise.all(
          Array.from({ length: 40 }, async (_, i) => {
            await s.commit([
              { op: "put", resource: sample(`c${i}`) },
              { op: "put", resource: sample(`d${i}`) },
            ]);
            most = Math.max(most, pool.totalCount);
            await s.get(sample(`c${i}`).key);
            most = Math.max(most, pool.totalCount);
          }),
        );
        assert.ok(most <= 3 && most >= 1, `pool grew to ${most}`);
        assert.equal(await s.countUnder("/subscriptions/s1/resourcegroups/rg1"), 80);
      } finally {
        await s.close();
      }
    });

    describe("two stores on one schema (two processes)", () => {
      it("see each other's commits at once; ETag CAS is atomic across them", async () => {
        const schema = freshSchema("shared");
        const a = await openFresh({ schema });
        const b = await openFresh({ schema });
        try {
          assert.notEqual(a.ownerId, b.ownerId);
          const r = sample("shared", "gen-0", { counter: 0 });
          await a.commit([{ op: "put", resource: r, expect: { absent: true } }]);
          assert.deepEqual(await b.get(r.key), r);
          await assert.rejects(b.commit([{ op: "put", resource: r, expect: { absent: true } }]), PreconditionError);

          // 60 read-modify-write requests spread over both stores: no lost update, one winner per generation.
          const TASKS = 60;
          const wins = new Map<string, number>();
          await Promise.all(
            Array.from({ length: TASKS }, async (_, i) => {
              const s = i % 2 === 0 ? a : b;
              for (;;) {
                const seen = (await s.get(r.key))!;
                const n = (seen.body.counter as number) + 1;
                try {
                  await s.commit([{ op: "put", resource: { ...seen, etag: `gen-${n}`, body: { ...seen.body, counter: n } }, expect: { etag: seen.etag } }]);
                } catch (e) {
                  if (e instanceof PreconditionError) continue;
                  throw e;
                }
                wins.set(seen.etag, (wins.get(seen.etag) ?? 0) + 1);
                return;
              }
            }),
          );
          const final = (await a.get(r.key))!;
          assert.equal(final.body.counter, TASKS);
          assert.equal(final.etag, `gen-${TASKS}`);
          assert.equal(wins.size, TASKS);
          for (const n of wins.values()) assert.equal(n, 1);
        } finally {
          await a.close();
          await b.close();
        }
      });

      it("claimDue across them never hands out one operation twice; a dead owner's lease expires", async () => {
        const schema = freshSchema("claims");
        const a = await openFresh({ schema });
        const b = await openFresh({ schema });
        try {
          const ops = Array.from({ length: 40 }, (_, i) => operation(`op-${String(i).padStart(2, "0")}`, 100 + i));
          await a.commit(ops.map((o) => ({ op: "putOperation" as const, operation: o })));
          const claimed: string[] = [];
          await Promise.all(
            [a, b, a, b, a, b].map(async (s) => {
              for (;;) {
                const got = await s.claimDue(1000, 10_000, 3);
                if (got.length === 0) return;
                claimed.push(...got.map((o) => o.id));
              }
            }),
          );
          assert.equal(claimed.length, 40);
          assert.equal(new Set(claimed).size, 40);
          const owners = await adminQuery<{ lease_owner: string; n: string }>(
            url,
            `SELECT lease_owner, count(*) AS n FROM "${schema}".operations GROUP BY lease_owner`,
          );
          assert.ok(owners.every((o) => o.lease_owner === a.ownerId || o.lease_owner === b.ownerId));
          // Store a "dies" holding its leases: b gets them once they expire.
          await a.close();
          assert.deepEqual(await b.claimDue(10_999, 10_000), []);
          assert.equal((await b.claimDue(11_000, 10_000)).length, 40);
        } finally {
          await a.close();
          await b.close();
        }
      });

      it("leaseClock database: leases are taken and judged on the database's clock", async () => {
        const schema = freshSchema("dbclock");
        const a = await openFresh({ schema, leaseClock: "database" });
        const b = await openFresh({ schema, leaseClock: "database" });
        try {
          const before = await a.databaseNow();
          assert.ok(Math.abs(before - Date.now()) < 60_000, "database clock is epoch milliseconds");
          await a.commit([{ op: "putOperation", operation: operation("op-1", 100) }]);
          assert.equal((await a.claimDue(1000, 400)).length, 1);
          // b's emulator clock was moved a day ahead: that does not break a's lease.
          assert.deepEqual(await b.claimDue(Date.now() + 86_400_000, 400), []);
          const [row] = await adminQuery<{ lease_until: string }>(url, `SELECT lease_until FROM "${schema}".operations`);
          assert.ok(Number(row!.lease_until) >= before + 400 && Number(row!.lease_until) < before + 60_000);
          // Due-ness stays on the caller's (emulator) clock.
          await b.commit([{ op: "putOperation", operation: operation("op-2", 5000) }]);
          assert.deepEqual(await b.claimDue(4999, 400), []);
          assert.deepEqual(
            (await b.claimDue(5000, 400)).map((o) => o.id),
            ["op-2"],
          );
          // Once 400 ms have passed on the database's clock, a's lease on op-1 is gone.
          await sleep(450);
          assert.deepEqual(
            (await b.claimDue(1000, 400)).map((o) => o.id),
            ["op-1"],
          );
        } finally {
          await a.close();
          await b.close();
        }
      });
    });
  });
}
