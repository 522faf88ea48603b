import type { ExampleIgnores, Ignore } from "./harness.js";
import { AGENT_POOL_IGNORED } from "./ignored-agent-pools.js";
import { ACTION_IGNORED } from "./ignored-actions.js";
import { MAINTENANCE_IGNORED } from "./ignored-maintenance.js";
import { CHILD_IGNORED } from "./ignored-cluster-children.js";
import { VERSIONS_IGNORED } from "./ignored-versions.js";
import { TRUSTED_ACCESS_IGNORED } from "./ignored-trusted-access.js";

/**
 * Per replayed example file and response code: the JSON pointers where our answer is allowed to differ
 * from the example, each with its reason (see `Ignore` in harness.ts for what each form checks).
 * Nothing else is ignored, and an entry that matches nothing fails the replay.
 *
 * Reasons (the only kinds harness.ts accepts):
 *  - "generated value": ids, labels, GUIDs and ETags of our own making; not compared, but where the
 *    example has the field ours must have it too (and match the given pattern, if any).
 *  - "real traffic wins: docs/sources.md "<heading>"[, "<heading>"] (<detail>)": recordings of real
 *    AKS (the named sections of docs/sources.md; the harness checks they exist) show otherwise than the
 *    example; `expect` then holds the value real AKS answers, or `absent` says real AKS leaves the field
 *    out.
 *  - "example contradicts another example: <which>": the example disagrees with another example (or
 *    with itself); we follow the other one, named.
 *  - "fidelity row: <title>": a choice of ours documented as a row of docs/fidelity.md (where the
 *    sources are silent or disagree); the harness checks that the row exists.
 *  - ("later issue: <what> (#n)" is also accepted by the harness, for behaviour a later issue
 *    implements; no entry uses it at the moment.)
 *
 * Entries are written with the examples' placeholders (`subid1`, `rg1`, `location1`, `1.9.6`...);
 * the harness replaces them like the examples' own values.
 */

// ---------------------------------------------------------------------------------------------------
// Patterns and reusable entries

const GUID_BODY = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const GUID = `^${GUID_BODY}$`;
/**
 * The private link service behind a private cluster's API server, in the form real AKS shows
 * (docs/sources.md "Private link service id"): AKS's own subscription (all zeros once sanitised; written as `0{8}...`
 * so that the harness does not read it as the examples' subscription placeholder), group
 * `hcp-underlay-<location>-cx-<n>`, 32 hex. The examples write `/subscriptions/subid2/resourceGroups/rg2/.../plsName`.
 */
const PLS_ID =
  "^/subscriptions/0{8}-0{4}-0{4}-0{4}-0{12}/resourceGroups/hcp-underlay-location1-cx-\\d+/providers/Microsoft\\.Network/privateLinkServices/[0-9a-f]{32}$";
const PLS_ID_GENERATED =
  'generated value (the private link service of the cluster\'s API server: AKS\'s subscription and hcp-underlay-<location>-cx-<n> group, docs/sources.md "Private link service id"; docs/fidelity.md "Private link service id")';
const FQDN = "^dnsprefix1-[0-9a-z]{8}\\.hcp\\.location1\\.azmk8s\\.io$";
const PORTAL_FQDN = "^dnsprefix1-[0-9a-z]{8}\\.portal\\.hcp\\.location1\\.azmk8s\\.io$";
const NODE_IMAGE = "^AKSUbuntu-\\d{4}gen2containerd-\\d{6}\\.\\d{2}\\.\\d+$";
const MAJOR_MINOR = "^\\d+\\.\\d+$";
const OUTBOUND_IP_ID =
  "^/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/MC_rg1_clustername1_location1/providers/Microsoft\\.Network/publicIPAddresses/[0-9a-f-]{36}$";
const CLUSTER_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg1/providers/Microsoft.ContainerService/managedClusters/clustername1";
const CLUSTER_TYPE = "Microsoft.ContainerService/ManagedClusters";

const ENVELOPE_ID = "real traffic wins: docs/sources.md \"Resource envelope\" (the response id spells the group segment 'resourcegroups')";
const ENVELOPE_TYPE = "real traffic wins: docs/sources.md \"Resource envelope\" (type is 'Microsoft.ContainerService/ManagedClusters', capital M)";
const DEFAULTS = 'real traffic wins: docs/sources.md "Defaults AKS fills in" (a default AKS fills in; every recorded 201 and GET has it)';
const POOL_DEFAULTS = 'real traffic wins: docs/sources.md "Defaults AKS fills in" (an agent-pool default AKS fills in; every recorded 201 and GET has it)';
const VERSIONED = "fidelity row: Answers per api-version";
const ETAG_2026 = "example contradicts another example: 2026-04-01/ManagedClustersGet and 2026-02-01/ManagedClustersList return eTag (resource and agent pool)";

/** Prefixes every pointer (for list items: `/value/*`). */
function under(prefix: string, entries: Ignore[]): Ignore[] {
  return entries.map((e) => ({ ...e, pointer: prefix + e.pointer }));
}

