import { ArmError } from "../../arm/errors.js";
import { checkPreconditions, readPreconditions } from "../../arm/conditional.js";
import { resourceGroupKey } from "../../arm/resource-id.js";
import type { ArmRequest, ArmResponse, Route } from "../../arm/router.js";
import type { OperationRecord, StoredResource, Write } from "../../store/store.js";
import type { ProviderContext } from "../context.js";
import { requireResourceGroup } from "../resources/resource-groups.js";
import { assertSubscriptionId } from "../resources/subscriptions.js";
import { optionalArray, optionalObject, optionalString, optionalStringMap, requireObject, typeError } from "../validation.js";
import { contains, formatIpv4, overlaps, parseCidr, type Ipv4Cidr } from "./cidr.js";
import {
  anotherOperationInProgress,
  asNet,
  commitOrConflict,
  listAll,
  netRecord,
  normalizedKey,
  NETWORK_NAMESPACE,
  ordered,
  providerId,
  regionalLocation,
  resourceNotFound,
  parentNotFound,
  weakEtag,
  type NetBody,
  type Obj,
} from "./common.js";
import { finishDelete, finishPut, generationOf, nextEtag } from "./completion.js";
import { immediate, networkAsyncHeaders, newNetworkOperation } from "./network-lro.js";

/**
 * Microsoft.Network/virtualNetworks with `subnets` inline and as the child resource
 * `virtualNetworks/{vnet}/subnets/{subnet}`. Shapes from the live 2024-03-01 az recording
 * (azure-cli privatedns test_DeleteLink_LinkExists_ExpectLinkDeleted) and arm-network 36's mappers.
 * Subnets are stored as children of the network; a network answer lists them inline.
 * A subnet remembers the private endpoints placed in it (answered as `privateEndpoints`, only
 * those that still exist) so it cannot be deleted while they are there.
 */

export const VNET_TYPE = "Microsoft.Network/virtualNetworks";
export const SUBNET_TYPE = "Microsoft.Network/virtualNetworks/subnets";
const VNET_PUT = "virtualNetwork.put";
const VNET_DELETE = "virtualNetwork.delete";
const SUBNET_PUT = "subnet.put";
const SUBNET_DELETE = "subnet.delete";

const VNET_PATH = "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.Network/virtualNetworks/:virtualNetworkName";
const SUBNET_PATH = `${VNET_PATH}/subnets/:subnetName`;

function vnetKey(sub: string, rg: string, name: string): string {
  return `${resourceGroupKey(sub, rg)}/providers/microsoft.network/virtualnetworks/${name}`.toLowerCase();
}

function subnetKey(vnetKeyValue: string, name: string): string {
  return `${vnetKeyValue}/subnets/${name}`.toLowerCase();
}

/** Read-only subnet properties a client may send back from a GET: ignored. */
const SUBNET_READ_ONLY = [
  "provisioningState",
  "privateEndpoints",
  "ipConfigurations",
  "ipConfigurationProfiles",
  "resourceNavigationLinks",
  "serviceAssociationLinks",
  "purpose",
];

/** The subnet a resource id names, if it exists. */
export async function findSubnet(ctx: ProviderContext, id: string): Promise<StoredResource | undefined> {
  const key = normalizedKey(id);
  if (!key || !/\/providers\/microsoft\.network\/virtualnetworks\/[^/]+\/subnets\/[^/]+$/.test(key)) return undefined;
  return ctx.store.get(key);
}

/** Private endpoint keys placed in a subnet that still exist. */
async function liveEndpoints(ctx: ProviderContext, subnet: StoredResource): Promise<{ key: string; id: string; nic?: string }[]> {
  const refs = (asNet(subnet).meta["privateEndpoints"] as { key: string; id: string; nic?: string }[] | undefined) ?? [];
  const out: { key: string; id: string; nic?: string }[] = [];
  for (const r of refs) if (await ctx.store.get(r.key)) out.push(r);
  return out;
}

