import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { startAksEmulator, type StartedAksEmulator } from "../../src/testing/index.js";
import { makeTempDir } from "../support/child.js";
import { debianClientGate, runProcess, startNetworkGuard, type NetworkGuard } from "../support/clients.js";

const root = resolve(import.meta.dirname, "../../..");
const cli = join(root, "dist/src/cli/main.js");

/** The README's TypeScript snippet, run in a new shell after `eval "$(npx aks-emulator env)"`. */
describe("README quickstart", () => {
  let emulator: StartedAksEmulator;
  let dataDir: string;

  before(async () => {
    // Not in memory: the quickstart runs against a start as the README shows it (state.db in the data dir).
    emulator = await startAksEmulator({ inMemory: false });
    dataDir = emulator.dataDir;
  });
  after(() => emulator?.stop());

  it("the README shows exactly examples/quickstart.ts", async () => {
    const readme = await readFile(join(root, "README.md"), "utf8");
    const snippet = await readFile(join(root, "examples/quickstart.ts"), "utf8");
    assert.ok(readme.includes("```ts\n" + snippet + "```"), "README.md must contain examples/quickstart.ts verbatim in a ```ts block");
  });

  it("runs in a new shell with only the variables `aks-emulator env` prints", async () => {
    const env: Record<string, string> = { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "" };
    const script = `eval "$(node ${JSON.stringify(cli)} env --data-dir ${JSON.stringify(dataDir)})" && node ${JSON.stringify(join(root, "dist/examples/quickstart.js"))}`;
    const { stdout } = await promisify(execFile)("bash", ["-c", script], { env, cwd: root, timeout: 60_000 });
    const lines = stdout.trim().split("\n");
    assert.match(lines[0]!, /^created quickstart-aks: Succeeded, fqdn quickstart-[0-9a-z]{8}\.hcp\.eastus\.azmk8s\.io$/);
    assert.deepEqual(lines.slice(1), [
      "got quickstart-aks: kubernetes 1.36.5",
      "in group: quickstart-aks",
      "in subscription: quickstart-aks",
      'tags: {"env":"ci"}',
      "deleted quickstart-aks",
      "deleted quickstart-rg",
    ]);
  });
});

/** Single-quotes a value for bash. */
function sh(v: string): string {
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

/** The README's ```sh blocks, in order, one command a line. */
function shellBlocks(readme: string): string[][] {
  return [...readme.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]!.split("\n").filter((l) => l.trim() !== ""));
}

/**
 * One README line as the acceptance run sends it: the install line skipped; `start` in the background
 * on free ports (`--port 0`, `--proxy-port 0`) in a fresh data dir, waited for until ready; every other
 * `npx aks-emulator ...` with that `--data-dir` added; the rest as written.
 */
