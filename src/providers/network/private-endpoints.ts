import { ArmError } from "../../arm/errors.js";
import { checkPreconditions, readPreconditions } from "../../arm/conditional.js";
import { parseResourceId, resourceGroupKey } from "../../arm/resource-id.js";
import type { ArmRequest, ArmResponse, Route } from "../../arm/router.js";
import type { OperationRecord, StoredResource, Write } from "../../store/store.js";
import { asCluster } from "../containerservice/cluster-model.js";
import { clusterForPrivateLinkTarget, connectionKey, MANAGEMENT_GROUP_ID } from "../containerservice/private-link.js";
import type { ProviderContext } from "../context.js";
import { requireResourceGroup } from "../resources/resource-groups.js";
import { assertSubscriptionId } from "../resources/subscriptions.js";
import { optionalArray, optionalObject, optionalString, optionalStringMap, requireObject } from "../validation.js";
import {
  anotherOperationInProgress,
  asNet,
  commitDepending,
  commitOrConflict,
  listAll,
  retrying,
  netRecord,
  NETWORK_NAMESPACE,
  ordered,
  providerId,
  regionalLocation,
  resourceNotFound,
  weakEtag,
  type Obj,
} from "./common.js";
import { finishPut, generationOf, nextEtag } from "./completion.js";
import { immediate, networkAsyncHeaders, newNetworkOperation } from "./network-lro.js";
import {
  asConnection,
  AUTO_APPROVED,
  connectionName,
  connectionRecord,
  endpointConnections,
  endpointState,
  renderEndpointConnections,
  type ConnectionState,
  type EndpointConnectionMeta,
} from "./private-link-connections.js";
import { allocateAddress, findSubnet, subnetWithEndpoint } from "./virtual-networks.js";

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
const PE_PUT = "privateEndpoint.put";
const PE_DELETE = "privateEndpoint.delete";

const PE_PATH = "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.Network/privateEndpoints/:privateEndpointName";

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

