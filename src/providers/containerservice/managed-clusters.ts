import { ArmError } from "../../arm/errors.js";
import { checkPreconditions, expectFor, readPreconditions } from "../../arm/conditional.js";
import { asyncHeaders } from "../../arm/lro.js";
import { resourceGroupKey } from "../../arm/resource-id.js";
import type { ArmRequest, ArmResponse, Route } from "../../arm/router.js";
import { normalizeLocation, CONTAINER_SERVICE_LOCATIONS } from "../../arm/locations.js";
import type { OperationRecord, StoredResource, Write } from "../../store/store.js";
import { PreconditionError } from "../../store/store.js";
import type { ProviderContext } from "../context.js";
import { pageResponse } from "../paging.js";
import { requireResourceGroup } from "../resources/resource-groups.js";
import { assertSubscriptionId } from "../resources/subscriptions.js";
import { optionalStringMap, requireObject } from "../validation.js";
import { assertClusterName } from "./cluster-names.js";
import { buildCluster, MANAGED_CLUSTER_TYPE_KEY, provisioned, type ClusterScope, type StoredCluster } from "./cluster-model.js";

/** Microsoft.ContainerService/managedClusters: PUT (create/update), GET, PATCH (tags), DELETE, lists. */

export const NAMESPACE = "Microsoft.ContainerService";
export const CLUSTER_CREATE = "managedCluster.create";
export const CLUSTER_UPDATE = "managedCluster.update";
export const CLUSTER_DELETE = "managedCluster.delete";
/** An operation another one preempted: it ends Succeeded carrying NotLatestOperation (recordings §6.2). */
export const PREEMPTED = "preempted";

/** As recorded (real-aks-traffic.md §6.2), two dots included. */
const NOT_LATEST = { code: "NotLatestOperation", message: "The operation has been preempted by another one. Please wait for the other operation to complete and try again.." };

const CLUSTER_PATH = "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.ContainerService/managedClusters/:resourceName";

export function clusterKey(subscriptionId: string, resourceGroup: string, name: string): string {
  return `${resourceGroupKey(subscriptionId, resourceGroup)}/providers/microsoft.containerservice/managedclusters/${name.toLowerCase()}`;
}

