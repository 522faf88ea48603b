import type { ExampleIgnores, Ignore } from "./harness.js";

/**
 * The ignore lists of the cluster actions' examples (replayed by actions.test.ts; spread into IGNORED
 * in ignored.ts). See the header of ignored.ts for the reason kinds.
 */

export type ActionKind =
  | "rotateClusterCertificates"
  | "rotateServiceAccountSigningKeys"
  | "resetServicePrincipalProfile"
  | "resetAADProfile"
  | "runCommand"
  | "commandResult"
  | "accessProfile"
  | "credentials"
  | "outbound"
  | "meshRevisionList"
  | "meshRevisionGet"
  | "meshUpgradeList"
  | "meshUpgradeGet"
  | "abort"
  | "poolAbort";

/** The examples actions.test.ts replays, and how. */
export const ACTION_EXAMPLES: { file: string; kind: ActionKind }[] = [
  { file: "2026-03-01/examples/ManagedClustersRotateClusterCertificates.json", kind: "rotateClusterCertificates" },
  { file: "2026-02-01/examples/ManagedClustersRotateServiceAccountSigningKeys.json", kind: "rotateServiceAccountSigningKeys" },
  { file: "2026-03-01/examples/ManagedClustersResetServicePrincipalProfile.json", kind: "resetServicePrincipalProfile" },
  { file: "2026-04-01/examples/ManagedClustersResetAADProfile.json", kind: "resetAADProfile" },
  { file: "2026-04-01/examples/RunCommandRequest.json", kind: "runCommand" },
  { file: "2026-03-01/examples/RunCommandResultSucceed.json", kind: "commandResult" },
  { file: "2026-03-01/examples/RunCommandResultFailed.json", kind: "commandResult" },
  { file: "2026-04-01/examples/ManagedClustersGetAccessProfile.json", kind: "accessProfile" },
  { file: "2026-04-01/examples/ManagedClustersListClusterUserCredentials.json", kind: "credentials" },
  { file: "2026-04-01/examples/ManagedClustersListClusterAdminCredentials.json", kind: "credentials" },
  { file: "2026-03-01/examples/ManagedClustersListClusterMonitoringUserCredentials.json", kind: "credentials" },
  { file: "2026-01-01/examples/OutboundNetworkDependenciesEndpointsList.json", kind: "outbound" },
  { file: "2026-04-01/examples/ManagedClustersList_MeshRevisionProfiles.json", kind: "meshRevisionList" },
  { file: "2026-01-01/examples/ManagedClustersGet_MeshRevisionProfile.json", kind: "meshRevisionGet" },
  { file: "2025-10-01/examples/ManagedClustersList_MeshUpgradeProfiles.json", kind: "meshUpgradeList" },
  { file: "2026-03-01/examples/ManagedClustersGet_MeshUpgradeProfile.json", kind: "meshUpgradeGet" },
  { file: "2026-04-01/examples/ManagedClustersAbortOperation.json", kind: "abort" },
  { file: "2026-02-01/examples/AgentPoolsAbortOperation.json", kind: "poolAbort" },
];

const GUID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
const HEX32 = "^[0-9a-f]{32}$";
const ISO_TIME = "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z$";

/** A 202's Location to `.../locations/eastus/operationresults/<id>`: our operation id and AKS's api-version. */
export const OPERATION_LOCATION: Ignore[] = [
  { pointer: "/headers/location/path/7", reason: "generated value (the operation id)", match: GUID },
  {
    pointer: "/headers/location/query/api-version",
    reason: 'real traffic wins: docs/sources.md "Long-running operation headers" (operation URLs carry api-version=2016-03-30)',
    expect: "2016-03-30",
  },
];

/** A Location to `.../managedClusters/clustername1/commandResults/<id>`: the command's id is ours. */
const COMMAND_LOCATION: Ignore[] = [{ pointer: "/headers/location/path/9", reason: "generated value (the command id, 32 hex)", match: HEX32 }];

/**
 * An abort's 202: the examples name `.../operationStatus/<id>` (Azure-AsyncOperation) and `.../operations/<id>`
 * (location) at the request's api-version; ours are AKS's recorded forms.
 */
const ABORT_OPERATION_URLS: Ignore[] = (["Azure-AsyncOperation", "location"] as const).flatMap((header): Ignore[] => [
  {
    pointer: `/headers/${header}/path/6`,
    reason:
      'real traffic wins: docs/sources.md "Long-running operation headers" (Azure-AsyncOperation names .../operations/{id}, Location .../operationresults/{id})',
    expect: header === "location" ? "operationresults" : "operations",
  },
  { pointer: `/headers/${header}/path/7`, reason: "generated value (the operation id)", match: GUID },
  {
    pointer: `/headers/${header}/query/api-version`,
    reason: 'real traffic wins: docs/sources.md "Long-running operation headers" (operation URLs carry api-version=2016-03-30)',
    expect: "2016-03-30",
  },
]);

const CREDENTIAL_VALUE: Ignore = { pointer: "/kubeconfigs/0/value", reason: "generated value (the kubeconfig, base64)" };

const credentialName = (name: string): Ignore => ({
  pointer: "/kubeconfigs/0/name",
  reason:
    name === "clusterUser"
      ? 'real traffic wins: docs/sources.md "Kubeconfig of a private cluster" (the credential is named clusterUser)'
      : "fidelity row: Credential result names",
  expect: name,
});

