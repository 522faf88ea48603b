import { RESOURCES_API_VERSIONS } from "../../arm/api-versions.js";
import type { ResourceTypeDeclaration } from "../../kit/declaration.js";
import { genericResourcesDeclaration } from "./generic-resources.js";
import { providerRoutes } from "./providers.js";
import { subscriptionRoutes } from "./subscriptions.js";

/** Microsoft.Resources: ARM's own endpoints (kind "arm": ARM's api-version errors, not a provider's). */

const NAMESPACE = "Microsoft.Resources";

export const subscriptionsType: ResourceTypeDeclaration = {
  namespace: NAMESPACE,
  type: "subscriptions",
  apiVersions: RESOURCES_API_VERSIONS,
  registration: "regions",
  routes: subscriptionRoutes,
};

export const providersType: ResourceTypeDeclaration = {
  namespace: NAMESPACE,
  type: "providers",
  apiVersions: RESOURCES_API_VERSIONS,
  registration: "none",
  routes: providerRoutes,
};

export const genericResourcesType: ResourceTypeDeclaration = genericResourcesDeclaration(RESOURCES_API_VERSIONS);
