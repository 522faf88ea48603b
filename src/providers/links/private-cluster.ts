import { parseResourceId } from "../../arm/resource-id.js";
import type { Write } from "../../store/store.js";
import { MANAGEMENT_GROUP_ID, connectionKey } from "../containerservice/private-link.js";
import type { ProviderContext } from "../context.js";
import { NETWORK_NAMESPACE, normalizedKey, providerId } from "../network/common.js";
import { endpointRecord, privateEndpointKey } from "../network/private-endpoints.js";
import { zoneRecords, zoneRef } from "../network/private-dns.js";
import { nicRecord } from "../network/network-interfaces.js";
import { recordSetKey, recordSetRow, relativeName } from "../network/private-dns-record-rows.js";
import { allocateAddress, findSubnet, managedVnetRecords, subnetWithEndpoint } from "../network/virtual-networks.js";
import type { ZoneRef } from "../network/private-dns-record-rows.js";
import { AKS_AUTO_APPROVED, connectionName, connectionRecord, type ConnectionState } from "./private-link-connections.js";

/**
 * What AKS creates for a private cluster outside the cluster resource itself: in the node
 * resource group the system private DNS zone `<guid>.privatelink.<location>.azmk8s.io` and the
 * API server's private endpoint `kube-apiserver`; on the cluster, AKS's own connection
 * `kube-apiserver.<guid>` (docs/fidelity.md "AKS's own kube-apiserver connection"). The node
 * resource group itself is written by the managed-cluster handler. Called by the cluster's create
 * (containerservice/managed-clusters.ts), in the same commit; it writes through the network side's
 * own builders.
 */
export interface PrivateClusterFacts {
  clusterKey: string;
  clusterId: string;
  subscriptionId: string;
  location: string;
  /** Name of the node resource group (MC_...), which exists in the same commit. */
  nodeResourceGroup: string;
  nodeResourceGroupKey: string;
  /** "system", "none", or a custom zone's resource id. */
  privateDnsZone: string;
  /** For "system": the zone name `<guid>.privatelink.<location>.azmk8s.io`. */
  systemZoneName?: string;
  /** The private link service id of the API server. */
  privateLinkServiceId: string;
  /** Subnet of the first agent pool, if the request named one. */
  firstPoolSubnetId?: string;
  /** The cluster's privateFQDN, which AKS registers in the zone (system or custom). */
  privateFqdn?: string;
}

/** TTL of the API server's A record (docs/fidelity.md "API server's A record"). */
const API_SERVER_RECORD_TTL = 300;

/** AKS's private endpoint to its own API server (and the name of its connection entry). */
export const KUBE_APISERVER = "kube-apiserver";

/** The virtual network AKS creates for a cluster without a subnet of its own: `aks-vnet-<8 digits>` / `aks-subnet`. */
function managedVnetName(ctx: ProviderContext, clusterKey: string): string {
  return `aks-vnet-${String(parseInt(ctx.ids.hex(8, "aks-vnet", clusterKey), 16) % 100_000_000).padStart(8, "0")}`;
}

/**
 * The zone AKS registers the API server in, and its A record there: the system zone it creates in
 * the node resource group (with its SOA), or the user's custom zone, which must exist (checked
 * before). The record is the privateFQDN relative to the zone, pointing at the kube-apiserver
 * endpoint's address (Azure/AKS#4500 shows the record AKS writes in a custom zone).
 */
async function apiServerDnsWrites(ctx: ProviderContext, facts: PrivateClusterFacts, ip: string | undefined): Promise<Write[]> {
  const writes: Write[] = [];
  let zone: ZoneRef | undefined;
  if (facts.privateDnsZone.toLowerCase() === "system" && facts.systemZoneName) {
    const [zoneRow, soa] = zoneRecords(ctx, { sub: facts.subscriptionId, rg: facts.nodeResourceGroup, name: facts.systemZoneName, state: "Succeeded" });
    writes.push({ op: "put", resource: zoneRow! }, { op: "put", resource: soa! });
    zone = zoneRef(zoneRow!);
  } else if (facts.privateDnsZone.toLowerCase() !== "none") {
    const key = normalizedKey(facts.privateDnsZone);
    const custom = key ? await ctx.store.get(key) : undefined;
    zone = custom && zoneRef(custom);
  }
  const name = zone && facts.privateFqdn ? relativeName(facts.privateFqdn, zone.name) : undefined;
  if (!zone || !name || !ip) return writes;
  const existing = await ctx.store.get(recordSetKey(zone.key, "A", name));
  const row = recordSetRow(ctx, zone, "A", name, { ttl: API_SERVER_RECORD_TTL, records: [{ ipv4Address: ip }], owner: facts.clusterKey });
  writes.push({ op: "put", resource: row, expect: existing ? { etag: existing.etag } : { absent: true } });
  return writes;
}

