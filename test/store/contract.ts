/**
 * The Store contract suite, generic over any backend. A backend's test file plugs in with
 * one line: `storeContract("sqlite-memory", async () => SqliteStore.open({ memory: true }))`.
 *
 * Every test gets a fresh, empty store from `factory`; afterwards the suite closes it and then
 * calls `cleanup` (if given) with it.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { setImmediate as yieldTurn } from "node:timers/promises";
import { PreconditionError, type Expect, type OperationRecord, type Store, type StoredResource, type Write } from "../../src/store/store.js";

const SUB = "00000000-0000-0000-0000-000000000001";
const SUB2 = "00000000-0000-0000-0000-000000000002";
const MC = "microsoft.containerservice/managedclusters";
const AP = "microsoft.containerservice/managedclusters/agentpools";
const RG = "microsoft.resources/resourcegroups";

function rgKey(sub: string, rg: string): string {
  return `/subscriptions/${sub}/resourcegroups/${rg}`;
}

function clusterKey(sub: string, rg: string, name: string): string {
  return `${rgKey(sub, rg)}/providers/microsoft.containerservice/managedclusters/${name}`;
}

function rgRes(sub: string, rg: string, etag = "e1", body: Record<string, unknown> = {}): StoredResource {
  const key = rgKey(sub, rg);
  return {
    key,
    id: key.replace("resourcegroups", "resourceGroups"),
    parentKey: `/subscriptions/${sub}`,
    subscriptionId: sub,
    type: RG,
    etag,
    body: { name: rg, ...body },
  };
}

function cluster(sub: string, rg: string, name: string, etag = "e1", body: Record<string, unknown> = {}): StoredResource {
  const key = clusterKey(sub, rg, name);
  return {
    key,
    id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`,
    parentKey: rgKey(sub, rg),
    subscriptionId: sub,
    type: MC,
    etag,
    body: { name, properties: { provisioningState: "Succeeded", nested: { list: [1, 2, 3] } }, ...body },
  };
}

function pool(sub: string, rg: string, clusterName: string, name: string, etag = "e1"): StoredResource {
  const parentKey = clusterKey(sub, rg, clusterName);
  return {
    key: `${parentKey}/agentpools/${name}`,
    id: `${parentKey}/agentPools/${name}`,
    parentKey,
    subscriptionId: sub,
    type: AP,
    etag,
    body: { name },
  };
}

function op(id: string, over: Partial<OperationRecord> = {}): OperationRecord {
  return {
    id,
    subscriptionId: SUB,
    namespace: "Microsoft.ContainerService",
    location: "westeurope",
    resourceKey: clusterKey(SUB, "rg1", "c1"),
    kind: "create",
    status: "InProgress",
    startTime: 1000,
    dueAt: 2000,
    ...over,
  };
}

function put(resource: StoredResource, expect?: Expect): Write {
  return expect === undefined ? { op: "put", resource } : { op: "put", resource, expect };
}

/** Random number of event-loop turns (0..3), so concurrent tasks interleave differently. */
async function randomYield(): Promise<void> {
  const n = Math.floor(Math.random() * 4);
  for (let i = 0; i < n; i++) await yieldTurn();
}

async function keysOf(store: Store, resources: StoredResource[]): Promise<string[]> {
  const out: string[] = [];
  for (const r of resources) if (await store.get(r.key)) out.push(r.key);
  return out;
}

