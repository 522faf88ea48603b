import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { AssertionError } from "node:assert";
import exampleGet from "../fixtures/conformance-managedcluster-get.json" with { type: "json" };
import {
  ALWAYS_CONDITIONS,
  ALWAYS_PRESENT,
  assertConformant,
  checkAlwaysPresent,
  checkConformance,
  checkResponse,
  conformancePolicy,
  modelForResponse,
  parseAlwaysPath,
} from "../support/conformance.js";
import { buildAllModels, getModelSchema, resolveType, schemaStats, type ObjectSchema, type WireType } from "../support/sdk-schema.js";

/** Test bodies are edited freely. */
type Json = any;
const clone = (x: unknown): Json => structuredClone(x) as Json;

const SUB = "00000000-0000-0000-0000-000000000000";
const RG_PATH = `/subscriptions/${SUB}/resourceGroups/clitest000001`;
const MC_PATH = `${RG_PATH}/providers/Microsoft.ContainerService/managedClusters/cliakstest000001`;

/**
 * Real AKS, recording J (2024-07-22, public cluster), the LIST page in docs/sources.md "Recorded cluster bodies",
 * copied key for key (the ssh key is cut as in the reference).
 */
const REAL_LIST_J = {
  value: [
    {
      id: `/subscriptions/${SUB}/resourcegroups/clitest000001/providers/Microsoft.ContainerService/managedClusters/cliakstest000001`,
      location: "westus2",
      name: "cliakstest000001",
      tags: { key1: "value1" },
      type: "Microsoft.ContainerService/ManagedClusters",
      properties: {
        provisioningState: "Succeeded",
        powerState: { code: "Running" },
        kubernetesVersion: "1.28",
        currentKubernetesVersion: "1.28.10",
        dnsPrefix: "cliaksdns000002",
        fqdn: "cliaksdns000002-zuynlpws.hcp.westus2.azmk8s.io",
        azurePortalFQDN: "cliaksdns000002-zuynlpws.portal.hcp.westus2.azmk8s.io",
        agentPoolProfiles: [
          {
            name: "nodepool1",
            count: 1,
            vmSize: "Standard_DS2_v2",
            osDiskSizeGB: 128,
            osDiskType: "Managed",
            kubeletDiskType: "OS",
            maxPods: 110,
            type: "VirtualMachineScaleSets",
            enableAutoScaling: false,
            provisioningState: "Succeeded",
            powerState: { code: "Running" },
            orchestratorVersion: "1.28",
            currentOrchestratorVersion: "1.28.10",
            enableNodePublicIP: false,
            nodeLabels: { label1: "value1", label2: "value2" },
            nodeTaints: ["taint1=value1:PreferNoSchedule", "taint2=value2:PreferNoSchedule"],
            mode: "System",
            enableEncryptionAtHost: false,
            enableUltraSSD: false,
            osType: "Linux",
            osSKU: "Ubuntu",
            nodeImageVersion: "AKSUbuntu-2204gen2containerd-202407.03.0",
            upgradeSettings: { maxSurge: "10%" },
            enableFIPS: false,
          },
        ],
        linuxProfile: {
          adminUsername: "azureuser",
          ssh: { publicKeys: [{ keyData: "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDKTprG azcli_aks_live_test@example.com\n" }] },
        },
        servicePrincipalProfile: { clientId: "00000000-0000-0000-0000-000000000001" },
        nodeResourceGroup: "MC_clitest000001_cliakstest000001_westus2",
        enableRBAC: true,
        supportPlan: "KubernetesOfficial",
        networkProfile: {
          networkPlugin: "kubenet",
          networkPolicy: "none",
          loadBalancerSku: "standard",
          loadBalancerProfile: {
            managedOutboundIPs: { count: 1 },
            effectiveOutboundIPs: [
              {
                id: `/subscriptions/${SUB}/resourceGroups/MC_clitest000001_cliakstest000001_westus2/providers/Microsoft.Network/publicIPAddresses/0c70df49-ebe4-4a19-bb27-82e7268e0c63`,
              },
            ],
            backendPoolType: "nodeIPConfiguration",
          },
          podCidr: "10.244.0.0/16",
          serviceCidr: "10.0.0.0/16",
          dnsServiceIP: "10.0.0.10",
          outboundType: "loadBalancer",
          podCidrs: ["10.244.0.0/16"],
          serviceCidrs: ["10.0.0.0/16"],
          ipFamilies: ["IPv4"],
        },
        maxAgentPools: 100,
        identityProfile: {
          kubeletidentity: {
            resourceId: `/subscriptions/${SUB}/resourcegroups/MC_clitest000001_cliakstest000001_westus2/providers/Microsoft.ManagedIdentity/userAssignedIdentities/cliakstest000001-agentpool`,
            clientId: "00000000-0000-0000-0000-000000000001",
            objectId: "00000000-0000-0000-0000-000000000001",
          },
        },
        autoUpgradeProfile: { nodeOSUpgradeChannel: "NodeImage" },
        disableLocalAccounts: false,
        securityProfile: {},
        storageProfile: {
          diskCSIDriver: { enabled: true },
          fileCSIDriver: { enabled: true },
          snapshotController: { enabled: true },
        },
        oidcIssuerProfile: { enabled: false },
        workloadAutoScalerProfile: {},
        resourceUID: "669e0edceb64ea0001227e0f",
        metricsProfile: { costAnalysis: { enabled: false } },
      },
      identity: {
        type: "SystemAssigned",
        principalId: "00000000-0000-0000-0000-000000000001",
        tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      },
      sku: { name: "Base", tier: "Free" },
    },
  ],
  nextLink: `https://management.azure.com/subscriptions/${SUB}/resourceGroups/clitest000001/providers/Microsoft.ContainerService/managedClusters?%24skipToken=2837718&api-version=2026-01-01&skipToken=2837718`,
};
const realGet = (): Json => clone(REAL_LIST_J.value[0]);

