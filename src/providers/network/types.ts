import { NETWORK_API_VERSIONS, PRIVATE_DNS_API_VERSIONS } from "../../arm/api-versions.js";
import type { ResourceTypeDeclaration } from "../../kit/declaration.js";
import type { ProviderContext } from "../context.js";
import { asNet, NETWORK_NAMESPACE } from "./common.js";
import { networkOperationRoutes } from "./network-lro.js";
import { renderZone, ZONE_TYPE } from "./private-dns.js";
import { PRIVATE_ENDPOINT_TYPE, renderPrivateEndpoint } from "./private-endpoints.js";
import { renderSubnet, renderVnet, SUBNET_TYPE, VNET_TYPE } from "./virtual-networks.js";

/** Microsoft.Network's operation URLs (its resource types are on the kit: virtual-networks.ts, private-endpoints.ts, private-dns.ts). */

/** The current answer body of a network-side resource, for a finished PUT's operation result. */
async function renderNetworkResource(ctx: ProviderContext, key: string): Promise<unknown> {
  const stored = await ctx.store.get(key);
  if (!stored) return undefined;
  switch (stored.type) {
    case VNET_TYPE.toLowerCase():
      return renderVnet(ctx, stored);
    case SUBNET_TYPE.toLowerCase():
      return renderSubnet(ctx, stored);
    case PRIVATE_ENDPOINT_TYPE.toLowerCase():
      return renderPrivateEndpoint(ctx, stored);
    case ZONE_TYPE.toLowerCase():
      return renderZone(ctx, stored);
    default:
      return asNet(stored).resource;
  }
}

/** Network's operation URLs (both styles: locations/* and the private DNS ones). */
export const networkOperationStatusType: ResourceTypeDeclaration = {
  namespace: NETWORK_NAMESPACE,
  type: "locations/operations",
  apiVersions: NETWORK_API_VERSIONS,
  registration: "none",
  routes: (ctx) => networkOperationRoutes(ctx, (key) => renderNetworkResource(ctx, key)),
};

export const networkOperationResultType: ResourceTypeDeclaration = {
  namespace: NETWORK_NAMESPACE,
  type: "locations/operationResults",
  apiVersions: NETWORK_API_VERSIONS,
  registration: "none",
};

// The private DNS operation URLs carry the zone's api-version.
export const privateDnsOperationStatusType: ResourceTypeDeclaration = {
  namespace: NETWORK_NAMESPACE,
  type: "privateDnsOperationStatuses",
  apiVersions: PRIVATE_DNS_API_VERSIONS,
  registration: "none",
};

export const privateDnsOperationResultType: ResourceTypeDeclaration = {
  namespace: NETWORK_NAMESPACE,
  type: "privateDnsOperationResults",
  apiVersions: PRIVATE_DNS_API_VERSIONS,
  registration: "none",
};
