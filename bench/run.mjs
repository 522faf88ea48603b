#!/usr/bin/env node
// `npm run bench`: the benchmarks of issue #7. See bench/README.md for how to run and read them.
//   node bench/run.mjs [get] [put] [cold] [scenario] [scale]     (default: all five)
// Prints one table per section and writes bench/results/bench-<time>.json.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { request as httpsRequest } from "node:https";
import { startAzurite, putPublicBlob } from "./azurite.mjs";
import {
  API,
  BENCH_DIR,
  CLI,
  armClient,
  clusterBody,
  clusterPath,
  ensureBenchDeps,
  ensureBuilt,
  fmt,
  https,
  luaString,
  machine,
  median,
  ownerToken,
  printTable,
  rgPath,
  rssMb,
  startEmulatorProcess,
  startProcess,
  tempDir,
  tlsMaterial,
  waitSucceeded,
  which,
  wrk,
  writeResult,
} from "./lib.mjs";
import { seedScale } from "./seed.mjs";

const SECTIONS = ["get", "put", "cold", "scenario", "scale"];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
for (const w of wanted) if (!SECTIONS.includes(w)) throw new Error(`unknown section '${w}': pick from ${SECTIONS.join(", ")}`);
const run = (s) => wanted.length === 0 || wanted.includes(s);

