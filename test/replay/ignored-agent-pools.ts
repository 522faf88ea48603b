import type { ExampleIgnores, Ignore } from "./harness.js";

/**
 * The ignore lists of the agent pool, machine and node pool snapshot examples (runner:
 * agent-pool-runs.ts), spread into IGNORED in ignored.ts; the reason kinds are described at the top
 * of ignored.ts. Written with the examples' placeholders, like the examples.
 *
 * A pool is one state seen two ways (docs/fidelity.md "Agent pools and the cluster"): the defaults
 * real AKS fills into a cluster's `agentPoolProfiles` are the pool's own, so the agentPools answers
 * carry them too.
 */

const GUID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
const NODE_IMAGE = "^AKSUbuntu-\\d{4}gen2containerd-\\d{6}\\.\\d{2}\\.\\d+$";

const POOL_DEFAULTS = 'real traffic wins: docs/sources.md "Defaults AKS fills in" (an agent-pool default AKS fills in; every recorded pool has it)';
const UPDATE_FLOWS = 'real traffic wins: docs/sources.md "Update flows" (a PUT on an existing resource answers 200 with the body in Updating)';

/** Prefixes every pointer (for list items: `/value/*`). */
function under(prefix: string, entries: Ignore[]): Ignore[] {
  return entries.map((e) => ({ ...e, pointer: prefix + e.pointer }));
}

/** A pool's id is its cluster's, which real AKS spells `resourcegroups` (the 2026-x examples: `resourceGroups`). */
const POOL_ID: Ignore = {
  pointer: "/id",
  reason:
    "real traffic wins: docs/sources.md \"Resource envelope\", \"Agent pool upgrade profile in AKS's docs\" (a pool's id is its cluster's, whose group segment real AKS writes 'resourcegroups')",
  expect: "/subscriptions/subid1/resourcegroups/rg1/providers/Microsoft.ContainerService/managedClusters/clustername1/agentPools/agentpool1",
};

/** Properties real AKS fills into every pool that these examples leave out (`mode` and `eTag` are per example). */
function poolDefaults(o: { osDisk: boolean; upgradeSettings: boolean; fips: boolean; nodeImage: "201" | "shown" | "generated" }): Ignore[] {
  const entries: Ignore[] = [
    { pointer: "/properties/kubeletDiskType", reason: POOL_DEFAULTS, expect: "OS" },
    { pointer: "/properties/type", reason: POOL_DEFAULTS, expect: "VirtualMachineScaleSets" },
    {
      pointer: "/properties/enableAutoScaling",
      reason: 'real traffic wins: docs/sources.md "Recorded cluster bodies" (enableAutoScaling: false)',
      expect: false,
    },
    {
      pointer: "/properties/powerState",
      reason: 'real traffic wins: docs/sources.md "Create answer" (a pool\'s powerState is already Running in the 201, and stays in every body)',
      expect: { code: "Running" },
    },
    { pointer: "/properties/enableNodePublicIP", reason: POOL_DEFAULTS, expect: false },
    { pointer: "/properties/enableEncryptionAtHost", reason: POOL_DEFAULTS, expect: false },
    { pointer: "/properties/enableUltraSSD", reason: POOL_DEFAULTS, expect: false },
    { pointer: "/properties/osSKU", reason: POOL_DEFAULTS, expect: "Ubuntu" },
  ];
  if (o.osDisk) {
    entries.push(
      { pointer: "/properties/osDiskSizeGB", reason: POOL_DEFAULTS, expect: 128 },
      { pointer: "/properties/osDiskType", reason: POOL_DEFAULTS, expect: "Managed" },
    );
  }
  if (o.upgradeSettings) {
    entries.push({
      pointer: "/properties/upgradeSettings",
      reason: 'real traffic wins: docs/sources.md "Defaults AKS fills in" (a pool\'s upgradeSettings {maxSurge: 10%} since 2024-04)',
      expect: { maxSurge: "10%" },
    });
  }
  if (o.fips) entries.push({ pointer: "/properties/enableFIPS", reason: POOL_DEFAULTS, expect: false });
  if (o.nodeImage === "201") {
    entries.push({
      pointer: "/properties/nodeImageVersion",
      reason: 'real traffic wins: docs/sources.md "Create answer" (nodeImageVersion is already in the 201)',
      match: NODE_IMAGE,
    });
  } else if (o.nodeImage === "shown") {
    entries.push({ pointer: "/properties/nodeImageVersion", reason: "generated value (the node image AKS picks)", match: NODE_IMAGE });
  } else {
    entries.push({
      pointer: "/properties/nodeImageVersion",
      reason: "example contradicts another example: AgentPoolsCreate_Update's 200 and AgentPoolsGet show the pool's nodeImageVersion",
      match: NODE_IMAGE,
    });
  }
  return entries;
}

