/**
 * GET /providers/Microsoft.ContainerService/operations?api-version=... (Operations_List).
 *
 * Source: Azure/azure-rest-api-specs
 *   specification/containerservice/resource-manager/Microsoft.ContainerService/aks/stable/2026-03-01/examples/Operation_List.json
 *   @171068d15ac86a28a2fd1938747057c7128b7750 (the index holds no 2026-04-01 copy).
 * The list below reproduces that example's 356 entries, in its order, field for field: operation
 * names, display strings (including the example's own typos, e.g. "Create or Update maintenance
 * configuratio", and the trailing space in "Exec into pods resource ") and origins. The many
 * Kubernetes data actions follow fixed patterns, so they are generated from compact tables.
 * Check: wrapping the generated body in the example's envelope and printing it with 2-space JSON
 * indentation gives exactly the example's length (153,760 characters).
 * Response shape: {"value":[{name, display:{description, operation, provider, resource}, origin}]},
 * no nextLink. Display keys are in the example's order (description, operation, provider, resource).
 *
 * Note: there is no `managedClusters/privateLinkResources/*` operation, neither in the example nor in
 * the RBAC permission list (MicrosoftDocs/azure-docs articles/role-based-access-control/permissions/
 * containers.md @03adcc30); listing private link resources is covered by managedClusters/read, and
 * resolving by managedClusters/resolvePrivateLinkServiceId/action. Newer RBAC-only actions
 * (e.g. managedClusters/abort/action, locations/kubernetesversions/read, trustedAccessRoleBindings/*)
 * are not in the example and their display operation/resource strings are unknown, so they are not
 * listed here.
 */

export interface OperationDisplay {
  description: string;
  operation: string;
  provider: string;
  resource: string;
}

export interface OperationValue {
  name: string;
  display: OperationDisplay;
  origin: "user,system" | "system";
}

const PROVIDER = "Microsoft Container Service";
const NS = "Microsoft.ContainerService";
const MC = `${NS}/managedClusters`;

/** [name without namespace, description, operation, resource, origin]. */
type Row = readonly [string, string, string, string, ("system" | undefined)?];

const op = ([name, description, operation, resource, origin]: Row): OperationValue => ({
  name: `${NS}/${name}`,
  display: { description, operation, provider: PROVIDER, resource },
  origin: origin ?? "user,system",
});

