import { ArmError } from "../../arm/errors.js";
import type { ProviderContext } from "../context.js";

type Obj = Record<string, unknown>;

const SUBNET_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)\/subnets\/([^/]+)$/i;

/**
 * The subnets a cluster's pools name: each a subnet id, one that exists for a new pool, and either every pool in a
 * subnet of one virtual network or none in a subnet of its own (AKS then makes the network).
 * Wording as AKS answers where it is known: an id that is not a subnet's (Azure/AKS#695), a pool
 * without a subnet beside pools with one (Azure/AKS#2927); docs/fidelity.md "Agent pool subnets".
 */
export async function assertSubnetsAgree(ctx: ProviderContext, pools: Obj[], isNew: (pool: Obj) => boolean): Promise<void> {
  let network: string | undefined;
  const withSubnet = pools.filter((p) => typeof p["vnetSubnetID"] === "string" && p["vnetSubnetID"] !== "");
  for (const pool of withSubnet) {
    const id = String(pool["vnetSubnetID"]);
    const m = SUBNET_ID.exec(id);
    if (!m) {
      throw new ArmError(400, "InvalidParameter", "The value of parameter agentPoolProfile.vnetSubnetID is invalid.", {
        target: "agentPoolProfile.vnetSubnetID",
      });
    }
    if (isNew(pool) && !(await ctx.store.get(id.toLowerCase()))) {
      throw new ArmError(
        400,
        "InvalidParameter",
        `The value of parameter agentPoolProfile.vnetSubnetID is invalid: subnet '${m[4]}' of virtual network '${m[3]}' in resource group '${m[2]}' does not exist. Create the subnet first, or leave vnetSubnetID out to let AKS make the network.`,
        { target: "agentPoolProfile.vnetSubnetID" },
      );
    }
    const vnet = id.slice(0, id.toLowerCase().lastIndexOf("/subnets/")).toLowerCase();
    if (network !== undefined && network !== vnet) {
      throw new ArmError(
        400,
        "InvalidParameter",
        `The value of parameter agentPoolProfile.vnetSubnetID is invalid: agent pool '${String(pool["name"])}' uses a subnet of virtual network '${m[3]}', but the cluster's other agent pools use another virtual network. All agent pools of a cluster use subnets of one virtual network.`,
        { target: "agentPoolProfile.vnetSubnetID" },
      );
    }
    network = vnet;
  }
  if (withSubnet.length > 0 && withSubnet.length < pools.length) {
    const without = pools.find((p) => !withSubnet.includes(p))!;
    throw new ArmError(400, "InvalidParameter", `The Agentpool ${String(without["name"])} does not have subnet defined.`, {
      target: "agentPoolProfile.vnetSubnetID",
    });
  }
}
