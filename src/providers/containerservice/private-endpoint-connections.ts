import { ArmError } from "../../arm/errors.js";
import { asyncHeaders } from "../../arm/lro.js";
import type { ArmRequest, ArmResponse, Route } from "../../arm/router.js";
import type { OperationRecord, StoredResource, Write } from "../../store/store.js";
import { PreconditionError } from "../../store/store.js";
import type { ProviderContext } from "../context.js";
import { listAll, RetryableConflict, retrying } from "../network/common.js";
import { AnswerCache, StoredTextCache } from "../answer-cache.js";
import { asConnection, connectionState, endpointSyncWrite, withConnectionChanges, type ConnectionState } from "../network/private-link-connections.js";
import { optionalObject, optionalString, requireObject } from "../validation.js";
import { asCluster } from "./cluster-model.js";
import { NAMESPACE, operationNotAllowed, requireCluster } from "./managed-clusters.js";
import { checkTransition, parseRequestedStatus, canonicalStatus } from "./pec-transitions.js";
import { connectionKey, PRIVATE_ENDPOINT_CONNECTION_TYPE } from "./private-link.js";

/**
 * privateEndpointConnections of a managed cluster (docs/sources.md "Private endpoint connections of a cluster"):
 *   GET    .../privateEndpointConnections            -> 200 {value: [...]} (no nextLink: the list is not pageable)
 *   GET    .../privateEndpointConnections/{name}     -> 200, or 404 ResourceNotFound
 *   PUT    .../privateEndpointConnections/{name}     -> 200 with the connection (approve/reject; pec-transitions.ts);
 *                                                       404 when it does not exist (connections are made by private endpoints)
 *   DELETE .../privateEndpointConnections/{name}     -> 200 with Azure-AsyncOperation (and Location), Deleting until the
 *                                                       operation ends; 204 when it does not exist. Never 202: Python
 *                                                       azure-mgmt-containerservice 21.1.0 (api 2022-11-01) accepts only
 *                                                       200/204 (docs/sources.md "Status codes the SDKs accept"), and the spec lists 200/204.
 * The connections themselves are created by private endpoints (network/private-endpoints.ts) and
 * by the private-cluster hook (AKS's own kube-apiserver connection).
 */

const PEC_DELETE = "privateEndpointConnection.delete";

const BASE =
  "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.ContainerService/managedClusters/:resourceName/privateEndpointConnections";

