import { NETWORK_PRIVATE_ENDPOINT_API_VERSIONS } from "../../arm/api-versions.js";
import { ArmError } from "../../arm/errors.js";
import { resourceGroupKey } from "../../arm/resource-id.js";
import { kitResource, resourceGroupScope } from "../../kit/lifecycle.js";
import type { StoredResource, Write } from "../../store/store.js";
import type { ProviderContext } from "../context.js";
import { requireResourceGroup } from "../resources/resource-groups.js";
import { optionalArray, optionalObject, optionalString, optionalStringMap, requireObject } from "../validation.js";
import { anotherOperationInProgress, asNet, concurrentChange, netRecord, NETWORK_NAMESPACE, ordered, weakEtag, type Obj } from "./common.js";
import { regionalLocation, resourceNotFound } from "../tracked.js";
import { nextEtag } from "./completion.js";
import { etagOf, isDeleting, networkStyle, provisioned } from "./operation-styles.js";
import { clusterFqdn, newClusterConnection, privateLinkTarget } from "../links/private-endpoint-targets.js";
import {
  asConnection,
  AUTO_APPROVED,
  endpointConnections,
  endpointState,
  renderEndpointConnections,
  type ConnectionState,
  type EndpointConnectionMeta,
} from "../links/private-link-connections.js";
import { allocateAddress, findSubnet, subnetWithEndpoint } from "./virtual-networks.js";
import { nicRecord } from "./network-interfaces.js";
import { zoneGroupRecordWrites } from "./private-dns-zone-groups.js";

/**
 * Microsoft.Network/privateEndpoints that target a managed cluster (by the cluster's resource id
 * or its private link service id, group `management`). Creating one creates the connection on
 * the cluster in the same commit: auto-approved for `privateLinkServiceConnections`
 * (`Approved`, "Auto-approved"), Pending with the request message for
 * `manualPrivateLinkServiceConnections` (docs/sources.md "Private endpoint side", "Pending description of a manual connection"). Deleting one removes
 * the cluster-side connection when the delete completes (docs/fidelity.md "Deleting a private
 * endpoint"). Shapes: PrivateEndpointCreateForManualApproval.json and the live captures quoted in
 * docs/sources.md "Pending description of a manual connection" / azure-cli#16598.
 */

export const PRIVATE_ENDPOINT_TYPE = "Microsoft.Network/privateEndpoints";
export function privateEndpointKey(sub: string, rg: string, name: string): string {
  return `${resourceGroupKey(sub, rg)}/providers/microsoft.network/privateendpoints/${name}`.toLowerCase();
}

interface ConnectionInput {
  name: string;
  manual: boolean;
  privateLinkServiceId: string;
  groupIds: string[];
  requestMessage?: string;
  path: string;
}

function parseConnections(props: Obj): ConnectionInput[] {
  const out: ConnectionInput[] = [];
  for (const [field, manual] of [
    ["privateLinkServiceConnections", false],
    ["manualPrivateLinkServiceConnections", true],
  ] as const) {
    const list = optionalArray(props[field], `properties.${field}`) ?? [];
    list.forEach((raw, i) => {
      const path = `properties.${field}[${i}]`;
      const entry = requireObject(raw, path);
      const name = optionalString(entry["name"], `${path}.name`);
      const p = optionalObject(entry["properties"], `${path}.properties`) ?? {};
      const target = optionalString(p["privateLinkServiceId"], `${path}.properties.privateLinkServiceId`);
      // A connection without a name or target: Network's answer for an unparsable request (pulumi-azure-nextgen#264).
      if (!name || !target) {
        throw new ArmError(400, "InvalidRequestFormat", `Cannot parse the request. ${path} needs a name and properties.privateLinkServiceId.`, {
          target: !name ? `${path}.name` : `${path}.properties.privateLinkServiceId`,
        });
      }
      const groupIds = (optionalArray(p["groupIds"], `${path}.properties.groupIds`) ?? []).map((g, j) => {
        if (typeof g !== "string")
          throw new ArmError(400, "InvalidRequestFormat", `Cannot parse the request. ${path}.properties.groupIds[${j}] must be a string.`);
        return g;
      });
      const requestMessage = optionalString(p["requestMessage"], `${path}.properties.requestMessage`);
      out.push({ name, manual, privateLinkServiceId: target, groupIds, requestMessage, path });
    });
  }
  if (out.length === 0) {
    throw new ArmError(
      400,
      "InvalidRequestFormat",
      "Cannot parse the request. A private endpoint needs one entry in properties.privateLinkServiceConnections or properties.manualPrivateLinkServiceConnections.",
      {
        target: "properties.privateLinkServiceConnections",
      },
    );
  }
  const names = new Set<string>();
  for (const c of out) {
    if (names.has(c.name.toLowerCase()))
      throw new ArmError(400, "InvalidRequestFormat", `Cannot parse the request. The connection name '${c.name}' is used twice.`);
    names.add(c.name.toLowerCase());
  }
  return out;
}