/** The 201 of the same cluster: Creating, no effectiveOutboundIPs, no identityProfile (docs/sources.md "Create answer"). */
function real201(): Json {
  const b = realGet();
  b.properties.provisioningState = "Creating";
  b.properties.agentPoolProfiles[0].provisioningState = "Creating";
  delete b.properties.networkProfile.loadBalancerProfile.effectiveOutboundIPs;
  delete b.properties.identityProfile;
  return b;
}

describe("sdk-schema: wire schema from the pinned SDK", () => {
  test("ManagedCluster: flattened properties come back as the wire's nested properties object", () => {
    const mc = getModelSchema("ManagedCluster");
    assert.ok(mc);
    for (const k of ["id", "name", "type", "location", "tags", "sku", "identity", "properties", "systemData", "eTag"]) {
      assert.ok(k in mc.properties, `ManagedCluster has ${k}`);
    }
    assert.ok(!("provisioningState" in mc.properties), "flattened props are not at the top level");
    const props = mc.properties.properties as ObjectSchema;
    assert.equal(props.kind, "object");
    // wire names differ from the SDK's names: privateFqdn -> privateFQDN, enableRbac -> enableRBAC
    assert.deepEqual(props.properties.privateFQDN, { kind: "string", readOnly: true, sdkName: "privateFqdn" });
    assert.equal(props.properties.enableRBAC?.kind, "boolean");
    assert.equal(props.properties.maxAgentPools?.kind, "number");
    assert.equal(props.properties.maxAgentPools?.readOnly, true);
    const pools = props.properties.agentPoolProfiles as WireType;
    assert.equal(pools.kind, "array");
    const pool = resolveType((pools as { items: WireType }).items) as ObjectSchema;
    assert.equal(pool.model, "ManagedClusterAgentPoolProfile");
    assert.equal(pool.properties.enableFIPS?.sdkName, "enableFips");
    assert.equal(pool.properties.name?.required, true);
    // Record<string, T> and Known* enums
    const addons = props.properties.addonProfiles as ObjectSchema;
    assert.equal(addons.kind, "object");
    assert.deepEqual(addons.additional, { kind: "ref", model: "ManagedClusterAddonProfile" });
    const plugin = resolveType(props.properties.networkProfile as WireType) as ObjectSchema;
    const np = plugin.properties.networkPlugin;
    assert.ok(np?.kind === "string" && np.known?.includes("kubenet"));
    // Date -> ISO date-time string
    const sd = resolveType(mc.properties.systemData as WireType) as ObjectSchema;
    assert.deepEqual(sd.properties.createdAt, { kind: "string", format: "date-time" });
  });

  test("every model of the AKS SDK maps without gaps; the build is fast", (t) => {
    const gaps = buildAllModels();
    assert.deepEqual(gaps, []);
    const stats = schemaStats();
    t.diagnostic(`models: ${stats.models}, routes: ${stats.routes}, parse: ${stats.buildMs.toFixed(0)} ms`);
    assert.ok(stats.models > 150, `models ${stats.models}`);
    assert.ok(stats.routes > 50, `routes ${stats.routes}`);
  });

  test("list models and the classic SDKs", () => {
    assert.equal(getModelSchema("ManagedClusterListResult")?.model, "_ManagedClusterListResult");
    const rg = getModelSchema("resources:ResourceGroup");
    assert.ok(rg);
    assert.equal(resolveType(rg.properties.properties as WireType).kind, "object");
    assert.equal(getModelSchema("NoSuchModel"), undefined);
  });
});

