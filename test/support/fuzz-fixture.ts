import type { Route } from "../../src/arm/router.js";
import type { RegisteredRoute } from "../../src/kit/registry.js";
import type { SampleRefs } from "../../src/kit/declaration.js";
import { clusterBody, clusterPath, rgPath } from "./bodies.js";
import type { TestEmulator } from "./emulator.js";
import { directSender, snapshotter, type FuzzTarget, type ParamValues, type Send } from "./fuzz.js";
import { pathFor, withApiVersion } from "./routes.js";

/**
 * The resources the fuzz runs against (a group holding a cluster, a virtual network with a subnet, a
 * private endpoint to the cluster, a private DNS zone linked to the network, a user-assigned identity),
 * the path parameter values naming them, and a valid body for every route that takes one.
 */

export const FUZZ_RG = "rg-fuzz";
export const FUZZ_NAME = "fuzz1";
export const FUZZ_ZONE = "privatelink.eastus.azmk8s.io";
const NET_API = "api-version=2025-05-01";

/** The type's sample (src/kit/declaration.ts) when the route serves a declared type that has one. */
function sampleOf(route: Route): { name: string; body(refs: SampleRefs): unknown } | undefined {
  return (route as Partial<RegisteredRoute>).declaration?.sample;
}

/** The route's own name parameter (its last segment's), when the route names one resource. */
function nameParam(route: Route): string | undefined {
  const last = route.path.split("/").pop()!;
  return last.startsWith(":") ? last.slice(1) : undefined;
}

function sampleRefs(sub: string): SampleRefs {
  return {
    subscriptionId: sub,
    clusterId: clusterPath(sub, FUZZ_RG, FUZZ_NAME),
    virtualNetworkId: net(sub, "virtualNetworks", FUZZ_NAME),
    subnetId: net(sub, "virtualNetworks", `${FUZZ_NAME}/subnets/${FUZZ_NAME}`),
  };
}

/** Path parameter values naming the fixture's resources (a declared type's sample by its sample name). */
export function fixtureValues(sub: string, routes: readonly Route[] = []): ParamValues {
  const samples: ParamValues = {};
  for (const route of routes) {
    const sample = sampleOf(route);
    const param = nameParam(route);
    if (sample && param) samples[param] = sample.name;
  }
  return {
    ...samples,
    subscriptionId: sub,
    resourceGroupName: FUZZ_RG,
    resourceName: FUZZ_NAME,
    virtualNetworkName: FUZZ_NAME,
    subnetName: FUZZ_NAME,
    privateEndpointName: FUZZ_NAME,
    privateZoneName: FUZZ_ZONE,
    virtualNetworkLinkName: FUZZ_NAME,
    privateEndpointConnectionName: FUZZ_NAME,
    location: "eastus",
    operationId: "5b1a3c52-7a0e-4d35-9a3c-1f2e3d4c5b6a",
    namespace: "Microsoft.ContainerService",
    id: "5b1a3c52-7a0e-4d35-9a3c-1f2e3d4c5b6a",
  };
}

/** A private cluster (private endpoints can connect to it). */
function privateCluster(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const base = clusterBody({}, "fuzz1");
  return { ...base, ...extra, properties: { ...(base["properties"] as object), apiServerAccessProfile: { enablePrivateCluster: true } } };
}

const net = (sub: string, type: string, name: string): string => `/subscriptions/${sub}/resourceGroups/${FUZZ_RG}/providers/Microsoft.Network/${type}/${name}`;

