import { PRIVATE_DNS_API_VERSIONS } from "../../arm/api-versions.js";
import { ArmError } from "../../arm/errors.js";
import { resourceGroupKey } from "../../arm/resource-id.js";
import { kitResource, resourceGroupScope, type ScopeSpec } from "../../kit/lifecycle.js";
import type { StoredResource } from "../../store/store.js";
import type { ProviderContext } from "../context.js";
import { requireResourceGroup } from "../resources/resource-groups.js";
import { optionalBoolean, optionalObject, optionalString, optionalStringMap } from "../validation.js";
import {
  anotherOperationInProgress,
  asNet,
  listAll,
  netRecord,
  normalizedKey,
  NETWORK_NAMESPACE,
  ordered,
  parentScope,
  providerId,
  type Obj,
} from "./common.js";
import { resourceNotFound } from "../tracked.js";
import { nextEtag } from "./completion.js";
import { privateDnsStyle } from "./operation-styles.js";
import { RECORD_TYPES, recordSetType, soaRow, type ZoneRef } from "./private-dns-record-rows.js";

/**
 * Microsoft.Network/privateDnsZones and privateDnsZones/virtualNetworkLinks (location "global"),
 * on the kit. Shapes and the long-running answers from the live azure-cli recording
 * test_DeleteLink_LinkExists_ExpectLinkDeleted (2024, api 2018-09-01;
 * docs/sources.md "Network long-running answers"): PUT -> 202 with body `{}`
 * and privateDnsOperationStatuses/privateDnsOperationResults URLs (operation-styles.ts); the zone
 * answers `{"maxNumberOfRecordSets":25000,"maxNumberOfVirtualNetworkLinks":1000,
 * "maxNumberOfVirtualNetworkLinksWithRegistration":100,"numberOfRecordSets":1,...}` and a plain
 * (not weak) ETag, in the body and the GET's header: new when a PUT finishes (as Network's,
 * completion.ts), kept by an accepted DELETE. A zone is made with its SOA record set (`@`) and
 * counts its record sets at each answer (private-dns-records.ts serves them); a zone that still has
 * virtual network links refuses its DELETE (docs/fidelity.md "Deleting a private DNS zone with
 * links"). A zone or link being deleted refuses writes (AnotherOperationInProgress).
 */

export const ZONE_TYPE = "Microsoft.Network/privateDnsZones";
const LINK_TYPE = "Microsoft.Network/privateDnsZones/virtualNetworkLinks";

function zoneKey(sub: string, rg: string, name: string): string {
  return `${resourceGroupKey(sub, rg)}/providers/microsoft.network/privatednszones/${name}`.toLowerCase();
}

function globalLocation(raw: unknown, type: string): string {
  if (raw === undefined || raw === null || raw === "") {
    throw new ArmError(400, "LocationRequired", "The location property is required for this definition.", { target: "location" });
  }
  if (typeof raw !== "string" || raw.toLowerCase() !== "global") {
    throw new ArmError(
      400,
      "LocationNotAvailableForResourceType",
      `The provided location '${String(raw)}' is not available for resource type '${type}'. List of available regions for the resource type is 'global'.`,
      {
        target: "location",
      },
    );
  }
  return "global";
}

const isDeleting = (resource: Obj): boolean => (resource["properties"] as Obj | undefined)?.["provisioningState"] === "Deleting";

/** A write to a zone or link being deleted: Network's 409. */
const refuseWhileDeleting = (resource: Obj): ArmError | undefined => (isDeleting(resource) ? anotherOperationInProgress(String(resource["id"])) : undefined);

/** What zones and links share: the plain ETag in the body, new when a PUT finishes (unless a DELETE came meanwhile). */
const privateDnsRules = {
  refuseWrite: refuseWhileDeleting,
  etagOf: (resource: Obj) => String(resource["etag"]),
  etagHeader: true,
  provisioned: (resource: Obj, at: { key: string }, ctx: ProviderContext): Obj => {
    if (isDeleting(resource)) return resource;
    resource["properties"] = { ...(resource["properties"] as Obj | undefined), provisioningState: "Succeeded" };
    resource["etag"] = ctx.ids.guid("resource-etag", at.key, "provisioned", String(resource["etag"]));
    return resource;
  },
};

/** The ETag of a PUT's resource, from its key and generation. */
const etagFor = (ctx: ProviderContext, key: string, previousMeta: Obj | undefined): string =>
  ctx.ids.guid("resource-etag", key, Number(previousMeta?.["generation"] ?? 0) + 1);

