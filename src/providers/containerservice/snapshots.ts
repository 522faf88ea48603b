import { CONTAINER_SERVICE_API_VERSIONS } from "../../arm/api-versions.js";
import { ArmError } from "../../arm/errors.js";
import { kitResource, resourceGroupScope } from "../../kit/lifecycle.js";
import type { ProviderContext } from "../context.js";
import { requireResourceGroup } from "../resources/resource-groups.js";
import { optionalObject, optionalString, optionalStringMap } from "../validation.js";
import { asPool, type PoolSnapshot } from "./agent-pool-model.js";
import { containerServiceLocation } from "./resource-location.js";

const NAMESPACE = "Microsoft.ContainerService";

type Obj = Record<string, unknown>;

const SNAPSHOT_TYPE = "Microsoft.ContainerService/snapshots";
const POOL_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ContainerService\/managedClusters\/[^/]+\/agentPools\/[^/]+$/i;
const SNAPSHOT_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerService\/snapshots\/([^/]+)$/i;

/** What a node pool snapshot captures of its pool (API definition SnapshotProperties; example SnapshotsCreate.json). */
function captured(pool: Obj): Obj {
  const p = pool["properties"] as Obj;
  return {
    kubernetesVersion: p["currentOrchestratorVersion"],
    nodeImageVersion: p["nodeImageVersion"],
    osType: p["osType"],
    osSku: p["osSKU"],
    vmSize: p["vmSize"],
    enableFIPS: p["enableFIPS"] ?? false,
  };
}

/**
 * Microsoft.ContainerService/snapshots (node pool snapshots): synchronous PUT (201/200), GET, PATCH
 * (tags), DELETE, lists in the group and the subscription (spec: Snapshots_*). A snapshot is taken
 * of an agent pool that exists (`creationData.sourceResourceId`) and keeps what the pool ran then; a
 * pool or cluster created from it (`creationData` on the pool) starts on its version and node image.
 */
export const snapshotsType = kitResource(
  {
    namespace: NAMESPACE,
    type: "snapshots",
    scope: resourceGroupScope(NAMESPACE, requireResourceGroup),
    nameParam: "resourceName",
    listBySubscription: true,
    patchTags: true,
    build: async ({ name, body, previous, id }, ctx) => {
      const location = containerServiceLocation(body["location"], "snapshots", previous ? String(previous["location"]) : undefined);
      const tags = optionalStringMap(body["tags"], "tags");
      const props = optionalObject(body["properties"], "properties") ?? {};
      const snapshotType = optionalString(props["snapshotType"], "properties.snapshotType") ?? "NodePool";
      if (snapshotType !== "NodePool") {
        throw new ArmError(
          400,
          "InvalidParameter",
          `The value of parameter snapshotType is invalid: '${snapshotType}'. Only 'NodePool' snapshots are supported.`,
          {
            target: "properties.snapshotType",
          },
        );
      }
      const creation = optionalObject(props["creationData"], "properties.creationData");
      const source = optionalString(creation?.["sourceResourceId"], "properties.creationData.sourceResourceId");
      const prevProps = previous?.["properties"] as Obj | undefined;
      let properties: Obj;
      if (previous) {
        // docs/fidelity.md "Snapshot updates": only the tags change.
        const had = String(((prevProps?.["creationData"] ?? {}) as Obj)["sourceResourceId"]);
        if (source !== undefined && source.toLowerCase() !== had.toLowerCase()) {
          throw new ArmError(400, "PropertyChangeNotAllowed", "Changing property 'creationData.sourceResourceId' is not allowed.", {
            target: "properties.creationData.sourceResourceId",
          });
        }
        properties = structuredClone(prevProps!);
      } else {
        if (source === undefined) {
          throw new ArmError(
            400,
            "InvalidParameter",
            "The value of parameter creationData.sourceResourceId is invalid: a node pool snapshot needs the resource id of the agent pool to take it from.",
            { target: "properties.creationData.sourceResourceId" },
          );
        }
        const pool = await snapshotSource(ctx, source);
        properties = { creationData: { sourceResourceId: source }, snapshotType, ...captured(pool) };
      }
      const resource: Obj = { id, name: previous ? previous["name"] : name, type: SNAPSHOT_TYPE, location, properties };
      if (tags ?? previous?.["tags"]) resource["tags"] = tags ?? previous?.["tags"];
      return { resource };
    },
    notFound: (name, scope) =>
      new ArmError(
        404,
        "ResourceNotFound",
        `The Resource 'Microsoft.ContainerService/snapshots/${name}' under resource group '${String(scope.stored.body["name"])}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
      ),
  },
  {
    apiVersions: CONTAINER_SERVICE_API_VERSIONS,
    registration: "regions",
    sample: {
      name: "snap1",
      body: (refs) => ({ location: "eastus", properties: { creationData: { sourceResourceId: `${refs.clusterId}/agentPools/nodepool1` } } }),
      patch: { tags: { env: "fuzz2" } },
    },
  },
);

/** The agent pool a snapshot is taken of; docs/fidelity.md "Snapshot of a missing pool". */
async function snapshotSource(ctx: ProviderContext, sourceId: string): Promise<Obj> {
  if (!POOL_ID.test(sourceId)) {
    throw new ArmError(
      400,
      "InvalidParameter",
      `The value of parameter creationData.sourceResourceId is invalid: '${sourceId}' is not the resource id of an agent pool (…/managedClusters/<cluster>/agentPools/<pool>).`,
      { target: "properties.creationData.sourceResourceId" },
    );
  }
  const row = await ctx.store.get(sourceId.toLowerCase());
  if (!row) {
    throw new ArmError(400, "InvalidParameter", `The value of parameter creationData.sourceResourceId is invalid: agent pool '${sourceId}' was not found.`, {
      target: "properties.creationData.sourceResourceId",
    });
  }
  return asPool(row).resource;
}

/**
 * The snapshot a pool newly names in `creationData.sourceResourceId`, as its version and image: the
 * pool starts on the snapshot's Kubernetes version (unless it names one) and node image.
 */
export async function poolSnapshot(ctx: ProviderContext, pool: Obj, previous: Obj | undefined): Promise<PoolSnapshot | undefined> {
  const source = (pool["creationData"] as Obj | undefined)?.["sourceResourceId"];
  if (typeof source !== "string" || source === "") return undefined;
  // A pool sends back the creationData it was made with: only a new source counts.
  const had = (previous?.["creationData"] as Obj | undefined)?.["sourceResourceId"];
  if (typeof had === "string" && had.toLowerCase() === source.toLowerCase()) return undefined;
  const m = SNAPSHOT_ID.exec(source);
  const row = m ? await ctx.store.get(source.toLowerCase()) : undefined;
  if (!row) {
    throw new ArmError(
      400,
      "InvalidParameter",
      `The value of parameter agentPoolProfile.creationData.sourceResourceId is invalid: snapshot '${source}' was not found. Name a node pool snapshot (Microsoft.ContainerService/snapshots) that exists.`,
      { target: "agentPoolProfile.creationData.sourceResourceId" },
    );
  }
  const props = ((row.body["resource"] as Obj)["properties"] ?? {}) as Obj;
  return { kubernetesVersion: String(props["kubernetesVersion"]), nodeImageVersion: String(props["nodeImageVersion"]) };
}
