import { CONTAINER_SERVICE_API_VERSIONS } from "../../arm/api-versions.js";
import { ArmError } from "../../arm/errors.js";
import { kitResource } from "../../kit/lifecycle.js";
import { userAssignedIdentityIds } from "../links/managed-identities.js";
import { optionalObject, optionalString } from "../validation.js";
import { aksOperationStyle } from "./aks-operation-style.js";
import { asCluster } from "./cluster-model.js";
import { clusterBusy, clusterChildNotFound, clusterScope, NAMESPACE } from "./managed-clusters.js";

type Obj = Record<string, unknown>;

const BINDING_TYPE = "Microsoft.ContainerService/managedClusters/identityBindings";

/** identityBindingName (spec: aks/stable/2026-04-01/managedClusters.json, IdentityBindings_*): 1-63 characters. */
const BINDING_NAME = /^[a-z][a-z0-9]{0,62}$/;

/** IdentityBindingManagedIdentityProfile.resourceId's pattern in the definition (ids are case-insensitive). */
const IDENTITY_ID =
  /^\/subscriptions\/[a-zA-Z0-9-]+\/resourceGroups\/([a-zA-Z0-9-]+)\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/([a-zA-Z0-9-]+)$/i;

/**
 * The issuer AKS keeps per managed identity, the same for every cluster bound to it
 * (learn.microsoft.com/azure/aks/identity-bindings: `https://ib.oic.prod-aks.azure.com/<MI-tenant-id>/<MI-client-id>`).
 */
function issuerUrl(tenantId: string, clientId: string): string {
  return `https://ib.oic.prod-aks.azure.com/${tenantId}/${clientId}`;
}

function checkBindingName(name: string): void {
  if (!BINDING_NAME.test(name)) {
    throw new ArmError(
      400,
      "InvalidParameter",
      `The value of parameter identityBindingName is invalid: '${name}'. An identity binding name has 1 to 63 characters: a lowercase letter, then lowercase letters and digits.`,
      { target: "identityBindingName" },
    );
  }
}

/**
 * What an identity binding needs of its cluster (docs/fidelity.md "Identity binding prerequisites"):
 * the OIDC issuer and workload identity, which learn.microsoft.com/azure/aks/identity-bindings creates
 * the cluster with, and no API server VNet integration, which identity bindings do not support yet
 * (learn.microsoft.com/azure/aks/identity-bindings-concepts).
 */
function clusterRefusal(cluster: Obj): ArmError | undefined {
  const props = cluster["properties"] as Obj;
  const oidc = (props["oidcIssuerProfile"] as Obj | undefined)?.["enabled"] === true;
  const workload = ((props["securityProfile"] as Obj | undefined)?.["workloadIdentity"] as Obj | undefined)?.["enabled"] === true;
  if (!oidc || !workload) {
    const missing = [...(oidc ? [] : ["oidcIssuerProfile.enabled"]), ...(workload ? [] : ["securityProfile.workloadIdentity.enabled"])];
    return new ArmError(
      400,
      "BadRequest",
      `Identity bindings need the cluster's OIDC issuer and workload identity. Set ${missing.join(" and ")} to true on managed cluster '${String(cluster["name"])}' (az aks update --enable-oidc-issuer --enable-workload-identity) first.`,
    );
  }
  if ((props["apiServerAccessProfile"] as Obj | undefined)?.["enableVnetIntegration"] === true) {
    return new ArmError(
      400,
      "BadRequest",
      `Identity bindings are not supported on clusters with API server VNet integration (apiServerAccessProfile.enableVnetIntegration), as managed cluster '${String(cluster["name"])}' has.`,
    );
  }
  return undefined;
}

/**
 * Microsoft.ContainerService/managedClusters/identityBindings: long-running PUT and DELETE, GET, list
 * (spec: IdentityBindings_*). A binding maps one user-assigned identity (which must exist) to its
 * cluster; AKS fills in the identity's client, object and tenant ids and the issuer it keeps for the
 * identity. The federated identity credential AKS also makes under the identity is not modelled
 * (docs/fidelity.md "Identity binding answers").
 */
