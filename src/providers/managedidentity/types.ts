import { MANAGED_IDENTITY_API_VERSIONS } from "../../arm/api-versions.js";
import type { ResourceTypeDeclaration } from "../../kit/declaration.js";
import { userAssignedIdentityRoutes } from "./user-assigned-identities.js";

export const userAssignedIdentitiesType: ResourceTypeDeclaration = {
  namespace: "Microsoft.ManagedIdentity",
  type: "userAssignedIdentities",
  apiVersions: MANAGED_IDENTITY_API_VERSIONS,
  registration: "regions",
  routes: userAssignedIdentityRoutes,
};
