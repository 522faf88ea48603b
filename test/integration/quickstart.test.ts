import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { startAksEmulator, type StartedAksEmulator } from "../../src/testing/index.js";

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