export async function renderSubnet(ctx: ProviderContext, subnet: StoredResource): Promise<Obj> {
  const resource = structuredClone(asNet(subnet).resource);
  const live = await liveEndpoints(ctx, subnet);
  const props = resource["properties"] as Obj;
  if (live.length > 0) props["privateEndpoints"] = live.map((e) => ({ id: e.id }));
  resource["properties"] = ordered(props, [
    "provisioningState",
    "addressPrefix",
    "addressPrefixes",
    "networkSecurityGroup",
    "routeTable",
    "serviceEndpoints",
    "privateEndpoints",
    "delegations",
    "privateEndpointNetworkPolicies",
    "privateLinkServiceNetworkPolicies",
  ]);
  return resource;
}

async function subnetsOf(ctx: ProviderContext, vnet: StoredResource): Promise<StoredResource[]> {
  return listAll(ctx, { type: SUBNET_TYPE, parentKey: vnet.key });
}

export async function renderVnet(ctx: ProviderContext, vnet: StoredResource): Promise<Obj> {
  const resource = structuredClone(asNet(vnet).resource);
  const props = resource["properties"] as Obj;
  const subnets: Obj[] = [];
  for (const s of await subnetsOf(ctx, vnet)) subnets.push(await renderSubnet(ctx, s));
  props["subnets"] = subnets;
  resource["properties"] = ordered(props, [
    "provisioningState",
    "resourceGuid",
    "addressSpace",
    "dhcpOptions",
    "subnets",
    "virtualNetworkPeerings",
    "enableDdosProtection",
  ]);
  return resource;
}

/** The IPv4 ranges of an address-prefix list, validated as Network validates them. */
function prefixesOf(list: unknown[], path: string, ownerId: string): { text: string; cidr?: Ipv4Cidr }[] {
  return list.map((p, i) => {
    if (typeof p !== "string") throw typeError(`${path}[${i}]`, "a string", p);
    const parsed = parseCidr(p);
    if (parsed.kind === "invalid") {
      throw new ArmError(
        400,
        "InvalidAddressPrefixFormat",
        `Address prefix ${p} of resource ${ownerId} is not formatted correctly. It should follow CIDR notation, for example 10.0.0.0/24.`,
        { target: `${path}[${i}]` },
      );
    }
    if (parsed.kind === "ipv4" && parsed.hostBitsSet) {
      throw new ArmError(
        400,
        "InvalidCIDRNotation",
        `The address prefix ${p} in resource ${ownerId} has an invalid CIDR notation. For the given prefix length, the address prefix should be ${parsed.canonical}.`,
        { target: `${path}[${i}]` },
      );
    }
    return parsed.kind === "ipv4" ? { text: p, cidr: parsed.cidr } : { text: p };
  });
}

function subnetPrefixList(props: Obj, path: string): unknown[] {
  const single = optionalString(props["addressPrefix"], `${path}.addressPrefix`);
  const many = optionalArray(props["addressPrefixes"], `${path}.addressPrefixes`);
  return [...(single !== undefined ? [single] : []), ...(many ?? [])];
}

interface SubnetPlan {
  name: string;
  key: string;
  id: string;
  props: Obj;
  ranges: Ipv4Cidr[];
}

/** Checks a subnet's prefixes against the network's address space and its sibling subnets. */
function checkSubnetRanges(plan: SubnetPlan, vnetName: string, space: Ipv4Cidr[], siblings: SubnetPlan[]): void {
  for (const r of plan.ranges) {
    if (space.length > 0 && !space.some((s) => contains(s, r))) {
      throw new ArmError(
        400,
        "NetcfgSubnetRangeOutsideVnet",
        `Subnet '${plan.name}' is not valid because its IP address range is outside the IP address range of virtual network '${vnetName}'.`,
      );
    }
    for (const other of siblings) {
      if (other.key === plan.key) continue;
      if (other.ranges.some((o) => overlaps(o, r))) {
        throw new ArmError(
          400,
          "NetcfgSubnetRangesOverlap",
          `Subnet '${plan.name}' is not valid because its IP address range overlaps with that of an existing subnet in virtual network '${vnetName}'.`,
        );
      }
    }
  }
}