/** The resource envelope of a 2026-x example: id and type as real AKS writes them. */
const ENVELOPE_2026: Ignore[] = [
  { pointer: "/id", reason: ENVELOPE_ID, expect: CLUSTER_ID },
  { pointer: "/type", reason: ENVELOPE_TYPE, expect: CLUSTER_TYPE },
];

/**
 * Cluster-level properties every real AKS body has and these examples leave out. At 2022-11-01 the
 * answer carries only what that version defines (no supportPlan, resourceUID, nodeOSUpgradeChannel).
 */
const clusterDefaults = (version: "2026" | "2022"): Ignore[] =>
  version === "2026"
    ? CLUSTER_DEFAULTS
    : CLUSTER_DEFAULTS.filter((e) => e.pointer !== "/properties/supportPlan" && e.pointer !== "/properties/resourceUID").map((e) =>
        e.pointer === "/properties/autoUpgradeProfile"
          ? { ...e, reason: `${e.reason}; ${VERSIONED} (nodeOSUpgradeChannel is not in 2022-11-01)`, expect: {} }
          : e,
      );
const CLUSTER_DEFAULTS: Ignore[] = [
  {
    pointer: "/properties/powerState",
    reason: 'real traffic wins: docs/sources.md "Create answer" (powerState is already Running in the 201, and stays in every body)',
    expect: { code: "Running" },
  },
  { pointer: "/properties/maxAgentPools", reason: 'real traffic wins: docs/sources.md "Defaults AKS fills in" (maxAgentPools: 100)', expect: 100 },
  { pointer: "/properties/supportPlan", reason: DEFAULTS, expect: "KubernetesOfficial" },
  { pointer: "/properties/autoUpgradeProfile", reason: DEFAULTS, expect: { nodeOSUpgradeChannel: "NodeImage" } },
  { pointer: "/properties/disableLocalAccounts", reason: DEFAULTS, expect: false },
  { pointer: "/properties/securityProfile", reason: DEFAULTS, expect: {} },
  {
    pointer: "/properties/storageProfile",
    reason: DEFAULTS,
    expect: { diskCSIDriver: { enabled: true }, fileCSIDriver: { enabled: true }, snapshotController: { enabled: true } },
  },
  { pointer: "/properties/oidcIssuerProfile", reason: DEFAULTS, expect: { enabled: false } },
  { pointer: "/properties/workloadAutoScalerProfile", reason: DEFAULTS, expect: {} },
  {
    pointer: "/properties/resourceUID",
    reason: 'real traffic wins: docs/sources.md "Defaults AKS fills in" (resourceUID from 2024: 24 hex characters, the first 8 the creation time)',
    match: "^[0-9a-f]{24}$",
  },
];

/** `sku` is in every real body; the examples never show it. */
const SKU_ECHOED: Ignore = {
  pointer: "/sku",
  reason: 'real traffic wins: docs/sources.md "Defaults AKS fills in" (sku is in every recorded body); here the request\'s own sku',
  expect: { name: "Basic", tier: "Free" },
};
const SKU_DEFAULT: Ignore = {
  pointer: "/sku",
  reason: 'real traffic wins: docs/sources.md "Defaults AKS fills in" (sku {name: Base, tier: Free} in every recorded body since 2023)',
  expect: { name: "Base", tier: "Free" },
};

/** Agent-pool properties every real AKS body has and these examples leave out. */
const POOL_DEFAULT_ENTRIES: Ignore[] = [
  { pointer: "/properties/agentPoolProfiles/*/osDiskSizeGB", reason: POOL_DEFAULTS, expect: 128 },
  { pointer: "/properties/agentPoolProfiles/*/osDiskType", reason: POOL_DEFAULTS, expect: "Managed" },
  { pointer: "/properties/agentPoolProfiles/*/kubeletDiskType", reason: POOL_DEFAULTS, expect: "OS" },
  {
    pointer: "/properties/agentPoolProfiles/*/enableAutoScaling",
    reason: 'real traffic wins: docs/sources.md "Recorded cluster bodies" (enableAutoScaling: false)',
    expect: false,
  },
  {
    pointer: "/properties/agentPoolProfiles/*/powerState",
    reason: 'real traffic wins: docs/sources.md "Create answer" (pool powerState is already Running in the 201)',
    expect: { code: "Running" },
  },
  { pointer: "/properties/agentPoolProfiles/*/enableUltraSSD", reason: POOL_DEFAULTS, expect: false },
  { pointer: "/properties/agentPoolProfiles/*/osSKU", reason: POOL_DEFAULTS, expect: "Ubuntu" },
  { pointer: "/properties/agentPoolProfiles/*/enableFIPS", reason: POOL_DEFAULTS, expect: false },
];
const POOL_ENCRYPTION_AT_HOST: Ignore = { pointer: "/properties/agentPoolProfiles/*/enableEncryptionAtHost", reason: POOL_DEFAULTS, expect: false };
const POOL_UPGRADE_SETTINGS: Ignore = {
  pointer: "/properties/agentPoolProfiles/*/upgradeSettings",
  reason: 'real traffic wins: docs/sources.md "Defaults AKS fills in" (pool upgradeSettings {maxSurge: 10%} since 2024-04)',
  expect: { maxSurge: "10%" },
};
/** Pools of the get/list/tags examples, which leave out mode, type and enableNodePublicIP. */
const POOL_SHAPE: Ignore[] = [
  {
    pointer: "/properties/agentPoolProfiles/*/mode",
    reason: 'real traffic wins: docs/sources.md "Recorded cluster bodies" (the cluster\'s only pool has mode System)',
    expect: "System",
  },
  { pointer: "/properties/agentPoolProfiles/*/enableNodePublicIP", reason: POOL_DEFAULTS, expect: false },
];
const POOL_TYPE: Ignore = { pointer: "/properties/agentPoolProfiles/*/type", reason: POOL_DEFAULTS, expect: "VirtualMachineScaleSets" };
const NODE_IMAGE_GENERATED: Ignore = {
  pointer: "/properties/agentPoolProfiles/*/nodeImageVersion",
  reason: "generated value (the node image AKS picks)",
  match: NODE_IMAGE,
};
const NODE_IMAGE_IN_201: Ignore = {
  pointer: "/properties/agentPoolProfiles/*/nodeImageVersion",
  reason: 'real traffic wins: docs/sources.md "Create answer" (nodeImageVersion is already in the 201)',
  match: NODE_IMAGE,
};
const POOL_ETAG_2026: Ignore = { pointer: "/properties/agentPoolProfiles/*/eTag", reason: ETAG_2026, match: GUID };
const ETAG_2026_ENTRY: Ignore = { pointer: "/eTag", reason: ETAG_2026, match: GUID };

