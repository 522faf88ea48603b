// The private-networking scenario through the NEWEST Azure SDK majors, run under Node 24 (the `node`
// package from npm ships the binary: test/latest/node_modules/node/bin/node). Plain JavaScript ESM, so
// Node 24 runs it with no compile step. `npm test` runs it (test/integration/latest-sdks.test.ts); to run
// it alone from the repository root, after `npm run pretest` (build + test CA) and `npm ci --prefix test/latest`:
//
//   npm test --prefix test/latest
//   # or: NODE_EXTRA_CA_CERTS=.test-tls/ca.pem test/latest/node_modules/node/bin/node --test test/latest/scenario.mjs
//
// The emulator itself runs under the host's Node 20 (`node dist/src/cli/main.js start --port 0
// --data-dir <temp> --tls-dir .test-tls`): its native modules are built for it. The host node is
// AKS_EMULATOR_NODE when set, else the first `node` on PATH that is not the Node 24 of this folder.
// The SDKs then get exactly what `aks-emulator env` prints (IDENTITY_ENDPOINT/IDENTITY_HEADER for
// DefaultAzureCredential, AKS_EMULATOR_ENDPOINT for `endpoint`); NODE_EXTRA_CA_CERTS is read by Node at
// start only, so it must already name the instance's CA (the test CA): the suite checks that first.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { NetworkManagementClient } from "@azure/arm-network";
import { ResourceManagementClient } from "@azure/arm-resources";
import { DefaultAzureCredential } from "@azure/identity";
import { hostNode, startEmulator, stopEmulator, useEmulatorEnv } from "./emulator.mjs";

const HERE = fileURLToPath(new URL(".", import.meta.url));

/** What each newest SDK sends by default (package-lock.json pins the SDKs; a bump updates these). */
const EXPECTED_API_VERSIONS = {
  "Microsoft.ContainerService": "2026-06-01", // @azure/arm-containerservice 25.5.0
  "Microsoft.Network": "2026-01-01", // @azure/arm-network 39.0.0
  "Microsoft.Resources": "2025-04-01", // @azure/arm-resources 8.0.0 (resource groups)
};

const SDK_VERSIONS = Object.fromEntries(
  ["@azure/arm-containerservice", "@azure/arm-network", "@azure/arm-resources", "@azure/identity"].map((p) => [
    p,
    JSON.parse(readFileSync(join(HERE, "node_modules", p, "package.json"), "utf8")).version,
  ]),
);

/** Records the api-version of every request, by provider namespace. */
function apiVersionRecorder(seen) {
  return {
    name: "record-api-version",
    async sendRequest(request, next) {
      const url = new URL(request.url);
      const ns =
        /\/providers\/(Microsoft\.[A-Za-z]+)\//i.exec(url.pathname)?.[1] ?? (/\/resourcegroups\/[^/]+$/i.test(url.pathname) ? "Microsoft.Resources" : "other");
      const response = await next(request);
      let code;
      if (response.status >= 400) {
        try {
          code = JSON.parse(response.bodyAsText ?? "").error?.code;
        } catch {
          code = undefined;
        }
      }
      seen.push({ ns, method: request.method, path: url.pathname, apiVersion: url.searchParams.get("api-version"), status: response.status, code });
      return response;
    },
  };
}

/** An SDK error with the status and ARM error code the emulator answered (real AKS/Network codes). */
function refused(status, code, message) {
  return (e) => {
    assert.equal(e.statusCode, status, `status of ${e.name}: ${e.message}`);
    assert.equal(e.code, code, `code of ${e.name}: ${e.message}`);
    if (message) assert.match(e.message, message);
    return true;
  };
}

const LOCATION = "eastus";
const NET_RG = "latest-net-rg";
const AKS_RG = "latest-aks-rg";
const CLUSTER = "latest-priv";
const POLL = { updateIntervalInMs: 50 };

