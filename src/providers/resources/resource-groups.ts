import { ArmError } from "../../arm/errors.js";
import { RETRY_AFTER_SECONDS } from "../../arm/lro.js";
import { resourceGroupId, resourceGroupKey, subscriptionKey } from "../../arm/resource-id.js";
import type { ArmRequest, ArmResponse, Route } from "../../arm/router.js";
import type { OperationRecord, StoredResource, Write } from "../../store/store.js";
import { PreconditionError } from "../../store/store.js";
import type { ProviderContext } from "../context.js";
import { normalizeLocation } from "../../arm/locations.js";
import { assertSubscriptionId, SUBSCRIPTION_MARKER_TYPE } from "./subscriptions.js";
import { pageResponse } from "../paging.js";
import { requireObject, optionalStringMap } from "../validation.js";

/** Microsoft.Resources/resourceGroups: PUT, GET, HEAD, PATCH, DELETE (long-running; deletes its contents), list. */

export const RESOURCE_GROUP_TYPE = "microsoft.resources/resourcegroups";
const RG_DELETE_KIND = "resourceGroup.delete";

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

/** The stored form of a resource group (also used for the node resource groups AKS creates). */
export function resourceGroupRecord(
  ctx: ProviderContext,
  sub: string,
  name: string,
  location: string,
  opts: { id?: string; tags?: Record<string, string>; managedBy?: string } = {},
): StoredResource {
  const key = resourceGroupKey(sub, name);
  const body: Record<string, unknown> = { id: opts.id ?? resourceGroupId(sub, name), name, type: "Microsoft.Resources/resourceGroups", location };
  if (opts.tags) body["tags"] = opts.tags;
  if (opts.managedBy) body["managedBy"] = opts.managedBy;
  body["properties"] = { provisioningState: "Succeeded" };
  return {
    key,
    id: String(body["id"]),
    parentKey: subscriptionKey(sub),
    subscriptionId: sub.toLowerCase(),
    type: RESOURCE_GROUP_TYPE,
    etag: ctx.ids.guid("rg-etag", key, ctx.clock.now()),
    body,
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

function rgBody(stored: StoredResource): Record<string, unknown> {
  return stored.body;
}

export function resourceGroupRoutes(ctx: ProviderContext): Route[] {
  const arm = { namespace: "Microsoft.Resources", resourceType: "resourceGroups", kind: "arm" as const };
  const path = "/subscriptions/:subscriptionId/resourcegroups/:resourceGroupName";

  const put = async (req: ArmRequest): Promise<ArmResponse> => {
    const sub = req.params["subscriptionId"]!;
    const name = req.params["resourceGroupName"]!;
    assertSubscriptionId(sub);
    assertName(name);
    const input = requireObject(req.body, "");
    const key = resourceGroupKey(sub, name);
    const existing = await ctx.store.get(key);
    if (existing?.body["properties"] && (existing.body["properties"] as { provisioningState?: string }).provisioningState === "Deleting") {
      throw new ArmError(409, "ResourceGroupBeingDeleted", `The resource group '${name}' is in deprovisioning state and cannot perform this operation.`);
    }
    if (typeof input["location"] !== "string" || input["location"] === "") {
      throw new ArmError(400, "LocationRequired", "The location property is required for this definition.", { target: "location" });
    }
    const location = normalizeLocation(input["location"]);
    if (!location) {
      throw new ArmError(
        400,
        "LocationNotAvailableForResourceGroup",
        `The provided location '${input["location"]}' is not available for resource group. Use one of the locations listed by GET /subscriptions/${sub}/locations.`,
        { target: "location" },
      );
    }
    if (existing && String(existing.body["location"]) !== location) {
      throw new ArmError(
        400,
        "InvalidResourceGroupLocation",
        `Invalid resource group location '${input["location"]}'. The Resource group already exists in location '${existing.body["location"]}'.`,
        { target: "location" },
      );
    }
    const tags = optionalStringMap(input["tags"], "tags");
    const resource = resourceGroupRecord(ctx, sub, existing ? String(existing.body["name"]) : name, location, {
      id: existing?.id,
      tags,
      managedBy: typeof input["managedBy"] === "string" ? input["managedBy"] : undefined,
    });
    const body = resource.body;
    const marker = subscriptionMarker(sub);
    try {
      await ctx.store.commit([
        { op: "put", resource: marker },
        { op: "put", resource, expect: existing ? { etag: existing.etag } : { absent: true } },
      ]);
    } catch (e) {
      if (e instanceof PreconditionError) throw concurrentChange(name);
      throw e;
    }
    return { status: existing ? 200 : 201, body };
  };

  const get = async (req: ArmRequest): Promise<ArmResponse> => {
    const rg = await requireResourceGroup(ctx, req.params["subscriptionId"]!, req.params["resourceGroupName"]!);
    return { status: 200, body: rgBody(rg) };
  };

  const head = async (req: ArmRequest): Promise<ArmResponse> => {
    assertSubscriptionId(req.params["subscriptionId"]!);
    const rg = await ctx.store.get(resourceGroupKey(req.params["subscriptionId"]!, req.params["resourceGroupName"]!));
    return { status: rg ? 204 : 404 };
  };

  const patch = async (req: ArmRequest): Promise<ArmResponse> => {
    const sub = req.params["subscriptionId"]!;
    const name = req.params["resourceGroupName"]!;
    const rg = await requireResourceGroup(ctx, sub, name);
    const input = requireObject(req.body, "");
    const body = { ...rg.body };
    if ("tags" in input) {
      const tags = optionalStringMap(input["tags"], "tags");
      if (tags) body["tags"] = tags;
      else delete body["tags"];
    }
    if (typeof input["managedBy"] === "string") body["managedBy"] = input["managedBy"];
    try {
      await ctx.store.commit([{ op: "put", resource: { ...rg, body, etag: ctx.ids.guid("rg-etag", rg.key, ctx.clock.now()) }, expect: { etag: rg.etag } }]);
    } catch (e) {
      if (e instanceof PreconditionError) throw concurrentChange(name);
      throw e;
    }
    return { status: 200, body };
  };

  const del = async (req: ArmRequest): Promise<ArmResponse> => {
    const sub = req.params["subscriptionId"]!;
    const name = req.params["resourceGroupName"]!;
    assertSubscriptionId(sub);
    const rg = await ctx.store.get(resourceGroupKey(sub, name));
    if (!rg) return { status: 404, body: resourceGroupNotFound(name).toBody() };
    const now = ctx.clock.now();
    const existingOps = await ctx.store.activeOperations(rg.key);
    const running = existingOps.find((o) => o.kind === RG_DELETE_KIND);
    const op: OperationRecord = running ?? {
      id: ctx.ids.guid("rg-delete", rg.key, rg.etag),
      subscriptionId: sub,
      namespace: "Microsoft.Resources",
      location: String(rg.body["location"]),
      resourceKey: rg.key,
      kind: RG_DELETE_KIND,
      status: "InProgress",
      startTime: now,
      dueAt: now + ctx.config.lroDurationMs,
    };
    if (!running) {
      const body = { ...rg.body, properties: { provisioningState: "Deleting" } };
      await ctx.store.commit([
        { op: "put", resource: { ...rg, body }, expect: { etag: rg.etag } },
        { op: "putOperation", operation: op },
      ]);
    }
    return { status: 202, headers: { location: rgOperationUrl(req.origin, op), "retry-after": RETRY_AFTER_SECONDS } };
  };

  const list = async (req: ArmRequest): Promise<ArmResponse> => {
    const sub = req.params["subscriptionId"]!;
    assertSubscriptionId(sub);
    return pageResponse(ctx, req, { type: RESOURCE_GROUP_TYPE, parentKey: subscriptionKey(sub) }, (r) => rgBody(r));
  };

  // ARM's own operation-results endpoint for group deletion (Location header).
  const result = async (req: ArmRequest): Promise<ArmResponse> => {
    const op = await ctx.store.getOperation(req.params["operationId"]!.toLowerCase());
    if (!op || op.subscriptionId.toLowerCase() !== req.params["subscriptionId"]!.toLowerCase() || op.kind !== RG_DELETE_KIND) {
      throw new ArmError(
        404,
        "NotFound",
        `The operation result '${req.params["operationId"]}' was not found. Use the URL from the Location header of the request that started it.`,
      );
    }
    if (op.status === "InProgress") {
      return { status: 202, headers: { location: rgOperationUrl(req.origin, op), "retry-after": RETRY_AFTER_SECONDS } };
    }
    return { status: 200 };
  };

  return [
    { method: "PUT", path, apiVersions: arm, write: true, body: "required", handler: put },
    { method: "GET", path, apiVersions: arm, write: false, body: "none", handler: get },
    { method: "HEAD", path, apiVersions: arm, write: false, body: "none", handler: head },
    { method: "PATCH", path, apiVersions: arm, write: true, body: "required", handler: patch },
    { method: "DELETE", path, apiVersions: arm, write: true, body: "none", handler: del },
    { method: "GET", path: "/subscriptions/:subscriptionId/resourcegroups", apiVersions: arm, write: false, body: "none", handler: list },
    { method: "GET", path: "/subscriptions/:subscriptionId/operationresults/:operationId", apiVersions: arm, write: false, body: "none", handler: result },
  ];
}

function rgOperationUrl(origin: string, op: OperationRecord): string {
  return `${origin}/subscriptions/${op.subscriptionId}/operationresults/${op.id}?api-version=2022-09-01`;
}

function concurrentChange(name: string): ArmError {
  return new ArmError(409, "Conflict", `The resource group '${name}' was changed by another request at the same time. Retry the request.`);
}

/** Completing a group deletion removes the group and everything in it. */
/**
 * What deleting a group does to things outside its tree (e.g. the node resource group a cluster
 * in it manages): each provider that owns such things contributes one.
 */
export type GroupCascade = (groupKey: string, subscriptionId: string) => Promise<Write[]>;

export function resourceGroupCompleters(cascades: GroupCascade[] = []): Record<string, (op: OperationRecord) => Promise<Write[]>> {
  return {
    [RG_DELETE_KIND]: async (op) => {
      const outside = (await Promise.all(cascades.map((c) => c(op.resourceKey, op.subscriptionId)))).flat();
      return [...outside, { op: "deleteTree", key: op.resourceKey }];
    },
  };
}