describe("modelForResponse: routes from the SDK's own operations", () => {
  const cases: Array<[string, string, number, string | undefined]> = [
    ["GET", MC_PATH, 200, "ManagedCluster"],
    ["PUT", `https://127.0.0.1:8443${MC_PATH}?api-version=2026-04-01`, 201, "ManagedCluster"],
    ["PUT", MC_PATH, 200, "ManagedCluster"],
    ["PATCH", MC_PATH, 200, "ManagedCluster"],
    ["DELETE", MC_PATH, 202, undefined],
    ["GET", MC_PATH, 404, "ErrorResponse"],
    ["PUT", MC_PATH, 400, "ErrorResponse"],
    ["GET", `${RG_PATH}/providers/Microsoft.ContainerService/managedClusters`, 200, "_ManagedClusterListResult"],
    ["GET", `/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters?api-version=2026-04-01`, 200, "_ManagedClusterListResult"],
    ["GET", `${MC_PATH}/privateEndpointConnections`, 200, "PrivateEndpointConnectionListResult"],
    ["GET", `${MC_PATH}/privateEndpointConnections/pec1`, 200, "PrivateEndpointConnection"],
    ["PUT", `${MC_PATH}/privateEndpointConnections/pec1`, 200, "PrivateEndpointConnection"],
    ["DELETE", `${MC_PATH}/privateEndpointConnections/pec1`, 204, undefined],
    ["GET", `${MC_PATH}/privateLinkResources`, 200, "PrivateLinkResourcesListResult"],
    ["POST", `${MC_PATH}/resolvePrivateLinkServiceId`, 200, "PrivateLinkResource"],
    ["POST", `${MC_PATH}/listClusterUserCredential`, 200, "CredentialResults"],
    ["GET", `${MC_PATH}/agentPools/nodepool1`, 200, "AgentPool"],
    ["GET", "/providers/Microsoft.ContainerService/operations", 200, "_OperationListResult"],
    [
      "GET",
      `/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/westus2/operations/06f621c4?api-version=2016-03-30`,
      200,
      "OperationStatusResult",
    ],
    ["GET", `/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/westus2/operationresults/06f621c4`, 202, undefined],
    ["PUT", RG_PATH, 201, "resources:ResourceGroup"],
    ["GET", `/subscriptions/${SUB}/resourcegroups/clitest000001`, 200, "resources:ResourceGroup"],
    ["HEAD", RG_PATH, 204, undefined],
    ["GET", "/_emulator/health", 200, undefined],
  ];
  for (const [method, path, status, model] of cases) {
    test(`${method} ${path.replace(RG_PATH, "…/rg").slice(0, 90)} ${status} -> ${model}`, () => {
      assert.equal(modelForResponse(method, path, status), model);
    });
  }
});