function planSubnet(input: Obj, path: string, vnetId: string, vnetKeyValue: string): SubnetPlan {
  const at = path ? `${path}.` : "";
  const name = optionalString(input["name"], `${at}name`);
  if (!name) throw new ArmError(400, "InvalidRequestFormat", `Cannot parse the request: ${at}name is required.`, { target: `${at}name` });
  const props = { ...(optionalObject(input["properties"], `${at}properties`) ?? {}) };
  for (const ro of SUBNET_READ_ONLY) delete props[ro];
  const id = `${vnetId}/subnets/${name}`;
  const list = subnetPrefixList(props, `${at}properties`);
  if (list.length === 0) {
    throw new ArmError(
      400,
      "NoAddressPrefixOrPoolProvided",
      `Subnet '${name}' has no address prefix. Give properties.addressPrefix (for example 10.0.0.0/24) or properties.addressPrefixes.`,
      { target: `${at}properties.addressPrefix` },
    );
  }
  const ranges = prefixesOf(list, `${at}properties.addressPrefixes`, id).flatMap((p) => (p.cidr ? [p.cidr] : []));
  return { name, key: subnetKey(vnetKeyValue, name), id, props, ranges };
}

function subnetResource(plan: SubnetPlan, etagGuid: string, state: string): Obj {
  const props: Obj = { provisioningState: state, ...plan.props };
  if (props["delegations"] === undefined) props["delegations"] = [];
  if (props["privateEndpointNetworkPolicies"] === undefined) props["privateEndpointNetworkPolicies"] = "Disabled";
  if (props["privateLinkServiceNetworkPolicies"] === undefined) props["privateLinkServiceNetworkPolicies"] = "Enabled";
  return { name: plan.name, id: plan.id, etag: weakEtag(etagGuid), properties: props, type: SUBNET_TYPE };
}

function subnetRecord(
  ctx: ProviderContext,
  plan: SubnetPlan,
  vnet: { key: string; subscriptionId: string },
  previous: StoredResource | undefined,
  state: string,
): StoredResource {
  const generation = generationOf(previous) + 1;
  const etag = nextEtag(ctx, plan.key, generation);
  const meta: Obj = previous ? { ...asNet(previous).meta, generation } : { generation, privateEndpoints: [], nextHost: 4 };
  const body: NetBody = { resource: subnetResource(plan, etag, state), meta };
  return netRecord(plan.key, plan.id, vnet.key, vnet.subscriptionId, SUBNET_TYPE, etag, body);
}

function inUse(subnetName: string, endpoint: { id: string; nic?: string }): ArmError {
  const by = endpoint.nic ? `${endpoint.nic}/ipConfigurations/privateEndpointIpConfig` : endpoint.id;
  return new ArmError(
    400,
    "InUseSubnetCannotBeDeleted",
    `Subnet ${subnetName} is in use by ${by} and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.`,
  );
}

function notFoundSubnet(id: string): ArmError {
  return new ArmError(404, "NotFound", `Resource ${id} not found.`, { details: [] });
}

/**
 * A virtual network with one subnet, as AKS creates it for a cluster without a subnet of its own
 * (`aks-vnet-<8 digits>` / `aks-subnet`, 10.224.0.0/12 and 10.224.0.0/16): both records,
 * Succeeded. Used by the private-cluster hook.
 */