/** The version a request with kubernetesVersion "" gets. */
const VERSION_FROM_EMPTY: Ignore[] = [
  {
    pointer: "/properties/kubernetesVersion",
    reason:
      'real traffic wins: docs/sources.md "Defaults AKS fills in" (since 2024 a request with "" gets kubernetesVersion major.minor; currentKubernetesVersion holds the patch)',
    match: MAJOR_MINOR,
  },
  {
    pointer: "/properties/agentPoolProfiles/*/orchestratorVersion",
    reason:
      'real traffic wins: docs/sources.md "Defaults AKS fills in" (orchestratorVersion is major.minor in the 2024-07 recording; currentOrchestratorVersion holds the patch)',
    match: MAJOR_MINOR,
  },
];

const FQDN_GENERATED: Ignore = { pointer: "/properties/fqdn", reason: "generated value (the 8-character label)", match: FQDN };
const PORTAL_FQDN_GENERATED: Ignore = { pointer: "/properties/azurePortalFQDN", reason: "generated value (the 8-character label)", match: PORTAL_FQDN };
const PORTAL_FQDN_REAL: Ignore = {
  pointer: "/properties/azurePortalFQDN",
  reason:
    'real traffic wins: docs/sources.md "Create answer", "FQDN forms" (azurePortalFQDN is in every 201 and GET; a public cluster\'s is {dnsPrefix}-{fqdn label}.portal.hcp.{region}.azmk8s.io)',
  match: PORTAL_FQDN,
};

/** Load balancer fields of the create examples. */
const LB_EXTRAS: Ignore[] = [
  {
    pointer: "/properties/networkProfile/loadBalancerProfile/allocatedOutboundPorts",
    reason:
      'real traffic wins: docs/sources.md "Recorded cluster bodies" (a loadBalancerProfile holds only managedOutboundIPs, effectiveOutboundIPs and backendPoolType unless the request sets more)',
    absent: true,
  },
  {
    pointer: "/properties/networkProfile/loadBalancerProfile/idleTimeoutInMinutes",
    reason:
      'real traffic wins: docs/sources.md "Recorded cluster bodies" (a loadBalancerProfile holds only managedOutboundIPs, effectiveOutboundIPs and backendPoolType unless the request sets more)',
    absent: true,
  },
  {
    pointer: "/properties/networkProfile/loadBalancerProfile/backendPoolType",
    reason: 'real traffic wins: docs/sources.md "Defaults AKS fills in" (backendPoolType: nodeIPConfiguration from 2024)',
    expect: "nodeIPConfiguration",
  },
];
const EFFECTIVE_IPS_NOT_IN_201: Ignore = {
  pointer: "/properties/networkProfile/loadBalancerProfile/effectiveOutboundIPs",
  reason: 'real traffic wins: docs/sources.md "Create answer" (effectiveOutboundIPs appear only once the cluster is Succeeded, not in the 201)',
  absent: true,
};
const EFFECTIVE_IP_IDS: Ignore = {
  pointer: "/properties/networkProfile/loadBalancerProfile/effectiveOutboundIPs/*/id",
  reason: "generated value (managed public IP ids)",
  match: OUTBOUND_IP_ID,
};
const BACKEND_POOL_TYPE: Ignore = LB_EXTRAS[2]!;

