import { NETWORK_API_VERSIONS } from "../../arm/api-versions.js";
import { ArmError } from "../../arm/errors.js";
import { resourceGroupKey } from "../../arm/resource-id.js";
import { kitResource, resourceGroupScope, type ScopeSpec } from "../../kit/lifecycle.js";
import type { StoredResource, Write } from "../../store/store.js";
import type { ProviderContext } from "../context.js";
import { requireResourceGroup } from "../resources/resource-groups.js";
import { assertSubscriptionId } from "../resources/subscriptions.js";
import { optionalArray, optionalObject, optionalString, optionalStringMap, requireObject, typeError } from "../validation.js";
import { contains, formatIpv4, overlaps, parseCidr, type Ipv4Cidr } from "../../util/cidr.js";
import {
  anotherOperationInProgress,
  asNet,
  concurrentChange,
  listAll,
  netRecord,
  normalizedKey,
  NETWORK_NAMESPACE,
  ordered,
  providerId,
  parentNotFound,
  weakEtag,
  type NetBody,
  type Obj,
} from "./common.js";
import { regionalLocation, resourceNotFound } from "../tracked.js";
import { generationOf, nextEtag } from "./completion.js";
import { isDeleting, networkStyle, etagOf, provisioned } from "./operation-styles.js";

/**
 * Microsoft.Network/virtualNetworks with `subnets` inline and as the child resource
 * `virtualNetworks/{vnet}/subnets/{subnet}`, both on the kit in Network's long-running style
 * (operation-styles.ts). Shapes from the live 2024-03-01 az recording
 * (azure-cli privatedns test_DeleteLink_LinkExists_ExpectLinkDeleted) and arm-network 36's mappers.
 * Subnets are stored as children of the network; a network answer lists them inline.
 * A subnet remembers the private endpoints placed in it (answered as `privateEndpoints`, only
 * those that still exist) so it cannot be deleted while they are there.
 */

export const VNET_TYPE = "Microsoft.Network/virtualNetworks";
export const SUBNET_TYPE = "Microsoft.Network/virtualNetworks/subnets";
const VNET_PATH = "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.Network/virtualNetworks/:virtualNetworkName";

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

async function subnetsOf(ctx: ProviderContext, vnetKeyValue: string): Promise<StoredResource[]> {
  return listAll(ctx, { type: SUBNET_TYPE, parentKey: vnetKeyValue });
}

export async function renderVnet(ctx: ProviderContext, vnet: StoredResource): Promise<Obj> {
  const resource = structuredClone(asNet(vnet).resource);
  const props = resource["properties"] as Obj;
  const subnets: Obj[] = [];
  for (const s of await subnetsOf(ctx, vnet.key)) subnets.push(await renderSubnet(ctx, s));
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
  const meta: Obj = previous ? { ...asNet(previous).meta, generation } : { generation, ...newSubnetMeta() };
  const body: NetBody = { resource: subnetResource(plan, etag, state), meta };
  return netRecord(plan.key, plan.id, vnet.key, vnet.subscriptionId, SUBNET_TYPE, etag, body);
}

/** What a new subnet keeps beside its resource: the endpoints placed in it and its next free address. */
function newSubnetMeta(): Obj {
  return { privateEndpoints: [], nextHost: 4 };
}