/** A valid body for `route` (undefined: it takes none, or its body is optional and empty is valid). */
export function seedBody(route: Route, sub: string, stateSeed?: unknown): unknown {
  const type = `${route.apiVersions.namespace}/${route.apiVersions.resourceType}`.toLowerCase();
  const last = route.path.split("/").pop()!.toLowerCase();
  if (route.body === "none") return undefined;
  const sample = sampleOf(route);
  if (sample && route.method === "PUT") return sample.body(sampleRefs(sub));
  switch (`${route.method} ${type}`) {
    case "PUT microsoft.resources/resourcegroups":
      return { location: "eastus", tags: { env: "fuzz" } };
    case "PATCH microsoft.resources/resourcegroups":
    case "PATCH microsoft.containerservice/managedclusters":
    case "PATCH microsoft.managedidentity/userassignedidentities":
      return { tags: { env: "fuzz2" } };
    case "PUT microsoft.containerservice/managedclusters":
      return privateCluster({ tags: { env: "fuzz" } });
    case "PUT microsoft.network/virtualnetworks":
      return {
        location: "eastus",
        properties: { addressSpace: { addressPrefixes: ["10.7.0.0/16"] }, subnets: [{ name: FUZZ_NAME, properties: { addressPrefix: "10.7.0.0/24" } }] },
      };
    case "PUT microsoft.network/virtualnetworks/subnets":
      return { properties: { addressPrefix: "10.7.0.0/24" } };
    case "PUT microsoft.network/privateendpoints":
      return {
        location: "eastus",
        properties: {
          subnet: { id: net(sub, "virtualNetworks", `${FUZZ_NAME}/subnets/${FUZZ_NAME}`) },
          manualPrivateLinkServiceConnections: [
            { name: "c", properties: { privateLinkServiceId: clusterPath(sub, FUZZ_RG, FUZZ_NAME), groupIds: ["management"], requestMessage: "hi" } },
          ],
        },
      };
    case "PUT microsoft.network/privatednszones":
      return { location: "global" };
    case "PUT microsoft.network/privatednszones/virtualnetworklinks":
      return { location: "global", properties: { virtualNetwork: { id: net(sub, "virtualNetworks", FUZZ_NAME) }, registrationEnabled: false } };
    case "PUT microsoft.managedidentity/userassignedidentities":
      return { location: "eastus", tags: { env: "fuzz" } };
    case "PUT microsoft.containerservice/managedclusters/privateendpointconnections":
      return { properties: { privateLinkServiceConnectionState: { status: "Approved", description: "ok" } } };
  }
  if (route.method === "POST" && last === "resolveprivatelinkserviceid") return { name: "management" };
  // Testing controls (docs/testing-controls.md). Faults made by a case are cleared after it (afterCase).
  switch (`${route.method} ${route.path}`) {
    case "POST /_emulator/faults":
      return {
        match: { method: "PUT", path: "/subscriptions/*/resourceGroups/no-such-group/**" },
        effect: { status: 429, code: "TooManyRequests", retryAfterSeconds: 1 },
        count: 1,
      };
    case "POST /_emulator/clock/advance":
      return { ms: 1000 };
    case "PUT /_emulator/state":
      // The fixture's own export when there is one (fuzzTarget captures it), so mutations reach
      // every resource type's stored form; else an empty document.
      return stateSeed ?? { format: "aks-emulator-state", version: 1, exportedAt: "2026-11-25T00:00:00Z", resources: [], operations: [] };
  }
  return undefined;
}

/** The fixture's resources as [path with api-version, body], in creation order. */
function fixtureWrites(sub: string): [string, unknown][] {
  const zone = net(sub, "privateDnsZones", FUZZ_ZONE);
  return [
    [`${rgPath(sub, FUZZ_RG)}?api-version=2022-09-01`, { location: "eastus" }],
    [`${clusterPath(sub, FUZZ_RG, FUZZ_NAME)}?api-version=2026-04-01`, privateCluster()],
    [
      `${net(sub, "virtualNetworks", FUZZ_NAME)}?${NET_API}`,
      {
        location: "eastus",
        properties: { addressSpace: { addressPrefixes: ["10.7.0.0/16"] }, subnets: [{ name: FUZZ_NAME, properties: { addressPrefix: "10.7.0.0/24" } }] },
      },
    ],
    [`${zone}?api-version=2020-06-01`, { location: "global" }],
    [
      `${zone}/virtualNetworkLinks/${FUZZ_NAME}?api-version=2020-06-01`,
      { location: "global", properties: { virtualNetwork: { id: net(sub, "virtualNetworks", FUZZ_NAME) }, registrationEnabled: false } },
    ],
    [
      `/subscriptions/${sub}/resourceGroups/${FUZZ_RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${FUZZ_NAME}?api-version=2023-01-31`,
      { location: "eastus" },
    ],
    [
      `${net(sub, "privateEndpoints", FUZZ_NAME)}?${NET_API}`,
      seedBody(
        {
          method: "PUT",
          path: "",
          apiVersions: { namespace: "Microsoft.Network", resourceType: "privateEndpoints", kind: "provider" },
          write: true,
          body: "required",
          handler: async () => ({ status: 200 }),
        },
        sub,
      ),
    ],
  ];
}