/** The defaults a create example's pool shows none of. */
const CREATED = { osDisk: true, upgradeSettings: true, fips: true, nodeImage: "201" } as const;

/** Default entries without the ones for properties the example shows (it sends them). */
function withoutShown(entries: Ignore[], ...shown: string[]): Ignore[] {
  return entries.filter((e) => !shown.some((name) => e.pointer === `/properties/${name}`));
}

const ETAG_2026: Ignore = {
  pointer: "/properties/eTag",
  reason: "example contradicts another example: AgentPoolsGet and AgentPoolsList show the pool's eTag",
  match: GUID,
};
const ETAG_SHOWN: Ignore = { pointer: "/properties/eTag", reason: "generated value (the pool's eTag)", match: GUID };
const MODE_USER: Ignore = {
  pointer: "/properties/mode",
  reason: "fidelity row: Agent pool mode (a pool made through agentPools without a mode is User)",
  expect: "User",
};
const MODE_SYSTEM: Ignore = {
  pointer: "/properties/mode",
  reason: 'real traffic wins: docs/sources.md "Recorded cluster bodies" (the cluster\'s only pool has mode System)',
  expect: "System",
};
const POOL_TYPE: Ignore = {
  pointer: "/type",
  reason: "example contradicts another example: AgentPoolsCreate_Update's answers carry the pool's type",
  expect: "Microsoft.ContainerService/managedClusters/agentPools",
};
const UPDATING: Ignore = { pointer: "/properties/provisioningState", reason: UPDATE_FLOWS, expect: "Updating" };

/** The pool of the get/list/node-image examples: the cluster's only pool, built from the example's answer. */
function shownPool(version: "2026" | "2022", opts: { upgradeSettingsShown: boolean }): Ignore[] {
  return [
    ...(version === "2026" ? [POOL_ID] : []),
    POOL_TYPE,
    MODE_SYSTEM,
    ...(version === "2026" ? [ETAG_SHOWN] : []),
    ...poolDefaults({ osDisk: true, upgradeSettings: !opts.upgradeSettingsShown, fips: true, nodeImage: "shown" }),
  ];
}

/** An operation URL of ours in a Location or Azure-AsyncOperation header. */
function operationUrl(header: string, idSegment: number): Ignore[] {
  return [
    { pointer: `/headers/${header}/path/${idSegment}`, reason: "generated value (the operation id)", match: GUID },
    {
      pointer: `/headers/${header}/query/api-version`,
      reason: 'real traffic wins: docs/sources.md "Long-running operation headers" (operation URLs carry api-version=2016-03-30)',
      expect: "2016-03-30",
    },
  ];
}

