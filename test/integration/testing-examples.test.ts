import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { REPO_ROOT, makeTempDir } from "../support/child.js";
import { debianClientGate, runProcess, startNetworkGuard, type NetworkGuard } from "../support/clients.js";

/**
 * The testing examples of docs/testing-controls.md, run as users run them: examples/vitest with vitest (which resolves
 * `aks-emulator/testing` through the package's "exports"), examples/pytest with Debian's pytest and
 * python3-azure. Each runs in a process that gets PATH, a scratch HOME and the network guard's proxy
 * variables only: no NODE_EXTRA_CA_CERTS, no Azure variables; nothing may leave the machine.
 */

const VITEST = join(REPO_ROOT, "node_modules/vitest/vitest.mjs");
const pythonGates = [debianClientGate("python3-azure"), debianClientGate("python3-pytest")];
const pythonSkip = pythonGates.find((g) => g.skip)?.skip ?? false;

describe("docs/testing-controls.md: the examples", () => {
  it("shows exactly examples/vitest/cluster.test.ts, examples/pytest/conftest.py and test_clusters.py", async () => {
    const readme = await readFile(join(REPO_ROOT, "docs/testing-controls.md"), "utf8");
    for (const [file, lang] of [
      ["examples/vitest/cluster.test.ts", "ts"],
      ["examples/pytest/conftest.py", "python"],
      ["examples/pytest/test_clusters.py", "python"],
    ] as const) {
      const snippet = await readFile(join(REPO_ROOT, file), "utf8");
      assert.ok(readme.includes("```" + lang + "\n" + snippet + "```"), `docs/testing-controls.md must contain ${file} verbatim in a \`\`\`${lang} block`);
    }
  });
});

describe("testing examples", { timeout: 180_000 }, () => {
  let guard: NetworkGuard;
  let home: string;
  before(async () => {
    [guard, home] = await Promise.all([startNetworkGuard(), makeTempDir("aks-emu-exhome-")]);
  });
  after(async () => {
    await guard?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });
  const env = () => ({ PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: home, ...guard.env });

  it("examples/vitest: `vitest run` passes both tests", async (t) => {
    const r = await runProcess(process.execPath, [VITEST, "run", "--root", "examples/vitest", "--reporter", "verbose"], {
      env: { ...env(), NO_COLOR: "1" },
      cwd: REPO_ROOT,
      timeoutMs: 120_000,
      killGroupOnClose: true,
    });
    const out = r.stdout + r.stderr;
    assert.equal(r.code, 0, out);
    assert.match(out, /✓ cluster\.test\.ts > creates a cluster/);
    assert.match(out, /✓ cluster\.test\.ts > sees an injected failure/);
    assert.match(out, /Tests {2}2 passed \(2\)/);
    t.diagnostic(`vitest took ${r.ms} ms`);
  });

  it("examples/pytest: Debian's pytest with the session fixture passes every test", { skip: pythonSkip }, async (t) => {
    const tests = readdirSync(join(REPO_ROOT, "examples/pytest")).filter((f) => /^test_.*\.py$/.test(f));
    const r = await runProcess("/usr/bin/python3", ["-m", "pytest", "-p", "no:cacheprovider", "-v", "examples/pytest"], {
      // No AKS_EMULATOR_CLI: the fixture finds dist/src/cli/main.js as written.
      env: { ...env(), PYTHONDONTWRITEBYTECODE: "1" },
      cwd: REPO_ROOT,
      timeoutMs: 120_000,
      killGroupOnClose: true,
    });
    const out = r.stdout + r.stderr;
    assert.equal(r.code, 0, out);
    for (const name of ["test_creates_a_cluster", "test_starts_empty", "test_sees_an_injected_error"]) {
      assert.match(out, new RegExp(`test_clusters\\.py::${name} PASSED`), out);
    }
    assert.match(out, /\b3 passed\b/);
    assert.deepEqual(tests, ["test_clusters.py"]);
    t.diagnostic(`pytest took ${r.ms} ms`);
  });

  it("nothing tried to leave the machine", () => {
    assert.deepEqual(guard.attempts, []);
  });
});
