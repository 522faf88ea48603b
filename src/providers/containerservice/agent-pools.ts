import { assertPoolSubnetPermissions } from "../links/control-plane-permissions.js";
import { CONTAINER_SERVICE_API_VERSIONS } from "../../arm/api-versions.js";
import { ArmError } from "../../arm/errors.js";
import { kitResource } from "../../kit/lifecycle.js";
import { optionalObject } from "../validation.js";
import { aksOperationStyle } from "./aks-operation-style.js";
import { asPool, buildPoolProfile, nextPoolMeta, poolETag, poolProfile, poolResource } from "./agent-pool-model.js";
import { agentPoolActions } from "./agent-pool-actions.js";
import { asCluster } from "./cluster-model.js";
import { clusterStoppedError } from "./power-state.js";
import { clusterBusy, clusterPoolRows, clusterScope, NAMESPACE, poolNotFound } from "./managed-clusters.js";
import { versionCatalogue } from "./version-catalogue.js";

type Obj = Record<string, unknown>;

/**
 * What a pool being stopped or started shows until its operation ends, as the AgentPools_Stop and
 * AgentPools_Start examples do (docs/fidelity.md "Stopping a node pool"); other updates show Updating.
 */
function powerTransition(prior: Obj | undefined, sent: Obj): string | undefined {
  const was = ((prior?.["powerState"] as Obj | undefined)?.["code"] as string | undefined) ?? "Running";
  const code = (sent["powerState"] as Obj | undefined)?.["code"];
  if (code === "Stopped" && was === "Running") return "Stopping";
  if (code === "Running" && was === "Stopped") return "Starting";
  return undefined;
}

/** AKS's operations on a pool, except that a DELETE waits for what is in flight (docs/fidelity.md "Deleting a busy agent pool"). */
const poolStyle = { ...aksOperationStyle("agentPool"), preempt: undefined };

/**
 * Microsoft.ContainerService/managedClusters/agentPools: long-running PUT and DELETE, GET, list
 * (spec: AgentPools_*). A pool's row is also what the cluster's `agentPoolProfiles` shows
 * (managed-clusters.ts), so a pool made, scaled or deleted here shows in the cluster.
 */
export const agentPoolsType = kitResource(
  {
    namespace: NAMESPACE,
    type: "managedClusters/agentPools",
    scope: clusterScope,
    nameParam: "agentPoolName",
    busy: clusterBusy,
    build: async ({ name, body, previous, previousMeta, scope, key, now: _now, final }, ctx) => {
      const properties = optionalObject(body["properties"], "properties") ?? {};
      const cluster = asCluster(scope.stored).resource;
      const stopped = clusterStoppedError(cluster, previous ? "updating agent pool" : "adding agent pool");
      if (stopped) throw stopped;
      const clusterProps = cluster["properties"] as Obj;
      const controlPlane = { requested: String(clusterProps["kubernetesVersion"]), current: String(clusterProps["currentKubernetesVersion"]) };
      const siblings = (await clusterPoolRows(ctx, scope.key)).filter((r) => r.key !== key).map((r) => asPool(r));
      const prior = previous ? poolProfile(previous) : undefined;
      const meta = previousMeta as ReturnType<typeof nextPoolMeta> | undefined;
      const ordinal = Math.max(-1, ...siblings.map((s) => s.meta.ordinal)) + 1;
      if (!previous && siblings.length >= 100) {
        throw new ArmError(400, "InvalidParameter", "The managed cluster has 100 agent pools; at most 100 are allowed.", { target: "agentPoolProfiles" });
      }
      const { poolSnapshot } = await import("./snapshots.js");
      const snapshot = await poolSnapshot(ctx, properties, prior);
      const profile = buildPoolProfile({
        snapshot,
        input: { ...properties, name },
        path: "properties",
        index: 0,
        controlPlane,
        previous: prior,
        eTag: poolETag(ctx.ids, key, (meta?.generation ?? 0) + 1),
        state: final ? "Succeeded" : previous ? (powerTransition(prior, properties) ?? "Updating") : "Creating",
        versions: versionCatalogue(ctx),
      });
      // A pool whose version moves is being upgraded (docs/fidelity.md "Cluster upgrade in flight").
      if (prior && profile["provisioningState"] === "Updating" && profile["currentOrchestratorVersion"] !== prior["currentOrchestratorVersion"]) {
        profile["provisioningState"] = "Upgrading";
      }
      if (prior?.["mode"] === "System" && profile["mode"] !== "System" && !siblings.some((s) => (s.resource["properties"] as Obj)["mode"] === "System")) {
        throw new ArmError(400, "MustDefineAtLeastOneSystemPool", "Must define at least one system pool.", { target: "agentPoolProfile.mode" });
      }
      const pools = [...siblings.map((s) => poolProfile(s.resource)), profile];
      if (pools.some((p) => typeof p["vnetSubnetID"] === "string")) {
        const { assertSubnetsAgree } = await import("./agent-pool-subnets.js");
        await assertSubnetsAgree(ctx, pools, (p) => p === profile && !previous);
      }
      if (typeof profile["vnetSubnetID"] === "string" && profile["vnetSubnetID"] !== prior?.["vnetSubnetID"]) {
        await assertPoolSubnetPermissions(ctx, cluster, profile);
      }
      return { resource: poolResource(profile, scope.idPrefix), meta: nextPoolMeta(meta, ordinal, profile["count"] as number) };
    },
    notFound: (name, scope) => {
      const cluster = asCluster(scope.stored).resource;
      const resourceGroup = /\/resourcegroups\/([^/]+)\//i.exec(String(cluster["id"]))?.[1] ?? "";
      return poolNotFound(String(cluster["name"]), resourceGroup, name);
    },
    etagOf: (resource) => String((resource["properties"] as Obj)["eTag"]),
    operations: poolStyle,
    // A pool being stopped, started or upgraded shows that (set by build) where the operation style says Updating.
    showState: (resource, state) => {
      const properties = resource["properties"] as Obj;
      const shown = properties["provisioningState"];
      if (state === "Updating" && (shown === "Stopping" || shown === "Starting" || shown === "Upgrading")) return;
      properties["provisioningState"] = state;
    },
    // The last pool, and the last System pool, stay (OperationNotAllowed wording as AKS answers: pulumi/pulumi-azure-native#1575).
    refuseDelete: async (stored, ctx) => {
      const siblings = (await clusterPoolRows(ctx, stored.parentKey!)).filter((r) => r.key !== stored.key);
      if (siblings.length === 0) return new ArmError(400, "OperationNotAllowed", "There has to be at least one agent pool.");
      const mode = (asPool(stored).resource["properties"] as Obj)["mode"];
      if (mode === "System" && !siblings.some((r) => (asPool(r).resource["properties"] as Obj)["mode"] === "System")) {
        return new ArmError(
          400,
          "OperationNotAllowed",
          `Agent pool '${String(asPool(stored).resource["name"])}' is the cluster's last System pool and cannot be deleted. Make another pool a System pool first.`,
        );
      }
      return undefined;
    },
    // docs/fidelity.md "--lro-duration 0": as the cluster's.
    deleteStatus: { existing: 204, missing: 204 },
    // Its upgrade profile, node image upgrade, deleteMachines and abort (agent-pool-actions.ts).
    actions: agentPoolActions,
  },
  {
    apiVersions: CONTAINER_SERVICE_API_VERSIONS,
    registration: "regions",
    sample: { name: "userpool", body: () => ({ properties: { count: 1, vmSize: "Standard_DS2_v2", mode: "User" } }) },
  },
);
