#!/usr/bin/env node
// Where a cold start's time goes (bench/README.md, cold start target).
//   node bench/cold-profile.mjs [runs]
// Seeds a data dir with one private cluster, then starts the emulator `runs` times (default 5) on it,
// each answering one GET of that cluster on a fresh connection. Prints the median spawn-to-ready and
// spawn-to-answer times, and the modules loaded by the answer that are our own (dist/src), with how
// many of them were loaded only after the ready line. With AKS_EMULATOR_BENCH_PROFILE=<dir> each start
// runs under `node --cpu-prof --cpu-prof-dir=<dir>`.
import { request as httpsRequest } from "node:https";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { API, CLI, armClient, clusterBody, clusterPath, median, ownerToken, rgPath, startEmulatorProcess, startProcess, tempDir, tlsMaterial } from "./lib.mjs";

const RUNS = Number(process.argv[2] ?? 5);
const PROFILE = process.env["AKS_EMULATOR_BENCH_PROFILE"];
const tls = await tlsMaterial(await tempDir("tls"));
const data = await tempDir("data");

const seeded = await startEmulatorProcess({ dataDir: data, tlsDir: tls.dir, args: ["--lro-duration", "0"] });
const token = await ownerToken(seeded.info, tls.ca);
const client = armClient(seeded.endpoint, token, tls.ca);
await client.call("PUT", `${rgPath("cold-rg")}?api-version=2021-04-01`, { location: "eastus" });
const made = await client.call("PUT", `${clusterPath("cold-rg", "cold")}?${API}`, clusterBody("cold", true));
if (made.status >= 300) throw new Error(`seeding answered ${made.status}: ${made.body}`);
client.close();
await seeded.stop(true);

// A loader hook that appends each module URL it loads, with the wall clock, to a file.
const traceDir = await tempDir("hook");
const hook = join(traceDir, "trace.mjs");
const traceFile = join(traceDir, "modules.txt");
await writeFile(
  hook,
  `import { register } from "node:module";\nregister("data:text/javascript," + encodeURIComponent(${JSON.stringify(
    `import { appendFileSync } from "node:fs"; export async function load(u, c, n) { const r = await n(u, c); appendFileSync(${JSON.stringify(traceFile)}, Date.now() + " " + u + "\\n"); return r; }`,
  )}));\n`,
);

const once = (url) =>
  new Promise((res, rej) => {
    const req = httpsRequest(url, { ca: tls.ca, headers: { authorization: `Bearer ${token}` }, agent: false }, (r) => {
      r.resume();
      r.on("end", () => res(r.statusCode));
    });
    req.on("error", rej);
    req.end();
  });

const ready = [];
const answered = [];
let readyClock = 0;
for (let i = 0; i <= RUNS; i++) {
  // The last start is traced (the hook slows it down): it only lists modules, its times are not counted.
  const traced = i === RUNS;
  const nodeArgs = [...(traced ? ["--import", hook] : []), ...(PROFILE && !traced ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE}`] : [])];
  const t0 = process.hrtime.bigint();
  const p = await startProcess(process.execPath, [...nodeArgs, CLI, "start", "--port", "0", "--data-dir", data, "--tls-dir", tls.dir, "--log-level", "warn"], {
    ready: /ready at (https:\/\/\S+)/,
  });
  readyClock = Date.now();
  const status = await once(p.match[1] + `${clusterPath("cold-rg", "cold")}?${API}`);
  if (status !== 200) throw new Error(`the cold GET answered ${status}`);
  if (!traced) {
    answered.push(Number(process.hrtime.bigint() - t0) / 1e6);
    ready.push(p.readyMs);
  }
  await p.stop();
}
const lines = (await readFile(traceFile, "utf8"))
  .trim()
  .split("\n")
  .map((l) => l.split(" "));
const own = (u) => u.includes("/dist/src/");
const before = lines.filter(([t]) => Number(t) <= readyClock);
const after = lines.filter(([t]) => Number(t) > readyClock);
console.log(`ready ms (median of ${RUNS}): ${median(ready).toFixed(0)}; first answer ms: ${median(answered).toFixed(0)}`);
console.log(`modules by the ready line: ${before.length} (${before.filter(([, u]) => own(u)).length} ours); after it, by the first answer: ${after.length}`);
if (process.env["AKS_EMULATOR_BENCH_LIST"]) {
  for (const [, u] of before) console.log(`  start  ${u.replace(/^.*\/(dist\/src|node_modules)\//, "$1/")}`);
  for (const [, u] of after) console.log(`  answer ${u.replace(/^.*\/(dist\/src|node_modules)\//, "$1/")}`);
}