function inUse(subnetName: string, endpoint: { id: string; nic?: string }): ArmError {
  const by = endpoint.nic ? `${endpoint.nic}/ipConfigurations/privateEndpointIpConfig` : endpoint.id;
  return new ArmError(
    400,
    "InUseSubnetCannotBeDeleted",
    `Subnet ${subnetName} is in use by ${by} and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.`,
  );
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

/** The first subnet among `subnets` with a private endpoint in it, as the error refusing its deletion. */
async function firstInUse(ctx: ProviderContext, subnets: StoredResource[]): Promise<ArmError | undefined> {
  for (const s of subnets) {
    const live = await liveEndpoints(ctx, s);
    if (live.length > 0) return inUse(String(asNet(s).resource["name"]), live[0]!);
  }
  return undefined;
}

/** The address ranges of a stored network's address space. */
function addressSpaceOf(vnet: Obj): Ipv4Cidr[] {
  const list = ((vnet["properties"] as Obj)["addressSpace"] as Obj | undefined)?.["addressPrefixes"];
  return (Array.isArray(list) ? list : []).flatMap((p) => {
    const c = typeof p === "string" ? parseCidr(p) : { kind: "invalid" as const };
    return c.kind === "ipv4" ? [c.cidr] : [];
  });
}

/** A stored subnet as a plan, for the range checks of its siblings. */
function storedPlan(s: StoredResource): SubnetPlan {
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
}

export const virtualNetworksType = kitResource(
  {
    namespace: NETWORK_NAMESPACE,
    type: "virtualNetworks",
    scope: resourceGroupScope(NETWORK_NAMESPACE, requireResourceGroup),
    nameParam: "virtualNetworkName",
    listBySubscription: true,
    operations: networkStyle("virtualNetwork"),
    build: async ({ name, body, previous, previousMeta, scope, id, key, now }, ctx) => {
      // A network being deleted takes no PUT.
      if (isDeleting(previous)) throw anotherOperationInProgress(id);
      const location = regionalLocation(body["location"], VNET_TYPE, previous ? String(previous["location"]) : undefined);
      const tags = optionalStringMap(body["tags"], "tags");
      const props = { ...(optionalObject(body["properties"], "properties") ?? {}) };
      const resourceName = previous ? String(previous["name"]) : name;

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
      const current = previous ? await subnetsOf(ctx, key) : [];
      const dropped = current.filter((s) => !plans.some((p) => p.key === s.key));
      const refused = await firstInUse(ctx, dropped);
      if (refused) throw refused;
      const writes: Write[] = dropped.map((s) => ({ op: "deleteTree", key: s.key }));
      for (const p of plans) {
        const before = current.find((s) => s.key === p.key);
        writes.push({
          op: "put",
          resource: subnetRecord(ctx, p, { key, subscriptionId: scope.subscriptionId }, before, "Succeeded"),
          expect: before ? { etag: before.etag } : { absent: true },
        });
      }

      delete props["subnets"];
      for (const ro of ["provisioningState", "resourceGuid", "flowLogs"]) delete props[ro];
      const generation = Number(previousMeta?.["generation"] ?? 0) + 1;
      const resource: Obj = {
        name: resourceName,
        id,
        etag: weakEtag(nextEtag(ctx, key, generation)),
        type: VNET_TYPE,
        location,
        ...(tags ? { tags } : {}),
        properties: {
          provisioningState: "Updating",
          resourceGuid: (previous?.["properties"] as Obj | undefined)?.["resourceGuid"] ?? ctx.ids.guid("vnet-resource-guid", key, now),
          ...props,
          virtualNetworkPeerings: props["virtualNetworkPeerings"] ?? [],
          enableDdosProtection: props["enableDdosProtection"] ?? false,
        },
      };
      return { resource, writes };
    },
    present: (stored, _apiVersion, ctx) => renderVnet(ctx, stored),
    etagHeader: weakEtag,
    etagOf,
    provisioned: (resource, { key }, ctx) => provisioned(resource, key, ctx),
    conflict: concurrentChange,
    notFound: (name, _scope, params) => resourceNotFound(VNET_TYPE, name, params["resourceGroupName"]!),
    refuseDelete: async (stored, ctx) => firstInUse(ctx, await subnetsOf(ctx, stored.key)),
  },
  {
    apiVersions: NETWORK_API_VERSIONS,
    registration: "regions",
    // With the subnets' sample inline.
    sample: {
      name: "fuzz1",
      body: () => ({
        location: "eastus",
        properties: { addressSpace: { addressPrefixes: ["10.7.0.0/16"] }, subnets: [{ name: "fuzz1", properties: { addressPrefix: "10.7.0.0/24" } }] },
      }),
    },
  },
);

/** The network the params name (undefined: none), after the subscription's 400 and, when it is missing, its group's 404. */
async function findVnet(ctx: ProviderContext, params: Record<string, string>): Promise<StoredResource | undefined> {
  assertSubscriptionId(params["subscriptionId"]!);
  const vnet = await ctx.store.get(vnetKey(params["subscriptionId"]!, params["resourceGroupName"]!, params["virtualNetworkName"]!));
  if (!vnet) await requireResourceGroup(ctx, params["subscriptionId"]!, params["resourceGroupName"]!);
  return vnet;
}

/**
 * A network as the scope of its subnets. A missing network: ParentResourceNotFound for a write, its
 * ResourceNotFound for a read, 204 for a DELETE; a write while the network is being deleted: 409.
 */
const virtualNetworkScope: ScopeSpec = {
  path: VNET_PATH,
  isParent: true,
  async require(ctx, params, verb) {
    const vnet = await findVnet(ctx, params);
    if (!vnet) {
      const vnetId = providerId(params["subscriptionId"]!, params["resourceGroupName"]!, NETWORK_NAMESPACE, "virtualNetworks", params["virtualNetworkName"]!);
      throw verb === "write"
        ? parentNotFound("write", "virtualNetworks/subnets", vnetId)
        : resourceNotFound(VNET_TYPE, params["virtualNetworkName"]!, params["resourceGroupName"]!);
    }
    if (verb === "write" && isDeleting(asNet(vnet).resource)) throw anotherOperationInProgress(vnet.id);
    return { key: vnet.key, keyPrefix: vnet.key, idPrefix: vnet.id, subscriptionId: vnet.subscriptionId, stored: vnet };
  },
  goneOnDelete: async (ctx, params) => !(await findVnet(ctx, params)),
};

export const subnetsType = kitResource(
  {
    namespace: NETWORK_NAMESPACE,
    type: "virtualNetworks/subnets",
    scope: virtualNetworkScope,
    nameParam: "subnetName",
    operations: networkStyle("subnet"),
    // A subnet being deleted takes no PUT (nor one under a network being deleted: its scope).
    refuseWrite: (resource) => (isDeleting(resource) ? anotherOperationInProgress(String(resource["id"])) : undefined),
    build: async ({ name, body, previous, previousMeta, scope, key }, ctx) => {
      const vnet = asNet(scope.stored).resource;
      const plan = planSubnet({ ...body, name: previous ? String(previous["name"]) : name }, "", scope.stored.id, scope.key);
      const siblings = (await subnetsOf(ctx, scope.key)).map(storedPlan);
      checkSubnetRanges(plan, String(vnet["name"]), addressSpaceOf(vnet), siblings);
      const generation = Number(previousMeta?.["generation"] ?? 0) + 1;
      return { resource: subnetResource(plan, nextEtag(ctx, key, generation), "Updating"), meta: previousMeta ?? newSubnetMeta() };
    },
    present: (stored, _apiVersion, ctx) => renderSubnet(ctx, stored),
    etagHeader: weakEtag,
    etagOf,
    provisioned: (resource, { key }, ctx) => provisioned(resource, key, ctx),
    conflict: concurrentChange,
    notFound: (name, scope) => new ArmError(404, "NotFound", `Resource ${scope.idPrefix}/subnets/${name} not found.`, { details: [] }),
    refuseDelete: (stored, ctx) => firstInUse(ctx, [stored]),
  },
  { apiVersions: NETWORK_API_VERSIONS, registration: "none", sample: { name: "fuzz1", body: () => ({ properties: { addressPrefix: "10.7.0.0/24" } }) } },
);