/** Control-plane (ARM) operations, in the example's order. */
const ARM_OPERATIONS: readonly Row[] = [
  ["locations/operations/read", "Gets the status of an asynchronous operation", "Get Operation", "Operation"],
  ["locations/orchestrators/read", "Lists the supported orchestrators", "List Orchestrators", "Orchestrator"],
  [
    "operations/read",
    "Lists operations available on Microsoft.ContainerService resource provider",
    "List Available Container Service Operations",
    "Available Container Service Operations",
  ],
  [
    "register/action",
    "Registers Subscription with Microsoft.ContainerService resource provider",
    "Register Subscription for Container Service",
    "Container Service Register Subscription",
  ],
  [
    "unregister/action",
    "Unregisters Subscription with Microsoft.ContainerService resource provider",
    "Unregister Subscription for Container Service",
    "Container Service Unregister Subscription",
  ],
  ["locations/operationresults/read", "Gets the status of an asynchronous operation result", "Get Operation Result", "OperationResult"],
  ["containerServices/read", "Get a container service", "Get Container Service", "Container Services"],
  ["containerServices/write", "Creates a new container service or updates an existing one", "Create or Update Container Service", "Container Services"],
  ["containerServices/delete", "Deletes a container service", "Delete Container Service", "Container Services"],
  ["managedClusters/read", "Get a managed cluster", "Get Managed Cluster", "Managed Clusters"],
  ["managedClusters/write", "Creates a new managed cluster or updates an existing one", "Create or Update Managed Cluster", "Managed Clusters"],
  ["managedClusters/delete", "Deletes a managed cluster", "Delete Managed Cluster", "Managed Clusters"],
  ["managedClusters/start/action", "Starts a managed cluster", "Start Managed Cluster", "Managed Clusters"],
  ["managedClusters/stop/action", "Stops a managed cluster", "Stop Managed Cluster", "Managed Clusters"],
  ["managedClusters/maintenanceConfigurations/read", "Gets a maintenance configuration", "Get a maintenance configuration", "Maintenance Configurations"],
  [
    "managedClusters/maintenanceConfigurations/write",
    "Creates a new MaintenanceConfiguration or updates an existing one",
    "Create or Update maintenance configuratio",
    "Maintenance Configurations",
  ],
  ["managedClusters/maintenanceConfigurations/delete", "Deletes a maintenance configuration", "Delete Maintenance Configuration", "Maintenance Configurations"],
  ["managedClusters/agentPools/read", "Gets an agent pool", "Get Agent Pool", "Agent Pools"],
  ["managedClusters/agentPools/write", "Creates a new agent pool or updates an existing one", "Create or Update Agent Pool", "Agent Pools"],
  ["managedClusters/agentPools/delete", "Deletes an agent pool", "Delete Agent Pool", "Agent Pools"],
  ["managedClusters/agentPools/upgradeProfiles/read", "Gets the upgrade profile of the Agent Pool", "Get Agent Pool UpgradeProfile", "Agent Pools"],
  [
    "managedClusters/agentPools/upgradeNodeImageVersion/write",
    "Upgrade the node image version of agent pool",
    "Upgrade agent pool node image version",
    "Agent Pools",
  ],
  [
    "managedClusters/availableAgentPoolVersions/read",
    "Gets the available agent pool versions of the cluster",
    "Get Available Agent Pool Versions",
    "Managed Clusters",
  ],
  ["managedClusters/accessProfiles/read", "Get a managed cluster access profile by role name", "Get Managed Cluster AccessProfile", "Managed Clusters"],
  [
    "managedClusters/accessProfiles/listCredential/action",
    "Get a managed cluster access profile by role name using list credential",
    "Get Managed Cluster AccessProfile by List Credential",
    "Managed Clusters",
  ],
  ["managedClusters/upgradeProfiles/read", "Gets the upgrade profile of the cluster", "Get UpgradeProfile", "UpgradeProfile"],
  [
    "managedClusters/listClusterAdminCredential/action",
    "List the clusterAdmin credential of a managed cluster",
    "List clusterAdmin credential",
    "Managed Clusters",
  ],
  [
    "managedClusters/listClusterUserCredential/action",
    "List the clusterUser credential of a managed cluster",
    "List clusterUser credential",
    "Managed Clusters",
  ],
  [
    "managedClusters/listClusterMonitoringUserCredential/action",
    "List the clusterMonitoringUser credential of a managed cluster",
    "List clusterMonitoringUser credential",
    "Managed Clusters",
  ],
  [
    "managedClusters/resetServicePrincipalProfile/action",
    "Reset the service principal profile of a managed cluster",
    "Reset service principal profile",
    "Managed Clusters",
  ],
  [
    "managedClusters/resolvePrivateLinkServiceId/action",
    "Resolve the private link service id of a managed cluster",
    "Resolve private link service id",
    "Managed Clusters",
  ],
  ["managedClusters/resetAADProfile/action", "Reset the AAD profile of a managed cluster", "Reset AAD profile", "Managed Clusters"],
  ["managedClusters/rotateClusterCertificates/action", "Rotate certificates of a managed cluster", "Rotate certificates of the cluster", "Managed Clusters"],
  ["managedClusters/runCommand/action", "Run user issued command against managed kubernetes server.", "RunCommand", "Managed Clusters"],
  ["managedClusters/commandResults/read", "Retrieve result from previous issued command.", "CommandResult", "Managed Clusters"],
  [
    "managedClusters/providers/Microsoft.Insights/diagnosticSettings/read",
    "Get the diagnostic setting for a managed cluster resource",
    "Read Diagnostic Setting",
    "Managed Clusters",
    "system",
  ],
  [
    "managedClusters/providers/Microsoft.Insights/diagnosticSettings/write",
    "Creates or updates the diagnostic setting for a managed cluster resource",
    "Write Diagnostic Setting",
    "Managed Clusters",
    "system",
  ],
  ["managedClusters/detectors/read", "Get Managed Cluster Detector", "Get Managed Cluster Detector", "Managed Cluster Detector"],
  ["managedClusters/diagnosticsState/read", "Gets the diagnostics state of the cluster", "Get Diagnostics State", "Diagnostics State"],
  [
    "managedClusters/privateEndpointConnectionsApproval/action",
    "Determines if user is allowed to approve a private endpoint connection",
    "Approve Private Endpoint Connections",
    "Approve Private Endpoint Connections",
  ],
  ["managedClusters/privateEndpointConnections/read", "Get private endpoint connection", "Get private endpoint connection", "Private Endpoint Connections"],
  [
    "managedClusters/privateEndpointConnections/write",
    "Approve or Reject a private endpoint connection",
    "Update private endpoint connection",
    "Private Endpoint Connections",
  ],
  [
    "managedClusters/privateEndpointConnections/delete",
    "Delete private endpoint connection",
    "Delete private endpoint connection",
    "Private Endpoint Connections",
  ],
  ["managedClusters/extensionaddons/read", "Gets an extension addon", "Get an extension addon", "ExtensionAddons", "system"],
  [
    "managedClusters/extensionaddons/write",
    "Creates a new extension addon or updates an existing one",
    "Create or Update extension addon",
    "ExtensionAddons",
    "system",
  ],
  ["managedClusters/extensionaddons/delete", "Deletes an extension addon", "Delete an extension addon", "ExtensionAddons", "system"],
  ["snapshots/read", "Get a snapshot", "Get Snapshot", "Snapshots"],
  ["snapshots/write", "Creates a new snapshot", "Create Snapshot", "Snapshots"],
  ["snapshots/delete", "Deletes a snapshot", "Delete Snapshot", "Snapshots"],
  ["managedClusters/eventGridFilters/read", "Get eventgrid filter", "Get eventgrid filter", "EventGridFilters", "system"],
  ["managedClusters/eventGridFilters/write", "Create or Update eventgrid filter", "Create or Update eventgrid filter", "EventGridFilters", "system"],
  ["managedClusters/eventGridFilters/delete", "Delete an eventgrid filter", "Delete an eventgrid filter", "EventGridFilters", "system"],
];

