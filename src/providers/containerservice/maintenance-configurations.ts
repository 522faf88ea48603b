import { CONTAINER_SERVICE_API_VERSIONS } from "../../arm/api-versions.js";
import { kitResource } from "../../kit/lifecycle.js";
import { asCluster } from "./cluster-model.js";
import { childNotFoundUnder, clusterBusy, clusterScope, NAMESPACE } from "./managed-clusters.js";
import { canonicalMaintenanceConfigName, MAINTENANCE_CONFIGURATION_PUT_STATUS, maintenancePropertiesForApiVersion } from "./maintenance-names.js";

type Obj = Record<string, unknown>;

/**
 * Microsoft.ContainerService/managedClusters/maintenanceConfigurations: synchronous PUT, GET, list,
 * DELETE under a cluster (spec: aks/stable/2026-04-01/managedClusters.json, MaintenanceConfigurations_*).
 * The rules are maintenance-rules.ts; the lifecycle is the kit's.
 */
export const maintenanceConfigurationsType = kitResource(
  {
    namespace: NAMESPACE,
    type: "managedClusters/maintenanceConfigurations",
    scope: clusterScope,
    nameParam: "configName",
    busy: clusterBusy,
    checkName: canonicalMaintenanceConfigName,
    // The body rules load with the first PUT, not at start.
    build: async ({ name, body, previous, scope, apiVersion, now }) => {
      const { renderMaintenanceConfiguration, validateMaintenanceConfiguration } = await import("./maintenance-rules.js");
      const properties = validateMaintenanceConfiguration(name, body, {
        now: new Date(now),
        apiVersion,
        previous: previous?.["properties"] as Obj | undefined,
      });
      const cluster = asCluster(scope.stored).resource;
      const resourceGroup = /\/resourcegroups\/([^/]+)\//i.exec(String(cluster["id"]))?.[1] ?? "";
      const { id, name: canonical } = renderMaintenanceConfiguration(
        { subscriptionId: scope.subscriptionId, resourceGroup, clusterName: String(cluster["name"]) },
        name,
        properties,
        apiVersion,
      );
      return { resource: { id, name: canonical, properties } };
    },
    // {id, name, properties} as AKS answers (no type): docs/fidelity.md "Maintenance configuration answers".
    render: (resource, apiVersion) => ({
      id: resource["id"],
      name: resource["name"],
      properties: maintenancePropertiesForApiVersion(resource["properties"] as Obj, apiVersion),
    }),
    notFound: (name, scope) => childNotFoundUnder(scope.stored, "maintenanceConfigurations", name),
    putStatus: () => MAINTENANCE_CONFIGURATION_PUT_STATUS,
  },
  {
    apiVersions: CONTAINER_SERVICE_API_VERSIONS,
    registration: "regions",
    sample: { name: "default", body: () => ({ properties: { timeInWeek: [{ day: "Monday", hourSlots: [1, 2] }] } }) },
  },
);