export function storeContract(name: string, factory: () => Promise<Store>, cleanup?: (store: Store) => Promise<void> | void): void {
  /** Runs `fn` on a fresh store, then closes it and runs `cleanup`. */
  async function withStore(fn: (store: Store) => Promise<void>): Promise<void> {
    const store = await factory();
    try {
      await fn(store);
    } finally {
      await store.close();
      await cleanup?.(store);
    }
  }

  describe(`Store contract: ${name}`, () => {
    describe("resources", () => {
      it("get/put/delete round trip", () =>
        withStore(async (s) => {
          const c = cluster(SUB, "rg1", "c1");
          assert.equal(await s.get(c.key), undefined);
          await s.commit([put(c)]);
          assert.deepEqual(await s.get(c.key), c);

          const c2 = cluster(SUB, "rg1", "c1", "e2", { tags: { a: "b" } });
          await s.commit([put(c2)]);
          assert.deepEqual(await s.get(c.key), c2);

          await s.commit([{ op: "delete", key: c.key }]);
          assert.equal(await s.get(c.key), undefined);
          // Deleting a missing key without a precondition is a no-op.
          await s.commit([{ op: "delete", key: c.key }]);
          await s.commit([]);
        }));

      it("reads return fresh objects that callers may mutate", () =>
        withStore(async (s) => {
          const c = cluster(SUB, "rg1", "c1");
          await s.commit([put(c)]);
          const a = await s.get(c.key);
          assert.ok(a);
          (a.body as { name: string }).name = "mutated";
          (a.body.properties as { nested: { list: number[] } }).nested.list.push(4);
          a.etag = "mutated";
          const b = await s.get(c.key);
          assert.deepEqual(b, c);
          const page = await s.list({ type: MC, parentKey: c.parentKey, limit: 10 });
          page.items[0]!.body.name = "mutated";
          assert.deepEqual(await s.get(c.key), c);
          // Mutating the object that was written must not change the stored one either.
          c.body.name = "changed-after-write";
          assert.equal((await s.get(c.key))!.body.name, "c1");
        }));

      it("has tells a stored key from a missing one, before and after writes", () =>
        withStore(async (s) => {
          const a = cluster(SUB, "rg1", "a");
          assert.equal(await s.has(a.key), false);
          await s.commit([put(a)]);
          assert.equal(await s.has(a.key), true);
          assert.ok(await s.get(a.key));
          assert.equal(await s.has(a.key), true);
          assert.equal(await s.has(a.key.toUpperCase()), false);
          assert.equal(await s.has(`${a.key}\u0000`), false);
          await s.commit([{ op: "delete", key: a.key }]);
          assert.equal(await s.has(a.key), false);
          await s.commit([put(a)]);
          await s.commit([{ op: "deleteTree", key: rgKey(SUB, "rg1") }]);
          assert.equal(await s.has(a.key), false);
        }));

      it("changeCount is undefined for a shared store, and otherwise changes with every commit and reset", () =>
        withStore(async (s) => {
          const first = s.changeCount();
          if (s.shared) {
            assert.equal(first, undefined);
            return;
          }
          assert.equal(typeof first, "number");
          assert.equal(s.changeCount(), first, "reads change nothing");
          await s.get(cluster(SUB, "rg1", "a").key);
          await s.list({ type: MC, parentKey: rgKey(SUB, "rg1"), limit: 10 });
          assert.equal(s.changeCount(), first);
          const seen = new Set([first]);
          const changed = async (what: string, step: () => Promise<unknown>) => {
            await step();
            const now = s.changeCount();
            assert.ok(!seen.has(now), `${what} changes the count`);
            seen.add(now);
          };
          const a = cluster(SUB, "rg1", "a");
          await changed("a put", () => s.commit([put(a)]));
          await changed("a delete", () => s.commit([{ op: "delete", key: a.key }]));
          await changed("a deleteTree", () => s.commit([{ op: "deleteTree", key: rgKey(SUB, "rg1") }]));
          await changed("a failed batch", () => assert.rejects(s.commit([put(a, { etag: "nope" })]), PreconditionError));
          await changed("clearAll", () => s.commit([{ op: "clearAll" }]));
          await changed("reset", () => s.reset());
        }));

      it("every read made before a write sees the write afterwards (a backend that remembers reads forgets them)", () =>
        withStore(async (s) => {
          const parent = rgKey(SUB, "rg1");
          const listNames = async () => (await s.list({ type: MC, parentKey: parent, limit: 10 })).items.map((r) => r.body.name);
          const bySub = async () => (await s.list({ type: MC, subscriptionId: SUB, limit: 10 })).items.map((r) => r.body.name);
          const a = cluster(SUB, "rg1", "a");
          const b = cluster(SUB, "rg1", "b");
          // A miss, then a put: found.
          assert.equal(await s.get(a.key), undefined);
          assert.deepEqual(await listNames(), []);
          await s.commit([put(a)]);
          assert.deepEqual(await s.get(a.key), a);
          assert.deepEqual(await listNames(), ["a"]);
          assert.deepEqual(await bySub(), ["a"]);
          // Read, then replace: the new body, in gets and in lists.
          const a2 = cluster(SUB, "rg1", "a", "e2", { v: 2 });
          await s.commit([put(a2, { etag: "e1" })]);
          assert.deepEqual(await s.get(a.key), a2);
          assert.deepEqual((await s.list({ type: MC, parentKey: parent, limit: 10 })).items, [a2]);
          // A failed batch changes nothing that was read before it.
          await assert.rejects(s.commit([put(b), put(cluster(SUB, "rg1", "a", "e3"), { etag: "e1" })]), PreconditionError);
          assert.deepEqual(await s.get(a.key), a2);
          assert.equal(await s.get(b.key), undefined);
          assert.deepEqual(await listNames(), ["a"]);
          await s.commit([put(b)]);
          assert.deepEqual(await listNames(), ["a", "b"]);
          assert.deepEqual(await bySub(), ["a", "b"]);
          // Deletes: one key, then a whole tree.
          await s.commit([{ op: "delete", key: a.key }]);
          assert.equal(await s.get(a.key), undefined);
          assert.deepEqual(await listNames(), ["b"]);
          const p = pool(SUB, "rg1", "b", "p1");
          await s.commit([put(p)]);
          assert.deepEqual(await s.get(p.key), p);
          await s.commit([{ op: "deleteTree", key: b.key }]);
          assert.equal(await s.get(b.key), undefined);
          assert.equal(await s.get(p.key), undefined);
          assert.deepEqual(await listNames(), []);
          // Emptied by clearAll and by reset.
          await s.commit([put(a), put(b)]);
          assert.deepEqual(await listNames(), ["a", "b"]);
          await s.commit([{ op: "clearAll" }]);
          assert.equal(await s.get(a.key), undefined);
          assert.deepEqual(await listNames(), []);
          await s.commit([put(a)]);
          assert.deepEqual(await s.get(a.key), a);
          await s.reset();
          assert.equal(await s.get(a.key), undefined);
          assert.deepEqual(await bySub(), []);
        }));

      it("put with expect absent on an existing key fails and changes nothing", () =>
        withStore(async (s) => {
          const c = cluster(SUB, "rg1", "c1", "e1");
          await s.commit([put(c, { absent: true })]);
          await assert.rejects(s.commit([put(cluster(SUB, "rg1", "c1", "e2"), { absent: true })]), (err: unknown) => {
            assert.ok(err instanceof PreconditionError);
            assert.equal(err.key, c.key);
            return true;
          });
          assert.equal((await s.get(c.key))!.etag, "e1");
        }));

      it("etag compare-and-set: matching succeeds, mismatching fails and changes nothing", () =>
        withStore(async (s) => {
          const c = cluster(SUB, "rg1", "c1", "e1");
          await s.commit([put(c)]);
          await s.commit([put(cluster(SUB, "rg1", "c1", "e2", { v: 2 }), { etag: "e1" })]);
          assert.equal((await s.get(c.key))!.etag, "e2");

          await assert.rejects(s.commit([put(cluster(SUB, "rg1", "c1", "e3", { v: 3 }), { etag: "e1" })]), PreconditionError);
          const now = await s.get(c.key);
          assert.equal(now!.etag, "e2");
          assert.equal(now!.body.v, 2);

          // etag expectation on a missing key fails.
          const missing = cluster(SUB, "rg1", "nope");
          await assert.rejects(s.commit([put(missing, { etag: "e1" })]), PreconditionError);
          assert.equal(await s.get(missing.key), undefined);

          // delete with a stale etag fails; with the current one succeeds.
          await assert.rejects(s.commit([{ op: "delete", key: c.key, expect: { etag: "e1" } }]), PreconditionError);
          assert.ok(await s.get(c.key));
          await s.commit([{ op: "delete", key: c.key, expect: { etag: "e2" } }]);
          assert.equal(await s.get(c.key), undefined);
        }));

      it("expect exists: put/delete on a missing key fail", () =>
        withStore(async (s) => {
          const c = cluster(SUB, "rg1", "c1");
          await assert.rejects(s.commit([put(c, { exists: true })]), PreconditionError);
          assert.equal(await s.get(c.key), undefined);
          await assert.rejects(s.commit([{ op: "delete", key: c.key, expect: { exists: true } }]), PreconditionError);
          await s.commit([put(c)]);
          await s.commit([put(cluster(SUB, "rg1", "c1", "e2"), { exists: true })]);
          assert.equal((await s.get(c.key))!.etag, "e2");
          await s.commit([{ op: "delete", key: c.key, expect: { exists: true } }]);
          assert.equal(await s.get(c.key), undefined);
        }));

      it("a batch whose 3rd write fails leaves the first two unapplied", () =>
        withStore(async (s) => {
          const a = cluster(SUB, "rg1", "a", "a1");
          const b = cluster(SUB, "rg1", "b", "b1");
          const c = cluster(SUB, "rg1", "c", "c1");
          await s.commit([put(a), put(b), put(c)]);

          await assert.rejects(
            s.commit([
              put(cluster(SUB, "rg1", "a", "a2", { changed: true }), { etag: "a1" }), // update
              { op: "delete", key: b.key, expect: { etag: "b1" } }, // delete
              put(cluster(SUB, "rg1", "c", "c2"), { etag: "WRONG" }), // fails
            ]),
            PreconditionError,
          );
          assert.deepEqual(await s.get(a.key), a);
          assert.deepEqual(await s.get(b.key), b);
          assert.deepEqual(await s.get(c.key), c);

          // Same with a brand-new key, a deleteTree and an operation in the failing batch.
          const d = cluster(SUB, "rg1", "d");
          await s.commit([put(pool(SUB, "rg1", "a", "p1"))]);
          await assert.rejects(
            s.commit([
              put(d, { absent: true }),
              { op: "deleteTree", key: a.key },
              { op: "putOperation", operation: op("op-x") },
              put(cluster(SUB, "rg1", "b", "b9"), { absent: true }), // b exists: fails
            ]),
            PreconditionError,
          );
          assert.equal(await s.get(d.key), undefined);
          assert.deepEqual(await s.get(a.key), a);
          assert.ok(await s.get(pool(SUB, "rg1", "a", "p1").key));
          assert.equal(await s.getOperation("op-x"), undefined);
        }));

      it("a later write in a batch sees the earlier ones", () =>
        withStore(async (s) => {
          const c = cluster(SUB, "rg1", "c1", "e1");
          await s.commit([put(c, { absent: true }), put(cluster(SUB, "rg1", "c1", "e2"), { etag: "e1" })]);
          assert.equal((await s.get(c.key))!.etag, "e2");
        }));

      it("deleteTree removes the key and its children, not prefix-sharing siblings", () =>
        withStore(async (s) => {
          const rg1 = rgRes(SUB, "rg1");
          const rg10 = rgRes(SUB, "rg10");
          const rgUnderscore = rgRes(SUB, "rg_1");
          const rgX = rgRes(SUB, "rgx1");
          const rgPct = rgRes(SUB, "rg%");
          const inside = [cluster(SUB, "rg1", "c1"), cluster(SUB, "rg1", "c2"), pool(SUB, "rg1", "c1", "p1"), pool(SUB, "rg1", "c1", "p2")];
          const outside = [
            rg10,
            rgUnderscore,
            rgX,
            rgPct,
            rgRes(SUB, "rg1-other"),
            rgRes(SUB2, "rg1"),
            cluster(SUB, "rg10", "c1"),
            pool(SUB, "rg10", "c1", "p1"),
            cluster(SUB, "rgx1", "c1"),
            cluster(SUB, "rg%x", "c1"),
            cluster(SUB2, "rg1", "c1"),
          ];
          await s.commit([rg1, ...inside, ...outside].map((r) => put(r)));

          assert.equal(await s.countUnder(rg1.key), inside.length);
          assert.equal(await s.countUnder(rgUnderscore.key), 0);
          assert.equal(await s.countUnder(rgRes(SUB, "rg%").key), 0);
          assert.equal(await s.countUnder(cluster(SUB, "rg1", "c1").key), 2);
          assert.equal(await s.countUnder(rgKey(SUB, "nothing")), 0);

          await s.commit([{ op: "deleteTree", key: rgUnderscore.key }]);
          assert.equal(await s.get(rgUnderscore.key), undefined);
          assert.ok(await s.get(rgX.key), "deleteTree of rg_1 must not touch rgx1 (no LIKE)");
          assert.ok(await s.get(cluster(SUB, "rgx1", "c1").key));

          await s.commit([{ op: "deleteTree", key: rgPct.key }]);
          assert.ok(await s.get(cluster(SUB, "rg%x", "c1").key), "deleteTree of rg% must not touch rg%x");

          await s.commit([{ op: "deleteTree", key: rg1.key }]);
          assert.equal(await s.get(rg1.key), undefined);
          assert.deepEqual(await keysOf(s, inside), []);
          const stillThere = outside.filter((r) => r !== rgUnderscore && r !== rgPct);
          assert.deepEqual(
            await keysOf(s, stillThere),
            stillThere.map((r) => r.key),
          );
          assert.equal(await s.countUnder(rg1.key), 0);
          assert.equal(await s.countUnder(rg10.key), 2);

          // deleteTree of a key with no resource still removes its children.
          await s.commit([{ op: "deleteTree", key: clusterKey(SUB, "rg10", "c1") }]);
          assert.equal(await s.countUnder(rg10.key), 0);
          assert.ok(await s.get(rg10.key));
        }));

      it("lists by parent and by subscription with type filtering", () =>
        withStore(async (s) => {
          const writes: StoredResource[] = [
            cluster(SUB, "rg1", "b"),
            cluster(SUB, "rg1", "a"),
            cluster(SUB, "rg2", "c"),
            cluster(SUB2, "rg1", "d"),
            pool(SUB, "rg1", "a", "p1"),
            rgRes(SUB, "rg1"),
            rgRes(SUB, "rg2"),
          ];
          await s.commit(writes.map((r) => put(r)));

          const byParent = await s.list({ type: MC, parentKey: rgKey(SUB, "rg1"), limit: 100 });
          assert.deepEqual(
            byParent.items.map((r) => r.body.name),
            ["a", "b"],
          );
          assert.equal(byParent.next, undefined);
          assert.deepEqual(byParent.items[0], cluster(SUB, "rg1", "a"));

          const bySub = await s.list({ type: MC, subscriptionId: SUB, limit: 100 });
          assert.deepEqual(
            bySub.items.map((r) => r.body.name),
            ["a", "b", "c"],
          );
          assert.equal(bySub.next, undefined);

          const pools = await s.list({ type: AP, parentKey: clusterKey(SUB, "rg1", "a"), limit: 100 });
          assert.deepEqual(
            pools.items.map((r) => r.body.name),
            ["p1"],
          );
          const rgs = await s.list({ type: RG, subscriptionId: SUB, limit: 100 });
          assert.deepEqual(
            rgs.items.map((r) => r.body.name),
            ["rg1", "rg2"],
          );
          const rgsByParent = await s.list({ type: RG, parentKey: `/subscriptions/${SUB}`, limit: 100 });
          assert.deepEqual(
            rgsByParent.items.map((r) => r.body.name),
            ["rg1", "rg2"],
          );

          assert.deepEqual((await s.list({ type: MC, parentKey: rgKey(SUB, "none"), limit: 10 })).items, []);
          assert.deepEqual((await s.list({ type: "no/such", subscriptionId: SUB, limit: 10 })).items, []);

          // Exactly `limit` items: one page, no `next`.
          const exact = await s.list({ type: MC, subscriptionId: SUB, limit: 3 });
          assert.equal(exact.items.length, 3);
          assert.equal(exact.next, undefined);
        }));

      for (const mode of ["parent", "subscription"] as const) {
        it(`pages 25 items at limit 10 by ${mode}: 3 pages, no duplicates, no gaps`, () =>
          withStore(async (s) => {
            const mine: StoredResource[] = [];
            for (let i = 0; i < 25; i++) {
              // Spread over two resource groups when listing by subscription.
              const rg = mode === "parent" || i % 2 === 0 ? "rg1" : "rg2";
              mine.push(cluster(SUB, rg, `c${String(i).padStart(2, "0")}`));
            }
            // Noise: other types, other parents, other subscriptions.
            const noise = [
              cluster(SUB2, "rg1", "z1"),
              pool(SUB, "rg1", "c00", "p1"),
              rgRes(SUB, "rg1"),
              ...(mode === "parent" ? [cluster(SUB, "rg3", "x1")] : []),
            ];
            // Insert in shuffled order.
            const all = [...mine, ...noise].sort(() => Math.random() - 0.5);
            await s.commit(all.map((r) => put(r)));

            const q = mode === "parent" ? { parentKey: rgKey(SUB, "rg1") } : { subscriptionId: SUB };
            const pages: StoredResource[][] = [];
            let after: string | undefined;
            for (let guard = 0; guard < 10; guard++) {
              const page = await s.list({ type: MC, ...q, limit: 10, ...(after === undefined ? {} : { after }) });
              pages.push(page.items);
              if (page.next === undefined) break;
              assert.equal(typeof page.next, "string");
              after = page.next;
            }
            assert.deepEqual(
              pages.map((p) => p.length),
              [10, 10, 5],
            );
            const got = pages.flat().map((r) => r.key);
            const want = mine.map((r) => r.key).sort();
            assert.deepEqual(got, want, "ordered by key, no duplicates, no gaps");
            assert.equal(new Set(got).size, 25);
          }));
      }

      it("lists in bytewise key order, whatever the punctuation", () =>
        withStore(async (s) => {
          // A locale-aware collation orders these differently ("c-1" near "c1", "_" ignored...):
          // the continuation is the last key, so the order must be the same bytewise one everywhere.
          const names = ["c1", "c-1", "c_1", "c.1", "c10", "c9", "c~", "c-", "c--a", "c0", "cz", "c~~", "c-z", "c_0"];
          await s.commit(names.map((n) => put(cluster(SUB, "rg1", n))));
          const want = names.map((n) => clusterKey(SUB, "rg1", n)).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
          for (const limit of [100, 3]) {
            const got: string[] = [];
            let after: string | undefined;
            for (let guard = 0; guard < 20; guard++) {
              const page = await s.list({ type: MC, parentKey: rgKey(SUB, "rg1"), limit, ...(after === undefined ? {} : { after }) });
              got.push(...page.items.map((r) => r.key));
              if (page.next === undefined) break;
              after = page.next;
            }
            assert.deepEqual(got, want, `limit ${limit}`);
          }
        }));

      it("reads with U+0000 in a key find nothing (names come from URLs: %00)", () =>
        withStore(async (s) => {
          const c = cluster(SUB, "rg1", "c1");
          await s.commit([put(c), put(cluster(SUB, "rg1", "c2"))]);
          const nul = clusterKey(SUB, "rg1", "c\u0000x");
          assert.equal(await s.get(nul), undefined);
          assert.equal(await s.countUnder(nul), 0);
          assert.deepEqual((await s.list({ type: MC, parentKey: rgKey(SUB, "rg\u00001"), limit: 10 })).items, []);
          assert.equal(await s.getOperation("op\u0000"), undefined);
          assert.deepEqual(await s.activeOperations(nul), []);
          await s.commit([
            { op: "delete", key: nul },
            { op: "deleteTree", key: nul },
          ]);
          await assert.rejects(s.commit([{ op: "delete", key: nul, expect: { etag: "e1" } }]), PreconditionError);
          // A continuation token a client made up, with U+0000 after c1's key: the page starts after c1.
          const after = Buffer.from(c.key + "\u0000zzz", "utf8").toString("base64url");
          const page = await s.list({ type: MC, parentKey: rgKey(SUB, "rg1"), limit: 10, after });
          assert.deepEqual(
            page.items.map((r) => r.body.name),
            ["c2"],
          );
        }));

      it("paging survives writes between pages", () =>
        withStore(async (s) => {
          for (let i = 0; i < 6; i++) await s.commit([put(cluster(SUB, "rg1", `c${i}`))]);
          const p1 = await s.list({ type: MC, parentKey: rgKey(SUB, "rg1"), limit: 3 });
          assert.ok(p1.next);
          // Delete the last item of page 1: the cursor must not depend on it still existing.
          await s.commit([{ op: "delete", key: p1.items[2]!.key }]);
          const p2 = await s.list({ type: MC, parentKey: rgKey(SUB, "rg1"), limit: 3, after: p1.next });
          assert.deepEqual(
            p2.items.map((r) => r.body.name),
            ["c3", "c4", "c5"],
          );
          assert.equal(p2.next, undefined);
        }));
    });

    describe("operations", () => {
      it("putOperation/getOperation round trip, optional fields", () =>
        withStore(async (s) => {
          assert.equal(await s.getOperation("op-1"), undefined);
          const o1 = op("op-1");
          await s.commit([{ op: "putOperation", operation: o1 }]);
          const got = await s.getOperation("op-1");
          assert.deepEqual(got, o1);
          assert.ok(!("endTime" in got!) && !("error" in got!) && !("data" in got!));

          const o1done = op("op-1", {
            status: "Failed",
            endTime: 2500,
            error: { code: "Boom", message: "it broke" },
            data: { previous: { a: [1, { b: null }] }, n: 1 },
          });
          await s.commit([{ op: "putOperation", operation: o1done }]);
          assert.deepEqual(await s.getOperation("op-1"), o1done);
          const again = await s.getOperation("op-1");
          again!.data!.n = 2;
          assert.deepEqual(await s.getOperation("op-1"), o1done, "fresh objects");
        }));

      it("activeOperations returns InProgress ops of the resource ordered by startTime", () =>
        withStore(async (s) => {
          const rk = clusterKey(SUB, "rg1", "c1");
          await s.commit([
            { op: "putOperation", operation: op("op-b", { startTime: 300 }) },
            { op: "putOperation", operation: op("op-a", { startTime: 100 }) },
            { op: "putOperation", operation: op("op-c", { startTime: 200 }) },
            { op: "putOperation", operation: op("op-done", { startTime: 50, status: "Succeeded", endTime: 60 }) },
            { op: "putOperation", operation: op("op-other", { resourceKey: clusterKey(SUB, "rg1", "c2") }) },
          ]);
          assert.deepEqual(
            (await s.activeOperations(rk)).map((o) => o.id),
            ["op-a", "op-c", "op-b"],
          );
          assert.deepEqual(await s.activeOperations(clusterKey(SUB, "rg9", "none")), []);
          await s.commit([{ op: "putOperation", operation: op("op-c", { startTime: 200, status: "Canceled" }) }]);
          assert.deepEqual(
            (await s.activeOperations(rk)).map((o) => o.id),
            ["op-a", "op-b"],
          );
        }));

      it("claimDue respects due time and leases", () =>
        withStore(async (s) => {
          await s.commit([
            { op: "putOperation", operation: op("op-a", { dueAt: 100 }) },
            { op: "putOperation", operation: op("op-b", { dueAt: 200 }) },
            { op: "putOperation", operation: op("op-done", { dueAt: 50, status: "Succeeded" }) },
          ]);
          assert.deepEqual(await s.claimDue(99, 1000), [], "nothing due yet");

          const first = await s.claimDue(150, 1000); // op-a leased until 1150
          assert.deepEqual(first, [op("op-a", { dueAt: 100 })]);
          assert.deepEqual(await s.claimDue(150, 1000), [], "op-a is leased, op-b not due");

          assert.deepEqual(
            (await s.claimDue(250, 1000)).map((o) => o.id),
            ["op-b"],
          ); // op-b until 1250
          assert.deepEqual(await s.claimDue(1149, 1000), [], "both leases still held");
          assert.deepEqual(
            (await s.claimDue(1150, 1000)).map((o) => o.id),
            ["op-a"],
            "op-a lease expired",
          );
          assert.deepEqual(
            (await s.claimDue(1300, 1000)).map((o) => o.id),
            ["op-b"],
            "op-b lease expired",
          );

          // Putting an operation clears its lease: a rescheduled op is claimable when due.
          await s.commit([{ op: "putOperation", operation: op("op-a", { dueAt: 1400 }) }]);
          assert.deepEqual(
            (await s.claimDue(1400, 1000)).map((o) => o.id),
            ["op-a"],
          );

          // Finished ops are never claimed.
          await s.commit([{ op: "putOperation", operation: op("op-b", { status: "Succeeded", dueAt: 200, endTime: 5000 }) }]);
          assert.deepEqual(await s.claimDue(2399, 1000), [], "op-a leased until 2400, op-b finished");
          assert.deepEqual(
            (await s.claimDue(100_000, 1000)).map((o) => o.id),
            ["op-a"],
            "op-b finished",
          );
        }));

      it("claimDue honours limit and returns the earliest due first", () =>
        withStore(async (s) => {
          const writes: Write[] = [];
          for (let i = 0; i < 5; i++) writes.push({ op: "putOperation", operation: op(`op-${i}`, { dueAt: 500 - i * 10 }) });
          await s.commit(writes);
          const a = await s.claimDue(1000, 10_000, 2);
          assert.deepEqual(
            a.map((o) => o.id),
            ["op-4", "op-3"],
          );
          const b = await s.claimDue(1000, 10_000);
          assert.deepEqual(
            b.map((o) => o.id),
            ["op-2", "op-1", "op-0"],
          );
          assert.deepEqual(await s.claimDue(1000, 10_000), []);
        }));

      it("nextDue is the earliest dueAt among InProgress operations", () =>
        withStore(async (s) => {
          assert.equal(await s.nextDue(), undefined);
          await s.commit([
            { op: "putOperation", operation: op("op-a", { dueAt: 700 }) },
            { op: "putOperation", operation: op("op-b", { dueAt: 300 }) },
            { op: "putOperation", operation: op("op-done", { dueAt: 100, status: "Succeeded" }) },
          ]);
          assert.equal(await s.nextDue(), 300);
          await s.commit([{ op: "putOperation", operation: op("op-b", { dueAt: 300, status: "Failed" }) }]);
          assert.equal(await s.nextDue(), 700);
          await s.commit([{ op: "putOperation", operation: op("op-a", { dueAt: 700, status: "Canceled" }) }]);
          assert.equal(await s.nextDue(), undefined);
        }));

      it("putOperation expectStatus precondition", () =>
        withStore(async (s) => {
          // Missing operation: any expected status fails.
          await assert.rejects(s.commit([{ op: "putOperation", operation: op("op-1"), expectStatus: "InProgress" }]), PreconditionError);
          assert.equal(await s.getOperation("op-1"), undefined);

          await s.commit([{ op: "putOperation", operation: op("op-1") }]);
          const done = op("op-1", { status: "Succeeded", endTime: 2000 });
          await s.commit([{ op: "putOperation", operation: done, expectStatus: "InProgress" }]);
          assert.deepEqual(await s.getOperation("op-1"), done);

          // A second completer (e.g. a cancel racing the scheduler) loses, and so does its whole batch.
          const c = cluster(SUB, "rg1", "c1");
          await assert.rejects(
            s.commit([put(c), { op: "putOperation", operation: op("op-1", { status: "Canceled", endTime: 2100 }), expectStatus: "InProgress" }]),
            (err: unknown) => err instanceof PreconditionError && err.key === "op-1",
          );
          assert.deepEqual(await s.getOperation("op-1"), done);
          assert.equal(await s.get(c.key), undefined);
        }));
    });

    it("reset empties resources and operations", () =>
      withStore(async (s) => {
        const c = cluster(SUB, "rg1", "c1");
        await s.commit([put(rgRes(SUB, "rg1")), put(c), { op: "putOperation", operation: op("op-1", { dueAt: 10 }) }]);
        await s.reset();
        assert.equal(await s.get(c.key), undefined);
        assert.equal(await s.getOperation("op-1"), undefined);
        assert.equal(await s.nextDue(), undefined);
        assert.deepEqual((await s.list({ type: MC, subscriptionId: SUB, limit: 10 })).items, []);
        assert.equal(await s.countUnder(rgKey(SUB, "rg1")), 0);
        // Still usable afterwards.
        await s.commit([put(c, { absent: true })]);
        assert.deepEqual(await s.get(c.key), c);
      }));

    it("countChildren counts one type under one parent, up to a limit", () =>
      withStore(async (s) => {
        await s.commit([
          put(rgRes(SUB, "rg1")),
          put(cluster(SUB, "rg1", "a")),
          put(cluster(SUB, "rg1", "b")),
          put(cluster(SUB, "rg1", "c")),
          put(cluster(SUB, "rg2", "d")),
        ]);
        const parent = rgKey(SUB, "rg1");
        assert.equal(await s.countChildren(MC, parent, 10), 3);
        assert.equal(await s.countChildren(MC, parent, 2), 2, "stops at the limit");
        assert.equal(await s.countChildren(MC, rgKey(SUB, "rg2"), 10), 1);
        assert.equal(await s.countChildren("microsoft.network/virtualnetworks", parent, 10), 0);
      }));

    describe("settings, dump and clearAll (testing controls)", () => {
      it("putMeta is compare-and-set on a version that counts the puts", () =>
        withStore(async (s) => {
          assert.deepEqual(await s.allMeta(), {});
          await s.commit([{ op: "putMeta", name: "faults", value: [{ id: "f1" }], expectVersion: 0 }]);
          assert.deepEqual(await s.allMeta(), { faults: { value: [{ id: "f1" }], version: 1 } });
          // A second writer that read version 0 loses, and so does its whole batch.
          const c = cluster(SUB, "rg1", "c1");
          await assert.rejects(
            s.commit([put(c), { op: "putMeta", name: "faults", value: [], expectVersion: 0 }]),
            (err: unknown) => err instanceof PreconditionError && err.key === "faults",
          );
          assert.equal(await s.get(c.key), undefined);
          await s.commit([{ op: "putMeta", name: "faults", value: [], expectVersion: 1 }]);
          await s.commit([{ op: "putMeta", name: "clock", value: { offsetMs: 5 } }]);
          assert.deepEqual(await s.allMeta(), { faults: { value: [], version: 2 }, clock: { value: { offsetMs: 5 }, version: 1 } });
          await s.reset();
          assert.deepEqual(await s.allMeta(), {});
        }));

      it("dump lists everything; clearAll + puts in one commit replaces it and keeps the settings", () =>
        withStore(async (s) => {
          const g = rgRes(SUB, "rg1");
          const c = cluster(SUB, "rg1", "c1");
          const o1 = op("op-1", { startTime: 1, dueAt: 10 });
          const o2 = op("op-2", { startTime: 2, dueAt: 20, status: "Succeeded", endTime: 15 });
          await s.commit([
            put(c),
            put(g),
            { op: "putOperation", operation: o2 },
            { op: "putOperation", operation: o1 },
            { op: "putMeta", name: "clock", value: { offsetMs: 1 } },
          ]);
          const dump = await s.dump();
          assert.deepEqual(
            dump.resources.map((r) => r.key),
            [c.key, g.key].sort(),
          );
          assert.deepEqual(dump.operations, [o1, o2]);
          assert.deepEqual(await s.listOperations("InProgress"), [o1]);
          assert.deepEqual(await s.listOperations(), [o1, o2]);

          await s.commit([{ op: "clearAll" }, put(g), { op: "putOperation", operation: o2 }]);
          assert.deepEqual(await s.dump(), { resources: [g], operations: [o2] });
          assert.deepEqual((await s.allMeta())["clock"]?.value, { offsetMs: 1 });
          // A failed batch leaves what was there.
          await assert.rejects(s.commit([{ op: "clearAll" }, put(g), put(c, { etag: "not-there" })]), PreconditionError);
          assert.deepEqual(await s.dump(), { resources: [g], operations: [o2] });
        }));
    });

    describe("interleaved requests", () => {
      it("concurrent read-modify-write with etag CAS loses no update", () =>
        withStore(async (s) => {
          const TASKS = 50;
          const base = cluster(SUB, "rg1", "counter", "gen-0", { counter: 0 });
          await s.commit([put(base)]);

          let successes = 0;
          let conflicts = 0;
          /** etag a winning commit expected -> how many commits won with it. */
          const winsPerGeneration = new Map<string, number>();

          async function request(): Promise<void> {
            for (let attempt = 0; attempt < 10_000; attempt++) {
              await randomYield();
              const seen = await s.get(base.key);
              assert.ok(seen);
              await randomYield();
              const n = (seen.body.counter as number) + 1;
              const next: StoredResource = { ...seen, etag: `gen-${n}`, body: { ...seen.body, counter: n } };
              await randomYield();
              try {
                await s.commit([put(next, { etag: seen.etag })]);
              } catch (err) {
                if (err instanceof PreconditionError) {
                  conflicts++;
                  continue;
                }
                throw err;
              }
              successes++;
              winsPerGeneration.set(seen.etag, (winsPerGeneration.get(seen.etag) ?? 0) + 1);
              return;
            }
            assert.fail("request never succeeded");
          }

          await Promise.all(Array.from({ length: TASKS }, () => request()));

          const final = await s.get(base.key);
          assert.equal(successes, TASKS);
          assert.equal(final!.body.counter, successes, "no lost update");
          assert.equal(final!.etag, `gen-${TASKS}`);
          assert.equal(winsPerGeneration.size, TASKS);
          for (let g = 0; g < TASKS; g++) {
            assert.equal(winsPerGeneration.get(`gen-${g}`), 1, `generation gen-${g} won exactly once`);
          }
          assert.ok(conflicts > 0, "the test must actually interleave requests");
        }));

      it("concurrent creates of one key with expect absent: exactly one wins", () =>
        withStore(async (s) => {
          const N = 20;
          // Warm up: a backend with a connection pool opens its connections now, so that the
          // creates below really run at the same time instead of one per new connection.
          await Promise.all(Array.from({ length: N }, () => s.get(clusterKey(SUB, "rg1", "contested"))));
          const results = await Promise.allSettled(
            Array.from({ length: N }, async (_, i) => {
              await randomYield();
              // Each batch also writes a key of its own: a loser's whole batch must be gone.
              await s.commit([put(cluster(SUB, "rg1", `own-${i}`), { absent: true }), put(cluster(SUB, "rg1", "contested", `e-${i}`), { absent: true })]);
              return i;
            }),
          );
          const winners = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
          for (const r of results) if (r.status === "rejected") assert.ok(r.reason instanceof PreconditionError, String(r.reason));
          assert.equal(winners.length, 1, "exactly one create wins");
          assert.equal((await s.get(clusterKey(SUB, "rg1", "contested")))!.etag, `e-${winners[0]}`);
          for (let i = 0; i < N; i++) assert.equal(!!(await s.get(clusterKey(SUB, "rg1", `own-${i}`))), i === winners[0]);

          // And concurrent deletes expecting the same ETag: exactly one wins.
          const deletes = await Promise.allSettled(
            Array.from({ length: N }, async () => {
              await randomYield();
              await s.commit([{ op: "delete", key: clusterKey(SUB, "rg1", "contested"), expect: { etag: `e-${winners[0]}` } }]);
            }),
          );
          assert.equal(deletes.filter((r) => r.status === "fulfilled").length, 1, "exactly one delete wins");
          assert.equal(await s.get(clusterKey(SUB, "rg1", "contested")), undefined);
        }));

      it("concurrent claimDue calls never hand out one operation twice", () =>
        withStore(async (s) => {
          const OPS = 60;
          const writes: Write[] = [];
          for (let i = 0; i < OPS; i++) writes.push({ op: "putOperation", operation: op(`op-${String(i).padStart(2, "0")}`, { dueAt: 100 + (i % 7) }) });
          await s.commit(writes);
          await Promise.all(Array.from({ length: 12 }, () => s.getOperation("op-00"))); // warm up a pool
          const claimed: string[] = [];
          await Promise.all(
            Array.from({ length: 12 }, async () => {
              for (;;) {
                await randomYield();
                const got = await s.claimDue(1000, 60_000, 4);
                if (got.length === 0) return;
                claimed.push(...got.map((o) => o.id));
              }
            }),
          );
          assert.equal(claimed.length, OPS, "every operation claimed exactly once");
          assert.equal(new Set(claimed).size, OPS);
          // Completing a claimed operation with an expectStatus batch: concurrent completers, one winner.
          const done = op("op-00", { dueAt: 100, status: "Succeeded", endTime: 1000 });
          const completions = await Promise.allSettled(
            Array.from({ length: 8 }, () => s.commit([{ op: "putOperation", operation: done, expectStatus: "InProgress" }])),
          );
          assert.equal(completions.filter((r) => r.status === "fulfilled").length, 1);
        }));

      it("a failing batch leaves no trace while other commits run concurrently", () =>
        withStore(async (s) => {
          const guard = cluster(SUB, "rg0", "guard", "g1");
          await s.commit([put(guard)]);

          const goodKeys: string[] = [];
          const doomedKeys: string[] = [];
          let stop = false;
          let readerSawDoomed = false;
          let goodDone = 0;
          let doomedFailed = 0;

          // A reader that keeps looking for writes of failing batches.
          const reader = (async () => {
            while (!stop) {
              for (const k of doomedKeys) if (await s.get(k)) readerSawDoomed = true;
              const page = await s.list({ type: MC, parentKey: rgKey(SUB, "rg-doomed"), limit: 1000 });
              if (page.items.length > 0) readerSawDoomed = true;
              await yieldTurn();
            }
          })();

          const tasks: Promise<void>[] = [];
          for (let i = 0; i < 40; i++) {
            if (i % 2 === 0) {
              const a = cluster(SUB, "rg-good", `g${i}a`);
              const b = cluster(SUB, "rg-good", `g${i}b`);
              goodKeys.push(a.key, b.key);
              tasks.push(
                (async () => {
                  await randomYield();
                  await s.commit([put(a, { absent: true }), put(b, { absent: true })]);
                  goodDone++;
                })(),
              );
            } else {
              const a = cluster(SUB, "rg-doomed", `d${i}a`);
              const b = cluster(SUB, "rg-doomed", `d${i}b`);
              doomedKeys.push(a.key, b.key);
              tasks.push(
                (async () => {
                  await randomYield();
                  await assert.rejects(
                    s.commit([
                      put(a, { absent: true }),
                      { op: "putOperation", operation: op(`doomed-${i}`, { resourceKey: a.key }) },
                      put(b, { absent: true }),
                      put(cluster(SUB, "rg0", "guard", "g2"), { etag: "WRONG" }),
                    ]),
                    PreconditionError,
                  );
                  doomedFailed++;
                })(),
              );
            }
          }
          await Promise.all(tasks);
          stop = true;
          await reader;

          assert.equal(goodDone, 20);
          assert.equal(doomedFailed, 20);
          assert.equal(readerSawDoomed, false, "a concurrent reader saw a write of a failed batch");
          assert.deepEqual(
            await keysOf(
              s,
              doomedKeys.map((k) => ({ key: k }) as StoredResource),
            ),
            [],
          );
          for (let i = 1; i < 40; i += 2) assert.equal(await s.getOperation(`doomed-${i}`), undefined);
          for (const k of goodKeys) assert.ok(await s.get(k), `good write ${k} missing`);
          assert.equal(await s.countUnder(rgKey(SUB, "rg-good")), goodKeys.length);
          assert.equal(await s.countUnder(rgKey(SUB, "rg-doomed")), 0);
          assert.deepEqual(await s.get(guard.key), guard);
        }));
    });
  });
}
