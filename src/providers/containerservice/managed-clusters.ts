import { ArmError } from "../../arm/errors.js";
import { CONTAINER_SERVICE_API_VERSIONS } from "../../arm/api-versions.js";
import { resourceGroupKey } from "../../arm/resource-id.js";
import type { ArmRequest, ArmResponse, Route } from "../../arm/router.js";
import type { OperationRecord, StoredResource, Write } from "../../store/store.js";
import { kitResource, type ScopeSpec } from "../../kit/lifecycle.js";
import type { ProviderContext } from "../context.js";
import { requireResourceGroup, resourceGroupRecord, subscriptionMarker } from "../resources/resource-groups.js";
import { assertSubscriptionId } from "../resources/subscriptions.js";
import { optionalStringMap } from "../validation.js";
import { aksOperationStyle } from "./aks-operation-style.js";
import { CLUSTER_ACTIONS } from "./cluster-actions.js";
import { assertClusterName } from "./cluster-names.js";
import { clusterStoppedError } from "./cluster-power.js";
import { containerServiceLocation } from "./resource-location.js";
import {
  asCluster,
  buildCluster,
  type ClusterPool,
  MANAGED_CLUSTER_TYPE_KEY,
  provisioned,
  systemZoneName,
  type ClusterScope,
  type StoredCluster,
  withAgentPools,
} from "./cluster-model.js";
import { AGENT_POOL_TYPE, asPool, type PoolSnapshot, poolKey, poolProfile, poolRow, poolRows, type StoredPool } from "./agent-pool-model.js";
import { parsePrivateDnsZone } from "./api-server-access.js";
import { privateLinkServiceIdFor, privateLinkServiceIndex } from "./private-link.js";
import { privateClusterResourceWrites } from "../links/private-cluster.js";
import { versionCatalogue } from "./version-catalogue.js";

/**
 * Microsoft.ContainerService/managedClusters on the kit: PUT (create/update), GET, PATCH (tags),
 * DELETE, lists, in AKS's operation style (aks-operation-style.ts), and its actions (cluster-actions.ts).
 */

export const NAMESPACE = "Microsoft.ContainerService";
/** The kinds aksOperationStyle("managedCluster") records. */
const CLUSTER_CREATE = "managedCluster.create";
const CLUSTER_DELETE = "managedCluster.delete";

type Obj = Record<string, unknown>;

const CLUSTER_PATH = "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.ContainerService/managedClusters/:resourceName";

export function clusterKey(subscriptionId: string, resourceGroup: string, name: string): string {
  return `${resourceGroupKey(subscriptionId, resourceGroup)}/providers/microsoft.containerservice/managedclusters/${name.toLowerCase()}`;
}