export const identityBindingsType = kitResource(
  {
    namespace: NAMESPACE,
    type: "managedClusters/identityBindings",
    scope: clusterScope,
    nameParam: "identityBindingName",
    busy: clusterBusy,
    checkName: checkBindingName,
    build: async ({ name, body, previous, previousMeta, scope, key, final }, ctx) => {
      const props = optionalObject(body["properties"], "properties") ?? {};
      const profile = optionalObject(props["managedIdentity"], "properties.managedIdentity");
      const resourceId = optionalString(profile?.["resourceId"], "properties.managedIdentity.resourceId");
      const prior = ((previous?.["properties"] as Obj | undefined)?.["managedIdentity"] as Obj | undefined)?.["resourceId"] as string | undefined;
      if (resourceId === undefined && prior === undefined) {
        throw new ArmError(
          400,
          "InvalidParameter",
          "The value of parameter managedIdentity.resourceId is missing. Name the user-assigned managed identity to bind to the cluster by its resource id.",
          { target: "properties.managedIdentity.resourceId" },
        );
      }
      if (resourceId !== undefined && !IDENTITY_ID.test(resourceId)) {
        throw new ArmError(
          400,
          "InvalidParameter",
          `The value of parameter managedIdentity.resourceId is invalid: '${resourceId}' is not the resource id of a user-assigned managed identity (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>).`,
          { target: "properties.managedIdentity.resourceId" },
        );
      }
      // x-ms-mutability read, create: a binding keeps its identity.
      if (resourceId !== undefined && prior !== undefined && resourceId.toLowerCase() !== prior.toLowerCase()) {
        throw new ArmError(
          400,
          "PropertyChangeNotAllowed",
          "Changing property 'managedIdentity.resourceId' is not allowed. Delete the identity binding and create it again to bind another identity.",
          { target: "properties.managedIdentity.resourceId" },
        );
      }
      const cluster = asCluster(scope.stored).resource;
      const refused = clusterRefusal(cluster);
      if (refused) throw refused;
      const identityId = resourceId ?? prior!;
      const ids = await userAssignedIdentityIds(ctx, identityId);
      if (!ids) {
        // As a cluster's missing identity: docs/fidelity.md "Missing custom zone or identity".
        const m = IDENTITY_ID.exec(identityId)!;
        throw new ArmError(
          404,
          "ResourceNotFound",
          `The Resource 'Microsoft.ManagedIdentity/userAssignedIdentities/${m[2]!}' under resource group '${m[1]!}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
          { target: "properties.managedIdentity.resourceId" },
        );
      }
      const generation = ((previousMeta?.["generation"] as number | undefined) ?? 0) + 1;
      return {
        resource: {
          id: previous ? previous["id"] : `${scope.idPrefix}/identityBindings/${name}`,
          name: previous ? previous["name"] : name,
          type: BINDING_TYPE,
          eTag: ctx.ids.guid("identity-binding-etag", key, generation),
          properties: {
            managedIdentity: { resourceId: identityId, objectId: ids.principalId, clientId: ids.clientId, tenantId: ids.tenantId },
            oidcIssuer: { oidcIssuerUrl: issuerUrl(ids.tenantId, ids.clientId) },
            provisioningState: final ? "Succeeded" : previous ? "Updating" : "Creating",
          },
        },
      };
    },
    notFound: clusterChildNotFound("identityBindings"),
    etagOf: (resource) => String(resource["eTag"]),
    operations: aksOperationStyle("identityBinding"),
    // docs/fidelity.md "--lro-duration 0": as the cluster's.
    deleteStatus: { existing: 204, missing: 204 },
  },
  {
    apiVersions: CONTAINER_SERVICE_API_VERSIONS,
    registration: "regions",
    sample: {
      name: "binding1",
      body: (refs) => ({
        properties: {
          managedIdentity: {
            resourceId: `/subscriptions/${refs.subscriptionId}/resourceGroups/${refs.clusterId.split("/")[4]}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/fuzz1`,
          },
        },
      }),
    },
  },
);
