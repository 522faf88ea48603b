import { ArmError } from "../../arm/errors.js";
import type { ActionInput, ActionSpec } from "../../kit/actions.js";
import type { StoredResource, Write } from "../../store/store.js";
import type { ProviderContext } from "../context.js";
import { optionalArray, requireObject } from "../validation.js";
import { AGENT_POOL_TYPE, asPool, machineName, machinePrefix, poolETag, type StoredPool } from "./agent-pool-model.js";
import { abortAction } from "./operation-abort.js";
import { clusterStoppedError } from "./power-state.js";
import { compareVersions, type VersionCatalogue, versionCatalogue } from "./version-catalogue.js";

type Obj = Record<string, unknown>;

/**
 * An agent pool's actions (src/kit/actions.ts; spec AgentPools_*): its upgrade profile,
 * upgradeNodeImageVersion, deleteMachines and abortLatestOperation (operation-abort.ts); and the
 * cluster's availableAgentPoolVersions (cluster-actions.ts lists it). Nothing here imports
 * managed-clusters.ts, which declares the cluster's actions.
 */

/** Versions a pool at `current` may upgrade to under a control plane at `controlPlane`: forward, one minor at a time (the catalogue's rule), never past the control plane. */
function poolUpgrades(versions: VersionCatalogue, current: string, controlPlane: string): string[] {
  return versions
    .upgradesFrom(current)
    .map((u) => u.kubernetesVersion)
    .filter((v) => compareVersions(v, controlPlane) <= 0);
}

const props = (resource: Obj): Obj => resource["properties"] as Obj;

/** The pool's cluster as stored (it exists: the kit found the pool under it). */
async function clusterOf(ctx: ProviderContext, pool: StoredResource): Promise<StoredResource> {
  return (await ctx.store.get(pool.parentKey!))!;
}

/**
 * A pool action's checks on its cluster: refused while the cluster is stopped, then while an
 * operation runs on the pool or its cluster; the write keeping the cluster as it was read.
 */
async function clusterRunningAndIdle(ctx: ProviderContext, input: ActionInput): Promise<Write> {
  const cluster = await clusterOf(ctx, input.owner);
  const stopped = clusterStoppedError(cluster.body["resource"] as Obj, "this agent pool operation");
  if (stopped) throw stopped;
  await input.refuseWhileBusy();
  return { op: "put", resource: cluster, expect: { etag: cluster.etag } };
}

/** The pool while an action runs: `state`, and the eTag of the generation it is stored at (an action is a write of the pool). */
function poolIn(ctx: ProviderContext, key: string, state: string, change: (properties: Obj) => void = () => undefined) {
  return (resource: Obj, generation: number): Obj => {
    change(props(resource));
    props(resource)["eTag"] = poolETag(ctx.ids, key, generation);
    props(resource)["provisioningState"] = state;
    return resource;
  };
}

/** The pool when its action ends: `finish` applied, Succeeded (its eTag kept). */
function poolDone(finish: (properties: Obj) => void = () => undefined) {
  return (resource: Obj): Obj => {
    finish(props(resource));
    props(resource)["provisioningState"] = "Succeeded";
    return resource;
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

/** The machines named in a deleteMachines body, each one of the pool's, leaving a System pool a node (AKS's rules; docs/fidelity.md "Pool rules worded by us"). */
function machinesToDelete(pool: StoredPool, body: unknown): string[] {
  const names = optionalArray(requireObject(body, "")["machineNames"], "machineNames");
  if (!names || names.length === 0 || names.some((n) => typeof n !== "string")) {
    throw new ArmError(
      400,
      "InvalidParameter",
      "The value of parameter machineNames is invalid: name at least one machine of the agent pool, e.g. from its machines list.",
      { target: "machineNames" },
    );
  }
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
  if (props(pool.resource)["mode"] === "System" && pool.meta.instances.length - names.length < 1) {
    throw new ArmError(
      400,
      "InvalidParameter",
      `Deleting these machines would leave System agent pool '${String(pool.resource["name"])}' without nodes. A System pool needs at least 1 node.`,
      { target: "machineNames" },
    );
  }
  return names as string[];
}

export const agentPoolActions: readonly ActionSpec[] = [
  {
    path: "upgradeProfiles/default",
    method: "GET",
    write: false,
    body: "none",
    answer: async ({ owner, resource }, ctx) => {
      const p = props(resource);
      const controlPlane = String(props((await clusterOf(ctx, owner)).body["resource"] as Obj)["currentKubernetesVersion"]);
      const current = String(p["currentOrchestratorVersion"]);
      const upgrades = poolUpgrades(versionCatalogue(ctx), current, controlPlane).map((kubernetesVersion) => ({ kubernetesVersion }));
      return {
        status: 200,
        body: {
          id: `${String(resource["id"])}/upgradeProfiles/default`,
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
    },
  },
  {
    // docs/fidelity.md "Node image upgrade answers": 202 with the pool showing UpgradingNodeImageVersion; at
    // --lro-duration 0 200 without a body, as the official example's 200 (no schema in the definition), which the
    // Location also answers when done (final-state-via location).
    path: "upgradeNodeImageVersion",
    write: true,
    body: "optional",
    operation: {
      kind: "upgradeNodeImage",
      start: async (input, ctx) => ({
        writes: [await clusterRunningAndIdle(ctx, input)],
        owner: poolIn(ctx, input.owner.key, "UpgradingNodeImageVersion"),
      }),
      complete: async (_op, owner, ctx) =>
        owner
          ? [
              owner.write(
                poolDone((p) => {
                  p["nodeImageVersion"] = latestNodeImage(versionCatalogue(ctx), p);
                }),
              ),
            ]
          : [],
      accepted: (pool) => pool,
      finished: async () => ({ status: 200 }),
      resultStatus: 200,
    },
  },
  {
    // The machines go at once (the machines list no longer has them, the count follows); the pool shows
    // Updating until the operation ends. 202 only (the definition; final-state-via azure-async-operation), also at --lro-duration 0.
    path: "deleteMachines",
    write: true,
    body: "required",
    operation: {
      kind: "deleteMachines",
      start: async (input, ctx) => {
        const pool = asPool(input.owner);
        const gone = new Set(machinesToDelete(pool, input.req.body).map((n) => n.toLowerCase()));
        const instances = pool.meta.instances.filter((i) => !gone.has(machineName(pool, i).toLowerCase()));
        return {
          writes: [await clusterRunningAndIdle(ctx, input)],
          owner: poolIn(ctx, input.owner.key, "Updating", (p) => {
            p["count"] = instances.length;
          }),
          ownerMeta: (meta) => ({ ...meta, instances }),
        };
      },
      complete: async (_op, owner) => (owner ? [owner.write(poolDone())] : []),
    },
  },
  abortAction("agent pool"),
];

/** The cluster's `availableAgentPoolVersions` (AgentPools_GetAvailableAgentPoolVersions; docs/fidelity.md "Available agent pool versions"). */
export const availableAgentPoolVersionsAction: ActionSpec = {
  path: "availableAgentPoolVersions",
  method: "GET",
  resourceType: "managedClusters/agentPools",
  write: false,
  body: "none",
  answer: async ({ resource: cluster }, ctx) => {
    const controlPlane = String(props(cluster)["currentKubernetesVersion"]);
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
  },
};