/** ARM's 404 for a missing connection (docs/fidelity.md "Missing private endpoint connection"). */
function connectionNotFound(cluster: string, name: string, resourceGroup: string): ArmError {
  return new ArmError(
    404,
    "ResourceNotFound",
    `The Resource 'Microsoft.ContainerService/managedClusters/${cluster}/privateEndpointConnections/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

function renderConnection(stored: StoredResource): Record<string, unknown> {
  return structuredClone(asConnection(stored).resource);
}

export function privateEndpointConnectionRoutes(ctx: ProviderContext): Route[] {
  const versions = { namespace: NAMESPACE, resourceType: "managedClusters/privateEndpointConnections", kind: "provider" as const };

  async function clusterOf(req: ArmRequest): Promise<{ cluster: StoredResource; rg: string }> {
    const { stored, rg } = await requireCluster(ctx, req.params);
    return { cluster: stored, rg };
  }

  const clusterName = (cluster: StoredResource) => String(asCluster(cluster).resource["name"]);

  async function connectionOf(req: ArmRequest): Promise<{ cluster: StoredResource; rg: string; connection?: StoredResource }> {
    const { cluster, rg } = await clusterOf(req);
    const found = await ctx.store.get(connectionKey(cluster.key, req.params["privateEndpointConnectionName"]!));
    return { cluster, rg, connection: found && (await endpointExists(found)) ? found : undefined };
  }

  // GET and list answers are the stored resource as it is: serialised (not copied) once per stored text.
  const answers = new AnswerCache((c) => asConnection(c).resource);
  // A list checks every connection's endpoint: its key is read from the body once per stored text.
  const endpointKeys = new StoredTextCache((c) => asConnection(c).meta.peKey);
  /**
   * Whether a connection's private endpoint still exists. A connection whose endpoint went without
   * deleting it (its resource group was deleted) is gone too: deleting the endpoint removes the
   * connection (docs/fidelity.md "Deleting a private endpoint").
   */
  const endpointExists = (connection: StoredResource): Promise<boolean> => ctx.store.has(endpointKeys.get(connection));

  const list = async (req: ArmRequest): Promise<ArmResponse> => {
    const body =
      ctx.answers.get(req.path) ??
      (await ctx.answers.remember(req.path, async () => {
        const { cluster } = await clusterOf(req);
        const live: StoredResource[] = [];
        for (const c of await listAll(ctx, { type: PRIVATE_ENDPOINT_CONNECTION_TYPE, parentKey: cluster.key })) {
          if (await endpointExists(c)) live.push(c);
        }
        return answers.list(cluster.key, live);
      }));
    return { status: 200, body };
  };

  const get = async (req: ArmRequest): Promise<ArmResponse> => {
    const body =
      ctx.answers.get(req.path) ??
      (await ctx.answers.remember(req.path, async () => {
        const { cluster, rg, connection } = await connectionOf(req);
        if (!connection) throw connectionNotFound(clusterName(cluster), req.params["privateEndpointConnectionName"]!, rg);
        return answers.bytes(connection);
      }));
    return { status: 200, body };
  };

  const updateOnce = async (req: ArmRequest): Promise<ArmResponse> => {
    const { cluster, rg, connection } = await connectionOf(req);
    if (!connection) throw connectionNotFound(clusterName(cluster), req.params["privateEndpointConnectionName"]!, rg);
    const body = requireObject(req.body, "");
    const props = optionalObject(body["properties"], "properties");
    const stateIn = optionalObject(props?.["privateLinkServiceConnectionState"], "properties.privateLinkServiceConnectionState");
    if (!stateIn) {
      throw new ArmError(
        400,
        "InvalidParameter",
        'The value of parameter privateLinkServiceConnectionState is missing. Send {"properties": {"privateLinkServiceConnectionState": {"status": "Approved"}}}.',
        {
          target: "properties.privateLinkServiceConnectionState",
        },
      );
    }
    const current = connectionState(connection);
    const from = canonicalStatus(current.status) ?? "Pending";
    const to = stateIn["status"] === undefined || stateIn["status"] === null ? from : parseRequestedStatus(stateIn["status"]);
    const description = optionalString(stateIn["description"], "properties.privateLinkServiceConnectionState.description") ?? current.description;
    const clusterState = (asCluster(cluster).resource["properties"] as Record<string, unknown>)["provisioningState"];
    if (clusterState === "Deleting") throw operationNotAllowed("Deleting");
    if ((asConnection(connection).resource["properties"] as Record<string, unknown>)["provisioningState"] === "Deleting") throw operationNotAllowed("Deleting");
    const verdict = checkTransition(from, to);
    if (!verdict.ok) throw verdict.error;
    const state: ConnectionState = { status: to, description };
    const next = withConnectionChanges(ctx, connection, { state });
    const sync = await endpointSyncWrite(ctx, asConnection(connection).meta, state);
    try {
      await ctx.store.commit([{ op: "put", resource: next, expect: { etag: connection.etag } }, ...sync]);
    } catch (e) {
      // The endpoint changed meanwhile (e.g. its own operation finished): do it again with what is there now.
      if (e instanceof PreconditionError) throw new RetryableConflict(e.key);
      throw e;
    }
    return { status: 200, body: renderConnection(next) };
  };

  const update = (req: ArmRequest): Promise<ArmResponse> => retrying(() => updateOnce(req));

  const del = async (req: ArmRequest): Promise<ArmResponse> => {
    const { cluster, connection } = await connectionOf(req);
    if (!connection) return { status: 204 };
    const running = (await ctx.store.activeOperations(connection.key)).find((o) => o.kind === PEC_DELETE);
    if (running) return { status: 200, headers: asyncHeaders(req.origin, running, true) };
    const meta = asConnection(connection).meta;
    if (ctx.config.lroDurationMs === 0) {
      // docs/fidelity.md "--lro-duration 0": gone at once, 200 without operation headers.
      return retrying(async () => {
        const fresh = await ctx.store.get(connection.key);
        if (!fresh) return { status: 200 };
        const sync = await endpointSyncWrite(ctx, meta, "gone");
        try {
          await ctx.store.commit([{ op: "delete", key: fresh.key, expect: { etag: fresh.etag } }, ...sync]);
        } catch (e) {
          if (e instanceof PreconditionError) throw new RetryableConflict(e.key);
          throw e;
        }
        return { status: 200 };
      });
    }
    const now = ctx.clock.now();
    const op: OperationRecord = {
      id: ctx.ids.guid("operation", connection.key, meta.generation, PEC_DELETE, now),
      subscriptionId: req.params["subscriptionId"]!,
      namespace: NAMESPACE,
      location: String(asCluster(cluster).resource["location"]),
      resourceKey: connection.key,
      kind: PEC_DELETE,
      status: "InProgress",
      startTime: now,
      dueAt: now + ctx.config.lroDurationMs,
    };
    const deleting = withConnectionChanges(ctx, connection, { provisioningState: "Deleting" });
    // The completion deletes this record only (not a connection made again under the same name meanwhile).
    op.data = { etag: deleting.etag };
    try {
      await ctx.store.commit([
        { op: "put", resource: deleting, expect: { etag: connection.etag } },
        { op: "putOperation", operation: op },
      ]);
    } catch (e) {
      if (e instanceof PreconditionError) {
        throw new ArmError(
          409,
          "EtagMismatch",
          "Operation is not allowed: Another operation is in progress. The private endpoint connection was changed by another request at the same time; read it again and retry.",
        );
      }
      throw e;
    }
    return { status: 200, headers: asyncHeaders(req.origin, op, true) };
  };

  return [
    { method: "GET", path: BASE, apiVersions: versions, write: false, body: "none", handler: list },
    { method: "GET", path: `${BASE}/:privateEndpointConnectionName`, apiVersions: versions, write: false, body: "none", handler: get },
    { method: "PUT", path: `${BASE}/:privateEndpointConnectionName`, apiVersions: versions, write: true, body: "required", handler: update },
    { method: "DELETE", path: `${BASE}/:privateEndpointConnectionName`, apiVersions: versions, write: true, body: "none", handler: del },
  ];
}

/** Finishing a connection delete: the connection goes; its endpoint shows Disconnected (it keeps the last description). */
export function privateEndpointConnectionCompleters(ctx: ProviderContext): Record<string, (op: OperationRecord) => Promise<Write[]>> {
  return {
    [PEC_DELETE]: async (op) => {
      const connection = await ctx.store.get(op.resourceKey);
      if (!connection || (op.data?.["etag"] !== undefined && op.data["etag"] !== connection.etag)) return [];
      const sync = await endpointSyncWrite(ctx, asConnection(connection).meta, "gone");
      return [{ op: "delete", key: connection.key, expect: { etag: connection.etag } }, ...sync];
    },
  };
}
