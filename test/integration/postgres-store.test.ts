import { after, before, describe, it, test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { clusterBody, clusterPath, rgPath, startTestEmulator, type TestEmulator } from "../support/emulator.js";
import { adminQuery, dropSchemas, freshSchema, isCi, probePostgres } from "../support/postgres.js";
import { spawnSync } from "node:child_process";
import { rm } from "node:fs/promises";
import { CLI_MAIN, REPO_ROOT, killAllChildren, makeTempDir, startChildEmulator } from "../support/child.js";

/**
 * The whole emulator on PostgreSQL (`store: "postgres"`): a cluster's create, get, list and delete
 * through raw ARM requests, its long-running operations completed through the store, and the
 * rows where they belong. Skipped (with how to start PostgreSQL) when no server is reachable;
 * a failure under CI=true.
 */

const API = "api-version=2026-04-01";
const pgAvail = await probePostgres();

describe("command line: --store", () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [CLI_MAIN, "start", "--port", "0", ...args], { cwd: REPO_ROOT, encoding: "utf8", timeout: 20_000 });

  it("--in-memory with --store postgres is refused with a clear message", () => {
    const r = run("--store", "postgres", "--in-memory");
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /--in-memory cannot be used with --store postgres/);
  });

  it("--postgres-url without --store postgres, and an unknown store, are refused", () => {
    const r = run("--postgres-url", "postgres://127.0.0.1/x");
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /--postgres-url needs --store postgres/);
    const u = run("--store", "mysql");
    assert.notEqual(u.status, 0);
    assert.match(u.stderr, /Allowed choices are sqlite, postgres/);
  });

  it("an unreachable PostgreSQL ends the start with where it tried", () => {
    const r = run("--store", "postgres", "--postgres-url", "postgres://postgres@127.0.0.1:1/test");
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /cannot use PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/test/);
  });
});

