/**
 * The api-versions ARM accepts, per namespace and resource type. Each resource type's declaration
 * names its list (src/providers/registrations.ts); the envelope checks requests against it.
 * Facts only; sources are noted next to each list and in docs/research-notes.md.
 *
 * ORDER. Each list is stored in the order real ARM prints it in its error message, because the
 * envelope joins the list as-is:
 * - Types served by a resource provider (NoRegisteredProviderFound) are printed OLDEST FIRST,
 *   in manifest (registration) order, e.g. for managedClusters:
 *   "The supported api-versions are '2017-08-31, 2018-03-31, 2019-02-01, ...'"
 *   (Azure/azure-cli#28368, Azure/AKS-Landing-Zone-Accelerator#122, Azure/azure-sdk-for-node#4388).
 *   Registration order is almost ascending; the one out-of-place entry seen live ('2022-05-01',
 *   listed after '2023-11-02-preview' in 2024) is kept in sorted position here.
 * - ARM's own endpoints (Microsoft.Resources: resource groups, subscriptions, providers;
 *   InvalidApiVersionParameter) are printed NEWEST FIRST, verbatim order below
 *   (Azure/azure-cli#31964, 2025; Azure/bicep#17091).
 * Separators differ too: NoRegisteredProviderFound uses ", "; the 2025 InvalidApiVersionParameter
 * and InvalidResourceType messages use "," without a space (older ones had ", ").
 */

/**
 * Microsoft.ContainerService (managedClusters and its children, locations/*, operations).
 * Every stable and preview AKS folder of Azure/azure-rest-api-specs (131 entries, found from
 * Azure/azure-rest-api-specs aks/readme.md @bff4b7a1 plus folder probes; it already holds
 * 2026-06-01, the version @azure/arm-containerservice 25.5.0 sends), plus two versions that real
 * ARM lists for managedClusters although no spec folder exists: 2022-05-01 and 2022-08-01
 * (Azure/azure-cli#28368, 2024).
 * Known differences from live ARM (deliberately more lenient): live managedClusters starts at
 * 2017-08-31 (2016-03-30..2017-07-01 were containerServices-only) and retired previews are refused
 * (e.g. 2022-03-02-preview in 2024, 2024-09-02-preview after 2026-07-01).
 */
// biome-ignore format: laid out as a table, in the order ARM prints it
export const CONTAINER_SERVICE_API_VERSIONS: readonly string[] = [
  "2016-03-30", "2016-09-30", "2017-01-31", "2017-07-01", "2017-08-31", "2017-09-30",
  "2018-03-31", "2018-08-01-preview", "2018-09-30-preview", "2019-02-01", "2019-04-01", "2019-04-30",
  "2019-06-01", "2019-08-01", "2019-09-30", "2019-10-01", "2019-10-27-preview", "2019-11-01",
  "2020-01-01", "2020-02-01", "2020-03-01", "2020-04-01", "2020-06-01", "2020-07-01",
  "2020-09-01", "2020-11-01", "2020-12-01", "2021-02-01", "2021-03-01", "2021-05-01",
  "2021-07-01", "2021-08-01", "2021-09-01", "2021-10-01", "2021-11-01-preview", "2022-01-01",
  "2022-01-02-preview", "2022-02-01", "2022-02-02-preview", "2022-03-01", "2022-03-02-preview", "2022-04-01",
  "2022-04-02-preview", "2022-05-01", "2022-05-02-preview", "2022-06-01", "2022-06-02-preview", "2022-07-01",
  "2022-07-02-preview", "2022-08-01", "2022-08-02-preview", "2022-08-03-preview", "2022-09-01", "2022-09-02-preview",
  "2022-10-02-preview", "2022-11-01", "2022-11-02-preview", "2023-01-01", "2023-01-02-preview", "2023-02-01",
  "2023-02-02-preview", "2023-03-01", "2023-03-02-preview", "2023-04-01", "2023-04-02-preview", "2023-05-01",
  "2023-05-02-preview", "2023-06-01", "2023-06-02-preview", "2023-07-01", "2023-07-02-preview", "2023-08-01",
  "2023-08-02-preview", "2023-09-01", "2023-09-02-preview", "2023-10-01", "2023-10-02-preview", "2023-11-01",
  "2023-11-02-preview", "2024-01-01", "2024-01-02-preview", "2024-02-01", "2024-02-02-preview", "2024-03-02-preview",
  "2024-04-02-preview", "2024-05-01", "2024-05-02-preview", "2024-06-02-preview", "2024-07-01", "2024-07-02-preview",
  "2024-08-01", "2024-09-01", "2024-09-02-preview", "2024-10-01", "2024-10-02-preview", "2025-01-01",
  "2025-01-02-preview", "2025-02-01", "2025-02-02-preview", "2025-03-01", "2025-03-02-preview", "2025-04-01",
  "2025-04-02-preview", "2025-05-01", "2025-05-02-preview", "2025-06-01", "2025-06-02-preview", "2025-07-01",
  "2025-07-02-preview", "2025-08-01", "2025-08-02-preview", "2025-09-01", "2025-09-02-preview", "2025-10-01",
  "2025-10-02-preview", "2026-01-01", "2026-01-02-preview", "2026-02-01", "2026-02-02-preview", "2026-03-01",
  "2026-03-02-preview", "2026-04-01", "2026-04-02-preview", "2026-05-01", "2026-05-02-preview", "2026-06-01",
  "2026-06-02-preview", "2026-07-01", "2026-07-02-preview", "2026-08-01", "2026-08-02-preview", "2026-10-01",
  "2026-10-02-preview"
];

