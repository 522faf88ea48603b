import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { runCli, startChildEmulator, waitFor, type ChildEmulator } from "../support/child.js";
import { azSession, output, type AzSession } from "../support/az-session.js";
import { debianClientGate, startNetworkGuard, type NetworkGuard, type ShellResult } from "../support/clients.js";

/**
 * Debian's azure-cli 2.45, unchanged, on the cluster's actions (issue #18): `az aks get-credentials`
 * (user and admin kubeconfigs whose certificates node:crypto loads and verifies against the cluster
 * CA), `az aks rotate-certs` (a new CA afterwards), `az aks command invoke "kubectl get nodes"`
 * (printing the pools' machines) and a scripted command. Set up as test/integration/azure-cli.test.ts
 * does (`env --az`, a scratch config dir, the network guard's proxy variables); the last test asserts
 * that nothing tried to leave loopback.
 */

const gate = debianClientGate("azure-cli");
const RG = "az-actions";
const NAME = "azact";
const AZ_TIMEOUT_MS = 60_000;

/** A kubeconfig file's CA and client certificate, loaded with node:crypto. */
async function certificatesOf(file: string): Promise<{ yaml: string; ca: X509Certificate; client: X509Certificate; context: string }> {
  const yaml = await readFile(file, "utf8");
  const data = (name: string): string => {
    const m = new RegExp(`^ +${name}: (\\S+)$`, "m").exec(yaml);
    assert.ok(m, `${name} not in ${yaml}`);
    return Buffer.from(m[1]!, "base64").toString("utf8");
  };
  return {
    yaml,
    ca: new X509Certificate(data("certificate-authority-data")),
    client: new X509Certificate(data("client-certificate-data")),
    context: /^current-context: (.+)$/m.exec(yaml)![1]!,
  };
}

