import type { OperationStyle } from "../../kit/lifecycle.js";
import type { ProviderContext } from "../context.js";
import { weakEtag, type Obj } from "./common.js";
import { networkAsyncHeaders, newNetworkOperation } from "./network-lro.js";

export const isDeleting = (resource: Obj | undefined): boolean => (resource?.["properties"] as Obj | undefined)?.["provisioningState"] === "Deleting";

/** The ETag a network-side body carries as `W/"<etag>"`. */
export const etagOf = (resource: Obj): string => String(resource["etag"]).replace(/^W\/"(.*)"$/, "$1");

/**
 * A finished PUT of a Network resource on the kit: Succeeded with a new ETag (Network changes the
 * ETag when provisioning completes: live VNet create answered one ETag, the GET after it another).
 * A delete started since leaves it Deleting.
 */
export function provisioned(resource: Obj, key: string, ctx: ProviderContext): Obj {
  if (isDeleting(resource)) return resource;
  (resource["properties"] as Obj)["provisioningState"] = "Succeeded";
  resource["etag"] = weakEtag(ctx.ids.guid("network-etag", key, etagOf(resource), ctx.clock.now()));
  return resource;
}

/**
 * Microsoft.Network's long-running PUT and DELETE on the kit (docs/sources.md "Network long-running
 * answers"; network-lro.ts): PUT answers 201/200 with the body `Updating`, `Azure-AsyncOperation`
 * (the request's api-version) and `Azure-AsyncNotification: Enabled`; DELETE 202 with
 * `Azure-AsyncOperation` and `Location`. Nothing is recorded under `--lro-duration 0`.
 */
export function networkStyle(kindPrefix: string): OperationStyle {
  return {
    kindPrefix,
    record: recordIn("network"),
    headers: (origin, op, verb) => networkAsyncHeaders(origin, op, verb === "delete"),
    inFlightState: () => "Updating",
  };
}

/**
 * Private DNS's long-running PUT and DELETE on the kit (docs/sources.md "Network long-running answers"; network-lro.ts):
 * 202 with body `{}` (PUT) or none (DELETE), `Azure-AsyncOperation: .../privateDnsOperationStatuses/<token>`
 * and `Location: .../privateDnsOperationResults/<token>` under the request's group, where the token
 * names the operation (`UpsertPrivateDnsZone`, ...).
 */
export function privateDnsStyle(kindPrefix: string, dnsOperations: { put: string; delete: string }): OperationStyle {
  return {
    kindPrefix,
    record: recordIn("privateDns", dnsOperations),
    headers: (origin, op) => networkAsyncHeaders(origin, op, true),
    inFlightState: (created) => (created ? "Creating" : "Updating"),
    acceptedPut: { status: 202, body: {} },
  };
}

/**
 * How both styles record an operation: its URLs name the subscription and group as the request
 * spelled them; a private DNS operation also carries its name (`UpsertPrivateDnsZone`, ...).
 */
function recordIn(style: "network" | "privateDns", dnsOperations?: { put: string; delete: string }): OperationStyle["record"] {
  return (ctx, { kind, key, location, apiVersion, generation, params }) =>
    newNetworkOperation(ctx, {
      kind,
      style,
      subscriptionId: params["subscriptionId"]!,
      location,
      resourceGroup: params["resourceGroupName"]!,
      resourceKey: key,
      ...(dnsOperations ? { dnsOperation: kind.endsWith(".delete") ? dnsOperations.delete : dnsOperations.put } : {}),
      apiVersion,
      generation,
    });
}
