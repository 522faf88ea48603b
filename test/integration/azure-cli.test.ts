import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CLI_MAIN, REPO_ROOT, makeTempDir, runCli, startChildEmulator, waitFor, type ChildEmulator } from "../support/child.js";
import { exportsOf, output } from "../support/az-session.js";
import { debianClientGate, runShell, sh, startNetworkGuard, type NetworkGuard, type ShellResult } from "../support/clients.js";

/**
 * Debian's azure-cli 2.45, unchanged, through the custom-cloud route (docs/sources.md "Azure CLI 2.45 custom cloud"):
 * `eval "$(aks-emulator env --az)"` registers a cloud whose ARM endpoint is the emulator, and
 * `az login --identity` gets tokens from the legacy MSI_ENDPOINT protocol. The README's Azure CLI block
 * runs line by line as written (create a private cluster, show, list, get-credentials, delete); then
 * get-credentials --admin, error paths, delete --no-wait, and a re-run of the set-up for another port.
 *
 * Every az runs with a fresh, empty AZURE_CONFIG_DIR and HOME, and the network guard's proxy
 * variables (loopback excluded): anything az would send off the machine is refused and recorded, and
 * the last test asserts nothing was. Nothing is seeded by the test: `env --az` itself writes az's
 * versionCheck.json into the fresh config dir (on a fresh dir az 2.45 otherwise probes
 * https://azure.microsoft.com once, its update check) and turns telemetry and extension installs off.
 * az takes ~2 s to start, so each step is one or two commands, each bounded by a timeout.
 */

const gate = debianClientGate("azure-cli");
const RG = "az-rg";
const AZ_TIMEOUT_MS = 45_000;

describe("aks-emulator env --az prints the set-up (checked without az)", () => {
  it("exports, then register-or-update of the custom cloud with all three AD endpoints and Microsoft Graph's, cloud set, login", async () => {
    const c = await startChildEmulator();
    const configDir = await makeTempDir("aks-emu-azconfig-");
    try {
      const r = await runCli(["env", "--az", "--data-dir", c.dataDir], { env: { AZURE_CONFIG_DIR: configDir } });
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trim().split("\n");
      const e = c.endpoint;
      const config = {
        endpoints: {
          resourceManager: `${e}/`,
          activeDirectory: e,
          activeDirectoryResourceId: "https://management.azure.com/",
          activeDirectoryGraphResourceId: "https://graph.windows.net/",
          microsoftGraphResourceId: `${e}/`,
          management: "https://management.core.windows.net/",
        },
      };
      const endpoints = `--cloud-config '${JSON.stringify(config)}'`;
      assert.deepEqual(lines, [
        `export REQUESTS_CA_BUNDLE='${c.info.caBundlePath}'`,
        "export AZURE_CORE_COLLECT_TELEMETRY=false",
        "export AZURE_EXTENSION_USE_DYNAMIC_INSTALL=no",
        `export MSI_ENDPOINT='${c.info.legacyIdentityEndpoint}'`,
        `az cloud register -n AksEmulator ${endpoints} 2>/dev/null || az cloud update -n AksEmulator ${endpoints}`,
        "az cloud set -n AksEmulator",
        "az login --identity",
      ]);
      assert.deepEqual(exportsOf(r.stdout), {
        REQUESTS_CA_BUNDLE: c.info.caBundlePath,
        AZURE_CORE_COLLECT_TELEMETRY: "false",
        AZURE_EXTENSION_USE_DYNAMIC_INSTALL: "no",
        MSI_ENDPOINT: c.info.legacyIdentityEndpoint,
      });
    } finally {
      await c.stop();
      await rm(c.dataDir, { recursive: true, force: true });
      await rm(configDir, { recursive: true, force: true });
    }
  });

  it("never overwrites the versionCheck.json a config dir already has", async () => {
    const c = await startChildEmulator();
    const configDir = await makeTempDir("aks-emu-azconfig-");
    try {
      const mine = '{"versions": {"azure-cli": {"local": "9.9.9"}}, "update_time": "2020-01-01 00:00:00.000000"}';
      await writeFile(join(configDir, "versionCheck.json"), mine);
      const r = await runCli(["env", "--az", "--data-dir", c.dataDir], { env: { AZURE_CONFIG_DIR: configDir } });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(await readFile(join(configDir, "versionCheck.json"), "utf8"), mine);
    } finally {
      await c.stop();
      await rm(c.dataDir, { recursive: true, force: true });
      await rm(configDir, { recursive: true, force: true });
    }
  });
});

