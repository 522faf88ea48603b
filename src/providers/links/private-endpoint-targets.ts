import { ArmError } from "../../arm/errors.js";
import { parseResourceId } from "../../arm/resource-id.js";
import type { StoredResource, Write } from "../../store/store.js";
import { asCluster } from "../containerservice/cluster-model.js";
import { clusterStoppedError } from "../containerservice/power-state.js";
import { clusterForPrivateLinkTarget, connectionKey, MANAGEMENT_GROUP_ID } from "../containerservice/private-link.js";
import type { ProviderContext } from "../context.js";
import { connectionName, connectionRecord, type ConnectionState, type EndpointConnectionMeta } from "./private-link-connections.js";

type Obj = Record<string, unknown>;

/**
 * A private endpoint's side of its connections to managed clusters (network/private-endpoints.ts
 * calls these): the cluster a connection targets, the name the cluster answers for, and the
 * connection a new entry makes on the cluster.
 */

/** A connection entry of a private endpoint's PUT, as far as its target is concerned. */
interface TargetInput {
  privateLinkServiceId: string;
  groupIds: string[];
  /** Where the entry is in the body, e.g. `properties.privateLinkServiceConnections[0]`. */
  path: string;
}

/**
 * The managed cluster a private endpoint's connection targets (its resource id or its private link
 * service id), checked as Network and AKS check it: it exists, it is a private cluster, the group id
 * is `management`.
 */
export async function privateLinkTarget(ctx: ProviderContext, c: TargetInput, peId: string): Promise<StoredResource> {
  const cluster = await clusterForPrivateLinkTarget(ctx.store, c.privateLinkServiceId);
  if (!cluster) {
    const parsed = parseResourceId(c.privateLinkServiceId);
    const type = parsed ? `${parsed.namespace}/${parsed.types.join("/")}`.toLowerCase() : "";
    if (type === "microsoft.network/privatelinkservices") {
      // azure-powershell#24514 (live): an unknown private link service id.
      throw new ArmError(
        400,
        "ThirdPartyPrivateLinkServiceProvidedDuringPrivateEndpointCreationDoesNotExistOrIsNotVisible",
        `Third-party Private Link Service Id ${c.privateLinkServiceId} provided during private endpoint creation does not exist or is not visible to the subscription of the private endpoint.`,
        { target: `${c.path}.properties.privateLinkServiceId` },
      );
    }
    // docs/fidelity.md "Private endpoint to a missing cluster": Network's wording for a missing referenced resource.
    throw new ArmError(
      400,
      "InvalidResourceReference",
      `Resource ${c.privateLinkServiceId} referenced by resource ${peId} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
      { details: [], target: `${c.path}.properties.privateLinkServiceId` },
    );
  }
  const props = asCluster(cluster).resource["properties"] as Obj;
  const access = props["apiServerAccessProfile"] as Obj | undefined;
  if (access?.["enablePrivateCluster"] !== true) {
    // docs/fidelity.md "Private endpoint to a public cluster".
    throw new ArmError(
      400,
      "InvalidParameter",
      `Managed cluster '${String(asCluster(cluster).resource["name"])}' is not a private cluster (apiServerAccessProfile.enablePrivateCluster is not true): it has no private link service, so private endpoints cannot connect to it.`,
      { target: `${c.path}.properties.privateLinkServiceId` },
    );
  }
  // A stopped cluster has no private link service to connect to (docs/fidelity.md "Private link across a stop and start").
  const stopped = clusterStoppedError(asCluster(cluster).resource, "connecting a private endpoint to it");
  if (stopped) throw stopped;
  if (c.groupIds.length !== 1 || c.groupIds[0]!.toLowerCase() !== MANAGEMENT_GROUP_ID) {
    // docs/fidelity.md "Private endpoint group id".
    throw new ArmError(
      400,
      "InvalidParameter",
      `The value of parameter groupIds is invalid: ${JSON.stringify(c.groupIds)}. A private endpoint to a managed cluster uses the group id '${MANAGEMENT_GROUP_ID}' (listed by GET .../managedClusters/{name}/privateLinkResources).`,
      { target: `${c.path}.properties.groupIds` },
    );
  }
  return cluster;
}

/** The name a private endpoint to the cluster resolves (its customDnsConfigs). */
export function clusterFqdn(cluster: StoredResource): string | undefined {
  const props = asCluster(cluster).resource["properties"] as Obj;
  const f = props["privateFQDN"] ?? props["fqdn"];
  return typeof f === "string" ? f : undefined;
}

/**
 * The connection a new entry of a private endpoint makes on the cluster (`<endpoint>.<guid>`, in
 * `state`), and what the endpoint remembers of it. A connection left under that name by an earlier
 * endpoint of the same name (its resource group was deleted) is replaced.
 */
export async function newClusterConnection(
  ctx: ProviderContext,
  i: { cluster: StoredResource; peKey: string; peId: string; peName: string; entryName: string; manual: boolean; state: ConnectionState },
): Promise<{ write: Write; meta: EndpointConnectionMeta }> {
  const { cluster } = i;
  const name = connectionName(ctx, i.peKey, i.peName, i.entryName, cluster.key);
  const key = connectionKey(cluster.key, name);
  const leftover = await ctx.store.get(key);
  const record = connectionRecord(ctx, {
    clusterKey: cluster.key,
    clusterId: String(asCluster(cluster).resource["id"]),
    clusterSubscriptionId: cluster.subscriptionId,
    name,
    peKey: i.peKey,
    peId: i.peId,
    peConnectionName: i.entryName,
    manual: i.manual,
    state: i.state,
  });
  return {
    write: { op: "put", resource: record, expect: leftover ? { etag: leftover.etag } : { absent: true } },
    meta: { name: i.entryName, manual: i.manual, clusterKey: cluster.key, connectionKey: key, lastState: i.state },
  };
}
