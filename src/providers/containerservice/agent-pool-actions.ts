import { ArmError } from "../../arm/errors.js";
import { asyncHeaders, type Completer, startedOperation } from "../../arm/lro.js";
import type { ArmRequest, ArmResponse, Route } from "../../arm/router.js";
import type { OperationRecord, StoredResource, Write } from "../../store/store.js";
import type { ProviderContext } from "../context.js";
import { optionalArray, requireObject } from "../validation.js";
import { AGENT_POOL_TYPE, asPool, machineName, machinePrefix, poolETag, type StoredPool } from "./agent-pool-model.js";
import { clusterStoppedError } from "./power-state.js";
import { compareVersions, type VersionCatalogue, versionCatalogue } from "./version-catalogue.js";
import { clusterBusy, NAMESPACE, requireCluster, requirePool } from "./managed-clusters.js";

type Obj = Record<string, unknown>;

const POOL_PATH =
  "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.ContainerService/managedClusters/:resourceName/agentPools/:agentPoolName";
const CLUSTER_PATH = "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.ContainerService/managedClusters/:resourceName";

const NODE_IMAGE = "agentPool.upgradeNodeImage";
const DELETE_MACHINES = "agentPool.deleteMachines";

/** Versions a pool at `current` may upgrade to under a control plane at `controlPlane`: forward, one minor at a time (the catalogue's rule), never past the control plane. */
function poolUpgrades(versions: VersionCatalogue, current: string, controlPlane: string): string[] {
  return versions
    .upgradesFrom(current)
    .map((u) => u.kubernetesVersion)
    .filter((v) => compareVersions(v, controlPlane) <= 0);
}

const props = (pool: StoredPool): Obj => pool.resource["properties"] as Obj;

/** 409 while an operation runs on the pool or its cluster. */
async function refuseWhileBusy(ctx: ProviderContext, cluster: StoredResource, row: StoredResource): Promise<void> {
  const stopped = clusterStoppedError(cluster.body["resource"] as Obj, "this agent pool operation");
  if (stopped) throw stopped;
  const active = [...(await ctx.store.activeOperations(cluster.key)), ...(await ctx.store.activeOperations(row.key))];
  const error = clusterBusy(active);
  if (error) throw error;
}

/** The pool row with a new provisioningState (and other property changes). */
function poolWith(row: StoredResource, change: (properties: Obj) => void): StoredResource {
  const pool = structuredClone(asPool(row));
  change(pool.resource["properties"] as Obj);
  return { ...row, body: pool as unknown as Obj };
}

/**
 * Starts (or, at `--lro-duration 0`, runs) an action on a pool: the pool shows `inFlight` until the
 * operation completes, when `finish` applies to it. The operation is recorded either way, as AKS's are.
 */
async function startAction(
  ctx: ProviderContext,
  req: ArmRequest,
  target: { cluster: StoredResource; row: StoredResource },
  kind: string,
  inFlight: string,
  finish: (properties: Obj) => void,
  prepare: (pool: StoredPool) => StoredPool = (pool) => pool,
): Promise<{ op: OperationRecord; done: boolean }> {
  const { cluster } = target;
  // An action is a write of the pool: a new generation and eTag.
  const pool = prepare(structuredClone(asPool(target.row)));
  pool.meta.generation += 1;
  const eTag = poolETag(ctx.ids, target.row.key, pool.meta.generation);
  (pool.resource["properties"] as Obj)["eTag"] = eTag;
  const row: StoredResource = { ...target.row, etag: eTag, body: pool as unknown as Obj };
  const now = ctx.clock.now();
  const generation = pool.meta.generation;
  const op = startedOperation({
    id: ctx.ids.guid("operation", row.key, generation, kind, now),
    subscriptionId: req.params["subscriptionId"]!,
    namespace: NAMESPACE,
    location: String((cluster.body["resource"] as Obj)["location"]),
    resourceKey: row.key,
    kind,
    now,
    durationMs: ctx.config.lroDurationMs,
  });
  const done = ctx.config.lroDurationMs === 0;
  const next = done
    ? poolWith(row, (p) => {
        finish(p);
        p["provisioningState"] = "Succeeded";
      })
    : poolWith(row, (p) => {
        p["provisioningState"] = inFlight;
      });
  const operation = done ? { ...op, status: "Succeeded" as const, endTime: now } : op;
  await ctx.store.commit([
    { op: "put", resource: next, expect: { etag: target.row.etag } },
    { op: "put", resource: cluster, expect: { etag: cluster.etag } },
    { op: "putOperation", operation },
  ]);
  return { op: operation, done };
}

