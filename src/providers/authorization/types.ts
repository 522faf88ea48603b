import type { ResourceTypeDeclaration } from "../../kit/declaration.js";
import { roleAssignmentRoutes } from "./role-assignments.js";
import { roleDefinitionRoutes } from "./role-definitions.js";
import { AUTHORIZATION_NAMESPACE } from "./scopes.js";

/**
 * Microsoft.Authorization, the api-versions Azure's clients send: az 2.45 2020-04-01-preview for
 * assignments and 2018-01-01-preview for definitions (azure/cli/core/profiles/_shared.py), the
 * TS SDK @azure/arm-authorization 9 2022-04-01 (the versions of
 * specification/authorization/resource-manager/Microsoft.Authorization).
 */
export const roleAssignmentsType: ResourceTypeDeclaration = {
  namespace: AUTHORIZATION_NAMESPACE,
  type: "roleAssignments",
  apiVersions: ["2015-07-01", "2018-01-01-preview", "2018-09-01-preview", "2020-04-01-preview", "2020-10-01-preview", "2022-04-01"],
  registration: "no-locations",
  routes: roleAssignmentRoutes,
  sample: {
    name: "3f3b8f0e-5e6c-4d1a-9f5e-1c2d3e4f5a6b",
    body: (refs) => ({
      properties: {
        roleDefinitionId: `/subscriptions/${refs.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
        principalId: "6b1f0e2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
        principalType: "ServicePrincipal",
      },
    }),
  },
};

export const roleDefinitionsType: ResourceTypeDeclaration = {
  namespace: AUTHORIZATION_NAMESPACE,
  type: "roleDefinitions",
  apiVersions: ["2015-07-01", "2018-01-01-preview", "2022-04-01"],
  registration: "no-locations",
  routes: roleDefinitionRoutes,
};
