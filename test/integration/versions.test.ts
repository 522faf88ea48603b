/**
 * Kubernetes versions through the emulator: the version catalogue (docs/version-catalogue.md) and its
 * start flag.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { startEmulator } from "../../src/app.js";
import { CLI_MAIN } from "../support/child.js";
import { clusterBody, clusterPath, rgPath, startTestEmulator, type TestEmulator } from "../support/emulator.js";

const api = "api-version=2026-04-01";

/** A catalogue other than the built-in one: 1.40 (default) and 1.41. */
const OWN_CATALOGUE = {
  defaultVersion: "1.40",
  kubernetesVersions: [
    { version: "1.40", supportPlan: ["KubernetesOfficial"], patchVersions: ["1.40.2", "1.40.4"] },
    { version: "1.41", supportPlan: ["KubernetesOfficial"], patchVersions: ["1.41.1"] },
  ],
  nodeImages: [{ osType: "Linux", osSKUs: ["Ubuntu"], nodeImageVersion: "AKSUbuntu-2404gen2containerd-209901.01.0" }],
};

describe("--version-catalogue", () => {
  let dir: string;
  let te: TestEmulator;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "catalogue-"));
    await writeFile(join(dir, "own.json"), JSON.stringify(OWN_CATALOGUE));
    await writeFile(join(dir, "bad.json"), JSON.stringify({ ...OWN_CATALOGUE, defaultVersion: "1.39" }));
    te = await startTestEmulator({ versionCatalogue: join(dir, "own.json") });
    await te.request("PUT", `${rgPath(te.subscriptionId, "rg1")}?api-version=2021-04-01`, { body: { location: "eastus" } });
  });
  after(async () => {
    await te?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("replaces the built-in catalogue: a cluster without a version gets the file's default, other versions are refused", async () => {
    const r = await te.request("PUT", `${clusterPath(te.subscriptionId, "rg1", "own1")}?${api}`, { body: clusterBody() });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.properties.kubernetesVersion, "1.40");
    assert.equal(r.json.properties.currentKubernetesVersion, "1.40.4");
    assert.equal(r.json.properties.agentPoolProfiles[0].nodeImageVersion, "AKSUbuntu-2404gen2containerd-209901.01.0");
    const refused = await te.request("PUT", `${clusterPath(te.subscriptionId, "rg1", "own2")}?${api}`, {
      body: clusterBody({ properties: { ...(clusterBody().properties as object), kubernetesVersion: "1.36" } }),
    });
    assert.equal(refused.status, 400, refused.text);
    assert.equal(refused.json.error.code, "K8sVersionNotSupported");
  });

  it("a bad file stops the start with the place and what to fix", async () => {
    await assert.rejects(
      startEmulator({ inMemory: true, port: 0, dataDir: dir, versionCatalogue: join(dir, "bad.json") }),
      /defaultVersion "1\.39" is not one of kubernetesVersions/,
    );
    const cli = spawnSync(
      process.execPath,
      [CLI_MAIN, "start", "--in-memory", "--port", "0", "--data-dir", dir, "--version-catalogue", join(dir, "bad.json")],
      {
        encoding: "utf8",
        timeout: 30_000,
      },
    );
    assert.equal(cli.status, 1);
    assert.match(cli.stderr, /^aks-emulator: version catalogue .*bad\.json: defaultVersion "1\.39" is not one of kubernetesVersions/m);
  });
});