/** What deleting a private cluster removes outside its node resource group: its A record in a custom zone. */
export function privateClusterDnsTeardown(props: Record<string, unknown>): Write[] {
  const access = props["apiServerAccessProfile"] as Record<string, unknown> | undefined;
  const zoneId = typeof access?.["privateDNSZone"] === "string" ? access["privateDNSZone"] : "";
  const fqdn = props["privateFQDN"];
  const zoneKeyValue = zoneId.includes("/") ? normalizedKey(zoneId) : undefined;
  if (!zoneKeyValue || typeof fqdn !== "string") return [];
  const name = relativeName(fqdn, zoneId.split("/").pop()!);
  return name ? [{ op: "delete", key: recordSetKey(zoneKeyValue, "A", name) }] : [];
}

export async function privateClusterResourceWrites(ctx: ProviderContext, facts: PrivateClusterFacts, now: number): Promise<Write[]> {
  void now;
  const sub = facts.subscriptionId;
  const rg = facts.nodeResourceGroup;
  const writes: Write[] = [];

  // The subnet of the kube-apiserver endpoint: the first pool's (when it is one of ours, it records
  // the endpoint), else a managed virtual network in the node resource group, as AKS creates.
  const peKey = privateEndpointKey(sub, rg, KUBE_APISERVER);
  const peId = providerId(sub, rg, NETWORK_NAMESPACE, "privateEndpoints", KUBE_APISERVER);
  const nicName = `${KUBE_APISERVER}.nic.${ctx.ids.guid("private-endpoint-nic", peKey, facts.clusterKey)}`;
  const nicId = providerId(sub, rg, NETWORK_NAMESPACE, "networkInterfaces", nicName);
  let subnetId: string;
  let ip: string | undefined;
  if (facts.firstPoolSubnetId && parseResourceId(facts.firstPoolSubnetId)) {
    subnetId = facts.firstPoolSubnetId;
    const subnet = await findSubnet(ctx, subnetId);
    if (subnet) {
      subnetId = subnet.id;
      const taken = allocateAddress(subnet);
      ip = taken.ip;
      writes.push({ op: "put", resource: subnetWithEndpoint(ctx, subnet, { key: peKey, id: peId, nic: nicId }, taken.meta), expect: { etag: subnet.etag } });
    }
  } else {
    const { vnet, subnet } = managedVnetRecords(ctx, sub, rg, facts.location, managedVnetName(ctx, facts.clusterKey), "aks-subnet");
    const taken = allocateAddress(subnet);
    ip = taken.ip;
    writes.push({ op: "put", resource: vnet }, { op: "put", resource: subnetWithEndpoint(ctx, subnet, { key: peKey, id: peId, nic: nicId }, taken.meta) });
    subnetId = subnet.id;
  }

  writes.push(...(await apiServerDnsWrites(ctx, facts, ip)));

  // AKS's own connection, approved by AKS (Bicep export: "Auto Approved").
  const state: ConnectionState = { status: "Approved", description: AKS_AUTO_APPROVED };
  const pecName = connectionName(ctx, peKey, KUBE_APISERVER, KUBE_APISERVER, facts.clusterKey);
  writes.push({
    op: "put",
    resource: connectionRecord(ctx, {
      clusterKey: facts.clusterKey,
      clusterId: facts.clusterId,
      clusterSubscriptionId: sub,
      name: pecName,
      peKey,
      peId,
      peConnectionName: KUBE_APISERVER,
      manual: false,
      state,
    }),
  });
  writes.push({
    op: "put",
    resource: endpointRecord(ctx, {
      sub,
      name: KUBE_APISERVER,
      key: peKey,
      id: peId,
      parentKey: facts.nodeResourceGroupKey,
      location: facts.location,
      extraProps: {},
      subnetId,
      nicName,
      nicId,
      connections: [
        {
          entry: { name: KUBE_APISERVER, manual: false, privateLinkServiceId: facts.privateLinkServiceId, groupIds: [MANAGEMENT_GROUP_ID] },
          meta: {
            name: KUBE_APISERVER,
            manual: false,
            clusterKey: facts.clusterKey,
            connectionKey: connectionKey(facts.clusterKey, pecName),
            lastState: state,
          },
        },
      ],
      customDnsConfigs: [],
    }),
  });
  // Its interface, with the address the API server's A record points at.
  writes.push({
    op: "put",
    resource: nicRecord(ctx, {
      id: nicId,
      name: nicName,
      groupKey: facts.nodeResourceGroupKey,
      subscriptionId: sub,
      location: facts.location,
      endpointId: peId,
      subnetId,
      ip,
      groupId: MANAGEMENT_GROUP_ID,
      requiredMemberName: MANAGEMENT_GROUP_ID,
      fqdns: facts.privateFqdn ? [facts.privateFqdn] : [],
    }),
  });
  return writes;
}