function initialState(c: ConnectionInput): ConnectionState {
  return c.manual ? { status: "Pending", description: c.requestMessage ?? "" } : { status: "Approved", description: AUTO_APPROVED };
}

function connectionEntry(
  peId: string,
  c: { name: string; manual: boolean; privateLinkServiceId: string; groupIds: string[]; requestMessage?: string },
  state: ConnectionState,
  etag: string,
): Obj {
  const field = c.manual ? "manualPrivateLinkServiceConnections" : "privateLinkServiceConnections";
  const properties: Obj = {
    provisioningState: "Succeeded",
    privateLinkServiceId: c.privateLinkServiceId,
    groupIds: c.groupIds,
  };
  if (c.requestMessage !== undefined) properties["requestMessage"] = c.requestMessage;
  properties["privateLinkServiceConnectionState"] = endpointState(state);
  return { name: c.name, id: `${peId}/${field}/${c.name}`, etag: weakEtag(etag), properties, type: `${PRIVATE_ENDPOINT_TYPE}/${field}` };
}

/** What a private endpoint's body is made of. */
interface EndpointParts {
  name: string;
  key: string;
  id: string;
  location: string;
  tags?: Record<string, string>;
  extraProps: Obj;
  subnetId: string;
  nicName: string;
  nicId: string;
  connections: {
    entry: { name: string; manual: boolean; privateLinkServiceId: string; groupIds: string[]; requestMessage?: string };
    meta: EndpointConnectionMeta;
  }[];
  customDnsConfigs: Obj[];
  provisioningState: string;
  generation: number;
}

/** A private endpoint's body (its ETag new for the generation) and what it keeps beside it. */
function endpointBody(ctx: ProviderContext, p: EndpointParts): { resource: Obj; meta: Obj; etag: string } {
  const etag = nextEtag(ctx, p.key, p.generation);
  const plsc = p.connections.filter((c) => !c.entry.manual).map((c) => connectionEntry(p.id, c.entry, c.meta.lastState, etag));
  const manual = p.connections.filter((c) => c.entry.manual).map((c) => connectionEntry(p.id, c.entry, c.meta.lastState, etag));
  const properties = ordered(
    {
      ...p.extraProps,
      provisioningState: p.provisioningState,
      privateLinkServiceConnections: plsc,
      manualPrivateLinkServiceConnections: manual,
      customNetworkInterfaceName: p.extraProps["customNetworkInterfaceName"] ?? "",
      subnet: { id: p.subnetId },
      ipConfigurations: p.extraProps["ipConfigurations"] ?? [],
      networkInterfaces: [{ id: p.nicId }],
      customDnsConfigs: p.customDnsConfigs,
      applicationSecurityGroups: p.extraProps["applicationSecurityGroups"] ?? [],
    },
    [
      "provisioningState",
      "privateLinkServiceConnections",
      "manualPrivateLinkServiceConnections",
      "customNetworkInterfaceName",
      "subnet",
      "ipConfigurations",
      "networkInterfaces",
      "customDnsConfigs",
    ],
  );
  const resource: Obj = {
    name: p.name,
    id: p.id,
    etag: weakEtag(etag),
    type: PRIVATE_ENDPOINT_TYPE,
    location: p.location,
    ...(p.tags ? { tags: p.tags } : {}),
    properties,
  };
  const meta: Obj = { generation: p.generation, nicName: p.nicName, subnetKey: p.subnetId.toLowerCase(), connections: p.connections.map((c) => c.meta) };
  return { resource, meta, etag };
}

