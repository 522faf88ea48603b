import { CONTAINER_SERVICE_API_VERSIONS } from "../../arm/api-versions.js";
import { ArmError } from "../../arm/errors.js";
import type { ArmResponse, Route } from "../../arm/router.js";
import type { ResourceTypeDeclaration } from "../../kit/declaration.js";
import type { ProviderContext } from "../context.js";
import { asPool, poolProfile } from "./agent-pool-model.js";
import { asCluster, withAgentPools } from "./cluster-model.js";
import { clusterPoolRows, NAMESPACE, requireCluster } from "./managed-clusters.js";
import { versionCatalogue } from "./version-catalogue.js";

/**
 * The routes of what the version catalogue (docs/version-catalogue.md) answers (the answers
 * themselves are in version-answers.ts, loaded at the first request): the location's Kubernetes versions
 * (`locations/{l}/kubernetesVersions`, ManagedClusters_ListKubernetesVersions), the orchestrator list
 * az 2.45's `az aks get-versions` reads (`locations/{l}/orchestrators`, 2019-04-01,
 * ContainerServices_ListOrchestrators) and a cluster's upgrade profile (`upgradeProfiles/default`,
 * ManagedClusters_GetUpgradeProfile).
 */

const LOCATION_PATH = `/subscriptions/:subscriptionId/providers/${NAMESPACE}/locations/:location`;
const CLUSTER_PATH = `/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/${NAMESPACE}/managedClusters/:resourceName`;

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
        const answers = await import("./version-answers.js");
        answers.servedLocation(req);
        return { status: 200, body: answers.kubernetesVersionsBody(versionCatalogue(ctx)) };
      },
    },
    {
      method: "GET",
      path: `${LOCATION_PATH}/orchestrators`,
      apiVersions: provider("locations/orchestrators"),
      write: false,
      body: "none",
      handler: async (req): Promise<ArmResponse> => {
        const answers = await import("./version-answers.js");
        const location = answers.servedLocation(req);
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
        return { status: 200, body: answers.orchestratorsBody(versionCatalogue(ctx), req.params["subscriptionId"]!, location) };
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
        const answers = await import("./version-answers.js");
        return { status: 200, body: answers.upgradeProfileBody(versionCatalogue(ctx), withAgentPools(asCluster(stored).resource, pools)) };
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