/** The managed cluster a connection targets, checked as Network and AKS check it. */
async function resolveTarget(ctx: ProviderContext, c: ConnectionInput, peId: string): Promise<StoredResource> {
  const cluster = await clusterForPrivateLinkTarget(ctx.store, c.privateLinkServiceId);
  if (!cluster) {
    const parsed = parseResourceId(c.privateLinkServiceId);
    const type = parsed ? `${parsed.namespace}/${parsed.types.join("/")}`.toLowerCase() : "";
    if (type === "microsoft.network/privatelinkservices") {
      // azure-powershell#24514 (live): an unknown private link service id.
      throw new ArmError(
        400,
        "ThirdPartyPrivateLinkServiceProvidedDuringPrivateEndpointCreationDoesNotExistOrIsNotVisible",
        `Third-party Private Link Service Id ${c.privateLinkServiceId} provided during private endpoint creation does not exist or is not visible to the subscription of the private endpoint.`,
        { target: `${c.path}.properties.privateLinkServiceId` },
      );
    }
    // docs/fidelity.md "Private endpoint to a missing cluster": Network's wording for a missing referenced resource.
    throw new ArmError(
      400,
      "InvalidResourceReference",
      `Resource ${c.privateLinkServiceId} referenced by resource ${peId} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
      { details: [], target: `${c.path}.properties.privateLinkServiceId` },
    );
  }
  const props = asCluster(cluster).resource["properties"] as Obj;
  const access = props["apiServerAccessProfile"] as Obj | undefined;
  if (access?.["enablePrivateCluster"] !== true) {
    // docs/fidelity.md "Private endpoint to a public cluster".
    throw new ArmError(
      400,
      "InvalidParameter",
      `Managed cluster '${String(asCluster(cluster).resource["name"])}' is not a private cluster (apiServerAccessProfile.enablePrivateCluster is not true): it has no private link service, so private endpoints cannot connect to it.`,
      { target: `${c.path}.properties.privateLinkServiceId` },
    );
  }
  if (c.groupIds.length !== 1 || c.groupIds[0]!.toLowerCase() !== MANAGEMENT_GROUP_ID) {
    // docs/fidelity.md "Private endpoint group id".
    throw new ArmError(
      400,
      "InvalidParameter",
      `The value of parameter groupIds is invalid: ${JSON.stringify(c.groupIds)}. A private endpoint to a managed cluster uses the group id '${MANAGEMENT_GROUP_ID}' (listed by GET .../managedClusters/{name}/privateLinkResources).`,
      { target: `${c.path}.properties.groupIds` },
    );
  }
  return cluster;
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

/**
 * Builds a private endpoint and everything it creates. Shared by the PUT handler and by the
 * private-cluster hook (AKS's own `kube-apiserver` endpoint).
 */
export function endpointRecord(
  ctx: ProviderContext,
  p: {
    sub: string;
    rg: string;
    name: string;
    key: string;
    id: string;
    parentKey: string;
    location: string;
    tags?: Record<string, string>;
    extraProps: Obj;
    subnetId: string;
    nicName: string;
    connections: {
      entry: { name: string; manual: boolean; privateLinkServiceId: string; groupIds: string[]; requestMessage?: string };
      meta: EndpointConnectionMeta;
    }[];
    customDnsConfigs: Obj[];
    provisioningState: string;
    previous?: StoredResource;
  },
): StoredResource {
  const generation = generationOf(p.previous) + 1;
  const etag = nextEtag(ctx, p.key, generation);
  const plsc = p.connections.filter((c) => !c.entry.manual).map((c) => connectionEntry(p.id, c.entry, c.meta.lastState, etag));
  const manual = p.connections.filter((c) => c.entry.manual).map((c) => connectionEntry(p.id, c.entry, c.meta.lastState, etag));
  const nicId = providerId(p.sub, p.rg, NETWORK_NAMESPACE, "networkInterfaces", p.nicName);
  const properties = ordered(
    {
      ...p.extraProps,
      provisioningState: p.provisioningState,
      privateLinkServiceConnections: plsc,
      manualPrivateLinkServiceConnections: manual,
      customNetworkInterfaceName: p.extraProps["customNetworkInterfaceName"] ?? "",
      subnet: { id: p.subnetId },
      ipConfigurations: p.extraProps["ipConfigurations"] ?? [],
      networkInterfaces: [{ id: nicId }],
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
  const meta: Obj = { generation, nicName: p.nicName, subnetKey: p.subnetId.toLowerCase(), connections: p.connections.map((c) => c.meta) };
  return netRecord(p.key, p.id, p.parentKey, p.sub, PRIVATE_ENDPOINT_TYPE, etag, { resource, meta });
}

function clusterFqdn(cluster: StoredResource): string | undefined {
  const props = asCluster(cluster).resource["properties"] as Obj;
  const f = props["privateFQDN"] ?? props["fqdn"];
  return typeof f === "string" ? f : undefined;
}

export async function renderPrivateEndpoint(ctx: ProviderContext, stored: StoredResource): Promise<Obj> {
  return renderEndpointConnections(ctx, stored);
}

/** The cluster-side connections a private endpoint still owns (for its deletion). */
async function ownedConnections(ctx: ProviderContext, pe: StoredResource): Promise<StoredResource[]> {
  const out: StoredResource[] = [];
  for (const c of endpointConnections(pe)) {
    const live = await ctx.store.get(c.connectionKey);
    if (live && asConnection(live).meta.peKey === pe.key) out.push(live);
  }
  return out;
}

export function privateEndpointRoutes(ctx: ProviderContext): Route[] {
  const versions = { namespace: NETWORK_NAMESPACE, resourceType: "privateEndpoints", kind: "provider" as const };

  const put = (req: ArmRequest): Promise<ArmResponse> => retrying(() => putOnce(req));

  const putOnce = async (req: ArmRequest): Promise<ArmResponse> => {
    const sub = req.params["subscriptionId"]!;
    const rgName = req.params["resourceGroupName"]!;
    const name = req.params["privateEndpointName"]!;
    assertSubscriptionId(sub);
    const rg = await requireResourceGroup(ctx, sub, rgName);
    const key = privateEndpointKey(sub, rgName, name);
    const existing = await ctx.store.get(key);
    checkPreconditions(readPreconditions(req.headers), existing?.etag, `'${name}'`);
    const prev = existing ? asNet(existing).resource : undefined;
    if ((prev?.["properties"] as Obj | undefined)?.["provisioningState"] === "Deleting") throw anotherOperationInProgress(existing!.id);
    const input = requireObject(req.body, "");
    const location = regionalLocation(input["location"], PRIVATE_ENDPOINT_TYPE, prev ? String(prev["location"]) : undefined);
    const tags = optionalStringMap(input["tags"], "tags");
    const props = { ...(optionalObject(input["properties"], "properties") ?? {}) };
    const id = existing ? existing.id : providerId(sub, String(rg.body["name"] ?? rgName), NETWORK_NAMESPACE, "privateEndpoints", name);
    const resourceName = prev ? String(prev["name"]) : name;

    // Subnet: must exist, in the endpoint's region (Network: InvalidResourceReference).
    const subnetRef = optionalObject(props["subnet"], "properties.subnet");
    const subnetId = optionalString(subnetRef?.["id"], "properties.subnet.id");
    if (!subnetId)
      throw new ArmError(400, "InvalidRequestFormat", "Cannot parse the request. properties.subnet.id is required.", { target: "properties.subnet.id" });
    const previousSubnet = existing ? String(asNet(existing).meta["subnetKey"]) : undefined;
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
        {
          details: [],
          target: "properties.subnet.id",
        },
      );
    if (!subnet) throw missingSubnet();
    const vnet = await ctx.store.get(subnet.parentKey);
    if (!vnet || String(asNet(vnet).resource["location"]) !== location) throw missingSubnet();
    if ((asNet(subnet).resource["properties"] as Obj)["provisioningState"] === "Deleting") throw anotherOperationInProgress(subnet.id);

    // Connections: new ones create the cluster side; kept ones keep it; dropped ones remove it.
    const inputs = parseConnections(props);
    const before = existing ? endpointConnections(existing) : [];
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
      const cluster = await resolveTarget(ctx, c, id);
      firstCluster ??= cluster;
      clustersTouched.set(cluster.key, cluster);
      if (old) {
        planned.push({ entry: c, meta: old });
        continue;
      }
      const cr = asCluster(cluster).resource;
      const pecName = connectionName(ctx, key, resourceName, c.name, cluster.key);
      const state = initialState(c);
      // A connection left under this name by an earlier endpoint of the same name (its resource group was deleted) is replaced.
      const leftover = await ctx.store.get(connectionKey(cluster.key, pecName));
      writes.push({
        op: "put",
        resource: connectionRecord(ctx, {
          clusterKey: cluster.key,
          clusterId: String(cr["id"]),
          clusterSubscriptionId: cluster.subscriptionId,
          name: pecName,
          peKey: key,
          peId: id,
          peConnectionName: c.name,
          manual: c.manual,
          state,
        }),
        expect: leftover ? { etag: leftover.etag } : { absent: true },
      });
      planned.push({
        entry: c,
        meta: { name: c.name, manual: c.manual, clusterKey: cluster.key, connectionKey: connectionKey(cluster.key, pecName), lastState: state },
      });
    }
    for (const old of before) {
      if (planned.some((p) => p.meta === old)) continue;
      const live = await ctx.store.get(old.connectionKey);
      if (live && asConnection(live).meta.peKey === key) writes.push({ op: "delete", key: live.key, expect: { etag: live.etag } });
    }
    // The target clusters must still exist when this commits (their records are rewritten unchanged, as a precondition).
    for (const cluster of clustersTouched.values()) writes.push({ op: "put", resource: cluster, expect: { etag: cluster.etag } });

    // The endpoint's address and the subnet's record of it.
    const nicName = existing ? String(asNet(existing).meta["nicName"]) : `${resourceName}.nic.${ctx.ids.guid("private-endpoint-nic", key, ctx.clock.now())}`;
    const nicId = providerId(sub, String(rg.body["name"] ?? rgName), NETWORK_NAMESPACE, "networkInterfaces", nicName);
    let customDnsConfigs = (prev?.["properties"] as Obj | undefined)?.["customDnsConfigs"] as Obj[] | undefined;
    if (!existing) {
      const { ip, meta } = allocateAddress(subnet);
      writes.push({ op: "put", resource: subnetWithEndpoint(ctx, subnet, { key, id, nic: nicId }, meta), expect: { etag: subnet.etag } });
      const fqdn = firstCluster ? clusterFqdn(firstCluster) : undefined;
      customDnsConfigs = fqdn && ip ? [{ fqdn, ipAddresses: [ip] }] : [];
    }

    const extraProps = { ...props };
    for (const k of [
      "provisioningState",
      "privateLinkServiceConnections",
      "manualPrivateLinkServiceConnections",
      "subnet",
      "networkInterfaces",
      "customDnsConfigs",
    ])
      delete extraProps[k];
    const now = immediate(ctx);
    const record = endpointRecord(ctx, {
      sub,
      rg: String(rg.body["name"] ?? rgName),
      name: resourceName,
      key,
      id,
      parentKey: rg.key,
      location,
      tags,
      extraProps,
      subnetId: (asNet(subnet).resource["id"] as string) ?? subnetId,
      nicName,
      connections: planned,
      customDnsConfigs: customDnsConfigs ?? [],
      provisioningState: now ? "Succeeded" : "Updating",
      previous: existing,
    });
    writes.push({ op: "put", resource: record, expect: existing ? { etag: existing.etag } : { absent: true } });
    let headers: Record<string, string> | undefined;
    const dependencies = [...clustersTouched.keys(), subnet.key, ...writes.flatMap((w) => (w.op === "delete" ? [w.key] : []))];
    if (!now) {
      const op = newNetworkOperation(ctx, {
        kind: PE_PUT,
        style: "network",
        subscriptionId: sub,
        location,
        resourceGroup: rgName,
        resourceKey: key,
        apiVersion: req.apiVersion,
        generation: generationOf(record),
      });
      writes.push({ op: "putOperation", operation: op });
      headers = networkAsyncHeaders(req.origin, op, false);
      await commitDepending(ctx, writes, id, dependencies);
    } else {
      await commitDepending(ctx, writes, id, dependencies);
    }
    return { status: existing ? 200 : 201, body: await renderPrivateEndpoint(ctx, record), ...(headers ? { headers } : {}) };
  };

  async function lookup(req: ArmRequest): Promise<{ sub: string; rgName: string; name: string; stored?: StoredResource }> {
    const sub = req.params["subscriptionId"]!;
    const rgName = req.params["resourceGroupName"]!;
    const name = req.params["privateEndpointName"]!;
    assertSubscriptionId(sub);
    return { sub, rgName, name, stored: await ctx.store.get(privateEndpointKey(sub, rgName, name)) };
  }

  const get = async (req: ArmRequest): Promise<ArmResponse> => {
    const { sub, rgName, name, stored } = await lookup(req);
    if (!stored) {
      await requireResourceGroup(ctx, sub, rgName);
      throw resourceNotFound(PRIVATE_ENDPOINT_TYPE, name, rgName);
    }
    const body = await renderPrivateEndpoint(ctx, stored);
    return { status: 200, body, headers: { etag: String(body["etag"]) } };
  };

  const del = async (req: ArmRequest): Promise<ArmResponse> => {
    const { sub, rgName, name, stored } = await lookup(req);
    const pre = readPreconditions(req.headers);
    if (!stored) {
      if (pre.ifMatch !== undefined) checkPreconditions(pre, undefined, `'${name}'`);
      await requireResourceGroup(ctx, sub, rgName);
      return { status: 204 };
    }
    checkPreconditions(pre, stored.etag, `'${name}'`);
    const running = (await ctx.store.activeOperations(stored.key)).find((o) => o.kind === PE_DELETE);
    if (running) return { status: 202, headers: networkAsyncHeaders(req.origin, running, true) };
    if (immediate(ctx)) {
      const connections = await ownedConnections(ctx, stored);
      await commitOrConflict(
        ctx,
        [...connections.map((c): Write => ({ op: "delete", key: c.key, expect: { etag: c.etag } })), { op: "deleteTree", key: stored.key }],
        stored.id,
      );
      return { status: 200 };
    }
    const body = asNet(stored);
    const resource = structuredClone(body.resource);
    (resource["properties"] as Obj)["provisioningState"] = "Deleting";
    const location = String(resource["location"]);
    const op: OperationRecord = newNetworkOperation(ctx, {
      kind: PE_DELETE,
      style: "network",
      subscriptionId: sub,
      location,
      resourceGroup: rgName,
      resourceKey: stored.key,
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
  };

  const listInGroup = async (req: ArmRequest): Promise<ArmResponse> => {
    const rg = await requireResourceGroup(ctx, req.params["subscriptionId"]!, req.params["resourceGroupName"]!);
    const value: Obj[] = [];
    for (const pe of await listAll(ctx, { type: PRIVATE_ENDPOINT_TYPE, parentKey: rg.key })) value.push(await renderPrivateEndpoint(ctx, pe));
    return { status: 200, body: { value } };
  };

  const listInSubscription = async (req: ArmRequest): Promise<ArmResponse> => {
    const sub = req.params["subscriptionId"]!;
    assertSubscriptionId(sub);
    const value: Obj[] = [];
    for (const pe of await listAll(ctx, { type: PRIVATE_ENDPOINT_TYPE, subscriptionId: sub.toLowerCase() })) value.push(await renderPrivateEndpoint(ctx, pe));
    return { status: 200, body: { value } };
  };

  return [
    { method: "PUT", path: PE_PATH, apiVersions: versions, write: true, body: "required", handler: put },
    { method: "GET", path: PE_PATH, apiVersions: versions, write: false, body: "none", handler: get },
    { method: "DELETE", path: PE_PATH, apiVersions: versions, write: true, body: "none", handler: del },
    {
      method: "GET",
      path: "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.Network/privateEndpoints",
      apiVersions: versions,
      write: false,
      body: "none",
      handler: listInGroup,
    },
    {
      method: "GET",
      path: "/subscriptions/:subscriptionId/providers/Microsoft.Network/privateEndpoints",
      apiVersions: versions,
      write: false,
      body: "none",
      handler: listInSubscription,
    },
  ];
}

export function privateEndpointCompleters(ctx: ProviderContext): Record<string, (op: OperationRecord) => Promise<Write[]>> {
  return {
    [PE_PUT]: finishPut(ctx),
    // The endpoint goes, and with it the connections it made on clusters (docs/fidelity.md "Deleting a private endpoint").
    [PE_DELETE]: async (op) => {
      const pe = await ctx.store.get(op.resourceKey);
      if (!pe) return [];
      const connections = await ownedConnections(ctx, pe);
      return [...connections.map((c): Write => ({ op: "delete", key: c.key, expect: { etag: c.etag } })), { op: "deleteTree", key: pe.key }];
    },
  };
}