/** The short networkProfile of the list/tags examples: what real AKS adds to it. */
const NETWORK_DEFAULTS: Ignore[] = [
  {
    pointer: "/properties/networkProfile/loadBalancerSku",
    reason: 'real traffic wins: docs/sources.md "Create answer", "Recorded cluster bodies" (loadBalancerSku \'standard\' echoed as sent, and in 2024 GETs)',
    expect: "standard",
  },
  {
    pointer: "/properties/networkProfile/loadBalancerProfile",
    reason:
      'real traffic wins: docs/sources.md "Defaults AKS fills in", "Recorded cluster bodies" (the default loadBalancerProfile: managedOutboundIPs.count 1, its effective IP, backendPoolType)',
  },
  { pointer: "/properties/networkProfile/outboundType", reason: DEFAULTS, expect: "loadBalancer" },
  { pointer: "/properties/networkProfile/podCidrs", reason: DEFAULTS, expect: ["10.244.0.0/16"] },
  { pointer: "/properties/networkProfile/serviceCidrs", reason: DEFAULTS, expect: ["10.0.0.0/16"] },
  { pointer: "/properties/networkProfile/ipFamilies", reason: DEFAULTS, expect: ["IPv4"] },
];
const DOCKER_BRIDGE_2022: Ignore = {
  pointer: "/properties/networkProfile/dockerBridgeCidr",
  reason: `real traffic wins: docs/sources.md "Defaults AKS fills in" (dockerBridgeCidr 172.17.0.1/16 is returned only up to 2022; we do not fill it in at any version)`,
  absent: true,
};

/** A PUT on an existing cluster (the 200 of a create example). */
const UPDATE_STATE: Ignore[] = [
  {
    pointer: "/properties/provisioningState",
    reason: 'real traffic wins: docs/sources.md "Update flows" (a PUT on an existing cluster answers 200 with the body in Updating)',
    expect: "Updating",
  },
  {
    pointer: "/properties/agentPoolProfiles/*/provisioningState",
    reason: 'real traffic wins: docs/sources.md "Update flows" (the pools are Updating too)',
    expect: "Updating",
  },
];
const LB_SKU_200: Ignore = {
  pointer: "/properties/networkProfile/loadBalancerSku",
  reason:
    "example contradicts another example: the same file's request and 201 say 'standard' (real traffic echoes the sent value too, docs/sources.md \"Create answer\")",
  expect: "standard",
};

const UAI_IDS: Ignore[] = [
  { pointer: "/identity/userAssignedIdentities/*/clientId", reason: "generated value", match: GUID },
  { pointer: "/identity/userAssignedIdentities/*/principalId", reason: "generated value", match: GUID },
];

/** A private cluster's azurePortalFQDN (the examples show none). */
const PRIVATE_PORTAL_FQDN: Ignore = {
  pointer: "/properties/azurePortalFQDN",
  reason: 'real traffic wins: docs/sources.md "FQDN forms" (a private cluster\'s azurePortalFQDN is {32 hex}-priv.portal.hcp.{region}.azmk8s.io)',
  match: "^[0-9a-f]{32}-priv\\.portal\\.hcp\\.[a-z0-9]+\\.azmk8s\\.io$",
};

const PRIVATE_CLUSTER: Ignore[] = [
  {
    pointer: "/properties/apiServerAccessProfile/privateDNSZone",
    reason:
      'real traffic wins: docs/sources.md "FQDN forms", "apiServerAccessProfile in answers" (a private cluster echoes privateDNSZone \'system\' when the request omits it)',
    expect: "system",
  },
  {
    pointer: "/properties/privateFQDN",
    reason:
      'real traffic wins: docs/sources.md "FQDN forms" (privateFQDN {dnsPrefix}-{8 chars}.{GUID}.privatelink.{region}.azmk8s.io; the label and GUID are generated)',
    match: "^dnsprefix1-[0-9a-z]{8}\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.privatelink\\.[a-z0-9]+\\.azmk8s\\.io$",
  },
  PRIVATE_PORTAL_FQDN,
];

/** The management private link resource of a private cluster, as the create 201 shows it (no id, no service id). */
const PRIVATE_LINK_201: Ignore = {
  pointer: "/properties/privateLinkResources",
  reason:
    'real traffic wins: docs/sources.md "Private link resources in each answer", "Create answer" (a private cluster\'s 201 lists the management private link resource without id and privateLinkServiceID)',
  expect: [
    { name: "management", type: "Microsoft.ContainerService/managedClusters/privateLinkResources", groupId: "management", requiredMembers: ["management"] },
  ],
};

/** In update (PUT 200) answers real AKS shows privateLinkServiceID and no id; the service id is generated. */
const PRIVATE_LINK_200: Ignore[] = [
  {
    pointer: "/properties/privateLinkResources/*/privateLinkServiceID",
    reason:
      'real traffic wins: docs/sources.md "Private link resources in each answer" (PUT-200 answers carry privateLinkServiceID, in AKS\'s subscription and an hcp-underlay-<region>-cx-<n> group; the id is generated)',
    match: PLS_ID,
  },
  {
    pointer: "/properties/privateLinkResources",
    reason:
      'real traffic wins: docs/sources.md "Private link resources in each answer" (PUT-200 answers list the management private link resource with privateLinkServiceID, checked above, and no id)',
    expect: [
      { name: "management", type: "Microsoft.ContainerService/managedClusters/privateLinkResources", groupId: "management", requiredMembers: ["management"] },
    ],
  },
];

