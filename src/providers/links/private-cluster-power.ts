import type { StoredResource, Write } from "../../store/store.js";
import { PRIVATE_ENDPOINT_CONNECTION_TYPE, privateLinkServiceIndex } from "../containerservice/private-link.js";
import type { ProviderContext } from "../context.js";
import { privateEndpointKey } from "../network/private-endpoints.js";
import { KUBE_APISERVER } from "./private-cluster.js";
import {
  AKS_AUTO_APPROVED,
  asConnection,
  connectionName,
  connectionRecord,
  type ConnectionState,
  type EntryChange,
  endpointEntriesWrite,
} from "./private-link-connections.js";

/**
 * What stopping and starting a private cluster does to its private link (containerservice/cluster-power.ts
 * calls these when the operation completes). AKS's documentation
 * (https://learn.microsoft.com/azure/aks/private-cluster-connect, "Use a private endpoint connection"):
 * "If the private cluster is stopped and restarted, the private cluster's original private link service is
 * removed and recreated, which breaks the connection between your private endpoint and the private cluster.
 * To resolve this issue, delete and recreate any user-created private endpoints linked to the private cluster."
 *
 * Stop: the service goes (its id no longer finds the cluster) and with it every connection on it: the
 * cluster lists none, and each endpoint shows `Disconnected`, as Network shows a connection its provider
 * removed (docs/fidelity.md "Private link across a stop and start").
 * Start: a new service with a new id; AKS's own `kube-apiserver` endpoint is connected to it again (a new
 * connection, approved by AKS); the users' endpoints stay `Disconnected` until they are made again.
 */

/** The cluster's connections, every page. */
async function clusterConnections(ctx: ProviderContext, clusterKey: string): Promise<StoredResource[]> {
  const out: StoredResource[] = [];
  let after: string | undefined;
  do {
    const page = await ctx.store.list({ type: PRIVATE_ENDPOINT_CONNECTION_TYPE, parentKey: clusterKey, limit: 500, after });
    out.push(...page.items);
    after = page.next;
  } while (after);
  return out;
}

/** The writes of a private cluster's stop: its private link service and every connection on it removed. */
export async function privateLinkServiceRemoved(ctx: ProviderContext, clusterKey: string, privateLinkServiceId: string): Promise<Write[]> {
  const writes: Write[] = [{ op: "delete", key: privateLinkServiceId.toLowerCase() }];
  // Each endpoint is written once, however many of its entries lose their connection.
  const byEndpoint = new Map<string, Map<string, EntryChange>>();
  for (const connection of await clusterConnections(ctx, clusterKey)) {
    const { meta } = asConnection(connection);
    writes.push({ op: "delete", key: connection.key, expect: { etag: connection.etag } });
    const changes = byEndpoint.get(meta.peKey) ?? new Map<string, EntryChange>();
    changes.set(meta.peConnectionName.toLowerCase(), { state: "gone" });
    byEndpoint.set(meta.peKey, changes);
  }
  for (const [peKey, changes] of byEndpoint) writes.push(...(await endpointEntriesWrite(ctx, peKey, changes)));
  return writes;
}

/** What a started private cluster's new private link service needs to know of the cluster. */
export interface RestartedCluster {
  clusterKey: string;
  clusterId: string;
  subscriptionId: string;
  nodeResourceGroup: string;
  /** The new service's id. */
  privateLinkServiceId: string;
}

/**
 * The writes of a private cluster's start: the new private link service (its id finds the cluster) and
 * AKS's own kube-apiserver endpoint connected to it by a new connection, approved by AKS.
 */
export async function privateLinkServiceRecreated(ctx: ProviderContext, c: RestartedCluster): Promise<Write[]> {
  const writes: Write[] = [{ op: "put", resource: privateLinkServiceIndex(c.privateLinkServiceId, c.clusterKey) }];
  const peKey = privateEndpointKey(c.subscriptionId, c.nodeResourceGroup, KUBE_APISERVER);
  const pe = await ctx.store.get(peKey);
  if (!pe) return writes;
  const state: ConnectionState = { status: "Approved", description: AKS_AUTO_APPROVED };
  const name = connectionName(ctx, peKey, KUBE_APISERVER, KUBE_APISERVER, c.clusterKey, c.privateLinkServiceId);
  const record = connectionRecord(ctx, {
    clusterKey: c.clusterKey,
    clusterId: c.clusterId,
    clusterSubscriptionId: c.subscriptionId,
    name,
    peKey,
    peId: pe.id,
    peConnectionName: KUBE_APISERVER,
    manual: false,
    state,
  });
  writes.push({ op: "put", resource: record, expect: { absent: true } });
  const relinked = { privateLinkServiceId: c.privateLinkServiceId, connectionKey: record.key };
  writes.push(...(await endpointEntriesWrite(ctx, peKey, new Map([[KUBE_APISERVER, { state, relinked }]]))));
  return writes;
}