/** Snapshot answers: the node image AKS picked for the source pool, and no systemData. */
const SNAPSHOT: Ignore[] = [
  { pointer: "/properties/nodeImageVersion", reason: "generated value (the node image AKS picked for the source pool)", match: NODE_IMAGE },
  { pointer: "/systemData", reason: "fidelity row: systemData", absent: true },
];
/** The 2022-11-01 and 2025-10-01 snapshot examples' spellings, where the 2026-x ones write ours. */
const SNAPSHOT_OLD_ENVELOPE: Ignore[] = [
  {
    pointer: "/id",
    reason: "example contradicts another example: the 2026-x snapshot examples spell the group segment 'resourceGroups'",
    expect: "/subscriptions/subid1/resourceGroups/rg1/providers/Microsoft.ContainerService/snapshots/snapshot1",
  },
  {
    pointer: "/type",
    reason: "example contradicts another example: the 2026-x snapshot examples write the type 'Microsoft.ContainerService/snapshots'",
    expect: "Microsoft.ContainerService/snapshots",
  },
];

/** The Azure-AsyncOperation URL of a node image upgrade, where the examples write one without the subscription, in westus, at 2018-07-31. */
const NODE_IMAGE_OPERATION: Ignore[] = [
  { pointer: "/headers/Azure-AsyncOperation/path/7", reason: "generated value (the operation id)", match: GUID },
  {
    pointer: "/headers/Azure-AsyncOperation/path",
    reason:
      "real traffic wins: docs/sources.md \"Long-running operation headers\" (operation URLs name the subscription and the resource's region, here the cluster's location1)",
    expect: ["subscriptions", "subid1", "providers", "Microsoft.ContainerService", "locations", "location1", "operations", "(the operation id, above)"],
  },
  {
    pointer: "/headers/Azure-AsyncOperation/query/api-version",
    reason: 'real traffic wins: docs/sources.md "Long-running operation headers" (operation URLs carry api-version=2016-03-30)',
    expect: "2016-03-30",
  },
];

/** A machine of the pool (its one node, in zone 1). The examples' ids name dummyRG, cluster round and pool nodepool1, not their own path's rg1, clustername1 and agentpool1. */
const MACHINE_NAME = "aks-agentpool1-\\d{8}-vmss000000";
const MACHINE: Ignore[] = [
  {
    pointer: "/name",
    reason: "generated value (the scale set's 8 digits, docs/fidelity.md \"Machines of a pool\"; the pool is the path's agentpool1)",
    match: `^${MACHINE_NAME}$`,
  },
  {
    pointer: "/id",
    reason:
      "example contradicts another example: its own path (rg1, clustername1, agentpool1); the group segment as in the cluster's id (docs/sources.md \"Resource envelope\"), the scale set's digits generated",
    match: `^/subscriptions/26fe00f8-9173-4872-9134-bb1d2e00343a/resourcegroups/rg1/providers/Microsoft\\.ContainerService/managedClusters/clustername1/agentPools/agentpool1/machines/${MACHINE_NAME}$`,
  },
  {
    pointer: "/properties/network/ipAddresses",
    reason: "fidelity row: Machines of a pool (one private IPv4 address from the pool's subnet, AKS's own 10.224.0.0/16 when it names none)",
    expect: [{ family: "IPv4", ip: "10.224.0.4" }],
  },
  {
    pointer: "/properties/resourceId",
    reason:
      "example contradicts another example: its own path; the scale set is in the cluster's node resource group MC_rg1_clustername1_location1 (where the example writes dummyRG), its digits generated",
    match:
      "^/subscriptions/26fe00f8-9173-4872-9134-bb1d2e00343a/resourceGroups/MC_rg1_clustername1_location1/providers/Microsoft\\.Compute/virtualMachineScaleSets/aks-agentpool1-\\d{8}-vmss/virtualMachines/0$",
  },
];

