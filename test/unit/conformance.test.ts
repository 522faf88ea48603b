import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { AssertionError } from "node:assert";
import exampleGet from "../fixtures/conformance-managedcluster-get.json" with { type: "json" };
import {
  ALWAYS_CONDITIONS,
  ALWAYS_PRESENT,
  assertResponseConformant,
  checkAlwaysPresent,
  checkResponse,
  conformancePolicy,
  parseAlwaysPath,
} from "../support/conformance.js";
import { apiVersionOf, checkDefinition, definitionAnswer } from "../support/definition-schema.js";
import type { Shape, ShapeFile } from "../../src/arm/response-shapes/shape-answer.js";
import { flatten, type Schema } from "../../src/arm/request-schemas/schema.js";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "../../..");

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

const V = "2026-04-01";
const MC_URL = `${MC_PATH}?api-version=${V}`;
const STATUS_URL = `/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/westus2/operations/c421f606?api-version=2016-03-30`;

/** Problems of `body` as the answer of `method url` at the url's api-version, against the committed definition. */
function problemsAt(body: unknown, method: string, url: string): string[] {
  const answer = definitionAnswer(method, url, apiVersionOf(url)!);
  assert.ok(answer, `${method} ${url}: no definition describes it`);
  return checkDefinition(body, answer);
}
const mc = (body: unknown) => problemsAt(body, "GET", MC_URL);

/**
 * The check that read the SDK's compiled JavaScript (sdk-schema.ts) is gone. Before it went, a test
 * (conformance-agreement) judged every official 2026-04-01 example answer of a route both knew (at least 20
 * routes: clusters, pools, snapshots, credentials, private link, trusted access, maintenance
 * configurations, errors, ...) and each with one property added, removed or given another JSON type
 * (over 1,000 bodies) with both: they flagged the same paths for the same reasons except where the
 * definition says more than the SDK 25.3.0, which it requires and the SDK leaves optional:
 * `PrivateEndpointConnectionListResult.value[].properties.privateLinkServiceConnectionState` and
 * `TrustedAccessRoleBindingListResult.value[].properties` (the emulator always sends both). The SDK
 * check's extras the definitions lack: a hint when a body uses the SDK's property name instead of the
 * wire name, and the SDK's Known* values of extensible enums on request.
 */
