import { ArmError } from "../../arm/errors.js";
import type { ArmRequest, ArmResponse, Route } from "../../arm/router.js";
import { CONTAINER_SERVICE_LOCATIONS, locationDisplayName } from "../../arm/locations.js";
import type { ProviderContext } from "../context.js";
import { assertSubscriptionId } from "./subscriptions.js";

/**
 * Resource provider registration (Microsoft.Resources/providers). The namespaces we emulate
 * are registered in every subscription; register/unregister answer accordingly.
 */

/** The namespaces served, each with its registered types (from the registry), as ARM answers them. */
function providerBody(ctx: ProviderContext, subscriptionId: string, namespace: string): Record<string, unknown> {
  const locations = CONTAINER_SERVICE_LOCATIONS.map((l) => locationDisplayName(l) ?? l);
  return {
    id: `/subscriptions/${subscriptionId}/providers/${namespace}`,
    namespace,
    registrationState: "Registered",
    registrationPolicy: "RegistrationRequired",
    resourceTypes: ctx.registry.declarations
      .filter((d) => d.namespace === namespace && d.registration !== "none")
      .map((d) => ({ resourceType: d.type, locations: d.registration === "regions" ? locations : [], apiVersions: [...d.apiVersions] })),
  };
}

/** Namespaces with a registered type, in declaration order. */
function registeredNamespaces(ctx: ProviderContext): string[] {
  return [...new Set(ctx.registry.declarations.filter((d) => d.registration !== "none").map((d) => d.namespace))];
}

function findNamespace(ctx: ProviderContext, ns: string): string {
  const served = registeredNamespaces(ctx);
  const found = served.find((k) => k.toLowerCase() === ns.toLowerCase());
  if (!found) {
    throw new ArmError(
      404,
      "InvalidResourceNamespace",
      `The resource namespace '${ns}' is invalid or not served by this emulator. It serves ${served.join(", ")}.`,
    );
  }
  return found;
}

export function providerRoutes(ctx: ProviderContext): Route[] {
  const arm = { namespace: "Microsoft.Resources", resourceType: "providers", kind: "arm" as const };
  const get = async (req: ArmRequest): Promise<ArmResponse> => {
    assertSubscriptionId(req.params["subscriptionId"]!);
    return { status: 200, body: providerBody(ctx, req.params["subscriptionId"]!, findNamespace(ctx, req.params["namespace"]!)) };
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
        return { status: 200, body: { value: registeredNamespaces(ctx).map((ns) => providerBody(ctx, req.params["subscriptionId"]!, ns)) } };
      },
    },
    { method: "GET", path: "/subscriptions/:subscriptionId/providers/:namespace", apiVersions: arm, write: false, body: "none", handler: get },
    { method: "POST", path: "/subscriptions/:subscriptionId/providers/:namespace/register", apiVersions: arm, write: true, body: "optional", handler: get },
    { method: "POST", path: "/subscriptions/:subscriptionId/providers/:namespace/unregister", apiVersions: arm, write: true, body: "optional", handler: get },
  ];
}