if (pgAvail.url === undefined) {
  if (isCi()) test("emulator on PostgreSQL (CI=true: PostgreSQL must be reachable)", () => assert.fail(pgAvail.reason));
  else test("emulator on PostgreSQL", { skip: pgAvail.reason }, () => undefined);
} else {
  const url = pgAvail.url;
  const schema = freshSchema("app");

  describe("emulator on PostgreSQL", () => {
    let te: TestEmulator;
    before(async () => {
      te = await startTestEmulator({ store: "postgres", postgresUrl: url, postgresSchema: schema, inMemory: false, lroDurationMs: 300 });
    });
    after(async () => {
      await te?.close();
      await dropSchemas(url, [schema]);
    });

    async function pollDone(asyncUrl: string): Promise<Record<string, unknown>> {
      const u = new URL(asyncUrl);
      for (let i = 0; i < 100; i++) {
        const r = await te.request("GET", u.pathname + u.search);
        assert.equal(r.status, 200, r.text);
        if (r.json.status !== "InProgress") return r.json as Record<string, unknown>;
        await sleep(50);
      }
      assert.fail(`operation ${asyncUrl} never finished`);
    }

    it("runs on the postgres store and says so in runtime.json", () => {
      assert.equal(te.emulator.store.kind, "postgres");
      assert.equal(te.emulator.info.store, "postgres");
    });

    it("creates, gets, lists and deletes a cluster, its LROs completed through the database", async () => {
      const sub = te.subscriptionId;
      const rg = await te.request("PUT", rgPath(sub, "pg-rg") + "?api-version=2021-04-01", { body: { location: "eastus" } });
      assert.ok(rg.status === 200 || rg.status === 201, rg.text);

      const path = clusterPath(sub, "pg-rg", "pg1");
      const put = await te.request("PUT", `${path}?${API}`, { body: clusterBody() });
      assert.equal(put.status, 201, put.text);
      assert.equal(put.json.properties.provisioningState, "Creating");

      // The operation is a row in the schema, InProgress until its time is up.
      const opId = new URL(String(put.headers["azure-asyncoperation"])).pathname.split("/").pop()!;
      const [opRow] = await adminQuery<{ status: string; kind: string }>(url, `SELECT status, kind FROM "${schema}".operations WHERE id = $1`, [
        opId.toLowerCase(),
      ]);
      assert.ok(opRow, "the operation is stored in PostgreSQL");

      const done = await pollDone(String(put.headers["azure-asyncoperation"]));
      assert.equal(done.status, "Succeeded");

      const got = await te.request("GET", `${path}?${API}`);
      assert.equal(got.status, 200, got.text);
      assert.equal(got.json.properties.provisioningState, "Succeeded");
      assert.equal(got.json.name, "pg1");

      // A second cluster, then list by resource group and by subscription.
      const put2 = await te.request("PUT", `${clusterPath(sub, "pg-rg", "pg2")}?${API}`, {
        body: clusterBody({ properties: { ...(clusterBody().properties as object), dnsPrefix: "dns2" } }),
      });
      assert.equal(put2.status, 201, put2.text);
      await pollDone(String(put2.headers["azure-asyncoperation"]));
      const byRg = await te.request("GET", `/subscriptions/${sub}/resourceGroups/pg-rg/providers/Microsoft.ContainerService/managedClusters?${API}`);
      assert.equal(byRg.status, 200, byRg.text);
      assert.deepEqual(
        byRg.json.value.map((c: { name: string }) => c.name),
        ["pg1", "pg2"],
      );
      const bySub = await te.request("GET", `/subscriptions/${sub}/providers/Microsoft.ContainerService/managedClusters?${API}`);
      assert.deepEqual(bySub.json.value.map((c: { name: string }) => c.name).sort(), ["pg1", "pg2"]);

      // The resources are rows in the schema too.
      const rows = await adminQuery<{ key: string }>(
        url,
        `SELECT key FROM "${schema}".resources WHERE type = 'microsoft.containerservice/managedclusters' ORDER BY key`,
      );
      assert.deepEqual(
        rows.map((r) => r.key.split("/").pop()),
        ["pg1", "pg2"],
      );

      // If-Match with a stale ETag is refused (compare-and-set in the database).
      const stale = await te.request("PUT", `${path}?${API}`, { body: clusterBody(), headers: { "if-match": '"stale"' } });
      assert.equal(stale.status, 412, stale.text);

      // Delete, then the cluster is gone.
      const del = await te.request("DELETE", `${path}?${API}`);
      assert.equal(del.status, 202, del.text);
      const delDone = await pollDone(String(del.headers["azure-asyncoperation"] ?? del.headers["location"]));
      assert.equal(delDone.status, "Succeeded");
      const gone = await te.request("GET", `${path}?${API}`);
      assert.equal(gone.status, 404, gone.text);
      const left = await adminQuery<{ key: string }>(url, `SELECT key FROM "${schema}".resources WHERE key LIKE '%/managedclusters/pg1%'`);
      assert.deepEqual(left, []);
    });

    it("names PostgreSQL text cannot hold (%00) are answered as on SQLite, not with a 500", async () => {
      const sub = te.subscriptionId;
      const rg = await te.request("GET", `${rgPath(sub, "a%00b")}?api-version=2021-04-01`);
      assert.equal(rg.status, 404, rg.text);
      const cluster = await te.request("GET", `${clusterPath(sub, "pg-rg", "a%00b")}?${API}`);
      assert.equal(cluster.status, 404, cluster.text);
      const put = await te.request("PUT", `${clusterPath(sub, "pg-rg", "a%00b")}?${API}`, { body: clusterBody() });
      assert.equal(put.status, 400, put.text);
    });

    it("the CLI runs on it: --store postgres, AKS_EMULATOR_POSTGRES_URL, --postgres-schema; runtime.json says postgres", async () => {
      const dataDir = await makeTempDir("aks-emu-pg-cli-");
      try {
        const child = await startChildEmulator(["--store", "postgres", "--postgres-schema", schema], {
          dataDir,
          env: { AKS_EMULATOR_POSTGRES_URL: url },
        });
        try {
          assert.equal(child.info.store, "postgres");
          const got = await child.request("GET", `${clusterPath(te.subscriptionId, "pg-rg", "pg2")}?${API}`);
          assert.equal(got.status, 200, got.text);
        } finally {
          await child.stop();
        }
      } finally {
        await killAllChildren();
        await rm(dataDir, { recursive: true, force: true });
      }
    });

    it("a second instance on the same schema reads what the first wrote", async () => {
      const other = await startTestEmulator({ store: "postgres", postgresUrl: url, postgresSchema: schema, inMemory: false });
      try {
        const got = await other.request("GET", `${clusterPath(te.subscriptionId, "pg-rg", "pg2")}?${API}`);
        assert.equal(got.status, 200, got.text);
        assert.equal(got.json.properties.provisioningState, "Succeeded");
      } finally {
        await other.close();
      }
    });
  });
}