/** A zone as stored and answered (its counts are filled in at each answer: renderZone). */
function zoneResource(p: { id: string; name: string; etag: string; tags?: Record<string, string>; state: string }): Obj {
  return {
    id: p.id,
    name: p.name,
    type: ZONE_TYPE,
    etag: p.etag,
    location: "global",
    ...(p.tags ? { tags: p.tags } : {}),
    properties: {
      maxNumberOfRecordSets: 25000,
      maxNumberOfVirtualNetworkLinks: 1000,
      maxNumberOfVirtualNetworkLinksWithRegistration: 100,
      numberOfRecordSets: 1,
      numberOfVirtualNetworkLinks: 0,
      numberOfVirtualNetworkLinksWithRegistration: 0,
      provisioningState: p.state,
    },
  };
}

/** The zone's counts of its links, and of those with auto-registration. */
function showLinks(zone: Obj, links: Obj[]): Obj {
  const props = zone["properties"] as Obj;
  props["numberOfVirtualNetworkLinks"] = links.length;
  props["numberOfVirtualNetworkLinksWithRegistration"] = links.filter((l) => (l["properties"] as Obj)["registrationEnabled"] === true).length;
  return zone;
}

/** A stored zone as the zone its record sets are written into. */
export function zoneRef(zone: StoredResource): ZoneRef {
  return { key: zone.key, id: zone.id, subscriptionId: zone.subscriptionId, name: String(asNet(zone).resource["name"]) };
}

/** The system zone of a private cluster (links/private-cluster.ts), written with the cluster, and its SOA record set. */
export function zoneRecords(ctx: ProviderContext, p: { sub: string; rg: string; name: string; state: string }): StoredResource[] {
  const key = zoneKey(p.sub, p.rg, p.name);
  const id = providerId(p.sub, p.rg, NETWORK_NAMESPACE, "privateDnsZones", p.name);
  const etag = nextEtag(ctx, key, 1);
  const resource = zoneResource({ id, name: p.name, etag, state: p.state });
  const zone = netRecord(key, id, resourceGroupKey(p.sub, p.rg), p.sub, ZONE_TYPE, etag, { resource, meta: { generation: 1 } });
  return [zone, soaRow(ctx, zoneRef(zone))];
}

/** How many record sets a zone holds, of every type. */
async function recordSetCount(ctx: ProviderContext, zoneKeyValue: string): Promise<number> {
  let n = 0;
  for (const t of RECORD_TYPES) n += await ctx.store.countChildren(recordSetType(t).toLowerCase(), zoneKeyValue, 25_000);
  return n;
}

/** A zone's answer, as GET gives it: its counts of record sets and links read now. */
export async function renderZone(ctx: ProviderContext, zone: StoredResource): Promise<Obj> {
  const links = await listAll(ctx, { type: LINK_TYPE, parentKey: zone.key });
  const resource = showLinks(
    structuredClone(asNet(zone).resource),
    links.map((l) => asNet(l).resource),
  );
  (resource["properties"] as Obj)["numberOfRecordSets"] = await recordSetCount(ctx, zone.key);
  return resource;
}

/**
 * A zone with virtual network links refuses its DELETE (docs/fidelity.md "Deleting a private DNS
 * zone with links"); a resource group's or a cluster's delete still removes the zone and its links.
 */
async function refuseDeleteWithLinks(zone: StoredResource, ctx: ProviderContext): Promise<ArmError | undefined> {
  const links = await listAll(ctx, { type: LINK_TYPE, parentKey: zone.key });
  if (links.length === 0) return undefined;
  const names = links.map((l) => `'${String(asNet(l).resource["name"])}'`).join(", ");
  return new ArmError(
    409,
    "Conflict",
    `The private DNS zone '${String(asNet(zone).resource["name"])}' cannot be deleted while it has virtual network links (${names}). Delete its virtual network links first, then the zone.`,
  );
}

export const privateDnsZonesType = kitResource(
  {
    namespace: NETWORK_NAMESPACE,
    type: "privateDnsZones",
    scope: resourceGroupScope(NETWORK_NAMESPACE, requireResourceGroup),
    nameParam: "privateZoneName",
    listBySubscription: true,
    operations: privateDnsStyle("privateDnsZone", { put: "UpsertPrivateDnsZone", delete: "DeletePrivateDnsZone" }),
    ...privateDnsRules,
    present: (stored, _apiVersion, ctx) => renderZone(ctx, stored),
    refuseDelete: refuseDeleteWithLinks,
    build: ({ name, body, previous, previousMeta, id, key, scope }, ctx) => {
      globalLocation(body["location"], ZONE_TYPE);
      const tags = optionalStringMap(body["tags"], "tags");
      const etag = etagFor(ctx, key, previousMeta);
      const zoneName = previous ? String(previous["name"]) : name;
      // The kit sets provisioningState in place. A new zone comes with its SOA record set.
      const resource = zoneResource({ id, name: zoneName, etag, tags, state: "Succeeded" });
      const soa = previous ? [] : [{ op: "put" as const, resource: soaRow(ctx, { key, id, subscriptionId: scope.subscriptionId, name: zoneName }) }];
      return { resource, writes: soa };
    },
    notFound: (name, _scope, params) => resourceNotFound(ZONE_TYPE, name, params["resourceGroupName"]!),
  },
  { apiVersions: PRIVATE_DNS_API_VERSIONS, registration: "regions", sample: { name: "privatelink.eastus.azmk8s.io", body: () => ({ location: "global" }) } },
);