describe("checkDefinition: answers against the committed definitions' shapes", () => {
  test("the official example (ManagedClustersGet.json, 2026-04-01) conforms", () => {
    assert.deepEqual(mc(clone(exampleGet)), []);
  });

  test("an invented property fails, naming it", () => {
    const body = clone(exampleGet);
    body.properties.fooBar = 1;
    assert.deepEqual(mc(body), ["properties.fooBar: unknown property (not in the definition of ManagedClusterProperties)"]);
    assert.throws(
      () => assertResponseConformant({ method: "GET", url: MC_URL, status: 200, body }),
      (e: unknown) => e instanceof AssertionError && /properties\.fooBar/.test(e.message),
    );
  });

  test("a wrong JSON type fails (maxAgentPools as a string), nested too (agentPoolProfiles[0].count)", () => {
    const body = clone(exampleGet);
    body.properties.maxAgentPools = "100";
    assert.deepEqual(mc(body), ['properties.maxAgentPools: expected number, got string "100"']);
    const nested = clone(exampleGet);
    nested.properties.agentPoolProfiles[0].count = "3";
    assert.deepEqual(mc(nested), ['properties.agentPoolProfiles[0].count: expected number, got string "3"']);
  });

  test("the SDK's property name instead of the wire name fails (wire names are case-sensitive)", () => {
    const body = clone(exampleGet);
    body.etag = "x";
    assert.match(mc(body).join(), /etag: unknown property/);
  });

  test("a date-time property must be an ISO 8601 string", () => {
    const body = clone(exampleGet);
    body.properties.upgradeSettings = { overrideSettings: { until: "tomorrow" } };
    assert.match(mc(body).join("\n"), /overrideSettings\.until: expected an ISO 8601 date-time/);
    body.properties.upgradeSettings.overrideSettings.until = 5;
    assert.match(mc(body).join("\n"), /overrideSettings\.until: expected ISO 8601 date-time string, got number/);
  });

  test("objects, arrays, nulls and required properties", () => {
    assert.deepEqual(mc([]), ["(body): expected object (ManagedCluster), got array []"]);
    const body = clone(exampleGet);
    body.properties.dnsPrefix = null;
    assert.deepEqual(mc(body), []);
    delete body.location;
    assert.deepEqual(mc(body), ["location: missing required property of ManagedCluster"]);
  });

  test("recorded real AKS bodies conform: list, 201, operation status, errors", () => {
    assert.deepEqual(problemsAt(REAL_LIST_J, "GET", `${RG_PATH}/providers/Microsoft.ContainerService/managedClusters?api-version=${V}`), []);
    assert.deepEqual(problemsAt(real201(), "PUT", MC_URL), []);
    // operation status (docs/sources.md "Operation status body", "Preempted operation"): common-types v6 OperationStatusResult
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
      assert.deepEqual(problemsAt(status, "GET", STATUS_URL), []);
    }
    assert.deepEqual(problemsAt({ name: "x", startTime: "yesterday" }, "GET", STATUS_URL), [
      'startTime: expected an ISO 8601 date-time string (e.g. 2024-02-01T05:01:49.4195633Z), got "yesterday"',
      "status: missing required property of common-v6-types.OperationStatusResult",
    ]);
    // Network's status body: network.json's AzureAsyncOperationResult.
    const netStatus = `/subscriptions/${SUB}/providers/Microsoft.Network/locations/westus2/operations/op1?api-version=2025-05-01`;
    assert.deepEqual(problemsAt({ status: "Succeeded" }, "GET", netStatus), []);
    assert.match(problemsAt({ status: "Succeeded", startTime: "x" }, "GET", netStatus).join(), /startTime: unknown property/);
    // the ARM 404 (docs/sources.md "ARM error answers") and a 400 with target/details
    const notFound = {
      error: {
        code: "ResourceNotFound",
        message:
          "The Resource 'Microsoft.ContainerService/managedClusters/cliakstest000001' under resource group 'clitest000001' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
      },
    };
    assert.deepEqual(checkResponse({ method: "GET", url: MC_URL, status: 404, body: notFound }), []);
    const changed = { error: { code: "PropertyChangeNotAllowed", message: "Changing property 'dnsPrefix' is not allowed.", target: "dnsPrefix", details: [] } };
    assert.deepEqual(checkResponse({ method: "PUT", url: MC_URL, status: 400, body: changed }), []);
    assert.match(checkResponse({ method: "GET", url: MC_URL, status: 404, body: { code: "Bad", message: "m" } }).join(), /code: unknown property/);
    // An error under a namespace without definitions, or a path of none: ARM's envelope (Resources').
    assert.deepEqual(
      checkResponse({ method: "GET", url: `${RG_PATH}/providers/Microsoft.Compute/disks/d1?api-version=2024-03-02`, status: 404, body: notFound }),
      [],
    );
    assert.match(
      checkResponse({ method: "GET", url: `${RG_PATH}?api-version=2025-04-01`, status: 404, body: { code: "Bad" } }).join(),
      /code: unknown property/,
    );
  });

  test("other namespaces: resource groups (ARM's own paths), network private endpoints", () => {
    const rg = {
      id: `/subscriptions/${SUB}/resourceGroups/rg1`,
      name: "rg1",
      type: "Microsoft.Resources/resourceGroups",
      location: "westus2",
      properties: { provisioningState: "Succeeded" },
    };
    const rgUrl = `/subscriptions/${SUB}/resourcegroups/rg1?api-version=2021-04-01`;
    assert.deepEqual(checkResponse({ method: "PUT", url: rgUrl, status: 201, body: rg }), []);
    assert.match(
      checkResponse({ method: "PUT", url: rgUrl, status: 201, body: { ...rg, properties: { provisioningState: 1 } } }).join(),
      /properties\.provisioningState: expected string/,
    );
    assert.match(
      checkResponse({
        method: "GET",
        url: `/subscriptions/${SUB}/providers/Microsoft.ContainerService?api-version=2022-09-01`,
        status: 200,
        body: { namespace: 5 },
      }).join(),
      /namespace: expected string/,
    );
    const pePath = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/privateEndpoints/pe1`;
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
    const peUrl = `${pePath}?api-version=2025-05-01`;
    assert.deepEqual(problemsAt(pe, "PUT", peUrl), []);
    assert.match(
      problemsAt({ ...pe, properties: { ...pe.properties, groupIds: ["management"] } }, "PUT", peUrl).join(),
      /properties\.groupIds: unknown property/,
    );
  });
});

describe("checkResponse and conformancePolicy", () => {
  test("checkResponse picks the definition and checks the body (text or parsed)", () => {
    assert.deepEqual(checkResponse({ method: "GET", url: MC_URL, status: 200, body: JSON.stringify(exampleGet) }), []);
    const bad = clone(exampleGet);
    bad.properties.fooBar = 1;
    const problems = checkResponse({ method: "GET", url: MC_URL, status: 200, body: bad });
    assert.equal(problems.length, 1);
    assert.match(
      problems[0] ?? "",
      /^GET .*managedClusters\/cliakstest000001 -> 200 \(ManagedCluster, Microsoft\.ContainerService 2026-04-01\) properties\.fooBar: unknown property/,
    );
    // The committed definitions at the request's version: eTag is not in 2022-11-01's.
    const at2022 = checkResponse({ method: "GET", url: `${MC_PATH}?api-version=2022-11-01`, status: 200, body: { ...exampleGet, eTag: "x" } });
    assert.ok(
      at2022.some((p) => /\(ManagedCluster, Microsoft\.ContainerService 2022-11-01\) eTag: unknown property/.test(p)),
      at2022.join("\n"),
    );
    assert.deepEqual(checkResponse({ method: "GET", url: MC_URL, status: 200, body: { ...exampleGet, eTag: "x" } }), []);
    // Errors: the definition's error model of the version (2022-11-01's CloudErrorBody has no additionalInfo).
    const error = { error: { code: "NotFound", message: "m", additionalInfo: [] } };
    assert.deepEqual(checkResponse({ method: "GET", url: MC_URL, status: 404, body: error }), []);
    assert.match(
      checkResponse({ method: "GET", url: `${MC_PATH}?api-version=2022-11-01`, status: 404, body: error }).join(),
      /\(CloudError, Microsoft\.ContainerService 2022-11-01\) error\.additionalInfo: unknown property/,
    );
    assert.deepEqual(checkResponse({ method: "DELETE", url: MC_URL, status: 202, body: "" }), []);
    assert.deepEqual(checkResponse({ method: "PUT", url: MC_URL, status: 202, body: "" }), []);
    assert.match(
      checkResponse({ method: "GET", url: MC_URL, status: 200, body: "" }).join(),
      /empty body where ManagedCluster, Microsoft\.ContainerService 2026-04-01 was expected/,
    );
    assert.match(checkResponse({ method: "GET", url: MC_URL, status: 200, body: "<html>" }).join(), /body is not JSON/);
    assert.match(checkResponse({ method: "GET", url: MC_URL, status: 404, body: { message: "nope" } }).join(), /message: unknown property/);
    // Without an api-version, or on the emulator's own routes: nothing to check against.
    assert.deepEqual(checkResponse({ method: "GET", url: MC_PATH, status: 200, body: { fooBar: 1 } }), []);
  });

  test("conformancePolicy throws on a non-conformant response and passes good ones through", async () => {
    const policy = conformancePolicy();
    const request = { method: "GET", url: `https://127.0.0.1:8443${MC_URL}` };
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
  test("the committed list is well-formed: wire paths of the definition, known conditions, sources", () => {
    // The 2026-04-01 answer shape of a managed cluster, and its PUT body schema (which leaves read-only properties out).
    const shapes = JSON.parse(readFileSync(resolve(root, "src/arm/response-shapes/generated/microsoft.containerservice-2026-04-01.json"), "utf8")) as ShapeFile;
    const requests = JSON.parse(readFileSync(resolve(root, "src/arm/request-schemas/generated/microsoft.containerservice-2026-04-01.json"), "utf8")) as {
      operations: Record<string, { schema: Schema }>;
      definitions: Record<string, Schema>;
    };
    const key = "/subscriptions/{}/resourcegroups/{}/providers/microsoft.containerservice/managedclusters/{}";
    const node = (s: Shape): Exclude<Shape, string> => {
      let n = s;
      while (typeof n === "string") n = shapes.models[n] ?? 1;
      return n;
    };
    for (const e of ALWAYS_PRESENT) {
      assert.match(e.source, /^docs\/sources\.md "/, e.path);
      for (const c of e.when ?? []) assert.ok(ALWAYS_CONDITIONS.includes(c), `${e.path}: condition ${c}`);
      // walk the answer shape along the path, and the body schema beside it: where the body schema lacks what the answer has, it is read-only
      let t: Shape = shapes.answers[`GET ${key}`]!;
      let body: Schema | undefined = requests.operations[`PUT ${key}`]!.schema;
      let readOnly = false;
      for (const tok of parseAlwaysPath(e.path)) {
        const n = node(t);
        assert.ok(n !== 1, `${e.path}: under a value the definition leaves free`);
        const b: Schema | undefined = body === undefined ? undefined : flatten(body, requests.definitions);
        const map: Schema | undefined = typeof b?.additionalProperties === "object" ? b.additionalProperties : undefined;
        if ("key" in tok) {
          // a wire property, or a key of a map (identityProfile.kubeletidentity)
          const next = n.p?.[tok.key] ?? n.m;
          assert.ok(next !== undefined, `${e.path}: ${tok.key} is not a wire property of the definition`);
          t = next;
          body = b?.properties?.[tok.key] ?? map;
          if (b !== undefined && body === undefined) readOnly = true;
        } else if (tok.each === "array") {
          assert.ok(n.i !== undefined, `${e.path}: [*] on a non-array`);
          t = n.i;
          body = b?.items;
        } else {
          assert.ok(n.m !== undefined, `${e.path}: {*} on a non-map`);
          t = n.m;
          body = map;
        }
      }
      assert.equal(readOnly, e.kind === "readOnly", `${e.path}: kind ${e.kind} vs read-only in the definition ${readOnly}`);
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
    assert.deepEqual(mc(priv), []);
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