/** AgentPools_Stop and AgentPools_Start show a short pool: what every other pool example shows is compared with the prerequisite's values. */
function powerIgnores(o: { stop: boolean }): Ignore[] {
  const SHORT = "example contradicts another example: AgentPoolsGet shows a pool's vmSize, maxPods, osType, mode, versions and node image";
  const entries: Ignore[] = [
    ...poolDefaults({ osDisk: true, upgradeSettings: true, fips: true, nodeImage: "generated" }).filter(
      (e) => e.pointer !== "/properties/enableAutoScaling" && e.pointer !== "/properties/powerState" && e.pointer !== "/properties/nodeImageVersion",
    ),
    { pointer: "/properties/nodeImageVersion", reason: SHORT, match: NODE_IMAGE },
    { pointer: "/properties/vmSize", reason: SHORT, expect: "Standard_DS2_v2" },
    { pointer: "/properties/maxPods", reason: SHORT, expect: 110 },
    { pointer: "/properties/osType", reason: SHORT, expect: "Linux" },
    { pointer: "/properties/mode", reason: SHORT, expect: "User" },
    { pointer: "/properties/orchestratorVersion", reason: SHORT, expect: "1.9.6" },
    { pointer: "/properties/currentOrchestratorVersion", reason: SHORT, expect: "1.9.6" },
  ];
  if (o.stop) {
    entries.push(
      { pointer: "/properties/count", reason: "fidelity row: Stopping a node pool (a stopped pool keeps its count; the example shows 0)", expect: 3 },
      {
        pointer: "/properties/minCount",
        reason: "example contradicts another example: AgentPoolsCreate_Update's pools without the autoscaler leave minCount out (the example writes null)",
        absent: true,
      },
      {
        pointer: "/properties/maxCount",
        reason: "example contradicts another example: AgentPoolsCreate_Update's pools without the autoscaler leave maxCount out (the example writes null)",
        absent: true,
      },
    );
  } else {
    const OFF = "fidelity row: Stopping a node pool (a pool stops only with the autoscaler off, so the pool started again has it off)";
    entries.push(
      { pointer: "/properties/enableAutoScaling", reason: OFF, expect: false },
      { pointer: "/properties/minCount", reason: OFF, absent: true },
      { pointer: "/properties/maxCount", reason: OFF, absent: true },
    );
  }
  return entries;
}

const AUTOSCALER_RANGE =
  'real traffic wins: docs/sources.md "Agent pool rules" (AKS refuses a count outside minCount..maxCount; this request sends count 3 with maxCount 2, and we answer 400 InvalidParameter)';

