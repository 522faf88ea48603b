import { ArmError } from "../../arm/errors.js";
import { checkPreconditions, readPreconditions } from "../../arm/conditional.js";
import { resourceGroupKey } from "../../arm/resource-id.js";
import type { ArmRequest, ArmResponse, Route } from "../../arm/router.js";
import type { OperationRecord, StoredResource, Write } from "../../store/store.js";
import type { ProviderContext } from "../context.js";
import { requireResourceGroup } from "../resources/resource-groups.js";
import { assertSubscriptionId } from "../resources/subscriptions.js";
import { optionalBoolean, optionalObject, optionalString, optionalStringMap, requireObject } from "../validation.js";
import {
  anotherOperationInProgress,
  asNet,
  commitOrConflict,
  listAll,
  netRecord,
  normalizedKey,
  NETWORK_NAMESPACE,
  ordered,
  parentNotFound,
  providerId,
  resourceNotFound,
  type Obj,
} from "./common.js";
import { finishDelete, finishPut, generationOf, nextEtag } from "./completion.js";
import { immediate, networkAsyncHeaders, newNetworkOperation } from "./network-lro.js";

/**
 * Microsoft.Network/privateDnsZones and privateDnsZones/virtualNetworkLinks (location "global").
 * Shapes and the long-running answers from the live azure-cli recording
 * test_DeleteLink_LinkExists_ExpectLinkDeleted (2024, api 2018-09-01): PUT -> 202 with body `{}`
 * and privateDnsOperationStatuses/privateDnsOperationResults URLs; the zone answers
 * `{"maxNumberOfRecordSets":25000,"maxNumberOfVirtualNetworkLinks":1000,
 * "maxNumberOfVirtualNetworkLinksWithRegistration":100,"numberOfRecordSets":1,...}` and a plain
 * (not weak) ETag. Record sets are not emulated: every zone counts its SOA record.
 */

export const ZONE_TYPE = "Microsoft.Network/privateDnsZones";
const LINK_TYPE = "Microsoft.Network/privateDnsZones/virtualNetworkLinks";
const ZONE_PUT = "privateDnsZone.put";
const ZONE_DELETE = "privateDnsZone.delete";
const LINK_PUT = "virtualNetworkLink.put";
const LINK_DELETE = "virtualNetworkLink.delete";

const ZONE_PATH = "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.Network/privateDnsZones/:privateZoneName";
const LINK_PATH = `${ZONE_PATH}/virtualNetworkLinks/:virtualNetworkLinkName`;

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

/** A zone record (also used by the private-cluster hook for the system zone). */
export function zoneRecord(
  ctx: ProviderContext,
  p: { sub: string; rg: string; name: string; tags?: Record<string, string>; state: string; previous?: StoredResource; recordSets?: number },
): StoredResource {
  const key = zoneKey(p.sub, p.rg, p.name);
  const id = p.previous?.id ?? providerId(p.sub, p.rg, NETWORK_NAMESPACE, "privateDnsZones", p.name);
  const generation = generationOf(p.previous) + 1;
  const etag = nextEtag(ctx, key, generation);
  const prevProps = (p.previous ? asNet(p.previous).resource["properties"] : undefined) as Obj | undefined;
  const resource: Obj = {
    id,
    name: p.previous ? String(asNet(p.previous).resource["name"]) : p.name,
    type: ZONE_TYPE,
    etag,
    location: "global",
    ...(p.tags ? { tags: p.tags } : {}),
    properties: {
      maxNumberOfRecordSets: 25000,
      maxNumberOfVirtualNetworkLinks: 1000,
      maxNumberOfVirtualNetworkLinksWithRegistration: 100,
      numberOfRecordSets: prevProps?.["numberOfRecordSets"] ?? p.recordSets ?? 1,
      numberOfVirtualNetworkLinks: 0,
      numberOfVirtualNetworkLinksWithRegistration: 0,
      provisioningState: p.state,
    },
  };
  return netRecord(key, id, resourceGroupKey(p.sub, p.rg), p.sub, ZONE_TYPE, etag, {
    resource,
    meta: { ...(p.previous ? asNet(p.previous).meta : {}), generation },
  });
}

async function linksOf(ctx: ProviderContext, zone: StoredResource): Promise<StoredResource[]> {
  return listAll(ctx, { type: LINK_TYPE, parentKey: zone.key });
}

export async function renderZone(ctx: ProviderContext, zone: StoredResource): Promise<Obj> {
  const resource = structuredClone(asNet(zone).resource);
  const props = resource["properties"] as Obj;
  const links = await linksOf(ctx, zone);
  props["numberOfVirtualNetworkLinks"] = links.length;
  props["numberOfVirtualNetworkLinksWithRegistration"] = links.filter((l) => (asNet(l).resource["properties"] as Obj)["registrationEnabled"] === true).length;
  return resource;
}

