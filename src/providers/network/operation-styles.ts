import type { OperationStyle } from "../../kit/lifecycle.js";
import { networkAsyncHeaders, newNetworkOperation } from "./network-lro.js";

/**
 * Private DNS's long-running PUT and DELETE on the kit (docs/sources.md "Network long-running answers"; network-lro.ts):
 * 202 with body `{}` (PUT) or none (DELETE), `Azure-AsyncOperation: .../privateDnsOperationStatuses/<token>`
 * and `Location: .../privateDnsOperationResults/<token>` under the request's group, where the token
 * names the operation (`UpsertPrivateDnsZone`, ...).
 */
export function privateDnsStyle(kindPrefix: string, dnsOperations: { put: string; delete: string }): OperationStyle {
  return {
    kindPrefix,
    record: (ctx, { kind, key, location, apiVersion, generation, params }) =>
      newNetworkOperation(ctx, {
        kind,
        style: "privateDns",
        // The URLs name the subscription and group as the request spelled them.
        subscriptionId: params["subscriptionId"]!,
        location,
        resourceGroup: params["resourceGroupName"]!,
        resourceKey: key,
        dnsOperation: kind.endsWith(".delete") ? dnsOperations.delete : dnsOperations.put,
        apiVersion,
        generation,
      }),
    headers: (origin, op) => networkAsyncHeaders(origin, op, true),
    inFlightState: (created) => (created ? "Creating" : "Updating"),
    acceptedPut: { status: 202, body: {} },
  };
}
