import { ArmError } from "../../arm/errors.js";
import type { ProviderContext } from "../context.js";
import { formatIpv4, type Ipv4Cidr, overlaps, parseCidr } from "../../util/cidr.js";
import { networkOf } from "../links/subnet-network.js";

/**
 * AKS's rules for a cluster's network profile that the profile alone decides (checkNetworkRanges)
 * and those that need the virtual network its pools are placed in (checkAgainstVirtualNetworks).
 * Codes and wording where AKS's are known (docs/sources.md "Network profile ranges"); the rest are
 * rows of docs/fidelity.md "Network profile ranges".
 */

type Obj = Record<string, unknown>;

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseIpv4(text: string): number | undefined {
  const m = IPV4.exec(text);
  if (!m) return undefined;
  const octets = [m[1], m[2], m[3], m[4]].map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return ((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]!;
}

/** An IPv4 range of the profile, or undefined for IPv6 (not checked) and absent values; a malformed one is refused. */
function range(value: unknown, property: string): Ipv4Cidr | undefined {
  if (typeof value !== "string") return undefined;
  const parsed = parseCidr(value);
  if (parsed.kind === "ipv6") return undefined;
  if (parsed.kind === "invalid") {
    throw new ArmError(
      400,
      "InvalidParameter",
      `The value of parameter networkProfile.${property} is invalid: '${value}' is not an IPv4 CIDR range. Give a range such as 10.0.0.0/16.`,
      { target: `networkProfile.${property}` },
    );
  }
  return parsed.cidr;
}

/**
 * The profile's own ranges: the DNS service IP inside the service range, and the pod and service
 * ranges apart (docs/fidelity.md "Network profile ranges").
 */
export function checkNetworkRanges(profile: Obj): void {
  const service = range(profile["serviceCidr"], "serviceCidr");
  const pod = range(profile["podCidr"], "podCidr");
  const dns = profile["dnsServiceIP"];
  if (service && typeof dns === "string" && !dns.includes(":")) {
    const ip = parseIpv4(dns);
    if (ip === undefined || ip < service.base || ip >= service.base + service.size) {
      throw new ArmError(
        400,
        "InvalidParameter",
        `The DNS service IP ${dns} is not within the service CIDR ${String(profile["serviceCidr"])}. Set networkProfile.dnsServiceIP to an address inside networkProfile.serviceCidr (for example ${formatIpv4(service.base + 10)}).`,
        { target: "networkProfile.dnsServiceIP" },
      );
    }
  }
  if (service && pod && overlaps(service, pod)) {
    throw new ArmError(
      400,
      "InvalidParameter",
      `The service CIDR ${String(profile["serviceCidr"])} overlaps the pod CIDR ${String(profile["podCidr"])}. Choose networkProfile.serviceCidr and networkProfile.podCidr that do not overlap.`,
      { target: "networkProfile.serviceCidr" },
    );
  }
}

function rangesOf(props: Obj, ...keys: string[]): { text: string; cidr: Ipv4Cidr }[] {
  const out: { text: string; cidr: Ipv4Cidr }[] = [];
  for (const key of keys) {
    const v = props[key];
    for (const text of Array.isArray(v) ? v : [v]) {
      if (typeof text !== "string") continue;
      const parsed = parseCidr(text);
      if (parsed.kind === "ipv4") out.push({ text, cidr: parsed.cidr });
    }
  }
  return out;
}

/**
 * The service range (and, for kubenet and overlay, the pod range) against the virtual networks the
 * pools are placed in: a subnet it overlaps is 400 `ServiceCidrOverlapExistingSubnetsCidr`
 * (Azure/azure-cli#20810, Azure/AKS#3551), the network's address space 400
 * `NetworkProfileCIDROverlapVNET` (Azure/AKS-Construction#403). Subnets the store does not hold are
 * left to the pool rules.
 */
export async function checkAgainstVirtualNetworks(ctx: ProviderContext, cluster: Obj): Promise<void> {
  const props = cluster["properties"] as Obj;
  const profile = (props["networkProfile"] as Obj | undefined) ?? {};
  const service = range(profile["serviceCidr"], "serviceCidr");
  const podInVnet = profile["networkPlugin"] === "kubenet" || profile["networkPluginMode"] === "overlay";
  const pod = podInVnet ? range(profile["podCidr"], "podCidr") : undefined;
  if (!service && !pod) return;
  const subnetIds = new Set<string>();
  for (const pool of (props["agentPoolProfiles"] as Obj[] | undefined) ?? []) {
    if (typeof pool["vnetSubnetID"] === "string") subnetIds.add(pool["vnetSubnetID"].toLowerCase());
  }
  const seen = new Set<string>();
  for (const subnetId of subnetIds) {
    const net = await networkOf(ctx, subnetId);
    if (!net || seen.has(net.vnet.key)) continue;
    seen.add(net.vnet.key);
    if (service) {
      for (const s of net.subnets) {
        const sp = ((s.body as { resource?: Obj }).resource?.["properties"] as Obj | undefined) ?? {};
        const hit = rangesOf(sp, "addressPrefix", "addressPrefixes").find((r) => overlaps(r.cidr, service));
        if (hit) {
          throw new ArmError(
            400,
            "ServiceCidrOverlapExistingSubnetsCidr",
            `The specified service CIDR ${String(profile["serviceCidr"])} is conflicted with an existing subnet CIDR ${hit.text}`,
            { target: "networkProfile.serviceCIDR" },
          );
        }
      }
    }
    const vp = ((net.vnet.body as { resource?: Obj }).resource?.["properties"] as Obj | undefined) ?? {};
    const space = rangesOf((vp["addressSpace"] as Obj | undefined) ?? {}, "addressPrefixes");
    for (const [value, cidr, target] of [
      [profile["serviceCidr"], service, "networkProfile.serviceCIDR"],
      [profile["podCidr"], pod, "networkProfile.podCIDR"],
    ] as const) {
      if (!cidr) continue;
      const hit = space.find((r) => overlaps(r.cidr, cidr));
      if (hit) {
        throw new ArmError(400, "NetworkProfileCIDROverlapVNET", `NetworkProfile CIDR ${String(value)} overlaps with reserved VNET CIDR ${hit.text}`, {
          target,
        });
      }
    }
  }
}
