import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ArmError } from "../../src/arm/errors.js";
import { VersionCatalogue, versionCatalogue, type VersionCatalogueData } from "../../src/providers/containerservice/version-catalogue.js";
import { parseVersionCatalogue, readVersionCatalogue } from "../../src/providers/containerservice/version-catalogue-file.js";

/** The version catalogue (docs/version-catalogue.md): its checks, resolution, upgrade rules and node images. */

const BUILT_IN = fileURLToPath(new URL("../../../src/providers/containerservice/version-catalogue.json", import.meta.url));
const SRC = fileURLToPath(new URL("../../../src/", import.meta.url));

const small = (): VersionCatalogueData => ({
  defaultVersion: "1.30",
  kubernetesVersions: [
    { version: "1.31", isPreview: true, supportPlan: ["KubernetesOfficial"], patchVersions: ["1.31.0"] },
    { version: "1.29", supportPlan: ["KubernetesOfficial"], patchVersions: ["1.29.4", "1.29.2"] },
    { version: "1.30", supportPlan: ["KubernetesOfficial", "AKSLongTermSupport"], patchVersions: ["1.30.1", "1.30.3"] },
  ],
  nodeImages: [
    { osType: "Linux", osSKUs: ["Ubuntu"], toVersion: "1.29", nodeImageVersion: "U2204" },
    { osType: "Linux", osSKUs: ["Ubuntu"], fromVersion: "1.30", nodeImageVersion: "U2404" },
    { osType: "Linux", osSKUs: ["AzureLinux"], nodeImageVersion: "AZL3" },
    { osType: "Windows", osSKUs: ["Windows2022"], nodeImageVersion: "W2022" },
  ],
});

function armError(fn: () => unknown): ArmError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ArmError) return e;
    throw e;
  }
  assert.fail("expected an ArmError");
}

