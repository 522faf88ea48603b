import type { StoredResource, Write } from "../../store/store.js";
import { connectionKey, PRIVATE_ENDPOINT_CONNECTION_TYPE } from "../containerservice/private-link.js";
import type { ProviderContext } from "../context.js";
import { asNet, netRecord, weakEtag, type Obj } from "../network/common.js";

/**
 * The two halves of a private link connection and how each shows the other's state: the one place
 * the cluster's side (containerservice/private-endpoint-connections.ts) and the endpoint's side
 * (network/private-endpoints.ts) both write through.
 *
 * Provider side: a child of the managed cluster at `connectionKey(clusterKey, name)` (type
 * microsoft.containerservice/managedclusters/privateendpointconnections), named `<peName>.<guid>`.
 * It holds the connection state (status, description): the one source of truth.
 * Consumer side: the private endpoint's `privateLinkServiceConnections[]` /
 * `manualPrivateLinkServiceConnections[]` entries. Each keeps the last state it saw (written in the
 * same commit whenever the provider side changes) and is answered with the provider side's current
 * state; when the provider side is gone (connection deleted, cluster deleted) the endpoint shows
 * `Disconnected` (docs/fidelity.md "Endpoint side of a removed connection").
 */

/**
 * `type` of a cluster-side connection: the Network type that the only live capture (2021,
 * docs/sources.md "AKS's own private endpoint connection") and the List/Get examples show; `id` is the plural `managedClusters`
 * form of the 2026-03-01 Update example, the only valid ARM id among the examples (docs/fidelity.md
 * "Private endpoint connection type and id").
 */
const PEC_TYPE = "Microsoft.Network/privateLinkServices/privateEndpointConnections";

export const AUTO_APPROVED = "Auto-approved";
/** AKS's own kube-apiserver connection (Bicep export, docs/sources.md "AKS's own private endpoint connection"). */
export const AKS_AUTO_APPROVED = "Auto Approved";

export interface ConnectionState {
  status: string;
  description: string;
}

/** What a cluster-side connection remembers about its endpoint. */
export interface ConnectionMeta {
  /** Store key and id of the private endpoint. */
  peKey: string;
  peId: string;
  /** Name of the entry in the endpoint's connection arrays. */
  peConnectionName: string;
  manual: boolean;
  generation: number;
}

export function asConnection(stored: StoredResource): { resource: Obj; meta: ConnectionMeta } {
  return stored.body as unknown as { resource: Obj; meta: ConnectionMeta };
}

function connectionState(stored: StoredResource): ConnectionState {
  const props = asConnection(stored).resource["properties"] as Obj;
  const s = props["privateLinkServiceConnectionState"] as Obj;
  return { status: String(s["status"]), description: typeof s["description"] === "string" ? s["description"] : "" };
}

/**
 * The name AKS gives a connection: `<private endpoint name>.<guid>`; `incarnation` names a connection
 * made again on a new private link service (a started cluster's own, private-cluster-power.ts).
 */
export function connectionName(ctx: ProviderContext, peKey: string, peName: string, entryName: string, clusterKey: string, incarnation?: string): string {
  const seed = incarnation === undefined ? [peKey, entryName, clusterKey] : [peKey, entryName, clusterKey, incarnation];
  return `${peName}.${ctx.ids.guid("private-endpoint-connection", ...seed)}`;
}

export interface NewConnection {
  clusterKey: string;
  clusterId: string;
  clusterSubscriptionId: string;
  name: string;
  peKey: string;
  peId: string;
  peConnectionName: string;
  manual: boolean;
  state: ConnectionState;
  provisioningState?: string;
  generation?: number;
}

/** The cluster-side record of a connection (stored under the cluster, listed by its connection list). */
export function connectionRecord(ctx: ProviderContext, c: NewConnection): StoredResource {
  const key = connectionKey(c.clusterKey, c.name);
  const generation = c.generation ?? 1;
  const resource: Obj = {
    id: `${c.clusterId}/privateEndpointConnections/${c.name}`,
    name: c.name,
    type: PEC_TYPE,
    properties: {
      provisioningState: c.provisioningState ?? "Succeeded",
      privateEndpoint: { id: c.peId },
      privateLinkServiceConnectionState: { status: c.state.status, description: c.state.description },
    },
  };
  const meta: ConnectionMeta = { peKey: c.peKey, peId: c.peId, peConnectionName: c.peConnectionName, manual: c.manual, generation };
  return {
    key,
    id: String(resource["id"]),
    parentKey: c.clusterKey,
    subscriptionId: c.clusterSubscriptionId.toLowerCase(),
    type: PRIVATE_ENDPOINT_CONNECTION_TYPE,
    etag: ctx.ids.guid("pec-etag", key, generation, ctx.clock.now()),
    body: { resource, meta } as unknown as Obj,
  };
}

