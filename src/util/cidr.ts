/** IPv4 CIDR arithmetic for address spaces and subnets (IPv6 prefixes are accepted unchecked). */

export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit number. */
  base: number;
  bits: number;
  /** Size of the range (2^(32-bits)). */
  size: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export type CidrParse = { kind: "ipv4"; cidr: Ipv4Cidr; hostBitsSet: boolean; canonical: string } | { kind: "ipv6" } | { kind: "invalid" };

export function parseCidr(text: string): CidrParse {
  if (text.includes(":")) return /^[0-9a-fA-F:]+\/\d{1,3}$/.test(text) ? { kind: "ipv6" } : { kind: "invalid" };
  const m = IPV4.exec(text);
  if (!m) return { kind: "invalid" };
  const octets = [m[1], m[2], m[3], m[4]].map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return { kind: "invalid" };
  const addr = ((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]!;
  const size = 2 ** (32 - bits);
  const base = Math.floor(addr / size) * size;
  return { kind: "ipv4", cidr: { base, bits, size }, hostBitsSet: base !== addr, canonical: `${formatIpv4(base)}/${bits}` };
}

export function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

export function contains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return inner.base >= outer.base && inner.base + inner.size <= outer.base + outer.size;
}

export function overlaps(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return a.base < b.base + b.size && b.base < a.base + a.size;
}
