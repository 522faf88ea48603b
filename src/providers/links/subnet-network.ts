import type { StoredResource } from "../../store/store.js";
import type { ProviderContext } from "../context.js";
import { listAll, normalizedKey } from "../network/common.js";
import { SUBNET_TYPE } from "../network/virtual-networks.js";

/**
 * The virtual network (its stored row) a subnet id names, with the subnets stored under it: how a
 * cluster's network rules (containerservice/network-rules.ts) read the network its pools are placed in.
 */
export async function networkOf(ctx: ProviderContext, subnetId: string): Promise<{ vnet: StoredResource; subnets: StoredResource[] } | undefined> {
  const m = /^(.*\/providers\/microsoft\.network\/virtualnetworks\/[^/]+)\/subnets\/[^/]+$/i.exec(subnetId.replace(/\/+$/, ""));
  if (!m) return undefined;
  const key = normalizedKey(m[1]!);
  const vnet = key === undefined ? undefined : await ctx.store.get(key);
  if (!vnet) return undefined;
  return { vnet, subnets: await listAll(ctx, { type: SUBNET_TYPE, parentKey: vnet.key }) };
}
