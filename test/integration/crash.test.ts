import { after, test } from "node:test";
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { httpsJson, onEndpoint, killAllChildren, makeTempDir, startChildEmulator, waitFor, type ChildEmulator, type RawResponse } from "../support/child.js";
import { clusterBody, clusterPath } from "../support/bodies.js";

/**
 * Crash safety of the embedded store (issue 6): an answer goes out only after its COMMIT, so a
 * write that was acknowledged (a 2xx reached the client) survives SIGKILL at any moment.
 *
 * 16 concurrent writers hammer one child emulator on a file store with raw HTTPS writes: 8 PUT
 * their own resource group again and again (new tags each time), 8 PATCH the tags of their own
 * cluster with If-Match: the ETag of their previous acknowledged write. Each writer records
 * every 2xx and what it answered. Mid-load the process gets SIGKILL; a new one on the same data
 * dir must then hold, for every resource, the last acknowledged state: its tags and (clusters)
 * its ETag. The one write a writer had sent but not seen answered when the process died may or
 * may not have committed, so the state may also be that write's (never anything else). A
 * cluster create acknowledged before the kill, its simulated provisioning still running,
 * completes after the restart.
 *
 * (Power-loss safety rests on journal_mode=WAL and synchronous=FULL, which SIGKILL cannot show:
 * test/store/sqlite.test.ts reads those PRAGMAs.)
 */

const SUB = "8f2c4c3e-1f7a-4d55-9a4b-2d5e3c1b0a01";
const API = "2026-04-01";
const RG_API = "2021-04-01";
const WRITERS_PER_KIND = 8;
/** Simulated provisioning time of the in-flight create: it must outlive the kill and the restart. */
const LRO_MS = 4000;

const rgUrl = (rg: string) => `/subscriptions/${SUB}/resourcegroups/${rg}?api-version=${RG_API}`;
const clusterUrl = (rg: string, name: string) => `${clusterPath(SUB, rg, name)}?api-version=${API}`;

/** What a writer knows: its last acknowledged write, and the one it sent without seeing the answer. */
interface WriterLog {
  resource: "rg" | "cluster";
  name: string;
  acked: number;
  /** Tags (and, for clusters, the ETag) of the last 2xx. */
  last?: { tags: Record<string, string>; etag?: string };
  /** The write in flight when the process died (it may or may not have committed). */
  pending?: { tags: Record<string, string>; ifMatch?: string };
  /** A non-2xx answer, or an error that was not the connection dying: fails the test. */
  unexpected?: string;
}