export function managedVnetRecords(
  ctx: ProviderContext,
  sub: string,
  rg: string,
  location: string,
  name: string,
  subnetName: string,
): { vnet: StoredResource; subnet: StoredResource } {
  const key = vnetKey(sub, rg, name);
  const id = providerId(sub, rg, NETWORK_NAMESPACE, "virtualNetworks", name);
  const etag = nextEtag(ctx, key, 1);
  const resource: Obj = {
    name,
    id,
    etag: weakEtag(etag),
    type: VNET_TYPE,
    location,
    properties: {
      provisioningState: "Succeeded",
      resourceGuid: ctx.ids.guid("vnet-resource-guid", key),
      addressSpace: { addressPrefixes: ["10.224.0.0/12"] },
      virtualNetworkPeerings: [],
      enableDdosProtection: false,
    },
  };
  const vnet = netRecord(key, id, resourceGroupKey(sub, rg), sub, VNET_TYPE, etag, { resource, meta: { generation: 1 } });
  const plan: SubnetPlan = {
    name: subnetName,
    key: subnetKey(key, subnetName),
    id: `${id}/subnets/${subnetName}`,
    props: { addressPrefix: "10.224.0.0/16" },
    ranges: [],
  };
  return { vnet, subnet: subnetRecord(ctx, plan, { key, subscriptionId: sub }, undefined, "Succeeded") };
}

/** The next private IP address in a subnet (Azure keeps the first four addresses of each subnet). */
export function allocateAddress(subnet: StoredResource): { ip: string | undefined; meta: Obj } {
  const body = asNet(subnet);
  const props = body.resource["properties"] as Obj;
  const prefix = (typeof props["addressPrefix"] === "string" ? props["addressPrefix"] : (props["addressPrefixes"] as string[] | undefined)?.[0]) ?? "";
  const parsed = parseCidr(prefix);
  const host = Number(body.meta["nextHost"] ?? 4);
  const ip = parsed.kind === "ipv4" && host < parsed.cidr.size - 1 ? formatIpv4(parsed.cidr.base + host) : undefined;
  return { ip, meta: { ...body.meta, nextHost: host + 1 } };
}

/** The subnet record with a private endpoint added to it (and its address taken), a new ETag. */
export function subnetWithEndpoint(
  ctx: ProviderContext,
  subnet: StoredResource,
  endpoint: { key: string; id: string; nic?: string },
  meta: Obj,
): StoredResource {
  const refs = ((meta["privateEndpoints"] as { key: string }[] | undefined) ?? []).filter((r) => r.key !== endpoint.key);
  const generation = generationOf(subnet) + 1;
  const etag = nextEtag(ctx, subnet.key, generation);
  const resource = structuredClone(asNet(subnet).resource);
  resource["etag"] = weakEtag(etag);
  return { ...subnet, etag, body: { resource, meta: { ...meta, generation, privateEndpoints: [...refs, endpoint] } } as unknown as Obj };
}