/** How an action's operation ends: `finish` applied to the pool, which shows Succeeded. */
function finishing(ctx: ProviderContext, finish: (properties: Obj, pool: StoredPool) => void): Completer {
  return async (op) => {
    const row = await ctx.store.get(op.resourceKey);
    if (!row) return [];
    const pool = asPool(row);
    return [
      {
        op: "put",
        resource: poolWith(row, (p) => {
          finish(p, pool);
          p["provisioningState"] = "Succeeded";
        }),
        expect: { etag: row.etag },
      },
    ] satisfies Write[];
  };
}

/** The newest node image for a pool: its OS type and SKU at its running version (the version catalogue). */
function latestNodeImage(versions: VersionCatalogue, properties: Obj): string {
  return versions.latestNodeImage(
    String(properties["osType"] ?? "Linux"),
    properties["osSKU"] as string | undefined,
    String(properties["currentOrchestratorVersion"] ?? properties["orchestratorVersion"]),
  );
}

/** What deleting named machines does to the pool: they go, and the count with them. */
function removeMachines(pool: StoredPool, names: readonly string[]): StoredPool {
  const next = structuredClone(pool);
  const gone = new Set(names.map((n) => n.toLowerCase()));
  next.meta.instances = pool.meta.instances.filter((i) => !gone.has(machineName(pool, i).toLowerCase()));
  (next.resource["properties"] as Obj)["count"] = next.meta.instances.length;
  return next;
}