const RESULT_STATE = (state: string): Ignore => ({
  pointer: "/properties/provisioningState",
  reason: "fidelity row: Run command results (az 2.45 compares the capitalised state)",
  expect: state,
});

const MESH_CATALOGUE = 'fidelity row: Service mesh profiles (the catalogue\'s revisions, docs/sources.md "Service mesh revisions")';

export const ACTION_IGNORED: Record<string, ExampleIgnores> = {
  // 202: an operation in flight aborted; 204: the same, finished at once (--lro-duration 0).
  "2026-04-01/examples/ManagedClustersAbortOperation.json": { ignore: { "202": ABORT_OPERATION_URLS } },
  "2026-02-01/examples/AgentPoolsAbortOperation.json": { ignore: { "202": ABORT_OPERATION_URLS } },
  "2026-03-01/examples/ManagedClustersRotateClusterCertificates.json": { ignore: { "202": OPERATION_LOCATION } },
  "2026-02-01/examples/ManagedClustersRotateServiceAccountSigningKeys.json": { ignore: { "202": OPERATION_LOCATION } },
  "2026-03-01/examples/ManagedClustersResetServicePrincipalProfile.json": { ignore: { "202": OPERATION_LOCATION } },
  "2026-04-01/examples/ManagedClustersResetAADProfile.json": { ignore: { "202": OPERATION_LOCATION } },
  "2026-04-01/examples/RunCommandRequest.json": {
    skipStatus: {
      "200": "fidelity row: Run command results (the definition: 'you never get 200 from this api'; the 200 body is replayed as RunCommandResultSucceed)",
    },
    ignore: { "202": COMMAND_LOCATION },
  },
  "2026-03-01/examples/RunCommandResultSucceed.json": {
    ignore: {
      "200": [
        { pointer: "/id", reason: "generated value (the command id, 32 hex)", match: HEX32 },
        RESULT_STATE("Succeeded"),
        { pointer: "/properties/startedAt", reason: "generated value (when the command ran)", match: ISO_TIME },
        { pointer: "/properties/finishedAt", reason: "generated value (when the command ran)", match: ISO_TIME },
      ],
      "202": COMMAND_LOCATION,
    },
  },
  "2026-03-01/examples/RunCommandResultFailed.json": {
    ignore: {
      "200": [{ pointer: "/id", reason: "generated value (the command id, 32 hex)", match: HEX32 }, RESULT_STATE("Failed")],
      "202": COMMAND_LOCATION,
    },
  },
  "2026-04-01/examples/ManagedClustersGetAccessProfile.json": {
    ignore: {
      "200": [
        { pointer: "/properties/kubeConfig", reason: "generated value (the kubeconfig, base64)" },
        {
          pointer: "/id",
          reason: "real traffic wins: docs/sources.md \"Resource envelope\" (the cluster's id spells the group segment 'resourcegroups')",
          expect:
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg1/providers/Microsoft.ContainerService/managedClusters/clustername1/accessProfiles/clusterUser",
        },
      ],
    },
  },
  "2026-04-01/examples/ManagedClustersListClusterUserCredentials.json": { ignore: { "200": [credentialName("clusterUser"), CREDENTIAL_VALUE] } },
  "2026-04-01/examples/ManagedClustersListClusterAdminCredentials.json": { ignore: { "200": [credentialName("clusterAdmin"), CREDENTIAL_VALUE] } },
  "2026-03-01/examples/ManagedClustersListClusterMonitoringUserCredentials.json": {
    ignore: { "200": [credentialName("clusterMonitoringUser"), CREDENTIAL_VALUE] },
  },
  "2026-01-01/examples/OutboundNetworkDependenciesEndpointsList.json": {
    ignore: {
      "200": [
        { pointer: "/value/7/endpoints/0/domainName", reason: "fidelity row: Outbound network dependencies", expect: "*.hcp.eastus.azmk8s.io" },
        { pointer: "/value/8/endpoints/0/domainName", reason: "fidelity row: Outbound network dependencies", expect: "*.hcp.eastus.azmk8s.io" },
      ],
    },
  },
  "2026-04-01/examples/ManagedClustersList_MeshRevisionProfiles.json": {
    ignore: { "200": [{ pointer: "/value/0/properties/meshRevisions", reason: MESH_CATALOGUE }] },
  },
  "2026-01-01/examples/ManagedClustersGet_MeshRevisionProfile.json": { ignore: { "200": [{ pointer: "/properties/meshRevisions", reason: MESH_CATALOGUE }] } },
  "2025-10-01/examples/ManagedClustersList_MeshUpgradeProfiles.json": { ignore: { "200": [{ pointer: "/value/0/properties", reason: MESH_CATALOGUE }] } },
  "2026-03-01/examples/ManagedClustersGet_MeshUpgradeProfile.json": {
    ignore: {
      "200": [
        { pointer: "/properties", reason: MESH_CATALOGUE },
        {
          pointer: "/id",
          reason: "real traffic wins: docs/sources.md \"Resource envelope\" (the cluster's id spells the group segment 'resourcegroups')",
          expect:
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg1/providers/Microsoft.ContainerService/managedClusters/clustername1/meshUpgradeProfiles/istio",
        },
      ],
    },
  },
};