export function virtualNetworkRoutes(ctx: ProviderContext): Route[] {
  const versions = { namespace: NETWORK_NAMESPACE, resourceType: "virtualNetworks", kind: "provider" as const };
  const subnetVersions = { ...versions, resourceType: "virtualNetworks/subnets" };

  const putVnet = async (req: ArmRequest): Promise<ArmResponse> => {
    const sub = req.params["subscriptionId"]!;
    const rgName = req.params["resourceGroupName"]!;
    const name = req.params["virtualNetworkName"]!;
    assertSubscriptionId(sub);
    const rg = await requireResourceGroup(ctx, sub, rgName);
    const key = vnetKey(sub, rgName, name);
    const existing = await ctx.store.get(key);
    checkPreconditions(readPreconditions(req.headers), existing?.etag, `'${name}'`);
    const input = requireObject(req.body, "");
    const prev = existing ? asNet(existing).resource : undefined;
    if ((prev?.["properties"] as Obj | undefined)?.["provisioningState"] === "Deleting") throw anotherOperationInProgress(existing!.id);
    const location = regionalLocation(input["location"], VNET_TYPE, prev ? String(prev["location"]) : undefined);
    const tags = optionalStringMap(input["tags"], "tags");
    const props = { ...(optionalObject(input["properties"], "properties") ?? {}) };
    const id = existing ? existing.id : providerId(sub, String(rg.body["name"] ?? rgName), NETWORK_NAMESPACE, "virtualNetworks", name);
    const resourceName = prev ? String(prev["name"]) : name;

    const addressSpace = optionalObject(props["addressSpace"], "properties.addressSpace");
    const spaceList = optionalArray(addressSpace?.["addressPrefixes"], "properties.addressSpace.addressPrefixes") ?? [];
    const space = prefixesOf(spaceList, "properties.addressSpace.addressPrefixes", id).flatMap((p) => (p.cidr ? [p.cidr] : []));

    // Subnets: the request's list is the whole set (Network removes subnets a PUT leaves out).
    const rawSubnets = optionalArray(props["subnets"], "properties.subnets") ?? [];
    const plans = rawSubnets.map((s, i) => planSubnet(requireObject(s, `properties.subnets[${i}]`), `properties.subnets[${i}]`, id, key));
    const seen = new Set<string>();
    for (const p of plans) {
      if (seen.has(p.key)) throw new ArmError(400, "InvalidRequestFormat", `Cannot parse the request: the subnet name '${p.name}' is used twice.`);
      seen.add(p.key);
    }
    for (const p of plans) checkSubnetRanges(p, resourceName, space, plans);
    const current = existing ? await subnetsOf(ctx, existing) : [];
    const writes: Write[] = [];
    for (const s of current) {
      if (plans.some((p) => p.key === s.key)) continue;
      const live = await liveEndpoints(ctx, s);
      if (live.length > 0) throw inUse(String(asNet(s).resource["name"]), live[0]!);
      writes.push({ op: "deleteTree", key: s.key });
    }
    for (const p of plans) {
      const before = current.find((s) => s.key === p.key);
      writes.push({
        op: "put",
        resource: subnetRecord(ctx, p, { key, subscriptionId: sub }, before, "Succeeded"),
        expect: before ? { etag: before.etag } : { absent: true },
      });
    }

    delete props["subnets"];
    for (const ro of ["provisioningState", "resourceGuid", "flowLogs"]) delete props[ro];
    const generation = generationOf(existing) + 1;
    const etag = nextEtag(ctx, key, generation);
    const now = immediate(ctx);
    const resource: Obj = {
      name: resourceName,
      id,
      etag: weakEtag(etag),
      type: VNET_TYPE,
      location,
      ...(tags ? { tags } : {}),
      properties: {
        provisioningState: now ? "Succeeded" : "Updating",
        resourceGuid: (prev?.["properties"] as Obj | undefined)?.["resourceGuid"] ?? ctx.ids.guid("vnet-resource-guid", key, ctx.clock.now()),
        ...props,
        virtualNetworkPeerings: props["virtualNetworkPeerings"] ?? [],
        enableDdosProtection: props["enableDdosProtection"] ?? false,
      },
    };
    const record = netRecord(key, id, rg.key, sub, VNET_TYPE, etag, { resource, meta: { ...(existing ? asNet(existing).meta : {}), generation } });
    writes.push({ op: "put", resource: record, expect: existing ? { etag: existing.etag } : { absent: true } });
    let headers: Record<string, string> | undefined;
    if (!now) {
      const op = newNetworkOperation(ctx, {
        kind: VNET_PUT,
        style: "network",
        subscriptionId: sub,
        location,
        resourceGroup: rgName,
        resourceKey: key,
        apiVersion: req.apiVersion,
        generation,
      });
      writes.push({ op: "putOperation", operation: op });
      headers = networkAsyncHeaders(req.origin, op, false);
      await commitOrConflict(ctx, writes, id);
    } else {
      await commitOrConflict(ctx, writes, id);
    }
    const stored = await ctx.store.get(key);
    return { status: existing ? 200 : 201, body: stored ? await renderVnet(ctx, stored) : resource, ...(headers ? { headers } : {}) };
  };

  async function getVnetOr404(req: ArmRequest): Promise<StoredResource> {
    const sub = req.params["subscriptionId"]!;
    const rgName = req.params["resourceGroupName"]!;
    assertSubscriptionId(sub);
    const stored = await ctx.store.get(vnetKey(sub, rgName, req.params["virtualNetworkName"]!));
    if (!stored) {
      await requireResourceGroup(ctx, sub, rgName);
      throw resourceNotFound(VNET_TYPE, req.params["virtualNetworkName"]!, rgName);
    }
    return stored;
  }

  const getVnet = async (req: ArmRequest): Promise<ArmResponse> => {
    const stored = await getVnetOr404(req);
    const body = await renderVnet(ctx, stored);
    return { status: 200, body, headers: { etag: String(body["etag"]) } };
  };

  /** Starts a delete: 202 with the operation headers, or the final answer at once with --lro-duration 0. */
  async function startDelete(req: ArmRequest, stored: StoredResource, kind: string, location: string, extra: Write[] = []): Promise<ArmResponse> {
    const running = (await ctx.store.activeOperations(stored.key)).find((o) => o.kind === kind);
    if (running) return { status: 202, headers: networkAsyncHeaders(req.origin, running, true) };
    if (immediate(ctx)) {
      await commitOrConflict(ctx, [...extra, { op: "deleteTree", key: stored.key }], stored.id);
      return { status: 200 };
    }
    const body = asNet(stored);
    const resource = structuredClone(body.resource);
    (resource["properties"] as Obj)["provisioningState"] = "Deleting";
    const op: OperationRecord = newNetworkOperation(ctx, {
      kind,
      style: "network",
      subscriptionId: req.params["subscriptionId"]!,
      location,
      resourceGroup: req.params["resourceGroupName"]!,
      resourceKey: stored.key,
      apiVersion: req.apiVersion,
      generation: generationOf(stored) + 1,
    });
    await commitOrConflict(
      ctx,
      [
        ...extra,
        { op: "put", resource: { ...stored, body: { ...body, resource } as unknown as Obj }, expect: { etag: stored.etag } },
        { op: "putOperation", operation: op },
      ],
      stored.id,
    );
    return { status: 202, headers: networkAsyncHeaders(req.origin, op, true) };
  }

  const deleteVnet = async (req: ArmRequest): Promise<ArmResponse> => {
    const sub = req.params["subscriptionId"]!;
    const rgName = req.params["resourceGroupName"]!;
    assertSubscriptionId(sub);
    const stored = await ctx.store.get(vnetKey(sub, rgName, req.params["virtualNetworkName"]!));
    const pre = readPreconditions(req.headers);
    if (!stored) {
      if (pre.ifMatch !== undefined) checkPreconditions(pre, undefined, `'${req.params["virtualNetworkName"]}'`);
      await requireResourceGroup(ctx, sub, rgName);
      return { status: 204 };
    }
    checkPreconditions(pre, stored.etag, `'${req.params["virtualNetworkName"]}'`);
    for (const s of await subnetsOf(ctx, stored)) {
      const live = await liveEndpoints(ctx, s);
      if (live.length > 0) throw inUse(String(asNet(s).resource["name"]), live[0]!);
    }
    return startDelete(req, stored, VNET_DELETE, String(asNet(stored).resource["location"]));
  };

  const listVnetsInGroup = async (req: ArmRequest): Promise<ArmResponse> => {
    const rg = await requireResourceGroup(ctx, req.params["subscriptionId"]!, req.params["resourceGroupName"]!);
    const value: Obj[] = [];
    for (const v of await listAll(ctx, { type: VNET_TYPE, parentKey: rg.key })) value.push(await renderVnet(ctx, v));
    return { status: 200, body: { value } };
  };

  const listVnetsInSubscription = async (req: ArmRequest): Promise<ArmResponse> => {
    const sub = req.params["subscriptionId"]!;
    assertSubscriptionId(sub);
    const value: Obj[] = [];
    for (const v of await listAll(ctx, { type: VNET_TYPE, subscriptionId: sub.toLowerCase() })) value.push(await renderVnet(ctx, v));
    return { status: 200, body: { value } };
  };

  // --- subnets -------------------------------------------------------------------------------

  async function parentVnet(req: ArmRequest, verb: "read" | "write" | "delete"): Promise<StoredResource | undefined> {
    const sub = req.params["subscriptionId"]!;
    const rgName = req.params["resourceGroupName"]!;
    assertSubscriptionId(sub);
    const vnet = await ctx.store.get(vnetKey(sub, rgName, req.params["virtualNetworkName"]!));
    if (!vnet && verb !== "delete") {
      await requireResourceGroup(ctx, sub, rgName);
      if (verb === "write")
        throw parentNotFound(
          "write",
          "virtualNetworks/subnets",
          providerId(sub, rgName, NETWORK_NAMESPACE, "virtualNetworks", req.params["virtualNetworkName"]!),
        );
      throw resourceNotFound(VNET_TYPE, req.params["virtualNetworkName"]!, rgName);
    }
    return vnet;
  }

  const putSubnet = async (req: ArmRequest): Promise<ArmResponse> => {
    const vnet = (await parentVnet(req, "write"))!;
    const sub = req.params["subscriptionId"]!;
    const name = req.params["subnetName"]!;
    const key = subnetKey(vnet.key, name);
    const existing = await ctx.store.get(key);
    checkPreconditions(readPreconditions(req.headers), existing?.etag, `'${name}'`);
    const vnetBody = asNet(vnet).resource;
    if ((vnetBody["properties"] as Obj)["provisioningState"] === "Deleting") throw anotherOperationInProgress(vnet.id);
    if (existing && (asNet(existing).resource["properties"] as Obj)["provisioningState"] === "Deleting") throw anotherOperationInProgress(existing.id);
    const input = requireObject(req.body, "");
    const plan = planSubnet({ ...input, name: existing ? String(asNet(existing).resource["name"]) : name }, "", vnet.id, vnet.key);
    const spaceList = ((vnetBody["properties"] as Obj)["addressSpace"] as Obj | undefined)?.["addressPrefixes"];
    const space = (Array.isArray(spaceList) ? spaceList : []).flatMap((p) => {
      const c = typeof p === "string" ? parseCidr(p) : { kind: "invalid" as const };
      return c.kind === "ipv4" ? [c.cidr] : [];
    });
    const siblings: SubnetPlan[] = (await subnetsOf(ctx, vnet)).map((s) => {
      const props = asNet(s).resource["properties"] as Obj;
      const list = [props["addressPrefix"], ...((props["addressPrefixes"] as unknown[] | undefined) ?? [])].filter((x): x is string => typeof x === "string");
      return {
        name: String(asNet(s).resource["name"]),
        key: s.key,
        id: s.id,
        props,
        ranges: list.flatMap((t) => {
          const c = parseCidr(t);
          return c.kind === "ipv4" ? [c.cidr] : [];
        }),
      };
    });
    checkSubnetRanges(plan, String(vnetBody["name"]), space, siblings);
    const now = immediate(ctx);
    const record = subnetRecord(ctx, plan, { key: vnet.key, subscriptionId: sub }, existing, now ? "Succeeded" : "Updating");
    const writes: Write[] = [{ op: "put", resource: record, expect: existing ? { etag: existing.etag } : { absent: true } }];
    let headers: Record<string, string> | undefined;
    if (!now) {
      const op = newNetworkOperation(ctx, {
        kind: SUBNET_PUT,
        style: "network",
        subscriptionId: sub,
        location: String(vnetBody["location"]),
        resourceGroup: req.params["resourceGroupName"]!,
        resourceKey: key,
        apiVersion: req.apiVersion,
        generation: generationOf(record),
      });
      writes.push({ op: "putOperation", operation: op });
      headers = networkAsyncHeaders(req.origin, op, false);
      await commitOrConflict(ctx, writes, plan.id);
    } else {
      await commitOrConflict(ctx, writes, plan.id);
    }
    return { status: existing ? 200 : 201, body: await renderSubnet(ctx, record), ...(headers ? { headers } : {}) };
  };

  const getSubnet = async (req: ArmRequest): Promise<ArmResponse> => {
    const vnet = (await parentVnet(req, "read"))!;
    const stored = await ctx.store.get(subnetKey(vnet.key, req.params["subnetName"]!));
    if (!stored) throw notFoundSubnet(`${vnet.id}/subnets/${req.params["subnetName"]}`);
    const body = await renderSubnet(ctx, stored);
    return { status: 200, body, headers: { etag: String(body["etag"]) } };
  };

  const deleteSubnet = async (req: ArmRequest): Promise<ArmResponse> => {
    const vnet = await parentVnet(req, "delete");
    if (!vnet) {
      await requireResourceGroup(ctx, req.params["subscriptionId"]!, req.params["resourceGroupName"]!);
      return { status: 204 };
    }
    const stored = await ctx.store.get(subnetKey(vnet.key, req.params["subnetName"]!));
    const pre = readPreconditions(req.headers);
    if (!stored) {
      if (pre.ifMatch !== undefined) checkPreconditions(pre, undefined, `'${req.params["subnetName"]}'`);
      return { status: 204 };
    }
    checkPreconditions(pre, stored.etag, `'${req.params["subnetName"]}'`);
    const live = await liveEndpoints(ctx, stored);
    if (live.length > 0) throw inUse(String(asNet(stored).resource["name"]), live[0]!);
    return startDelete(req, stored, SUBNET_DELETE, String(asNet(vnet).resource["location"]));
  };

  const listSubnets = async (req: ArmRequest): Promise<ArmResponse> => {
    const vnet = (await parentVnet(req, "read"))!;
    const value: Obj[] = [];
    for (const s of await subnetsOf(ctx, vnet)) value.push(await renderSubnet(ctx, s));
    return { status: 200, body: { value } };
  };

  return [
    { method: "PUT", path: VNET_PATH, apiVersions: versions, write: true, body: "required", handler: putVnet },
    { method: "GET", path: VNET_PATH, apiVersions: versions, write: false, body: "none", handler: getVnet },
    { method: "DELETE", path: VNET_PATH, apiVersions: versions, write: true, body: "none", handler: deleteVnet },
    {
      method: "GET",
      path: "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.Network/virtualNetworks",
      apiVersions: versions,
      write: false,
      body: "none",
      handler: listVnetsInGroup,
    },
    {
      method: "GET",
      path: "/subscriptions/:subscriptionId/providers/Microsoft.Network/virtualNetworks",
      apiVersions: versions,
      write: false,
      body: "none",
      handler: listVnetsInSubscription,
    },
    { method: "PUT", path: SUBNET_PATH, apiVersions: subnetVersions, write: true, body: "required", handler: putSubnet },
    { method: "GET", path: SUBNET_PATH, apiVersions: subnetVersions, write: false, body: "none", handler: getSubnet },
    { method: "DELETE", path: SUBNET_PATH, apiVersions: subnetVersions, write: true, body: "none", handler: deleteSubnet },
    { method: "GET", path: `${VNET_PATH}/subnets`, apiVersions: subnetVersions, write: false, body: "none", handler: listSubnets },
  ];
}

export function virtualNetworkCompleters(ctx: ProviderContext): Record<string, (op: OperationRecord) => Promise<Write[]>> {
  return {
    [VNET_PUT]: finishPut(ctx),
    [SUBNET_PUT]: finishPut(ctx),
    [VNET_DELETE]: finishDelete(),
    [SUBNET_DELETE]: finishDelete(),
  };
}