const DURATION_S = Number(process.env["BENCH_DURATION_S"] ?? 10);
const CONNECTIONS = 16;
const GET_ROUNDS = Number(process.env["BENCH_GET_ROUNDS"] ?? 3);
const COLD_RUNS = Number(process.env["BENCH_COLD_RUNS"] ?? 5);
const SCALE_CLUSTERS = Number(process.env["BENCH_SCALE_CLUSTERS"] ?? 10_000);
const POSTGRES_URL = process.env["AKS_EMULATOR_BENCH_POSTGRES_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";
const RG_API = "api-version=2021-04-01";

ensureBuilt();
if (!which("wrk")) throw new Error("wrk is missing: apt-get install -y wrk (Debian)");
ensureBenchDeps();

const result = {
  machine: machine(),
  settings: { durationS: DURATION_S, connections: CONNECTIONS, wrkThreads: 2, getRounds: GET_ROUNDS, coldRuns: COLD_RUNS, scaleClusters: SCALE_CLUSTERS },
  sections: {},
};
const cleanups = [];
const tls = await tlsMaterial(await tempDir("tls"));
cleanups.push(() => rm(tls.dir, { recursive: true, force: true }));

async function emulator(args = [], dataDir) {
  const dir = dataDir ?? (await tempDir("data"));
  const e = await startEmulatorProcess({ dataDir: dir, tlsDir: tls.dir, args });
  const token = await ownerToken(e.info, tls.ca);
  const client = armClient(e.endpoint, token, tls.ca);
  return {
    ...e,
    dataDir: dir,
    token,
    client,
    async stop(keepData = false) {
      client.close();
      await e.stop();
      if (!keepData) await rm(dir, { recursive: true, force: true });
    },
  };
}

async function createGroup(client, rg) {
  const r = await client.call("PUT", `${rgPath(rg)}?${RG_API}`, { location: "eastus" });
  if (r.status !== 200 && r.status !== 201) throw new Error(`resource group ${rg}: ${r.status} ${r.body}`);
}

async function createCluster(client, rg, name, isPrivate) {
  const r = await client.call("PUT", `${clusterPath(rg, name)}?${API}`, clusterBody(name, isPrivate));
  if (r.status !== 200 && r.status !== 201) throw new Error(`cluster ${name}: ${r.status} ${r.body}`);
  return waitSucceeded(client, clusterPath(rg, name));
}

const ratio = (a, b) => (b > 0 ? a / b : NaN);

try {
  // --------------------------------------------------------------------------------------------
  // 1. GET a private cluster: emulator vs a bare node:https server vs Azurite, same bytes.
  if (run("get")) {
    const emu = await emulator();
    await createGroup(emu.client, "bench-rg");
    const got = await createCluster(emu.client, "bench-rg", "bench-private", true);
    const path = `${clusterPath("bench-rg", "bench-private")}?${API}`;

    const pairs = [];
    for (let i = 0; i < got.rawHeaders.length; i += 2) pairs.push([got.rawHeaders[i], got.rawHeaders[i + 1]]);
    const recordedDir = await tempDir("bare");
    cleanups.push(() => rm(recordedDir, { recursive: true, force: true }));
    const recorded = join(recordedDir, "response.json");
    await writeFile(recorded, JSON.stringify({ status: got.status, headers: pairs, body: got.body.toString("base64") }));
    const bare = await startProcess(process.execPath, [join(BENCH_DIR, "bare-server.mjs"), tls.certPath, tls.keyPath, recorded], {
      ready: /ready at (https:\/\/\S+)/,
    });
    const bareUrl = `${bare.match[1]}${path}`;
    const az = await startAzurite(tls);
    const blobUrl = await putPublicBlob(az.endpoint, tls.ca, "bench", "cluster.json", got.body, got.headers["content-type"]);

    // Same bytes from all three (the emulator's answer is checked with its token).
    const auth = { authorization: `Bearer ${emu.token}` };
    for (const [name, url, headers] of [
      ["emulator", emu.endpoint + path, auth],
      ["bare", bareUrl, {}],
      ["azurite", blobUrl, {}],
    ]) {
      const r = await https(url, { headers, ca: tls.ca });
      if (r.status !== 200 || !r.body.equals(got.body)) throw new Error(`${name} does not answer the same bytes (${r.status}, ${r.body.length} bytes)`);
    }

    // The machine is shared: the three run in turn, GET_ROUNDS times, and each round's ratios are
    // taken within the round; the table shows the median round (by emulator/bare ratio).
    const rounds = [];
    for (let i = 0; i < GET_ROUNDS; i++) {
      const r = {};
      r.bare = await wrk({ url: bareUrl, connections: CONNECTIONS, durationS: DURATION_S, headers: auth });
      r.emulator = await wrk({ url: emu.endpoint + path, connections: CONNECTIONS, durationS: DURATION_S, headers: auth });
      r.azurite = await wrk({ url: blobUrl, connections: CONNECTIONS, durationS: DURATION_S });
      r.ratios = { emulatorVsBare: ratio(r.emulator.rps, r.bare.rps), emulatorVsAzurite: ratio(r.emulator.rps, r.azurite.rps) };
      rounds.push(r);
    }
    const rss = { emulator: rssMb(emu.pid), bare: rssMb(bare.child.pid), azurite: rssMb(az.pid) };
    await Promise.all([emu.stop(), bare.stop(), az.stop()]);

    const figures = [...rounds].sort((a, b) => a.ratios.emulatorVsBare - b.ratios.emulatorVsBare)[Math.floor((rounds.length - 1) / 2)];
    const ratios = {
      emulatorVsBare: median(rounds.map((r) => r.ratios.emulatorVsBare)),
      emulatorVsAzurite: median(rounds.map((r) => r.ratios.emulatorVsAzurite)),
    };
    result.sections.get = { bodyBytes: got.body.length, rounds, rssMb: rss, ratios, targets: { vsBareAtLeast: 0.7, vsAzuriteAtLeast: 10 } };
    printTable(
      `1. GET private cluster, HTTPS keep-alive, ${CONNECTIONS} connections, ${DURATION_S} s each (wrk), ${got.body.length}-byte body, median of ${GET_ROUNDS} rounds`,
      ["server", "req/s", "p50 ms", "p99 ms", "errors", "vs bare", "RSS MB"],
      ["bare", "emulator", "azurite"].map((k) => [
        k,
        fmt(figures[k].rps, 0),
        fmt(figures[k].p50, 3),
        fmt(figures[k].p99, 3),
        figures[k].errors,
        fmt(ratio(figures[k].rps, figures.bare.rps)),
        fmt(rss[k], 0),
      ]),
    );
    process.stdout.write(
      `emulator/bare ${fmt(ratios.emulatorVsBare)} (target >= 0.70), emulator/azurite ${fmt(ratios.emulatorVsAzurite)} (target >= 10); per round: ${rounds.map((r) => `${fmt(r.ratios.emulatorVsBare)} / ${fmt(r.ratios.emulatorVsAzurite, 1)}`).join(", ")}\n`,
    );
  }

  // --------------------------------------------------------------------------------------------
  // 2. PUT (create) throughput and p99: SQLite file store and PostgreSQL.
  if (run("put")) {
    const stores = [{ name: "sqlite-file", args: [] }];
    const pg = await import("pg").then((m) => m.default).catch(() => undefined);
    let pgOk = false;
    if (pg) {
      const c = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
      pgOk = await c.connect().then(
        () => true,
        () => false,
      );
      await c.end().catch(() => undefined);
    }
    const schema = `bench_${randomBytes(4).toString("hex")}`;
    if (pgOk) stores.push({ name: "postgres", args: ["--store", "postgres", "--postgres-url", POSTGRES_URL, "--postgres-schema", schema] });
    else process.stderr.write(`PostgreSQL not reachable at ${POSTGRES_URL}: its PUT figures are skipped\n`);

    const figures = {};
    for (const s of stores) {
      const emu = await emulator(s.args);
      await createGroup(emu.client, "put-rg");
      const base = `${clusterPath("put-rg", "")}`;
      // Each wrk thread names its clusters t<thread>-<n>: every request creates a new cluster.
      const lua = `
local threads = 0
setup = function(thread) threads = threads + 1; thread:set("tid", threads) end
local n = 0
local body = ${luaString(JSON.stringify(clusterBody("bench", false)))}
local headers = nil
request = function()
  if headers == nil then
    headers = {}
    for k, v in pairs(wrk.headers) do headers[k] = v end
    headers["Content-Type"] = "application/json"
  end
  n = n + 1
  return wrk.format("PUT", ${luaString(base)} .. "t" .. tid .. "-" .. n .. "?${API}", headers, body)
end
`;
      figures[s.name] = await wrk({
        url: emu.endpoint,
        connections: CONNECTIONS,
        durationS: DURATION_S,
        headers: { authorization: `Bearer ${emu.token}` },
        lua,
      });
      await emu.stop();
    }
    if (pgOk) {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    }
    result.sections.put = { figures };
    printTable(
      `2. PUT (create cluster), ${CONNECTIONS} connections, ${DURATION_S} s (wrk), every request a new cluster`,
      ["store", "creates/s", "p50 ms", "p99 ms", "errors"],
      Object.entries(figures).map(([k, f]) => [k, fmt(f.rps, 0), fmt(f.p50, 3), fmt(f.p99, 3), f.errors]),
    );
  }

  // --------------------------------------------------------------------------------------------
  // 3. Cold start to the first answered request.
  if (run("cold")) {
    // The emulator restarts on a data dir holding one private cluster; a token from an earlier
    // start (same signing key) is sent with the first request, a GET of that cluster.
    const prep = await emulator();
    await createGroup(prep.client, "cold-rg");
    await createCluster(prep.client, "cold-rg", "cold", true);
    const token = prep.token;
    await prep.stop(true);
    const coldPath = `${clusterPath("cold-rg", "cold")}?${API}`;
    const recordedDir = await tempDir("bare");
    cleanups.push(() => rm(recordedDir, { recursive: true, force: true }));
    const recorded = join(recordedDir, "response.json");
    await writeFile(recorded, JSON.stringify({ status: 200, headers: [["content-type", "application/json"]], body: Buffer.from("{}").toString("base64") }));

    /** One fresh connection, one request; resolves with the status. */
    const once = (url, headers) =>
      new Promise((res, rej) => {
        const req = httpsRequest(url, { ca: tls.ca, headers, agent: false }, (r) => {
          r.resume();
          r.on("end", () => res(r.statusCode));
        });
        req.on("error", rej);
        req.end();
      });

    const kinds = {
      emulator: async () => {
        const p = await startProcess(
          process.execPath,
          [CLI, "start", "--port", "0", "--data-dir", prep.dataDir, "--tls-dir", tls.dir, "--log-level", "warn", "--max-resources-per-parent", "1000000"],
          { ready: /ready at (https:\/\/\S+)/ },
        );
        const status = await once(p.match[1] + coldPath, { authorization: `Bearer ${token}` });
        return { p, status };
      },
      bare: async () => {
        const p = await startProcess(process.execPath, [join(BENCH_DIR, "bare-server.mjs"), tls.certPath, tls.keyPath, recorded], {
          ready: /ready at (https:\/\/\S+)/,
        });
        return { p, status: await once(p.match[1] + "/", {}) };
      },
      azurite: async () => {
        const a = await startAzurite(tls);
        // In-memory Azurite starts empty: its first answer is the 404 of a blob read in a public-container path.
        return { p: a, status: await once(`${a.endpoint}/devstoreaccount1/bench/cluster.json`, {}) };
      },
    };
    const samples = { emulator: [], bare: [], azurite: [] };
    const readySamples = { emulator: [], bare: [], azurite: [] };
    const statuses = {};
    for (let i = 0; i < COLD_RUNS; i++) {
      for (const [k, fn] of Object.entries(kinds)) {
        const t0 = process.hrtime.bigint();
        const { p, status } = await fn();
        samples[k].push(Number(process.hrtime.bigint() - t0) / 1e6);
        readySamples[k].push(p.readyMs);
        statuses[k] = status;
        await p.stop();
      }
    }
    await rm(prep.dataDir, { recursive: true, force: true });
    const med = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
    const ratios = { emulatorVsBare: ratio(med.emulator, med.bare), emulatorVsAzurite: ratio(med.emulator, med.azurite) };
    result.sections.cold = {
      samplesMs: samples,
      readyMs: readySamples,
      medianMs: med,
      firstStatus: statuses,
      ratios,
      targets: { vsBareAtMost: 2, vsAzuriteBelow: 1 },
    };
    printTable(
      `3. Cold start: process spawn to the first answered request (new TLS connection), median of ${COLD_RUNS}`,
      ["server", "median ms", "min ms", "max ms", "ready line ms", "status", "vs bare"],
      Object.keys(samples).map((k) => [
        k,
        fmt(med[k], 0),
        fmt(Math.min(...samples[k]), 0),
        fmt(Math.max(...samples[k]), 0),
        fmt(median(readySamples[k]), 0),
        statuses[k],
        fmt(ratio(med[k], med.bare)),
      ]),
    );
    process.stdout.write(`emulator/bare ${fmt(ratios.emulatorVsBare)} (target <= 2), emulator/azurite ${fmt(ratios.emulatorVsAzurite)} (target < 1)\n`);
  }

  // --------------------------------------------------------------------------------------------
  // 4. The private-link scenario through the official TS SDK, in a process of its own.
  if (run("scenario")) {
    const figures = {};
    for (const [name, args] of [
      ["defaults", []],
      ["lro-duration 0", ["--lro-duration", "0"]],
    ]) {
      const emu = await emulator(args);
      const out = await new Promise((res, rej) => {
        const child = spawn(process.execPath, [join(BENCH_DIR, "scenario.mjs")], {
          cwd: BENCH_DIR,
          env: {
            ...process.env,
            NODE_EXTRA_CA_CERTS: tls.caPath,
            AKS_EMULATOR_ENDPOINT: emu.endpoint,
            IDENTITY_ENDPOINT: emu.info.identityEndpoint,
            IDENTITY_HEADER: emu.info.identityHeader,
          },
          stdio: ["ignore", "pipe", "inherit"],
        });
        let text = "";
        child.stdout.on("data", (b) => (text += b));
        child.on("exit", (code) => (code === 0 ? res(text) : rej(new Error(`scenario exited with ${code}: ${text}`))));
      });
      await emu.stop();
      figures[name] = JSON.parse(out.trim().split("\n").pop());
    }
    for (const f of Object.values(figures)) f.budgetMs = f.lros * 1000 + 500;
    result.sections.scenario = { figures, targets: { defaultsAtMostMs: "lros x 1000 + 500", lroDuration0BelowMs: 500 } };
    printTable(
      "4. Private-link scenario through the official TS SDK (rg, vnet, private cluster, private endpoint, approve, reject, delete connection, delete cluster)",
      ["settings", "SDK calls ms", "target ms", "LROs", "polls", "requests", "process start ms", "module load ms"],
      Object.entries(figures).map(([k, f]) => [
        k,
        fmt(f.scenarioMs, 0),
        k === "defaults" ? `<= ${f.budgetMs}` : "< 500",
        f.lros,
        f.polls,
        f.requests,
        fmt(f.processStartMs, 0),
        fmt(f.moduleLoadMs, 0),
      ]),
    );
  }

  // --------------------------------------------------------------------------------------------
  // 5. Scale: 10k clusters, 10 connections on each private one.
  if (run("scale")) {
    const emu = await emulator(["--lro-duration", "0"]);
    const seeded = await seedScale(emu.client, SCALE_CLUSTERS);
    const rssAfterSeed = rssMb(emu.pid);
    const auth = { authorization: `Bearer ${emu.token}` };
    const pick = (expr) => `
local threads = 0
setup = function(thread) threads = threads + 1; thread:set("tid", threads) end
init = function(args) math.randomseed(os.time() * 100 + tid) end
request = function()
  return wrk.format("GET", ${expr})
end
`;
    const g = seeded.layout;
    const clusterExpr = `"/subscriptions/${g.sub}/resourceGroups/" .. ${luaString(g.rgPrefix)} .. math.random(0, ${g.groups - 1}) .. "/providers/Microsoft.ContainerService/managedClusters/" .. ${luaString(g.clusterPrefix)} .. math.random(0, ${g.perGroup - 1}) .. "?${API}"`;
    // Private clusters are those whose index is a multiple of privateEvery.
    const privateExpr = `"/subscriptions/${g.sub}/resourceGroups/" .. ${luaString(g.rgPrefix)} .. math.random(0, ${g.groups - 1}) .. "/providers/Microsoft.ContainerService/managedClusters/" .. ${luaString(g.clusterPrefix)} .. (math.random(0, ${Math.floor((g.perGroup - 1) / g.privateEvery)}) * ${g.privateEvery}) .. "/privateEndpointConnections?${API}"`;
    const pageExpr = `"/subscriptions/${g.sub}/resourceGroups/" .. ${luaString(g.rgPrefix)} .. math.random(0, ${g.groups - 1}) .. "/providers/Microsoft.ContainerService/managedClusters?${API}"`;
    const figures = {};
    figures.getCluster = await wrk({ url: emu.endpoint, connections: CONNECTIONS, durationS: DURATION_S, headers: auth, lua: pick(clusterExpr) });
    figures.listConnections = await wrk({ url: emu.endpoint, connections: CONNECTIONS, durationS: DURATION_S, headers: auth, lua: pick(privateExpr) });
    figures.pageOfClusters = await wrk({ url: emu.endpoint, connections: CONNECTIONS, durationS: DURATION_S, headers: auth, lua: pick(pageExpr) });
    // The same with one connection (one client, no queueing behind the other 15): latency alone.
    const single = { threads: 1, connections: 1, durationS: Math.max(2, Math.round(DURATION_S / 2)), headers: auth };
    figures.getCluster1 = await wrk({ url: emu.endpoint, ...single, lua: pick(clusterExpr) });
    figures.listConnections1 = await wrk({ url: emu.endpoint, ...single, lua: pick(privateExpr) });
    figures.pageOfClusters1 = await wrk({ url: emu.endpoint, ...single, lua: pick(pageExpr) });
    const rssAfterLoad = rssMb(emu.pid);

    // Restart on the file store: SIGTERM, start again, first GET of a cluster answered.
    await emu.stop(true);
    const t0 = process.hrtime.bigint();
    const again = await startProcess(
      process.execPath,
      [
        CLI,
        "start",
        "--port",
        "0",
        "--data-dir",
        emu.dataDir,
        "--tls-dir",
        tls.dir,
        "--log-level",
        "warn",
        "--max-resources-per-parent",
        "1000000",
        "--lro-duration",
        "0",
      ],
      { ready: /ready at (https:\/\/\S+)/ },
    );
    const first = await https(`${again.match[1]}${clusterPath(`${g.rgPrefix}0`, `${g.clusterPrefix}0`)}?${API}`, { headers: auth, ca: tls.ca });
    const restartMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const rssAfterRestart = rssMb(again.child.pid);
    await again.stop();
    await rm(emu.dataDir, { recursive: true, force: true });

    result.sections.scale = {
      seeded,
      figures,
      rssMb: { afterSeed: rssAfterSeed, afterLoad: rssAfterLoad, afterRestart: rssAfterRestart },
      restartMs,
      restartFirstStatus: first.status,
      targets: { getP99BelowMs: 5, listConnectionsP99BelowMs: 5, pageP99BelowMs: 20, rssBelowMb: 300, restartBelowMs: 1000 },
    };
    printTable(
      `5. Scale: ${seeded.clusters} clusters (${seeded.privateClusters} private, ${seeded.connectionsPerPrivate} connections each), ${CONNECTIONS} connections, ${DURATION_S} s each (wrk), random targets`,
      ["request", "connections", "req/s", "p50 ms", "p99 ms", "errors", "target p99"],
      [
        ["GET cluster", CONNECTIONS, figures.getCluster, "< 5"],
        ["list connections", CONNECTIONS, figures.listConnections, "< 5"],
        ["page of clusters (100)", CONNECTIONS, figures.pageOfClusters, "< 20"],
        ["GET cluster", 1, figures.getCluster1, "< 5"],
        ["list connections", 1, figures.listConnections1, "< 5"],
        ["page of clusters (100)", 1, figures.pageOfClusters1, "< 20"],
      ].map(([k, c, f, t]) => [k, c, fmt(f.rps, 0), fmt(f.p50, 3), fmt(f.p99, 3), f.errors, t]),
    );
    process.stdout.write(
      `seeded over HTTPS in ${fmt(seeded.seedMs / 1000, 1)} s (${fmt(seeded.requests / (seeded.seedMs / 1000), 0)} writes/s); RSS ${fmt(rssAfterSeed, 0)} MB after seeding, ${fmt(rssAfterLoad, 0)} MB after the load (target < 300); restart to first answer ${fmt(restartMs, 0)} ms (target < 1000, status ${first.status})\n`,
    );
  }
} finally {
  for (const c of cleanups) await c().catch(() => undefined);
}

const file = await writeResult("bench", result);
process.stdout.write(
  `\nmachine: ${result.machine.cpus} x ${result.machine.cpuModel}, ${result.machine.memoryGb} GB, node ${result.machine.node}, load ${result.machine.loadAverageAtStart}, ${result.machine.date}\nresult: ${file}\n`,
);