/** A new private endpoint's stored record, Succeeded (the private-cluster hook's: AKS's own `kube-apiserver` endpoint). */
export function endpointRecord(
  ctx: ProviderContext,
  p: Omit<EndpointParts, "generation" | "provisioningState"> & { sub: string; parentKey: string },
): StoredResource {
  const { resource, meta, etag } = endpointBody(ctx, { ...p, generation: 1, provisioningState: "Succeeded" });
  return netRecord(p.key, p.id, p.parentKey, p.sub, PRIVATE_ENDPOINT_TYPE, etag, { resource, meta });
}

export async function renderPrivateEndpoint(ctx: ProviderContext, stored: StoredResource): Promise<Obj> {
  return renderEndpointConnections(ctx, stored);
}

/** The cluster-side connection of an endpoint's entry, unless its provider removed it. */
async function liveConnection(ctx: ProviderContext, entry: EndpointConnectionMeta, peKey: string): Promise<StoredResource | undefined> {
  const live = await ctx.store.get(entry.connectionKey);
  return live && asConnection(live).meta.peKey === peKey ? live : undefined;
}

/** The cluster-side connections a private endpoint still owns (for its deletion). */
async function ownedConnections(ctx: ProviderContext, pe: StoredResource): Promise<StoredResource[]> {
  const out: StoredResource[] = [];
  for (const c of endpointConnections(pe)) {
    const live = await liveConnection(ctx, c, pe.key);
    if (live) out.push(live);
  }
  return out;
}

/** The ids of the endpoint's interfaces (its properties.networkInterfaces). */
function nicOf(pe: StoredResource): string[] {
  const list = (asNet(pe).resource["properties"] as Obj | undefined)?.["networkInterfaces"];
  return Array.isArray(list) ? list.flatMap((n) => (typeof (n as Obj)?.["id"] === "string" ? [String((n as Obj)["id"])] : [])) : [];
}

/** Properties a PUT sends that the endpoint computes itself. */
const COMPUTED = [
  "provisioningState",
  "privateLinkServiceConnections",
  "manualPrivateLinkServiceConnections",
  "subnet",
  "networkInterfaces",
  "customDnsConfigs",
];

/**
 * A private endpoint's PUT: its subnet (which must exist, in its region, and cannot change), its
 * connections (new ones create the cluster side, kept ones keep it, dropped ones remove it; a kept
 * one cannot change), the target clusters unchanged when it commits, and on create its address in
 * the subnet.
 */