/** Operations listed after the Kubernetes data actions, in the example's order. */
const TRAILING_OPERATIONS: readonly Row[] = [
  [
    "managedClusters/providers/Microsoft.Insights/metricDefinitions/read",
    "Gets the available metrics for Managed Cluster",
    "Read Managed Cluster metric definitions",
    "The metric definition of Managed Cluster",
    "system",
  ],
  [
    "managedClusters/providers/Microsoft.Insights/logDefinitions/read",
    "Gets the available logs for Managed Cluster",
    "Read Managed Cluster log definitions",
    "The log definition of Managed Cluster",
    "system",
  ],
  ["openShiftManagedClusters/read", "Get a Open Shift Managed Cluster", "Get Open Shift Managed Cluster", "Open Shift Managed Cluster"],
  [
    "openShiftManagedClusters/write",
    "Creates a new Open Shift Managed Cluster or updates an existing one",
    "Create or Update Open Shift Managed Cluster",
    "Open Shift Managed Cluster",
  ],
  ["openShiftManagedClusters/delete", "Delete a Open Shift Managed Cluster", "Delete Open Shift Managed Cluster", "Open Shift Managed Cluster"],
  ["openShiftClusters/read", "Get a Open Shift Cluster", "Get Open Shift Cluster", "Open Shift Cluster"],
  ["openShiftClusters/write", "Creates a new Open Shift Cluster or updates an existing one", "Create or Update Open Shift Cluster", "Open Shift Cluster"],
  ["openShiftClusters/delete", "Delete a Open Shift Cluster", "Delete Open Shift Cluster", "Open Shift Cluster"],
];