export function agentPoolActionRoutes(ctx: ProviderContext): Route[] {
  const versions = { namespace: NAMESPACE, resourceType: "managedClusters/agentPools", kind: "provider" as const };
  const upgradeProfile = async (req: ArmRequest): Promise<ArmResponse> => {
    const { cluster, pool } = await requirePool(ctx, req.params);
    const p = props(pool);
    const controlPlane = String(((cluster.body["resource"] as Obj)["properties"] as Obj)["currentKubernetesVersion"]);
    const current = String(p["currentOrchestratorVersion"]);
    const upgrades = poolUpgrades(versionCatalogue(ctx), current, controlPlane).map((kubernetesVersion) => ({ kubernetesVersion }));
    return {
      status: 200,
      body: {
        id: `${String(pool.resource["id"])}/upgradeProfiles/default`,
        name: "default",
        type: `${AGENT_POOL_TYPE}/upgradeProfiles`,
        properties: {
          kubernetesVersion: current,
          osType: p["osType"],
          // None to upgrade to: left out (docs/sources.md "Agent pool upgrade profile in AKS's docs": `upgrades: null`).
          upgrades: upgrades.length > 0 ? upgrades : undefined,
          latestNodeImageVersion: latestNodeImage(versionCatalogue(ctx), p),
        },
      },
    };
  };

  const availableVersions = async (req: ArmRequest): Promise<ArmResponse> => {
    const { stored } = await requireCluster(ctx, req.params);
    const cluster = stored.body["resource"] as Obj;
    const controlPlane = String((cluster["properties"] as Obj)["currentKubernetesVersion"]);
    const minor = (v: string) => Number(v.split(".")[1]);
    const catalogue = versionCatalogue(ctx);
    const versions = catalogue.patchVersions().filter((v) => compareVersions(v, controlPlane) <= 0 && minor(controlPlane) - minor(v) <= 2);
    return {
      status: 200,
      body: {
        // The spellings of the AgentPools_GetAvailableAgentPoolVersions example.
        id: `${String(cluster["id"])}/availableagentpoolversions`,
        name: "default",
        type: "Microsoft.ContainerService/managedClusters/availableAgentpoolVersions",
        properties: {
          // As the example: `default` on the control plane's version, `isPreview` on the catalogue's previews.
          agentPoolVersions: versions.map((kubernetesVersion) => ({
            ...(kubernetesVersion === controlPlane ? { default: true } : {}),
            ...(catalogue.isPreview(kubernetesVersion) ? { isPreview: true } : {}),
            kubernetesVersion,
          })),
        },
      },
    };
  };

  const upgradeNodeImage = async (req: ArmRequest): Promise<ArmResponse> => {
    const target = await requirePool(ctx, req.params);
    await refuseWhileBusy(ctx, target.cluster, target.row);
    const latest = latestNodeImage(versionCatalogue(ctx), props(target.pool));
    const { op, done } = await startAction(ctx, req, target, NODE_IMAGE, "UpgradingNodeImageVersion", (p) => {
      p["nodeImageVersion"] = latest;
    });
    // Done at once (--lro-duration 0): 200 without a body, as the official example's 200 (no schema in the definition).
    if (done) return { status: 200 };
    const pool = asPool((await ctx.store.get(target.row.key))!).resource;
    return { status: 202, body: pool, headers: asyncHeaders(req.origin, op, true) };
  };

  const deleteMachines = async (req: ArmRequest): Promise<ArmResponse> => {
    const target = await requirePool(ctx, req.params);
    const body = requireObject(req.body, "");
    const names = optionalArray(body["machineNames"], "machineNames");
    if (!names || names.length === 0 || names.some((n) => typeof n !== "string")) {
      throw new ArmError(
        400,
        "InvalidParameter",
        "The value of parameter machineNames is invalid: name at least one machine of the agent pool, e.g. from its machines list.",
        {
          target: "machineNames",
        },
      );
    }
    const pool = target.pool;
    const known = new Set(pool.meta.instances.map((i) => machineName(pool, i).toLowerCase()));
    const unknown = (names as string[]).filter((n) => !known.has(n.toLowerCase()));
    if (unknown.length > 0) {
      throw new ArmError(
        400,
        "InvalidParameter",
        `The value of parameter machineNames is invalid: ${unknown.map((n) => `'${n}'`).join(", ")} ${unknown.length === 1 ? "is not a machine" : "are not machines"} of agent pool '${String(pool.resource["name"])}'. Its machines are named '${machinePrefix(pool)}<instance>'.`,
        { target: "machineNames" },
      );
    }
    const remaining = pool.meta.instances.length - names.length;
    if (props(pool)["mode"] === "System" && remaining < 1) {
      throw new ArmError(
        400,
        "InvalidParameter",
        `Deleting these machines would leave System agent pool '${String(pool.resource["name"])}' without nodes. A System pool needs at least 1 node.`,
        {
          target: "machineNames",
        },
      );
    }
    await refuseWhileBusy(ctx, target.cluster, target.row);
    // The machines go at once (the machines list no longer has them); the pool shows Updating until the operation ends.
    const { op } = await startAction(
      ctx,
      req,
      target,
      DELETE_MACHINES,
      "Updating",
      () => undefined,
      (p) => removeMachines(p, names as string[]),
    );
    // 202 only (API definition), also at --lro-duration 0.
    return { status: 202, headers: asyncHeaders(req.origin, op, true) };
  };

  return [
    { method: "GET", path: `${POOL_PATH}/upgradeProfiles/default`, apiVersions: versions, write: false, body: "none", handler: upgradeProfile },
    { method: "GET", path: `${CLUSTER_PATH}/availableAgentPoolVersions`, apiVersions: versions, write: false, body: "none", handler: availableVersions },
    { method: "POST", path: `${POOL_PATH}/upgradeNodeImageVersion`, apiVersions: versions, write: true, body: "optional", handler: upgradeNodeImage },
    { method: "POST", path: `${POOL_PATH}/deleteMachines`, apiVersions: versions, write: true, body: "required", handler: deleteMachines },
  ];
}

export function agentPoolActionCompleters(ctx: ProviderContext): Record<string, Completer> {
  return {
    [NODE_IMAGE]: finishing(ctx, (p) => {
      p["nodeImageVersion"] = latestNodeImage(versionCatalogue(ctx), p);
    }),
    [DELETE_MACHINES]: finishing(ctx, () => undefined),
  };
}