describe("checkConformance", () => {
  test("the official example (ManagedClustersGet.json, 2026-04-01) conforms", () => {
    assert.deepEqual(checkConformance(clone(exampleGet), "ManagedCluster"), []);
  });

  test("an invented property fails, naming it", () => {
    const body = clone(exampleGet);
    body.properties.fooBar = true;
    const problems = checkConformance(body, "ManagedCluster");
    assert.equal(problems.length, 1, problems.join("\n"));
    assert.match(problems[0] ?? "", /^properties\.fooBar: unknown property/);
    assert.throws(
      () => assertConformant(body, "ManagedCluster"),
      (e: unknown) => e instanceof AssertionError && /properties\.fooBar/.test(e.message),
    );
  });

  test("a wrong JSON type fails (maxAgentPools as a string)", () => {
    const body = clone(exampleGet);
    body.properties.maxAgentPools = "100";
    assert.deepEqual(checkConformance(body, "ManagedCluster"), ['properties.maxAgentPools: expected number, got string "100"']);
  });

  test("a wrong type nested inside agentPoolProfiles fails", () => {
    const body = clone(exampleGet);
    body.properties.agentPoolProfiles[0].count = "3";
    body.properties.agentPoolProfiles[0].availabilityZones = "1";
    body.properties.agentPoolProfiles[0].upgradeSettings.maxSurge = 33;
    const problems = checkConformance(body, "ManagedCluster");
    assert.deepEqual(problems.sort(), [
      'properties.agentPoolProfiles[0].availabilityZones: expected array of string, got string "1"',
      'properties.agentPoolProfiles[0].count: expected number, got string "3"',
      "properties.agentPoolProfiles[0].upgradeSettings.maxSurge: expected string, got number 33",
    ]);
  });

  test("the SDK's property name instead of the wire name fails, with a hint", () => {
    const body = clone(exampleGet);
    body.properties.privateFqdn = "x.privatelink.eastus.azmk8s.io";
    body.properties.enableRbac = true;
    const problems = checkConformance(body, "ManagedCluster");
    assert.equal(problems.length, 2, problems.join("\n"));
    assert.match(problems.join("\n"), /properties\.privateFqdn: unknown property .*wire name is "privateFQDN"/);
    assert.match(problems.join("\n"), /properties\.enableRbac: unknown property .*wire name is "enableRBAC"/);
  });

  test("a Date property must be an ISO 8601 string", () => {
    const body = clone(exampleGet);
    body.properties.upgradeSettings.overrideSettings.until = "next tuesday";
    assert.match(checkConformance(body, "ManagedCluster").join("\n"), /overrideSettings\.until: expected an ISO 8601 date-time/);
    body.properties.upgradeSettings.overrideSettings.until = 1700000000;
    assert.match(checkConformance(body, "ManagedCluster").join("\n"), /overrideSettings\.until: expected ISO 8601 date-time string, got number/);
  });

  test("objects, arrays and nulls", () => {
    const body = clone(exampleGet);
    body.properties.networkProfile = ["kubenet"];
    body.tags = { tier: 1 };
    body.properties.linuxProfile = null; // optional: ARM may send null
    assert.deepEqual(checkConformance(body, "ManagedCluster").sort(), [
      'properties.networkProfile: expected object (ContainerServiceNetworkProfile), got array ["kubenet"]',
      "tags.tier: expected string, got number 1",
    ]);
    assert.deepEqual(checkConformance([], "ManagedCluster"), ["(body): expected object (ManagedCluster), got array []"]);
    const noName = clone(exampleGet);
    delete noName.properties.agentPoolProfiles[0].name;
    assert.deepEqual(checkConformance(noName, "ManagedCluster"), [
      "properties.agentPoolProfiles[0].name: missing required property of ManagedClusterAgentPoolProfile",
    ]);
  });

  test("recorded real AKS bodies conform", () => {
    assert.deepEqual(checkConformance(REAL_LIST_J, "_ManagedClusterListResult"), []);
    assert.deepEqual(checkConformance(real201(), "ManagedCluster"), []);
    // operation status (docs/sources.md "Operation status body", "Preempted operation")
    for (const status of [
      { name: "c421f606-4266-b645-bfa5-3d08c5496096", status: "InProgress", startTime: "2022-01-25T04:02:00.27Z" },
      { name: "c421f606-4266-b645-bfa5-3d08c5496096", status: "Succeeded", startTime: "2022-01-25T04:02:00.27Z", endTime: "2022-01-25T04:08:54.5215466Z" },
      {
        name: "36129599-1803-41f5-8863-20fe5f00b3a1",
        status: "Succeeded",
        startTime: "2024-04-07T03:33:08.905874Z",
        endTime: "2024-04-07T03:34:27.122146Z",
        error: {
          code: "NotLatestOperation",
          message: "The operation has been preempted by another one. Please wait for the other operation to complete and try again..",
        },
      },
    ]) {
      assert.deepEqual(checkConformance(status, "OperationStatusResult"), []);
    }
    assert.deepEqual(checkConformance({ name: "x", startTime: "yesterday" }, "OperationStatusResult"), [
      'startTime: expected an ISO 8601 date-time string (e.g. 2024-02-01T05:01:49.4195633Z), got "yesterday"',
      "status: missing required property of OperationStatusResult",
    ]);
    // the ARM 404 (docs/sources.md "ARM error answers") and a 400 with target/details
    const notFound = {
      error: {
        code: "ResourceNotFound",
        message:
          "The Resource 'Microsoft.ContainerService/managedClusters/cliakstest000001' under resource group 'clitest000001' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
      },
    };
    assert.deepEqual(checkConformance(notFound, "ErrorResponse"), []);
    assert.deepEqual(
      checkConformance(
        { error: { code: "PropertyChangeNotAllowed", message: "Changing property 'dnsPrefix' is not allowed.", target: "dnsPrefix", details: [] } },
        "ErrorResponse",
      ),
      [],
    );
    assert.deepEqual(checkConformance({ code: "Bad", message: "m" }, "ErrorResponse"), [
      "code: unknown property (not in the definition of ErrorResponse)",
      "message: unknown property (not in the definition of ErrorResponse)",
    ]);
  });

  test("the API's removed properties are caught (2022-11-01 example against the 2026-04-01 SDK)", () => {
    const old = clone(exampleGet);
    old.properties.networkProfile.dockerBridgeCidr = "172.17.0.1/16";
    old.properties.apiServerAccessProfile = { enablePrivateCluster: true, privateClusterVersion: "v1" };
    assert.deepEqual(checkConformance(old, "ManagedCluster").sort(), [
      "properties.apiServerAccessProfile.privateClusterVersion: unknown property (not in the definition of ManagedClusterAPIServerAccessProfile)",
      "properties.networkProfile.dockerBridgeCidr: unknown property (not in the definition of ContainerServiceNetworkProfile)",
    ]);
  });

  test("extensible enums: any string by default, Known* values with strictEnums", () => {
    const body = clone(exampleGet);
    body.properties.networkProfile.networkPlugin = "kubenetz";
    assert.deepEqual(checkConformance(body, "ManagedCluster"), []);
    assert.match(
      checkConformance(body, "ManagedCluster", { strictEnums: true }).join(),
      /networkPlugin: "kubenetz" is not one of the known values .*"kubenet"/,
    );
  });

  test("classic SDK models: resource groups and network private endpoints", () => {
    const rg = {
      id: `/subscriptions/${SUB}/resourceGroups/rg1`,
      name: "rg1",
      type: "Microsoft.Resources/resourceGroups",
      location: "westus2",
      properties: { provisioningState: "Succeeded" },
    };
    assert.deepEqual(checkResponse({ method: "PUT", url: `/subscriptions/${SUB}/resourcegroups/rg1`, status: 201, body: rg }), []);
    assert.match(
      checkConformance({ ...rg, properties: { provisioningState: 1 } }, "resources:ResourceGroup").join(),
      /properties\.provisioningState: expected string/,
    );
    const pePath = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/privateEndpoints/pe1`;
    assert.equal(modelForResponse("PUT", pePath, 201), "network:PrivateEndpoint");
    const pe = {
      id: pePath,
      name: "pe1",
      type: "Microsoft.Network/privateEndpoints",
      location: "westus2",
      properties: {
        provisioningState: "Succeeded",
        subnet: { id: `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vn/subnets/default` },
        privateLinkServiceConnections: [
          {
            name: "kube-apiserver",
            properties: {
              privateLinkServiceId: MC_PATH,
              groupIds: ["management"],
              privateLinkServiceConnectionState: { status: "Approved", description: "Auto Approved" },
            },
          },
        ],
      },
    };
    assert.deepEqual(checkConformance(pe, "network:PrivateEndpoint"), []);
    assert.match(
      checkConformance({ ...pe, properties: { ...pe.properties, groupIds: ["management"] } }, "network:PrivateEndpoint").join(),
      /properties\.groupIds: unknown property/,
    );
  });

  test("unknown model names are a caller error", () => {
    assert.throws(() => checkConformance({}, "ManagedClusterz"), /no model named ManagedClusterz/);
  });
});

describe("checkResponse and conformancePolicy", () => {
  test("checkResponse picks the model and checks the body (text or parsed)", () => {
    assert.deepEqual(checkResponse({ method: "GET", url: MC_PATH, status: 200, body: JSON.stringify(exampleGet) }), []);
    const bad = clone(exampleGet);
    bad.properties.fooBar = 1;
    const problems = checkResponse({ method: "GET", url: `${MC_PATH}?api-version=2026-04-01`, status: 200, body: bad });
    assert.equal(problems.length, 1);
    assert.match(
      problems[0] ?? "",
      /^GET .*managedClusters\/cliakstest000001 -> 200 \(ManagedCluster, Microsoft\.ContainerService 2026-04-01\) properties\.fooBar: unknown property/,
    );
    // The committed definitions at the request's version: eTag is not in 2022-11-01's (without an api-version: the SDK's model).
    const at2022 = checkResponse({ method: "GET", url: `${MC_PATH}?api-version=2022-11-01`, status: 200, body: { ...exampleGet, eTag: "x" } });
    assert.ok(
      at2022.some((p) => /\(ManagedCluster, Microsoft\.ContainerService 2022-11-01\) eTag: unknown property/.test(p)),
      at2022.join("\n"),
    );
    assert.deepEqual(checkResponse({ method: "GET", url: `${MC_PATH}?api-version=2026-04-01`, status: 200, body: { ...exampleGet, eTag: "x" } }), []);
    // Errors: the definition's error model of the version (2022-11-01's CloudErrorBody has no additionalInfo).
    const error = { error: { code: "NotFound", message: "m", additionalInfo: [] } };
    assert.deepEqual(checkResponse({ method: "GET", url: `${MC_PATH}?api-version=2026-04-01`, status: 404, body: error }), []);
    assert.match(
      checkResponse({ method: "GET", url: `${MC_PATH}?api-version=2022-11-01`, status: 404, body: error }).join(),
      /\(CloudError, Microsoft\.ContainerService 2022-11-01\) error\.additionalInfo: unknown property/,
    );
    assert.deepEqual(checkResponse({ method: "DELETE", url: MC_PATH, status: 202, body: "" }), []);
    assert.deepEqual(checkResponse({ method: "PUT", url: MC_PATH, status: 202, body: "" }), []);
    assert.match(checkResponse({ method: "GET", url: MC_PATH, status: 200, body: "" }).join(), /empty body where ManagedCluster was expected/);
    assert.match(checkResponse({ method: "GET", url: MC_PATH, status: 200, body: "<html>" }).join(), /body is not JSON/);
    assert.match(checkResponse({ method: "GET", url: MC_PATH, status: 404, body: { message: "nope" } }).join(), /message: unknown property/);
  });

  test("conformancePolicy throws on a non-conformant response and passes good ones through", async () => {
    const policy = conformancePolicy();
    const request = { method: "GET", url: `https://127.0.0.1:8443${MC_PATH}?api-version=2026-04-01` };
    const good = { status: 200, bodyAsText: JSON.stringify(exampleGet) };
    assert.equal(await policy.sendRequest(request, async () => good), good);
    const badBody = clone(exampleGet);
    badBody.properties.maxAgentPools = "1";
    await assert.rejects(
      policy.sendRequest(request, async () => ({ status: 200, bodyAsText: JSON.stringify(badBody) })),
      (e: unknown) => e instanceof AssertionError && /properties\.maxAgentPools: expected number/.test(e.message),
    );
    const seen: string[] = [];
    const collecting = conformancePolicy({ onProblems: (p) => seen.push(...p) });
    await collecting.sendRequest(request, async () => ({ status: 200, bodyAsText: JSON.stringify(badBody) }));
    assert.equal(seen.length, 1);
  });
});

