import { MANAGED_IDENTITY_API_VERSIONS } from "../../arm/api-versions.js";
import { kitResource, resourceGroupScope } from "../../kit/lifecycle.js";
import { requireResourceGroup } from "../resources/resource-groups.js";
import { regionalLocation, resourceNotFound } from "../tracked.js";
import { optionalObject, optionalString, optionalStringMap, requireObject } from "../validation.js";

type Obj = Record<string, unknown>;

/**
 * Microsoft.ManagedIdentity/userAssignedIdentities: PUT (synchronous 201/200), GET, PATCH (tags),
 * DELETE (200, or 204 when there is none), lists. The identity's principalId and clientId derive
 * from its resource id exactly as the managed-cluster model derives them for
 * `identity.userAssignedIdentities` (ids.guid("uai-principal"|"uai-client", id)), so a cluster
 * shows the ids of the identity it names; tenantId is the emulator's tenant.
 */

const NAMESPACE = "Microsoft.ManagedIdentity";
const IDENTITY_TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities";

export const userAssignedIdentitiesType = kitResource(
  {
    namespace: NAMESPACE,
    type: "userAssignedIdentities",
    scope: resourceGroupScope(NAMESPACE, requireResourceGroup),
    nameParam: "resourceName",
    listBySubscription: true,
    patchTags: true,
    build: ({ name, body, previous, id }, ctx) => {
      const input = requireObject(body, "");
      const location = regionalLocation(input["location"], IDENTITY_TYPE, previous ? String(previous["location"]) : undefined);
      const tags = optionalStringMap(input["tags"], "tags") ?? (previous?.["tags"] as Record<string, string> | undefined) ?? {};
      const props = optionalObject(input["properties"], "properties") ?? {};
      const isolationScope =
        optionalString(props["isolationScope"], "properties.isolationScope") ??
        ((previous?.["properties"] as Obj | undefined)?.["isolationScope"] as string | undefined) ??
        "None";
      return {
        resource: {
          location,
          tags,
          id,
          name: previous ? String(previous["name"]) : name,
          type: IDENTITY_TYPE,
          properties: {
            isolationScope,
            tenantId: ctx.config.tenantId,
            principalId: ctx.ids.guid("uai-principal", id),
            clientId: ctx.ids.guid("uai-client", id),
          },
        },
      };
    },
    notFound: (name, scope) => resourceNotFound(IDENTITY_TYPE, name, String(scope.stored.body["name"])),
  },
  {
    apiVersions: MANAGED_IDENTITY_API_VERSIONS,
    registration: "regions",
    sample: { name: "fuzz1", body: () => ({ location: "eastus", tags: { env: "fuzz" } }), patch: { tags: { env: "fuzz2" } } },
  },
);