/** The zone as the scope of its children (`childType`, e.g. `privateDnsZones/virtualNetworkLinks`). */
export function zoneScopeFor(childType: string): ScopeSpec {
  return parentScope({
    path: "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.Network/privateDnsZones/:privateZoneName",
    find: findZone,
    parentId: (params) => providerId(params["subscriptionId"]!, params["resourceGroupName"]!, NETWORK_NAMESPACE, "privateDnsZones", params["privateZoneName"]!),
    childType,
    readNotFound: (params) => resourceNotFound(ZONE_TYPE, params["privateZoneName"]!, params["resourceGroupName"]!),
  });
}

/** The zone the params name (undefined: none), after its group's 404. */
async function findZone(ctx: ProviderContext, params: Record<string, string>): Promise<StoredResource | undefined> {
  await requireResourceGroup(ctx, params["subscriptionId"]!, params["resourceGroupName"]!);
  return ctx.store.get(zoneKey(params["subscriptionId"]!, params["resourceGroupName"]!, params["privateZoneName"]!));
}

export const virtualNetworkLinksType = kitResource(
  {
    namespace: NETWORK_NAMESPACE,
    type: "privateDnsZones/virtualNetworkLinks",
    // Links carry a location (global): ARM lists them among the group's resources.
    scope: { ...zoneScopeFor("privateDnsZones/virtualNetworkLinks"), tracked: true },
    nameParam: "virtualNetworkLinkName",
    operations: privateDnsStyle("virtualNetworkLink", { put: "UpsertVirtualNetworkLink", delete: "DeleteVirtualNetworkLink" }),
    ...privateDnsRules,
    build: async ({ name, body, previous, previousMeta, id, key }, ctx) => {
      globalLocation(body["location"], LINK_TYPE);
      const tags = optionalStringMap(body["tags"], "tags");
      const props = { ...(optionalObject(body["properties"], "properties") ?? {}) };
      const vnetRef = optionalObject(props["virtualNetwork"], "properties.virtualNetwork");
      const vnetId = optionalString(vnetRef?.["id"], "properties.virtualNetwork.id");
      if (!vnetId)
        throw new ArmError(400, "BadRequest", "The virtual network link needs properties.virtualNetwork.id.", { target: "properties.virtualNetwork.id" });
      const vnetKey = normalizedKey(vnetId);
      const vnet = vnetKey && /\/providers\/microsoft\.network\/virtualnetworks\/[^/]+$/.test(vnetKey) ? await ctx.store.get(vnetKey) : undefined;
      if (!vnet) {
        // docs/fidelity.md "Link to a missing virtual network".
        throw new ArmError(
          400,
          "BadRequest",
          `Virtual network '${vnetId}' referenced by virtual network link '${name}' was not found. Create the virtual network first.`,
          { target: "properties.virtualNetwork.id" },
        );
      }
      if (previous) {
        const prevVnet = String(((previous["properties"] as Obj)["virtualNetwork"] as Obj)["id"]);
        if (prevVnet.toLowerCase() !== vnetId.toLowerCase()) {
          throw new ArmError(400, "BadRequest", `The virtual network of link '${name}' cannot be changed. Delete the link and create a new one.`, {
            target: "properties.virtualNetwork.id",
          });
        }
      }
      const registrationEnabled = optionalBoolean(props["registrationEnabled"], "properties.registrationEnabled") ?? false;
      const extra = { ...props };
      for (const k of ["virtualNetwork", "registrationEnabled", "virtualNetworkLinkState", "provisioningState"]) delete extra[k];
      // The kit sets provisioningState in place.
      const resource: Obj = {
        id,
        name: previous ? String(previous["name"]) : name,
        type: LINK_TYPE,
        etag: etagFor(ctx, key, previousMeta),
        location: "global",
        ...(tags ? { tags } : {}),
        properties: ordered(
          { ...extra, virtualNetwork: { id: vnet.id }, registrationEnabled, virtualNetworkLinkState: "Completed", provisioningState: "Succeeded" },
          ["virtualNetwork", "registrationEnabled", "virtualNetworkLinkState", "provisioningState"],
        ),
      };
      return { resource };
    },
    notFound: (name, scope, params) =>
      resourceNotFound(`${ZONE_TYPE}/${String(asNet(scope.stored).resource["name"])}/virtualNetworkLinks`, name, params["resourceGroupName"]!),
  },
  {
    apiVersions: PRIVATE_DNS_API_VERSIONS,
    registration: "none",
    sample: {
      name: "fuzz1",
      body: (refs) => ({ location: "global", properties: { virtualNetwork: { id: refs.virtualNetworkId }, registrationEnabled: false } }),
    },
  },
);
