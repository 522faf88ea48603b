import { TRUSTED_ACCESS_API_VERSIONS } from "../../arm/api-versions.js";
import { ArmError } from "../../arm/errors.js";
import type { ResourceTypeDeclaration } from "../../kit/declaration.js";
import { kitResource } from "../../kit/lifecycle.js";
import { aksOperationStyle } from "./aks-operation-style.js";
import { clusterBusy, clusterChildNotFound, clusterScope, NAMESPACE } from "./managed-clusters.js";
import { servedPathLocation } from "./resource-location.js";
import type { TrustedAccessCatalogue } from "./trusted-access-rules.js";

/**
 * Trusted access (https://learn.microsoft.com/azure/aks/trusted-access-feature): the catalogue of
 * roles other Azure services' resources can be given on a cluster (`locations/{l}/trustedAccessRoles`,
 * from data/trusted-access-roles.json, loaded with the first request that needs it) and a cluster's
 * `trustedAccessRoleBindings` (long-running PUT and DELETE, GET, list; spec TrustedAccessRoleBindings_*).
 */

type Obj = Record<string, unknown>;

const BINDING_TYPE = `${NAMESPACE}/managedClusters/trustedAccessRoleBindings`;

async function catalogue(): Promise<TrustedAccessCatalogue> {
  return (await import("./data/trusted-access-roles.json", { with: { type: "json" } })).default as TrustedAccessCatalogue;
}

/** GET locations/{location}/trustedAccessRoles: every role of the catalogue, in one page (TrustedAccessRoles_List). */
export const trustedAccessRolesType: ResourceTypeDeclaration = {
  namespace: NAMESPACE,
  type: "locations/trustedAccessRoles",
  apiVersions: TRUSTED_ACCESS_API_VERSIONS,
  registration: "no-locations",
  routes: () => [
    {
      method: "GET",
      path: `/subscriptions/:subscriptionId/providers/${NAMESPACE}/locations/:location/trustedAccessRoles`,
      apiVersions: { namespace: NAMESPACE, resourceType: "locations/trustedAccessRoles", kind: "provider" },
      write: false,
      body: "none",
      handler: async (req) => {
        servedPathLocation(req.params, "locations/trustedAccessRoles");
        return { status: 200, body: { value: (await catalogue()).roles } };
      },
    },
  ],
};

/** The binding names AKS accepts (the definition's `trustedAccessRoleBindingName`: 1 to 24 letters, digits and hyphens). */
function checkBindingName(name: string): void {
  if (!/^[A-Za-z0-9-]{1,24}$/.test(name)) {
    throw new ArmError(
      400,
      "InvalidParameter",
      `The value of parameter trustedAccessRoleBindingName is invalid: '${name}'. A trusted access role binding name has 1 to 24 characters, each a letter, a digit or '-'.`,
      { target: "trustedAccessRoleBindingName" },
    );
  }
}

/**
 * A binding is in flight as `Updating`, created or updated alike, as real AKS shows it (the
 * definition's provisioning states have no `Creating`; docs/sources.md "Trusted access").
 */
const bindingStyle = { ...aksOperationStyle("trustedAccessRoleBinding"), inFlightState: () => "Updating" };

export const trustedAccessRoleBindingsType = kitResource(
  {
    namespace: NAMESPACE,
    type: "managedClusters/trustedAccessRoleBindings",
    scope: clusterScope,
    nameParam: "trustedAccessRoleBindingName",
    busy: clusterBusy,
    checkName: checkBindingName,
    build: async ({ name, body, previous, id, final }) => {
      const { validateTrustedAccessRoleBinding } = await import("./trusted-access-rules.js");
      const { sourceResourceId, roles } = validateTrustedAccessRoleBinding(body, await catalogue());
      const properties: Obj = { provisioningState: final ? "Succeeded" : "Updating", sourceResourceId, roles };
      // The recorded binding's id spells `resourceGroups`, where its cluster's spells `resourcegroups` (docs/sources.md "Trusted access").
      const bindingId = id.replace(/\/resourcegroups\//i, "/resourceGroups/");
      return { resource: { id: bindingId, name: previous ? previous["name"] : name, type: BINDING_TYPE, properties } };
    },
    notFound: clusterChildNotFound("trustedAccessRoleBindings"),
    operations: bindingStyle,
    // docs/fidelity.md "--lro-duration 0": as the cluster's.
    deleteStatus: { existing: 204, missing: 204 },
  },
  {
    apiVersions: TRUSTED_ACCESS_API_VERSIONS,
    registration: "regions",
    sample: {
      name: "binding1",
      body: (refs) => ({
        properties: {
          sourceResourceId: `/subscriptions/${refs.subscriptionId}/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/ws1`,
          roles: ["Microsoft.MachineLearningServices/workspaces/mlworkload"],
        },
      }),
    },
  },
);
