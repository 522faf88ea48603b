import { api, type Json, listAll, RESOURCES_VERSION } from "./api.js";

/**
 * What exists, read through the same ARM routes an SDK uses: subscriptions, their groups, every resource
 * the generic resource list names (each read at its type's newest stable api-version from the provider
 * registration answer, as a portal does), the children a person looks for (pools and their machines,
 * private endpoint connections, DNS zone links and record sets, DNS zone groups) and the role assignments.
 */

export interface Item {
  /** The answer of a GET, as the API returns it. */
  body: Json;
  /** The ARM type, as the answer names it. */
  type: string;
  children: Item[];
}

interface Subscription {
  body: Json;
  groups: { body: Json; items: Item[] }[];
  roleAssignments: Json[];
}

export interface Snapshot {
  subscriptions: Subscription[];
  /** Every item by lower-cased id. */
  byId: Map<string, Item>;
  takenAt: number;
}

/** `namespace/type` (lower case) -> its newest stable api-version (a preview only when it has no stable one). */
type Versions = Map<string, string>;

const versionCache = new Map<string, Versions>();

async function versionsOf(subscriptionId: string): Promise<Versions> {
  const cached = versionCache.get(subscriptionId);
  if (cached) return cached;
  const providers = await listAll(`/subscriptions/${subscriptionId}/providers?api-version=${RESOURCES_VERSION}`);
  const versions: Versions = new Map();
  for (const p of providers) {
    for (const t of (p.resourceTypes as Json[]) ?? []) {
      const list = ((t.apiVersions as string[]) ?? []).slice().sort().reverse();
      const stable = list.find((v) => !v.includes("preview")) ?? list[0];
      if (stable) versions.set(`${p.namespace}/${t.resourceType}`.toLowerCase(), stable);
    }
  }
  versionCache.set(subscriptionId, versions);
  return versions;
}

function versionFor(versions: Versions, type: string): string | undefined {
  // Record set types (privateDnsZones/A ...) and ALL take their zone's version.
  const t = type.toLowerCase();
  return versions.get(t) ?? versions.get(t.split("/").slice(0, 2).join("/"));
}

async function safeList(path: string): Promise<Json[]> {
  try {
    return await listAll(path);
  } catch {
    return [];
  }
}

function item(body: Json, children: Item[] = []): Item {
  return { body, type: String(body?.type ?? ""), children };
}

async function childrenOf(type: string, id: string, versions: Versions): Promise<Item[]> {
  const t = type.toLowerCase();
  const v = (child: string) => versionFor(versions, `${type}/${child}`) ?? versionFor(versions, type);
  if (t === "microsoft.containerservice/managedclusters") {
    const [pools, connections] = await Promise.all([
      safeList(`${id}/agentPools?api-version=${v("agentPools")}`),
      safeList(`${id}/privateEndpointConnections?api-version=${v("privateEndpointConnections")}`),
    ]);
    const poolItems = await Promise.all(
      pools.map(async (p) =>
        item(
          p,
          (await safeList(`${p.id}/machines?api-version=${v("agentPools/machines")}`)).map((m) => item(m)),
        ),
      ),
    );
    return [...poolItems, ...connections.map((c) => item(c))];
  }
  if (t === "microsoft.network/privatednszones") {
    const [links, records] = await Promise.all([
      safeList(`${id}/virtualNetworkLinks?api-version=${v("virtualNetworkLinks")}`),
      safeList(`${id}/ALL?api-version=${v("ALL")}`),
    ]);
    return [...links.map((l) => item(l)), ...records.map((r) => item(r))];
  }
  if (t === "microsoft.network/privateendpoints") {
    return (await safeList(`${id}/privateDnsZoneGroups?api-version=${v("privateDnsZoneGroups")}`)).map((g) => item(g));
  }
  return [];
}

export async function loadSnapshot(): Promise<Snapshot> {
  const byId = new Map<string, Item>();
  const index = (i: Item) => {
    if (typeof i.body?.id === "string") byId.set(i.body.id.toLowerCase(), i);
    for (const c of i.children) index(c);
  };
  const subs = await listAll(`/subscriptions?api-version=${RESOURCES_VERSION}`);
  const subscriptions = await Promise.all(
    subs.map(async (sub): Promise<Subscription> => {
      const sid = String(sub.subscriptionId);
      const [versions, groups, resources, roleAssignments] = await Promise.all([
        versionsOf(sid),
        safeList(`/subscriptions/${sid}/resourcegroups?api-version=${RESOURCES_VERSION}`),
        safeList(`/subscriptions/${sid}/resources?api-version=${RESOURCES_VERSION}`),
        safeList(`/subscriptions/${sid}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`),
      ]);
      const items = await Promise.all(
        resources.map(async (r): Promise<Item | undefined> => {
          const version = versionFor(versions, String(r.type));
          if (!version) return undefined;
          try {
            const body = await api("GET", `${r.id}?api-version=${version}`);
            return item(body, await childrenOf(String(r.type), String(r.id), versions));
          } catch {
            return undefined;
          }
        }),
      );
      const found = items.filter((i): i is Item => i !== undefined);
      found.forEach(index);
      return {
        body: sub,
        roleAssignments,
        groups: groups.map((g) => ({
          body: g,
          items: found.filter((i) =>
            String(i.body.id)
              .toLowerCase()
              .startsWith(`${String(g.id).toLowerCase()}/`),
          ),
        })),
      };
    }),
  );
  return { subscriptions, byId, takenAt: Date.now() };
}

/** The provisioning state an answer shows, if any. */
export function provisioningState(body: Json): string | undefined {
  const s = body?.properties?.provisioningState;
  return typeof s === "string" ? s : undefined;
}

/** Every item of a snapshot (depth first). */
export function allItems(s: Snapshot): Item[] {
  const out: Item[] = [];
  const walk = (i: Item) => {
    out.push(i);
    i.children.forEach(walk);
  };
  for (const sub of s.subscriptions) for (const g of sub.groups) g.items.forEach(walk);
  return out;
}

export function ofType(s: Snapshot, type: string): Item[] {
  const t = type.toLowerCase();
  return allItems(s).filter((i) => i.type.toLowerCase() === t);
}

/** The versions known for a subscription (after a snapshot). */
export function knownVersion(subscriptionId: string, type: string): string | undefined {
  const v = versionCache.get(subscriptionId);
  return v ? versionFor(v, type) : undefined;
}
