import { after, before, describe, it, test } from "node:test";
import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import { Agent } from "node:https";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  httpsJson,
  identityToken,
  onEndpoint,
  killAllChildren,
  makeTempDir,
  runCli,
  startChildEmulator,
  waitFor,
  type ChildEmulator,
  type RawResponse,
} from "../support/child.js";
import { clusterBody, clusterPath } from "../support/bodies.js";
import { adminQuery, dropSchemas, freshSchema, isCi, probePostgres } from "../support/postgres.js";

/**
 * Several instances, one service (issue 6): three emulator processes on one PostgreSQL schema,
 * sharing one --tls-dir (so one CA and one token-signing key), with different seeds, behave as
 * one emulator:
 *   - a token issued by one is accepted by the others;
 *   - a resource written through one is read through another at once;
 *   - 200 concurrent If-Match writers spread over the three: exactly one winner per ETag
 *     generation, and the winners form one unbroken chain to the final state (no lost update);
 *   - a long-running operation started on one completes after that process is SIGKILLed: the
 *     others claim it from the database.
 * Skipped (with how to start PostgreSQL) when no server is reachable; a failure under CI=true.
 */

const SUB = "8f2c4c3e-1f7a-4d55-9a4b-2d5e3c1b0a01";
const API = "2026-04-01";
const LRO_MS = 1500;
const WRITERS = 200;

const rgUrl = (rg: string) => `/subscriptions/${SUB}/resourcegroups/${rg}?api-version=2021-04-01`;
const clusterUrl = (rg: string, name: string) => `${clusterPath(SUB, rg, name)}?api-version=${API}`;

async function pollOperation(c: ChildEmulator, url: string, timeoutMs: number): Promise<Record<string, unknown>> {
  return waitFor(
    `operation ${url} to finish`,
    async () => {
      const r = await c.request("GET", url);
      assert.equal(r.status, 200, r.text);
      return r.json.status === "InProgress" ? undefined : (r.json as Record<string, unknown>);
    },
    timeoutMs,
    100,
  );
}

/** One request on a keep-alive agent; the body is JSON. */
function request(agent: Agent, method: string, url: string, body: unknown, headers: Record<string, string>): Promise<RawResponse> {
  return httpsJson(method, url, { agent, headers, body, timeoutMs: 30_000 });
}

const pgAvail = await probePostgres();

