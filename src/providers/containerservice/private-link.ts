import type { IdGenerator } from "../../util/ids.js";
import type { Store, StoredResource } from "../../store/store.js";
import { parseResourceId } from "../../arm/resource-id.js";

/**
 * The private link service behind a private cluster's API server, and how other resources find
 * the cluster from it. Real AKS shows the service in an AKS-owned subscription and group:
 * `/subscriptions/<aks sub>/resourceGroups/hcp-underlay-<location>-cx-<n>/providers/Microsoft.Network/privateLinkServices/<32 hex>`
 * (docs/sources.md "Private link service id"); we derive every part from the cluster, so it is stable.
 */

export const PLS_INDEX_TYPE = "microsoft.network/privatelinkservices";
export const PRIVATE_ENDPOINT_CONNECTION_TYPE = "microsoft.containerservice/managedclusters/privateendpointconnections";
export const MANAGEMENT_GROUP_ID = "management";

/** The AKS-owned subscription that hosts the private link services (sanitised in recordings). */
const AKS_UNDERLAY_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

/**
 * The cluster's private link service id. `incarnation` names a service made again after the first:
 * a start of a stopped private cluster makes a new one (cluster-power.ts).
 */
export function privateLinkServiceIdFor(ids: IdGenerator, clusterKey: string, location: string, incarnation?: string): string {
  const seed = incarnation === undefined ? [clusterKey] : [clusterKey, incarnation];
  const n = parseInt(ids.hex(4, "underlay-cx", ...seed), 16) % 200;
  return `/subscriptions/${AKS_UNDERLAY_SUBSCRIPTION}/resourceGroups/hcp-underlay-${location}-cx-${n}/providers/Microsoft.Network/privateLinkServices/${ids.hex(32, "pls", ...seed)}`;
}

/** A store record that maps a private link service id back to its cluster. */
export function privateLinkServiceIndex(plsId: string, clusterKey: string): StoredResource {
  return {
    key: plsId.toLowerCase(),
    id: plsId,
    parentKey: clusterKey,
    subscriptionId: AKS_UNDERLAY_SUBSCRIPTION,
    type: PLS_INDEX_TYPE,
    etag: "1",
    body: { clusterKey },
  };
}

export function connectionKey(clusterKey: string, name: string): string {
  return `${clusterKey}/privateendpointconnections/${name.toLowerCase()}`;
}

/**
 * The cluster a private endpoint targets: `privateLinkServiceId` may be the cluster's own
 * resource id or its private link service id (both work against real AKS).
 */
export async function clusterForPrivateLinkTarget(store: Store, targetId: string): Promise<StoredResource | undefined> {
  const parsed = parseResourceId(targetId);
  if (!parsed) return undefined;
  const type = `${parsed.namespace}/${parsed.types.join("/")}`.toLowerCase();
  if (type === "microsoft.containerservice/managedclusters") {
    const key =
      `/subscriptions/${parsed.subscriptionId}/resourcegroups/${parsed.resourceGroup}/providers/microsoft.containerservice/managedclusters/${parsed.names[0]}`.toLowerCase();
    return store.get(key);
  }
  if (type === PLS_INDEX_TYPE) {
    const index = await store.get(targetId.toLowerCase());
    if (!index) return undefined;
    return store.get(String(index.body["clusterKey"]));
  }
  return undefined;
}
