import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { request } from "node:https";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { TokenCredential } from "@azure/identity";
import { ContainerServiceClient, type ContainerServiceClientOptionalParams, type ManagedCluster } from "@azure/arm-containerservice";
import { ResourceManagementClient } from "@azure/arm-resources";
import {
  connectAksEmulator,
  EmulatorControls,
  EmulatorRequestError,
  startAksEmulator,
  type AksEmulatorConnection,
  type StartedAksEmulator,
} from "../../src/testing/index.js";
import { processAlive } from "../../src/runtime-file.js";
import { READER_PRINCIPAL } from "../../src/identity/principals.js";
import { spawn } from "node:child_process";
import { pathToFileURL } from "node:url";
import { REPO_ROOT, makeTempDir, runCli, waitFor } from "../support/child.js";
import { runProcess } from "../support/clients.js";

/**
 * aks-emulator/testing as a test suite uses it: an emulator in a child process, the official TS SDK in
 * this process with the helper's `credential` and `clientOptions`, and the typed control helpers.
 * The emulator makes its own CA (no --tls-dir), which this process's NODE_EXTRA_CA_CERTS (the test CA)
 * does not cover: every SDK call here reaches it through `clientOptions`. A second part proves the same
 * in a process started without NODE_EXTRA_CA_CERTS at all.
 */

const RG = "helpers-rg";
const CLUSTERS = "Microsoft.ContainerService/managedClusters";
const cluster: ManagedCluster = {
  location: "eastus",
  dnsPrefix: "helpers",
  agentPoolProfiles: [{ name: "nodepool1", count: 1, vmSize: "Standard_DS2_v2", mode: "System" }],
};
const poll = { updateIntervalInMs: 10 };

/** One GET with Node's default trust (this process: the system CAs plus the test CA). */
function defaultTrustGet(url: string): Promise<string> {
  return new Promise((resolve) => {
    request(url, { agent: false }, (res) => {
      res.resume();
      resolve(`answered ${res.statusCode}`);
    })
      .on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message))
      .end();
  });
}

function sdkClients(emu: AksEmulatorConnection, credential: TokenCredential = emu.credential) {
  // Typed as the SDK's own option type: the helper's options fit it without a cast.
  const options: ContainerServiceClientOptionalParams = emu.clientOptions;
  return {
    aks: new ContainerServiceClient(credential, emu.subscriptionId, options),
    groups: new ResourceManagementClient(credential, emu.subscriptionId, emu.clientOptions),
  };
}