function notFound(name: string, resourceGroup: string): ArmError {
  return new ArmError(
    404,
    "ResourceNotFound",
    `The Resource 'Microsoft.ContainerService/managedClusters/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    { headers: { "x-ms-failure-cause": "gateway" } },
  );
}

/**
 * Which answer a cluster body goes into. Real AKS shows `privateLinkResources` differently in
 * each (docs/sources.md "Private link resources in each answer"): the create 201 has neither `id` nor `privateLinkServiceID`, GET has
 * the `id`, lists and update answers have `privateLinkServiceID` but no `id`.
 */
export type ClusterView = "create" | "update" | "get" | "list";

function renderBody(resource: Record<string, unknown>, view: ClusterView): Record<string, unknown> {
  const props = resource["properties"] as Record<string, unknown> | undefined;
  const plr = props?.["privateLinkResources"] as Record<string, unknown>[] | undefined;
  if (!plr) return resource;
  const shown = plr.map((r) => {
    const { id, privateLinkServiceID, ...rest } = r;
    if (view === "get") return { id, ...rest };
    if (view === "create") return rest;
    return { ...rest, privateLinkServiceID };
  });
  return { ...resource, properties: { ...props, privateLinkResources: shown } };
}

export function renderCluster(stored: StoredResource, view: ClusterView = "get"): Record<string, unknown> {
  return renderBody(asCluster(stored).resource, view);
}

/** 409 while another operation runs on the cluster (TS-ONA wording). */
export function operationNotAllowed(what: string): ArmError {
  return new ArmError(
    409,
    "OperationNotAllowed",
    `Operation is not allowed: Another operation (${what}) is in progress, please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details`,
  );
}

/**
 * AKS's 409 while an operation runs on the cluster or one of its agent pools (or, for a child, on its
 * cluster). A pool's operation is named with the pool (TS-ONA wording: "Another agentpool operation
 * (<pool> - Creating) is in progress").
 */
export function clusterBusy(active: OperationRecord[]): ArmError | undefined {
  const op = active[active.length - 1];
  if (!op) return undefined;
  if (!op.kind.startsWith("agentPool.")) return operationNotAllowed(operationName(op));
  const pool = op.resourceKey.slice(op.resourceKey.lastIndexOf("/") + 1);
  const state = op.kind === "agentPool.create" ? "Creating" : op.kind === "agentPool.delete" ? "Deleting" : "Updating";
  return new ArmError(
    409,
    "OperationNotAllowed",
    `Operation is not allowed: Another agentpool operation (${pool} - ${state}) is in progress, please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details`,
  );
}

/** A managed cluster as the parent of a child type (kit scope): ResourceGroupNotFound or the cluster's ResourceNotFound when missing. */
export const clusterScope: ScopeSpec = {
  path: CLUSTER_PATH,
  isParent: true,
  async require(ctx, params) {
    const { key, stored } = await requireCluster(ctx, params);
    return { key, keyPrefix: key, idPrefix: stored.id, subscriptionId: stored.subscriptionId, stored };
  },
};

function operationName(op: OperationRecord): string {
  if (op.kind === CLUSTER_DELETE) return "Deleting";
  if (op.kind === CLUSTER_CREATE) return "Creating";
  return op.kind === "managedCluster.stop" ? "Stopping" : op.kind === "managedCluster.start" ? "Starting" : "Updating";
}

/**
 * The cluster a request's path names, or the 404 ARM answers: ResourceGroupNotFound when the
 * group is missing too, ResourceNotFound otherwise.
 */
export async function requireCluster(
  ctx: ProviderContext,
  params: Record<string, string>,
): Promise<{ sub: string; rg: string; name: string; key: string; stored: StoredResource }> {
  const sub = params["subscriptionId"]!;
  const rg = params["resourceGroupName"]!;
  const name = params["resourceName"]!;
  assertSubscriptionId(sub);
  const key = clusterKey(sub, rg, name);
  const stored = await ctx.store.get(key);
  if (!stored) {
    await requireResourceGroup(ctx, sub, rg);
    throw notFound(name, rg);
  }
  return { sub, rg, name, key, stored };
}

function conflictRetry(): ArmError {
  return new ArmError(
    409,
    "EtagMismatch",
    "Operation is not allowed: Another operation is in progress. The managed cluster was changed by another request at the same time; read it again and retry.",
  );
}

/**
 * A cluster's place: its resource group. Its key follows from the path, so a PUT checks the
 * preconditions and the name, and a GET, PATCH or DELETE looks for the cluster, before the group's
 * 404. Ids spell the group segment in lower case, as real AKS answers (docs/sources.md "Resource envelope").
 */
const clusterGroupScope: ScopeSpec = {
  path: `/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/${NAMESPACE}`,
  isParent: false,
  keyPrefixFromPath(params) {
    assertSubscriptionId(params["subscriptionId"]!);
    return `${resourceGroupKey(params["subscriptionId"]!, params["resourceGroupName"]!)}/providers/${NAMESPACE.toLowerCase()}`;
  },
  async require(ctx, params) {
    const sub = params["subscriptionId"]!;
    const rg = params["resourceGroupName"]!;
    const group = await requireResourceGroup(ctx, sub, rg);
    const idPrefix = `/subscriptions/${sub}/resourcegroups/${String(group.body["name"] ?? rg)}/providers/${NAMESPACE}`;
    // The subscription as the path spells it: operation URLs and the ids AKS derives carry it.
    return { key: group.key, keyPrefix: idPrefix.toLowerCase(), idPrefix, subscriptionId: sub, stored: group };
  },
};

/** The cluster's lifecycle on the kit; types.ts adds its private link and credential routes. */
export const managedClustersKit = kitResource(
  {
    namespace: NAMESPACE,
    type: "managedClusters",
    scope: clusterGroupScope,
    nameParam: "resourceName",
    listBySubscription: true,
    checkName: assertClusterName,
    // Location, then the immutables, the model's rules, the references and the node resource group.
    build: async ({ name, body, previous, previousMeta, scope, key, params, now, final }, ctx) => {
      const sub = scope.subscriptionId;
      const prior = previous ? ({ resource: previous, meta: previousMeta } as unknown as StoredCluster) : undefined;
      const location = containerServiceLocation(body["location"], "managedClusters", prior ? String(prior.resource["location"]) : undefined);
      if (prior && prior.resource["location"] !== location) {
        throw new ArmError(
          400,
          "InvalidResourceLocation",
          `The resource '${name}' already exists in location '${prior.resource["location"]}' in resource group '${params["resourceGroupName"]}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`,
          { target: "location" },
        );
      }
      const at: ClusterScope = {
        subscriptionId: sub,
        resourceGroup: String(scope.stored.body["name"] ?? params["resourceGroupName"]),
        name: prior ? String(prior.resource["name"]) : name,
        location,
        tenantId: ctx.config.tenantId,
      };
      if (prior) assertImmutable(prior, body);
      const poolRows = prior ? await clusterPoolRows(ctx, key) : [];
      const next = buildCluster({
        scope: at,
        key,
        body,
        previous: prior,
        ids: ctx.ids,
        now,
        refusedPrivateLocations: ctx.config.refusedPrivateClusterLocations,
        previousPools: poolRows.map(clusterPool),
        poolState: final ? "Succeeded" : undefined,
        poolSnapshots: await clusterPoolSnapshots(ctx, body, poolRows),
        versions: versionCatalogue(ctx),
      });
      await assertReferencesExist(ctx, next);
      await assertPoolSubnets(ctx, next.resource, prior === undefined);
      // The network profile's ranges (network-rules.ts, loaded at the first cluster PUT).
      const networkRules = await import("./network-rules.js");
      networkRules.checkNetworkRanges((next.resource["properties"] as Obj)["networkProfile"] as Obj);
      await networkRules.checkAgainstVirtualNetworks(ctx, next.resource);
      if (!prior) await assertNewNodeResourceGroup(ctx, sub, at.resourceGroup, next);
      const writes = prior ? [] : await createdAlongside(ctx, next, key, sub, now);
      // The pools live in rows of their own (agentPools); the cluster's answers read them back.
      const cluster = { key, id: String(next.resource["id"]), subscriptionId: sub };
      for (const pool of next.pools) {
        const had = poolRows.find((r) => r.key === poolKey(key, String(pool.profile["name"])));
        writes.push({ op: "put", resource: poolRow(cluster, pool.profile, pool.meta), expect: had ? { etag: had.etag } : { absent: true } });
      }
      const { agentPoolProfiles: _pools, ...properties } = next.resource["properties"] as Obj;
      return { resource: { ...next.resource, properties }, meta: next.meta as unknown as Obj, writes };
    },
    render: (resource, _apiVersion, answer) => renderBody(resource, answer === "patch" ? "get" : answer),
    children: {
      type: AGENT_POOL_TYPE,
      show: (resource, pools, metas) =>
        withAgentPools(
          resource,
          pools.map((p, i) => ({ profile: poolProfile(p), meta: metas[i] as ClusterPool["meta"] })),
        ),
    },
    // A cluster write waits for its pools' operations as well as its own.
    busyAlso: async (key, ctx) => {
      const active = [];
      for (const row of await clusterPoolRows(ctx, key)) active.push(...(await ctx.store.activeOperations(row.key)));
      return active;
    },
    // Pools the cluster's PUT wrote show Succeeded when it does.
    completes: async (stored, ctx) => {
      const writes: Write[] = [];
      for (const row of await clusterPoolRows(ctx, stored.key)) {
        const pool = asPool(row);
        const state = (pool.resource["properties"] as Obj)["provisioningState"];
        if (state !== "Creating" && state !== "Updating") continue;
        const resource = structuredClone(pool.resource);
        (resource["properties"] as Obj)["provisioningState"] = "Succeeded";
        writes.push({ op: "put", resource: { ...row, body: { ...pool, resource } as unknown as Obj }, expect: { etag: row.etag } });
      }
      return writes;
    },
    notFound: (name, _scope, params) => notFound(name, params["resourceGroupName"]!),
    busy: clusterBusy,
    // A stopped cluster takes no change but a start or a DELETE (cluster-power.ts).
    refuseWrite: (resource) => clusterStoppedError(resource, "updating"),
    patchTags: true,
    // docs/fidelity.md "PATCH tags": applied at once, answered 200 with the body; the tags follow the
    // name (or are gone when none are sent), and the eTag is new.
    applyPatch: (resource, input, { key, generation }, ctx) => {
      const tags = optionalStringMap(input["tags"], "tags");
      const ordered: Obj = {};
      for (const [k, v] of Object.entries(resource)) {
        if (k === "tags") continue;
        ordered[k] = v;
        if (k === "name" && tags) ordered["tags"] = tags;
      }
      ordered["eTag"] = ctx.ids.guid("cluster-etag", key, generation);
      return ordered;
    },
    // The body's eTag is the cluster's ETag (If-Match compares it); a DELETE leaves it as it is.
    etagOf: (resource) => String(resource["eTag"]),
    showState: (resource, state) => {
      const props = resource["properties"] as Obj;
      props["provisioningState"] = state;
      for (const pool of (props["agentPoolProfiles"] as Obj[] | undefined) ?? []) pool["provisioningState"] = state;
    },
    provisioned: (resource, at, ctx) => provisioned(resource, at, ctx.ids),
    operations: aksOperationStyle("managedCluster"),
    actions: CLUSTER_ACTIONS,
    teardown: (stored) => teardownWrites(asCluster(stored), stored.subscriptionId),
    conflict: conflictRetry,
    // docs/fidelity.md "--lro-duration 0": gone at once; 204 is the delete answer both SDKs take as done.
    deleteStatus: { existing: 204, missing: 204 },
  },
  {
    apiVersions: CONTAINER_SERVICE_API_VERSIONS,
    registration: "regions",
    groupCascade: clusterGroupCascade,
    // A private cluster: private endpoints can connect to it.
    sample: {
      name: "fuzz1",
      body: () => ({
        location: "eastus",
        tags: { env: "fuzz" },
        properties: {
          dnsPrefix: "fuzz1",
          agentPoolProfiles: [{ name: "nodepool1", count: 1, vmSize: "Standard_DS2_v2", mode: "System", osType: "Linux" }],
          apiServerAccessProfile: { enablePrivateCluster: true },
        },
        identity: { type: "SystemAssigned" },
      }),
      patch: { tags: { env: "fuzz2" } },
    },
  },
);