/** The create examples' request sends seven autoScalerProfile settings; their 201 lists two. */
const AUTOSCALER_201: Ignore = {
  pointer: "/properties/autoScalerProfile",
  reason: "example contradicts another example: the same file's request and 200 body have all seven autoScalerProfile settings; the 201 lists two",
  expect: {
    "balance-similar-node-groups": "true",
    expander: "priority",
    "max-node-provision-time": "15m",
    "new-pod-scale-up-delay": "1m",
    "scale-down-delay-after-add": "15m",
    "scan-interval": "20s",
    "skip-nodes-with-system-pods": "false",
  },
};
const FQDN_IN_201: Ignore = {
  pointer: "/properties/fqdn",
  reason: 'real traffic wins: docs/sources.md "Create answer" (fqdn is already in the 201)',
  match: FQDN,
};

/** Shared by every create example and both of its codes. */
function createCommon(version: "2026" | "2022", opts: { encryptionAtHostSent: boolean }): Ignore[] {
  return [
    ...(version === "2026" ? ENVELOPE_2026 : []),
    ...(version === "2026" ? [ETAG_2026_ENTRY] : []),
    SKU_ECHOED,
    ...clusterDefaults(version),
    ...VERSION_FROM_EMPTY,
    ...POOL_DEFAULT_ENTRIES,
    ...(opts.encryptionAtHostSent ? [] : [POOL_ENCRYPTION_AT_HOST]),
    POOL_UPGRADE_SETTINGS,
    ...(version === "2026" ? [POOL_ETAG_2026] : []),
    // backendPoolType is not in 2022-11-01.
    ...(version === "2026" ? LB_EXTRAS : LB_EXTRAS.filter((e) => e !== BACKEND_POOL_TYPE)),
    ...(version === "2022" ? [DOCKER_BRIDGE_2022] : []),
  ];
}

/** Shared by the get/list/tags examples (a prerequisite cluster built from the example's own body). */
function existingCommon(version: "2026" | "2022", opts: { etagInExample: boolean }): Ignore[] {
  return [
    ...(version === "2026" ? ENVELOPE_2026 : []),
    ...(version === "2022" ? [] : [opts.etagInExample ? { pointer: "/eTag", reason: "generated value" } : ETAG_2026_ENTRY]),
    SKU_DEFAULT,
    ...clusterDefaults(version),
    ...POOL_DEFAULT_ENTRIES,
    POOL_ENCRYPTION_AT_HOST,
    POOL_TYPE,
    ...POOL_SHAPE,
    ...(version === "2022" ? [] : [opts.etagInExample ? { pointer: "/properties/agentPoolProfiles/*/eTag", reason: "generated value" } : POOL_ETAG_2026]),
    FQDN_GENERATED,
  ];
}

/**
 * enablePrivateClusterPublicFQDN of a private cluster whose request leaves it out. The FQDNSubdomain
 * example (custom zone, fqdnSubdomain, no dnsPrefix, so no fqdn) does not show it.
 */
const PUBLIC_FQDN_FLAG_DEFAULT: Ignore = {
  pointer: "/properties/apiServerAccessProfile/enablePrivateClusterPublicFQDN",
  reason:
    'real traffic wins: docs/sources.md "FQDN forms", "apiServerAccessProfile in answers" (a private cluster whose request sends no enablePrivateClusterPublicFQDN answers it true; only the 2021-02-01 recording I, older than the property, lacks it. test/support/aks-always-readonly.json requires it on every private cluster)',
  expect: true,
};

/** The connection name AKS gives, `<endpoint name>.<guid>`; the examples write `privateendpointconnection1`. */
const CONNECTION_NAME: Ignore = {
  pointer: "/name",
  reason: "generated value (the name AKS gives a connection: '<endpoint name>.<guid>', docs/fidelity.md \"Private endpoint connection name\")",
  match: `^pe2\\.${GUID_BODY}$`,
};

/** The connection id: the cluster id as real AKS spells it ('resourcegroups', docs/sources.md "Resource envelope"), then the connection's (generated) name. */
const CONNECTION_ID: Ignore = {
  pointer: "/id",
  reason:
    "fidelity row: Private endpoint connection type and id (<cluster id>/privateEndpointConnections/<name>, the cluster id spelt 'resourcegroups' as real AKS does, docs/sources.md \"Resource envelope\"; the name is generated)",
  match: `^/subscriptions/subid1/resourcegroups/rg1/providers/Microsoft\\.ContainerService/managedClusters/clustername1/privateEndpointConnections/pe2\\.${GUID_BODY}$`,
};

/**
 * The List/Get examples (and the 2022-11-01 Update) write the Network type, which we answer too (it is
 * what the only live capture shows, docs/sources.md "AKS's own private endpoint connection"), and a singular `managedCluster` id,
 * where we answer a valid ARM id (the 2026-03-01 Update example's plural form).
 */
const CONNECTION_ENVELOPE_EXAMPLE_FORM: Ignore[] = [CONNECTION_NAME, CONNECTION_ID];