function renderLink(link: StoredResource): Obj {
  return structuredClone(asNet(link).resource);
}

export function privateDnsRoutes(ctx: ProviderContext): Route[] {
  const zoneVersions = { namespace: NETWORK_NAMESPACE, resourceType: "privateDnsZones", kind: "provider" as const };
  const linkVersions = { ...zoneVersions, resourceType: "privateDnsZones/virtualNetworkLinks" };

  /** Accepted write: 202 `{}` with the operation URLs, or the final body at once with --lro-duration 0. */
  async function accept(
    req: ArmRequest,
    writes: Write[],
    p: { kind: string; dnsOperation: string; key: string; id: string; generation: number; created: boolean; render: () => Promise<Obj> },
  ): Promise<ArmResponse> {
    if (immediate(ctx)) {
      await commitOrConflict(ctx, writes, p.id);
      return { status: p.created ? 201 : 200, body: await p.render() };
    }
    const op = newNetworkOperation(ctx, {
      kind: p.kind,
      style: "privateDns",
      subscriptionId: req.params["subscriptionId"]!,
      location: "global",
      resourceGroup: req.params["resourceGroupName"]!,
      resourceKey: p.key,
      dnsOperation: p.dnsOperation,
      apiVersion: req.apiVersion,
      generation: p.generation,
    });
    await commitOrConflict(ctx, [...writes, { op: "putOperation", operation: op }], p.id);
    return { status: 202, body: {}, headers: networkAsyncHeaders(req.origin, op, true) };
  }

  async function acceptDelete(req: ArmRequest, stored: StoredResource, kind: string, dnsOperation: string): Promise<ArmResponse> {
    const running = (await ctx.store.activeOperations(stored.key)).find((o) => o.kind === kind);
    if (running) return { status: 202, headers: networkAsyncHeaders(req.origin, running, true) };
    if (immediate(ctx)) {
      await commitOrConflict(ctx, [{ op: "deleteTree", key: stored.key }], stored.id);
      return { status: 200 };
    }
    const body = asNet(stored);
    const resource = structuredClone(body.resource);
    (resource["properties"] as Obj)["provisioningState"] = "Deleting";
    const op = newNetworkOperation(ctx, {
      kind,
      style: "privateDns",
      subscriptionId: req.params["subscriptionId"]!,
      location: "global",
      resourceGroup: req.params["resourceGroupName"]!,
      resourceKey: stored.key,
      dnsOperation,
      apiVersion: req.apiVersion,
      generation: generationOf(stored) + 1,
    });
    await commitOrConflict(
      ctx,
      [
        { op: "put", resource: { ...stored, body: { ...body, resource } as unknown as Obj }, expect: { etag: stored.etag } },
        { op: "putOperation", operation: op },
      ],
      stored.id,
    );
    return { status: 202, headers: networkAsyncHeaders(req.origin, op, true) };
  }

  const isDeleting = (s: StoredResource | undefined) => s !== undefined && (asNet(s).resource["properties"] as Obj)["provisioningState"] === "Deleting";

  // --- zones ---------------------------------------------------------------------------------

  const putZone = async (req: ArmRequest): Promise<ArmResponse> => {
    const sub = req.params["subscriptionId"]!;
    const rgName = req.params["resourceGroupName"]!;
    const name = req.params["privateZoneName"]!;
    assertSubscriptionId(sub);
    const rg = await requireResourceGroup(ctx, sub, rgName);
    const key = zoneKey(sub, rgName, name);
    const existing = await ctx.store.get(key);
    checkPreconditions(readPreconditions(req.headers), existing?.etag, `'${name}'`);
    if (isDeleting(existing)) throw anotherOperationInProgress(existing!.id);
    const input = requireObject(req.body, "");
    globalLocation(input["location"], ZONE_TYPE);
    const tags = optionalStringMap(input["tags"], "tags");
    const created = !existing;
    const record = zoneRecord(ctx, {
      sub,
      rg: String(rg.body["name"] ?? rgName),
      name,
      tags,
      state: immediate(ctx) ? "Succeeded" : created ? "Creating" : "Updating",
      previous: existing,
    });
    return accept(req, [{ op: "put", resource: record, expect: existing ? { etag: existing.etag } : { absent: true } }], {
      kind: ZONE_PUT,
      dnsOperation: "UpsertPrivateDnsZone",
      key,
      id: record.id,
      generation: generationOf(record),
      created,
      render: () => renderZone(ctx, record),
    });
  };

  async function zoneOr404(req: ArmRequest): Promise<StoredResource> {
    const sub = req.params["subscriptionId"]!;
    const rgName = req.params["resourceGroupName"]!;
    assertSubscriptionId(sub);
    const zone = await ctx.store.get(zoneKey(sub, rgName, req.params["privateZoneName"]!));
    if (!zone) {
      await requireResourceGroup(ctx, sub, rgName);
      throw resourceNotFound(ZONE_TYPE, req.params["privateZoneName"]!, rgName);
    }
    return zone;
  }

  const getZone = async (req: ArmRequest): Promise<ArmResponse> => {
    const body = await renderZone(ctx, await zoneOr404(req));
    return { status: 200, body, headers: { etag: String(body["etag"]) } };
  };

  const deleteZone = async (req: ArmRequest): Promise<ArmResponse> => {
    const sub = req.params["subscriptionId"]!;
    const rgName = req.params["resourceGroupName"]!;
    assertSubscriptionId(sub);
    const zone = await ctx.store.get(zoneKey(sub, rgName, req.params["privateZoneName"]!));
    const pre = readPreconditions(req.headers);
    if (!zone) {
      if (pre.ifMatch !== undefined) checkPreconditions(pre, undefined, `'${req.params["privateZoneName"]}'`);
      await requireResourceGroup(ctx, sub, rgName);
      return { status: 204 };
    }
    checkPreconditions(pre, zone.etag, `'${req.params["privateZoneName"]}'`);
    return acceptDelete(req, zone, ZONE_DELETE, "DeletePrivateDnsZone");
  };

  const listZonesInGroup = async (req: ArmRequest): Promise<ArmResponse> => {
    const rg = await requireResourceGroup(ctx, req.params["subscriptionId"]!, req.params["resourceGroupName"]!);
    const value: Obj[] = [];
    for (const z of await listAll(ctx, { type: ZONE_TYPE, parentKey: rg.key })) value.push(await renderZone(ctx, z));
    return { status: 200, body: { value } };
  };

  const listZonesInSubscription = async (req: ArmRequest): Promise<ArmResponse> => {
    const sub = req.params["subscriptionId"]!;
    assertSubscriptionId(sub);
    const value: Obj[] = [];
    for (const z of await listAll(ctx, { type: ZONE_TYPE, subscriptionId: sub.toLowerCase() })) value.push(await renderZone(ctx, z));
    return { status: 200, body: { value } };
  };

  // --- virtual network links -----------------------------------------------------------------

  const putLink = async (req: ArmRequest): Promise<ArmResponse> => {
    const sub = req.params["subscriptionId"]!;
    const rgName = req.params["resourceGroupName"]!;
    const zoneName = req.params["privateZoneName"]!;
    const name = req.params["virtualNetworkLinkName"]!;
    assertSubscriptionId(sub);
    await requireResourceGroup(ctx, sub, rgName);
    const zone = await ctx.store.get(zoneKey(sub, rgName, zoneName));
    if (!zone) throw parentNotFound("write", "privateDnsZones/virtualNetworkLinks", providerId(sub, rgName, NETWORK_NAMESPACE, "privateDnsZones", zoneName));
    if (isDeleting(zone)) throw anotherOperationInProgress(zone.id);
    const key = `${zone.key}/virtualnetworklinks/${name.toLowerCase()}`;
    const existing = await ctx.store.get(key);
    checkPreconditions(readPreconditions(req.headers), existing?.etag, `'${name}'`);
    if (isDeleting(existing)) throw anotherOperationInProgress(existing!.id);
    const input = requireObject(req.body, "");
    globalLocation(input["location"], LINK_TYPE);
    const tags = optionalStringMap(input["tags"], "tags");
    const props = { ...(optionalObject(input["properties"], "properties") ?? {}) };
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
    if (existing) {
      const prevVnet = String(((asNet(existing).resource["properties"] as Obj)["virtualNetwork"] as Obj)["id"]);
      if (prevVnet.toLowerCase() !== vnetId.toLowerCase()) {
        throw new ArmError(400, "BadRequest", `The virtual network of link '${name}' cannot be changed. Delete the link and create a new one.`, {
          target: "properties.virtualNetwork.id",
        });
      }
    }
    const registrationEnabled = optionalBoolean(props["registrationEnabled"], "properties.registrationEnabled") ?? false;
    const generation = generationOf(existing) + 1;
    const etag = nextEtag(ctx, key, generation);
    const id = existing?.id ?? `${zone.id}/virtualNetworkLinks/${name}`;
    const extra = { ...props };
    for (const k of ["virtualNetwork", "registrationEnabled", "virtualNetworkLinkState", "provisioningState"]) delete extra[k];
    const state = immediate(ctx) ? "Succeeded" : existing ? "Updating" : "Creating";
    const resource: Obj = {
      id,
      name: existing ? String(asNet(existing).resource["name"]) : name,
      type: LINK_TYPE,
      etag,
      location: "global",
      ...(tags ? { tags } : {}),
      properties: ordered({ ...extra, virtualNetwork: { id: vnet.id }, registrationEnabled, virtualNetworkLinkState: "Completed", provisioningState: state }, [
        "virtualNetwork",
        "registrationEnabled",
        "virtualNetworkLinkState",
        "provisioningState",
      ]),
    };
    const record = netRecord(key, id, zone.key, sub, LINK_TYPE, etag, { resource, meta: { generation } });
    return accept(req, [{ op: "put", resource: record, expect: existing ? { etag: existing.etag } : { absent: true } }], {
      kind: LINK_PUT,
      dnsOperation: "UpsertVirtualNetworkLink",
      key,
      id,
      generation,
      created: !existing,
      render: async () => renderLink(record),
    });
  };

  async function linkLookup(req: ArmRequest): Promise<{ zone?: StoredResource; link?: StoredResource }> {
    const sub = req.params["subscriptionId"]!;
    const rgName = req.params["resourceGroupName"]!;
    assertSubscriptionId(sub);
    await requireResourceGroup(ctx, sub, rgName);
    const zone = await ctx.store.get(zoneKey(sub, rgName, req.params["privateZoneName"]!));
    if (!zone) return {};
    return { zone, link: await ctx.store.get(`${zone.key}/virtualnetworklinks/${req.params["virtualNetworkLinkName"]!.toLowerCase()}`) };
  }

  const getLink = async (req: ArmRequest): Promise<ArmResponse> => {
    const { zone, link } = await linkLookup(req);
    if (!zone) throw resourceNotFound(ZONE_TYPE, req.params["privateZoneName"]!, req.params["resourceGroupName"]!);
    if (!link)
      throw resourceNotFound(
        `${ZONE_TYPE}/${String(asNet(zone).resource["name"])}/virtualNetworkLinks`,
        req.params["virtualNetworkLinkName"]!,
        req.params["resourceGroupName"]!,
      );
    const body = renderLink(link);
    return { status: 200, body, headers: { etag: String(body["etag"]) } };
  };

  const deleteLink = async (req: ArmRequest): Promise<ArmResponse> => {
    const { link } = await linkLookup(req);
    const pre = readPreconditions(req.headers);
    if (!link) {
      if (pre.ifMatch !== undefined) checkPreconditions(pre, undefined, `'${req.params["virtualNetworkLinkName"]}'`);
      return { status: 204 };
    }
    checkPreconditions(pre, link.etag, `'${req.params["virtualNetworkLinkName"]}'`);
    return acceptDelete(req, link, LINK_DELETE, "DeleteVirtualNetworkLink");
  };

  const listLinks = async (req: ArmRequest): Promise<ArmResponse> => {
    const zone = await zoneOr404(req);
    return { status: 200, body: { value: (await linksOf(ctx, zone)).map(renderLink) } };
  };

  return [
    { method: "PUT", path: ZONE_PATH, apiVersions: zoneVersions, write: true, body: "required", handler: putZone },
    { method: "GET", path: ZONE_PATH, apiVersions: zoneVersions, write: false, body: "none", handler: getZone },
    { method: "DELETE", path: ZONE_PATH, apiVersions: zoneVersions, write: true, body: "none", handler: deleteZone },
    {
      method: "GET",
      path: "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.Network/privateDnsZones",
      apiVersions: zoneVersions,
      write: false,
      body: "none",
      handler: listZonesInGroup,
    },
    {
      method: "GET",
      path: "/subscriptions/:subscriptionId/providers/Microsoft.Network/privateDnsZones",
      apiVersions: zoneVersions,
      write: false,
      body: "none",
      handler: listZonesInSubscription,
    },
    { method: "PUT", path: LINK_PATH, apiVersions: linkVersions, write: true, body: "required", handler: putLink },
    { method: "GET", path: LINK_PATH, apiVersions: linkVersions, write: false, body: "none", handler: getLink },
    { method: "DELETE", path: LINK_PATH, apiVersions: linkVersions, write: true, body: "none", handler: deleteLink },
    { method: "GET", path: `${ZONE_PATH}/virtualNetworkLinks`, apiVersions: linkVersions, write: false, body: "none", handler: listLinks },
  ];
}

export function privateDnsCompleters(ctx: ProviderContext): Record<string, (op: OperationRecord) => Promise<Write[]>> {
  return {
    [ZONE_PUT]: finishPut(ctx),
    [LINK_PUT]: finishPut(ctx),
    [ZONE_DELETE]: finishDelete(),
    [LINK_DELETE]: finishDelete(),
  };
}
