// Seeds the scale benchmark over HTTPS, through the emulator's own ARM routes (so the stored
// state is exactly what real clients make): N clusters in 10 resource groups, every 10th one
// private, and 9 private endpoints to each private cluster (with AKS's own kube-apiserver
// connection, 10 connections each). This is set-up, not measurement: requests go out with a
// bounded number in flight.
import { API, SUB, clusterBody, clusterPath, rgPath } from "./lib.mjs";

const RG_API = "api-version=2021-04-01";
const NET_API = "api-version=2025-05-01";
const IN_FLIGHT = 32;
const SUBNETS = 100;

/** Runs `task(i)` for i in [0, n) with at most `limit` at once. */
async function pool(n, limit, task) {
  let next = 0;
  const worker = async () => {
    while (next < n) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, worker));
}

function check(r, what) {
  if (r.status < 200 || r.status > 299) throw new Error(`${what}: ${r.status} ${r.body.toString().slice(0, 300)}`);
}

/**
 * @param {{call: (m: string, p: string, b?: unknown) => Promise<any>}} client an emulator started with --lro-duration 0
 */
export async function seedScale(client, clusters) {
  const groups = 10;
  const perGroup = Math.ceil(clusters / groups);
  const privateEvery = 10;
  const endpointsPerPrivate = 9;
  const layout = { sub: SUB, groups, perGroup, privateEvery, rgPrefix: "scale-rg-", clusterPrefix: "c" };
  const t0 = performance.now();
  let requests = 0;
  const call = async (m, p, b, what) => {
    requests++;
    const r = await client.call(m, p, b);
    check(r, what);
    return r;
  };

  for (let g = 0; g < groups; g++) await call("PUT", `${rgPath(`${layout.rgPrefix}${g}`)}?${RG_API}`, { location: "eastus" }, "resource group");
  await call("PUT", `${rgPath("scale-net")}?${RG_API}`, { location: "eastus" }, "resource group");
  const vnet = `${rgPath("scale-net")}/providers/Microsoft.Network/virtualNetworks/scale-vnet`;
  await call(
    "PUT",
    `${vnet}?${NET_API}`,
    {
      location: "eastus",
      properties: {
        addressSpace: { addressPrefixes: ["10.0.0.0/8"] },
        subnets: Array.from({ length: SUBNETS }, (_, i) => ({ name: `s${i}`, properties: { addressPrefix: `10.${i}.0.0/16` } })),
      },
    },
    "virtual network",
  );

  const total = groups * perGroup;
  const privateIds = [];
  await pool(total, IN_FLIGHT, async (i) => {
    const g = i % groups;
    const c = Math.floor(i / groups);
    const isPrivate = c % privateEvery === 0;
    const r = await call(
      "PUT",
      `${clusterPath(`${layout.rgPrefix}${g}`, `${layout.clusterPrefix}${c}`)}?${API}`,
      clusterBody(`${layout.clusterPrefix}${c}`, isPrivate),
      "cluster",
    );
    if (isPrivate) privateIds.push(r.json.id);
  });
  const clustersMs = performance.now() - t0;

  const jobs = [];
  privateIds.forEach((id, p) => {
    for (let e = 0; e < endpointsPerPrivate; e++) jobs.push({ id, subnet: `s${p % SUBNETS}`, name: `pe-${p}-${e}` });
  });
  await pool(jobs.length, IN_FLIGHT, async (j) => {
    const job = jobs[j];
    await call(
      "PUT",
      `${rgPath("scale-net")}/providers/Microsoft.Network/privateEndpoints/${job.name}?${NET_API}`,
      {
        location: "eastus",
        properties: {
          subnet: { id: `${vnet}/subnets/${job.subnet}` },
          privateLinkServiceConnections: [{ name: `${job.name}-conn`, properties: { privateLinkServiceId: job.id, groupIds: ["management"] } }],
        },
      },
      "private endpoint",
    );
  });
  const seedMs = performance.now() - t0;
  // One private cluster's connections, to check the layout.
  const sample = await call(
    "GET",
    `${clusterPath(`${layout.rgPrefix}0`, `${layout.clusterPrefix}0`)}/privateEndpointConnections?${API}`,
    undefined,
    "connections",
  );
  return {
    layout,
    clusters: total,
    privateClusters: privateIds.length,
    privateEndpoints: jobs.length,
    connectionsPerPrivate: sample.json.value.length,
    requests,
    seedMs,
    clustersMs,
    method: "HTTPS through the emulator's ARM routes, 32 requests in flight, --lro-duration 0",
  };
}
