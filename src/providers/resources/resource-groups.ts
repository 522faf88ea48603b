import { RESOURCES_API_VERSIONS } from "../../arm/api-versions.js";
import { ArmError } from "../../arm/errors.js";
import { normalizeLocation } from "../../arm/locations.js";
import { resourceGroupId, resourceGroupKey, subscriptionKey } from "../../arm/resource-id.js";
import { kitResource, subscriptionScope } from "../../kit/lifecycle.js";
import type { StoredResource } from "../../store/store.js";
import type { ProviderContext } from "../context.js";
import { optionalStringMap } from "../validation.js";
import { armOperations } from "./arm-operations.js";
import { assertSubscriptionId, SUBSCRIPTION_MARKER_TYPE } from "./subscriptions.js";

/** Microsoft.Resources/resourceGroups: PUT, GET, HEAD, PATCH, DELETE (long-running; deletes its contents), list. */

export const RESOURCE_GROUP_TYPE = "microsoft.resources/resourcegroups";
const NAMESPACE = "Microsoft.Resources";
/** Operation kinds `resourceGroup.delete` (the kind stored operations already carry). */
const KIND_PREFIX = "resourceGroup";
const RG_NAME = /^[-\w._()\p{L}\p{N}]{1,90}$/u;

function assertName(name: string): void {
  if (!RG_NAME.test(name) || name.endsWith(".")) {
    // docs/fidelity.md "Invalid resource group name".
    throw new ArmError(
      400,
      "InvalidResourceGroupName",
      `Resource group name '${name}' is invalid. It can have 1 to 90 characters: letters, digits, underscores, hyphens, periods (not at the end) and parentheses.`,
    );
  }
}

/** A group's ARM body, which is also its stored form. */
function groupBody(id: string, name: string, location: string, opts: { tags?: Record<string, string>; managedBy?: string }): Record<string, unknown> {
  const body: Record<string, unknown> = { id, name, type: "Microsoft.Resources/resourceGroups", location };
  if (opts.tags) body["tags"] = opts.tags;
  if (opts.managedBy) body["managedBy"] = opts.managedBy;
  body["properties"] = { provisioningState: "Succeeded" };
  return body;
}

/** The stored row of a group that another type creates (the node resource groups AKS creates). */
export function resourceGroupRecord(ctx: ProviderContext, sub: string, name: string, location: string, opts: { managedBy?: string } = {}): StoredResource {
  const key = resourceGroupKey(sub, name);
  const id = resourceGroupId(sub, name);
  return {
    key,
    id,
    parentKey: subscriptionKey(sub),
    subscriptionId: sub.toLowerCase(),
    type: RESOURCE_GROUP_TYPE,
    etag: ctx.ids.guid("rg-etag", key, ctx.clock.now()),
    body: groupBody(id, name, location, opts),
  };
}

/** Records that a subscription is in use, so GET /subscriptions lists it. */
export function subscriptionMarker(sub: string): StoredResource {
  return {
    key: subscriptionKey(sub),
    id: `/subscriptions/${sub}`,
    parentKey: "",
    subscriptionId: sub.toLowerCase(),
    type: SUBSCRIPTION_MARKER_TYPE,
    etag: "1",
    body: { subscriptionId: sub },
  };
}

function resourceGroupNotFound(name: string): ArmError {
  return new ArmError(404, "ResourceGroupNotFound", `Resource group '${name}' could not be found.`, {
    headers: { "x-ms-failure-cause": "gateway" },
  });
}

/** The resource group, or 404 ResourceGroupNotFound. Groups being deleted count as missing for new resources. */
export async function requireResourceGroup(ctx: ProviderContext, subscriptionId: string, name: string): Promise<StoredResource> {
  assertSubscriptionId(subscriptionId);
  const rg = await ctx.store.get(resourceGroupKey(subscriptionId, name));
  if (!rg) throw resourceGroupNotFound(name);
  return rg;
}

