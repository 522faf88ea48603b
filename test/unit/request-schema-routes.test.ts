import { test } from "node:test";
import assert from "node:assert/strict";
import { operationSchema } from "../../src/arm/request-schemas/validate-body.js";

/**
 * Which official operation describes each route that takes a body outside AKS (docs/fidelity.md
 * "Request body against the API definition: other namespaces"): the route's own path shape, else a
 * definition path whose parameter stands for the route's fixed segment (private DNS `{recordType}`),
 * else one whose leading `{scope}` stands for the route's scope; never `/{resourceId}`-style paths
 * made of a parameter alone (Resources_CreateOrUpdateById, RoleAssignments_CreateById).
 */

const SUB = "/subscriptions/:subscriptionId";
const RG = `${SUB}/resourceGroups/:resourceGroupName`;
const SCOPES = [
  SUB,
  RG,
  `${RG}/providers/:resourceProviderNamespace/:resourceType/:resourceName`,
  `${RG}/providers/:resourceProviderNamespace/:resourceType/:resourceName/:childType/:childName`,
  `${RG}/providers/:resourceProviderNamespace/:resourceType/:resourceName/:childType/:childName/:grandchildType/:grandchildName`,
];

const cases: [namespace: string, apiVersion: string, method: string, path: string, operationId: string | undefined][] = [
  ["Microsoft.Resources", "2025-04-01", "PUT", `${SUB}/resourcegroups/:resourceGroupName`, "ResourceGroups_CreateOrUpdate"],
  ["Microsoft.Resources", "2021-04-01", "PATCH", `${SUB}/resourcegroups/:resourceGroupName`, "ResourceGroups_Update"],
  ["Microsoft.Resources", "2022-09-01", "POST", `${SUB}/providers/:namespace/register`, "Providers_Register"],
  ["Microsoft.Resources", "2025-04-01", "POST", `${SUB}/providers/:namespace/unregister`, undefined],
  ["Microsoft.Network", "2020-06-01", "PUT", `${RG}/providers/Microsoft.Network/privateDnsZones/:privateZoneName`, "PrivateZones_CreateOrUpdate"],
  [
    "Microsoft.Network",
    "2018-09-01",
    "PUT",
    `${RG}/providers/Microsoft.Network/privateDnsZones/:privateZoneName/virtualNetworkLinks/:virtualNetworkLinkName`,
    "VirtualNetworkLinks_CreateOrUpdate",
  ],
  [
    "Microsoft.Network",
    "2020-06-01",
    "PUT",
    `${RG}/providers/Microsoft.Network/privateDnsZones/:privateZoneName/A/:relativeRecordSetName`,
    "RecordSets_CreateOrUpdate",
  ],
  [
    "Microsoft.Network",
    "2024-06-01",
    "PATCH",
    `${RG}/providers/Microsoft.Network/privateDnsZones/:privateZoneName/TXT/:relativeRecordSetName`,
    "RecordSets_Update",
  ],
  // Network's own types (2025-05-01; the private endpoint operations from the 2025-03-01 file filed under it, spec/PROVENANCE.md),
  // at the version az 2.45 sends too (2022-01-01: the nearest we have is 2025-05-01).
  ["Microsoft.Network", "2025-05-01", "PUT", `${RG}/providers/Microsoft.Network/virtualNetworks/:virtualNetworkName`, "VirtualNetworks_CreateOrUpdate"],
  [
    "Microsoft.Network",
    "2022-01-01",
    "PUT",
    `${RG}/providers/Microsoft.Network/virtualNetworks/:virtualNetworkName/subnets/:subnetName`,
    "Subnets_CreateOrUpdate",
  ],
  ["Microsoft.Network", "2025-05-01", "PUT", `${RG}/providers/Microsoft.Network/privateEndpoints/:privateEndpointName`, "PrivateEndpoints_CreateOrUpdate"],
  [
    "Microsoft.Network",
    "2025-05-01",
    "PUT",
    `${RG}/providers/Microsoft.Network/privateEndpoints/:privateEndpointName/privateDnsZoneGroups/:privateDnsZoneGroupName`,
    "PrivateDnsZoneGroups_CreateOrUpdate",
  ],
  ["Microsoft.Network", "2025-05-01", "PUT", `${RG}/providers/Microsoft.Network/networkInterfaces/:networkInterfaceName`, "NetworkInterfaces_CreateOrUpdate"],
  ["Microsoft.Network", "2025-05-01", "PATCH", `${RG}/providers/Microsoft.Network/networkInterfaces/:networkInterfaceName`, "NetworkInterfaces_UpdateTags"],
  [
    "Microsoft.ManagedIdentity",
    "2024-11-30",
    "PUT",
    `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/:resourceName`,
    "UserAssignedIdentities_CreateOrUpdate",
  ],
  [
    "Microsoft.ManagedIdentity",
    "2023-01-31",
    "PATCH",
    `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/:resourceName`,
    "UserAssignedIdentities_Update",
  ],
  ...SCOPES.map((scope): [string, string, string, string, string] => [
    "Microsoft.Authorization",
    "2022-04-01",
    "PUT",
    `${scope}/providers/Microsoft.Authorization/roleAssignments/:roleAssignmentName`,
    "RoleAssignments_Create",
  ]),
];

test("each non-AKS body route is described by its own operation of the definition", () => {
  const wrong = cases
    .map(([namespace, apiVersion, method, path, expected]) => ({
      path,
      method,
      expected,
      got: operationSchema(namespace, apiVersion, method, path)?.operationId,
    }))
    .filter((c) => c.got !== c.expected);
  assert.deepEqual(wrong, []);
});
