import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { CLI_MAIN, REPO_ROOT, makeTempDir, testTlsDir } from "../support/child.js";
import { startAksEmulator, type StartedAksEmulator } from "../../src/testing/index.js";
import { debianClientGate, runShell, sh, startNetworkGuard, type NetworkGuard, type ShellResult } from "../support/clients.js";

/**
 * The Python SDK as users run it: Debian's /usr/bin/python3 with python3-azure
 * (azure-mgmt-containerservice 21.1.0, api-version 2022-11-01; azure-mgmt-network, azure-mgmt-resource,
 * azure-identity 1.13 with DefaultAzureCredential), unchanged. Each test/python/*.py file and docs/clients.md's
 * Python snippet (examples/quickstart.py) runs in a new bash that did only
 * `eval "$(aks-emulator env --data-dir D)"` against an emulator started by aks-emulator/testing (the test CA).
 *
 * The shell starts from PATH and a scratch HOME only. It also gets the network guard's proxy variables
 * (NO_PROXY=127.0.0.1,localhost): they change nothing for loopback, and anything that would leave the
 * machine is refused and recorded; the suite asserts that nothing was.
 */

const PYTHON = "/usr/bin/python3";
const PYTHON_DIR = join(REPO_ROOT, "test/python");
const gate = debianClientGate("python3-azure");
const pythonFiles = readdirSync(PYTHON_DIR)
  // `_support.py` and the like are modules the tests import, not tests.
  .filter((f) => f.endsWith(".py") && !f.startsWith("_"))
  .sort();

/** "Ran 8 tests in 8.3s" + "OK" from unittest's summary. */
function unittestSummary(r: ShellResult): string {
  const ran = /^Ran (\d+) tests? in ([\d.]+s)$/m.exec(r.stderr);
  const verdict = /^(OK|FAILED.*)$/m.exec(r.stderr);
  return ran ? `${ran[1]} passed of ${ran[1]} in ${ran[2]} (${verdict?.[1] ?? "?"})` : "no unittest summary";
}

describe("docs/clients.md: Python", () => {
  it("shows exactly examples/quickstart.py in a ```python block", async () => {
    const doc = await readFile(join(REPO_ROOT, "docs/clients.md"), "utf8");
    const snippet = await readFile(join(REPO_ROOT, "examples/quickstart.py"), "utf8");
    assert.ok(doc.includes("```python\n" + snippet + "```"), "docs/clients.md must contain examples/quickstart.py verbatim in a ```python block");
  });
});

describe("Python SDK (Debian python3-azure) through DefaultAzureCredential", { skip: gate.skip, timeout: 180_000 }, () => {
  let child: StartedAksEmulator;
  let guard: NetworkGuard;
  let home: string;

  before(async () => {
    [child, guard, home] = await Promise.all([
      startAksEmulator({ tlsDir: testTlsDir(), inMemory: false }),
      startNetworkGuard(),
      makeTempDir("aks-emu-pyhome-"),
    ]);
  });
  after(async () => {
    // stop() also removes the emulator's temp data dir.
    await Promise.all([child?.stop(), guard?.close()]);
    if (home) await rm(home, { recursive: true, force: true });
  });

  /** `/usr/bin/python3 <file>` in a new shell after eval "$(aks-emulator env --data-dir D)". */
  function runPython(file: string): Promise<ShellResult> {
    const script = `eval "$(node ${sh(CLI_MAIN)} env --data-dir ${sh(child.dataDir)})" && exec ${PYTHON} ${sh(file)}`;
    return runShell(script, {
      env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: home, PYTHONDONTWRITEBYTECODE: "1", ...guard.env },
      cwd: REPO_ROOT,
      timeoutMs: 120_000,
    });
  }

  describe('each in a new shell after eval "$(aks-emulator env)"', { concurrency: true }, () => {
    for (const file of pythonFiles) {
      it(`test/python/${file}`, async (t) => {
        const r = await runPython(join(PYTHON_DIR, file));
        assert.equal(r.code, 0, `python exited ${r.code} (${r.signal ?? "no signal"})\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
        assert.match(r.stderr, /^OK$/m, r.stderr);
        t.diagnostic(`${file}: ${unittestSummary(r)}`);
        for (const line of r.stdout.split("\n").filter((l) => l.trim())) t.diagnostic(line.trim());
      });
    }

    it("examples/quickstart.py (docs/clients.md's snippet) in a new shell", async () => {
      const r = await runPython(join(REPO_ROOT, "examples/quickstart.py"));
      assert.equal(r.code, 0, `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
      const lines = r.stdout.trim().split("\n");
      assert.match(lines[0]!, /^created quickstart-py-aks: Succeeded, private fqdn quickstart-py-[0-9a-z]{8}\.[0-9a-f-]{36}\.privatelink\.eastus\.azmk8s\.io$/);
      assert.deepEqual(lines.slice(1), [
        "private link resource management: group management",
        "connection kube-apiserver: Approved",
        "not found: 404 ResourceNotFound",
        "deleted quickstart-py-aks",
        "deleted quickstart-py-rg",
      ]);
    });
  });

  it("nothing tried to leave the machine", () => {
    assert.deepEqual(guard.attempts, []);
  });
});