describe("aks-emulator/testing: startAksEmulator", () => {
  let emu: StartedAksEmulator;
  let aks: ContainerServiceClient;
  let groups: ResourceManagementClient;

  before(async () => {
    emu = await startAksEmulator({ lroDurationMs: 1 });
    ({ aks, groups } = sdkClients(emu));
  });
  after(() => emu?.stop());

  async function freshGroup(): Promise<void> {
    await emu.reset();
    await groups.resourceGroups.createOrUpdate(RG, { location: "eastus" });
  }

  it("runs the emulator in a child process on a free loopback port, with its own CA, as runtime.json says", async () => {
    assert.match(emu.endpoint, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(emu.pid, process.pid);
    assert.ok(processAlive(emu.pid));
    assert.equal(emu.runtime.pid, emu.pid);
    assert.equal(emu.runtime.endpoint, emu.endpoint);
    assert.equal(emu.caPem, readFileSync(emu.caPath, "utf8"));
    assert.match(emu.caPem, /^-----BEGIN CERTIFICATE-----/);
    assert.equal(emu.caPath, join(emu.dataDir, "tls", "ca.pem"), "a new CA in the fresh data dir");
    assert.match(emu.subscriptionId, /^[0-9a-f-]{36}$/);
    // Node's default trust in this process does not cover that CA: the SDK calls below need clientOptions.
    assert.match(await defaultTrustGet(`${emu.endpoint}/_emulator/health`), /CERT|SIGNATURE|ISSUER/);
  });

  it("credential: Owner tokens from the emulator's identity endpoint; createCredential picks another principal", async () => {
    const owner = await emu.credential.getToken("https://management.azure.com/.default");
    assert.ok(owner);
    assert.equal(owner.token.split(".").length, 3, "a JWT");
    assert.ok(owner.expiresOnTimestamp > Date.now() + 60 * 60_000, "valid for more than an hour");
    assert.equal(await emu.credential.getToken(["https://management.azure.com/.default"]), owner, "cached");

    // A Reader may read through the SDK but not write.
    const reader = sdkClients(emu, emu.createCredential({ clientId: READER_PRINCIPAL.clientId }));
    await assert.rejects(
      reader.groups.resourceGroups.createOrUpdate("reader-rg", { location: "eastus" }),
      (e: any) => e.statusCode === 403 && e.code === "AuthorizationFailed",
    );
    const names: string[] = [];
    for await (const g of reader.groups.resourceGroups.list()) names.push(g.name!);
    assert.ok(Array.isArray(names));
    // An unknown principal: the identity endpoint refuses, and the error says so.
    await assert.rejects(
      emu.createCredential({ clientId: "00000000-0000-0000-0000-00000000dead" }).getToken("https://management.azure.com/.default"),
      /identity endpoint answered 400/,
    );
  });

  it("env: the variables `aks-emulator env` prints; the quickstart runs in a child process with only them", async () => {
    const printed = await runCli(["env", "--data-dir", emu.dataDir]);
    assert.equal(printed.code, 0, printed.stderr);
    const lines = printed.stdout.trim().split("\n");
    assert.deepEqual(
      lines,
      Object.entries(emu.env).map(([k, v]) => `export ${k}='${v}'`),
    );
    assert.equal(emu.env["AKS_EMULATOR_ENDPOINT"], emu.endpoint);
    assert.equal(emu.env["NODE_EXTRA_CA_CERTS"], emu.caPath);

    await emu.reset();
    const r = await runProcess(process.execPath, [join(REPO_ROOT, "dist/examples/quickstart.js")], {
      env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: process.env["HOME"] ?? "/tmp", ...emu.env },
      cwd: REPO_ROOT,
      timeoutMs: 60_000,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^created quickstart-aks: Succeeded/);
    assert.match(r.stdout, /deleted quickstart-rg\n$/);
  });

  it("the official SDK, given credential and clientOptions, creates, reads and deletes a cluster", async () => {
    await freshGroup();
    const created = await aks.managedClusters.beginCreateOrUpdateAndWait(RG, "sdk", cluster, poll);
    assert.equal(created.provisioningState, "Succeeded");
    assert.match(created.fqdn!, /^helpers-[0-9a-z]{8}\.hcp\.eastus\.azmk8s\.io$/);
    assert.equal((await aks.managedClusters.get(RG, "sdk")).name, "sdk");
    await aks.managedClusters.beginDeleteAndWait(RG, "sdk", poll);
    await assert.rejects(aks.managedClusters.get(RG, "sdk"), (e: any) => e.statusCode === 404);
  });

  it("faults.add: an error fault is seen by the SDK, used up after count, and in the request log", async () => {
    await freshGroup();
    const fault = await emu.faults.add({
      match: { method: "PUT", resourceType: CLUSTERS },
      effect: { status: 409, code: "OperationNotAllowed", message: "injected by the test" },
      count: 1,
    });
    assert.equal(typeof fault.id, "string");
    assert.deepEqual(fault.match, { method: "PUT", resourceType: CLUSTERS });
    assert.equal(fault.fired, 0);
    assert.deepEqual(
      (await emu.faults.list()).map((f) => f.id),
      [fault.id],
    );

    await assert.rejects(aks.managedClusters.beginCreateOrUpdateAndWait(RG, "faulted", cluster, poll), (e: any) => {
      assert.equal(e.statusCode, 409);
      assert.equal(e.code, "OperationNotAllowed");
      assert.match(e.message, /injected by the test/);
      return true;
    });
    assert.deepEqual(await emu.faults.list(), [], "count 1: removed after it fired");
    const log = await emu.requests(10);
    const refused = log.filter((r) => r.method === "PUT" && /managedClusters\/faulted$/i.test(r.path));
    assert.equal(refused.length, 1, JSON.stringify(log));
    assert.equal(refused[0]!.status, 409);
    assert.equal(refused[0]!.errorCode, "OperationNotAllowed");
    assert.equal(refused[0]!.apiVersion, "2026-04-01");
    // The fault is gone: the same call now works.
    assert.equal((await aks.managedClusters.beginCreateOrUpdateAndWait(RG, "faulted", cluster, poll)).provisioningState, "Succeeded");
  });

  it("faults.add: a 429 with Retry-After is retried by the SDK, which then succeeds", async () => {
    await freshGroup();
    await emu.faults.add({
      match: { method: "GET", path: "/subscriptions/*/resourceGroups/*" },
      effect: { status: 429, code: "TooManyRequests", retryAfterSeconds: 1 },
      count: 1,
    });
    const started = Date.now();
    assert.equal((await groups.resourceGroups.get(RG)).name, RG);
    assert.ok(Date.now() - started >= 900, "the SDK waited for Retry-After");
    const gets = (await emu.requests(5)).filter((r) => r.method === "GET" && r.path.toLowerCase().endsWith(`/resourcegroups/${RG}`));
    assert.deepEqual(
      gets.map((r) => [r.status, r.errorCode]),
      [
        [429, "TooManyRequests"],
        [200, null],
      ],
    );
  });

  it("faults.add operationFails: the SDK's poller fails with the code and the cluster is Failed", async () => {
    await freshGroup();
    await emu.faults.add({ match: { resourceType: CLUSTERS, method: "PUT" }, effect: { operationFails: { code: "QuotaExceeded", message: "no cores left" } } });
    await assert.rejects(aks.managedClusters.beginCreateOrUpdateAndWait(RG, "doomed", cluster, poll), /QuotaExceeded/);
    assert.equal((await aks.managedClusters.get(RG, "doomed")).provisioningState, "Failed");
    const [failed] = await emu.operations.list("Failed");
    assert.ok(failed, "the failed operation is listed");
    assert.equal(failed.error?.code, "QuotaExceeded");
    assert.match(failed.resourceId, /managedClusters\/doomed$/i);
    // No count: it stays until cleared, and fired counts.
    const [still] = await emu.faults.list();
    assert.equal(still?.fired, 1);
    assert.equal(await emu.faults.clear(), 1);
    assert.deepEqual(await emu.faults.list(), []);
  });

  it("faults.add hangs: the operation stays InProgress, held, until operations.release", async () => {
    await freshGroup();
    await emu.faults.add({ match: { resourceType: CLUSTERS, method: "PUT" }, effect: { hangs: true }, count: 1 });
    const poller = await aks.managedClusters.beginCreateOrUpdate(RG, "held", cluster, poll);
    await new Promise((r) => setTimeout(r, 50));
    await poller.poll();
    assert.equal(poller.isDone(), false);
    const held = (await emu.operations.list("InProgress")).filter((o) => o.held);
    assert.equal(held.length, 1);
    assert.equal(await emu.operations.complete(), 0, "a held operation is not completed");
    const released = await emu.operations.release(held[0]!.id);
    assert.equal(released.id, held[0]!.id);
    assert.equal((await poller.pollUntilDone()).provisioningState, "Succeeded");
    await assert.rejects(emu.operations.release(held[0]!.id), (e: unknown) => e instanceof EmulatorRequestError && e.status === 409 && e.code === "Conflict");
  });

  it("state.export / reset / state.import bring the same resources back", async () => {
    await freshGroup();
    await aks.managedClusters.beginCreateOrUpdateAndWait(RG, "kept", cluster, poll);
    const doc = await emu.state.export();
    assert.equal(doc.format, "aks-emulator-state");
    assert.equal(doc.version, 1);
    assert.ok(doc.resources.length >= 2, "group and cluster");
    await emu.reset();
    await assert.rejects(aks.managedClusters.get(RG, "kept"), (e: any) => e.statusCode === 404);
    assert.deepEqual(await emu.state.import(doc), { resources: doc.resources.length, operations: doc.operations.length });
    const back = await aks.managedClusters.get(RG, "kept");
    assert.equal(back.provisioningState, "Succeeded");
  });

  it("connectAksEmulator finds the running instance through its data dir; an empty dir is refused", async () => {
    const c = await connectAksEmulator({ dataDir: emu.dataDir });
    try {
      assert.equal(c.endpoint, emu.endpoint);
      assert.equal(c.caPem, emu.caPem);
      await emu.reset();
      await c.faults.add({ match: { path: "/subscriptions/*/resourceGroups/elsewhere" }, effect: { delayMs: 1 } });
      assert.equal((await emu.faults.list()).length, 1, "the same instance");
      const { aks: other } = sdkClients(c);
      await assert.rejects(other.managedClusters.get(RG, "nothing"), (e: any) => e.statusCode === 404);
    } finally {
      c.close();
    }
    const empty = await makeTempDir("aks-emu-noinst-");
    try {
      await assert.rejects(connectAksEmulator({ dataDir: empty }), /no running aks-emulator found/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it("errors of the control routes become EmulatorRequestError with status and ARM code", async () => {
    const cases: [string, () => Promise<unknown>, number, string][] = [
      ["unknown fault id", () => emu.faults.remove("no-such-fault"), 404, "NotFound"],
      ["unknown operation id", () => emu.operations.release("no-such-operation"), 404, "NotFound"],
      ["bad state document", () => emu.state.import({ format: "something-else" } as never), 400, "InvalidStateDocument"],
      ["bad fault", () => emu.faults.add({ effect: { status: 200, code: "Fine" } }), 400, "InvalidRequestContent"],
    ];
    // The controls need an Owner: the same client with a Reader's credential is refused.
    const asReader = new EmulatorControls({
      endpoint: emu.endpoint,
      agent: emu.agent,
      credential: emu.createCredential({ clientId: READER_PRINCIPAL.clientId }),
    });
    cases.push(["a Reader's token", () => asReader.faults.list(), 403, "AuthorizationFailed"]);
    for (const [what, call, status, code] of cases) {
      await assert.rejects(call(), (e: unknown) => {
        assert.ok(e instanceof EmulatorRequestError, `${what}: ${String(e)}`);
        assert.equal(e.status, status, what);
        assert.equal(e.code, code, what);
        assert.match(e.message, new RegExp(`${status} ${code}`));
        return true;
      });
    }
  });
});

describe("aks-emulator/testing: clock and operations", () => {
  let emu: StartedAksEmulator;
  before(async () => {
    // An hour of simulated provisioning: nothing finishes unless the test moves time.
    emu = await startAksEmulator({ lroDurationMs: 3_600_000 });
  });
  after(() => emu?.stop());

  it("clock.advance finishes the operations that became due; operations.complete finishes the rest", async () => {
    const { aks, groups } = sdkClients(emu);
    await groups.resourceGroups.createOrUpdate(RG, { location: "eastus" });
    const poller = await aks.managedClusters.beginCreateOrUpdate(RG, "slow", cluster, poll);
    const before = await emu.clock.get();
    const [op] = await emu.operations.list("InProgress");
    assert.ok(op, "the create is in progress");
    assert.match(op.resourceId, /managedClusters\/slow$/i);

    const moved = await emu.clock.advance(3_600_000);
    assert.ok(moved.nowMs >= before.nowMs + 3_600_000, JSON.stringify({ before, moved }));
    assert.equal(moved.offsetMs, before.offsetMs + 3_600_000);
    assert.deepEqual(await emu.operations.list("InProgress"), []);
    assert.equal((await poller.pollUntilDone()).provisioningState, "Succeeded");

    await aks.managedClusters.beginCreateOrUpdate(RG, "slow2", cluster, poll);
    assert.equal(await emu.operations.complete(), 1);
    assert.equal((await aks.managedClusters.get(RG, "slow2")).provisioningState, "Succeeded");
  });
});

describe("aks-emulator/testing: stop and start-up failures", () => {
  it("stop() ends the child and removes the temp data dir; a second stop() is a no-op", async () => {
    const emu = await startAksEmulator();
    assert.ok(existsSync(emu.dataDir));
    await emu.stop();
    assert.equal(processAlive(emu.pid), false);
    assert.equal(existsSync(emu.dataDir), false);
    await emu.stop();
  });

  it("an emulator whose test process dies by SIGKILL stops by itself, gracefully", async () => {
    const helpers = pathToFileURL(join(REPO_ROOT, "dist/src/testing/index.js")).href;
    const script = `import { startAksEmulator } from ${JSON.stringify(helpers)};
      const e = await startAksEmulator();
      console.log(JSON.stringify({ pid: e.pid, dataDir: e.dataDir }));
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    const line = await new Promise<string>((resolveLine, reject) => {
      let out = "";
      parent.stdout!.setEncoding("utf8").on("data", (c: string) => {
        out += c;
        if (out.includes("\n")) resolveLine(out.split("\n")[0]!);
      });
      parent.once("exit", (code) => reject(new Error(`the parent exited (${code}) before it started an emulator`)));
    });
    const { pid, dataDir } = JSON.parse(line) as { pid: number; dataDir: string };
    try {
      assert.ok(processAlive(pid));
      parent.kill("SIGKILL");
      await waitFor("the orphaned emulator to stop", async () => !processAlive(pid), 15_000);
      assert.equal(existsSync(join(dataDir, "runtime.json")), false, "a graceful stop removes runtime.json");
    } finally {
      if (processAlive(pid)) process.kill(pid, "SIGKILL");
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("a given data dir is kept; a start that fails rejects with the emulator's output", async () => {
    const dataDir = await makeTempDir("aks-emu-helpers-");
    try {
      const emu = await startAksEmulator({ dataDir, inMemory: false });
      await emu.stop();
      assert.ok(existsSync(join(dataDir, "state.db")), "SQLite state in the given dir, kept");
      await assert.rejects(startAksEmulator({ args: ["--host", "10.0.0.1"] }), /exited before it was ready[\s\S]*loopback/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("aks-emulator/testing: CA trust inside an already-running process", () => {
  it("a process started with PATH and HOME only (no NODE_EXTRA_CA_CERTS) reaches a new CA through clientOptions", async () => {
    const home = await makeTempDir("aks-emu-cahome-");
    try {
      const script = join(REPO_ROOT, "dist/test/support/ca-in-process.js");
      const r = await runProcess(process.execPath, [script], {
        env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: home },
        cwd: REPO_ROOT,
        timeoutMs: 60_000,
      });
      assert.equal(r.code, 0, `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
      const seen = JSON.parse(r.stdout.trim().split("\n").pop()!);
      assert.equal(seen.nodeExtraCaCerts, null);
      assert.match(seen.withoutClientOptions, /CERT|SIGNATURE|ISSUER/, "without clientOptions the SDK cannot verify the emulator");
      assert.equal(seen.created, "Succeeded");
      assert.deepEqual(seen.listed, ["ca-aks"]);
      assert.equal(seen.dataDirRemoved, true);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
