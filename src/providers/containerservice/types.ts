import { CONTAINER_SERVICE_API_VERSIONS, CONTAINER_SERVICE_OPERATION_STATUS_API_VERSIONS } from "../../arm/api-versions.js";
import { operationResultResponse, operationStatusResponse } from "../../arm/lro.js";
import type { ResourceTypeDeclaration } from "../../kit/declaration.js";
import { PREEMPTED } from "./aks-operation-style.js";
import { managedClustersKit, NAMESPACE, operationRoutes, renderCluster } from "./managed-clusters.js";

/** Microsoft.ContainerService types: the cluster on the kit, the others by hand-written routes (not on the kit yet). */

/** The cluster and its actions (private link resources, credentials, ...: managed-clusters.ts `actions`), all the kit's. */
export const managedClustersType: ResourceTypeDeclaration = managedClustersKit;

/** Served by the cluster's privateLinkResources action (private-link-resources.ts). */
export const privateLinkResourcesType: ResourceTypeDeclaration = {
  namespace: NAMESPACE,
  type: "managedClusters/privateLinkResources",
  apiVersions: CONTAINER_SERVICE_API_VERSIONS,
  registration: "regions",
};

export const locationsType: ResourceTypeDeclaration = {
  namespace: NAMESPACE,
  type: "locations",
  apiVersions: CONTAINER_SERVICE_API_VERSIONS,
  registration: "no-locations",
};

export const operationStatusType: ResourceTypeDeclaration = {
  namespace: NAMESPACE,
  type: "locations/operations",
  apiVersions: CONTAINER_SERVICE_OPERATION_STATUS_API_VERSIONS,
  registration: "no-locations",
  // An operation a DELETE preempted ends with nothing to write (aks-operation-style.ts), whatever AKS type it ran on.
  completers: () => ({ [PREEMPTED]: async () => [] }),
  routes: (ctx) =>
    operationRoutes(
      (sub, loc, id) => operationStatusResponse(ctx.store, sub, loc, NAMESPACE, id),
      (req) =>
        operationResultResponse(
          ctx.store,
          req.origin,
          req.params["subscriptionId"]!,
          req.params["location"]!,
          NAMESPACE,
          req.params["operationId"]!,
          async (key) => {
            const r = await ctx.store.get(key);
            return r ? renderCluster(r, "get") : undefined;
          },
        ),
    ),
};

/** Served by operationStatusType's routes. */
export const operationResultType: ResourceTypeDeclaration = {
  namespace: NAMESPACE,
  type: "locations/operationresults",
  apiVersions: CONTAINER_SERVICE_OPERATION_STATUS_API_VERSIONS,
  registration: "no-locations",
};

/** GET /providers/Microsoft.ContainerService/operations: the provider's operations list. */
export const operationsListType: ResourceTypeDeclaration = {
  namespace: NAMESPACE,
  type: "operations",
  apiVersions: CONTAINER_SERVICE_API_VERSIONS,
  registration: "none",
  routes: () => [
    {
      method: "GET",
      path: "/providers/Microsoft.ContainerService/operations",
      apiVersions: { namespace: NAMESPACE, resourceType: "operations", kind: "provider" },
      write: false,
      body: "none",
      // The 356-entry table is built when first asked for, not at start.
      handler: async () => ({ status: 200, body: (await import("./operations-list.js")).containerServiceOperationsListBody() }),
    },
  ],
};
