import { CONTAINER_SERVICE_API_VERSIONS } from "../../arm/api-versions.js";
import { ArmError } from "../../arm/errors.js";
import { CONTAINER_SERVICE_LOCATIONS, normalizeLocation } from "../../arm/locations.js";
import type { ArmRequest, ArmResponse, Route } from "../../arm/router.js";
import type { ResourceTypeDeclaration } from "../../kit/declaration.js";
import type { ProviderContext } from "../context.js";
import { assertSubscriptionId } from "../resources/subscriptions.js";
import { asPool, poolProfile } from "./agent-pool-model.js";
import { asCluster, withAgentPools } from "./cluster-model.js";
import { clusterPoolRows, NAMESPACE, requireCluster } from "./managed-clusters.js";
import { type VersionCatalogue, versionCatalogue } from "./version-catalogue.js";

/**
 * What the version catalogue (docs/version-catalogue.md) answers: the location's Kubernetes versions
 * (`locations/{l}/kubernetesVersions`, ManagedClusters_ListKubernetesVersions), the orchestrator list
 * az 2.45's `az aks get-versions` reads (`locations/{l}/orchestrators`, 2019-04-01,
 * ContainerServices_ListOrchestrators) and a cluster's upgrade profile (`upgradeProfiles/default`,
 * ManagedClusters_GetUpgradeProfile).
 */

type Obj = Record<string, unknown>;

const LOCATION_PATH = `/subscriptions/:subscriptionId/providers/${NAMESPACE}/locations/:location`;
const CLUSTER_PATH = `/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/${NAMESPACE}/managedClusters/:resourceName`;

/** The location a listing names, as AKS serves it (docs/fidelity.md "Version listings of an unknown location"). */
function servedLocation(req: ArmRequest): string {
  assertSubscriptionId(req.params["subscriptionId"]!);
  const raw = req.params["location"]!;
  const location = normalizeLocation(raw);
  if (!location || !CONTAINER_SERVICE_LOCATIONS.includes(location)) {
    throw new ArmError(
      400,
      "LocationNotAvailableForResourceType",
      `The provided location '${raw}' is not available for resource type 'Microsoft.ContainerService/managedClusters'. List of available regions for the resource type is '${CONTAINER_SERVICE_LOCATIONS.join(",")}'.`,
    );
  }
  return location;
}

/** KubernetesVersionListResult: each minor, oldest first, with its patches and their upgrades (the KubernetesVersions_List example's shape). */
function kubernetesVersionsBody(versions: VersionCatalogue): Obj {
  return {
    values: versions.minors.map((m) => {
      const patchVersions: Obj = {};
      for (const p of m.patchVersions) patchVersions[p] = { upgrades: versions.upgradesFrom(p).map((u) => u.kubernetesVersion) };
      return {
        capabilities: { supportPlan: [...m.supportPlan] },
        ...(m.version === versions.defaultVersion ? { isDefault: true } : {}),
        ...(m.isPreview ? { isPreview: true } : {}),
        patchVersions,
        version: m.version,
      };
    }),
  };
}

/**
 * OrchestratorVersionProfileListResult (2019-04-01): every patch, oldest first; `default` on the newest
 * patch of the default minor; upgrades as the catalogue gives them (docs/fidelity.md "Orchestrator list").
 */
function orchestratorsBody(versions: VersionCatalogue, subscriptionId: string, location: string): Obj {
  const defaultPatch = versions.resolve("", "kubernetesVersion").current;
  return {
    id: `/subscriptions/${subscriptionId}/providers/${NAMESPACE}/locations/${location}/orchestrators`,
    name: "default",
    type: `${NAMESPACE}/locations/orchestrators`,
    properties: {
      orchestrators: versions.patchVersions().map((v) => {
        const upgrades = versions.upgradesFrom(v);
        return {
          orchestratorType: "Kubernetes",
          orchestratorVersion: v,
          ...(v === defaultPatch ? { default: true } : {}),
          ...(versions.isPreview(v) ? { isPreview: true } : {}),
          ...(upgrades.length > 0
            ? {
                upgrades: upgrades.map((u) => ({
                  orchestratorType: "Kubernetes",
                  orchestratorVersion: u.kubernetesVersion,
                  ...(u.isPreview ? { isPreview: true } : {}),
                })),
              }
            : {}),
        };
      }),
    },
  };
}