export function notFound(name: string, resourceGroup: string): ArmError {
  return new ArmError(
    404,
    "ResourceNotFound",
    `The Resource 'Microsoft.ContainerService/managedClusters/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    { headers: { "x-ms-failure-cause": "gateway" } },
  );
}

export function asCluster(stored: StoredResource): StoredCluster {
  return stored.body as unknown as StoredCluster;
}

/** The answer body for GET and lists. */
export function renderCluster(stored: StoredResource): Record<string, unknown> {
  return asCluster(stored).resource;
}

function operationNotAllowed(op: OperationRecord): ArmError {
  const what = op.kind === CLUSTER_DELETE ? "Deleting" : op.kind === CLUSTER_CREATE ? "Creating" : "Updating";
  return new ArmError(
    409,
    "OperationNotAllowed",
    `Operation is not allowed: Another operation (${what}) is in progress, please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details`,
  );
}

function conflictRetry(): ArmError {
  return new ArmError(409, "EtagMismatch", "Operation is not allowed: Another operation is in progress. The managed cluster was changed by another request at the same time; read it again and retry.");
}

export function managedClusterRoutes(ctx: ProviderContext): Route[] {
  const provider = { namespace: NAMESPACE, resourceType: "managedClusters", kind: "provider" as const };

  async function lookup(req: ArmRequest): Promise<{ sub: string; rg: string; name: string; key: string; stored?: StoredResource }> {
    const sub = req.params["subscriptionId"]!;
    const rg = req.params["resourceGroupName"]!;
    const name = req.params["resourceName"]!;
    assertSubscriptionId(sub);
    const key = clusterKey(sub, rg, name);
    const stored = await ctx.store.get(key);
    return { sub, rg, name, key, stored };
  }

  function newOperation(kind: string, sub: string, location: string, key: string, generation: number, now: number): OperationRecord {
    return {
      id: ctx.ids.guid("operation", key, generation, kind),
      subscriptionId: sub,
      namespace: NAMESPACE,
      location,
      resourceKey: key,
      kind,
      status: "InProgress",
      startTime: now,
      dueAt: now + ctx.config.lroDurationMs,
    };
  }

  const put = async (req: ArmRequest): Promise<ArmResponse> => {
    const { sub, rg, name, key, stored } = await lookup(req);
    const pre = readPreconditions(req.headers);
    checkPreconditions(pre, stored ? asCluster(stored).resource["eTag"] as string : undefined, `'${name}'`);
    assertClusterName(name);
    const rgRecord = await requireResourceGroup(ctx, sub, rg);
    const body = requireObject(req.body, "");
    const now = ctx.clock.now();

    if (stored) {
      const active = await ctx.store.activeOperations(key);
      if (active.length > 0) throw operationNotAllowed(active[active.length - 1]!);
    }
    const previous = stored ? asCluster(stored) : undefined;
    const location = resolveLocation(body["location"], previous);
    if (previous && previous.resource["location"] !== location) {
      throw new ArmError(
        400,
        "InvalidResourceLocation",
        `The resource '${name}' already exists in location '${previous.resource["location"]}' in resource group '${rg}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`,
        { target: "location" },
      );
    }
    const scope: ClusterScope = { subscriptionId: sub, resourceGroup: String(rgRecord.body["name"] ?? rg), name: previous ? String(previous.resource["name"]) : name, location, tenantId: ctx.config.tenantId };
    if (previous) assertImmutable(previous, body);
    const next = buildCluster({ scope, key, body, previous, ids: ctx.ids, now });
    const op = newOperation(previous ? CLUSTER_UPDATE : CLUSTER_CREATE, sub, location, key, next.meta.generation, now);
    // --lro-duration 0: the fewest round trips clients allow. The answer already carries the
    // final state and no operation header, so neither SDK polls (docs/fidelity.md "--lro-duration 0").
    const immediate = ctx.config.lroDurationMs === 0;
    const final = immediate ? provisioned(next, { subscriptionId: sub, key }, ctx.ids) : next;
    if (immediate) Object.assign(op, { status: "Succeeded", endTime: now });
    const resource: StoredResource = {
      key,
      id: String(final.resource["id"]),
      parentKey: rgRecord.key,
      subscriptionId: sub.toLowerCase(),
      type: MANAGED_CLUSTER_TYPE_KEY,
      etag: String(final.resource["eTag"]),
      body: final as unknown as Record<string, unknown>,
    };
    try {
      await ctx.store.commit([
        { op: "put", resource, expect: expectFor(stored?.etag) },
        { op: "putOperation", operation: op },
      ]);
    } catch (e) {
      if (e instanceof PreconditionError) throw conflictRetry();
      throw e;
    }
    if (immediate) return { status: previous ? 200 : 201, body: final.resource };
    ctx.lro.noteDue(op.dueAt);
    return { status: previous ? 200 : 201, body: next.resource, headers: asyncHeaders(req.origin, op, false) };
  };

  /** 404 for a missing cluster: ResourceGroupNotFound when its group is missing too, as ARM answers. */
  async function missing(sub: string, rg: string, name: string): Promise<ArmError> {
    await requireResourceGroup(ctx, sub, rg);
    return notFound(name, rg);
  }

  const get = async (req: ArmRequest): Promise<ArmResponse> => {
    const { sub, rg, name, stored } = await lookup(req);
    if (!stored) throw await missing(sub, rg, name);
    return { status: 200, body: renderCluster(stored) };
  };

  const patch = async (req: ArmRequest): Promise<ArmResponse> => {
    const { sub, rg, name, key, stored } = await lookup(req);
    if (!stored) throw await missing(sub, rg, name);
    const pre = readPreconditions(req.headers);
    checkPreconditions(pre, String(asCluster(stored).resource["eTag"]), `'${name}'`);
    const input = requireObject(req.body, "");
    const active = await ctx.store.activeOperations(key);
    if (active.length > 0) throw operationNotAllowed(active[active.length - 1]!);
    const current = asCluster(stored);
    const generation = current.meta.generation + 1;
    const resource = structuredClone(current.resource);
    // docs/fidelity.md "PATCH tags": applied at once, answered 200 with the body.
    const tags = optionalStringMap(input["tags"], "tags");
    const ordered: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(resource)) {
      if (k === "tags") continue;
      ordered[k] = v;
      if (k === "name" && tags) ordered["tags"] = tags;
    }
    ordered["eTag"] = ctx.ids.guid("cluster-etag", key, generation);
    const next: StoredCluster = { resource: ordered, meta: { ...current.meta, generation } };
    try {
      await ctx.store.commit([{ op: "put", resource: { ...stored, etag: String(ordered["eTag"]), body: next as unknown as Record<string, unknown> }, expect: { etag: stored.etag } }]);
    } catch (e) {
      if (e instanceof PreconditionError) throw conflictRetry();
      throw e;
    }
    return { status: 200, body: ordered };
  };

  const del = async (req: ArmRequest): Promise<ArmResponse> => {
    const { sub, rg, key, stored } = await lookup(req);
    const pre = readPreconditions(req.headers);
    if (!stored) {
      if (pre.ifMatch !== undefined) checkPreconditions(pre, undefined, `'${req.params["resourceName"]}'`);
      // ARM answers 204 for a delete of something that is not there (resource group must exist).
      await requireResourceGroup(ctx, sub, rg);
      return { status: 204 };
    }
    checkPreconditions(pre, String(asCluster(stored).resource["eTag"]), `'${req.params["resourceName"]}'`);
    const current = asCluster(stored);
    const active = await ctx.store.activeOperations(key);
    const running = active.find((o) => o.kind === CLUSTER_DELETE);
    if (running) return { status: 202, headers: asyncHeaders(req.origin, running, true) };
    const now = ctx.clock.now();
    const generation = current.meta.generation + 1;
    const location = String(current.resource["location"]);
    const op = newOperation(CLUSTER_DELETE, sub, location, key, generation, now);
    if (ctx.config.lroDurationMs === 0) {
      // docs/fidelity.md "--lro-duration 0": gone at once; 204 is the delete answer both SDKs take as done.
      const ended: Write[] = active.map((o) => ({ op: "putOperation", operation: { ...o, status: "Succeeded", endTime: now, error: NOT_LATEST }, expectStatus: "InProgress" }));
      await ctx.store.commit([...ended, { op: "deleteTree", key }, { op: "putOperation", operation: { ...op, status: "Succeeded", endTime: now } }]);
      return { status: 204 };
    }
    const resource = structuredClone(current.resource);
    const props = resource["properties"] as Record<string, unknown>;
    props["provisioningState"] = "Deleting";
    for (const pool of (props["agentPoolProfiles"] as Record<string, unknown>[] | undefined) ?? []) pool["provisioningState"] = "Deleting";
    const next: StoredCluster = { resource, meta: { ...current.meta, generation } };
    // A delete preempts what is in flight; those operations end with NotLatestOperation.
    const preempted: Write[] = active.map((o) => ({
      op: "putOperation",
      operation: {
        ...o,
        kind: PREEMPTED,
        dueAt: op.dueAt,
        error: NOT_LATEST,
      },
      expectStatus: "InProgress",
    }));
    try {
      await ctx.store.commit([
        { op: "put", resource: { ...stored, body: next as unknown as Record<string, unknown> }, expect: { etag: stored.etag } },
        ...preempted,
        { op: "putOperation", operation: op },
      ]);
    } catch (e) {
      if (e instanceof PreconditionError) throw conflictRetry();
      throw e;
    }
    ctx.lro.noteDue(op.dueAt);
    return { status: 202, headers: asyncHeaders(req.origin, op, true) };
  };

  const listByGroup = async (req: ArmRequest): Promise<ArmResponse> => {
    const sub = req.params["subscriptionId"]!;
    const rg = await requireResourceGroup(ctx, sub, req.params["resourceGroupName"]!);
    return pageResponse(ctx, req, { type: MANAGED_CLUSTER_TYPE_KEY, parentKey: rg.key }, renderCluster);
  };

  const listBySubscription = async (req: ArmRequest): Promise<ArmResponse> => {
    const sub = req.params["subscriptionId"]!;
    assertSubscriptionId(sub);
    return pageResponse(ctx, req, { type: MANAGED_CLUSTER_TYPE_KEY, subscriptionId: sub.toLowerCase() }, renderCluster);
  };

  return [
    { method: "PUT", path: CLUSTER_PATH, apiVersions: provider, write: true, body: "required", handler: put },
    { method: "GET", path: CLUSTER_PATH, apiVersions: provider, write: false, body: "none", handler: get },
    { method: "PATCH", path: CLUSTER_PATH, apiVersions: provider, write: true, body: "required", handler: patch },
    { method: "DELETE", path: CLUSTER_PATH, apiVersions: provider, write: true, body: "none", handler: del },
    {
      method: "GET",
      path: "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.ContainerService/managedClusters",
      apiVersions: provider,
      write: false,
      body: "none",
      handler: listByGroup,
    },
    {
      method: "GET",
      path: "/subscriptions/:subscriptionId/providers/Microsoft.ContainerService/managedClusters",
      apiVersions: provider,
      write: false,
      body: "none",
      handler: listBySubscription,
    },
  ];
}

