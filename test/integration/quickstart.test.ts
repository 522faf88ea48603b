import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { testTlsDir } from "../support/emulator.js";

const root = resolve(import.meta.dirname, "../../..");
const cli = join(root, "dist/src/cli/main.js");

/** The README's TypeScript snippet, run in a new shell after `eval "$(npx aks-emulator env)"`. */
describe("README quickstart", () => {
  let child: ChildProcess;
  let dataDir: string;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "aks-emu-quickstart-"));
    child = spawn(process.execPath, [cli, "start", "--port", "0", "--data-dir", dataDir, "--tls-dir", testTlsDir()], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr!.on("data", (d) => (err += d));
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`emulator did not start: ${err}`)), 20_000);
      let out = "";
      child.stdout!.on("data", (d) => {
        out += d;
        if (/aks-emulator ready at https:\/\/127\.0\.0\.1:\d+\n/.test(out)) {
          clearTimeout(timer);
          ok();
        }
      });
      child.once("exit", (code) => fail(new Error(`emulator exited ${code}: ${err}`)));
    });
  });
  after(async () => {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    await rm(dataDir, { recursive: true, force: true });
  });

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
