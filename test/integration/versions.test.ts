/**
 * Kubernetes versions through the emulator: the version catalogue (docs/version-catalogue.md) and its
 * start flag; the listings (`locations/{l}/kubernetesVersions` through @azure/arm-containerservice
 * 25.3.0, `locations/{l}/orchestrators` at 2019-04-01 as az 2.45 calls it, a cluster's
 * `upgradeProfiles/default`), every answer checked against the official definition; cluster upgrades
 * through the cluster PUT (no downgrade, one minor at a time, patches, control plane only); and the
 * network profile's ranges (docs/fidelity.md "Network profile ranges").
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { startEmulator } from "../../src/app.js";
import { CLI_MAIN, REPO_ROOT } from "../support/child.js";
import { conformancePolicy } from "../support/conformance.js";
import { clusterBody, clusterPath, rgPath, startTestEmulator, type TestEmulator } from "../support/emulator.js";
import { credentialFor } from "../support/sdk-clients.js";

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

// ---------------------------------------------------------------------------------------------------

const RG = "versions-rg";
const OFFERED = ["1.34.10", "1.34.12", "1.35.7", "1.35.9", "1.36.3", "1.36.5", "1.37.1"];

function sdkFor(te: TestEmulator): ContainerServiceClient {
  const credential = credentialFor(te);
  // Every answer the SDK receives is checked against the official definition.
  return new ContainerServiceClient(credential, te.subscriptionId, {
    endpoint: te.endpoint,
    additionalPolicies: [{ policy: conformancePolicy(), position: "perCall" }],
  } as any);
}

/** A body that conforms to a definition of `spec/definitions/.../location.json` (2019-04-01): required properties, JSON types, nothing undefined. */
function conformsTo(definitions: Record<string, any>, name: string, value: unknown, at = ""): string[] {
  const def = definitions[name];
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${at || "body"}: expected an object (${name})`];
  const out: string[] = [];
  for (const r of def.required ?? []) if (!(r in value)) out.push(`${at}${r}: missing required property of ${name}`);
  for (const [k, v] of Object.entries(value)) {
    const p = def.properties?.[k];
    if (!p) {
      out.push(`${at}${k}: not in the definition of ${name}`);
      continue;
    }
    const ref = (s: any) => String(s.$ref).replace("#/definitions/", "");
    if (p.$ref) out.push(...conformsTo(definitions, ref(p), v, `${at}${k}.`));
    else if (p.type === "array") {
      if (!Array.isArray(v)) out.push(`${at}${k}: expected an array`);
      else if (p.items.$ref) for (const [i, item] of v.entries()) out.push(...conformsTo(definitions, ref(p.items), item, `${at}${k}[${i}].`));
    } else if (p.type === "string" && typeof v !== "string") out.push(`${at}${k}: expected a string`);
    else if (p.type === "boolean" && typeof v !== "boolean") out.push(`${at}${k}: expected a boolean`);
  }
  return out;
}

async function group(te: TestEmulator, name = RG): Promise<void> {
  const r = await te.request("PUT", `${rgPath(te.subscriptionId, name)}?api-version=2021-04-01`, { body: { location: "eastus" } });
  assert.ok(r.status === 200 || r.status === 201, r.text);
}

/** A cluster body with a version and its pools (each `[name, orchestratorVersion?]`). */
function versionedBody(version: string | undefined, pools: [string, string?][] = [["nodepool1"]], network?: Record<string, unknown>): Record<string, unknown> {
  return clusterBody({
    properties: {
      dnsPrefix: "ver",
      ...(version === undefined ? {} : { kubernetesVersion: version }),
      agentPoolProfiles: pools.map(([name, v], i) => ({ name, count: 1, mode: i === 0 ? "System" : "User", ...(v ? { orchestratorVersion: v } : {}) })),
      ...(network ? { networkProfile: network } : {}),
    },
  });
}

/** The SDK's form of a body (the model flattens `properties`). */
function sdkBody(body: Record<string, any>): any {
  const { properties, ...rest } = body;
  return { ...rest, ...properties };
}

async function put(te: TestEmulator, name: string, body: unknown, rg = RG) {
  return te.request("PUT", `${clusterPath(te.subscriptionId, rg, name)}?api-version=2026-04-01`, { body });
}

/** A PUT that must be refused: its status, code, target and message. */
async function refusal(te: TestEmulator, name: string, body: unknown, rg = RG): Promise<{ status: number; code: string; target?: string; message: string }> {
  const r = await put(te, name, body, rg);
  assert.ok(r.status >= 400, `expected a refusal, got ${r.status}: ${r.text}`);
  return { status: r.status, code: r.json.error.code, target: r.json.error.target, message: r.json.error.message };
}

describe("version listings and cluster upgrades (@azure/arm-containerservice 25.3.0 and raw HTTPS)", () => {
  let te: TestEmulator;
  let sdk: ContainerServiceClient;
  before(async () => {
    // 1 ms: the real long-running answers (Creating + Azure-AsyncOperation), polled with the SDK's defaults.
    te = await startTestEmulator({ lroDurationMs: 1 });
    sdk = sdkFor(te);
    await group(te);
  });
  after(async () => te?.close());

  it("managedClusters.listKubernetesVersions: every minor of the catalogue, oldest first, with its patches' upgrades", async () => {
    const list = await sdk.managedClusters.listKubernetesVersions("eastus");
    assert.deepEqual(
      list.values?.map((m) => [m.version, m.isDefault ?? false, m.isPreview ?? false, m.capabilities?.supportPlan]),
      ["1.34", "1.35", "1.36", "1.37"].map((v) => [v, v === "1.36", false, ["KubernetesOfficial", "AKSLongTermSupport"]]),
    );
    const patches = Object.fromEntries(list.values!.flatMap((m) => Object.entries(m.patchVersions ?? {}).map(([p, u]) => [p, u.upgrades])));
    assert.deepEqual(Object.keys(patches), OFFERED);
    // Newer patches of the minor and the next minor's patches; one minor at a time.
    assert.deepEqual(patches["1.34.10"], ["1.34.12", "1.35.7", "1.35.9"]);
    assert.deepEqual(patches["1.35.9"], ["1.36.3", "1.36.5"]);
    assert.deepEqual(patches["1.37.1"], []);
    // Any spelling of a served location; an unknown one is refused.
    assert.equal(
      (
        await te.request(
          "GET",
          `/subscriptions/${te.subscriptionId}/providers/Microsoft.ContainerService/locations/East%20US/kubernetesVersions?api-version=2026-04-01`,
        )
      ).status,
      200,
    );
    await assert.rejects(
      sdk.managedClusters.listKubernetesVersions("mars"),
      (e: any) => e.statusCode === 400 && e.code === "LocationNotAvailableForResourceType",
    );
  });

  it("locations/orchestrators at 2019-04-01 (az aks get-versions): every patch as a Kubernetes orchestrator, the default marked, per the 2019-04-01 definition", async () => {
    const definitions = JSON.parse(await readFile(join(REPO_ROOT, "spec/definitions/containerservice/2019-04-01/location.json"), "utf8")).definitions;
    const path = `/subscriptions/${te.subscriptionId}/providers/Microsoft.ContainerService/locations/eastus/orchestrators`;
    const r = await te.request("GET", `${path}?api-version=2019-04-01&resource-type=managedClusters`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(conformsTo(definitions, "OrchestratorVersionProfileListResult", r.json), []);
    assert.deepEqual([r.json.id, r.json.name, r.json.type], [path, "default", "Microsoft.ContainerService/locations/orchestrators"]);
    const orchestrators = r.json.properties.orchestrators as any[];
    assert.deepEqual(
      orchestrators.map((o) => o.orchestratorVersion),
      OFFERED,
    );
    assert.ok(orchestrators.every((o) => o.orchestratorType === "Kubernetes"));
    assert.deepEqual(
      orchestrators.filter((o) => o.default === true).map((o) => o.orchestratorVersion),
      ["1.36.5"],
    );
    assert.deepEqual(orchestrators.find((o) => o.orchestratorVersion === "1.36.3").upgrades, [
      { orchestratorType: "Kubernetes", orchestratorVersion: "1.36.5" },
      { orchestratorType: "Kubernetes", orchestratorVersion: "1.37.1" },
    ]);
    assert.equal(orchestrators.find((o) => o.orchestratorVersion === "1.37.1").upgrades, undefined);
    // Without resource-type: the same list; another resource type: refused (docs/fidelity.md "Orchestrator list").
    assert.deepEqual((await te.request("GET", `${path}?api-version=2019-04-01`)).json, r.json);
    const other = await te.request("GET", `${path}?api-version=2019-04-01&resource-type=containerServices`);
    assert.equal(other.status, 400, other.text);
    assert.deepEqual([other.json.error.code, other.json.error.target], ["InvalidParameter", "resource-type"]);
  });

  it("managedClusters.getUpgradeProfile: the control plane's and each pool's version and upgrades; a missing cluster is 404", async () => {
    assert.equal((await put(te, "up1", versionedBody("1.35.7", [["nodepool1"], ["user1", "1.34.12"]]))).status, 201);
    const profile = await sdk.managedClusters.getUpgradeProfile(RG, "up1");
    assert.equal(profile.name, "default");
    assert.equal(profile.type, "Microsoft.ContainerService/managedClusters/upgradeprofiles");
    assert.equal(
      profile.id,
      `/subscriptions/${te.subscriptionId}/resourcegroups/${RG}/providers/Microsoft.ContainerService/managedClusters/up1/upgradeprofiles/default`,
    );
    const cp = profile.controlPlaneProfile;
    assert.deepEqual(
      [cp.kubernetesVersion, cp.name, cp.osType, cp.upgrades?.map((u) => [u.kubernetesVersion, u.isPreview])],
      [
        "1.35.7",
        "master",
        "Linux",
        [
          ["1.35.9", undefined],
          ["1.36.3", undefined],
          ["1.36.5", undefined],
        ],
      ],
    );
    assert.deepEqual(
      profile.agentPoolProfiles.map((p) => [p.name, p.kubernetesVersion, p.upgrades?.map((u) => u.kubernetesVersion)]),
      [
        ["nodepool1", "1.35.7", ["1.35.9", "1.36.3", "1.36.5"]],
        ["user1", "1.34.12", ["1.35.7", "1.35.9"]],
      ],
    );
    await assert.rejects(sdk.managedClusters.getUpgradeProfile(RG, "nosuch"), (e: any) => e.statusCode === 404 && e.code === "ResourceNotFound");
  });

  it("upgrades through the cluster PUT: a patch, then the next minor for the control plane only, then control plane and pools together", async () => {
    assert.equal((await put(te, "up2", versionedBody("1.35.7"))).status, 201);
    // A patch upgrade (the SDK's long-running PUT, default polling).
    const patched = await sdk.managedClusters.beginCreateOrUpdateAndWait(RG, "up2", sdkBody(versionedBody("1.35.9")));
    assert.deepEqual([patched.kubernetesVersion, patched.currentKubernetesVersion], ["1.35.9", "1.35.9"]);
    // The control plane alone (the pools keep the version they name), by minor version: its newest patch.
    const cp = await sdk.managedClusters.beginCreateOrUpdateAndWait(RG, "up2", sdkBody(versionedBody("1.36", [["nodepool1", "1.35.9"]])));
    assert.deepEqual([cp.kubernetesVersion, cp.currentKubernetesVersion], ["1.36", "1.36.5"]);
    assert.deepEqual(
      cp.agentPoolProfiles?.map((p) => [p.orchestratorVersion, p.currentOrchestratorVersion]),
      [["1.35.9", "1.35.9"]],
    );
    const profile = await sdk.managedClusters.getUpgradeProfile(RG, "up2");
    assert.deepEqual(
      profile.controlPlaneProfile.upgrades?.map((u) => u.kubernetesVersion),
      ["1.37.1"],
    );
    assert.deepEqual(
      profile.agentPoolProfiles[0]!.upgrades?.map((u) => u.kubernetesVersion),
      ["1.36.3", "1.36.5"],
    );
    // The same version again, or none (az sends "" when it leaves the version alone), changes nothing.
    for (const same of ["1.36", ""]) {
      const again = await put(te, "up2", versionedBody(same, [["nodepool1", "1.35.9"]]));
      assert.equal(again.status, 200, again.text);
      assert.deepEqual([again.json.properties.kubernetesVersion, again.json.properties.currentKubernetesVersion], ["1.36", "1.36.5"]);
    }
    // The pools to the control plane's version, then both at once (az aks upgrade without
    // --control-plane-only sends each pool's orchestratorVersion).
    const pools = await sdk.managedClusters.beginCreateOrUpdateAndWait(RG, "up2", sdkBody(versionedBody("1.36", [["nodepool1", "1.36.5"]])));
    assert.deepEqual([pools.currentKubernetesVersion, pools.agentPoolProfiles?.[0]?.currentOrchestratorVersion], ["1.36.5", "1.36.5"]);
    const all = await sdk.managedClusters.beginCreateOrUpdateAndWait(RG, "up2", sdkBody(versionedBody("1.37.1", [["nodepool1", "1.37.1"]])));
    assert.deepEqual([all.currentKubernetesVersion, all.agentPoolProfiles?.[0]?.currentOrchestratorVersion], ["1.37.1", "1.37.1"]);
  });

  it("an upgrade in flight shows Upgrading on the cluster and on each pool whose version moves; other updates show Updating", async () => {
    // docs/fidelity.md "Cluster upgrade in flight".
    const states = (r: { json: any }) => [r.json.properties.provisioningState, ...r.json.properties.agentPoolProfiles.map((p: any) => p.provisioningState)];
    assert.equal((await put(te, "up4", versionedBody("1.35.7", [["nodepool1"], ["work", "1.35.7"]]))).status, 201);
    const settled = async () => {
      const r = await te.request("GET", `${clusterPath(te.subscriptionId, RG, "up4")}?${api}`);
      assert.deepEqual(states(r), ["Succeeded", "Succeeded", "Succeeded"]);
    };
    await settled();
    // The control plane and one pool: the other pool, named with its own version, is only updated.
    const both = await put(
      te,
      "up4",
      versionedBody("1.35.9", [
        ["nodepool1", "1.35.9"],
        ["work", "1.35.7"],
      ]),
    );
    assert.equal(both.status, 200, both.text);
    assert.deepEqual(states(both), ["Upgrading", "Upgrading", "Updating"]);
    await settled();
    // The control plane only.
    const cp = await put(
      te,
      "up4",
      versionedBody("1.36.5", [
        ["nodepool1", "1.35.9"],
        ["work", "1.35.7"],
      ]),
    );
    assert.deepEqual(states(cp), ["Upgrading", "Updating", "Updating"]);
    await settled();
    // No version moves: Updating.
    const tags = await put(te, "up4", {
      ...versionedBody("1.36.5", [
        ["nodepool1", "1.35.9"],
        ["work", "1.35.7"],
      ]),
      tags: { a: "b" },
    });
    assert.deepEqual(states(tags), ["Updating", "Updating", "Updating"]);
    await settled();
    // A pool's own upgrade through agentPools.
    const poolPath = `${clusterPath(te.subscriptionId, RG, "up4")}/agentPools/work?${api}`;
    const pool = await te.request("PUT", poolPath, { body: { properties: { count: 1, mode: "User", orchestratorVersion: "1.35.9" } } });
    assert.equal(pool.status, 200, pool.text);
    assert.equal(pool.json.properties.provisioningState, "Upgrading");
    assert.equal((await te.request("GET", poolPath)).json.properties.provisioningState, "Succeeded");
  });

  it("refuses a downgrade and a skipped minor with AKS's OperationNotAllowed naming the available upgrades", async () => {
    assert.equal((await put(te, "up3", versionedBody("1.35.9"))).status, 201);
    assert.deepEqual(await refusal(te, "up3", versionedBody("1.37.1")), {
      status: 400,
      code: "OperationNotAllowed",
      target: "kubernetesVersion",
      message:
        "Upgrading Kubernetes version 1.35.9 to 1.37.1 is not allowed. Available upgrades: [1.36.5 1.36.3]. Please see https://aka.ms/aks-supported-k8s-ver for version details.",
    });
    assert.deepEqual(await refusal(te, "up3", versionedBody("1.35.7")), {
      status: 400,
      code: "OperationNotAllowed",
      target: "kubernetesVersion",
      message:
        "Downgrading Kubernetes version 1.35.9 to 1.35.7 is not allowed. Available upgrades: [1.36.5 1.36.3]. Please see https://aka.ms/aks-supported-k8s-ver for version details.",
    });
    const minorDown = await refusal(te, "up3", versionedBody("1.34"));
    assert.match(minorDown.message, /^Downgrading Kubernetes version 1\.35\.9 to 1\.34\.12 is not allowed\./);
    // Nothing changed.
    const r = await te.request("GET", `${clusterPath(te.subscriptionId, RG, "up3")}?api-version=2026-04-01`);
    assert.equal(r.json.properties.currentKubernetesVersion, "1.35.9");
  });

  it("K8sVersionNotSupported keeps AKS's wording first and appends what the catalogue offers", async () => {
    const e = await refusal(te, "up4", versionedBody("1.29.4"));
    assert.deepEqual([e.status, e.code, e.target], [400, "K8sVersionNotSupported", "kubernetesVersion"]);
    assert.equal(
      e.message,
      "Version 1.29.4 is not supported in this region. Please use [az aks get-versions] command to get the supported version list in this region. For more information, please check https://aka.ms/supported-version-list " +
        `Versions offered: ${OFFERED.join(", ")}; or a minor version (1.34, 1.35, 1.36, 1.37) for its newest patch.`,
    );
  });
});

describe('network profile ranges on the cluster PUT (docs/fidelity.md "Network profile ranges")', () => {
  let te: TestEmulator;
  const NET_RG = "ranges-net";
  let subnetId = "";
  before(async () => {
    te = await startTestEmulator({ lroDurationMs: 0 });
    await group(te);
    await group(te, NET_RG);
    const vnet = `/subscriptions/${te.subscriptionId}/resourceGroups/${NET_RG}/providers/Microsoft.Network/virtualNetworks/v1`;
    const r = await te.request("PUT", `${vnet}?api-version=2024-05-01`, {
      body: {
        location: "eastus",
        properties: {
          addressSpace: { addressPrefixes: ["10.1.0.0/16"] },
          subnets: [
            { name: "aks", properties: { addressPrefix: "10.1.0.0/24" } },
            { name: "other", properties: { addressPrefix: "10.1.8.0/24" } },
          ],
        },
      },
    });
    assert.ok(r.status === 200 || r.status === 201, r.text);
    subnetId = `${vnet}/subnets/aks`;
  });
  after(async () => te?.close());

  const inSubnet = (network: Record<string, unknown>) => {
    const body = versionedBody(undefined, [["nodepool1"]], network) as any;
    body.properties.agentPoolProfiles[0].vnetSubnetID = subnetId;
    return body;
  };

  it("dnsServiceIP outside serviceCidr: 400 InvalidParameter naming both; a serviceCidr alone gets its tenth address as dnsServiceIP", async () => {
    assert.deepEqual(await refusal(te, "n1", versionedBody(undefined, undefined, { serviceCidr: "172.16.0.0/16", dnsServiceIP: "10.0.0.10" })), {
      status: 400,
      code: "InvalidParameter",
      target: "networkProfile.dnsServiceIP",
      message:
        "The DNS service IP 10.0.0.10 is not within the service CIDR 172.16.0.0/16. Set networkProfile.dnsServiceIP to an address inside networkProfile.serviceCidr (for example 172.16.0.10).",
    });
    const ok = await put(te, "n1", versionedBody(undefined, undefined, { serviceCidr: "172.16.0.0/16" }));
    assert.equal(ok.status, 201, ok.text);
    assert.deepEqual([ok.json.properties.networkProfile.serviceCidr, ok.json.properties.networkProfile.dnsServiceIP], ["172.16.0.0/16", "172.16.0.10"]);
  });

  it("pod and service ranges that overlap: 400 InvalidParameter", async () => {
    const e = await refusal(te, "n2", versionedBody(undefined, undefined, { networkPlugin: "kubenet", podCidr: "10.0.128.0/17" }));
    assert.deepEqual([e.status, e.code, e.target], [400, "InvalidParameter", "networkProfile.serviceCidr"]);
    assert.match(e.message, /^The service CIDR 10\.0\.0\.0\/16 overlaps the pod CIDR 10\.0\.128\.0\/17\./);
    assert.deepEqual((await refusal(te, "n2", versionedBody(undefined, undefined, { serviceCidr: "not-a-cidr" }))).target, "networkProfile.serviceCidr");
  });

  it("serviceCidr over a subnet of the pools' network: ServiceCidrOverlapExistingSubnetsCidr; over its address space: NetworkProfileCIDROverlapVNET; so is a kubenet pod range", async () => {
    assert.deepEqual(await refusal(te, "n3", inSubnet({ serviceCidr: "10.1.8.0/22", dnsServiceIP: "10.1.8.10" })), {
      status: 400,
      code: "ServiceCidrOverlapExistingSubnetsCidr",
      target: "networkProfile.serviceCIDR",
      message: "The specified service CIDR 10.1.8.0/22 is conflicted with an existing subnet CIDR 10.1.8.0/24",
    });
    assert.deepEqual(await refusal(te, "n3", inSubnet({ serviceCidr: "10.1.128.0/20", dnsServiceIP: "10.1.128.10" })), {
      status: 400,
      code: "NetworkProfileCIDROverlapVNET",
      target: "networkProfile.serviceCIDR",
      message: "NetworkProfile CIDR 10.1.128.0/20 overlaps with reserved VNET CIDR 10.1.0.0/16",
    });
    const pod = await refusal(te, "n3", inSubnet({ networkPlugin: "kubenet", podCidr: "10.1.64.0/18" }));
    assert.deepEqual([pod.code, pod.target], ["NetworkProfileCIDROverlapVNET", "networkProfile.podCIDR"]);
    // Apart from the network: accepted (the default service range 10.0.0.0/16 is outside 10.1.0.0/16).
    const ok = await put(te, "n3", inSubnet({ networkPlugin: "kubenet" }));
    assert.equal(ok.status, 201, ok.text);
  });
});