async function buildEndpoint(
  ctx: ProviderContext,
  i: { name: string; body: Obj; previous?: Obj; previousMeta?: Obj; id: string; key: string; idPrefix: string; groupKey: string; subscriptionId: string },
): Promise<{ resource: Obj; meta: Obj; writes: Write[] }> {
  const { body, previous: prev, previousMeta, id, key } = i;
  const location = regionalLocation(body["location"], PRIVATE_ENDPOINT_TYPE, prev ? String(prev["location"]) : undefined);
  const tags = optionalStringMap(body["tags"], "tags");
  const props = { ...(optionalObject(body["properties"], "properties") ?? {}) };
  const resourceName = prev ? String(prev["name"]) : i.name;

  // Subnet: must exist, in the endpoint's region (Network: InvalidResourceReference).
  const subnetRef = optionalObject(props["subnet"], "properties.subnet");
  const subnetId = optionalString(subnetRef?.["id"], "properties.subnet.id");
  if (!subnetId)
    throw new ArmError(400, "InvalidRequestFormat", "Cannot parse the request. properties.subnet.id is required.", { target: "properties.subnet.id" });
  const previousSubnet = previousMeta ? String(previousMeta["subnetKey"]) : undefined;
  if (previousSubnet !== undefined && previousSubnet !== subnetId.toLowerCase()) {
    // docs/fidelity.md "Changing a private endpoint": its subnet and connection targets are fixed.
    throw new ArmError(
      400,
      "BadRequest",
      `The subnet of private endpoint ${id} cannot be changed. Delete the private endpoint and create it again in the other subnet.`,
      { target: "properties.subnet.id" },
    );
  }
  const subnet = await findSubnet(ctx, subnetId);
  const missingSubnet = () =>
    new ArmError(
      400,
      "InvalidResourceReference",
      `Resource ${subnetId} referenced by resource ${id} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
      { details: [], target: "properties.subnet.id" },
    );
  if (!subnet) throw missingSubnet();
  const vnet = await ctx.store.get(subnet.parentKey);
  if (!vnet || String(asNet(vnet).resource["location"]) !== location) throw missingSubnet();
  if ((asNet(subnet).resource["properties"] as Obj)["provisioningState"] === "Deleting") throw anotherOperationInProgress(subnet.id);

  // Connections: new ones create the cluster side; kept ones keep it; dropped ones remove it.
  const inputs = parseConnections(props);
  const before = (previousMeta?.["connections"] as EndpointConnectionMeta[] | undefined) ?? [];
  const writes: Write[] = [];
  const clustersTouched = new Map<string, StoredResource>();
  const planned: { entry: ConnectionInput; meta: EndpointConnectionMeta }[] = [];
  let firstCluster: StoredResource | undefined;
  for (const c of inputs) {
    const old = before.find((b) => b.name.toLowerCase() === c.name.toLowerCase());
    const prevEntry = old
      ? (((prev!["properties"] as Obj)[old.manual ? "manualPrivateLinkServiceConnections" : "privateLinkServiceConnections"] as Obj[]) ?? []).find(
          (e) => String(e["name"]).toLowerCase() === old.name.toLowerCase(),
        )
      : undefined;
    const prevTarget = prevEntry ? String((prevEntry["properties"] as Obj)["privateLinkServiceId"]) : undefined;
    if (old && (old.manual !== c.manual || prevTarget?.toLowerCase() !== c.privateLinkServiceId.toLowerCase())) {
      throw new ArmError(
        400,
        "BadRequest",
        `The private link service connection '${c.name}' of private endpoint ${id} cannot be changed. Delete the private endpoint and create a new one.`,
        { target: c.path },
      );
    }
    if (old && !(await liveConnection(ctx, old, key))) {
      // Disconnected (its provider removed the connection, e.g. a private cluster's stop): kept as it is, its target not looked up again.
      planned.push({ entry: c, meta: old });
      continue;
    }
    const cluster = await privateLinkTarget(ctx, c, id);
    firstCluster ??= cluster;
    clustersTouched.set(cluster.key, cluster);
    if (old) {
      planned.push({ entry: c, meta: old });
      continue;
    }
    const made = await newClusterConnection(ctx, {
      cluster,
      peKey: key,
      peId: id,
      peName: resourceName,
      entryName: c.name,
      manual: c.manual,
      state: initialState(c),
    });
    writes.push(made.write);
    planned.push({ entry: c, meta: made.meta });
  }
  for (const old of before) {
    if (planned.some((p) => p.meta === old)) continue;
    const live = await liveConnection(ctx, old, key);
    if (live) writes.push({ op: "delete", key: live.key, expect: { etag: live.etag } });
  }
  // The target clusters must still exist when this commits (their records are rewritten unchanged, as a precondition).
  for (const cluster of clustersTouched.values()) writes.push({ op: "put", resource: cluster, expect: { etag: cluster.etag } });

  // The endpoint's address and the subnet's record of it.
  const nicName = previousMeta ? String(previousMeta["nicName"]) : `${resourceName}.nic.${ctx.ids.guid("private-endpoint-nic", key, ctx.clock.now())}`;
  const nicId = `${i.idPrefix}/networkInterfaces/${nicName}`;
  let customDnsConfigs = (prev?.["properties"] as Obj | undefined)?.["customDnsConfigs"] as Obj[] | undefined;
  if (!prev) {
    const { ip, meta } = allocateAddress(subnet);
    writes.push({ op: "put", resource: subnetWithEndpoint(ctx, subnet, { key, id, nic: nicId }, meta), expect: { etag: subnet.etag } });
    const fqdn = firstCluster ? clusterFqdn(firstCluster) : undefined;
    customDnsConfigs = fqdn && ip ? [{ fqdn, ipAddresses: [ip] }] : [];
    // The endpoint's interface, with the same address and names (network-interfaces.ts).
    const nic = nicRecord(ctx, {
      id: nicId,
      name: nicName,
      groupKey: i.groupKey,
      subscriptionId: i.subscriptionId,
      location,
      endpointId: id,
      subnetId: String(asNet(subnet).resource["id"] ?? subnetId),
      ip,
      groupId: inputs[0]!.groupIds[0] ?? "",
      requiredMemberName: inputs[0]!.groupIds[0] ?? "",
      fqdns: fqdn ? [fqdn] : [],
    });
    writes.push({ op: "put", resource: nic, expect: { absent: true } });
  }

  const extraProps = { ...props };
  for (const k of COMPUTED) delete extraProps[k];
  const { resource, meta } = endpointBody(ctx, {
    name: resourceName,
    key,
    id,
    location,
    tags,
    extraProps,
    subnetId: (asNet(subnet).resource["id"] as string) ?? subnetId,
    nicName,
    nicId,
    connections: planned,
    customDnsConfigs: customDnsConfigs ?? [],
    provisioningState: "Updating",
    generation: Number(previousMeta?.["generation"] ?? 0) + 1,
  });
  return { resource, meta, writes };
}

/**
 * Microsoft.Network/privateEndpoints on the kit, in Network's long-running style (operation-styles.ts):
 * tracked in its group, listed in the group and the subscription, the body's `W/"…"` its ETag (new
 * when provisioning completes, kept while deleting). A PUT that loses a race on a record it only read
 * (a target cluster, the subnet, a connection it drops) runs again; deleting it removes the
 * connections it made on clusters (docs/fidelity.md "Deleting a private endpoint").
 */
export const privateEndpointsType = kitResource(
  {
    namespace: NETWORK_NAMESPACE,
    type: "privateEndpoints",
    scope: resourceGroupScope(NETWORK_NAMESPACE, requireResourceGroup),
    nameParam: "privateEndpointName",
    listBySubscription: true,
    operations: networkStyle("privateEndpoint"),
    // An endpoint being deleted takes no PUT.
    refuseWrite: (resource) => (isDeleting(resource) ? anotherOperationInProgress(String(resource["id"])) : undefined),
    build: ({ name, body, previous, previousMeta, scope, id, key }, ctx) =>
      buildEndpoint(ctx, { name, body, previous, previousMeta, id, key, idPrefix: scope.idPrefix, groupKey: scope.key, subscriptionId: scope.subscriptionId }),
    present: (stored, _apiVersion, ctx) => renderPrivateEndpoint(ctx, stored),
    etagHeader: weakEtag,
    etagOf,
    provisioned: (resource, { key }, ctx) => provisioned(resource, key, ctx),
    conflict: concurrentChange,
    retryConflicts: "dependencies",
    notFound: (name, _scope, params) => resourceNotFound(PRIVATE_ENDPOINT_TYPE, name, params["resourceGroupName"]!),
    // The endpoint goes, and with it the connections it made on clusters (docs/fidelity.md "Deleting a private endpoint"),
    // its interface and the records its DNS zone groups wrote.
    teardown: async (stored, ctx) => [
      ...(await ownedConnections(ctx, stored)).map((c): Write => ({ op: "delete", key: c.key, expect: { etag: c.etag } })),
      ...nicOf(stored).map((id): Write => ({ op: "delete", key: id.toLowerCase() })),
      ...(await zoneGroupRecordWrites(ctx, stored.key)),
    ],
  },
  {
    apiVersions: NETWORK_PRIVATE_ENDPOINT_API_VERSIONS,
    registration: "regions",
    sample: {
      name: "fuzz1",
      body: (refs) => ({
        location: "eastus",
        properties: {
          subnet: { id: refs.subnetId },
          manualPrivateLinkServiceConnections: [
            { name: "c", properties: { privateLinkServiceId: refs.clusterId, groupIds: ["management"], requestMessage: "hi" } },
          ],
        },
      }),
    },
  },
);