/** The 2026-03-01 Update example alone writes the ContainerService type. */
const CONNECTION_TYPE_UPDATE_2026: Ignore = {
  pointer: "/type",
  reason:
    'example contradicts another example: the List/Get examples and the live capture (docs/sources.md "AKS\'s own private endpoint connection") use the Network type (fidelity row: Private endpoint connection type and id)',
  expect: "Microsoft.Network/privateLinkServices/privateEndpointConnections",
};

/** A manual endpoint without a request message: an empty description, kept when the connection is approved. */
const CONNECTION_DESCRIPTION: Ignore = {
  pointer: "/properties/privateLinkServiceConnectionState/description",
  reason: "fidelity row: Pending description (the request message on both sides, empty when there is none; approving keeps it)",
  expect: "",
};

/** AKS's own connection, in every private cluster's list (the examples show only the user's). */
const KUBE_APISERVER_CONNECTION: Ignore = {
  pointer: "/value",
  reason:
    "fidelity row: AKS's own kube-apiserver connection (listed on every private cluster, Approved, 'Auto Approved', its endpoint kube-apiserver in the node resource group)",
  extra: {
    "/name": `^kube-apiserver\\.${GUID_BODY}$`,
    "/properties/privateEndpoint/id":
      "^/subscriptions/subid1/resourceGroups/MC_rg1_clustername1_location1/providers/Microsoft\\.Network/privateEndpoints/kube-apiserver$",
    "/properties/privateLinkServiceConnectionState/status": "^Approved$",
    "/properties/privateLinkServiceConnectionState/description": "^Auto Approved$",
    "/properties/provisioningState": "^Succeeded$",
  },
};

// ---------------------------------------------------------------------------------------------------
// Per example file