/** Properties that cannot change once the cluster exists (spec; docs/sources.md "Properties fixed after creation"). */
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
    throw new ArmError(400, "PropertyChangeNotAllowed", "Changing property 'servicePrincipalProfile.clientId' is not allowed.", {
      target: "servicePrincipalProfile.clientId",
    });
  }
}

/** Operation status and result URLs under the provider's locations. */
export function operationRoutes(
  statusResponse: (sub: string, loc: string, id: string) => Promise<ArmResponse>,
  resultResponse: (req: ArmRequest) => Promise<ArmResponse>,
): Route[] {
  const versions = { namespace: NAMESPACE, resourceType: "locations/operations", kind: "provider" as const };
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

/**
 * What AKS creates with a cluster besides the cluster: the node resource group (managed by the
 * cluster) and, for a private cluster, the private link service's index and what the network
 * side puts in the node group (system zone, kube-apiserver endpoint).
 */
async function createdAlongside(ctx: ProviderContext, cluster: StoredCluster, key: string, sub: string, now: number): Promise<Write[]> {
  const r = cluster.resource;
  const props = r["properties"] as Record<string, unknown>;
  const location = String(r["location"]);
  const nodeRg = String(props["nodeResourceGroup"]);
  const nodeGroup = resourceGroupRecord(ctx, sub, nodeRg, location, { managedBy: String(r["id"]) });
  const writes: Write[] = [
    { op: "put", resource: subscriptionMarker(sub) },
    { op: "put", resource: nodeGroup },
  ];
  const access = props["apiServerAccessProfile"] as Record<string, unknown> | undefined;
  if (access?.["enablePrivateCluster"] === true) {
    const plsId = privateLinkServiceIdFor(ctx.ids, key, location);
    writes.push({ op: "put", resource: privateLinkServiceIndex(plsId, key) });
    const pools = props["agentPoolProfiles"] as Record<string, unknown>[];
    writes.push(
      ...(await privateClusterResourceWrites(
        ctx,
        {
          clusterKey: key,
          clusterId: String(r["id"]),
          subscriptionId: sub,
          location,
          nodeResourceGroup: nodeRg,
          nodeResourceGroupKey: nodeGroup.key,
          privateDnsZone: String(access["privateDNSZone"]),
          systemZoneName: cluster.meta.zoneGuid && String(access["privateDNSZone"]) === "system" ? systemZoneName(cluster.meta.zoneGuid, location) : undefined,
          privateLinkServiceId: plsId,
          firstPoolSubnetId: typeof pools[0]?.["vnetSubnetID"] === "string" ? (pools[0]["vnetSubnetID"] as string) : undefined,
        },
        now,
      )),
    );
  }
  return writes;
}

/**
 * AKS creates the node resource group itself: naming the cluster's own group or any group that
 * exists is refused (real messages: Azure/azure-cli#27215, hashicorp/terraform-provider-azurerm#7562).
 * Taking over an existing group would also delete it, contents and all, with the cluster.
 */
async function assertNewNodeResourceGroup(ctx: ProviderContext, sub: string, resourceGroup: string, cluster: StoredCluster): Promise<void> {
  const nodeRg = String((cluster.resource["properties"] as Record<string, unknown>)["nodeResourceGroup"]);
  if (nodeRg.toLowerCase() === resourceGroup.toLowerCase()) {
    throw new ArmError(
      400,
      "NodeResourceGroupSameAsResourceGroup",
      `Node resource group '${nodeRg}' is the same as ResourceGroup '${resourceGroup}', which is not allowed, please provide a different node resource group.`,
      { target: "nodeResourceGroup" },
    );
  }
  if (await ctx.store.get(resourceGroupKey(sub, nodeRg))) {
    throw new ArmError(
      400,
      "NodeResourceGroupAlreadyExists",
      `Node resource group '${nodeRg}' under subscription '${sub}' already exists, please provide a new one.`,
      {
        target: "nodeResourceGroup",
      },
    );
  }
}

/** The node pool snapshots the body's pools newly name (creationData), by pool name. */
async function clusterPoolSnapshots(ctx: ProviderContext, body: Obj, rows: StoredResource[]): Promise<Map<string, PoolSnapshot>> {
  const out = new Map<string, PoolSnapshot>();
  const pools = (body["properties"] as Obj | undefined)?.["agentPoolProfiles"];
  if (!Array.isArray(pools) || !pools.some((p) => p && typeof p === "object" && (p as Obj)["creationData"] !== undefined)) return out;
  const { poolSnapshot } = await import("./snapshots.js");
  for (const pool of pools as Obj[]) {
    if (!pool || typeof pool !== "object" || typeof pool["name"] !== "string") continue;
    const row = rows.find((r) => r.key.endsWith(`/agentpools/${String(pool["name"]).toLowerCase()}`));
    const snapshot = await poolSnapshot(ctx, pool, row ? poolProfile(asPool(row).resource) : undefined);
    if (snapshot) out.set(pool["name"], snapshot);
  }
  return out;
}

/** The rows of a cluster's agent pools. */
export function clusterPoolRows(ctx: ProviderContext, clusterKeyValue: string): Promise<StoredResource[]> {
  return poolRows(ctx.store, clusterKeyValue);
}

/** The 404 of an agent pool that does not exist (docs/fidelity.md "Missing agent pool"). */
export function poolNotFound(clusterName: string, resourceGroup: string, poolName: string): ArmError {
  return clusterChildNotFound(clusterName, resourceGroup, "agentPools", poolName);
}

/** ARM's 404 of a cluster's child (`childType`, e.g. `agentPools`) that does not exist. */
function clusterChildNotFound(clusterName: string, resourceGroup: string, childType: string, name: string): ArmError {
  return new ArmError(
    404,
    "ResourceNotFound",
    `The Resource 'Microsoft.ContainerService/managedClusters/${clusterName}/${childType}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

/** The same 404, for a child of the stored cluster a kit scope found (a child type's `notFound`). */
export function childNotFoundUnder(cluster: StoredResource, childType: string, name: string): ArmError {
  const resource = asCluster(cluster).resource;
  const resourceGroup = /\/resourcegroups\/([^/]+)\//i.exec(String(resource["id"]))?.[1] ?? "";
  return clusterChildNotFound(String(resource["name"]), resourceGroup, childType, name);
}

/** The agent pool a request's path names, with its cluster, or ARM's 404s (the group's, the cluster's, the pool's). */
export async function requirePool(
  ctx: ProviderContext,
  params: Record<string, string>,
): Promise<{ cluster: StoredResource; row: StoredResource; pool: StoredPool }> {
  const { stored: cluster, key, rg, name } = await requireCluster(ctx, params);
  const poolName = params["agentPoolName"]!;
  const row = await ctx.store.get(poolKey(key, poolName));
  if (!row) throw poolNotFound(name, rg, poolName);
  return { cluster, row, pool: asPool(row) };
}

function clusterPool(row: StoredResource): ClusterPool {
  const pool = asPool(row);
  return { profile: poolProfile(pool.resource), meta: pool.meta };
}

/**
 * A pool's subnet must exist, and the cluster's pools use subnets of one virtual network or none
 * (docs/fidelity.md "Agent pool subnets").
 */
async function assertPoolSubnets(ctx: ProviderContext, cluster: Obj, creating: boolean): Promise<void> {
  const pools = ((cluster["properties"] as Obj)["agentPoolProfiles"] as Obj[] | undefined) ?? [];
  if (!pools.some((p) => typeof p["vnetSubnetID"] === "string")) return;
  const { assertSubnetsAgree } = await import("./agent-pool-subnets.js");
  await assertSubnetsAgree(ctx, pools, () => creating);
}

/** Deleting a group deletes its clusters, and with them what they own outside the group. */
function clusterGroupCascade(ctx: ProviderContext) {
  return async (groupKey: string, subscriptionId: string): Promise<Write[]> => {
    const writes: Write[] = [];
    let after: string | undefined;
    do {
      const page = await ctx.store.list({ type: MANAGED_CLUSTER_TYPE_KEY, parentKey: groupKey, limit: 500, after });
      for (const c of page.items) writes.push(...teardownWrites(asCluster(c), subscriptionId));
      after = page.next;
    } while (after);
    return writes;
  };
}

/** What deleting a cluster removes besides the cluster's own tree. */
function teardownWrites(cluster: StoredCluster, sub: string): Write[] {
  const r = cluster.resource;
  const props = r["properties"] as Record<string, unknown>;
  const writes: Write[] = [{ op: "deleteTree", key: resourceGroupKey(sub, String(props["nodeResourceGroup"])) }];
  const plr = props["privateLinkResources"] as Record<string, unknown>[] | undefined;
  const plsId = plr?.[0]?.["privateLinkServiceID"];
  if (typeof plsId === "string") writes.push({ op: "delete", key: plsId.toLowerCase() });
  return writes;
}

/**
 * A custom private DNS zone and user-assigned identities must exist, as ARM checks linked
 * resources: 404 in ARM's ResourceNotFound form for an identity, the RP's
 * PrivateDNSZoneResourceNotFoundError for a zone (docs/fidelity.md "Missing custom zone or identity").
 */
async function assertReferencesExist(ctx: ProviderContext, cluster: StoredCluster): Promise<void> {
  const r = cluster.resource;
  const identity = r["identity"] as Record<string, unknown> | undefined;
  const uai = identity?.["userAssignedIdentities"] as Record<string, unknown> | undefined;
  for (const id of Object.keys(uai ?? {})) {
    const m = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/([^/]+)$/i.exec(id);
    if (!m) {
      throw new ArmError(400, "InvalidParameter", `'${id}' is not a valid resource id of a Microsoft.ManagedIdentity/userAssignedIdentities identity.`, {
        target: "identity.userAssignedIdentities",
      });
    }
    if (!(await ctx.store.get(id.toLowerCase()))) {
      throw new ArmError(
        404,
        "ResourceNotFound",
        `The Resource 'Microsoft.ManagedIdentity/userAssignedIdentities/${m[2]}' under resource group '${m[1]}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
        {
          target: "identity.userAssignedIdentities",
        },
      );
    }
  }
  const access = (r["properties"] as Record<string, unknown>)["apiServerAccessProfile"] as Record<string, unknown> | undefined;
  if (access?.["enablePrivateCluster"] === true) {
    const zone = parsePrivateDnsZone(String(access["privateDNSZone"]), String(r["location"]), access["enableVnetIntegration"] === true);
    if (zone.mode === "custom" && !(await ctx.store.get(zone.id.toLowerCase()))) {
      throw new ArmError(
        400,
        "PrivateDNSZoneResourceNotFoundError",
        `The private DNS zone '${zone.id}' was not found. Create the zone (Microsoft.Network/privateDnsZones) before the cluster, or use 'system'.`,
        {
          target: "apiServerAccessProfile.privateDNSZone",
        },
      );
    }
  }
}
