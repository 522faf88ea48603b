import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { startChildEmulator, waitFor, type ChildEmulator } from "../support/child.js";
import { azSession, output, type AzSession } from "../support/az-session.js";
import { debianClientGate, startNetworkGuard, type NetworkGuard, type ShellResult } from "../support/clients.js";

/**
 * Debian's azure-cli 2.45, unchanged, on Kubernetes versions (docs/version-catalogue.md): `az aks
 * get-versions` (the 2019-04-01 orchestrator list), `az aks get-upgrades` (the cluster's upgrade
 * profile), `az aks upgrade` (a full upgrade, a control-plane-only one, a refused downgrade, none
 * at all) and `az aks nodepool upgrade --kubernetes-version` (and az 2.45's own failure of it), set up as the README says (`eval "$(aks-emulator env --az)"`). Every az runs with a
 * scratch AZURE_CONFIG_DIR and HOME and the network guard's proxy variables; the last test asserts
 * that nothing tried to leave the machine.
 */

const gate = debianClientGate("azure-cli");
const RG = "azver-rg";
const AZ_TIMEOUT_MS = 45_000;

describe("Azure CLI 2.45: get-versions, get-upgrades, upgrade", { skip: gate.skip, timeout: 240_000 }, () => {
  let child: ChildEmulator;
  let guard: NetworkGuard;
  let session: AzSession;
  let home: string;

  const az = (...args: string[]): Promise<ShellResult> => session.az(...args);

  async function azJson(...args: string[]): Promise<any> {
    const r = await az(...args, "-o", "json");
    assert.equal(r.code, 0, output(r));
    return JSON.parse(r.stdout);
  }

  const clusterPath = (name: string) =>
    `/subscriptions/${child.info.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/${name}?api-version=2022-11-01`;

  before(async () => {
    [child, guard] = await Promise.all([startChildEmulator(["--lro-duration", "1"]), startNetworkGuard()]);
    // The README's set-up: custom cloud and `az login --identity` (az-session.ts).
    session = await azSession(child, guard, AZ_TIMEOUT_MS);
    home = session.home;
    const rg = await child.request("PUT", `/subscriptions/${child.info.subscriptionId}/resourcegroups/${RG}?api-version=2022-09-01`, {
      body: { location: "eastus" },
    });
    assert.ok(rg.status === 200 || rg.status === 201, rg.text);
  });
  after(async () => {
    await Promise.all([child?.stop(), guard?.close()]);
    if (child) await rm(child.dataDir, { recursive: true, force: true });
    if (home) await rm(home, { recursive: true, force: true });
  });

  it("az aks get-versions: every offered patch with its upgrades, newest first in the table", async () => {
    const list = await azJson("aks", "get-versions", "-l", "eastus");
    assert.deepEqual(
      list.orchestrators.map((o: any) => o.orchestratorVersion),
      ["1.34.10", "1.34.12", "1.35.7", "1.35.9", "1.36.3", "1.36.5", "1.37.1"],
    );
    const table = await az("aks", "get-versions", "-l", "eastus", "-o", "table");
    assert.equal(table.code, 0, output(table));
    const rows = table.stdout.trim().split("\n").slice(2);
    assert.deepEqual(
      rows.map((l) => l.split(/\s{2,}/)),
      [
        ["1.37.1", "None available"],
        ["1.36.5", "1.37.1"],
        ["1.36.3", "1.36.5, 1.37.1"],
        ["1.35.9", "1.36.3, 1.36.5"],
        ["1.35.7", "1.35.9, 1.36.3, 1.36.5"],
        ["1.34.12", "1.35.7, 1.35.9"],
        ["1.34.10", "1.34.12, 1.35.7, 1.35.9"],
      ],
    );
  });

  it("az aks upgrade: a full upgrade, the control plane only, get-upgrades in between, the pools after; a downgrade refused", async () => {
    const put = await child.request("PUT", clusterPath("azup"), {
      body: {
        location: "eastus",
        identity: { type: "SystemAssigned" },
        properties: { dnsPrefix: "azup", kubernetesVersion: "1.35.7", agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }] },
      },
    });
    assert.equal(put.status, 201, put.text);
    await waitFor("azup provisioned", async () => (await child.request("GET", clusterPath("azup"))).json?.properties?.provisioningState === "Succeeded");
    const pools = (c: any) => c.agentPoolProfiles.map((p: any) => [p.orchestratorVersion, p.currentOrchestratorVersion]);

    let upgrades = await azJson("aks", "get-upgrades", "-g", RG, "-n", "azup");
    assert.equal(upgrades.controlPlaneProfile.kubernetesVersion, "1.35.7");
    assert.deepEqual(
      upgrades.controlPlaneProfile.upgrades.map((u: any) => u.kubernetesVersion),
      ["1.35.9", "1.36.3", "1.36.5"],
    );

    // Control plane and pools to the newer patch.
    let c = await azJson("aks", "upgrade", "-g", RG, "-n", "azup", "-k", "1.35.9", "--yes");
    assert.deepEqual([c.kubernetesVersion, c.currentKubernetesVersion, pools(c)], ["1.35.9", "1.35.9", [["1.35.9", "1.35.9"]]]);

    // The control plane only, to the next minor.
    c = await azJson("aks", "upgrade", "-g", RG, "-n", "azup", "-k", "1.36.5", "--control-plane-only", "--yes");
    assert.deepEqual([c.kubernetesVersion, c.currentKubernetesVersion, pools(c)], ["1.36.5", "1.36.5", [["1.35.9", "1.35.9"]]]);
    const table = await az("aks", "get-upgrades", "-g", RG, "-n", "azup", "-o", "table");
    assert.equal(table.code, 0, output(table));
    assert.match(table.stdout, /^default\s+azver-rg\s+1\.36\.5\s+1\.37\.1$/m);

    // The pools to the control plane's version (az warns that the control plane is there already).
    const same = await az("aks", "upgrade", "-g", RG, "-n", "azup", "-k", "1.36.5", "--yes", "-o", "json");
    assert.equal(same.code, 0, output(same));
    assert.deepEqual(pools(JSON.parse(same.stdout)), [["1.36.5", "1.36.5"]]);

    // A downgrade: AKS's code and message reach the user.
    const down = await az("aks", "upgrade", "-g", RG, "-n", "azup", "-k", "1.35.9", "--yes", "-o", "none");
    assert.equal(down.code, 1, output(down));
    assert.match(
      down.stderr,
      /^ERROR: \(OperationNotAllowed\) Downgrading Kubernetes version 1\.36\.5 to 1\.35\.9 is not allowed\. Available upgrades: \[1\.37\.1\]\./m,
    );
    upgrades = await azJson("aks", "get-upgrades", "-g", RG, "-n", "azup");
    assert.equal(upgrades.controlPlaneProfile.kubernetesVersion, "1.36.5");
  });

  it("az aks nodepool upgrade --kubernetes-version: az 2.45 fails on a Succeeded pool before sending anything; on a Canceled one the upgrade goes through", async () => {
    const pool = (name: string) => azJson("aks", "nodepool", "show", "-g", RG, "--cluster-name", "azup", "-n", name);
    // The cluster of the test above: control plane 1.36.5. A pool one minor behind it.
    const add = await az("aks", "nodepool", "add", "-g", RG, "--cluster-name", "azup", "-n", "behind", "--kubernetes-version", "1.35.9", "-o", "none");
    assert.equal(add.code, 0, output(add));
    assert.deepEqual([(await pool("behind")).orchestratorVersion, (await pool("behind")).provisioningState], ["1.35.9", "Succeeded"]);

    // az 2.45's own bug (https://github.com/Azure/azure-cli/issues/25530, fixed in 2.46 by
    // https://github.com/Azure/azure-cli/pull/25539): with -k, aks_agentpool_upgrade builds its confirmation
    // message from `instance.kubernetes_version`, which the AgentPool model does not have, whenever the pool
    // it read is Succeeded or Failed, before asking and before sending anything (--yes does not help).
    const crashed = await az("aks", "nodepool", "upgrade", "-g", RG, "--cluster-name", "azup", "-n", "behind", "-k", "1.36.5", "--yes", "-o", "none");
    assert.notEqual(crashed.code, 0, output(crashed));
    assert.match(crashed.stderr, /'AgentPool' object has no attribute 'kubernetes_version'/);
    assert.equal((await pool("behind")).orchestratorVersion, "1.35.9");

    // A pool in another state (here Canceled: a scale held by a `hangs` fault, then aborted) skips that message.
    const poolPath = clusterPath("azup").replace("?", "/agentPools/behind?");
    const fault = await child.request("POST", "/_emulator/faults", {
      body: { match: { method: "PUT", path: poolPath.split("?")[0] }, effect: { hangs: true }, count: 1 },
    });
    assert.equal(fault.status, 201, fault.text);
    const scale = await child.request("PUT", poolPath, { body: { properties: { ...(await child.request("GET", poolPath)).json.properties, count: 2 } } });
    assert.ok(scale.status === 200 || scale.status === 201, scale.text);
    const abort = await child.request("POST", poolPath.replace("?", "/abort?"));
    assert.equal(abort.status, 202, abort.text);
    await waitFor("behind canceled", async () => (await child.request("GET", poolPath)).json?.properties?.provisioningState === "Canceled");
    const upgraded = await az("aks", "nodepool", "upgrade", "-g", RG, "--cluster-name", "azup", "-n", "behind", "-k", "1.36.5", "--yes", "-o", "json");
    assert.equal(upgraded.code, 0, output(upgraded));
    const after = JSON.parse(upgraded.stdout);
    assert.deepEqual([after.orchestratorVersion, after.currentOrchestratorVersion, after.provisioningState], ["1.36.5", "1.36.5", "Succeeded"]);
    const cluster = await azJson("aks", "show", "-g", RG, "-n", "azup");
    assert.deepEqual(
      cluster.agentPoolProfiles.map((p: any) => [p.name, p.orchestratorVersion]),
      [
        ["nodepool1", "1.36.5"],
        ["behind", "1.36.5"],
      ],
    );
  });

  it("nothing tried to leave the machine", () => {
    assert.deepEqual(guard.attempts, []);
  });
});
