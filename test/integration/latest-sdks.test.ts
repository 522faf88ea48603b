import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT, testTlsDir } from "../support/child.js";
import { runProcess } from "../support/clients.js";

/**
 * The newest SDK majors under Node 24: test/latest/ has its own package.json and package-lock.json
 * (the newest @azure/arm-containerservice, arm-network, arm-resources, identity, and the `node` package
 * from npm, which ships the Node 24 binary at test/latest/node_modules/node/bin/node). This wrapper runs
 * `<node 24> --test test/latest/scenario.mjs test/latest/client-walk.mjs` (plain ESM: no compile step;
 * the walk imports the compiled dist/test/support/client-walk.js) and fails when either fails; each
 * starts its own emulator with this process's Node 20.
 *
 * Install rule, like the other unchanged clients: when test/latest is not installed (or is stale
 * against its lockfile), a SKIP naming the install command; under CI=true that is a failure. .ci/run
 * installs it (`npm ci --prefix test/latest`).
 */

const LATEST_DIR = join(REPO_ROOT, "test/latest");
const NODE24 = join(LATEST_DIR, "node_modules/node/bin/node");
const INSTALL = "npm ci --prefix test/latest";

/** Why test/latest cannot run as installed (undefined: ready). */
function notReady(): string | undefined {
  const pkg = JSON.parse(readFileSync(join(LATEST_DIR, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  const lock = JSON.parse(readFileSync(join(LATEST_DIR, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string }> };
  for (const name of Object.keys(pkg.dependencies)) {
    const want = lock.packages[`node_modules/${name}`]?.version;
    const file = join(LATEST_DIR, "node_modules", name, "package.json");
    if (!existsSync(file)) return `test/latest/node_modules/${name} is missing`;
    const have = (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
    if (have !== want) return `test/latest/node_modules/${name} is ${have}, the lockfile pins ${want}`;
  }
  if (!existsSync(NODE24)) return `${NODE24} is missing (the node package's install script did not run?)`;
  const v = spawnSync(NODE24, ["--version"], { encoding: "utf8", timeout: 10_000 });
  if (v.status !== 0 || !/^v24\./.test(v.stdout)) return `${NODE24} --version answered ${JSON.stringify(v.stdout || v.stderr || v.error?.message)}, not v24.x`;
  return undefined;
}

const reason = notReady();
const message = reason && `${reason}; install it with: ${INSTALL}`;
if (message && process.env["CI"] === "true") {
  test("test/latest (newest SDKs, Node 24) is installed (CI=true: a missing client is a failure)", () => {
    throw new Error(message);
  });
}

test("newest SDKs under Node 24 (test/latest/scenario.mjs, client-walk.mjs): the private-networking scenario and every method of the client", {
  skip: message ?? false,
  timeout: 300_000,
}, async (t) => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // The emulator runs under this Node 20 (its native modules are built for it); the SDKs under Node 24.
    AKS_EMULATOR_NODE: process.execPath,
    AKS_EMULATOR_TEST_TLS_DIR: testTlsDir(),
    NODE_EXTRA_CA_CERTS: join(testTlsDir(), "ca.pem"),
  };
  // Set by this runner for its own children: the Node 24 runner must report to us as a top-level run.
  delete env["NODE_TEST_CONTEXT"];
  // The group is killed at the end too: the scenario's emulator, should it have outlived the runner.
  const r = await runProcess(NODE24, ["--test", "--test-reporter=spec", join(LATEST_DIR, "scenario.mjs"), join(LATEST_DIR, "client-walk.mjs")], {
    env,
    cwd: REPO_ROOT,
    timeoutMs: 270_000,
    killGroupOnClose: true,
  });
  const out = r.stdout + r.stderr;
  for (const line of out.split("\n")) {
    const l = line.trim();
    if (/^ℹ (SDKs:|observed |\d+ methods called)/.test(l) || /^▶ (newest SDKs|every method of ContainerServiceClient)/.test(l)) t.diagnostic(l.slice(2));
  }
  // One line, not "pass N" diagnostics of their own: the outer runner reads those as its own totals.
  const count = (k: string) => new RegExp(`^ℹ ${k} (\\d+)`, "m").exec(out)?.[1] ?? "?";
  t.diagnostic(
    `scenario.mjs and client-walk.mjs under ${NODE24.slice(REPO_ROOT.length)}: ${count("pass")} passed, ${count("fail")} failed of ${count("tests")}`,
  );
  assert.equal(r.code, 0, `node 24 --test exited ${r.code} (${r.signal ?? "no signal"})\n${out}`);
  assert.match(out, /^ℹ fail 0$/m, out);
  assert.doesNotMatch(out, /^ℹ pass 0$/m, out);
});