export const AGENT_POOL_IGNORED: Record<string, ExampleIgnores> = {
  // Create: a User pool beside the cluster's System pool; the 200 is the same PUT again.
  "2026-03-01/examples/AgentPoolsCreate_Update.json": {
    ignore: {
      "*": [POOL_ID, ...poolDefaults({ osDisk: true, upgradeSettings: true, fips: true, nodeImage: "201" }), ETAG_2026],
      "200": [UPDATING],
    },
  },
  "2026-04-01/examples/AgentPoolsCreate_Ephemeral.json": {
    ignore: {
      "*": [POOL_ID, MODE_USER, ...poolDefaults({ osDisk: false, upgradeSettings: true, fips: true, nodeImage: "201" }), ETAG_2026],
      "200": [
        UPDATING,
        { pointer: "/properties/kubeletDiskType", reason: "example contradicts another example: the same file's 201 shows kubeletDiskType OS", expect: "OS" },
      ],
    },
  },
  "2026-04-01/examples/AgentPoolsCreate_EnableEncryptionAtHost.json": {
    ignore: {
      "*": [POOL_ID, MODE_USER, ...withoutShown(poolDefaults(CREATED), "enableEncryptionAtHost"), ETAG_2026],
      "200": [UPDATING],
    },
  },
  "2026-04-01/examples/AgentPoolsCreate_EnableFIPS.json": {
    ignore: { "*": [POOL_ID, MODE_USER, ...poolDefaults({ ...CREATED, fips: false }), ETAG_2026], "200": [UPDATING] },
  },
  // Its 201 answers kubeletConfig and linuxOSConfig otherwise than its request and its 200.
  "2026-04-01/examples/AgentPoolsCreate_CustomNodeConfig.json": {
    ignore: {
      "*": [POOL_ID, MODE_USER, ...poolDefaults(CREATED), ETAG_2026],
      "200": [UPDATING],
      "201": [
        {
          pointer: "/properties/kubeletConfig/podMaxPids",
          reason: "example contradicts another example: its own request and 200, which have no podMaxPids",
          absent: true,
        },
        {
          pointer: "/properties/linuxOSConfig/sysctls/netCoreWmemDefault",
          reason: "example contradicts another example: its own request and 200, which say 12345",
          expect: 12345,
        },
      ],
    },
  },
  "2022-11-01/examples/AgentPoolsCreate_EnableEncryptionAtHost.json": {
    ignore: { "*": [MODE_USER, ...withoutShown(poolDefaults(CREATED), "enableEncryptionAtHost")], "200": [UPDATING] },
  },
  "2022-11-01/examples/AgentPoolsCreate_EnableFIPS.json": {
    ignore: { "*": [MODE_USER, ...poolDefaults({ ...CREATED, fips: false })], "200": [UPDATING] },
  },
  "2022-11-01/examples/AgentPoolsCreate_Update.json": {
    ignore: {
      "*": [...poolDefaults({ osDisk: true, upgradeSettings: true, fips: true, nodeImage: "201" })],
      "200": [UPDATING],
    },
  },
  "2022-11-01/examples/AgentPoolsCreate_Ephemeral.json": {
    ignore: {
      "*": [MODE_USER, ...poolDefaults({ osDisk: false, upgradeSettings: true, fips: true, nodeImage: "201" })],
      "200": [
        UPDATING,
        { pointer: "/properties/kubeletDiskType", reason: "example contradicts another example: the same file's 201 shows kubeletDiskType OS", expect: "OS" },
      ],
    },
  },
  // The snapshot it names is taken of the cluster's System pool, which runs the version the example shows.
  "2022-11-01/examples/AgentPoolsCreate_Snapshot.json": {
    ignore: {
      "*": [MODE_USER, ...poolDefaults({ osDisk: true, upgradeSettings: true, fips: false, nodeImage: "201" })],
      "200": [UPDATING],
    },
  },
  // A Windows pool (Windows2022): its node image is the catalogue's Windows one (docs/version-catalogue.md).
  "2022-11-01/examples/AgentPoolsCreate_WindowsOSSKU.json": {
    ignore: {
      "*": [
        MODE_USER,
        ...withoutShown(poolDefaults(CREATED), "osSKU", "nodeImageVersion"),
        {
          pointer: "/properties/nodeImageVersion",
          reason: 'real traffic wins: docs/sources.md "Create answer" (nodeImageVersion is already in the 201; a Windows Server 2022 image)',
          match: "^AKSWindows-2022-containerd-\\d+\\.\\d+\\.\\d+$",
        },
      ],
      "200": [UPDATING],
    },
  },
  "2022-11-01/examples/AgentPoolsCreate_PPG.json": {
    ignore: { "*": [MODE_USER, ...poolDefaults({ osDisk: true, upgradeSettings: true, fips: true, nodeImage: "201" })], "200": [UPDATING] },
  },
  "2022-11-01/examples/AgentPoolsCreate_DedicatedHostGroup.json": {
    ignore: {
      "*": [
        MODE_USER,
        ...poolDefaults(CREATED),
        {
          pointer: "/properties/currentOrchestratorVersion",
          reason: "example contradicts another example: every other create example's answer shows currentOrchestratorVersion",
          expect: "1.19.6",
        },
      ],
      "200": [UPDATING],
    },
  },
  "2022-11-01/examples/AgentPoolsCreate_WasmWasi.json": {
    ignore: {
      "*": [...poolDefaults({ ...CREATED, osDisk: false }), { pointer: "/properties/osDiskType", reason: POOL_DEFAULTS, expect: "Managed" }],
      "200": [UPDATING],
    },
  },
  // As the 2026-04-01 one: its 201 answers kubeletConfig and linuxOSConfig otherwise than its request and its 200.
  "2022-11-01/examples/AgentPoolsCreate_CustomNodeConfig.json": {
    ignore: {
      "*": [MODE_USER, ...poolDefaults(CREATED)],
      "200": [UPDATING],
      "201": [
        {
          pointer: "/properties/kubeletConfig/podMaxPids",
          reason: "example contradicts another example: its own request and 200, which have no podMaxPids",
          absent: true,
        },
        {
          pointer: "/properties/linuxOSConfig/sysctls/netCoreWmemDefault",
          reason: "example contradicts another example: its own request and 200, which say 12345",
          expect: 12345,
        },
      ],
    },
  },
  "2022-11-01/examples/AgentPools_Update.json": {
    skipStatus: {
      "200": AUTOSCALER_RANGE,
      "201": `${AUTOSCALER_RANGE}; and a PUT of an existing pool answers 200 (docs/sources.md "Update flows")`,
    },
    ignore: {},
  },
  // Stop and start: a User pool beside the cluster's System pool. The examples' short bodies leave out what every other pool example shows.
  "2022-11-01/examples/AgentPools_Stop.json": {
    skipStatus: { "201": 'a PUT of an existing pool answers 200 (docs/sources.md "Update flows"); the 200 is replayed' },
    ignore: { "200": powerIgnores({ stop: true }) },
  },
  "2022-11-01/examples/AgentPools_Start.json": {
    skipStatus: { "201": 'a PUT of an existing pool answers 200 (docs/sources.md "Update flows"); the 200 is replayed' },
    ignore: { "200": powerIgnores({ stop: false }) },
  },
  "2026-02-01/examples/AgentPoolsGet.json": { ignore: { "200": shownPool("2026", { upgradeSettingsShown: true }) } },
  "2022-11-01/examples/AgentPoolsGet.json": { ignore: { "200": shownPool("2022", { upgradeSettingsShown: true }) } },
  "2026-04-01/examples/AgentPoolsList.json": { ignore: { "200": under("/value/*", shownPool("2026", { upgradeSettingsShown: false })) } },
  "2022-11-01/examples/AgentPoolsList.json": { ignore: { "200": under("/value/*", shownPool("2022", { upgradeSettingsShown: false })) } },
  // Delete: a User pool beside the cluster's System pool (202), or none of that name (204).
  "2026-04-01/examples/AgentPoolsDelete.json": { ignore: { "202": operationUrl("location", 7) } },
  // The machines are named as we name them (their instances are the example's, 10 and 11).
  "2026-04-01/examples/AgentPoolsDeleteMachines.json": { ignore: { "202": operationUrl("location", 7) } },
  "2026-01-01/examples/AgentPoolsGetUpgradeProfile.json": {
    ignore: {
      "200": [
        UPGRADE_PROFILE_ID(),
        { pointer: "/properties/latestNodeImageVersion", reason: "generated value (the node image AKS offers)", match: NODE_IMAGE },
      ],
    },
  },
  "2022-11-01/examples/AgentPoolsGetUpgradeProfile.json": {
    ignore: {
      "200": [
        UPGRADE_PROFILE_ID(),
        { pointer: "/properties/latestNodeImageVersion", reason: "generated value (the node image AKS offers)", match: NODE_IMAGE },
      ],
    },
  },
  "2026-03-01/examples/AgentPoolsGetAgentPoolAvailableVersions.json": {
    ignore: {
      "200": [
        {
          pointer: "/id",
          reason: "real traffic wins: docs/sources.md \"Resource envelope\" (the cluster's id, whose group segment real AKS writes 'resourcegroups')",
          expect: "/subscriptions/subid1/resourcegroups/rg1/providers/Microsoft.ContainerService/managedClusters/clustername1/availableagentpoolversions",
        },
      ],
    },
  },
  // 202: with a provisioning time; 200: done at once (--lro-duration 0), no body (agentPoolLroDuration).
  "2026-03-01/examples/AgentPoolsUpgradeNodeImageVersion.json": {
    ignore: { "202": [...shownPool("2026", { upgradeSettingsShown: true }), ...NODE_IMAGE_OPERATION] },
  },
  "2022-11-01/examples/AgentPoolsUpgradeNodeImageVersion.json": {
    ignore: { "202": [...shownPool("2022", { upgradeSettingsShown: true }), ...NODE_IMAGE_OPERATION] },
  },
  "2026-04-01/examples/MachineList.json": {
    ignore: {
      "200": [
        {
          pointer: "/nextLink",
          reason:
            "example contradicts another example: its own list holds the pool's one machine, and the one-page lists of AgentPoolsList and SnapshotsList carry no nextLink",
          absent: true,
        },
        ...under("/value/*", MACHINE),
      ],
    },
  },
  "2026-03-01/examples/MachineGet.json": { ignore: { "200": MACHINE } },
  "2026-04-01/examples/SnapshotsCreate.json": { ignore: { "*": SNAPSHOT } },
  "2026-02-01/examples/SnapshotsGet.json": { ignore: { "200": SNAPSHOT } },
  "2026-04-01/examples/SnapshotsList.json": { ignore: { "200": under("/value/*", SNAPSHOT) } },
  "2025-10-01/examples/SnapshotsListByResourceGroup.json": { ignore: { "200": under("/value/*", [...SNAPSHOT_OLD_ENVELOPE, ...SNAPSHOT]) } },
  "2026-03-01/examples/SnapshotsUpdateTags.json": { ignore: { "200": SNAPSHOT } },
  "2026-02-01/examples/SnapshotsDelete.json": { ignore: {} },
  "2022-11-01/examples/SnapshotsCreate.json": { ignore: { "*": [...SNAPSHOT_OLD_ENVELOPE, ...SNAPSHOT] } },
  "2022-11-01/examples/SnapshotsGet.json": { ignore: { "200": [...SNAPSHOT_OLD_ENVELOPE, ...SNAPSHOT] } },
  "2022-11-01/examples/SnapshotsList.json": { ignore: { "200": under("/value/*", [...SNAPSHOT_OLD_ENVELOPE, ...SNAPSHOT]) } },
  "2022-11-01/examples/SnapshotsListByResourceGroup.json": { ignore: { "200": under("/value/*", [...SNAPSHOT_OLD_ENVELOPE, ...SNAPSHOT]) } },
  "2022-11-01/examples/SnapshotsUpdateTags.json": {
    ignore: {
      "200": [
        ...SNAPSHOT_OLD_ENVELOPE,
        ...SNAPSHOT,
        {
          pointer: "/tags",
          reason: "example contradicts another example: its own request sets these tags, and 2026-03-01 SnapshotsUpdateTags answers the tags it sent",
          expect: { key2: "new-val2", key3: "val3" },
        },
      ],
    },
  },
  "2022-11-01/examples/SnapshotsDelete.json": { ignore: {} },
};

/** The pool's upgrade profile id: as AKS's docs show it (`upgradeProfiles`, 'resourcegroups'); the examples write `upgradeprofiles`. */
function UPGRADE_PROFILE_ID(): Ignore {
  return {
    pointer: "/id",
    reason:
      'real traffic wins: docs/sources.md "Agent pool upgrade profile in AKS\'s docs" (upgradeProfiles as in the request path, the group segment in lower case)',
    expect:
      "/subscriptions/subid1/resourcegroups/rg1/providers/Microsoft.ContainerService/managedClusters/clustername1/agentPools/agentpool1/upgradeProfiles/default",
  };
}
