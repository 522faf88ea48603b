import { ArmError } from "../../arm/errors.js";
import type { ArmRequest, ArmResponse, Route } from "../../arm/router.js";
import { apiVersionsFor } from "../../arm/api-versions.js";
import { CONTAINER_SERVICE_LOCATIONS, locationDisplayName } from "../../arm/locations.js";
import type { ProviderContext } from "../context.js";
import { assertSubscriptionId } from "./subscriptions.js";

/**
 * Resource provider registration (Microsoft.Resources/providers). The namespaces we emulate
 * are registered in every subscription; register/unregister answer accordingly.
 */

const EMULATED: Record<string, string[]> = {
  "Microsoft.ContainerService": [
    "managedClusters",
    "managedClusters/privateEndpointConnections",
    "managedClusters/privateLinkResources",
    "locations",
    "locations/operations",
    "locations/operationresults",
  ],
  "Microsoft.Network": ["privateEndpoints", "virtualNetworks", "privateDnsZones"],
  "Microsoft.ManagedIdentity": ["userAssignedIdentities"],
  "Microsoft.Resources": ["resourceGroups", "subscriptions"],
};

function providerBody(subscriptionId: string, namespace: string): Record<string, unknown> {
  const types = EMULATED[namespace]!;
  const locations = CONTAINER_SERVICE_LOCATIONS.map((l) => locationDisplayName(l) ?? l);
  return {
    id: `/subscriptions/${subscriptionId}/providers/${namespace}`,
    namespace,
    registrationState: "Registered",
    registrationPolicy: "RegistrationRequired",
    resourceTypes: types.map((t) => ({
      resourceType: t,
      locations: t.startsWith("locations") ? [] : locations,
      apiVersions: [...(apiVersionsFor(namespace, t) ?? [])],
    })),
  };
}

function findNamespace(ns: string): string {
  const found = Object.keys(EMULATED).find((k) => k.toLowerCase() === ns.toLowerCase());
  if (!found) {
    throw new ArmError(
      404,
      "InvalidResourceNamespace",
      `The resource namespace '${ns}' is invalid or not served by this emulator. It serves ${Object.keys(EMULATED).join(", ")}.`,
    );
  }
  return found;
}

export function providerRoutes(ctx: ProviderContext): Route[] {
  void ctx;
  const arm = { namespace: "Microsoft.Resources", resourceType: "providers", kind: "arm" as const };
  const get = async (req: ArmRequest): Promise<ArmResponse> => {
    assertSubscriptionId(req.params["subscriptionId"]!);
    return { status: 200, body: providerBody(req.params["subscriptionId"]!, findNamespace(req.params["namespace"]!)) };
  };
  return [
    {
      method: "GET",
      path: "/subscriptions/:subscriptionId/providers",
      apiVersions: arm,
      write: false,
      body: "none",
      handler: async (req) => {
        assertSubscriptionId(req.params["subscriptionId"]!);
        return { status: 200, body: { value: Object.keys(EMULATED).map((ns) => providerBody(req.params["subscriptionId"]!, ns)) } };
      },
    },
    { method: "GET", path: "/subscriptions/:subscriptionId/providers/:namespace", apiVersions: arm, write: false, body: "none", handler: get },
    { method: "POST", path: "/subscriptions/:subscriptionId/providers/:namespace/register", apiVersions: arm, write: true, body: "optional", handler: get },
    { method: "POST", path: "/subscriptions/:subscriptionId/providers/:namespace/unregister", apiVersions: arm, write: true, body: "optional", handler: get },
    {
      method: "GET",
      path: "/providers/Microsoft.ContainerService/operations",
      apiVersions: { namespace: "Microsoft.ContainerService", resourceType: "operations", kind: "provider" },
      write: false,
      body: "none",
      // The 356-entry table is built when first asked for, not at start.
      handler: async () => ({ status: 200, body: (await import("../containerservice/operations-list.js")).containerServiceOperationsListBody() }),
    },
  ];
}