function asRun(line: string, dataDir: string, startOut: string): string | undefined {
  if (/^npm ci\b/.test(line)) return undefined;
  const start = /^npx aks-emulator start\b([^#]*?)\s*(#.*)?$/.exec(line);
  if (start) {
    const args = start[1]!.replace(/--proxy-port \d+/, "--proxy-port 0");
    return (
      `npx aks-emulator start${args} --port 0 --data-dir ${sh(dataDir)} >${sh(startOut)} 2>&1 &\n` +
      `for i in $(seq 600); do grep -q 'ready at' ${sh(startOut)} && break; sleep 0.1; done; grep 'ready at' ${sh(startOut)}`
    );
  }
  return line.replace(/npx aks-emulator ([^)#\n]*?)(\s*)(\)|#|$)/g, (_m, args: string, space: string, end: string) => {
    return `npx aks-emulator ${args} --data-dir ${sh(dataDir)}${space}${end}`;
  });
}

const azGate = debianClientGate("azure-cli");

/**
 * Issue #21's acceptance: the README's shell blocks, in order, in one fresh bash (PATH and a new HOME
 * only, so az meets a config dir it has never seen), as a new user runs them from the clone. Anything
 * that tries to leave the machine meets the network guard (or, once the proxy block set HTTPS_PROXY,
 * the emulator's own proxy, which logs what it refuses): neither may see an attempt.
 */
describe("README: every shell block, in order, in a fresh shell", { skip: azGate.skip, timeout: 300_000 }, () => {
  let guard: NetworkGuard;
  let home: string;
  before(async () => {
    [guard, home] = await Promise.all([startNetworkGuard(), makeTempDir("aks-emu-readme-")]);
  });
  after(async () => {
    await guard?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it("runs as written (install line skipped, --port 0 and --data-dir substituted) and nothing leaves the machine", async (t) => {
    const readme = await readFile(join(root, "README.md"), "utf8");
    const blocks = shellBlocks(readme);
    assert.ok(blocks.length >= 4, `README.md has the set-up, SDK, az and proxy blocks: ${blocks.length} sh blocks`);
    const dataDir = join(home, "data");
    const startOut = join(home, "start.out");
    const lines = blocks.flat();
    assert.ok(
      lines.some((l) => /^npm ci\b/.test(l)),
      "the set-up block has the install line",
    );
    assert.ok(
      lines.some((l) => l.startsWith("npx aks-emulator start")),
      "the set-up block starts the emulator",
    );
    const script = ["set -e"];
    lines.forEach((line, i) => {
      const run = asRun(line, dataDir, startOut);
      if (run === undefined) return;
      script.push(`echo ${sh(`### ${i}: ${line}`)}`, `echo "### $(date +%s%3N) ${i}" >&2`, run);
    });
    const kubeconfig = join(root, "aks1.kubeconfig");
    const hadKubeconfig = existsSync(kubeconfig);
    try {
      const r = await runProcess("bash", ["-c", script.join("\n")], {
        // npx must never fetch a package: it finds this clone's own bin, and may not ask the registry. It
        // keeps its usual cache: an empty one costs npm about 30 s at its first run, even offline.
        // npx installs the clone into that cache, which runs its `prepare` (a whole build) once per
        // clone: not in the middle of the suite, whose other emulators read dist/ meanwhile.
        env: {
          PATH: process.env["PATH"] ?? "/usr/bin:/bin",
          HOME: home,
          npm_config_yes: "false",
          npm_config_offline: "true",
          npm_config_ignore_scripts: "true",
          npm_config_update_notifier: "false",
          npm_config_cache: join(process.env["HOME"] ?? home, ".npm"),
          ...guard.env,
        },
        cwd: root,
        timeoutMs: 280_000,
        killGroupOnClose: true,
      });
      const started = await readFile(startOut, "utf8").catch(() => "");
      const transcript = `exit ${r.code} after ${r.ms} ms\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}\nemulator:\n${started}`;
      const marks = [...r.stderr.matchAll(/^### (\d+) (\d+)$/gm)].map((m) => [Number(m[1]), Number(m[2])] as const);
      const took = marks.map(([at, i], k) => `${lines[i]!.slice(0, 40)}: ${((marks[k + 1]?.[0] ?? marks[0]![0] + r.ms) - at) / 1000} s`);
      t.diagnostic(`${lines.length} README lines in ${r.ms} ms; ${took.join("; ")}`);
      assert.equal(r.code, 0, transcript);

      // What each way in printed.
      assert.match(r.stdout, /^aks-emulator ready at https:\/\/127\.0\.0\.1:\d+$/m, transcript);
      assert.match(r.stdout, /^created quickstart-aks: Succeeded, fqdn /m);
      assert.match(r.stdout, /^deleted quickstart-rg$/m);
      assert.match(r.stdout, /^aks1\s+eastus\s+rg1\s.*Succeeded/m, "az aks list -o table");
      assert.match(r.stdout, /"name": "rg1"/, "the proxy block's az reached the emulator");
      // The testing-controls block: the fault it adds is listed with its order.
      assert.match(r.stdout, /"order": 1/);

      // Nothing tried to leave the machine: not through the guard, not through the emulator's proxy.
      assert.deepEqual(guard.attempts, []);
      assert.doesNotMatch(started, /proxy refused/, started);
    } finally {
      if (!hadKubeconfig) await rm(kubeconfig, { force: true });
    }
  });
});
