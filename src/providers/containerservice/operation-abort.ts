import { ArmError } from "../../arm/errors.js";
import { asyncHeaders, type Completer, startedOperation } from "../../arm/lro.js";
import type { ArmRequest, ArmResponse, Route } from "../../arm/router.js";
import type { OperationRecord, StoredResource, Write } from "../../store/store.js";
import type { ProviderContext } from "../context.js";
import { asPool } from "./agent-pool-model.js";
import { clusterPoolRows, NAMESPACE, requireCluster, requirePool } from "./managed-clusters.js";

type Obj = Record<string, unknown>;

/**
 * `abortLatestOperation` of a cluster (`managedClusters/{c}/abort`) and of a pool
 * (`.../agentPools/{p}/abort`), as AKS documents it (learn.microsoft.com/azure/aks/manage-abort-operations;
 * the API's description: "moved to a Canceling state and eventually to a Canceled state when
 * cancellation finishes. If the operation completes before cancellation can take place, a 409 error
 * code is returned"): the operation in flight ends `Canceled` at once (its poller learns so), the
 * resource shows `Canceling` while the abort runs and `Canceled` when it ends. Nothing in flight:
 * 409 (docs/fidelity.md "Abort with nothing in flight").
 */

const CLUSTER_PATH = "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.ContainerService/managedClusters/:resourceName";
const CLUSTER_ABORT = "managedCluster.abort";
const POOL_ABORT = "agentPool.abort";

/** A resource row with another provisioningState (the stored form is `{resource, meta}` for both types). */
function showing(row: StoredResource, state: string): StoredResource {
  const body = structuredClone(row.body) as { resource: Obj };
  (body.resource["properties"] as Obj)["provisioningState"] = state;
  return { ...row, body: body as unknown as Obj };
}

function nothingToAbort(what: string): ArmError {
  return new ArmError(
    409,
    "OperationNotAllowed",
    `There is no operation in progress on ${what} to abort. An operation that has already finished cannot be aborted.`,
  );
}

/** Cancels the newest operation in flight on `row` and starts the abort, which ends with `row` (and `alsoCanceled`) Canceled. */
async function abort(ctx: ProviderContext, req: ArmRequest, row: StoredResource, location: string, kind: string, what: string): Promise<ArmResponse> {
  const active = (await ctx.store.activeOperations(row.key)).filter((o) => o.kind !== kind);
  const latest = active[active.length - 1];
  if (!latest) throw nothingToAbort(what);
  if ((await ctx.store.activeOperations(row.key)).some((o) => o.kind === kind)) {
    throw new ArmError(409, "OperationNotAllowed", `An abort of the operation on ${what} is already in progress.`);
  }
  const now = ctx.clock.now();
  const op: OperationRecord = startedOperation({
    id: ctx.ids.guid("operation", row.key, latest.id, kind),
    subscriptionId: req.params["subscriptionId"]!,
    namespace: NAMESPACE,
    location,
    resourceKey: row.key,
    kind,
    now,
    durationMs: ctx.config.lroDurationMs,
  });
  const canceled: OperationRecord = { ...latest, status: "Canceled", endTime: now };
  await ctx.store.commit([
    { op: "putOperation", operation: canceled, expectStatus: "InProgress" },
    { op: "put", resource: showing(row, "Canceling"), expect: { etag: row.etag } },
    { op: "putOperation", operation: op },
  ]);
  return { status: 202, headers: asyncHeaders(req.origin, op, true) };
}

export function abortRoutes(ctx: ProviderContext): Route[] {
  const clusterAbort = async (req: ArmRequest): Promise<ArmResponse> => {
    const { stored, name } = await requireCluster(ctx, req.params);
    return abort(ctx, req, stored, String((stored.body["resource"] as Obj)["location"]), CLUSTER_ABORT, `managed cluster '${name}'`);
  };
  const poolAbort = async (req: ArmRequest): Promise<ArmResponse> => {
    const { cluster, row } = await requirePool(ctx, req.params);
    return abort(ctx, req, row, String((cluster.body["resource"] as Obj)["location"]), POOL_ABORT, `agent pool '${req.params["agentPoolName"]!}'`);
  };
  return [
    {
      method: "POST",
      path: `${CLUSTER_PATH}/abort`,
      apiVersions: { namespace: NAMESPACE, resourceType: "managedClusters", kind: "provider" },
      write: true,
      body: "none",
      handler: clusterAbort,
    },
    {
      method: "POST",
      path: `${CLUSTER_PATH}/agentPools/:agentPoolName/abort`,
      apiVersions: { namespace: NAMESPACE, resourceType: "managedClusters/agentPools", kind: "provider" },
      write: true,
      body: "none",
      handler: poolAbort,
    },
  ];
}

/** An abort ends with the resource Canceled; a cluster's pools that its operation was changing too. */
export function abortCompleters(ctx: ProviderContext): Record<string, Completer> {
  const canceled = async (op: OperationRecord): Promise<Write[]> => {
    const row = await ctx.store.get(op.resourceKey);
    if (!row) return [];
    const writes: Write[] = [{ op: "put", resource: showing(row, "Canceled"), expect: { etag: row.etag } }];
    if (op.kind === CLUSTER_ABORT) {
      for (const pool of await clusterPoolRows(ctx, row.key)) {
        const state = (asPool(pool).resource["properties"] as Obj)["provisioningState"];
        if (state === "Creating" || state === "Updating") writes.push({ op: "put", resource: showing(pool, "Canceled"), expect: { etag: pool.etag } });
      }
    }
    return writes;
  };
  return { [CLUSTER_ABORT]: canceled, [POOL_ABORT]: canceled };
}