/** A FuzzTarget over a test emulator: its own sender, the fixture, snapshots of its store. */
export function fuzzTarget(te: TestEmulator, o: { routes?: readonly Route[]; send?: Send } = {}): FuzzTarget & { close(): void } {
  const sub = te.subscriptionId;
  const direct = directSender(te.endpoint, te.caPem);
  const send = o.send ?? direct.send;
  const token = te.token();
  const routes = o.routes ?? te.emulator.router.routes;
  const fixture = fixtureValues(sub, routes);
  const keys = fixtureWrites(sub).map(([p]) => p.split("?")[0]!.toLowerCase());
  const store = te.emulator.store;
  const normalRequest = { method: "GET", url: `/subscriptions/${sub}/resourcegroups?api-version=2022-09-01`, headers: { authorization: `Bearer ${token}` } };
  let stateSeed: unknown;
  return {
    send,
    routes,
    fixture,
    token,
    seedBody: (route) => seedBody(route, sub, stateSeed),
    snapshot: snapshotter(store),
    normalRequest,
    async ensureFixture() {
      const present = await Promise.all(keys.map((k) => store.get(k)));
      if (present.every((r) => r !== undefined)) return;
      for (const [path, body] of fixtureWrites(sub)) {
        const res = await direct.send({
          method: "PUT",
          url: path,
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: Buffer.from(JSON.stringify(body)),
        });
        if (res.status >= 300) throw new Error(`fixture PUT ${path}: ${res.status} ${res.text.slice(0, 300)}`);
        await direct.send(normalRequest);
      }
      // One resource of each declared type with a sample, made through its own PUT route.
      for (const route of routes) {
        const sample = sampleOf(route);
        if (!sample || route.method !== "PUT") continue;
        const url = withApiVersion(route, pathFor(route, fixture));
        const res = await direct.send({
          method: "PUT",
          url,
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: Buffer.from(JSON.stringify(sample.body(sampleRefs(sub)))),
        });
        if (res.status >= 300) throw new Error(`fixture PUT ${url}: ${res.status} ${res.text.slice(0, 300)}`);
      }
      // The private endpoint made a connection on the cluster, named by the emulator: fuzz that one.
      const list = await direct.send({
        method: "GET",
        url: `${clusterPath(sub, FUZZ_RG, FUZZ_NAME)}/privateEndpointConnections?api-version=2026-04-01`,
        headers: { authorization: `Bearer ${token}` },
      });
      const name = (list.json?.value as { name?: string }[] | undefined)?.find((c) => c.name?.startsWith(`${FUZZ_NAME}.`))?.name;
      if (name) fixture["privateEndpointConnectionName"] = name;
      if (routes.some((r) => r.path === "/_emulator/state")) {
        const exported = await direct.send({ method: "GET", url: "/_emulator/state", headers: { authorization: `Bearer ${token}` } });
        if (exported.status === 200) stateSeed = exported.json;
      }
    },
    async afterCase() {
      // A fuzzed fault could match every request (even with a 5xx effect, as faults may): clear them.
      if (routes.some((r) => r.path === "/_emulator/faults")) {
        await direct.send({ method: "DELETE", url: "/_emulator/faults", headers: { authorization: `Bearer ${token}` } });
      }
    },
    close: () => direct.close(),
  };
}