/** "resetMetrics" -> "Resetmetrics", "healthz/poststarthook/ca-registration" -> "Healthz/Poststarthook/Ca-Registration". */
function titleCase(path: string): string {
  return path.toLowerCase().replace(/(^|[./-])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

/** Kubernetes object kinds reachable through the cluster's data plane, in the example's order. */
type Verbs = "rwd" | "w" | "r";
const K8S_RESOURCES: readonly (readonly [string, Verbs])[] = [
  ["admissionregistration.k8s.io/initializerconfigurations", "rwd"],
  ["admissionregistration.k8s.io/mutatingwebhookconfigurations", "rwd"],
  ["admissionregistration.k8s.io/validatingwebhookconfigurations", "rwd"],
  ["apiextensions.k8s.io/customresourcedefinitions", "rwd"],
  ["apiregistration.k8s.io/apiservices", "rwd"],
  ["apps/controllerrevisions", "rwd"],
  ["apps/daemonsets", "rwd"],
  ["apps/deployments", "rwd"],
  ["apps/replicasets", "rwd"],
  ["apps/statefulsets", "rwd"],
  ["authentication.k8s.io/tokenreviews", "w"],
  ["authorization.k8s.io/localsubjectaccessreviews", "w"],
  ["authorization.k8s.io/selfsubjectaccessreviews", "w"],
  ["authorization.k8s.io/selfsubjectrulesreviews", "w"],
  ["authorization.k8s.io/subjectaccessreviews", "w"],
  ["autoscaling/horizontalpodautoscalers", "rwd"],
  ["batch/cronjobs", "rwd"],
  ["batch/jobs", "rwd"],
  ["certificates.k8s.io/certificatesigningrequests", "rwd"],
  ["coordination.k8s.io/leases", "rwd"],
  ["bindings", "w"],
  ["componentstatuses", "rwd"],
  ["configmaps", "rwd"],
  ["endpoints", "rwd"],
  ["events", "rwd"],
  ["limitranges", "rwd"],
  ["namespaces", "rwd"],
  ["nodes", "rwd"],
  ["persistentvolumeclaims", "rwd"],
  ["persistentvolumes", "rwd"],
  ["pods", "rwd"],
  ["podtemplates", "rwd"],
  ["replicationcontrollers", "rwd"],
  ["resourcequotas", "rwd"],
  ["secrets", "rwd"],
  ["serviceaccounts", "rwd"],
  ["services", "rwd"],
  ["events.k8s.io/events", "rwd"],
  ["extensions/daemonsets", "rwd"],
  ["extensions/deployments", "rwd"],
  ["extensions/ingresses", "rwd"],
  ["extensions/networkpolicies", "rwd"],
  ["extensions/podsecuritypolicies", "rwd"],
  ["extensions/replicasets", "rwd"],
  ["metrics.k8s.io/pods", "r"],
  ["metrics.k8s.io/nodes", "r"],
  ["networking.k8s.io/networkpolicies", "rwd"],
  ["networking.k8s.io/ingresses", "rwd"],
  ["node.k8s.io/runtimeclasses", "rwd"],
];

function k8sResourceRows(path: string, verbs: Verbs): Row[] {
  const kind = path.split("/").pop() ?? path;
  const resource = titleCase(kind);
  const rows: Row[] = [];
  if (verbs === "rwd" || verbs === "r") rows.push([`managedClusters/${path}/read`, `Reads ${kind}`, `Gets/List ${kind} resource`, resource]);
  if (verbs === "rwd" || verbs === "w") rows.push([`managedClusters/${path}/write`, `Writes ${kind}`, `Creates/Updates ${kind} resource`, resource]);
  if (verbs === "rwd") {
    // The example swaps description and operation for initializerconfigurations/delete.
    rows.push(
      kind === "initializerconfigurations"
        ? [`managedClusters/${path}/delete`, `Deletes/DeletesCollection ${kind} resource`, resource, resource]
        : [`managedClusters/${path}/delete`, `Deletes ${kind}`, `Deletes/DeletesCollection ${kind} resource`, resource],
    );
  }
  if (path === "pods") rows.push(["managedClusters/pods/exec/action", "Exec into pods resource", "Exec into pods resource ", "Pods"]);
  return rows;
}

/** A read-only data-plane path: [path, what the description names, display resource]. */
const readRow = (path: string, what: string, resource: string = titleCase(path)): Row => [
  `managedClusters/${path}/read`,
  `Reads ${what}`,
  `Gets/List ${what} resource`,
  resource,
];

/** API discovery endpoints: group, then its versions; [version, what the description names]. */
const API_GROUPS: readonly (readonly [string, readonly (readonly [string, string?])[]])[] = [
  ["admissionregistration.k8s.io", [["v1"], ["v1beta1"]]],
  ["apiextensions.k8s.io", [["v1"], ["v1beta1"]]],
  ["apiregistration.k8s.io", [["v1"], ["v1beta1"]]],
  ["apps", [["v1"], ["v1beta1"], ["v1beta2"]]],
  ["authentication.k8s.io", [["v1"], ["v1beta1"]]],
  ["authorization.k8s.io", [["v1"], ["v1beta1"]]],
  ["autoscaling", [["v1"], ["v2beta1"], ["v2beta2"]]],
  ["batch", [["v1"], ["v1beta1"]]],
  ["certificates.k8s.io", [["v1beta1"]]],
  ["coordination.k8s.io", [["v1", "coordination/v1"], ["v1beta1"]]],
  ["events.k8s.io", [["v1beta1"]]],
  ["extensions", [["v1beta1"]]],
  ["metrics.k8s.io", [["v1beta1"]]],
  ["networking.k8s.io", [["v1", "networking/v1"], ["v1beta1"]]],
  ["node.k8s.io", [["v1beta1"]]],
  ["policy", [["v1beta1"]]],
  ["rbac.authorization.k8s.io", [["v1", "rbac.authorization/v1"], ["v1beta1"]]],
  ["scheduling.k8s.io", [["v1", "scheduling/v1"], ["v1beta1"]]],
  ["storage.k8s.io", [["v1", "storage/v1"], ["v1beta1"]]],
];

/** Sub-paths of healthz, livez and readyz: [path, display path without the grouping segment]. */
const HEALTH_CHECKS: readonly (readonly [string, string?])[] = [
  ["autoregister-completion"],
  ["etcd"],
  ["log"],
  ["ping"],
  ["poststarthook/apiservice-openapi-controller"],
  ["poststarthook/apiservice-registration-controller"],
  ["poststarthook/apiservice-status-available-controller"],
  ["poststarthook/bootstrap-controller"],
  ["poststarthook/ca-registration"],
  ["poststarthook/crd-informer-synced"],
  ["poststarthook/generic-apiserver-start-informers"],
  ["poststarthook/kube-apiserver-autoregistration"],
  ["poststarthook/rbac/bootstrap-roles", "poststarthook/bootstrap-roles"],
  ["poststarthook/scheduling/bootstrap-system-priority-classes", "poststarthook/bootstrap-system-priority-classes"],
  ["poststarthook/start-apiextensions-controllers"],
  ["poststarthook/start-apiextensions-informers"],
  ["poststarthook/start-kube-aggregator-informers"],
  ["poststarthook/start-kube-apiserver-admission-initializer"],
];

function healthRows(root: "healthz" | "livez" | "readyz"): Row[] {
  const rows: Row[] = [readRow(root, root)];
  for (const [sub, shown] of HEALTH_CHECKS) {
    rows.push(readRow(`${root}/${sub}`, sub.split("/").pop() ?? sub, titleCase(`${root}/${shown ?? sub}`)));
  }
  return rows;
}

function dataActionRows(): Row[] {
  const rows: Row[] = [];
  for (const [path, verbs] of K8S_RESOURCES) rows.push(...k8sResourceRows(path, verbs));
  rows.push(readRow("api", "api"), readRow("api/v1", "api/v1"), readRow("apis", "apis"));
  for (const [group, versions] of API_GROUPS) {
    rows.push(readRow(`apis/${group}`, group, titleCase(group)));
    for (const [v, what] of versions) rows.push(readRow(`apis/${group}/${v}`, what ?? `${group}/${v}`, titleCase(`${group}/${v}`)));
  }
  rows.push(...healthRows("healthz"), ...healthRows("livez"));
  rows.push(readRow("logs", "logs"), readRow("metrics", "metrics"), readRow("openapi/v2", "v2"));
  rows.push(...healthRows("readyz"), readRow("readyz/shutdown", "shutdown"));
  rows.push(readRow("resetMetrics", "resetMetrics"), readRow("swagger-ui", "swagger-ui"), readRow("swagger-api", "swagger-api"));
  rows.push(readRow("ui", "ui"), readRow("version", "version"));
  for (const path of [
    "policy/poddisruptionbudgets",
    "policy/podsecuritypolicies",
    "rbac.authorization.k8s.io/clusterrolebindings",
    "rbac.authorization.k8s.io/clusterroles",
    "rbac.authorization.k8s.io/rolebindings",
    "rbac.authorization.k8s.io/roles",
    "scheduling.k8s.io/priorityclasses",
  ]) {
    rows.push(...k8sResourceRows(path, "rwd"));
  }
  rows.push(
    ["managedClusters/policy/podsecuritypolicies/use/action", "Use action on podsecuritypolicies", "Use podsecuritypolicies resource", "Podsecuritypolicies"],
    ["managedClusters/rbac.authorization.k8s.io/clusterroles/bind/action", "Binds clusterroles", "Bind clusterroles resource", "Clusterroles"],
    ["managedClusters/rbac.authorization.k8s.io/clusterroles/escalate/action", "Escalates", "Escalate clusterroles resource", "Clusterroles"],
    ["managedClusters/rbac.authorization.k8s.io/roles/bind/action", "Binds roles", "Bind roles resource", "Roles"],
    ["managedClusters/rbac.authorization.k8s.io/roles/escalate/action", "Escalates roles", "Escalate roles resource", "Roles"],
    ["managedClusters/serviceaccounts/impersonate/action", "Impersonate serviceaccounts", "Impersonate serviceaccounts resource", "Serviceaccounts"],
    ["managedClusters/users/impersonate/action", "Impersonate users", "Impersonate users resource", "Users"],
    ["managedClusters/groups/impersonate/action", "Impersonate groups", "Impersonate groups resource", "Groups"],
    ["managedClusters/authentication.k8s.io/userextras/impersonate/action", "Impersonate userextras", "Impersonate userextras resource", "Userextras"],
  );
  for (const kind of ["storageclasses", "volumeattachments", "csidrivers", "csinodes"]) rows.push(...k8sResourceRows(`storage.k8s.io/${kind}`, "rwd"));
  return rows;
}

/** Every operation of the provider, in the order of the official example. */
export const CONTAINER_SERVICE_OPERATIONS: readonly OperationValue[] = Object.freeze([...ARM_OPERATIONS, ...dataActionRows(), ...TRAILING_OPERATIONS].map(op));

/** The managed-cluster operation names only (control plane), handy for RBAC checks and tests. */
export const MANAGED_CLUSTER_ACTIONS: readonly string[] = ARM_OPERATIONS.map(([name]) => `${NS}/${name}`).filter((n) => n.startsWith(`${MC}/`));

/** The response body of Operations_List: a fresh copy each call, so callers may not alter the table. */
export function containerServiceOperationsListBody(): { value: OperationValue[] } {
  return {
    value: CONTAINER_SERVICE_OPERATIONS.map((o) => ({ name: o.name, display: { ...o.display }, origin: o.origin })),
  };
}