/**
 * Microsoft.ContainerService locations/trustedAccessRoles and managedClusters/trustedAccessRoleBindings:
 * trusted access came with 2022-04-02-preview (Azure/azure-rest-api-specs#18708) and became stable
 * with 2023-09-01; Pulumi's azure-native lists exactly those versions for the type
 * (https://www.pulumi.com/registry/packages/azure-native/api-docs/containerservice/trustedaccessrolebinding/,
 * "Other available API versions"). 2022-11-01 (Python 21.1.0, az 2.45) has neither.
 */
export const TRUSTED_ACCESS_API_VERSIONS: readonly string[] = CONTAINER_SERVICE_API_VERSIONS.filter((v) =>
  v.endsWith("-preview") ? v >= "2022-04-02-preview" : v >= "2023-09-01",
);

/**
 * Microsoft.ContainerService locations/operations and locations/operationresults (the LRO status
 * URLs). Live ARM: "The resource type 'locations/operations' could not be found in the namespace
 * 'Microsoft.ContainerService' for api version '2022-04-01'. The supported api-versions are
 * '2016-03-30,2017-08-31'" (Azure/autorest.csharp#2571, 2022). AKS itself writes 2016-03-30 into its
 * Azure-AsyncOperation URLs (older ones: 2017-08-31). In 2017 the list also had 2015-11-01-preview
 * .. 2017-07-01 (Azure/azure-cli#4863); those are gone.
 */
export const CONTAINER_SERVICE_OPERATION_STATUS_API_VERSIONS: readonly string[] = ["2016-03-30", "2017-08-31"];

/**
 * Microsoft.Resources (ARM's own endpoints: resourceGroups, subscriptions, subscriptions/locations,
 * providers, tenants, operationresults, deployments). One list, newest first, verbatim from a live
 * InvalidApiVersionParameter message (Azure/azure-cli#31964, az 2.76, 2025):
 * it covers the resources.json folders (2015-11-01 .. 2025-04-01, Azure/azure-rest-api-specs
 * Microsoft.Resources/resources/readme.md) and the subscriptions.json folders (2016-06-01,
 * 2018-06-01, 2019-06-01, 2019-11-01, 2020-01-01, 2021-01-01, 2022-12-01, .../subscriptions/readme.md).
 * Includes 2022-09-01 and 2025-04-01 (@azure/arm-resources 7) and 2019-11-01 / 2021-01-01 (az 2.45).
 * '2014-04' and the out-of-order '2014-02-26' are as ARM prints them.
 */
// biome-ignore format: laid out as a table, in the order ARM prints it
export const RESOURCES_API_VERSIONS: readonly string[] = [
  "2025-04-01", "2025-03-01", "2024-10-01-preview", "2024-11-01", "2024-08-01", "2024-07-01",
  "2024-06-01-preview", "2024-03-01", "2023-07-01", "2023-07-01-preview", "2023-03-01-preview", "2022-12-01",
  "2022-11-01-preview", "2022-09-01", "2022-06-01", "2022-05-01", "2022-03-01-preview", "2022-01-01",
  "2021-04-01", "2021-01-01", "2020-10-01", "2020-09-01", "2020-08-01", "2020-07-01",
  "2020-06-01", "2020-05-01", "2020-01-01", "2019-11-01", "2019-10-01", "2019-09-01",
  "2019-08-01", "2019-07-01", "2019-06-01", "2019-05-10", "2019-05-01", "2019-03-01",
  "2018-11-01", "2018-09-01", "2018-08-01", "2018-07-01", "2018-06-01", "2018-05-01",
  "2018-02-01", "2018-01-01", "2017-12-01", "2017-08-01", "2017-06-01", "2017-05-10",
  "2017-05-01", "2017-03-01", "2016-09-01", "2016-07-01", "2016-06-01", "2016-02-01",
  "2015-11-01", "2015-01-01", "2014-04-01-preview", "2014-04-01", "2014-01-01", "2013-03-01",
  "2014-02-26", "2014-04",
];