if (pgAvail.url === undefined) {
  if (isCi()) test("several instances on one PostgreSQL (CI=true: PostgreSQL must be reachable)", () => assert.fail(pgAvail.reason));
  else test("several instances on one PostgreSQL", { skip: pgAvail.reason }, () => undefined);
} else {
  const url = pgAvail.url;
  const schema = freshSchema("multi");

  describe("three instances on one PostgreSQL schema and one --tls-dir", () => {
    const dirs: string[] = [];
    let tlsDir: string;
    let nodes: ChildEmulator[] = [];
    let a: ChildEmulator;
    let b: ChildEmulator;
    let c: ChildEmulator;

    before(async () => {
      tlsDir = await makeTempDir("aks-emu-multi-tls-");
      dirs.push(tlsDir);
      const start = async (seed: string) => {
        const dataDir = await makeTempDir(`aks-emu-multi-${seed}-`);
        dirs.push(dataDir);
        return startChildEmulator(["--store", "postgres", "--postgres-schema", schema, "--lro-duration", String(LRO_MS), "--seed", seed], {
          dataDir,
          tlsDir,
          env: { AKS_EMULATOR_POSTGRES_URL: url },
        });
      };
      // The first creates the CA and signing key in the shared dir; the others reuse them.
      a = await start("multi-a");
      [b, c] = await Promise.all([start("multi-b"), start("multi-c")]);
      nodes = [a, b, c];
    });
    after(async () => {
      await killAllChildren();
      await dropSchemas(url, [schema]);
      await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
    });

    it("each has its own runtime.json (endpoint, pid, identity secret from the shared dir) on the postgres store", async () => {
      const infos = await Promise.all(nodes.map(async (n) => JSON.parse(await readFile(join(n.dataDir, "runtime.json"), "utf8"))));
      assert.deepEqual(
        infos.map((i) => i.store),
        ["postgres", "postgres", "postgres"],
      );
      assert.equal(new Set(infos.map((i) => i.endpoint)).size, 3);
      assert.equal(new Set(infos.map((i) => i.pid)).size, 3);
      assert.deepEqual(
        infos.map((i) => i.seed),
        ["multi-a", "multi-b", "multi-c"],
      );
      assert.equal(new Set(infos.map((i) => i.caPath)).size, 1, "one CA file");
      assert.ok(String(infos[0].caPath).startsWith(tlsDir), infos[0].caPath);
      assert.equal(new Set(infos.map((i) => i.identityHeader)).size, 1);
      assert.equal(new Set(nodes.map((n) => n.ca)).size, 1, "one CA");
    });

    it("a token issued by one instance is accepted by the others; a token signed elsewhere is not", async () => {
      for (const issuer of nodes) {
        const token = await identityToken(issuer.info, issuer.ca);
        for (const other of nodes) {
          const r = await other.request("GET", `/subscriptions/${SUB}/resourcegroups?api-version=2021-04-01`, { auth: `Bearer ${token}` });
          assert.equal(r.status, 200, `token of ${issuer.info.seed} on ${other.info.seed}: ${r.text}`);
        }
      }
      // A token from an instance with another signing key (the test TLS dir) is refused: acceptance is the shared key, not laxity.
      const foreignDir = await makeTempDir("aks-emu-multi-foreign-");
      dirs.push(foreignDir);
      const foreign = await startChildEmulator(["--in-memory"], { dataDir: foreignDir, tlsDir: join(foreignDir, "tls") });
      try {
        const token = await foreign.token();
        const r = await httpsJson("GET", `${a.endpoint}/subscriptions/${SUB}/resourcegroups?api-version=2021-04-01`, {
          ca: a.ca,
          headers: { authorization: `Bearer ${token}` },
        });
        assert.equal(r.status, 401, r.text);
      } finally {
        await foreign.stop("SIGKILL");
      }
    });

    it("a resource written through one instance is read through the others at once", async () => {
      const put = await a.request("PUT", rgUrl("multi-rg"), { body: { location: "eastus", tags: { via: "a" } } });
      assert.equal(put.status, 201, put.text);
      for (const other of [b, c]) {
        const r = await other.request("GET", rgUrl("multi-rg"));
        assert.equal(r.status, 200, r.text);
        assert.deepEqual(r.json.tags, { via: "a" });
      }
      const patched = await c.request("PATCH", rgUrl("multi-rg"), { body: { tags: { via: "c" } } });
      assert.equal(patched.status, 200, patched.text);
      const back = await a.request("GET", rgUrl("multi-rg"));
      assert.deepEqual(back.json.tags, { via: "c" });

      const create = await b.request("PUT", clusterUrl("multi-rg", "shared"), { body: clusterBody({}, "shared") });
      assert.equal(create.status, 201, create.text);
      for (const other of [a, c]) {
        const r = await other.request("GET", clusterUrl("multi-rg", "shared"));
        assert.equal(r.status, 200, r.text);
        assert.equal(r.json.eTag, create.json.eTag);
        assert.equal(r.json.properties.provisioningState, "Creating");
      }
      // Created on B, polled on A: done.
      const op = await pollOperation(a, onEndpoint(String(create.headers["azure-asyncoperation"]), a.endpoint), LRO_MS + 10_000);
      assert.equal(op["status"], "Succeeded", JSON.stringify(op));
    });

    it(`${WRITERS} concurrent If-Match writers over the three: one winner per ETag generation, no lost update`, async (t) => {
      const path = clusterUrl("multi-rg", "shared");
      const initial = await a.request("GET", path);
      assert.equal(initial.status, 200, initial.text);
      assert.equal(initial.json.properties.provisioningState, "Succeeded");
      const tokens = await Promise.all(nodes.map((n) => n.token()));

      interface Win {
        writer: number;
        ifMatch: string;
        etag: string;
        tags: Record<string, string>;
      }
      const wins: Win[] = [];
      let losses = 0;
      const unexpected: string[] = [];
      // Keep-alive connections (one pool per instance): the race is between requests, not TLS handshakes.
      const agents = nodes.map((n) => new Agent({ ca: n.ca, keepAlive: true, maxSockets: 32 }));
      const writer = async (i: number) => {
        const node = nodes[i % 3]!;
        const send = (method: string, body?: unknown, headers: Record<string, string> = {}): Promise<RawResponse> =>
          request(agents[i % 3]!, method, node.endpoint + path, body, { authorization: `Bearer ${tokens[i % 3]}`, ...headers });
        // Up to 3 rounds of read, then PATCH with If-Match: the ETag read (a little jitter between rounds).
        for (let round = 0; round < 3; round++) {
          if (round > 0) await sleep(Math.random() * 30);
          const read = await send("GET");
          if (read.status !== 200) return void unexpected.push(`GET ${read.status} ${read.text}`);
          const ifMatch = String(read.json.eTag);
          const tags = { writer: String(i), round: String(round) };
          const r = await send("PATCH", { tags }, { "if-match": ifMatch });
          if (r.status === 200) {
            wins.push({ writer: i, ifMatch, etag: String(r.json.eTag), tags });
            return;
          }
          // Lost the race: 412 when the read was already stale, 409 when the compare-and-set failed.
          if (r.status === 412 || (r.status === 409 && r.json?.error?.code === "EtagMismatch")) {
            losses++;
            continue;
          }
          return void unexpected.push(`PATCH ${r.status} ${r.text}`);
        }
      };
      try {
        await Promise.all(Array.from({ length: WRITERS }, (_, i) => writer(i)));
      } finally {
        for (const ag of agents) ag.destroy();
      }
      assert.deepEqual(unexpected, []);
      t.diagnostic(`${wins.length} winning writes, ${losses} lost races`);
      assert.ok(wins.length >= 3, `several writers won (${wins.length})`);
      assert.ok(losses > 0, "the writers did race");

      // Exactly one winner per ETag generation: no two successful writes replaced the same ETag.
      const byIfMatch = new Map<string, Win>();
      for (const w of wins) {
        const prior = byIfMatch.get(w.ifMatch);
        assert.equal(prior, undefined, `writers ${prior?.writer} and ${w.writer} both won against ETag ${w.ifMatch}`);
        byIfMatch.set(w.ifMatch, w);
      }
      // No lost update: from the initial ETag, the winners chain through every success to the final state.
      let etag = String(initial.json.eTag);
      let last: Win | undefined;
      for (let step = 0; step < wins.length; step++) {
        const next = byIfMatch.get(etag);
        assert.ok(next, `the chain breaks after ${step} of ${wins.length} successes (no winner replaced ${etag})`);
        last = next;
        etag = next.etag;
      }
      assert.equal(byIfMatch.get(etag), undefined, "the chain ends at the last success");
      for (const n of nodes) {
        const final = await n.request("GET", path);
        assert.equal(final.json.eTag, etag, `${n.info.seed} reads the end of the chain`);
        assert.deepEqual(final.json.tags, last!.tags);
      }
      // The ETags came from all three instances (different seeds, so different values).
      const rows = await adminQuery<{ etag: string }>(url, `SELECT etag FROM "${schema}".resources WHERE key LIKE '%/managedclusters/shared'`);
      assert.deepEqual(
        rows.map((r) => r.etag),
        [etag],
      );
    });

    it("an operation started on A completes after A is SIGKILLed: B and C take it over", async () => {
      const create = await a.request("PUT", clusterUrl("multi-rg", "orphan"), { body: clusterBody({}, "orphan") });
      const createdAt = Date.now();
      assert.equal(create.status, 201, create.text);
      assert.equal(create.json.properties.provisioningState, "Creating");
      const exit = await a.stop("SIGKILL");
      assert.equal(exit.signal, "SIGKILL");
      assert.ok(Date.now() - createdAt < LRO_MS, "A died before the operation was due");

      const asyncUrl = String(create.headers["azure-asyncoperation"]);
      assert.ok(asyncUrl.startsWith(a.endpoint), asyncUrl);
      const op = await pollOperation(b, onEndpoint(asyncUrl, b.endpoint), LRO_MS + 10_000);
      assert.equal(op["status"], "Succeeded", JSON.stringify(op));
      assert.equal(Date.parse(String(op["endTime"])) - Date.parse(String(op["startTime"])), LRO_MS);
      const got = await c.request("GET", clusterUrl("multi-rg", "orphan"));
      assert.equal(got.status, 200, got.text);
      assert.equal(got.json.properties.provisioningState, "Succeeded");
    });

    it("an operation nobody polls is completed by a live instance all the same", async () => {
      const create = await b.request("PUT", clusterUrl("multi-rg", "unwatched"), { body: clusterBody({}, "unwatched") });
      assert.equal(create.status, 201, create.text);
      await b.stop("SIGKILL");
      const opId = new URL(String(create.headers["azure-asyncoperation"])).pathname.split("/").pop()!.toLowerCase();
      // Only C is alive, and nothing asks it anything: its scheduler must look at the database.
      const row = await waitFor(
        "the operation row to be Succeeded",
        async () => {
          const [r] = await adminQuery<{ status: string }>(url, `SELECT status FROM "${schema}".operations WHERE id = $1`, [opId]);
          return r?.status === "Succeeded" ? r : undefined;
        },
        LRO_MS + 10_000,
        200,
      );
      assert.equal(row.status, "Succeeded");
    });

    it("`aks-emulator reset --store postgres` empties the shared schema, with an instance running and with none", async () => {
      const emptyDir = await makeTempDir("aks-emu-multi-reset-");
      dirs.push(emptyDir);
      const pgArgs = ["--store", "postgres", "--postgres-schema", schema, "--data-dir", emptyDir];
      // C is the last one alive: it reads the reset at once.
      const before = await c.request("GET", rgUrl("multi-rg"));
      assert.equal(before.status, 200, before.text);
      const r = await runCli(["reset", ...pgArgs, "--postgres-url", url]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`reset the state in PostgreSQL schema '${schema}'`));
      const gone = await c.request("GET", rgUrl("multi-rg"));
      assert.equal(gone.status, 404, gone.text);

      // No instance running at all (C's runtime.json is left behind by SIGKILL, its pid dead); the URL from the environment.
      const put = await c.request("PUT", rgUrl("written-before-the-kill"), { body: { location: "eastus" } });
      assert.equal(put.status, 201, put.text);
      await c.stop("SIGKILL");
      assert.equal((await adminQuery(url, `SELECT key FROM "${schema}".resources WHERE type = 'microsoft.resources/resourcegroups'`)).length, 1);
      const r2 = await runCli(["reset", "--store", "postgres", "--postgres-schema", schema, "--data-dir", c.dataDir], {
        env: { AKS_EMULATOR_POSTGRES_URL: url },
      });
      assert.equal(r2.code, 0, r2.stderr);
      assert.match(r2.stdout, /reset the state in PostgreSQL schema/);
      assert.deepEqual(await adminQuery(url, `SELECT key FROM "${schema}".resources`), []);
      assert.deepEqual(await adminQuery(url, `SELECT id FROM "${schema}".operations`), []);

      // A schema that is not there is not created; a PostgreSQL flag without --store postgres is refused.
      const missing = freshSchema("absent");
      const r3 = await runCli(["reset", "--store", "postgres", "--postgres-url", url, "--postgres-schema", missing, "--data-dir", emptyDir]);
      assert.equal(r3.code, 0, r3.stderr);
      assert.match(r3.stdout, /nothing to reset: PostgreSQL has no schema/);
      assert.deepEqual(await adminQuery(url, "SELECT nspname FROM pg_namespace WHERE nspname = $1", [missing]), []);
      const r4 = await runCli(["reset", "--postgres-url", url, "--data-dir", emptyDir]);
      assert.equal(r4.code, 1);
      assert.match(r4.stderr, /--postgres-url needs --store postgres/);
      const r5 = await runCli(["reset", "--store", "postgres", "--postgres-url", "postgres://postgres@127.0.0.1:1/test", "--data-dir", emptyDir]);
      assert.equal(r5.code, 1);
      assert.match(r5.stderr, /cannot use PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/test/);
    });
  });
}
