import type { Route } from "../../src/arm/router.js";
import type { RegisteredRoute } from "../../src/kit/registry.js";
import type { ResourceTypeDeclaration, SampleRefs } from "../../src/kit/declaration.js";
import type { TestEmulator } from "./emulator.js";
import { directSender, snapshotter, type FuzzTarget, type ParamValues, type Send } from "./fuzz.js";
import { pathFor, withApiVersion } from "./routes.js";

/**
 * The resources the fuzz runs against, the path parameter values naming them, and a valid body for
 * every route that takes one: one resource of each declared type with a sample (src/kit/declaration.ts),
 * made through its own PUT route with the sample's body (a group holding a private cluster with a
 * maintenance configuration and a pool, a virtual network with a subnet, a private endpoint to the
 * cluster and its connection there, a private DNS zone linked to the network, a user-assigned
 * identity). Every body of a resource type comes from the registry; the testing controls' and
 * actions' bodies are here.
 */

type Sample = NonNullable<ResourceTypeDeclaration["sample"]>;

/** The type's sample (src/kit/declaration.ts) when the route serves a declared type that has one. */
function sampleOf(route: Route): Sample | undefined {
  return (route as Partial<RegisteredRoute>).declaration?.sample;
}

/** The declared type a route serves, as `namespace/type` in lower case. */
function typeOf(route: Route): string {
  const d = (route as Partial<RegisteredRoute>).declaration;
  return d ? `${d.namespace}/${d.type}`.toLowerCase() : "";
}

/** The route's own name parameter (its last segment's), when the route names one resource. */
function nameParam(route: Route): string | undefined {
  const last = route.path.split("/").pop()!;
  return last.startsWith(":") ? last.slice(1) : undefined;
}

/** The PUT route of each declared type with a sample, once per type, in declaration order. */
function samplePuts(routes: readonly Route[]): Route[] {
  const seen = new Set<string>();
  return routes.filter((r) => r.method === "PUT" && sampleOf(r) && nameParam(r) && !seen.has(typeOf(r)) && seen.add(typeOf(r)));
}

/** The ids of the fixture's resources that samples refer to: the samples' own, by their PUT routes. */
function sampleRefs(sub: string, routes: readonly Route[], fixture: ParamValues): SampleRefs {
  const idOf = (type: string): string => {
    const route = samplePuts(routes).find((r) => typeOf(r) === type);
    return route ? pathFor(route, fixture) : "";
  };
  return {
    subscriptionId: sub,
    clusterId: idOf("microsoft.containerservice/managedclusters"),
    virtualNetworkId: idOf("microsoft.network/virtualnetworks"),
    subnetId: idOf("microsoft.network/virtualnetworks/subnets"),
    privateDnsZoneId: idOf("microsoft.network/privatednszones"),
  };
}

/** Path parameter values naming the fixture's resources (a declared type's sample by its sample name). */
function fixtureValues(sub: string, routes: readonly Route[] = []): ParamValues {
  const samples: ParamValues = {};
  for (const route of routes) {
    const sample = sampleOf(route);
    const param = nameParam(route);
    // A parameter several types name their resource by (`resourceName`) keeps the first type's sample name.
    if (sample && param) samples[param] ??= sample.name;
  }
  return {
    ...samples,
    subscriptionId: sub,
    location: "eastus",
    operationId: "5b1a3c52-7a0e-4d35-9a3c-1f2e3d4c5b6a",
    namespace: "Microsoft.ContainerService",
    id: "5b1a3c52-7a0e-4d35-9a3c-1f2e3d4c5b6a",
  };
}

/** A valid body for `route` (undefined: it takes none, or its body is optional and empty is valid). */
function seedBody(route: Route, refs: SampleRefs, stateSeed?: unknown): unknown {
  const last = route.path.split("/").pop()!.toLowerCase();
  if (route.body === "none") return undefined;
  const sample = sampleOf(route);
  if (sample && route.method === "PUT") return sample.body(refs);
  if (sample?.patch !== undefined && route.method === "PATCH") return sample.patch;
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

/** A FuzzTarget over a test emulator: its own sender, the fixture, snapshots of its store. */
export function fuzzTarget(te: TestEmulator, o: { routes?: readonly Route[]; send?: Send } = {}): FuzzTarget & { close(): void } {
  const sub = te.subscriptionId;
  const direct = directSender(te.endpoint, te.caPem);
  const send = o.send ?? direct.send;
  const token = te.token();
  const routes = o.routes ?? te.emulator.router.routes;
  const fixture = fixtureValues(sub, routes);
  const refs = () => sampleRefs(sub, routes, fixture);
  const made = samplePuts(routes).filter((r) => !sampleOf(r)!.madeByOthers);
  const keys = made.map((r) => pathFor(r, fixture).toLowerCase());
  const store = te.emulator.store;
  const normalRequest = { method: "GET", url: `/subscriptions/${sub}/resourcegroups?api-version=2022-09-01`, headers: { authorization: `Bearer ${token}` } };
  const put = (route: Route) =>
    direct.send({
      method: "PUT",
      url: withApiVersion(route, pathFor(route, fixture)),
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: Buffer.from(JSON.stringify(sampleOf(route)!.body(refs()))),
    });
  let stateSeed: unknown;
  return {
    send,
    routes,
    fixture,
    token,
    seedBody: (route) => seedBody(route, refs(), stateSeed),
    snapshot: snapshotter(store),
    normalRequest,
    async ensureFixture() {
      const present = await Promise.all(keys.map((k) => store.get(k)));
      if (present.every((r) => r !== undefined)) return;
      // One resource of each declared type with a sample, through its own PUT route. A sample that
      // needs another (its group, its parent, the resources its body names) fails until that one
      // exists: each pass makes those it can, until all are made.
      let pending = made;
      while (pending.length > 0) {
        const failed: [Route, string][] = [];
        for (const route of pending) {
          const res = await put(route);
          if (res.status >= 300) failed.push([route, `${route.path}: ${res.status} ${res.text.slice(0, 300)}`]);
          else await direct.send(normalRequest);
        }
        if (failed.length === pending.length) throw new Error(`fixture PUTs that no other sample unblocks:\n${failed.map(([, e]) => e).join("\n")}`);
        pending = failed.map(([r]) => r);
      }
      // Samples another's PUT made (e.g. the private endpoint's connection on the cluster), named by the emulator: found in their lists.
      for (const route of samplePuts(routes).filter((r) => sampleOf(r)!.madeByOthers)) {
        const listPath = route.path.slice(0, route.path.lastIndexOf("/"));
        const list = routes.find((r) => r.method === "GET" && r.path === listPath);
        if (!list) throw new Error(`no list route for ${route.path}`);
        const res = await direct.send({ method: "GET", url: withApiVersion(list, pathFor(list, fixture)), headers: { authorization: `Bearer ${token}` } });
        const name = (res.json?.value as { name?: string }[] | undefined)?.find((c) => c.name?.startsWith(sampleOf(route)!.name))?.name;
        // Once made, it may be gone later (a fuzzed DELETE) and not made again by an update of its maker: the name stays.
        if (name) fixture[nameParam(route)!] = name;
      }
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