/** ManagedClusterUpgradeProfile: the control plane's and each pool's running version and its upgrades (the GetUpgradeProfile examples' shape). */
function upgradeProfileBody(versions: VersionCatalogue, cluster: Obj): Obj {
  const props = cluster["properties"] as Obj;
  const current = String(props["currentKubernetesVersion"] ?? props["kubernetesVersion"]);
  const upgrades = (from: string) => versions.upgradesFrom(from);
  const pools = (props["agentPoolProfiles"] as Obj[] | undefined) ?? [];
  return {
    id: `${String(cluster["id"])}/upgradeprofiles/default`,
    name: "default",
    type: `${NAMESPACE}/managedClusters/upgradeprofiles`,
    properties: {
      controlPlaneProfile: { kubernetesVersion: current, name: "master", osType: "Linux", upgrades: upgrades(current) },
      agentPoolProfiles: pools.map((p) => {
        const version = String(p["currentOrchestratorVersion"] ?? p["orchestratorVersion"] ?? current);
        return { kubernetesVersion: version, name: p["name"], osType: p["osType"] ?? "Linux", upgrades: upgrades(version) };
      }),
    },
  };
}

function listingRoutes(ctx: ProviderContext): Route[] {
  const provider = (resourceType: string) => ({ namespace: NAMESPACE, resourceType, kind: "provider" as const });
  return [
    {
      method: "GET",
      path: `${LOCATION_PATH}/kubernetesVersions`,
      apiVersions: provider("locations/kubernetesVersions"),
      write: false,
      body: "none",
      handler: async (req): Promise<ArmResponse> => {
        servedLocation(req);
        return { status: 200, body: kubernetesVersionsBody(versionCatalogue(ctx)) };
      },
    },
    {
      method: "GET",
      path: `${LOCATION_PATH}/orchestrators`,
      apiVersions: provider("locations/orchestrators"),
      write: false,
      body: "none",
      handler: async (req): Promise<ArmResponse> => {
        const location = servedLocation(req);
        const resourceType = req.query.get("resource-type");
        if (resourceType !== null && resourceType.toLowerCase() !== "managedclusters") {
          // docs/fidelity.md "Orchestrator list".
          throw new ArmError(
            400,
            "InvalidParameter",
            `The value of parameter resource-type is invalid: '${resourceType}'. Only 'managedClusters' is supported; Azure Container Service (containerServices) is retired.`,
            { target: "resource-type" },
          );
        }
        return { status: 200, body: orchestratorsBody(versionCatalogue(ctx), req.params["subscriptionId"]!, location) };
      },
    },
    {
      method: "GET",
      path: `${CLUSTER_PATH}/upgradeProfiles/default`,
      apiVersions: provider("managedClusters/upgradeProfiles"),
      write: false,
      body: "none",
      handler: async (req): Promise<ArmResponse> => {
        const { stored, key } = await requireCluster(ctx, req.params);
        // The pools are rows of their own (agentPools), shown in the cluster as its answers show them.
        const pools = (await clusterPoolRows(ctx, key)).map((row) => {
          const pool = asPool(row);
          return { profile: poolProfile(pool.resource), meta: pool.meta };
        });
        return { status: 200, body: upgradeProfileBody(versionCatalogue(ctx), withAgentPools(asCluster(stored).resource, pools)) };
      },
    },
  ];
}

/** Served by listingRoutes, with the two below. */
export const kubernetesVersionsType: ResourceTypeDeclaration = {
  namespace: NAMESPACE,
  type: "locations/kubernetesVersions",
  apiVersions: CONTAINER_SERVICE_API_VERSIONS,
  registration: "no-locations",
  routes: listingRoutes,
};

export const orchestratorsType: ResourceTypeDeclaration = {
  namespace: NAMESPACE,
  type: "locations/orchestrators",
  apiVersions: CONTAINER_SERVICE_API_VERSIONS,
  registration: "no-locations",
};

export const upgradeProfilesType: ResourceTypeDeclaration = {
  namespace: NAMESPACE,
  type: "managedClusters/upgradeProfiles",
  apiVersions: CONTAINER_SERVICE_API_VERSIONS,
  registration: "none",
};