export const IGNORED: Record<string, ExampleIgnores> = {
  ...MAINTENANCE_IGNORED,
  ...CHILD_IGNORED,
  ...VERSIONS_IGNORED,
  ...AGENT_POOL_IGNORED,
  ...ACTION_IGNORED,
  ...TRUSTED_ACCESS_IGNORED,
  "2026-03-01/examples/ManagedClustersCreate_Update.json": {
    ignore: {
      "*": [...createCommon("2026", { encryptionAtHostSent: false }), ...UAI_IDS, PORTAL_FQDN_REAL],
      "201": [
        FQDN_IN_201,
        NODE_IMAGE_IN_201,
        EFFECTIVE_IPS_NOT_IN_201,
        AUTOSCALER_201,
        {
          pointer: "/properties/upgradeSettings",
          reason: "example contradicts another example: the same file's request and 200 body have upgradeSettings.overrideSettings; the 201 drops it",
          expect: { overrideSettings: { forceUpgrade: false, until: "2022-11-01T13:00:00Z" } },
        },
      ],
      "200": [
        ...UPDATE_STATE,
        FQDN_GENERATED,
        NODE_IMAGE_GENERATED,
        EFFECTIVE_IP_IDS,
        LB_SKU_200,
        {
          pointer: "/properties/identityProfile",
          reason:
            'real traffic wins: docs/sources.md "Update flows" (the 200 Updating body keeps the kubelet identity of a managed-identity cluster, as the GET has it)',
        },
      ],
    },
  },
  "2026-01-01/examples/ManagedClustersCreate_PrivateClusterPublicFQDN.json": {
    ignore: {
      "*": [...createCommon("2026", { encryptionAtHostSent: true }), ...PRIVATE_CLUSTER, FQDN_GENERATED],
      "201": [NODE_IMAGE_IN_201, EFFECTIVE_IPS_NOT_IN_201, PRIVATE_LINK_201],
      "200": [...UPDATE_STATE, NODE_IMAGE_GENERATED, EFFECTIVE_IP_IDS, LB_SKU_200, ...PRIVATE_LINK_200],
    },
  },
  "2026-04-01/examples/ManagedClustersGet.json": {
    ignore: {
      "200": [
        ...existingCommon("2026", { etagInExample: true }),
        PORTAL_FQDN_GENERATED,
        NODE_IMAGE_GENERATED,
        BACKEND_POOL_TYPE,
        {
          pointer: "/properties/networkProfile/loadBalancerProfile/effectiveOutboundIPs",
          reason:
            "example contradicts another example: its own loadBalancerProfile.outboundIPs (the IPs in use are the two customer IPs it names, not managed IPs in MC_rg1)",
          expect: [
            { id: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.Network/publicIPAddresses/customeroutboundip1" },
            { id: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.Network/publicIPAddresses/customeroutboundip2" },
          ],
        },
      ],
    },
  },
  "2026-02-01/examples/ManagedClustersList.json": {
    ignore: {
      "200": under("/value/*", [
        ...existingCommon("2026", { etagInExample: true }),
        PORTAL_FQDN_REAL,
        NODE_IMAGE_IN_LIST(),
        POOL_UPGRADE_SETTINGS,
        ...NETWORK_DEFAULTS,
      ]),
    },
  },
  "2026-04-01/examples/ManagedClustersListByResourceGroup.json": {
    ignore: {
      "200": under("/value/*", [
        ...existingCommon("2026", { etagInExample: false }),
        PORTAL_FQDN_REAL,
        NODE_IMAGE_IN_LIST(),
        POOL_UPGRADE_SETTINGS,
        ...NETWORK_DEFAULTS,
      ]),
    },
  },
  "2026-02-01/examples/ManagedClustersUpdateTags.json": {
    skipStatus: {
      "202": "200 and 202 are alternatives (azure-spec README); the emulator applies tags at once and answers 200",
    },
    ignore: {
      "200": [
        ...existingCommon("2026", { etagInExample: false }),
        PORTAL_FQDN_REAL,
        NODE_IMAGE_IN_LIST(),
        POOL_UPGRADE_SETTINGS,
        ...NETWORK_DEFAULTS,
        CURRENT_VERSION_IN_TAGS(),
      ],
    },
  },
  "2024-08-01/examples/ManagedClustersDelete.json": {
    ignore: {
      "202": [
        { pointer: "/headers/location/path/7", reason: "generated value (the operation id)", match: GUID },
        {
          pointer: "/headers/location/query/api-version",
          reason: 'real traffic wins: docs/sources.md "Long-running operation headers" (operation URLs carry api-version=2016-03-30)',
          expect: "2016-03-30",
        },
      ],
    },
  },
  "2022-11-01/examples/ManagedClustersCreate_Update.json": {
    ignore: {
      "*": [...createCommon("2022", { encryptionAtHostSent: false }), ...UAI_IDS, PORTAL_FQDN_REAL],
      "201": [FQDN_IN_201, NODE_IMAGE_IN_201, EFFECTIVE_IPS_NOT_IN_201, AUTOSCALER_201],
      "200": [
        ...UPDATE_STATE,
        FQDN_GENERATED,
        NODE_IMAGE_GENERATED,
        EFFECTIVE_IP_IDS,
        LB_SKU_200,
        {
          pointer: "/properties/identityProfile",
          reason:
            'real traffic wins: docs/sources.md "Update flows" (the 200 Updating body keeps the kubelet identity of a managed-identity cluster, as the GET has it)',
        },
      ],
    },
  },
  "2022-11-01/examples/ManagedClustersCreate_PrivateClusterPublicFQDN.json": {
    ignore: {
      "*": [...createCommon("2022", { encryptionAtHostSent: true }), ...PRIVATE_CLUSTER, FQDN_GENERATED],
      "201": [NODE_IMAGE_IN_201, EFFECTIVE_IPS_NOT_IN_201, PRIVATE_LINK_201],
      "200": [...UPDATE_STATE, NODE_IMAGE_GENERATED, EFFECTIVE_IP_IDS, LB_SKU_200, ...PRIVATE_LINK_200],
    },
  },
  "2022-11-01/examples/ManagedClustersGet.json": {
    ignore: {
      "200": [
        ...existingCommon("2022", { etagInExample: false }),
        PORTAL_FQDN_GENERATED,
        NODE_IMAGE_GENERATED,
        {
          pointer: "/properties/networkProfile/loadBalancerProfile/effectiveOutboundIPs",
          reason:
            "example contradicts another example: its own loadBalancerProfile.outboundIPs (the IPs in use are the two customer IPs it names, not managed IPs in MC_rg1)",
          expect: [
            { id: "/subscriptions/subid1/resourceGroups/rg1/providers/Microsoft.Network/publicIPAddresses/customeroutboundip1" },
            { id: "/subscriptions/subid1/resourceGroups/rg1/providers/Microsoft.Network/publicIPAddresses/customeroutboundip2" },
          ],
        },
      ],
    },
  },
  "2022-11-01/examples/ManagedClustersList.json": {
    ignore: {
      "200": under("/value/*", [
        {
          pointer: "/id",
          reason:
            "example contradicts another example: 2022-11-01/ManagedClustersGet (a cluster's id has its resource group and ends with its name; here it is the collection path)",
          expect: CLUSTER_ID,
        },
        ...existingCommon("2022", { etagInExample: false }),
        PORTAL_FQDN_REAL,
        NODE_IMAGE_IN_LIST(),
        POOL_UPGRADE_SETTINGS,
        ...NETWORK_DEFAULTS,
      ]),
    },
  },
  "2022-11-01/examples/ManagedClustersListByResourceGroup.json": {
    ignore: {
      "200": under("/value/*", [
        {
          pointer: "/id",
          reason: "example contradicts another example: 2022-11-01/ManagedClustersGet (a cluster's id ends with its name; here it is the collection path)",
          expect: CLUSTER_ID,
        },
        ...existingCommon("2022", { etagInExample: false }),
        PORTAL_FQDN_REAL,
        NODE_IMAGE_IN_LIST(),
        POOL_UPGRADE_SETTINGS,
        ...NETWORK_DEFAULTS,
      ]),
    },
  },
  "2022-11-01/examples/ManagedClustersUpdateTags.json": {
    ignore: {
      "200": [
        ...existingCommon("2022", { etagInExample: false }),
        PORTAL_FQDN_REAL,
        NODE_IMAGE_IN_LIST(),
        POOL_UPGRADE_SETTINGS,
        ...NETWORK_DEFAULTS,
        CURRENT_VERSION_IN_TAGS(),
      ],
    },
  },
  "2026-04-01/examples/ManagedClustersCreate_PrivateClusterFQDNSubdomain.json": {
    ignore: {
      // Its privateDNSZone (the custom zone's id) and privateFQDN (domain1.<zone name>) are compared as they are.
      "*": [...createCommon("2026", { encryptionAtHostSent: true }), PRIVATE_PORTAL_FQDN, PUBLIC_FQDN_FLAG_DEFAULT],
      "201": [NODE_IMAGE_IN_201, EFFECTIVE_IPS_NOT_IN_201, PRIVATE_LINK_201],
      "200": [...UPDATE_STATE, NODE_IMAGE_GENERATED, EFFECTIVE_IP_IDS, LB_SKU_200, ...PRIVATE_LINK_200],
    },
  },

  // Private endpoint connections. The example's connection `privateendpointconnection1` belongs to the
  // private endpoint `.../subid2/resourceGroups/rg2/.../privateEndpoints/pe2`; the runner makes that
  // endpoint (manual, no request message) against a private `clustername1` and uses the name the
  // connection gets in the request path.
  "2026-04-01/examples/PrivateEndpointConnectionsList.json": {
    ignore: { "200": [KUBE_APISERVER_CONNECTION, ...under("/value/*", [...CONNECTION_ENVELOPE_EXAMPLE_FORM, CONNECTION_DESCRIPTION])] },
  },
  "2022-11-01/examples/PrivateEndpointConnectionsList.json": {
    ignore: { "200": [KUBE_APISERVER_CONNECTION, ...under("/value/*", [...CONNECTION_ENVELOPE_EXAMPLE_FORM, CONNECTION_DESCRIPTION])] },
  },
  "2026-03-01/examples/PrivateEndpointConnectionsGet.json": {
    ignore: { "200": [...CONNECTION_ENVELOPE_EXAMPLE_FORM, CONNECTION_DESCRIPTION] },
  },
  "2026-03-01/examples/PrivateEndpointConnectionsUpdate.json": {
    skipStatus: {
      "201":
        '200 and 201 are alternatives (azure-spec README); connections are made by private endpoints only, so a PUT finds the connection and answers 200 (docs/fidelity.md "Missing private endpoint connection": a PUT to a missing one is 404)',
    },
    // This one already has the plural id: the name (and so the id's last segment) and the type differ.
    ignore: { "200": [CONNECTION_NAME, CONNECTION_ID, CONNECTION_TYPE_UPDATE_2026, CONNECTION_DESCRIPTION] },
  },
  "2022-11-01/examples/PrivateEndpointConnectionsUpdate.json": {
    ignore: { "200": [...CONNECTION_ENVELOPE_EXAMPLE_FORM, CONNECTION_DESCRIPTION] },
  },
  // No body: the 200 (the runner also completes the delete and sees the connection gone) and the 204 match as they are.
  "2026-04-01/examples/PrivateEndpointConnectionsDelete.json": { ignore: {} },
  "2022-11-01/examples/PrivateEndpointConnectionsDelete.json": { ignore: {} },

  // Private link resources and resolvePrivateLinkServiceId of a private clustername1.
  "2026-04-01/examples/PrivateLinkResourcesList.json": {
    ignore: { "200": [{ pointer: "/value/*/privateLinkServiceID", reason: PLS_ID_GENERATED, match: PLS_ID }] },
  },
  "2022-11-01/examples/PrivateLinkResourcesList.json": {
    ignore: { "200": [{ pointer: "/value/*/privateLinkServiceID", reason: PLS_ID_GENERATED, match: PLS_ID }] },
  },
  "2026-04-01/examples/ResolvePrivateLinkServiceId.json": {
    ignore: { "200": [{ pointer: "/privateLinkServiceID", reason: PLS_ID_GENERATED, match: PLS_ID }] },
  },
  "2022-11-01/examples/ResolvePrivateLinkServiceId.json": {
    ignore: { "200": [{ pointer: "/privateLinkServiceID", reason: PLS_ID_GENERATED, match: PLS_ID }] },
  },
};

/** nodeImageVersion where a get/list/tags example leaves it out. */
function NODE_IMAGE_IN_LIST(): Ignore {
  return {
    pointer: "/properties/agentPoolProfiles/*/nodeImageVersion",
    reason: "example contradicts another example: ManagedClustersGet (same version) returns the pool's nodeImageVersion",
    match: NODE_IMAGE,
  };
}

function CURRENT_VERSION_IN_TAGS(): Ignore {
  return {
    pointer: "/properties/currentKubernetesVersion",
    reason: "example contradicts another example: ManagedClustersGet (same version) returns currentKubernetesVersion",
    expect: "1.9.6",
  };
}

export function ignoresFor(file: string, status: string): Ignore[] {
  const c = IGNORED[file];
  if (!c) return [];
  return [...(c.ignore["*"] ?? []), ...(c.ignore[status] ?? [])];
}