describe("checkAlwaysPresent: what real AKS always returns", () => {
  test("the committed list is well-formed: SDK wire paths, known conditions, sources", () => {
    const mc = getModelSchema("ManagedCluster");
    assert.ok(mc);
    for (const e of ALWAYS_PRESENT) {
      assert.match(e.source, /^docs\/sources\.md "/, e.path);
      for (const c of e.when ?? []) assert.ok(ALWAYS_CONDITIONS.includes(c), `${e.path}: condition ${c}`);
      // walk the schema along the path
      let t: WireType = mc;
      let readOnly = false; // the property or one of its parents is read-only in the SDK
      for (const tok of parseAlwaysPath(e.path)) {
        t = resolveType(t);
        if ("key" in tok) {
          assert.equal(t.kind, "object", `${e.path}: ${tok.key} under a non-object`);
          // a wire property, or a key of a map (identityProfile.kubeletidentity)
          const next = (t as ObjectSchema).properties[tok.key] ?? (t as ObjectSchema).additional;
          assert.ok(next, `${e.path}: ${tok.key} is not a wire property of ${(t as ObjectSchema).model}`);
          t = next;
          readOnly ||= (next as { readOnly?: boolean }).readOnly === true;
        } else if (tok.each === "array") {
          assert.equal(t.kind, "array", `${e.path}: [*] on a non-array`);
          t = (t as { items: WireType }).items;
        } else {
          assert.ok(t.kind === "object" && t.additional, `${e.path}: {*} on a non-map`);
          t = (t as ObjectSchema).additional as WireType;
        }
      }
      assert.equal(readOnly, e.kind === "readOnly", `${e.path}: kind ${e.kind} vs SDK read-only ${readOnly}`);
    }
  });

  test("a real AKS GET and 201 have everything", () => {
    assert.deepEqual(checkAlwaysPresent(realGet(), "get"), []);
    assert.deepEqual(checkAlwaysPresent(real201(), "create201"), []);
    // a GET during provisioning looks like the 201
    assert.deepEqual(checkAlwaysPresent(real201(), "get"), []);
  });

  test("fails when properties.servicePrincipalProfile is removed", () => {
    const body = realGet();
    delete body.properties.servicePrincipalProfile;
    const problems = checkAlwaysPresent(body, "get");
    assert.equal(problems.length, 1, problems.join("\n"));
    assert.match(
      problems[0] ?? "",
      /^properties\.servicePrincipalProfile\.clientId \(properties\.servicePrincipalProfile is absent\): missing; real AKS always returns it/,
    );
    assert.equal(checkAlwaysPresent(body, "create201").length, 1);
  });

  test("array elements, conditions and states", () => {
    const body = realGet();
    delete body.properties.agentPoolProfiles[0].nodeImageVersion;
    delete body.properties.identityProfile;
    const problems = checkAlwaysPresent(body, "get");
    assert.ok(
      problems.some((p) => p.startsWith("properties.agentPoolProfiles[0].nodeImageVersion: missing")),
      problems.join("\n"),
    );
    assert.ok(
      problems.some((p) => p.startsWith("properties.identityProfile.kubeletidentity.resourceId")),
      problems.join("\n"),
    );
    // identityProfile is not expected in the 201 (docs/sources.md "Create answer")
    const created = real201();
    assert.deepEqual(checkAlwaysPresent(created, "create201"), []);
    // private cluster: privateFQDN and privateLinkResources become mandatory
    const priv = realGet();
    priv.properties.apiServerAccessProfile = { enablePrivateCluster: true, privateDNSZone: "system", enablePrivateClusterPublicFQDN: false };
    delete priv.properties.fqdn; // public FQDN off: fqdn absent, as real AKS does (docs/sources.md "FQDN forms")
    assert.deepEqual(
      checkAlwaysPresent(priv, "get")
        .map((p) => p.split(":")[0])
        .sort(),
      ["properties.privateFQDN", "properties.privateLinkResources"],
    );
    priv.properties.privateFQDN = "cliaksdns000002-kv64ffah.d6490c87-a0fa-4895-8c3d-a79563e1e978.privatelink.westus2.azmk8s.io";
    priv.properties.privateLinkResources = [
      { name: "management", type: "Microsoft.ContainerService/managedClusters/privateLinkResources", groupId: "management", requiredMembers: ["management"] },
    ];
    assert.deepEqual(
      checkAlwaysPresent(priv, "get").map((p) => p.split(":")[0]),
      ["properties.privateLinkResources[0].id"],
    );
    assert.deepEqual(checkConformance(priv, "ManagedCluster"), []);
  });

  test("the official example is not a complete real response", () => {
    const problems = checkAlwaysPresent(clone(exampleGet), "get");
    assert.ok(
      problems.some((p) => p.startsWith("properties.powerState.code")),
      problems.join("\n"),
    );
    assert.ok(
      problems.some((p) => p.startsWith("sku.name")),
      problems.join("\n"),
    );
  });
});