function resolveLocation(raw: unknown, previous: StoredCluster | undefined): string {
  if (raw === undefined || raw === null || raw === "") {
    if (previous) return String(previous.resource["location"]);
    throw new ArmError(400, "LocationRequired", "The location property is required for this definition.", { target: "location" });
  }
  if (typeof raw !== "string") {
    throw new ArmError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: property 'location' must be a string.", { target: "location" });
  }
  const location = normalizeLocation(raw);
  if (!location || !CONTAINER_SERVICE_LOCATIONS.includes(location)) {
    throw new ArmError(
      400,
      "LocationNotAvailableForResourceType",
      `The provided location '${raw}' is not available for resource type 'Microsoft.ContainerService/managedClusters'. List of available regions for the resource type is '${CONTAINER_SERVICE_LOCATIONS.join(",")}'.`,
      { target: "location" },
    );
  }
  return location;
}

/** Properties that cannot change once the cluster exists (spec; aks-behavior.md §1.7). */
function assertImmutable(previous: StoredCluster, body: Record<string, unknown>): void {
  const prevProps = previous.resource["properties"] as Record<string, unknown>;
  const props = (body["properties"] ?? {}) as Record<string, unknown>;
  for (const key of ["dnsPrefix", "fqdnSubdomain", "nodeResourceGroup"]) {
    const now = props[key];
    if (now !== undefined && now !== null && now !== prevProps[key]) {
      throw new ArmError(400, "PropertyChangeNotAllowed", `Changing property '${key}' is not allowed.`, { target: key });
    }
  }
  const sp = props["servicePrincipalProfile"] as Record<string, unknown> | undefined;
  const prevSp = prevProps["servicePrincipalProfile"] as Record<string, unknown> | undefined;
  if (sp && typeof sp === "object" && sp["clientId"] !== undefined && prevSp && sp["clientId"] !== prevSp["clientId"]) {
    throw new ArmError(400, "PropertyChangeNotAllowed", "Changing property 'servicePrincipalProfile.clientId' is not allowed.", { target: "servicePrincipalProfile.clientId" });
  }
}

