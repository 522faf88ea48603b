import type { Route } from "../arm/router.js";
import type { OperationRecord, Write } from "../store/store.js";
import type { ProviderContext } from "./context.js";
import { privateEndpointConnectionCompleters, privateEndpointConnectionRoutes } from "./containerservice/private-endpoint-connections.js";
import { userAssignedIdentityRoutes } from "./managedidentity/user-assigned-identities.js";
import { asNet } from "./network/common.js";
import { networkOperationRoutes } from "./network/network-lro.js";
import { privateDnsCompleters, privateDnsRoutes, renderZone, ZONE_TYPE } from "./network/private-dns.js";
import { PRIVATE_ENDPOINT_TYPE, privateEndpointCompleters, privateEndpointRoutes, renderPrivateEndpoint } from "./network/private-endpoints.js";
import { renderSubnet, renderVnet, SUBNET_TYPE, virtualNetworkCompleters, virtualNetworkRoutes, VNET_TYPE } from "./network/virtual-networks.js";

/**
 * The private-networking side of the emulator in one place for src/app.ts: the network-side
 * providers (virtual networks and subnets, private endpoints, private DNS zones and links,
 * user-assigned identities), their operation URLs, and the managed cluster's
 * privateEndpointConnections.
 */

export function privateNetworkingRoutes(ctx: ProviderContext): Route[] {
  const render = async (key: string): Promise<unknown> => {
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
  };
  return [
    ...virtualNetworkRoutes(ctx),
    ...privateEndpointRoutes(ctx),
    ...privateDnsRoutes(ctx),
    ...networkOperationRoutes(ctx, render),
    ...userAssignedIdentityRoutes(ctx),
    ...privateEndpointConnectionRoutes(ctx),
  ];
}

export function privateNetworkingCompleters(ctx: ProviderContext): Record<string, (op: OperationRecord) => Promise<Write[]>> {
  return {
    ...virtualNetworkCompleters(ctx),
    ...privateEndpointCompleters(ctx),
    ...privateDnsCompleters(ctx),
    ...privateEndpointConnectionCompleters(ctx),
  };
}
