// Shared helpers of the benchmark scripts: processes, HTTPS, tokens, wrk, statistics.
// Plain ESM with JSDoc; not part of the product and not compiled by tsc.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { request as httpsRequest, Agent } from "node:https";
import { createServer } from "node:net";
import { cpus, tmpdir, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(BENCH_DIR, "..");
/** The emulator's CLI: this build's, or another build's (AKS_EMULATOR_BENCH_CLI, for bench/compare.mjs). */
export const CLI = process.env["AKS_EMULATOR_BENCH_CLI"] ?? join(ROOT, "dist/src/cli/main.js");
export const SUB = "00000000-0000-0000-0000-000000000000";
export const API = "api-version=2026-04-01";

/** Installs bench/'s own packages (Azurite, autocannon) on first use, from its lockfile. */
export function ensureBenchDeps() {
  if (existsSync(join(BENCH_DIR, "node_modules/azurite/package.json")) && existsSync(join(BENCH_DIR, "node_modules/autocannon/package.json"))) return;
  process.stderr.write("installing bench/'s packages (azurite, autocannon) from bench/package-lock.json...\n");
  const r = spawnSync("npm", ["ci", "--prefix", BENCH_DIR, "--no-audit", "--no-fund", "--ignore-scripts"], { stdio: "inherit" });
  if (r.status !== 0) throw new Error("npm ci --prefix bench failed");
}

export function ensureBuilt() {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
}

export function which(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
}

/** A free loopback port (for programs that cannot be told to pick one). */
export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {import("node:net").AddressInfo} */ (s.address());
      s.close(() => res(port));
    });
  });
}

