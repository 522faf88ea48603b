/**
 * Azure's built-in role definitions the emulator knows, with their real GUIDs and permissions, as
 * published in "Azure built-in roles" (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles,
 * pages General, Networking, Identity and Containers; source MicrosoftDocs/azure-docs
 * articles/role-based-access-control/built-in-roles/*.md). A role's id at a scope is
 * `<subscription>/providers/Microsoft.Authorization/roleDefinitions/<name>`.
 */

interface RolePermission {
  actions: readonly string[];
  notActions: readonly string[];
  dataActions: readonly string[];
  notDataActions: readonly string[];
}

export interface BuiltInRole {
  /** The definition's GUID (its `name`). */
  name: string;
  roleName: string;
  description: string;
  permissions: readonly RolePermission[];
}

const none: readonly string[] = [];
const control = (actions: readonly string[], notActions: readonly string[] = none): RolePermission[] => [
  { actions, notActions, dataActions: none, notDataActions: none },
];

const AKS_RBAC_ACTIONS = [
  "Microsoft.Authorization/*/read",
  "Microsoft.Resources/subscriptions/operationresults/read",
  "Microsoft.Resources/subscriptions/read",
  "Microsoft.Resources/subscriptions/resourceGroups/read",
];
const MC = "Microsoft.ContainerService/managedClusters";