describe("version catalogue", () => {
  it("the built-in file passes the checks and the built-in catalogue is the one served by default", () => {
    const data = parseVersionCatalogue(JSON.parse(readFileSync(BUILT_IN, "utf8")), BUILT_IN);
    assert.deepEqual(new VersionCatalogue(data).patchVersions(), versionCatalogue().patchVersions());
    assert.equal(versionCatalogue().defaultVersion, data.defaultVersion);
  });

  it("resolves '', a minor and a patch; refuses the rest with AKS's wording", () => {
    const c = new VersionCatalogue(small());
    assert.deepEqual(c.resolve("", "kubernetesVersion"), { requested: "1.30", current: "1.30.3" });
    assert.deepEqual(c.resolve("1.29", "kubernetesVersion"), { requested: "1.29", current: "1.29.4" });
    assert.deepEqual(c.resolve("1.29.2", "kubernetesVersion"), { requested: "1.29.2", current: "1.29.2" });
    const e = armError(() => c.resolve("1.28.9", "kubernetesVersion"));
    assert.equal(e.status, 400);
    assert.equal(e.code, "K8sVersionNotSupported");
    assert.match(e.message, /^Version 1\.28\.9 is not supported in this region\. Please use \[az aks get-versions\] command/);
    assert.equal(armError(() => c.resolve("1.30.2", "agentPoolProfiles[0].orchestratorVersion")).code, "AgentPoolK8sVersionNotSupported");
  });

  it("upgrades: newer patches of the minor and the next minor's patches, oldest first, previews flagged", () => {
    const c = new VersionCatalogue(small());
    assert.deepEqual(c.upgradesFrom("1.29.2"), [{ kubernetesVersion: "1.29.4" }, { kubernetesVersion: "1.30.1" }, { kubernetesVersion: "1.30.3" }]);
    assert.deepEqual(c.upgradesFrom("1.30.3"), [{ kubernetesVersion: "1.31.0", isPreview: true }]);
    assert.deepEqual(c.upgradesFrom("1.31.0"), []);
  });

  it("assertUpgrade passes the same version, a patch and the next minor; refuses a downgrade and a skipped minor", () => {
    const c = new VersionCatalogue(small());
    c.assertUpgrade("1.29.2", "1.29.2", "kubernetesVersion");
    c.assertUpgrade("1.29.2", "1.29.4", "kubernetesVersion");
    c.assertUpgrade("1.29.4", "1.30.1", "kubernetesVersion");
    const skip = armError(() => c.assertUpgrade("1.29.2", "1.31.0", "kubernetesVersion"));
    assert.equal(skip.status, 400);
    assert.equal(skip.code, "OperationNotAllowed");
    assert.equal(
      skip.message,
      "Upgrading Kubernetes version 1.29.2 to 1.31.0 is not allowed. Available upgrades: [1.30.3 1.30.1 1.29.4]. Please see https://aka.ms/aks-supported-k8s-ver for version details.",
    );
    const down = armError(() => c.assertUpgrade("1.30.3", "1.30.1", "kubernetesVersion"));
    assert.match(down.message, /^Downgrading Kubernetes version 1\.30\.3 to 1\.30\.1 is not allowed\. Available upgrades: \[1\.31\.0\]\./);
  });

  it("node images by OS type, SKU and version, with fallbacks for a SKU it does not name", () => {
    const c = new VersionCatalogue(small());
    assert.equal(c.latestNodeImage("Linux", "Ubuntu", "1.29.4"), "U2204");
    assert.equal(c.latestNodeImage("Linux", "Ubuntu", "1.30"), "U2404");
    assert.equal(c.latestNodeImage("Linux", "AzureLinux", "1.30.1"), "AZL3");
    assert.equal(c.latestNodeImage("Windows", "Windows2022", "1.30.1"), "W2022");
    assert.equal(c.latestNodeImage("Windows", "Windows2025", "1.30.1"), "W2022");
    assert.equal(c.latestNodeImage("Linux", undefined, "1.29.2"), "U2204");
  });

  it("checks a file: each mistake named with its place", async () => {
    const bad: [string, (d: any) => void, RegExp][] = [
      ["not an object", () => undefined, /must hold a JSON object/],
      ["default not listed", (d) => (d.defaultVersion = "1.28"), /defaultVersion "1\.28" is not one of kubernetesVersions/],
      ["default in preview", (d) => (d.defaultVersion = "1.31"), /is a preview version/],
      [
        "patch of another minor",
        (d) => d.kubernetesVersions[1].patchVersions.push("1.30.9"),
        /kubernetesVersions\[1\]\.patchVersions\[2\] must be a patch version of 1\.29/,
      ],
      ["unknown support plan", (d) => (d.kubernetesVersions[0].supportPlan = ["Premium"]), /kubernetesVersions\[0\]\.supportPlan/],
      ["minor twice", (d) => d.kubernetesVersions.push({ ...d.kubernetesVersions[1] }), /kubernetesVersions\[3\]\.version "1\.29" is listed twice/],
      ["bad osType", (d) => (d.nodeImages[3].osType = "windows"), /nodeImages\[3\]\.osType/],
      ["no Linux image for a minor", (d) => (d.nodeImages = d.nodeImages.slice(1, 2)), /no Linux image for Kubernetes 1\.29/],
    ];
    for (const [what, change, message] of bad) {
      const d: any = what === "not an object" ? [] : small();
      change(d);
      assert.throws(() => parseVersionCatalogue(d, "x.json"), message, what);
    }
    const dir = await mkdtemp(join(tmpdir(), "catalogue-"));
    try {
      await writeFile(join(dir, "c.json"), "{ not json");
      assert.throws(() => readVersionCatalogue(join(dir, "c.json")), /version catalogue .*c\.json: is not JSON/);
      assert.throws(() => readVersionCatalogue(join(dir, "missing.json")), /cannot be read/);
      await writeFile(join(dir, "ok.json"), JSON.stringify(small()));
      assert.equal(readVersionCatalogue(join(dir, "ok.json")).defaultVersion, "1.30");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("cold start: the catalogue file, its file checks, the listings' answers and the network rules load on first use only", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => {
        const p = join(dir, f);
        return statSync(p).isDirectory() ? files(p) : /\.c?ts$/.test(f) ? [p] : [];
      });
    const staticImport =
      /^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s+["'][^"']*\/(version-catalogue\.json|version-catalogue-file\.js|version-answers\.js|network-rules\.js)["']/gm;
    const found = files(SRC).flatMap((f) => [...readFileSync(f, "utf8").matchAll(staticImport)].map((m) => `${f}: ${m[0].trim()}`));
    assert.deepEqual(found, []);
  });
});