describe(`newest SDKs under Node ${process.versions.node}: the private-networking scenario`, { timeout: 90_000 }, () => {
  let emulator;
  let dataDir;
  let aks;
  let net;
  let rm;
  let subnetId;
  let clusterId;
  const seen = [];

  before(async () => {
    assert.equal(process.versions.node.split(".")[0], "24", `this suite runs under Node 24, not ${process.version}`);
    const node = hostNode();
    dataDir = mkdtempSync(join(tmpdir(), "aks-emu-latest-"));
    emulator = await startEmulator(node, dataDir, 300);
    useEmulatorEnv(node, dataDir, emulator);

    const credential = new DefaultAzureCredential();
    const options = { endpoint: process.env.AKS_EMULATOR_ENDPOINT, additionalPolicies: [{ policy: apiVersionRecorder(seen), position: "perCall" }] };
    const sub = process.env.AKS_EMULATOR_SUBSCRIPTION_ID;
    aks = new ContainerServiceClient(credential, sub, options);
    net = new NetworkManagementClient(credential, sub, options);
    rm = new ResourceManagementClient(credential, sub, options);
  });

  after(async () => {
    if (emulator) await stopEmulator(emulator);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("resource groups, a private cluster (system zone), a vnet and a subnet", async (t) => {
    t.diagnostic(
      `SDKs: ${Object.entries(SDK_VERSIONS)
        .map(([p, v]) => `${p} ${v}`)
        .join(", ")}`,
    );
    for (const rg of [NET_RG, AKS_RG]) {
      const g = await rm.resourceGroups.createOrUpdate(rg, { location: LOCATION });
      assert.equal(g.properties?.provisioningState, "Succeeded");
    }
    const cluster = await aks.managedClusters.createOrUpdate(
      AKS_RG,
      CLUSTER,
      {
        location: LOCATION,
        dnsPrefix: CLUSTER,
        identity: { type: "SystemAssigned" },
        agentPoolProfiles: [{ name: "nodepool1", count: 1, vmSize: "Standard_DS2_v2", mode: "System" }],
        apiServerAccessProfile: { enablePrivateCluster: true, privateDNSZone: "system" },
      },
      POLL,
    );
    assert.equal(cluster.provisioningState, "Succeeded");
    assert.equal(cluster.apiServerAccessProfile?.enablePrivateCluster, true);
    assert.equal(cluster.apiServerAccessProfile?.privateDNSZone, "system");
    assert.match(cluster.privateFqdn ?? "", /^latest-priv-[0-9a-z]{8}\.[0-9a-f-]{36}\.privatelink\.eastus\.azmk8s\.io$/);
    clusterId = cluster.id;
    assert.equal((await aks.managedClusters.get(AKS_RG, CLUSTER)).privateFqdn, cluster.privateFqdn);

    const vnet = await net.virtualNetworks.createOrUpdate(NET_RG, "vnet1", { location: LOCATION, addressSpace: { addressPrefixes: ["10.1.0.0/16"] } }, POLL);
    assert.equal(vnet.provisioningState, "Succeeded");
    const subnet = await net.subnets.createOrUpdate(NET_RG, "vnet1", "pe-subnet", { addressPrefix: "10.1.1.0/24" }, POLL);
    assert.equal(subnet.provisioningState, "Succeeded");
    subnetId = subnet.id;
    assert.equal(subnetId, `${vnet.id}/subnets/pe-subnet`);
    await assert.rejects(
      net.subnets.createOrUpdate(NET_RG, "vnet1", "outside", { addressPrefix: "10.9.0.0/24" }, POLL),
      refused(400, "NetcfgSubnetRangeOutsideVnet"),
    );
  });

  it("privateLinkResources list and resolvePrivateLinkServiceId", async () => {
    const plr = await aks.privateLinkResources.list(AKS_RG, CLUSTER);
    assert.equal(plr.value?.length, 1);
    const management = plr.value[0];
    assert.equal(management.name, "management");
    assert.equal(management.groupId, "management");
    assert.deepEqual(management.requiredMembers, ["management"]);
    assert.match(management.privateLinkServiceID ?? "", /\/providers\/Microsoft\.Network\/privateLinkServices\/[0-9a-f]{32}$/);
    const resolved = await aks.resolvePrivateLinkServiceId.post(AKS_RG, CLUSTER, { name: "management" });
    assert.equal(resolved.privateLinkServiceID, management.privateLinkServiceID);
    await assert.rejects(
      aks.resolvePrivateLinkServiceId.post(AKS_RG, CLUSTER, { name: "testManagement" }),
      refused(400, "InvalidParameter", /'testManagement'/),
    );
    await assert.rejects(aks.privateLinkResources.list(AKS_RG, "nosuch"), refused(404, "ResourceNotFound"));
  });

  it("a manual endpoint: Pending, approved, rejected, re-approval refused, deleted (404 afterwards)", async () => {
    const pe = await net.privateEndpoints.createOrUpdate(
      NET_RG,
      "pe-manual",
      {
        location: LOCATION,
        subnet: { id: subnetId },
        manualPrivateLinkServiceConnections: [
          { name: "pe-manual-conn", privateLinkServiceId: clusterId, groupIds: ["management"], requestMessage: "please approve, team A" },
        ],
      },
      POLL,
    );
    assert.equal(pe.provisioningState, "Succeeded");
    const endpointState = (p) => p.manualPrivateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState;
    assert.deepEqual(endpointState(pe), { status: "Pending", description: "please approve, team A", actionsRequired: "None" });
    assert.deepEqual(pe.manualPrivateLinkServiceConnections[0].groupIds, ["management"]);

    const list = await aks.privateEndpointConnections.list(AKS_RG, CLUSTER);
    const conn = (list.value ?? []).find((c) => c.privateEndpoint?.id?.toLowerCase() === pe.id.toLowerCase());
    assert.ok(conn, `the cluster lists the endpoint's connection: ${JSON.stringify(list.value)}`);
    assert.match(conn.name, /^pe-manual\.[0-9a-f-]{36}$/);
    assert.equal(conn.id, `${clusterId}/privateEndpointConnections/${conn.name}`);
    assert.deepEqual(conn.privateLinkServiceConnectionState, { status: "Pending", description: "please approve, team A" });

    const approved = await aks.privateEndpointConnections.update(AKS_RG, CLUSTER, conn.name, {
      privateLinkServiceConnectionState: { status: "Approved", description: "approved by ops" },
    });
    assert.deepEqual(approved.privateLinkServiceConnectionState, { status: "Approved", description: "approved by ops" });
    assert.deepEqual(endpointState(await net.privateEndpoints.get(NET_RG, "pe-manual")), {
      status: "Approved",
      description: "approved by ops",
      actionsRequired: "None",
    });

    const rejected = await aks.privateEndpointConnections.update(AKS_RG, CLUSTER, conn.name, { privateLinkServiceConnectionState: { status: "Rejected" } });
    assert.deepEqual(rejected.privateLinkServiceConnectionState, { status: "Rejected", description: "approved by ops" });
    assert.equal(endpointState(await net.privateEndpoints.get(NET_RG, "pe-manual")).status, "Rejected");

    await assert.rejects(
      aks.privateEndpointConnections.update(AKS_RG, CLUSTER, conn.name, { privateLinkServiceConnectionState: { status: "Approved" } }),
      refused(400, "BadRequest", /Approving rejected private endpoint connections is not supported/),
    );
    assert.equal((await aks.privateEndpointConnections.get(AKS_RG, CLUSTER, conn.name)).privateLinkServiceConnectionState?.status, "Rejected");

    await aks.privateEndpointConnections.delete(AKS_RG, CLUSTER, conn.name, POLL);
    await assert.rejects(aks.privateEndpointConnections.get(AKS_RG, CLUSTER, conn.name), refused(404, "ResourceNotFound"));
    assert.equal(endpointState(await net.privateEndpoints.get(NET_RG, "pe-manual")).status, "Disconnected");
    await net.privateEndpoints.delete(NET_RG, "pe-manual", POLL);
    await assert.rejects(net.privateEndpoints.get(NET_RG, "pe-manual"), refused(404, "ResourceNotFound"));
  });

  it("deletes the cluster (404 afterwards)", async () => {
    await aks.managedClusters.delete(AKS_RG, CLUSTER, POLL);
    await assert.rejects(aks.managedClusters.get(AKS_RG, CLUSTER), refused(404, "ResourceNotFound"));
  });

  it("every request carried the api-version the newest SDK sends, and each was accepted", (t) => {
    const isPoll = (r) => /\/(operations|operationresults)\//i.test(r.path);
    const byNs = {};
    for (const r of seen) {
      const key = `${r.ns}${isPoll(r) ? " LRO polls" : ""}`;
      byNs[key] ??= new Set();
      byNs[key].add(r.apiVersion);
    }
    for (const [ns, versions] of Object.entries(byNs)) t.diagnostic(`observed ${ns}: api-version ${[...versions].join(", ")}`);
    for (const [ns, expected] of Object.entries(EXPECTED_API_VERSIONS)) {
      const requests = seen.filter((r) => r.ns === ns && !isPoll(r));
      assert.ok(requests.length > 0, `no ${ns} request seen`);
      assert.deepEqual([...new Set(requests.map((r) => r.apiVersion))], [expected], `${ns} api-versions`);
    }
    // No api-version was refused; the only failures are the ones the scenario asked for, with their real codes.
    const failures = seen.filter((r) => r.status >= 400).map((r) => `${r.method} ${r.status} ${r.code} ${r.path.split("/").slice(-2).join("/")}`);
    assert.deepEqual(
      failures.filter((f) => /ApiVersion|NoRegisteredProviderFound/i.test(f)),
      [],
    );
    assert.deepEqual(
      failures.map((f) => f.split(" ").slice(0, 3).join(" ")),
      [
        "PUT 400 NetcfgSubnetRangeOutsideVnet",
        "POST 400 InvalidParameter",
        "GET 404 ResourceNotFound",
        "PUT 400 BadRequest",
        "GET 404 ResourceNotFound",
        "GET 404 ResourceNotFound",
        "GET 404 ResourceNotFound",
      ],
      failures.join("\n"),
    );
  });
});
