import { CONTAINER_SERVICE_API_VERSIONS } from "../../arm/api-versions.js";
import { ArmError } from "../../arm/errors.js";
import type { ArmRequest, ArmResponse, Route } from "../../arm/router.js";
import type { ResourceTypeDeclaration } from "../../kit/declaration.js";
import type { ProviderContext } from "../context.js";
import { machineName, machinePrefix, type StoredPool } from "./agent-pool-model.js";
import { NAMESPACE, requirePool } from "./managed-clusters.js";

type Obj = Record<string, unknown>;

/**
 * Microsoft.ContainerService/managedClusters/agentPools/machines: list and get, derived from the
 * pool (spec: Machines_List, Machines_Get). A pool's machines are the instances of its scale set,
 * named as AKS names them (`aks-<pool>-<8 digits>-vmss<instance, 6 base-36 digits>`, example
 * MachineList.json), each in one of the pool's zones and with a private IP of its subnet; they
 * change as the pool scales, and `deleteMachines` removes the ones it names (docs/fidelity.md
 * "Machines of a pool").
 */

const POOL_PATH =
  "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.ContainerService/managedClusters/:resourceName/agentPools/:agentPoolName";

function ipv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

function parseCidr(cidr: string): { base: number; size: number } | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) return undefined;
  const bits = Number(m[5]);
  const base = ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
  return { base, size: 2 ** (32 - bits) };
}

/** AKS's own node subnet when a pool names none (aks-vnet's aks-subnet, learn.microsoft.com/azure/aks/configure-kubenet). */
const DEFAULT_NODE_SUBNET = "10.224.0.0/16";

async function subnetPrefix(ctx: ProviderContext, pool: StoredPool): Promise<string> {
  const id = (pool.resource["properties"] as Obj)["vnetSubnetID"];
  if (typeof id !== "string") return DEFAULT_NODE_SUBNET;
  const row = await ctx.store.get(id.toLowerCase());
  const resource = (row?.body["resource"] ?? row?.body) as Obj | undefined;
  const props = resource?.["properties"] as Obj | undefined;
  const prefix = props?.["addressPrefix"] ?? (props?.["addressPrefixes"] as unknown[] | undefined)?.[0];
  return typeof prefix === "string" ? prefix : DEFAULT_NODE_SUBNET;
}

async function machinesOf(ctx: ProviderContext, cluster: Obj, pool: StoredPool): Promise<Obj[]> {
  const props = pool.resource["properties"] as Obj;
  if ((props["powerState"] as Obj | undefined)?.["code"] === "Stopped") return [];
  const subnet = parseCidr(await subnetPrefix(ctx, pool)) ?? parseCidr(DEFAULT_NODE_SUBNET)!;
  const zones = (props["availabilityZones"] as string[] | undefined) ?? [];
  const clusterProps = cluster["properties"] as Obj;
  const subscription = /^\/subscriptions\/([^/]+)/.exec(String(cluster["id"]))?.[1] ?? "";
  const scaleSet = `${machinePrefix(pool)}`;
  // Azure keeps the first four addresses of a subnet; each pool takes addresses from its own block.
  const usable = Math.max(1, subnet.size - 5);
  return pool.meta.instances.map((instance) => {
    const machine: Obj = {
      id: `${String(pool.resource["id"])}/machines/${machineName(pool, instance)}`,
      name: machineName(pool, instance),
      type: "Microsoft.ContainerService/managedClusters/agentPools/machines",
      properties: {
        network: { ipAddresses: [{ family: "IPv4", ip: ipv4(subnet.base + 4 + ((pool.meta.ordinal * 256 + instance) % usable)) }] },
        resourceId: `/subscriptions/${subscription}/resourceGroups/${String(clusterProps["nodeResourceGroup"])}/providers/Microsoft.Compute/virtualMachineScaleSets/${scaleSet}/virtualMachines/${instance}`,
      },
    };
    if (zones.length > 0) machine["zones"] = [zones[instance % zones.length]];
    return machine;
  });
}

/** The pool the path names, with its cluster's resource. */
async function poolAndCluster(ctx: ProviderContext, params: Record<string, string>): Promise<{ cluster: Obj; pool: StoredPool }> {
  const { cluster, pool } = await requirePool(ctx, params);
  return { cluster: cluster.body["resource"] as Obj, pool };
}

function machineRoutes(ctx: ProviderContext): Route[] {
  const versions = { namespace: NAMESPACE, resourceType: "managedClusters/agentPools/machines", kind: "provider" as const };
  const list = async (req: ArmRequest): Promise<ArmResponse> => {
    const { cluster, pool } = await poolAndCluster(ctx, req.params);
    return { status: 200, body: { value: await machinesOf(ctx, cluster, pool) } };
  };
  const get = async (req: ArmRequest): Promise<ArmResponse> => {
    const { cluster, pool } = await poolAndCluster(ctx, req.params);
    const name = req.params["machineName"]!;
    const machine = (await machinesOf(ctx, cluster, pool)).find((m) => String(m["name"]).toLowerCase() === name.toLowerCase());
    if (!machine) {
      throw new ArmError(
        404,
        "ResourceNotFound",
        `The Resource 'Microsoft.ContainerService/managedClusters/${String(cluster["name"])}/agentPools/${String(pool.resource["name"])}/machines/${name}' was not found. List the pool's machines to see their names.`,
      );
    }
    return { status: 200, body: machine };
  };
  return [
    { method: "GET", path: `${POOL_PATH}/machines`, apiVersions: versions, write: false, body: "none", handler: list },
    { method: "GET", path: `${POOL_PATH}/machines/:machineName`, apiVersions: versions, write: false, body: "none", handler: get },
  ];
}

export const machinesType: ResourceTypeDeclaration = {
  namespace: NAMESPACE,
  type: "managedClusters/agentPools/machines",
  apiVersions: CONTAINER_SERVICE_API_VERSIONS,
  registration: "none",
  routes: machineRoutes,
};
