import { CONTAINER_SERVICE_API_VERSIONS } from "../../arm/api-versions.js";
import { ArmError } from "../../arm/errors.js";
import type { ResourceTypeDeclaration } from "../../kit/declaration.js";
import { NAMESPACE } from "./managed-clusters.js";
import { servedPathLocation } from "./resource-location.js";

/**
 * The OS options of a location, `GET locations/{location}/osOptions/default`
 * (ManagedClusters_GetOSOptions; defined up to the 2023 stable versions, e.g. 2022-11-01, which
 * Python 21.1.0's `managed_clusters.get_os_options` sends, and gone from 2026-04-01). Each OS type
 * with and without a FIPS-enabled image, as real AKS listed them (docs/sources.md "OS options"),
 * in the fields the definition has (OSOptionProperty: `os-type`, `enable-fips-image`).
 */
const OS_OPTIONS = [
  { "os-type": "Linux", "enable-fips-image": false },
  { "os-type": "Linux", "enable-fips-image": true },
  { "os-type": "Windows", "enable-fips-image": false },
  { "os-type": "Windows", "enable-fips-image": true },
];

export const osOptionsType: ResourceTypeDeclaration = {
  namespace: NAMESPACE,
  type: "locations/osOptions",
  apiVersions: CONTAINER_SERVICE_API_VERSIONS,
  registration: "no-locations",
  routes: () => [
    {
      method: "GET",
      path: `/subscriptions/:subscriptionId/providers/${NAMESPACE}/locations/:location/osOptions/default`,
      apiVersions: { namespace: NAMESPACE, resourceType: "locations/osOptions", kind: "provider" },
      write: false,
      body: "none",
      handler: async (req) => {
        servedPathLocation(req.params, "locations/osOptions");
        const resourceType = req.query.get("resource-type");
        if (resourceType !== null && resourceType.toLowerCase() !== "managedclusters") {
          // docs/fidelity.md "OS options"
          throw new ArmError(
            400,
            "InvalidParameter",
            `The value of parameter resource-type is invalid: '${resourceType}'. Only 'managedClusters' is supported.`,
            {
              target: "resource-type",
            },
          );
        }
        const { subscriptionId, location } = req.params;
        return {
          status: 200,
          body: {
            id: `/subscriptions/${subscriptionId}/providers/${NAMESPACE}/locations/${location}/osOptions/default`,
            name: "default",
            type: `${NAMESPACE}/locations/osOptions`,
            properties: { osOptionPropertyList: OS_OPTIONS },
          },
        };
      },
    },
  ],
};