/** How operations on clusters finish. */
export function managedClusterCompleters(ctx: ProviderContext): Record<string, (op: OperationRecord) => Promise<Write[]>> {
  const finish = async (op: OperationRecord): Promise<Write[]> => {
    const stored = await ctx.store.get(op.resourceKey);
    if (!stored) return [];
    const done = provisioned(asCluster(stored), { subscriptionId: op.subscriptionId, key: op.resourceKey }, ctx.ids);
    return [{ op: "put", resource: { ...stored, body: done as unknown as Record<string, unknown> }, expect: { etag: stored.etag } }];
  };
  return {
    [CLUSTER_CREATE]: finish,
    [CLUSTER_UPDATE]: finish,
    [CLUSTER_DELETE]: async (op) => [{ op: "deleteTree", key: op.resourceKey }],
    [PREEMPTED]: async () => [],
  };
}

/** Operation status and result URLs under the provider's locations. */
export function operationRoutes(ctx: ProviderContext, statusResponse: (sub: string, loc: string, id: string) => Promise<ArmResponse>, resultResponse: (req: ArmRequest) => Promise<ArmResponse>): Route[] {
  const versions = { namespace: NAMESPACE, resourceType: "locations/operations", kind: "provider" as const };
  void ctx;
  return [
    {
      method: "GET",
      path: "/subscriptions/:subscriptionId/providers/Microsoft.ContainerService/locations/:location/operations/:operationId",
      apiVersions: versions,
      write: false,
      body: "none",
      handler: async (req) => statusResponse(req.params["subscriptionId"]!, req.params["location"]!, req.params["operationId"]!),
    },
    {
      method: "GET",
      path: "/subscriptions/:subscriptionId/providers/Microsoft.ContainerService/locations/:location/operationresults/:operationId",
      apiVersions: { ...versions, resourceType: "locations/operationresults" },
      write: false,
      body: "none",
      handler: resultResponse,
    },
  ];
}