export async function tempDir(prefix) {
  return mkdtemp(join(tmpdir(), `aks-bench-${prefix}-`));
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Spawns a process and waits until a line of its stdout or stderr matches `ready`.
 * @returns {Promise<{child: import("node:child_process").ChildProcess, match: RegExpMatchArray, readyMs: number, startedAt: bigint, stop: () => Promise<void>}>}
 */
export function startProcess(cmd, args, { ready, env = {}, cwd = ROOT, timeoutMs = 30_000 } = {}) {
  const startedAt = process.hrtime.bigint();
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const stop = () =>
    new Promise((r) => {
      if (child.exitCode !== null || child.signalCode !== null) return r();
      child.once("exit", () => r());
      child.kill("SIGTERM");
      setTimeout(() => child.exitCode === null && child.kill("SIGKILL"), 5000).unref();
    });
  return new Promise((res, rej) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      rej(new Error(`${cmd} ${args.join(" ")} not ready after ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    let done = false;
    const onData = (buf) => {
      if (done) return;
      out += buf.toString();
      const m = out.match(ready);
      if (m) {
        done = true;
        clearTimeout(timer);
        res({ child, match: m, readyMs: Number(process.hrtime.bigint() - startedAt) / 1e6, startedAt, stop });
      }
      if (out.length > 1e6) out = out.slice(-1e5);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      if (!done) {
        clearTimeout(timer);
        rej(new Error(`${cmd} exited with ${code} before it was ready:\n${out}`));
      }
    });
  });
}

/** TLS material for every server of a run: the emulator's own CA and leaf (`aks-emulator tls`). */
export async function tlsMaterial(dir) {
  const r = spawnSync(process.execPath, [CLI, "tls", "--tls-dir", dir], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`aks-emulator tls failed: ${r.stderr}`);
  return {
    dir,
    caPath: join(dir, "ca.pem"),
    certPath: join(dir, "server.pem"),
    keyPath: join(dir, "server-key.pem"),
    ca: await readFile(join(dir, "ca.pem"), "utf8"),
  };
}

/**
 * Starts the emulator through its CLI as a separate process.
 * @param {{dataDir: string, tlsDir: string, args?: string[]}} o
 */
export async function startEmulatorProcess(o) {
  const p = await startProcess(
    process.execPath,
    [
      CLI,
      "start",
      "--port",
      "0",
      "--data-dir",
      o.dataDir,
      "--tls-dir",
      o.tlsDir,
      "--log-level",
      "warn",
      "--max-resources-per-parent",
      "1000000",
      ...(o.args ?? []),
    ],
    { ready: /aks-emulator ready at (https:\/\/\S+)/ },
  );
  const info = JSON.parse(await readFile(join(o.dataDir, "runtime.json"), "utf8"));
  return { ...p, endpoint: p.match[1], info, pid: p.child.pid };
}

/**
 * One HTTPS request; the body is JSON-encoded unless it is a string or Buffer.
 * @returns {Promise<{status: number, headers: import("node:http").IncomingHttpHeaders, rawHeaders: string[], body: Buffer, json: any}>}
 */
export function https(url, { method = "GET", headers = {}, body, ca, agent } = {}) {
  const payload = body === undefined ? undefined : Buffer.isBuffer(body) || typeof body === "string" ? Buffer.from(body) : Buffer.from(JSON.stringify(body));
  const h = { ...headers };
  if (payload) {
    h["content-length"] = String(payload.length);
    h["content-type"] ??= "application/json";
  }
  return new Promise((res, rej) => {
    const req = httpsRequest(url, { method, headers: h, ca, agent }, (r) => {
      const chunks = [];
      r.on("data", (c) => chunks.push(c));
      r.on("end", () => {
        const buf = Buffer.concat(chunks);
        let json;
        try {
          json = JSON.parse(buf.toString("utf8"));
        } catch {
          json = undefined;
        }
        res({ status: r.statusCode ?? 0, headers: r.headers, rawHeaders: r.rawHeaders, body: buf, json });
      });
      r.on("error", rej);
    });
    req.on("error", rej);
    req.end(payload);
  });
}

/** An Owner token for `resource`, from the instance's managed-identity endpoint (as `aks-emulator env` users get one). */
export async function ownerToken(info, ca, resource = "https://management.azure.com") {
  const r = await https(`${info.identityEndpoint}?api-version=2019-08-01&resource=${encodeURIComponent(resource)}`, {
    headers: { "x-identity-header": info.identityHeader },
    ca,
  });
  if (r.status !== 200) throw new Error(`token endpoint answered ${r.status}: ${r.body}`);
  return r.json.access_token;
}

/** Client for one emulator: authenticated JSON requests over one keep-alive agent. */
export function armClient(endpoint, token, ca, maxSockets = 32) {
  const agent = new Agent({ ca, keepAlive: true, maxSockets });
  const call = async (method, path, body) => {
    const r = await https(endpoint + path, { method, headers: { authorization: `Bearer ${token}` }, body, agent });
    return r;
  };
  return { call, agent, close: () => agent.destroy() };
}

export function rgPath(rg) {
  return `/subscriptions/${SUB}/resourceGroups/${rg}`;
}
export function clusterPath(rg, name) {
  return `${rgPath(rg)}/providers/Microsoft.ContainerService/managedClusters/${name}`;
}
export function clusterBody(name, isPrivate) {
  return {
    location: "eastus",
    properties: {
      dnsPrefix: name,
      agentPoolProfiles: [{ name: "nodepool1", count: 1, vmSize: "Standard_DS2_v2", mode: "System", osType: "Linux" }],
      ...(isPrivate ? { apiServerAccessProfile: { enablePrivateCluster: true } } : {}),
    },
    identity: { type: "SystemAssigned" },
  };
}

/** Waits until a long-running resource reports provisioningState Succeeded. */
export async function waitSucceeded(client, path, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await client.call("GET", `${path}?${API}`);
    const state = r.json?.properties?.provisioningState;
    if (r.status === 200 && state === "Succeeded") return r;
    if (Date.now() > until) throw new Error(`${path}: still ${r.status} ${state} after ${timeoutMs} ms`);
    await sleep(20);
  }
}

// ------------------------------------------------------------------------------------------------
// wrk

const WRK_REPORT = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"durationUs":%d,"bytes":%d,"p50Us":%d,"p90Us":%d,"p99Us":%d,"maxUs":%d,"meanUs":%.1f,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean, e.connect, e.read, e.write, e.status, e.timeout))
end
`;

/**
 * Runs wrk and returns its figures (latency in ms). `lua` is extra script text (request/setup
 * functions) placed before the JSON reporter.
 * @param {{url: string, connections?: number, threads?: number, durationS?: number, headers?: Record<string,string>, lua?: string, timeoutS?: number}} o
 */
export async function wrk(o) {
  const dir = await tempDir("wrk");
  const script = join(dir, "script.lua");
  await writeFile(script, (o.lua ?? "") + WRK_REPORT);
  const args = [
    "-t",
    String(o.threads ?? 2),
    "-c",
    String(o.connections ?? 16),
    "-d",
    `${o.durationS ?? 10}s`,
    "--timeout",
    `${o.timeoutS ?? 10}s`,
    "-s",
    script,
  ];
  for (const [k, v] of Object.entries(o.headers ?? {})) args.push("-H", `${k}: ${v}`);
  args.push(o.url);
  const r = await new Promise((res) => {
    const child = spawn("wrk", args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (b) => (out += b));
    child.stderr.on("data", (b) => (out += b));
    child.on("exit", (code) => res({ code, out }));
  });
  await rm(dir, { recursive: true, force: true });
  const line = r.out.split("\n").find((l) => l.startsWith("WRKJSON "));
  if (!line) throw new Error(`wrk gave no report (exit ${r.code}):\n${r.out}`);
  const j = JSON.parse(line.slice(8));
  const errors = Object.values(j.errors).reduce((a, b) => a + b, 0);
  return {
    requests: j.requests,
    rps: j.requests / (j.durationUs / 1e6),
    p50: j.p50Us / 1000,
    p90: j.p90Us / 1000,
    p99: j.p99Us / 1000,
    max: j.maxUs / 1000,
    errors,
    errorDetail: j.errors,
  };
}

/** Lua string literal. */
export function luaString(s) {
  return JSON.stringify(s);
}

// ------------------------------------------------------------------------------------------------
// processes and figures

/** Resident set size of a process in MB (Linux /proc). */
export function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const m = status.match(/VmRSS:\s+(\d+) kB/);
  return m ? Number(m[1]) / 1024 : NaN;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export function machine() {
  const c = cpus();
  let load = "";
  try {
    load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    /* not Linux */
  }
  return {
    cpus: c.length,
    cpuModel: c[0]?.model ?? "unknown",
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverageAtStart: load,
    date: new Date().toISOString(),
  };
}

export const fmt = (x, digits = 2) => (x === undefined || x === null || Number.isNaN(x) ? "-" : typeof x === "number" ? x.toFixed(digits) : String(x));

/** Prints rows as an aligned text table. */
export function printTable(title, header, rows) {
  const all = [header, ...rows.map((r) => r.map((c) => String(c)))];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  process.stdout.write(`\n${title}\n${line(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}\n${all.slice(1).map(line).join("\n")}\n`);
}

export async function writeResult(name, result) {
  const dir = join(BENCH_DIR, "results");
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  await writeFile(file, JSON.stringify(result, null, 2) + "\n");
  return file;
}
