import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ContainerServiceClient, type ManagedCluster } from "@azure/arm-containerservice";
import { ResourceManagementClient } from "@azure/arm-resources";
import { startAksEmulator, type StartedAksEmulator } from "../../src/testing/index.js";
import { REPO_ROOT, makeTempDir, runCli, type CliResult } from "../support/child.js";

/**
 * The testing controls on the command line (`aks-emulator faults|kubernetes-namespaces|clock|operations|state|requests`)
 * against an instance started by aks-emulator/testing, found through its --data-dir. What they change
 * is observed through the official SDK; what they print is JSON.
 */

const RG = "cli-rg";
const CLUSTERS = "Microsoft.ContainerService/managedClusters";
const cluster: ManagedCluster = {
  location: "eastus",
  dnsPrefix: "cli",
  agentPoolProfiles: [{ name: "nodepool1", count: 1, vmSize: "Standard_DS2_v2", mode: "System" }],
};

describe("CLI testing controls", () => {
  let emu: StartedAksEmulator;
  let aks: ContainerServiceClient;
  let scratch: string;

  before(async () => {
    // Operations take an hour unless the test moves them on.
    [emu, scratch] = await Promise.all([startAksEmulator({ lroDurationMs: 3_600_000 }), makeTempDir("aks-emu-clictl-")]);
    aks = new ContainerServiceClient(emu.credential, emu.subscriptionId, emu.clientOptions);
    await new ResourceManagementClient(emu.credential, emu.subscriptionId, emu.clientOptions).resourceGroups.createOrUpdate(RG, { location: "eastus" });
  });
  after(async () => {
    await emu?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  /** `aks-emulator ...args --data-dir <the instance>`. */
  const cli = (...args: string[]): Promise<CliResult> => runCli([...args, "--data-dir", emu.dataDir]);
  /** Runs it, expects exit 0, parses stdout as JSON. */
  async function json(...args: string[]): Promise<any> {
    const r = await cli(...args);
    assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  }
  async function fails(args: string[], stderr: RegExp): Promise<void> {
    const r = await cli(...args);
    assert.equal(r.code, 1, `${args.join(" ")} must fail: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, stderr);
    assert.equal(r.stdout, "");
  }

  it("faults add / list / clear ID: an error fault the SDK sees, its fired count, its removal", async () => {
    const added = await json(
      "faults",
      "add",
      "--method",
      "PUT",
      "--resource-type",
      CLUSTERS,
      "--status",
      "409",
      "--code",
      "OperationNotAllowed",
      "--message",
      "from the CLI",
      "--count",
      "2",
    );
    assert.equal(typeof added.id, "string");
    assert.deepEqual(added.match, { method: "PUT", resourceType: CLUSTERS });
    assert.deepEqual(added.effect, { status: 409, code: "OperationNotAllowed", message: "from the CLI" });
    assert.equal(added.count, 2);

    await assert.rejects(aks.managedClusters.beginCreateOrUpdate(RG, "refused", cluster), (e: any) => e.statusCode === 409 && e.code === "OperationNotAllowed");
    const [listed] = await json("faults", "list");
    assert.equal(listed.id, added.id);
    assert.equal(listed.fired, 1);

    const removed = await json("faults", "clear", added.id);
    assert.equal(removed.id, added.id);
    assert.deepEqual(await json("faults", "list"), []);
    await fails(["faults", "clear", added.id], /faults clear: the instance answered 404 NotFound/);
  });

  it("faults add: each effect's flags; faults clear without an id removes them all", async () => {
    const effects = [
      [["--operation-fails", "QuotaExceeded", "--message", "no cores"], { operationFails: { code: "QuotaExceeded", message: "no cores" } }],
      [["--hangs"], { hangs: true }],
      [["--delay-ms", "5"], { delayMs: 5 }],
      [["--status", "429", "--code", "TooManyRequests", "--retry-after", "2"], { status: 429, code: "TooManyRequests", retryAfterSeconds: 2 }],
    ] as const;
    for (const [flags, effect] of effects) {
      const f = await json("faults", "add", "--path", "/subscriptions/*/resourceGroups/nowhere/**", ...flags);
      assert.deepEqual(f.effect, effect);
      assert.deepEqual(f.match, { path: "/subscriptions/*/resourceGroups/nowhere/**" });
    }
    assert.equal((await json("faults", "list")).length, effects.length);
    assert.deepEqual(await json("faults", "clear"), { removed: effects.length });
    assert.deepEqual(await json("faults", "list"), []);
  });

  it("faults add: a command line without exactly one complete effect is refused before anything is sent", async () => {
    const bad: [string[], RegExp][] = [
      [[], /exactly one effect/],
      [["--hangs", "--delay-ms", "1"], /exactly one effect/],
      [["--status", "500"], /--status needs --code/],
      [["--hangs", "--code", "X"], /--code goes with --status/],
      [["--status", "200", "--code", "Fine"], /--status must be a whole number from 400 to 599/],
      [["--delay-ms", "600001"], /--delay-ms must be a whole number from 0 to 600000/],
    ];
    for (const [flags, message] of bad) {
      const r = await cli("faults", "add", ...flags);
      assert.notEqual(r.code, 0, flags.join(" "));
      assert.match(r.stderr, message, flags.join(" "));
    }
    assert.deepEqual(await json("faults", "list"), []);
  });

  it("clock, clock get, clock advance MS", async () => {
    const a = await json("clock");
    const b = await json("clock", "get");
    assert.ok(b.nowMs >= a.nowMs);
    assert.equal(typeof a.now, "string");
    const moved = await json("clock", "advance", "60000");
    assert.equal(moved.offsetMs, b.offsetMs + 60_000);
    assert.ok(moved.nowMs >= b.nowMs + 60_000);
    const r = await cli("clock", "advance", "-5");
    assert.notEqual(r.code, 0);
  });

  it("operations list / complete, and release ID of an operation a --hangs fault holds", async () => {
    await aks.managedClusters.beginCreateOrUpdate(RG, "slow", cluster);
    const inProgress = await json("operations", "list", "--status", "InProgress");
    assert.equal(inProgress.length, 1);
    assert.match(inProgress[0].resourceId, /managedClusters\/slow$/i);
    assert.deepEqual(await json("operations", "complete"), { completed: 1 });
    assert.equal((await aks.managedClusters.get(RG, "slow")).provisioningState, "Succeeded");

    await json("faults", "add", "--resource-type", CLUSTERS, "--method", "PUT", "--hangs", "--count", "1");
    await aks.managedClusters.beginCreateOrUpdate(RG, "held", cluster);
    const [held] = (await json("operations", "list")).filter((o: any) => o.held);
    assert.ok(held, "a held operation");
    assert.deepEqual(await json("operations", "complete"), { completed: 0 });
    const released = await json("operations", "release", held.id);
    assert.equal(released.id, held.id);
    await json("clock", "advance", "3600000");
    assert.equal((await aks.managedClusters.get(RG, "held")).provisioningState, "Succeeded");
    await fails(["operations", "release", "no-such-operation"], /404 NotFound/);
  });

  it("state export FILE / state export (stdout) / state import FILE; a bad document changes nothing", async () => {
    const file = join(scratch, "state.json");
    const summary = await json("state", "export", file);
    const doc = JSON.parse(await readFile(file, "utf8"));
    assert.equal(doc.format, "aks-emulator-state");
    assert.deepEqual(summary, { file, resources: doc.resources.length, operations: doc.operations.length });
    assert.equal((await json("state", "export")).resources.length, doc.resources.length);

    await emu.reset();
    await assert.rejects(aks.managedClusters.get(RG, "slow"), (e: any) => e.statusCode === 404);
    assert.deepEqual(await json("state", "import", file), { resources: doc.resources.length, operations: doc.operations.length });
    assert.equal((await aks.managedClusters.get(RG, "slow")).provisioningState, "Succeeded");

    const bad = join(scratch, "bad.json");
    await writeFile(bad, JSON.stringify({ format: "aks-emulator-state", version: 99, resources: [], operations: [] }));
    await fails(["state", "import", bad], /400 InvalidStateDocument/);
    await writeFile(bad, "not json");
    await fails(["state", "import", bad], /is not JSON/);
    assert.equal((await aks.managedClusters.get(RG, "slow")).name, "slow", "nothing changed");
  });

  it("requests --limit N: the newest N ARM requests, oldest first, without the CLI's own control and token requests", async () => {
    await aks.managedClusters.get(RG, "slow");
    await assert.rejects(aks.managedClusters.get(RG, "nope"));
    await new ResourceManagementClient(emu.credential, emu.subscriptionId, emu.clientOptions).resourceGroups.createOrUpdate(RG, { location: "eastus" });
    await json("faults", "list"); // the CLI's own traffic: a token, then a control route
    const log = await json("requests", "--limit", "3");
    assert.deepEqual(
      log.map((r: any) => [r.method, r.path.split("/").pop(), r.status, r.errorCode]),
      [
        ["GET", "slow", 200, null],
        ["GET", "nope", 404, "ResourceNotFound"],
        ["PUT", RG, 200, null],
      ],
    );
    const times = log.map((r: any) => Date.parse(r.time));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
      "oldest first",
    );
    // Asked for: the emulator's own routes too (the faults list and the token requests).
    const all = await json("requests", "--limit", "5", "--emulator-routes");
    assert.ok(
      all.some((r: any) => r.path === "/_emulator/faults"),
      JSON.stringify(all),
    );
    assert.ok(all.some((r: any) => r.path.startsWith("/_emulator/identity/")));
  });

  it("requests filters by path, method, status and principal", async () => {
    const notFound = await json("requests", "--status", "4xx");
    assert.ok(notFound.length >= 1 && notFound.every((r: any) => r.status >= 400 && r.status < 500), JSON.stringify(notFound));
    assert.deepEqual(
      (await json("requests", "--status", "404", "--limit", "1")).map((r: any) => r.path.split("/").pop()),
      ["nope"],
    );
    const puts = await json("requests", "--method", "put");
    assert.ok(puts.length >= 1 && puts.every((r: any) => r.method === "PUT"));
    const slow = await json("requests", "--path", "/subscriptions/*/resourceGroups/*/providers/**/managedClusters/slow");
    assert.ok(slow.length >= 1 && slow.every((r: any) => /\/managedClusters\/slow$/i.test(r.path)), JSON.stringify(slow));
    const principal = slow[0].principal as string;
    assert.ok((await json("requests", "--principal", principal)).every((r: any) => r.principal === principal));
    assert.deepEqual(await json("requests", "--principal", "00000000-0000-0000-0000-00000000abcd"), []);
    await fails(["requests", "--status", "99"], /400 InvalidParameter: The query parameter 'status' must be an HTTP status/);
  });

  /** The ```sh block under "## From the command line" in docs/testing-controls.md, one command a line (continuations joined). */
  async function docBlock(): Promise<string[][]> {
    const doc = await readFile(join(REPO_ROOT, "docs/testing-controls.md"), "utf8");
    const block = /^## From the command line[\s\S]*?```sh\n([\s\S]*?)```/m.exec(doc)?.[1];
    assert.ok(block, "docs/testing-controls.md has the command-line block");
    return block
      .replace(/\\\n\s*/g, "")
      .split("\n")
      .map((l) => l.replace(/\s+#.*$/, "").trim())
      .filter((l) => l !== "")
      .map((line) => {
        const words = (line.match(/'[^']*'|\S+/g) ?? []).map((w) => w.replace(/^'(.*)'$/, "$1"));
        assert.deepEqual(words.slice(0, 2), ["npx", "aks-emulator"], line);
        return words.slice(2);
      });
  }

  it("docs/testing-controls.md's command-line block runs as written (with --data-dir added); faults list shows the order", async () => {
    const commands = await docBlock();
    assert.ok(commands.length >= 8, commands.join("\n"));
    for (const args of commands) {
      const r = await runCli([...args, "--data-dir", emu.dataDir], { cwd: scratch });
      assert.equal(r.code, 0, `${args.join(" ")}\n${r.stderr}`);
      const printed = JSON.parse(r.stdout);
      if (args.join(" ") === "faults list") {
        assert.deepEqual(
          printed.map((f: any) => [f.order, f.match.method, "status" in f.effect ? "status" : "operationFails" in f.effect ? "operationFails" : "hangs"]),
          [
            [1, "PUT", "status"],
            [2, "PUT", "operationFails"],
            [3, "DELETE", "hangs"],
          ],
        );
      }
    }
    assert.deepEqual(await emu.faults.list(), [], "the block ends with faults clear");
  });

  // docs/testing-controls.md "Several matching faults": the first added of those that match fires.
  it("the block's three faults do what it says: a 429, then a failed operation, then a hanging DELETE", async () => {
    const adds = (await docBlock()).filter((args) => args[0] === "faults" && args[1] === "add");
    assert.equal(adds.length, 3);
    await new ResourceManagementClient(emu.credential, emu.subscriptionId, emu.clientOptions).resourceGroups.createOrUpdate("rg1", { location: "eastus" });
    for (const args of adds) await json(...args);

    // A cluster PUT in rg1 matches the first two: the 429 fires; the SDK retries, and the retry gets the second.
    const poller = await aks.managedClusters.beginCreateOrUpdate("rg1", "ordered", cluster);
    const puts = await emu.requests({ method: "PUT", path: "/subscriptions/*/resourceGroups/rg1/providers/**" });
    assert.deepEqual(
      puts.map((r) => [r.status, r.errorCode]),
      [
        [429, "TooManyRequests"],
        [201, null],
      ],
    );
    assert.deepEqual(
      (await json("faults", "list")).map((f: any) => [f.order, f.match.method]),
      [[1, "DELETE"]],
      "both PUT faults are used up; the DELETE one is now first",
    );
    await emu.operations.complete();
    await assert.rejects(poller.pollUntilDone(), /QuotaExceeded/);
    assert.equal((await aks.managedClusters.get("rg1", "ordered")).provisioningState, "Failed");

    // The third: the DELETE's operation stays InProgress, held, until released.
    await aks.managedClusters.beginDelete("rg1", "ordered");
    const held = (await emu.operations.list("InProgress")).filter((o) => o.held);
    assert.equal(held.length, 1);
    assert.deepEqual(await emu.faults.list(), []);
    await emu.operations.release(held[0]!.id);
    await emu.operations.complete();
  });

  it("kubernetes-namespaces add / list: seeds a namespace in a cluster, lists it, refuses a second of that name and an unknown cluster", async () => {
    await aks.managedClusters.beginCreateOrUpdate(RG, "nscluster", cluster);
    const id = `/subscriptions/${emu.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/nscluster`;
    const added = await json("kubernetes-namespaces", "add", id, "legacy", "--label", "app=a", "--label", "tier=web", "--annotation", "owner=o");
    assert.deepEqual(added, { name: "legacy", labels: { app: "a", tier: "web" }, annotations: { owner: "o" } });
    assert.deepEqual(await json("kubernetes-namespaces", "list", id), [added]);
    await fails(["kubernetes-namespaces", "add", id, "legacy"], /409 Conflict: The cluster already has a namespace 'legacy'/);
    await fails(["kubernetes-namespaces", "list", id.replace(/nscluster$/, "nope")], /404 NotFound/);
  });

  it("without a running instance in --data-dir: exit 1 and a hint", async () => {
    for (const args of [["faults", "list"], ["clock"], ["operations", "list"], ["state", "export"], ["requests"]]) {
      const r = await runCli([...args, "--data-dir", scratch]);
      assert.equal(r.code, 1, args.join(" "));
      assert.match(r.stderr, /no running aks-emulator found/);
      assert.match(r.stderr, /aks-emulator start --data-dir/);
    }
  });
});