describe("Azure CLI 2.45 on the cluster's actions", { skip: gate.skip, timeout: 300_000 }, () => {
  let child: ChildEmulator;
  let guard: NetworkGuard;
  let session: AzSession;
  let home: string;

  const az = (...args: string[]): Promise<ShellResult> => session.az(...args);

  before(async () => {
    // 300 ms of provisioning: az polls the operations (Retry-After: 1) as it would real AKS.
    [child, guard] = await Promise.all([startChildEmulator(["--lro-duration", "300"]), startNetworkGuard()]);
    session = await azSession(child, guard, AZ_TIMEOUT_MS);
    home = session.home;

    // A private cluster with two pools, made through the REST API (faster than az) and waited for.
    const sub = child.info.subscriptionId;
    const group = await child.request("PUT", `/subscriptions/${sub}/resourcegroups/${RG}?api-version=2022-09-01`, { body: { location: "eastus" } });
    assert.ok(group.status === 200 || group.status === 201, group.text);
    const path = `/subscriptions/${sub}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/${NAME}?api-version=2022-11-01`;
    const put = await child.request("PUT", path, {
      body: {
        location: "eastus",
        identity: { type: "SystemAssigned" },
        properties: {
          dnsPrefix: NAME,
          agentPoolProfiles: [
            { name: "nodepool1", count: 2, mode: "System" },
            { name: "userpool", count: 1, mode: "User" },
          ],
          apiServerAccessProfile: { enablePrivateCluster: true },
        },
      },
    });
    assert.equal(put.status, 201, put.text);
    await waitFor(`${NAME} provisioned`, async () => (await child.request("GET", path)).json?.properties?.provisioningState === "Succeeded");
  });
  after(async () => {
    await Promise.all([child?.stop(), guard?.close()]);
    if (child) await rm(child.dataDir, { recursive: true, force: true });
    if (home) await rm(home, { recursive: true, force: true });
  });

  let userCa = "";
  it("az aks get-credentials (user and --admin): kubeconfigs whose client certificates the cluster CA signed", async () => {
    const userFile = join(home, "user.kubeconfig");
    const user = await az("aks", "get-credentials", "-g", RG, "-n", NAME, "-f", userFile);
    assert.equal(user.code, 0, output(user));
    const u = await certificatesOf(userFile);
    assert.equal(u.context, NAME);
    assert.equal(u.client.subject, "CN=client\nO=system:masters");
    assert.ok(u.client.verify(u.ca.publicKey), "the user certificate is signed by the cluster CA");
    assert.match(u.yaml, /^ {4}server: https:\/\/azact-[0-9a-z]{8}\.[0-9a-f-]{36}\.privatelink\.eastus\.azmk8s\.io:443$/m);
    userCa = u.ca.fingerprint256;

    const adminFile = join(home, "admin.kubeconfig");
    const admin = await az("aks", "get-credentials", "-g", RG, "-n", NAME, "--admin", "-f", adminFile);
    assert.equal(admin.code, 0, output(admin));
    const a = await certificatesOf(adminFile);
    // docs/fidelity.md "Admin kubeconfig context": az appends -admin when it writes the file.
    assert.equal(a.context, `${NAME}-admin`);
    assert.equal(a.client.subject, "CN=masterclient\nO=system:masters");
    assert.equal(a.ca.fingerprint256, userCa, "one CA per cluster");
    assert.ok(a.client.verify(a.ca.publicKey));
  });

  it("az aks rotate-certs waits for the rotation; the kubeconfig fetched afterwards has a new CA", async () => {
    const rotate = await az("aks", "rotate-certs", "-g", RG, "-n", NAME, "--yes");
    assert.equal(rotate.code, 0, output(rotate));
    const file = join(home, "rotated.kubeconfig");
    const again = await az("aks", "get-credentials", "-g", RG, "-n", NAME, "-f", file);
    assert.equal(again.code, 0, output(again));
    const r = await certificatesOf(file);
    assert.notEqual(r.ca.fingerprint256, userCa, "the rotation made a new CA");
    assert.ok(r.client.verify(r.ca.publicKey));
  });

  it('az aks command invoke "kubectl get nodes" prints the machines of the pools', async () => {
    const r = await az("aks", "command", "invoke", "-g", RG, "-n", NAME, "--command", "kubectl get nodes");
    assert.equal(r.code, 0, output(r));
    assert.match(r.stdout, /command started at .+, finished at .+ with exitcode=0/);
    const nodes = [...r.stdout.matchAll(/^(aks-\S+) +Ready +agent +\S+ +v\d+\.\d+\.\d+$/gm)].map((m) => m[1]!);
    assert.equal(nodes.length, 3, r.stdout);
    assert.match(nodes[0]!, /^aks-nodepool1-\d{8}-vmss000000$/);
    assert.match(nodes[1]!, /^aks-nodepool1-\d{8}-vmss000001$/);
    assert.match(nodes[2]!, /^aks-userpool-\d{8}-vmss000000$/);
  });

  it("a scripted command result (aks-emulator run-command add) is what az prints", async () => {
    const add = await runCli([
      "run-command",
      "add",
      "^kubectl get pods",
      "--exit-code",
      "1",
      "--logs",
      "No resources found in default namespace.",
      "--data-dir",
      child.dataDir,
    ]);
    assert.equal(add.code, 0, add.stderr);
    assert.equal(JSON.parse(add.stdout).command, "^kubectl get pods");
    const r = await az("aks", "command", "invoke", "-g", RG, "-n", NAME, "--command", "kubectl get pods");
    assert.equal(r.code, 0, output(r));
    assert.match(r.stdout, /with exitcode=1/);
    assert.match(r.stdout, /^No resources found in default namespace\.$/m);
    const cleared = await runCli(["run-command", "clear", "--data-dir", child.dataDir]);
    assert.equal(cleared.code, 0, cleared.stderr);
    assert.deepEqual(JSON.parse(cleared.stdout), { removed: 1 });
  });

  it("az aks stop and az aks start wait for the operation; the cluster's power state follows", async () => {
    let r = await az("aks", "stop", "-g", RG, "-n", NAME);
    assert.equal(r.code, 0, output(r));
    let shown = await az("aks", "show", "-g", RG, "-n", NAME, "--query", "[powerState.code, agentPoolProfiles[0].powerState.code]", "-o", "json");
    assert.deepEqual(JSON.parse(shown.stdout), ["Stopped", "Stopped"]);
    r = await az("aks", "start", "-g", RG, "-n", NAME);
    assert.equal(r.code, 0, output(r));
    shown = await az("aks", "show", "-g", RG, "-n", NAME, "--query", "[powerState.code, agentPoolProfiles[0].powerState.code]", "-o", "json");
    assert.deepEqual(JSON.parse(shown.stdout), ["Running", "Running"]);
  });

  it("az aks update (GET and PUT at 2022-11-01) keeps a setting only a newer api-version expresses", async () => {
    // docs/fidelity.md "PUT at an older api-version": nodeProvisioningProfile is first defined after 2022-11-01.
    const newer = `/subscriptions/${child.info.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/${NAME}?api-version=2026-04-01`;
    const settled = async () => {
      await waitFor(`${NAME} settled`, async () => (await child.request("GET", newer)).json?.properties?.provisioningState === "Succeeded");
      return (await child.request("GET", newer)).json;
    };
    const cluster = await settled();
    cluster.properties.nodeProvisioningProfile = { mode: "Manual" };
    const put = await child.request("PUT", newer, { body: cluster });
    assert.equal(put.status, 200, put.text);
    assert.equal((await settled()).properties.nodeProvisioningProfile?.mode, "Manual");

    const r = await az("aks", "update", "-g", RG, "-n", NAME, "--tags", "updated-by=az-2.45");
    assert.equal(r.code, 0, output(r));
    const after = await settled();
    assert.deepEqual(after.tags, { "updated-by": "az-2.45" });
    assert.equal(after.properties.nodeProvisioningProfile?.mode, "Manual");
  });

  it("nothing tried to leave loopback", () => {
    assert.deepEqual(guard.attempts, []);
  });
});