// ---------------------------------------------------------------------------------------------
// Endpoint side

/** What a private endpoint remembers about each of its connections. */
export interface EndpointConnectionMeta {
  /** Entry name in the endpoint's arrays. */
  name: string;
  manual: boolean;
  clusterKey: string;
  connectionKey: string;
  /** The provider-side state last written to this endpoint. */
  lastState: ConnectionState;
}

export function endpointConnections(pe: StoredResource): EndpointConnectionMeta[] {
  return (asNet(pe).meta["connections"] as EndpointConnectionMeta[] | undefined) ?? [];
}

function entryArrays(resource: Obj): Obj[] {
  const props = resource["properties"] as Obj;
  return [
    ...((props["privateLinkServiceConnections"] as Obj[] | undefined) ?? []),
    ...((props["manualPrivateLinkServiceConnections"] as Obj[] | undefined) ?? []),
  ];
}

/** The endpoint-side form of a state (Network adds actionsRequired). */
export function endpointState(state: ConnectionState): Obj {
  return { status: state.status, description: state.description, actionsRequired: "None" };
}

/** A provider-side change to one entry of an endpoint: its new state (or `gone`), and where a re-made connection now is. */
export interface EntryChange {
  state: ConnectionState | "gone";
  /** The entry's target and its connection's key, when the provider made its connection again (a new private link service). */
  relinked?: { privateLinkServiceId: string; connectionKey: string };
}

/**
 * The write that records a provider-side change on the endpoint (its last seen state, and the
 * state its body shows), or nothing when the endpoint is gone or no longer has the connection.
 */
export async function endpointSyncWrite(ctx: ProviderContext, meta: ConnectionMeta, state: ConnectionState | "gone"): Promise<Write[]> {
  return endpointEntriesWrite(ctx, meta.peKey, new Map([[meta.peConnectionName.toLowerCase(), { state }]]));
}

/**
 * One write recording provider-side changes to several entries of one endpoint (by entry name, lower
 * case), or nothing when the endpoint is gone or has none of them.
 */
export async function endpointEntriesWrite(ctx: ProviderContext, peKey: string, changes: ReadonlyMap<string, EntryChange>): Promise<Write[]> {
  const pe = await ctx.store.get(peKey);
  if (!pe) return [];
  const body = asNet(pe);
  const conns = endpointConnections(pe);
  const changed = conns.filter((c) => changes.has(c.name.toLowerCase()));
  if (changed.length === 0) return [];
  const resource = structuredClone(body.resource);
  const next = conns.map((c): EndpointConnectionMeta => {
    const change = changes.get(c.name.toLowerCase());
    if (!change) return c;
    const last: ConnectionState = change.state === "gone" ? c.lastState : change.state;
    for (const e of entryArrays(resource)) {
      if (String(e["name"]).toLowerCase() !== c.name.toLowerCase()) continue;
      const props = e["properties"] as Obj;
      if (change.relinked) props["privateLinkServiceId"] = change.relinked.privateLinkServiceId;
      props["privateLinkServiceConnectionState"] = endpointState(change.state === "gone" ? { status: "Disconnected", description: last.description } : last);
    }
    return { ...c, lastState: last, ...(change.relinked ? { connectionKey: change.relinked.connectionKey } : {}) };
  });
  const generation = Number(body.meta["generation"] ?? 1) + 1;
  const etagGuid = ctx.ids.guid("network-etag", pe.key, generation, ctx.clock.now());
  resource["etag"] = weakEtag(etagGuid);
  const meta: Obj = { ...body.meta, generation, connections: next };
  return [{ op: "put", resource: netRecord(pe.key, pe.id, pe.parentKey, pe.subscriptionId, pe.type, etagGuid, { resource, meta }), expect: { etag: pe.etag } }];
}

/**
 * The endpoint as answered: every connection entry shows the provider side's current state, or
 * Disconnected (with the last description it saw) when the provider side is gone.
 */
export async function renderEndpointConnections(ctx: ProviderContext, pe: StoredResource): Promise<Obj> {
  const resource = structuredClone(asNet(pe).resource);
  const conns = endpointConnections(pe);
  for (const e of entryArrays(resource)) {
    const meta = conns.find((c) => c.name.toLowerCase() === String(e["name"]).toLowerCase());
    if (!meta) continue;
    const live = await ctx.store.get(meta.connectionKey);
    const props = e["properties"] as Obj;
    if (live && asConnection(live).meta.peKey === pe.key) {
      props["privateLinkServiceConnectionState"] = endpointState(connectionState(live));
    } else {
      props["privateLinkServiceConnectionState"] = endpointState({ status: "Disconnected", description: meta.lastState.description });
    }
  }
  return resource;
}
