import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { seedAzConfigDir } from "../../src/cli/env-az.js";
import { makeTempDir, startChildEmulator, type ChildEmulator } from "../support/child.js";
import { debianClientGate, runShell, sh, shellOutput, startNetworkGuard, type NetworkGuard, type ShellResult } from "../support/clients.js";

/**
 * Debian's azure-cli 2.45 registers the emulator as a cloud from its metadata document, both ways az
 * reads one: `az cloud register --endpoint-resource-manager` (msrestazure fetches
 * `{arm}/metadata/endpoints?api-version=2015-01-01` and takes the login endpoint, the ARM audience and
 * Graph from it) and `ARM_CLOUD_METADATA_URL` (az's own urllib fetch of the 2019-05-01 array, which
 * trusts SSL_CERT_FILE, not REQUESTS_CA_BUNDLE). Then `az login --identity` (the legacy MSI_ENDPOINT),
 * `az resource list` and `az group list`. Every az runs in a fresh config dir behind the refusing proxy
 * (loopback excluded): the last assertion of each test is that nothing tried to leave the machine.
 */

const gate = debianClientGate("azure-cli");
const AZ_TIMEOUT_MS = 60_000;

describe("Azure CLI 2.45 registers the emulator from its cloud metadata", { skip: gate.skip, timeout: 420_000 }, () => {
  let child: ChildEmulator;
  let guard: NetworkGuard;
  let home: string;

  before(async () => {
    [child, guard, home] = await Promise.all([startChildEmulator(), startNetworkGuard(), makeTempDir("aks-emu-azmeta-")]);
    const sub = child.info.subscriptionId;
    const group = await child.request("PUT", `/subscriptions/${sub}/resourcegroups/meta-rg?api-version=2022-09-01`, { body: { location: "eastus" } });
    assert.equal(group.status, 201, group.text);
    const vnet = await child.request(
      "PUT",
      `/subscriptions/${sub}/resourceGroups/meta-rg/providers/Microsoft.Network/virtualNetworks/meta-vnet?api-version=2024-03-01`,
      {
        body: { location: "eastus", tags: { env: "meta" }, properties: { addressSpace: { addressPrefixes: ["10.1.0.0/16"] } } },
      },
    );
    assert.ok(vnet.status === 200 || vnet.status === 201, vnet.text);
  });
  after(async () => {
    await Promise.all([child?.stop(), guard?.close()]);
    if (child) await rm(child.dataDir, { recursive: true, force: true });
    if (home) await rm(home, { recursive: true, force: true });
  });

  /** A fresh az config dir, seeded as `env --az` seeds one (no update check online). */
  async function freshConfigDir(name: string): Promise<string> {
    const dir = join(home, name);
    seedAzConfigDir({ ...process.env, AZURE_CONFIG_DIR: dir });
    return dir;
  }

  function run(script: string, configDir: string, extra: Record<string, string> = {}): Promise<ShellResult> {
    return runShell(script, {
      env: {
        PATH: process.env["PATH"] ?? "/usr/bin:/bin",
        HOME: home,
        AZURE_CONFIG_DIR: configDir,
        AZURE_CORE_COLLECT_TELEMETRY: "false",
        AZURE_EXTENSION_USE_DYNAMIC_INSTALL: "no",
        REQUESTS_CA_BUNDLE: child.info.caBundlePath,
        MSI_ENDPOINT: child.info.legacyIdentityEndpoint,
        ...guard.env,
        ...extra,
      },
      cwd: home,
      timeoutMs: AZ_TIMEOUT_MS,
    });
  }

  it("az cloud register --endpoint-resource-manager reads the 2015-01-01 document; login, resource list, group list", async () => {
    const configDir = await freshConfigDir("register");
    const base = `${child.endpoint}/`;
    const registered = await run(
      `az cloud register -n EmuMeta --endpoint-resource-manager ${sh(base)} && az cloud set -n EmuMeta && exec az cloud show -n EmuMeta -o json`,
      configDir,
    );
    assert.equal(registered.code, 0, shellOutput(registered));
    const cloud = JSON.parse(registered.stdout);
    assert.equal(cloud.isActive, true);
    assert.equal(cloud.endpoints.resourceManager, base);
    assert.equal(cloud.endpoints.activeDirectory, base, "the login endpoint came from the document");
    assert.equal(cloud.endpoints.activeDirectoryResourceId, base, "the ARM audience came from the document");
    assert.equal(cloud.endpoints.activeDirectoryGraphResourceId, base, "Graph came from the document");

    const listed = await run("az login --identity -o none && exec az resource list -g meta-rg -o json", configDir);
    assert.equal(listed.code, 0, shellOutput(listed));
    const resources = JSON.parse(listed.stdout);
    assert.deepEqual(
      resources.map((r: any) => [r.type, r.name, r.resourceGroup, r.location, r.provisioningState]),
      [["Microsoft.Network/virtualNetworks", "meta-vnet", "meta-rg", "eastus", "Succeeded"]],
    );
    const tagged = await run("exec az resource list --tag env=meta --query '[].name' -o json", configDir);
    assert.equal(tagged.code, 0, shellOutput(tagged));
    assert.deepEqual(JSON.parse(tagged.stdout), ["meta-vnet"]);
    const groups = await run("exec az group list --query '[].name' -o json", configDir);
    assert.equal(groups.code, 0, shellOutput(groups));
    assert.deepEqual(JSON.parse(groups.stdout), ["meta-rg"]);
    assert.deepEqual(guard.attempts, [], "az tried to leave the machine");
  });

  it("ARM_CLOUD_METADATA_URL (the 2019-05-01 array, fetched with SSL_CERT_FILE) makes the emulator az's cloud", async () => {
    const configDir = await freshConfigDir("metadata-url");
    const extra = { ARM_CLOUD_METADATA_URL: `${child.endpoint}/metadata/endpoints?api-version=2019-05-01`, SSL_CERT_FILE: child.info.caBundlePath };
    const shown = await run("exec az cloud show -o json", configDir, extra);
    assert.equal(shown.code, 0, shellOutput(shown));
    const cloud = JSON.parse(shown.stdout);
    assert.deepEqual([cloud.name, cloud.isActive, cloud.endpoints.resourceManager], ["AksEmulator", true, `${child.endpoint}/`]);
    assert.equal(cloud.endpoints.microsoftGraphResourceId, `${child.endpoint}/`);
    assert.equal(cloud.suffixes.storageEndpoint, "core.aks-emulator.invalid");

    const listed = await run("az login --identity -o none && exec az resource list --query '[].id' -o json", configDir, extra);
    assert.equal(listed.code, 0, shellOutput(listed));
    assert.deepEqual(JSON.parse(listed.stdout), [
      `/subscriptions/${child.info.subscriptionId}/resourceGroups/meta-rg/providers/Microsoft.Network/virtualNetworks/meta-vnet`,
    ]);
    const groups = await run("exec az group list --query '[].name' -o json", configDir, extra);
    assert.equal(groups.code, 0, shellOutput(groups));
    assert.deepEqual(JSON.parse(groups.stdout), ["meta-rg"]);
    assert.deepEqual(guard.attempts, [], "az tried to leave the machine");
  });
});
