/**
 * ARM resource ids. Lookups are case-insensitive (keys are lower-cased); output keeps the
 * caller's casing for names, and uses the segment spelling real ARM/AKS answers with.
 */

export function subscriptionKey(subscriptionId: string): string {
  return `/subscriptions/${subscriptionId}`.toLowerCase();
}

export function resourceGroupId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

export function resourceGroupKey(subscriptionId: string, resourceGroup: string): string {
  return resourceGroupId(subscriptionId, resourceGroup).toLowerCase();
}

/** Parsed form of an ARM resource id such as a private DNS zone or identity reference. */
export interface ParsedResourceId {
  subscriptionId: string;
  resourceGroup: string;
  namespace: string;
  /** Type segments, e.g. ["privateDnsZones"] or ["virtualNetworks", "subnets"]. */
  types: string[];
  /** Names matching `types`. */
  names: string[];
}

const ID_PATTERN = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/(.+)$/i;

export function parseResourceId(id: string): ParsedResourceId | undefined {
  const m = ID_PATTERN.exec(id);
  if (!m) return undefined;
  const rest = m[4]!.split("/");
  if (rest.length % 2 !== 0 || rest.some((s) => s === "")) return undefined;
  const types: string[] = [];
  const names: string[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    types.push(rest[i]!);
    names.push(rest[i + 1]!);
  }
  return { subscriptionId: m[1]!, resourceGroup: m[2]!, namespace: m[3]!, types, names };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isGuid = (s: string): boolean => GUID.test(s);