describe("Azure CLI 2.45 through the custom cloud (`aks-emulator env --az`)", { skip: gate.skip, timeout: 420_000 }, () => {
  let child: ChildEmulator;
  let guard: NetworkGuard;
  let home: string;
  let configDir: string;
  let exports: Record<string, string> = {};
  const others: ChildEmulator[] = [];

  const baseEnv = () => ({
    PATH: process.env["PATH"] ?? "/usr/bin:/bin",
    HOME: home,
    AZURE_CONFIG_DIR: configDir,
    ...guard.env,
  });

  /** One az command in the shell the set-up left: the exports of `env --az`, then `az ...args`. */
  async function az(...args: string[]): Promise<ShellResult> {
    return runShell(`exec az ${args.map(sh).join(" ")}`, { env: { ...baseEnv(), ...exports }, cwd: home, timeoutMs: AZ_TIMEOUT_MS });
  }

  async function azJson(...args: string[]): Promise<any> {
    const r = await az(...args, "-o", "json");
    assert.equal(r.code, 0, output(r));
    return JSON.parse(r.stdout);
  }

  /** `eval "$(aks-emulator env --az --data-dir D)"` in a new shell, as the README says. */
  async function setUp(emulator: ChildEmulator): Promise<ShellResult> {
    const script = `eval "$(node ${sh(CLI_MAIN)} env --az --data-dir ${sh(emulator.dataDir)})"`;
    const r = await runShell(script, { env: baseEnv(), cwd: home, timeoutMs: 3 * AZ_TIMEOUT_MS });
    const printed = await runCli(["env", "--az", "--data-dir", emulator.dataDir], { env: { AZURE_CONFIG_DIR: configDir } });
    assert.equal(printed.code, 0, printed.stderr);
    exports = exportsOf(printed.stdout);
    return r;
  }

  const clusterPath = (emulator: ChildEmulator, name: string) =>
    `/subscriptions/${emulator.info.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/${name}?api-version=2022-11-01`;

  /** A cluster made through the REST API (faster than az), waited for until Succeeded. */
  async function putCluster(emulator: ChildEmulator, name: string, isPrivate: boolean): Promise<void> {
    const put = await emulator.request("PUT", clusterPath(emulator, name), {
      body: {
        location: "eastus",
        identity: { type: "SystemAssigned" },
        properties: {
          dnsPrefix: name,
          agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }],
          apiServerAccessProfile: { enablePrivateCluster: isPrivate },
        },
      },
    });
    assert.equal(put.status, 201, put.text);
    await waitFor(
      `${name} provisioned`,
      async () => (await emulator.request("GET", clusterPath(emulator, name))).json?.properties?.provisioningState === "Succeeded",
    );
  }

  async function putGroup(emulator: ChildEmulator, name: string): Promise<void> {
    const r = await emulator.request("PUT", `/subscriptions/${emulator.info.subscriptionId}/resourcegroups/${name}?api-version=2022-09-01`, {
      body: { location: "eastus" },
    });
    assert.ok(r.status === 200 || r.status === 201, r.text);
  }

  before(async () => {
    [child, guard, home] = await Promise.all([startChildEmulator(), startNetworkGuard(), makeTempDir("aks-emu-azhome-")]);
    // A config dir az has never seen (it does not exist yet): `env --az` seeds it.
    configDir = join(home, "azure-config");
    await putGroup(child, RG);
  });
  after(async () => {
    await Promise.all([child?.stop(), guard?.close(), ...others.map((o) => o.stop())]);
    await Promise.all([child, ...others].filter(Boolean).map((c) => rm(c.dataDir, { recursive: true, force: true })));
    if (home) await rm(home, { recursive: true, force: true });
  });

  /** The ```sh block under "### Azure CLI" in README.md, one command a line. */
  async function readmeAzBlock(): Promise<string[]> {
    const readme = await readFile(join(REPO_ROOT, "README.md"), "utf8");
    const m = /^### (?:\d+\. )?(?:The )?Azure CLI\n[\s\S]*?^```sh\n([\s\S]*?)^```$/m.exec(readme);
    assert.ok(m, "README.md has a ```sh block under ### Azure CLI");
    return m[1]!.split("\n").filter((l) => l.trim() !== "");
  }

  let privateFqdn = "";
  it("the README's Azure CLI block, line by line (set-up, group, private cluster create, show, list, get-credentials, delete)", async (t) => {
    const lines = await readmeAzBlock();
    const SETUP = 'eval "$(npx aks-emulator env --az)"';
    assert.ok(lines[0]!.startsWith(SETUP + " "), `the block starts with ${SETUP}: ${lines[0]}`);

    // 1. The set-up, with this instance's data dir: custom cloud, then az login --identity (legacy MSI endpoint).
    const setup = await setUp(child);
    assert.equal(setup.code, 0, output(setup));
    const accounts = JSON.parse(setup.stdout);
    assert.deepEqual(
      accounts.map((a: any) => [a.environmentName, a.id, a.tenantId, a.state, a.user.type, a.user.assignedIdentityInfo]),
      [["AksEmulator", child.info.subscriptionId, child.info.tenantId, "Enabled", "servicePrincipal", "MSI"]],
    );
    // The seeded config dir: az's installed versions, so that it looks for no newer az online.
    const seeded = JSON.parse(await readFile(join(configDir, "versionCheck.json"), "utf8"));
    assert.equal(seeded.versions.core.local, seeded.versions["azure-cli"].local);
    assert.match(seeded.update_time, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
    assert.deepEqual(guard.attempts, [], "the set-up tried to leave the machine");
    // What every later command needs: az asks MSI_ENDPOINT for a token each time.
    assert.equal(exports["MSI_ENDPOINT"], child.info.legacyIdentityEndpoint);
    assert.equal(exports["REQUESTS_CA_BUNDLE"], child.info.caBundlePath);
    assert.equal(exports["AZURE_CORE_COLLECT_TELEMETRY"], "false");
    assert.equal(exports["AZURE_EXTENSION_USE_DYNAMIC_INSTALL"], "no");

    // 2. Every other line as written, in that shell's environment.
    const checks: Array<[RegExp, (r: ShellResult) => Promise<void> | void]> = [
      [/^az group create /, (r) => assert.equal(JSON.parse(r.stdout).properties.provisioningState, "Succeeded")],
      [
        /^az aks create .*--enable-private-cluster/,
        (r) => {
          const created = JSON.parse(r.stdout);
          assert.equal(created.provisioningState, "Succeeded");
          assert.equal(created.apiServerAccessProfile.enablePrivateCluster, true);
          assert.equal(created.apiServerAccessProfile.privateDnsZone, "system");
          assert.equal(created.identity.type, "SystemAssigned");
          assert.deepEqual(created.servicePrincipalProfile, { clientId: "msi", secret: null });
          assert.match(created.privateFqdn, /^aks1-rg1-000000-[0-9a-z]{8}\.[0-9a-f-]{36}\.privatelink\.eastus\.azmk8s\.io$/);
          privateFqdn = created.privateFqdn;
        },
      ],
      [
        /^az aks show /,
        (r) => {
          const shown = JSON.parse(r.stdout);
          assert.deepEqual([shown.name, shown.privateFqdn, shown.servicePrincipalProfile.clientId], ["aks1", privateFqdn, "msi"]);
        },
      ],
      [/^az aks list -o table/, (r) => assert.match(r.stdout, /^aks1\s+eastus\s+rg1\s.*Succeeded/m)],
      [
        /^az aks get-credentials .*--file \.\/aks1\.kubeconfig/,
        async () => {
          const yaml = await readFile(join(home, "aks1.kubeconfig"), "utf8");
          assert.match(yaml, new RegExp(`^    server: https://${privateFqdn.replace(/\./g, "\\.")}:443$`, "m"));
          assert.match(yaml, /^current-context: aks1$/m);
          assert.match(yaml, /^- name: clusterUser_rg1_aks1$/m);
        },
      ],
      [
        /^az aks delete .*--yes/,
        async () => {
          const r = await child.request(
            "GET",
            `/subscriptions/${child.info.subscriptionId}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/aks1?api-version=2022-11-01`,
          );
          assert.equal(r.status, 404, r.text);
        },
      ],
    ];
    for (const line of lines.slice(1)) {
      const r = await runShell(line, { env: { ...baseEnv(), ...exports }, cwd: home, timeoutMs: AZ_TIMEOUT_MS });
      t.diagnostic(`${line.replace(/\s+#.*$/, "")}: exit ${r.code}, ${r.ms} ms`);
      assert.equal(r.code, 0, `${line}\n${output(r)}`);
      const check = checks.find(([re]) => re.test(line));
      assert.ok(check, `no check for README line: ${line}`);
      await check[1](r);
    }
    assert.equal(lines.length, checks.length + 1, "every check ran");
  });

  it("az aks get-credentials --admin: az names the context <cluster>-admin", async () => {
    await putCluster(child, "azpriv", true);
    const cluster = (await child.request("GET", clusterPath(child, "azpriv"))).json;
    const admin = join(home, "kubeconfig-admin");
    const r = await az("aks", "get-credentials", "-g", RG, "-n", "azpriv", "--admin", "--file", admin);
    assert.equal(r.code, 0, output(r));
    const adminYaml = await readFile(admin, "utf8");
    // docs/fidelity.md "Admin kubeconfig context": az appends "-admin" to the RP's context name.
    assert.match(adminYaml, /^current-context: azpriv-admin$/m);
    assert.match(adminYaml, /^- name: clusterAdmin_az-rg_azpriv$/m);
    assert.match(adminYaml, new RegExp(`server: https://${String(cluster.properties.privateFQDN).replace(/\./g, "\\.")}:443$`, "m"));
  });

  it("errors: a missing cluster exits 3 with ResourceNotFound; AKS's own codes reach the user", async () => {
    let r = await az("aks", "show", "-g", RG, "-n", "nosuch");
    assert.equal(r.code, 3, output(r));
    assert.match(
      r.stderr,
      /^ERROR: \(ResourceNotFound\) The Resource 'Microsoft\.ContainerService\/managedClusters\/nosuch' under resource group 'az-rg' was not found/m,
    );

    const zone = `/subscriptions/${child.info.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Network/privateDnsZones/not-an-aks.zone`;
    r = await az("aks", "create", "-g", RG, "-n", "azbadzone", "--enable-private-cluster", "--no-ssh-key", "--private-dns-zone", zone, "-o", "none");
    assert.equal(r.code, 1, output(r));
    assert.match(r.stderr, /^ERROR: \(InvalidPrivateDNSZoneResourceID\) Invalid private dns zone resource id/m);

    // az 2.45 refuses this one itself, before sending anything.
    r = await az("aks", "create", "-g", RG, "-n", "azbasic", "--enable-private-cluster", "--no-ssh-key", "--load-balancer-sku", "basic", "-o", "none");
    assert.notEqual(r.code, 0, output(r));
    assert.match(r.stderr, /Please use standard load balancer for private cluster/);
  });

  it("az aks delete --yes --no-wait", async () => {
    const r = await az("aks", "delete", "-g", RG, "-n", "azpriv", "--yes", "--no-wait");
    assert.equal(r.code, 0, output(r));
    await waitFor("azpriv deleted", async () => (await child.request("GET", clusterPath(child, "azpriv"))).status === 404);
    assert.deepEqual(await azJson("aks", "list", "--query", "[].name"), []);
  });

  it("az aks nodepool add, list, show, scale, update, upgrade, get-upgrades, snapshot create/list/delete, delete", async () => {
    await putCluster(child, "azpools", false);
    const pool = (name: string) => azJson("aks", "nodepool", "show", "-g", RG, "--cluster-name", "azpools", "-n", name);
    let r = await az("aks", "nodepool", "add", "-g", RG, "--cluster-name", "azpools", "-n", "userpool", "--node-count", "2", "--mode", "User", "-o", "none");
    assert.equal(r.code, 0, output(r));
    assert.deepEqual((await azJson("aks", "nodepool", "list", "-g", RG, "--cluster-name", "azpools", "--query", "[].name")).sort(), ["nodepool1", "userpool"]);
    const added = await pool("userpool");
    assert.deepEqual([added.count, added.mode, added.provisioningState], [2, "User", "Succeeded"]);

    r = await az("aks", "nodepool", "scale", "-g", RG, "--cluster-name", "azpools", "-n", "userpool", "--node-count", "3", "-o", "none");
    assert.equal(r.code, 0, output(r));
    assert.equal((await pool("userpool")).count, 3);
    assert.equal((await azJson("aks", "show", "-g", RG, "-n", "azpools")).agentPoolProfiles.find((p: { name: string }) => p.name === "userpool").count, 3);

    r = await az("aks", "nodepool", "update", "-g", RG, "--cluster-name", "azpools", "-n", "userpool", "--labels", "team=one", "-o", "none");
    assert.equal(r.code, 0, output(r));
    assert.deepEqual((await pool("userpool")).nodeLabels, { team: "one" });

    const upgrades = await azJson("aks", "nodepool", "get-upgrades", "-g", RG, "--cluster-name", "azpools", "-n", "userpool");
    assert.equal(upgrades.kubernetesVersion, added.currentOrchestratorVersion);
    assert.match(upgrades.latestNodeImageVersion, /^AKSUbuntu-/);
    r = await az("aks", "nodepool", "upgrade", "-g", RG, "--cluster-name", "azpools", "-n", "userpool", "--node-image-only", "--yes", "-o", "none");
    assert.equal(r.code, 0, output(r));
    await waitFor("userpool upgraded", async () => (await pool("userpool")).provisioningState === "Succeeded");
    assert.equal((await pool("userpool")).nodeImageVersion, upgrades.latestNodeImageVersion);

    // A pool one minor version behind the control plane.
    const cp = String((await azJson("aks", "show", "-g", RG, "-n", "azpools")).currentKubernetesVersion);
    const behind = `${cp.split(".")[0]}.${Number(cp.split(".")[1]) - 1}`;
    r = await az("aks", "nodepool", "add", "-g", RG, "--cluster-name", "azpools", "-n", "oldpool", "--kubernetes-version", behind, "-o", "none");
    assert.equal(r.code, 0, output(r));
    assert.equal((await pool("oldpool")).orchestratorVersion, behind);
    // `az aks nodepool upgrade --kubernetes-version` fails in az 2.45 itself on a Succeeded pool (azure-cli#25530):
    // azure-cli-versions.test.ts shows that, and the upgrade going through from another state.

    // AKS's refusal reaches the user: the last (System) pool stays.
    r = await az("aks", "nodepool", "delete", "-g", RG, "--cluster-name", "azpools", "-n", "nodepool1", "-o", "none");
    assert.notEqual(r.code, 0, output(r));
    assert.match(r.stderr, /OperationNotAllowed/);

    // az aks upgrade --node-image-only: every pool's node image upgrade (az sends them without waiting).
    r = await az("aks", "upgrade", "-g", RG, "-n", "azpools", "--node-image-only", "--yes", "-o", "none");
    assert.equal(r.code, 0, output(r));
    await waitFor("pools upgraded", async () => (await pool("nodepool1")).provisioningState === "Succeeded");
    assert.equal(
      (await pool("nodepool1")).nodeImageVersion,
      (await azJson("aks", "nodepool", "get-upgrades", "-g", RG, "--cluster-name", "azpools", "-n", "nodepool1")).latestNodeImageVersion,
    );

    // Node pool snapshots of it: create, list, delete.
    r = await az("aks", "nodepool", "snapshot", "create", "-g", RG, "-n", "azsnap", "--nodepool-id", added.id, "-o", "none");
    assert.equal(r.code, 0, output(r));
    const snaps = await azJson("aks", "nodepool", "snapshot", "list", "-g", RG);
    assert.deepEqual(
      snaps.map((s: Record<string, unknown>) => [s["name"], s["kubernetesVersion"], s["nodeImageVersion"]]),
      [["azsnap", added.currentOrchestratorVersion, upgrades.latestNodeImageVersion]],
    );
    r = await az("aks", "nodepool", "snapshot", "delete", "-g", RG, "-n", "azsnap", "--yes", "-o", "none");
    assert.equal(r.code, 0, output(r));
    assert.deepEqual(await azJson("aks", "nodepool", "snapshot", "list", "-g", RG), []);

    r = await az("aks", "nodepool", "delete", "-g", RG, "--cluster-name", "azpools", "-n", "userpool", "-o", "none");
    assert.equal(r.code, 0, output(r));
    assert.deepEqual(await azJson("aks", "nodepool", "list", "-g", RG, "--cluster-name", "azpools", "--query", "[].name"), ["nodepool1", "oldpool"]);
  });

  it("a second instance on another port: evaluating its `env --az` re-points the cloud", async () => {
    const second = await startChildEmulator();
    others.push(second);
    await putGroup(second, "az-second-rg");
    const r = await setUp(second);
    assert.equal(r.code, 0, output(r));
    assert.deepEqual(await azJson("group", "list", "--query", "[].name"), ["az-second-rg"]);
  });

  it("nothing tried to leave the machine", () => {
    assert.deepEqual(guard.attempts, []);
  });
});