/**
 * Microsoft.Network/privateEndpoints (and privateEndpoints/privateDnsZoneGroups), oldest first.
 * 2019-02-01 .. 2023-04-01: verbatim from a live NoRegisteredProviderFound message for
 * 'privateEndpoints' (Azure/azure-cli#27010, 2023-07). 2023-05-01 .. 2025-05-01: Pulumi azure-native
 * 3.13 "Other available API versions" for network/PrivateEndpoint (pulumi.com registry, 2026-01).
 * 2025-07-01: learn.microsoft.com templates page (latest) and spec folder
 * Microsoft.Network/stable/2025-07-01/privateEndpoint.json @445fcb88. 2025-09-01: default tag of
 * Microsoft.Network/Network/readme.md @0006c246. 2026-01-01: spec folder
 * Microsoft.Network/stable/2026-01-01/privateEndpoint.json @c32f85eb.
 * @azure/arm-network 36 sends 2025-05-01.
 */
// biome-ignore format: laid out as a table, in the order ARM prints it
export const NETWORK_PRIVATE_ENDPOINT_API_VERSIONS: readonly string[] = [
  "2019-02-01", "2019-04-01", "2019-06-01", "2019-07-01", "2019-08-01", "2019-09-01",
  "2019-11-01", "2019-12-01", "2020-01-01", "2020-03-01", "2020-04-01", "2020-05-01",
  "2020-06-01", "2020-07-01", "2020-08-01", "2020-11-01", "2021-01-01", "2021-02-01",
  "2021-03-01", "2021-04-01", "2021-05-01", "2021-06-01", "2021-08-01", "2021-12-01",
  "2022-01-01", "2022-05-01", "2022-07-01", "2022-09-01", "2022-11-01", "2023-02-01",
  "2023-04-01", "2023-05-01", "2023-06-01", "2023-09-01", "2023-11-01", "2024-01-01",
  "2024-03-01", "2024-05-01", "2024-07-01", "2024-10-01", "2025-01-01", "2025-03-01",
  "2025-05-01", "2025-07-01", "2025-09-01", "2026-01-01",
];

/**
 * Other Microsoft.Network types we may serve (virtualNetworks, subnets, networkInterfaces,
 * privateLinkServices, locations/operations, locations/operationResults): the older network
 * versions, verbatim from a live NoRegisteredProviderFound message for 'networkInterfaces'
 * (Azure/azure-cli#28496, 2024: '2014-12-01-preview, 2015-05-01-preview, 2015-06-15, 2016-03-30, ...'),
 * followed by the private-endpoint list. The exact per-type set is UNCONFIRMED (each type has
 * its own manifest list); this is the union, oldest first.
 */
// biome-ignore format: laid out as a table, in the order ARM prints it
export const NETWORK_API_VERSIONS: readonly string[] = [
  "2014-12-01-preview", "2015-05-01-preview", "2015-06-15", "2016-03-30", "2016-06-01", "2016-07-01",
  "2016-08-01", "2016-09-01", "2016-10-01", "2016-11-01", "2016-12-01", "2017-03-01",
  "2017-04-01", "2017-06-01", "2017-08-01", "2017-09-01", "2017-10-01", "2017-11-01",
  "2018-01-01", "2018-02-01", "2018-03-01", "2018-04-01", "2018-05-01", "2018-06-01",
  "2018-07-01", "2018-08-01", "2018-10-01", "2018-11-01", "2018-12-01",
  ...NETWORK_PRIVATE_ENDPOINT_API_VERSIONS,
];

/**
 * Microsoft.Network/privateDnsZones and its children (virtualNetworkLinks, record sets), oldest
 * first: the stable folders of specification/privatedns/resource-manager/Microsoft.Network/PrivateDns
 * (readme.md @53804e22: 2018-09-01, 2020-01-01, 2020-06-01, 2024-06-01; the default tag there is
 * 2026-06-01-preview, a preview folder).
 */
// biome-ignore format: laid out as a table, in the order ARM prints it
export const PRIVATE_DNS_API_VERSIONS: readonly string[] = [
  "2018-09-01", "2020-01-01", "2020-06-01", "2024-06-01", "2026-06-01-preview",
];

/**
 * Microsoft.ManagedIdentity (userAssignedIdentities, identities, federatedIdentityCredentials),
 * oldest first: every tag in specification/msi/resource-manager/Microsoft.ManagedIdentity/
 * ManagedIdentity/readme.md @6192b16c (stable 2018-11-30, 2023-01-31, 2024-11-30, 2026-05-31;
 * previews 2015-08-31, 2021-09-30, 2022-01-31, 2023-07-31, 2025-01-31, 2025-05-31).
 */
// biome-ignore format: laid out as a table, in the order ARM prints it
export const MANAGED_IDENTITY_API_VERSIONS: readonly string[] = [
  "2015-08-31-preview", "2018-11-30", "2021-09-30-preview", "2022-01-31-preview", "2023-01-31",
  "2023-07-31-preview", "2024-11-30", "2025-01-31-preview", "2025-05-31-preview", "2026-05-31",
];
