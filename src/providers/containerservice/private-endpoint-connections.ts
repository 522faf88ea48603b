import { CONTAINER_SERVICE_API_VERSIONS } from "../../arm/api-versions.js";
import { ArmError } from "../../arm/errors.js";
import { asyncHeaders, startedOperation } from "../../arm/lro.js";
import { kitResource, type OperationStyle } from "../../kit/lifecycle.js";
import type { StoredResource } from "../../store/store.js";
import { asConnection, endpointSyncWrite, type ConnectionMeta, type ConnectionState } from "../links/private-link-connections.js";
import { optionalObject, optionalString } from "../validation.js";
import { asCluster } from "./cluster-model.js";
import { clusterScope, NAMESPACE, operationNotAllowed } from "./managed-clusters.js";
import { canonicalStatus, checkTransition, parseRequestedStatus } from "./pec-transitions.js";

type Obj = Record<string, unknown>;

/**
 * privateEndpointConnections of a managed cluster on the kit (docs/sources.md "Private endpoint connections of a cluster"):
 *   GET    .../privateEndpointConnections            -> 200 {value: [...]} (no nextLink: the list is not pageable; onePage)
 *   GET    .../privateEndpointConnections/{name}     -> 200, or 404 ResourceNotFound
 *   PUT    .../privateEndpointConnections/{name}     -> 200 with the connection (approve/reject; pec-transitions.ts);
 *                                                       404 when it does not exist (connections are made by private endpoints: updateOnly)
 *   DELETE .../privateEndpointConnections/{name}     -> 200 with Azure-AsyncOperation (and Location), Deleting until the
 *                                                       operation ends; 204 when it does not exist. Never 202: Python
 *                                                       azure-mgmt-containerservice 21.1.0 (api 2022-11-01) accepts only
 *                                                       200/204 (docs/sources.md "Status codes the SDKs accept"), and the spec lists 200/204.
 * Conditional headers are not checked (a connection shows no ETag). Writes are refused only while
 * the connection or its cluster is being deleted, not while another cluster operation runs. The
 * connections themselves are created by private endpoints (network/private-endpoints.ts) and by the
 * private-cluster hook (AKS's own kube-apiserver connection); a connection whose endpoint is gone
 * without deleting it (its resource group was deleted) is gone too (docs/fidelity.md "Deleting a private endpoint").
 */

/** ARM's 404 for a missing connection (docs/fidelity.md "Missing private endpoint connection"). */
function connectionNotFound(cluster: string, name: string, resourceGroup: string): ArmError {
  return new ArmError(
    404,
    "ResourceNotFound",
    `The Resource 'Microsoft.ContainerService/managedClusters/${cluster}/privateEndpointConnections/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

/**
 * AKS's operation for a connection's DELETE (the only long-running verb): status under
 * `Microsoft.ContainerService/locations/{location}/operations` with `Azure-AsyncOperation` and
 * `Location`, answered 200; nothing recorded under `--lro-duration 0` (docs/fidelity.md "--lro-duration 0").
 */
const connectionStyle: OperationStyle = {
  kindPrefix: "privateEndpointConnection",
  verbs: ["delete"],
  acceptedDelete: 200,
  record: (ctx, { kind, key, location, generation, now, params }) =>
    startedOperation({
      // The time too: a connection made again under the same name gets another operation id.
      id: ctx.ids.guid("operation", key, generation, kind, now),
      subscriptionId: params["subscriptionId"]!,
      namespace: NAMESPACE,
      location,
      resourceKey: key,
      kind,
      now,
      durationMs: ctx.config.lroDurationMs,
    }),
  headers: (origin, op) => asyncHeaders(origin, op, true),
  inFlightState: () => "Updating",
};

/** Whether a connection is AKS's own (`kube-apiserver.<guid>`, from its endpoint in the cluster's node resource group). */
function isAksOwn(meta: ConnectionMeta, cluster: StoredResource): boolean {
  const nodeRg = String((asCluster(cluster).resource["properties"] as Obj)["nodeResourceGroup"] ?? "").toLowerCase();
  return meta.peId.toLowerCase().endsWith(`/resourcegroups/${nodeRg}/providers/microsoft.network/privateendpoints/kube-apiserver`);
}

/** AKS keeps its own connection (docs/fidelity.md "AKS's own kube-apiserver connection"). */
function aksOwnConnection(name: string, verb: "deleted" | "rejected"): ArmError {
  return new ArmError(
    400,
    "OperationNotAllowed",
    `The private endpoint connection '${name}' is AKS's own connection to the API server of the private cluster: it cannot be ${verb}. It goes with the cluster.`,
  );
}