const operations = armOperations("resourceGroups", KIND_PREFIX, ["delete"]);

/**
 * The group is a tracked resource of the subscription, served on ARM's own endpoint (its path
 * spells `resourcegroups`, its api-version errors are ARM's). Its stored body is its ARM body,
 * which the other providers read (requireResourceGroup). PUT and PATCH are synchronous; DELETE
 * is long-running in ARM's style and takes with it everything in the group and what each type
 * keeps outside it (the registry's group cascades: a cluster's node resource group, ...).
 */
export const resourceGroupsType = kitResource(
  {
    namespace: NAMESPACE,
    type: "resourceGroups",
    scope: subscriptionScope((_ctx, subscriptionId) => {
      assertSubscriptionId(subscriptionId);
      return subscriptionMarker(subscriptionId);
    }),
    nameParam: "resourceGroupName",
    pathSegment: "resourcegroups",
    apiVersionKind: "arm",
    head: true,
    // Groups show no ETag, and their conditional headers were never checked.
    preconditions: false,
    storedForm: { write: (resource) => resource, read: (body) => ({ resource: body, meta: { generation: 0 } }) },
    checkName: assertName,
    build: ({ name, body, previous, scope, id }) => {
      // A PUT is refused while the group is being deleted (a PATCH still applies).
      if ((previous?.["properties"] as { provisioningState?: string } | undefined)?.provisioningState === "Deleting") {
        throw new ArmError(409, "ResourceGroupBeingDeleted", `The resource group '${name}' is in deprovisioning state and cannot perform this operation.`);
      }
      if (typeof body["location"] !== "string" || body["location"] === "") {
        throw new ArmError(400, "LocationRequired", "The location property is required for this definition.", { target: "location" });
      }
      const location = normalizeLocation(body["location"]);
      if (!location) {
        throw new ArmError(
          400,
          "LocationNotAvailableForResourceGroup",
          `The provided location '${body["location"]}' is not available for resource group. Use one of the locations listed by GET /subscriptions/${scope.subscriptionId}/locations.`,
          { target: "location" },
        );
      }
      if (previous && String(previous["location"]) !== location) {
        throw new ArmError(
          400,
          "InvalidResourceGroupLocation",
          `Invalid resource group location '${body["location"]}'. The Resource group already exists in location '${previous["location"]}'.`,
          { target: "location" },
        );
      }
      const resource = groupBody(id, previous ? String(previous["name"]) : name, location, {
        tags: optionalStringMap(body["tags"], "tags"),
        managedBy: typeof body["managedBy"] === "string" ? body["managedBy"] : undefined,
      });
      return { resource, writes: [{ op: "put", resource: subscriptionMarker(scope.subscriptionId) }] };
    },
    notFound: (name) => resourceGroupNotFound(name),
    patchTags: true,
    applyPatch: (resource, input) => {
      if ("tags" in input) {
        const tags = optionalStringMap(input["tags"], "tags");
        if (tags) resource["tags"] = tags;
        else delete resource["tags"];
      }
      if (typeof input["managedBy"] === "string") resource["managedBy"] = input["managedBy"];
      return resource;
    },
    deleteMissing: (name) => ({ status: 404, body: resourceGroupNotFound(name).toBody() }),
    conflict: (_id, name) => new ArmError(409, "Conflict", `The resource group '${name}' was changed by another request at the same time. Retry the request.`),
    operations: operations.style,
    teardown: async (stored, ctx) => (await Promise.all(ctx.registry.groupCascades(ctx).map((c) => c(stored.key, stored.subscriptionId)))).flat(),
  },
  {
    apiVersions: RESOURCES_API_VERSIONS,
    registration: "regions",
    routes: operations.routes,
    sample: { name: "rg-fuzz", body: () => ({ location: "eastus", tags: { env: "fuzz" } }), patch: { tags: { env: "fuzz2" } } },
  },
);
