// The emulator the Node 24 suites of this folder (scenario.mjs, client-walk.mjs) start: the host's Node 20
// runs `node dist/src/cli/main.js start` (its native modules are built for it), and `aks-emulator env`
// gives the SDKs what they need. See the header of scenario.mjs.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const REPO_ROOT = resolve(HERE, "../..");
const CLI_MAIN = join(REPO_ROOT, "dist/src/cli/main.js");
const TLS_DIR = resolve(REPO_ROOT, process.env.AKS_EMULATOR_TEST_TLS_DIR ?? ".test-tls");
const READY_LINE = /^aks-emulator ready at (https:\/\/\S+)$/m;

/** The host's Node 20 for the emulator: AKS_EMULATOR_NODE, else the first `node` on PATH outside this folder. */
export function hostNode() {
  if (process.env.AKS_EMULATOR_NODE) return process.env.AKS_EMULATOR_NODE;
  const own = realpathSync(process.execPath);
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, "node");
    if (!dir || !existsSync(candidate)) continue;
    if (realpathSync(candidate) === own || resolve(dir).startsWith(resolve(HERE, "node_modules"))) continue;
    return candidate;
  }
  throw new Error("no host node (Node 20) found on PATH for the emulator; set AKS_EMULATOR_NODE");
}

/** `node dist/src/cli/main.js start --port 0 --data-dir D --tls-dir .test-tls --lro-duration MS`, resolved on the ready line. */
export function startEmulator(node, dataDir, lroDurationMs) {
  const proc = spawn(node, [CLI_MAIN, "start", "--port", "0", "--data-dir", dataDir, "--tls-dir", TLS_DIR, "--lro-duration", String(lroDurationMs)], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  process.once("exit", () => proc.kill("SIGKILL"));
  let out = "";
  let err = "";
  proc.stdout.setEncoding("utf8");
  proc.stderr.setEncoding("utf8").on("data", (c) => (err += c));
  return new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => {
      proc.kill("SIGKILL");
      reject(new Error(`emulator not ready after 20 s\nstdout:\n${out}\nstderr:\n${err}`));
    }, 20_000);
    proc.stdout.on("data", (c) => {
      out += c;
      const m = READY_LINE.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveReady({ proc, endpoint: m[1] });
      }
    });
    proc.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited before it was ready (code ${code}, signal ${signal})\nstdout:\n${out}\nstderr:\n${err}`));
    });
  });
}

/** The variables `aks-emulator env --data-dir D` prints (export NAME='value' lines). */
function emulatorEnv(node, dataDir) {
  const r = spawnSync(node, [CLI_MAIN, "env", "--data-dir", dataDir], { cwd: REPO_ROOT, encoding: "utf8", timeout: 20_000 });
  assert.equal(r.status, 0, `aks-emulator env exited ${r.status}: ${r.stderr}`);
  const vars = {};
  for (const line of r.stdout.split("\n")) {
    const m = /^export ([A-Z_]+)='((?:[^']|'\\'')*)'$/.exec(line);
    if (m) vars[m[1]] = m[2].replaceAll("'\\''", "'");
  }
  return vars;
}

/** Stops an emulator startEmulator started: SIGTERM, SIGKILL after 10 s. */
export async function stopEmulator(emulator) {
  if (emulator.proc.exitCode !== null) return;
  const exited = new Promise((r) => emulator.proc.once("exit", r));
  emulator.proc.kill("SIGTERM");
  const timer = setTimeout(() => emulator.proc.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * eval "$(aks-emulator env)" for this process: the identity variables DefaultAzureCredential finds,
 * the endpoint, the subscription. Node reads NODE_EXTRA_CA_CERTS at start only: this process must
 * have been started with the instance's CA, which is checked first.
 */
export function useEmulatorEnv(node, dataDir, emulator) {
  const env = emulatorEnv(node, dataDir);
  assert.ok(process.env.NODE_EXTRA_CA_CERTS, `start this suite with NODE_EXTRA_CA_CERTS=${env.NODE_EXTRA_CA_CERTS}`);
  assert.equal(
    readFileSync(resolve(process.env.NODE_EXTRA_CA_CERTS), "utf8"),
    readFileSync(env.NODE_EXTRA_CA_CERTS, "utf8"),
    `NODE_EXTRA_CA_CERTS (${process.env.NODE_EXTRA_CA_CERTS}) is not the emulator's CA (${env.NODE_EXTRA_CA_CERTS})`,
  );
  for (const [k, v] of Object.entries(env)) if (k !== "NODE_EXTRA_CA_CERTS") process.env[k] = v;
  assert.equal(process.env.AKS_EMULATOR_ENDPOINT, emulator.endpoint);
}
