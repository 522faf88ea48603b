import { after, test } from "node:test";
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { killAllChildren, makeTempDir, onEndpoint, startChildEmulator, waitFor, type ChildEmulator } from "../support/child.js";
import { clusterBody, clusterPath } from "../support/bodies.js";

/**
 * State and long-running operations live in the store, not in process memory: an operation in flight
 * when the process dies (SIGKILL) or stops (SIGTERM) completes after a restart on the same data dir.
 */

const SUB = "8f2c4c3e-1f7a-4d55-9a4b-2d5e3c1b0a01";
const API = "2026-04-01";
const LRO_MS = 3000;
const rgUrl = (rg: string) => `/subscriptions/${SUB}/resourcegroups/${rg}?api-version=2021-04-01`;
const clusterUrl = (rg: string, name: string) => `${clusterPath(SUB, rg, name)}?api-version=${API}`;

const dirs: string[] = [];
after(async () => {
  await killAllChildren();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function pollOperation(c: ChildEmulator, url: string, timeoutMs = 15_000): Promise<Record<string, unknown>> {
  return waitFor(
    `operation ${url} to finish`,
    async () => {
      const r = await c.request("GET", url);
      assert.equal(r.status, 200, r.text);
      return r.json.status === "InProgress" ? undefined : (r.json as Record<string, unknown>);
    },
    timeoutMs,
    200,
  );
}

test("a create in flight when the process is SIGKILLed completes after a restart; a SIGTERM stop keeps everything", async () => {
  const dataDir = await makeTempDir("aks-emu-restart-");
  dirs.push(dataDir);
  const args = ["--lro-duration", String(LRO_MS), "--seed", "restart-test"];

  // 1. Create a group and a cluster, then kill the process at once.
  const a = await startChildEmulator(args, { dataDir });
  let asyncUrl: string;
  let createdAt: number;
  let created: Record<string, any>;
  try {
    const rg = await a.request("PUT", rgUrl("rg-restart"), { body: { location: "eastus", tags: { keep: "me" } } });
    assert.equal(rg.status, 201, rg.text);
    const put = await a.request("PUT", clusterUrl("rg-restart", "aks1"), { body: clusterBody({}, "restart1") });
    createdAt = Date.now();
    assert.equal(put.status, 201, put.text);
    assert.equal(put.json.properties.provisioningState, "Creating");
    created = put.json;
    asyncUrl = String(put.headers["azure-asyncoperation"]);
    assert.ok(asyncUrl.startsWith(`${a.endpoint}/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/eastus/operations/`), asyncUrl);
  } finally {
    const exit = await a.stop("SIGKILL");
    assert.equal(exit.signal, "SIGKILL");
  }

  // 2. A new process on the same data dir (and CA) has the group and the cluster, and finishes the create.
  const b = await startChildEmulator(args, { dataDir });
  let succeeded: Record<string, any>;
  try {
    assert.notEqual(b.endpoint, a.endpoint);
    const rg = await b.request("GET", rgUrl("rg-restart"));
    assert.equal(rg.status, 200, rg.text);
    assert.deepEqual(rg.json.tags, { keep: "me" });

    const first = await b.request("GET", clusterUrl("rg-restart", "aks1"));
    assert.equal(first.status, 200, first.text);
    assert.equal(first.json.id, created.id);
    assert.equal(first.json.properties.fqdn, created.properties.fqdn);
    assert.equal(first.json.identity.principalId, created.identity.principalId);
    if (Date.now() - createdAt < LRO_MS - 500) {
      // Still inside the simulated provisioning time: the operation had not finished before the kill.
      assert.equal(first.json.properties.provisioningState, "Creating");
    }

    const op = await pollOperation(b, onEndpoint(asyncUrl, b.endpoint));
    assert.equal(op["status"], "Succeeded", JSON.stringify(op));
    assert.equal(typeof op["startTime"], "string");
    assert.equal(typeof op["endTime"], "string");
    // It ends at its due time (start + simulated duration), not at whatever time the new process noticed it.
    assert.equal(Date.parse(String(op["endTime"])) - Date.parse(String(op["startTime"])), LRO_MS);

    const done = await b.request("GET", clusterUrl("rg-restart", "aks1"));
    assert.equal(done.status, 200);
    assert.equal(done.json.properties.provisioningState, "Succeeded");
    assert.equal(done.json.properties.agentPoolProfiles[0].provisioningState, "Succeeded");
    succeeded = done.json;

    const list = await b.request(
      "GET",
      `/subscriptions/${SUB}/resourceGroups/rg-restart/providers/Microsoft.ContainerService/managedClusters?api-version=${API}`,
    );
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.json.value.map((c: { name: string }) => c.name),
      ["aks1"],
    );
  } catch (e) {
    await b.stop("SIGKILL");
    throw e;
  }

  // 3. Start an update, stop gracefully right away: a restart keeps the cluster and finishes the update.
  let updateUrl: string;
  try {
    const upd = await b.request("PUT", clusterUrl("rg-restart", "aks1"), { body: clusterBody({ tags: { stage: "two" } }, "restart1") });
    assert.equal(upd.status, 200, upd.text);
    assert.equal(upd.json.properties.provisioningState, "Updating");
    updateUrl = String(upd.headers["azure-asyncoperation"]);
  } finally {
    const exit = await b.stop("SIGTERM");
    assert.deepEqual(exit, { code: 0, signal: null }, b.stderr());
  }

  const c = await startChildEmulator(args, { dataDir });
  try {
    const rg = await c.request("GET", rgUrl("rg-restart"));
    assert.equal(rg.status, 200);
    const mid = await c.request("GET", clusterUrl("rg-restart", "aks1"));
    assert.equal(mid.status, 200);
    assert.deepEqual(mid.json.tags, { stage: "two" });
    assert.equal(mid.json.properties.fqdn, succeeded.properties.fqdn);

    const op = await pollOperation(c, onEndpoint(updateUrl, c.endpoint));
    assert.equal(op["status"], "Succeeded", JSON.stringify(op));
    const done = await c.request("GET", clusterUrl("rg-restart", "aks1"));
    assert.equal(done.json.properties.provisioningState, "Succeeded");
    assert.deepEqual(done.json.tags, { stage: "two" });

    // The finished create's status is still answered after two restarts.
    const createOp = await c.request("GET", onEndpoint(asyncUrl, c.endpoint));
    assert.equal(createOp.status, 200);
    assert.equal(createOp.json.status, "Succeeded");
  } finally {
    const exit = await c.stop("SIGTERM");
    assert.deepEqual(exit, { code: 0, signal: null }, c.stderr());
  }

  // 4. A plain graceful restart with nothing in flight returns the same cluster byte for byte.
  const d = await startChildEmulator(args, { dataDir });
  let e: ChildEmulator | undefined;
  try {
    const before = await d.request("GET", clusterUrl("rg-restart", "aks1"));
    assert.equal(before.status, 200);
    assert.deepEqual(await d.stop("SIGTERM"), { code: 0, signal: null });
    e = await startChildEmulator(args, { dataDir });
    const afterRestart = await e.request("GET", clusterUrl("rg-restart", "aks1"));
    assert.equal(afterRestart.text, before.text);
  } finally {
    await d.stop("SIGKILL");
    await e?.stop();
  }
});
