import type { ResourceTypeDeclaration } from "../kit/declaration.js";
import * as containerService from "./containerservice/types.js";
import { agentPoolsType } from "./containerservice/agent-pools.js";
import { machinesType } from "./containerservice/machines.js";
import { snapshotsType } from "./containerservice/snapshots.js";
import { trustedAccessRoleBindingsType, trustedAccessRolesType } from "./containerservice/trusted-access.js";
import { osOptionsType } from "./containerservice/os-options.js";
import { maintenanceConfigurationsType } from "./containerservice/maintenance-configurations.js";
import { kubernetesVersionsType, orchestratorsType, upgradeProfilesType } from "./containerservice/version-listings.js";
import { identityBindingsType } from "./containerservice/identity-bindings.js";
import { managedNamespacesType } from "./containerservice/managed-namespaces.js";
import { meshRevisionProfilesType } from "./containerservice/mesh-profiles.js";
import { privateEndpointConnectionsType } from "./containerservice/private-endpoint-connections.js";
import { userAssignedIdentitiesType } from "./managedidentity/user-assigned-identities.js";
import { privateDnsZonesType, virtualNetworkLinksType } from "./network/private-dns.js";
import { allRecordSetsType, recordSetTypes } from "./network/private-dns-records.js";
import { privateEndpointsType } from "./network/private-endpoints.js";
import { networkInterfacesType } from "./network/network-interfaces.js";
import { privateDnsZoneGroupsType } from "./network/private-dns-zone-groups.js";
import * as network from "./network/types.js";
import { subnetsType, virtualNetworksType } from "./network/virtual-networks.js";
import { resourceGroupsType } from "./resources/resource-groups.js";
import { roleAssignmentsType, roleDefinitionsType } from "./authorization/types.js";
import * as resources from "./resources/types.js";

/**
 * Every resource type the emulator serves, one line each. The route table, provider registration,
 * operation completers, group cascade and the README's table of what is served come from here
 * (src/kit/registry.ts). Within a namespace, the order is the provider registration answer's.
 */
export const RESOURCE_TYPES: readonly ResourceTypeDeclaration[] = [
  containerService.managedClustersType,
  privateEndpointConnectionsType,
  containerService.privateLinkResourcesType,
  maintenanceConfigurationsType,
  agentPoolsType,
  machinesType,
  snapshotsType,
  managedNamespacesType,
  identityBindingsType,
  trustedAccessRoleBindingsType,
  upgradeProfilesType,
  containerService.locationsType,
  kubernetesVersionsType,
  orchestratorsType,
  meshRevisionProfilesType,
  osOptionsType,
  trustedAccessRolesType,
  containerService.operationStatusType,
  containerService.operationResultType,
  containerService.operationsListType,
  privateEndpointsType,
  privateDnsZoneGroupsType,
  networkInterfacesType,
  virtualNetworksType,
  subnetsType,
  privateDnsZonesType,
  virtualNetworkLinksType,
  ...recordSetTypes,
  allRecordSetsType,
  network.networkOperationStatusType,
  network.networkOperationResultType,
  network.privateDnsOperationStatusType,
  network.privateDnsOperationResultType,
  userAssignedIdentitiesType,
  resourceGroupsType,
  resources.subscriptionsType,
  resources.providersType,
  resources.genericResourcesType,
  roleAssignmentsType,
  roleDefinitionsType,
];

/** The directory's service principals that stored resources stand for (the Graph calls az makes, src/identity/graph.ts). */
export { storedServicePrincipals } from "./links/directory.js";