const dirs: string[] = [];
after(async () => {
  await killAllChildren();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

test("SIGKILL under 16 concurrent writers loses no acknowledged write; an in-flight create completes after the restart", async (t) => {
  const dataDir = await makeTempDir("aks-emu-crash-");
  dirs.push(dataDir);

  // 0. Set-up on a first process with --lro-duration 0: the clusters the writers PATCH exist and
  //    are Succeeded (a cluster with an operation running refuses PATCH). Stopped gracefully.
  const setup = await startChildEmulator(["--lro-duration", "0", "--seed", "crash-setup"], { dataDir });
  const clusterEtags = new Map<string, string>();
  try {
    const rg = await setup.request("PUT", rgUrl("crash-clusters"), { body: { location: "eastus" } });
    assert.equal(rg.status, 201, rg.text);
    await Promise.all(
      Array.from({ length: WRITERS_PER_KIND }, async (_, i) => {
        const put = await setup.request("PUT", clusterUrl("crash-clusters", `c${i}`), { body: clusterBody({}, `crash${i}`) });
        assert.equal(put.status, 201, put.text);
        assert.equal(put.json.properties.provisioningState, "Succeeded");
        clusterEtags.set(`c${i}`, String(put.json.eTag));
      }),
    );
  } finally {
    const exit = await setup.stop("SIGTERM");
    assert.deepEqual(exit, { code: 0, signal: null }, setup.stderr());
  }

  // 1. The process that gets killed.
  const args = ["--lro-duration", String(LRO_MS), "--seed", "crash-test"];
  const a = await startChildEmulator(args, { dataDir });
  const token = await a.token();
  const send = (method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> =>
    httpsJson(method, a.endpoint + path, { ca: a.ca, body, headers: { authorization: `Bearer ${token}`, ...headers } });

  // The cluster create that will be in flight at the kill.
  const create = await send("PUT", clusterUrl("crash-clusters", "inflight"), clusterBody({}, "inflight"));
  const createdAt = Date.now();
  assert.equal(create.status, 201, create.text);
  assert.equal(create.json.properties.provisioningState, "Creating");
  const asyncUrl = String(create.headers["azure-asyncoperation"]);

  let killed = false;
  const logs: WriterLog[] = [];
  const writer = async (log: WriterLog): Promise<void> => {
    for (let n = 1; !killed; n++) {
      const tags = { writer: log.name, n: String(n) };
      let r: RawResponse;
      try {
        if (log.resource === "rg") {
          log.pending = { tags };
          r = await send("PUT", rgUrl(log.name), { location: "eastus", tags });
        } else {
          const ifMatch = log.last?.etag ?? clusterEtags.get(log.name)!;
          log.pending = { tags, ifMatch };
          r = await send("PATCH", clusterUrl("crash-clusters", log.name), { tags }, { "if-match": ifMatch });
        }
      } catch {
        // The connection died with the process: this write stays pending (unknown outcome).
        if (!killed) log.unexpected = `request failed before the kill (${log.name} #${n})`;
        return;
      }
      if (r.status < 200 || r.status > 299) {
        log.unexpected = `${log.name} #${n}: ${r.status} ${r.text}`;
        return;
      }
      log.acked++;
      log.last = { tags: r.json.tags as Record<string, string>, ...(log.resource === "cluster" ? { etag: String(r.json.eTag) } : {}) };
      assert.deepEqual(log.last.tags, tags, "the answer carries what was written");
      log.pending = undefined;
    }
  };
  for (let i = 0; i < WRITERS_PER_KIND; i++) logs.push({ resource: "rg", name: `crash-rg-${i}`, acked: 0 });
  for (let i = 0; i < WRITERS_PER_KIND; i++) logs.push({ resource: "cluster", name: `c${i}`, acked: 0 });
  const running = logs.map(writer);

  // Kill once every writer has had several writes acknowledged (and not later than 3 s).
  await waitFor("every writer to have 6 acknowledged writes", async () => logs.every((l) => l.acked >= 6) || logs.some((l) => l.unexpected), 3000, 20).catch(
    () => undefined,
  );
  killed = true;
  const exit = await a.stop("SIGKILL");
  const killedAt = Date.now();
  assert.equal(exit.signal, "SIGKILL");
  await Promise.all(running);
  assert.deepEqual(
    logs.filter((l) => l.unexpected).map((l) => l.unexpected),
    [],
    "no writer saw an error before the kill",
  );
  const acknowledged = logs.reduce((s, l) => s + l.acked, 0);
  assert.ok(
    logs.every((l) => l.acked >= 1),
    `every writer had a write acknowledged (${logs.map((l) => l.acked).join(",")})`,
  );
  assert.ok(killedAt - createdAt < LRO_MS - 500, `the create was still in flight at the kill (${killedAt - createdAt} ms after it)`);

  // 2. A new process on the same data dir.
  const b: ChildEmulator = await startChildEmulator(args, { dataDir });
  try {
    let pendingCommitted = 0;
    for (const log of logs) {
      const r = log.resource === "rg" ? await b.request("GET", rgUrl(log.name)) : await b.request("GET", clusterUrl("crash-clusters", log.name));
      assert.equal(r.status, 200, `${log.name} (acknowledged ${log.acked} writes) is there: ${r.text}`);
      const tags = r.json.tags as Record<string, string>;
      const last = log.last!;
      if (log.pending && Number(tags["n"]) === Number(last.tags["n"]) + 1) {
        // The write in flight at the kill committed but its answer never went out: allowed.
        assert.deepEqual(tags, log.pending.tags, log.name);
        if (log.resource === "cluster") assert.notEqual(r.json.eTag, last.etag, `${log.name}: a new ETag with the new tags`);
        pendingCommitted++;
        continue;
      }
      assert.deepEqual(tags, last.tags, `${log.name}: the last acknowledged tags (after ${log.acked} acknowledged writes)`);
      if (log.resource === "cluster") assert.equal(r.json.eTag, last.etag, `${log.name}: the last acknowledged ETag`);
    }
    // The ETag still works as a precondition after the restart: one more PATCH with If-Match.
    const c0 = await b.request("GET", clusterUrl("crash-clusters", "c0"));
    const more = await b.request("PATCH", clusterUrl("crash-clusters", "c0"), {
      body: { tags: { after: "restart" } },
      headers: { "if-match": String(c0.json.eTag) },
    });
    assert.equal(more.status, 200, more.text);
    const stale = await b.request("PATCH", clusterUrl("crash-clusters", "c0"), {
      body: { tags: { stale: "yes" } },
      headers: { "if-match": String(c0.json.eTag) },
    });
    assert.equal(stale.status, 412, stale.text);

    // The create that was in flight finishes, when its time is up.
    const mid = await b.request("GET", clusterUrl("crash-clusters", "inflight"));
    assert.equal(mid.status, 200, mid.text);
    if (Date.now() - createdAt < LRO_MS - 300) assert.equal(mid.json.properties.provisioningState, "Creating");
    const op = await waitFor(
      "the in-flight create to finish",
      async () => {
        const r = await b.request("GET", onEndpoint(asyncUrl, b.endpoint));
        assert.equal(r.status, 200, r.text);
        return r.json.status === "InProgress" ? undefined : (r.json as Record<string, unknown>);
      },
      LRO_MS + 10_000,
      200,
    );
    assert.equal(op["status"], "Succeeded", JSON.stringify(op));
    const done = await b.request("GET", clusterUrl("crash-clusters", "inflight"));
    assert.equal(done.json.properties.provisioningState, "Succeeded");
    // For the record (node --test prints diagnostics): how much was at stake.
    t.diagnostic(`acknowledged writes before the kill: ${acknowledged}; unanswered writes that had committed: ${pendingCommitted}`);
  } finally {
    await b.stop("SIGKILL");
  }
});