export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
  {
    name: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    roleName: "Owner",
    description: "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.",
    permissions: control(["*"]),
  },
  {
    name: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    roleName: "Contributor",
    description:
      "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.",
    permissions: control(
      ["*"],
      [
        "Microsoft.Authorization/*/Delete",
        "Microsoft.Authorization/*/Write",
        "Microsoft.Authorization/elevateAccess/Action",
        "Microsoft.Blueprint/blueprintAssignments/write",
        "Microsoft.Blueprint/blueprintAssignments/delete",
        "Microsoft.Compute/galleries/share/action",
        "Microsoft.Purview/consents/write",
        "Microsoft.Purview/consents/delete",
      ],
    ),
  },
  {
    name: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    roleName: "Reader",
    description: "View all resources, but does not allow you to make any changes.",
    permissions: control(["*/read"]),
  },
  {
    name: "4d97b98b-1d4f-4787-a291-c67834d212e7",
    roleName: "Network Contributor",
    description: "Lets you manage networks, but not access to them.",
    permissions: control([
      "Microsoft.Authorization/*/read",
      "Microsoft.Insights/alertRules/*",
      "Microsoft.Network/*",
      "Microsoft.ResourceHealth/availabilityStatuses/read",
      "Microsoft.Resources/deployments/*",
      "Microsoft.Resources/subscriptions/resourceGroups/read",
      "Microsoft.Support/*",
    ]),
  },
  {
    name: "b12aa53e-6015-4669-85d0-8515ebb3ae7f",
    roleName: "Private DNS Zone Contributor",
    description: "Lets you manage private DNS zone resources, but not the virtual networks they are linked to.",
    permissions: control([
      "Microsoft.Insights/alertRules/*",
      "Microsoft.Resources/deployments/*",
      "Microsoft.Resources/subscriptions/resourceGroups/read",
      "Microsoft.Support/*",
      "Microsoft.Network/privateDnsZones/*",
      "Microsoft.Network/privateDnsOperationResults/*",
      "Microsoft.Network/privateDnsOperationStatuses/*",
      "Microsoft.Network/virtualNetworks/read",
      "Microsoft.Network/virtualNetworks/join/action",
      "Microsoft.Authorization/*/read",
    ]),
  },
  {
    name: "f1a07417-d97a-45cb-824c-7a7467783830",
    roleName: "Managed Identity Operator",
    description: "Read and Assign User Assigned Identity",
    permissions: control([
      "Microsoft.ManagedIdentity/userAssignedIdentities/*/read",
      "Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action",
      "Microsoft.Authorization/*/read",
      "Microsoft.Insights/alertRules/*",
      "Microsoft.Resources/subscriptions/resourceGroups/read",
      "Microsoft.Resources/deployments/*",
      "Microsoft.Support/*",
    ]),
  },
  {
    name: "0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8",
    roleName: "Azure Kubernetes Service Cluster Admin Role",
    description: "List cluster admin credential action.",
    permissions: control([`${MC}/listClusterAdminCredential/action`, `${MC}/accessProfiles/listCredential/action`, `${MC}/read`, `${MC}/runcommand/action`]),
  },
  {
    name: "4abbcc35-e782-43d8-92c5-2d3f1bd2253f",
    roleName: "Azure Kubernetes Service Cluster User Role",
    description: "List cluster user credential action.",
    permissions: control([`${MC}/listClusterUserCredential/action`, `${MC}/read`]),
  },
  {
    name: "ed7f3fbd-7b88-4dd4-9017-9adb7ce333f8",
    roleName: "Azure Kubernetes Service Contributor Role",
    description: "Grants access to read and write Azure Kubernetes Service clusters",
    permissions: control([`${MC}/read`, `${MC}/write`, "Microsoft.Resources/deployments/*"]),
  },
  {
    name: "3498e952-d568-435e-9b2c-8d77e338d7f7",
    roleName: "Azure Kubernetes Service RBAC Admin",
    description: "Lets you manage all resources under cluster/namespace, except update or delete resource quotas and namespaces.",
    permissions: [
      {
        actions: [...AKS_RBAC_ACTIONS, `${MC}/listClusterUserCredential/action`],
        notActions: none,
        dataActions: [`${MC}/*`],
        notDataActions: [`${MC}/resourcequotas/write`, `${MC}/resourcequotas/delete`, `${MC}/namespaces/write`, `${MC}/namespaces/delete`],
      },
    ],
  },
  {
    name: "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
    roleName: "Azure Kubernetes Service RBAC Cluster Admin",
    description: "Lets you manage all resources in the cluster.",
    permissions: [
      { actions: [...AKS_RBAC_ACTIONS, `${MC}/listClusterUserCredential/action`], notActions: none, dataActions: [`${MC}/*`], notDataActions: none },
    ],
  },
  {
    name: "7f6c6a51-bcf8-42ba-9220-52d62157d7db",
    roleName: "Azure Kubernetes Service RBAC Reader",
    description:
      "Allows read-only access to see most objects in a namespace. It does not allow viewing roles or role bindings. This role does not allow viewing Secrets, since reading the contents of Secrets enables access to ServiceAccount credentials in the namespace, which would allow API access as any ServiceAccount in the namespace (a form of privilege escalation). Applying this role at cluster scope will give access across all namespaces.",
    permissions: [
      {
        actions: AKS_RBAC_ACTIONS,
        notActions: none,
        dataActions: [
          "apps/controllerrevisions/read",
          "apps/daemonsets/read",
          "apps/deployments/read",
          "apps/replicasets/read",
          "apps/statefulsets/read",
          "autoscaling/horizontalpodautoscalers/read",
          "batch/cronjobs/read",
          "batch/jobs/read",
          "configmaps/read",
          "discovery.k8s.io/endpointslices/read",
          "endpoints/read",
          "events.k8s.io/events/read",
          "events/read",
          "extensions/daemonsets/read",
          "extensions/deployments/read",
          "extensions/ingresses/read",
          "extensions/networkpolicies/read",
          "extensions/replicasets/read",
          "limitranges/read",
          "metrics.k8s.io/pods/read",
          "metrics.k8s.io/nodes/read",
          "namespaces/read",
          "networking.k8s.io/ingresses/read",
          "networking.k8s.io/networkpolicies/read",
          "persistentvolumeclaims/read",
          "pods/read",
          "policy/poddisruptionbudgets/read",
          "replicationcontrollers/read",
          "resourcequotas/read",
          "serviceaccounts/read",
          "services/read",
        ].map((a) => `${MC}/${a}`),
        notDataActions: none,
      },
    ],
  },
  {
    name: "a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb",
    roleName: "Azure Kubernetes Service RBAC Writer",
    description:
      "Allows read/write access to most objects in a namespace.This role does not allow viewing or modifying roles or role bindings. However, this role allows accessing Secrets and running Pods as any ServiceAccount in the namespace, so it can be used to gain the API access levels of any ServiceAccount in the namespace. Applying this role at cluster scope will give access across all namespaces.",
    permissions: [
      {
        actions: AKS_RBAC_ACTIONS,
        notActions: none,
        dataActions: [
          "apps/controllerrevisions/read",
          "apps/daemonsets/*",
          "apps/deployments/*",
          "apps/replicasets/*",
          "apps/statefulsets/*",
          "autoscaling/horizontalpodautoscalers/*",
          "batch/cronjobs/*",
          "coordination.k8s.io/leases/read",
          "coordination.k8s.io/leases/write",
          "coordination.k8s.io/leases/delete",
          "discovery.k8s.io/endpointslices/read",
          "batch/jobs/*",
          "configmaps/*",
          "endpoints/*",
          "events.k8s.io/events/read",
          "events/*",
          "extensions/daemonsets/*",
          "extensions/deployments/*",
          "extensions/ingresses/*",
          "extensions/networkpolicies/*",
          "extensions/replicasets/*",
          "limitranges/read",
          "metrics.k8s.io/pods/read",
          "metrics.k8s.io/nodes/read",
          "namespaces/read",
          "networking.k8s.io/ingresses/*",
          "networking.k8s.io/networkpolicies/*",
          "persistentvolumeclaims/*",
          "pods/*",
          "policy/poddisruptionbudgets/*",
          "replicationcontrollers/*",
          "resourcequotas/read",
          "secrets/*",
          "serviceaccounts/*",
          "services/*",
        ].map((a) => `${MC}/${a}`),
        notDataActions: none,
      },
    ],
  },
];

/** A built-in role by its GUID or its name (any casing). */
export function builtInRole(nameOrGuid: string): BuiltInRole | undefined {
  const key = nameOrGuid.toLowerCase();
  return BUILT_IN_ROLES.find((r) => r.name === key || r.roleName.toLowerCase() === key);
}