const isDeleting = (resource: Obj): boolean => (resource["properties"] as Obj | undefined)?.["provisioningState"] === "Deleting";

export const privateEndpointConnectionsType = kitResource(
  {
    namespace: NAMESPACE,
    type: "managedClusters/privateEndpointConnections",
    scope: clusterScope,
    nameParam: "privateEndpointConnectionName",
    preconditions: false,
    updateOnly: true,
    onePage: true,
    operations: connectionStyle,
    // A write that lost a race (e.g. its endpoint changed meanwhile, its own operation finished) runs again with what is there now.
    retryConflicts: "all",
    exists: (connection, ctx) => ctx.store.has(asConnection(connection).meta.peKey),
    build: async ({ body, previous, previousMeta, scope }, ctx) => {
      const props = optionalObject(body["properties"], "properties");
      const stateIn = optionalObject(props?.["privateLinkServiceConnectionState"], "properties.privateLinkServiceConnectionState");
      if (!stateIn) {
        throw new ArmError(
          400,
          "InvalidParameter",
          'The value of parameter privateLinkServiceConnectionState is missing. Send {"properties": {"privateLinkServiceConnectionState": {"status": "Approved"}}}.',
          { target: "properties.privateLinkServiceConnectionState" },
        );
      }
      const connection = previous!;
      const s = (connection["properties"] as Obj)["privateLinkServiceConnectionState"] as Obj;
      const current: ConnectionState = { status: String(s["status"]), description: typeof s["description"] === "string" ? s["description"] : "" };
      const from = canonicalStatus(current.status) ?? "Pending";
      const to = stateIn["status"] === undefined || stateIn["status"] === null ? from : parseRequestedStatus(stateIn["status"]);
      const description = optionalString(stateIn["description"], "properties.privateLinkServiceConnectionState.description") ?? current.description;
      if (isDeleting(asCluster(scope.stored).resource)) throw operationNotAllowed("Deleting");
      if (isDeleting(connection)) throw operationNotAllowed("Deleting");
      if (to === "Rejected" && from !== "Rejected" && isAksOwn(previousMeta as unknown as ConnectionMeta, scope.stored))
        throw aksOwnConnection(String(connection["name"]), "rejected");
      const verdict = checkTransition(from, to);
      if (!verdict.ok) throw verdict.error;
      const state: ConnectionState = { status: to, description };
      const resource = structuredClone(connection);
      (resource["properties"] as Obj)["privateLinkServiceConnectionState"] = { status: state.status, description: state.description };
      // The endpoint shows the new state from the same commit.
      return { resource, meta: previousMeta, writes: await endpointSyncWrite(ctx, previousMeta as unknown as ConnectionMeta, state) };
    },
    notFound: (name, scope, params) => connectionNotFound(String(asCluster(scope.stored).resource["name"]), name, params["resourceGroupName"]!),
    refuseDelete: async (stored, ctx) => {
      const cluster = await ctx.store.get(stored.parentKey);
      return cluster && isAksOwn(asConnection(stored).meta, cluster) ? aksOwnConnection(String(asConnection(stored).resource["name"]), "deleted") : undefined;
    },
    // Its endpoint shows Disconnected (it keeps the last description).
    teardown: (stored, ctx) => endpointSyncWrite(ctx, asConnection(stored).meta, "gone"),
    // The completion leaves a connection made again under the same name meanwhile (one not being deleted).
    deleteFinishes: (stored) => isDeleting(asConnection(stored).resource),
    conflict: () =>
      new ArmError(
        409,
        "EtagMismatch",
        "Operation is not allowed: Another operation is in progress. The private endpoint connection was changed by another request at the same time; read it again and retry.",
      ),
  },
  {
    apiVersions: CONTAINER_SERVICE_API_VERSIONS,
    registration: "regions",
    // The connection the private endpoints' sample (named fuzz1) makes on the clusters' sample.
    sample: {
      name: "fuzz1.",
      madeByOthers: true,
      body: () => ({ properties: { privateLinkServiceConnectionState: { status: "Approved", description: "ok" } } }),
    },
  },
);
