import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startTestEmulator, type TestEmulator } from "../support/emulator.js";
import { assertMatchesExample, clusterUrl, createResourceGroup, realParams, substitute, type Example, type Ignore, type Json } from "./harness.js";

/**
 * Replays the official PrivateEndpointConnections examples (List, Get, Update, Delete; 2022-11-01 and
 * 2026-x) through the replay harness. The example's connection `privateendpointconnection1` of
 * `clustername1` belongs to private endpoint `pe2` in group `rg2` of subscription `subid2`; we make that
 * endpoint (manual, no request message) against a private `clustername1`, so the cluster has the
 * connection, then send the example's request with its own api-version and compare answers.
 *
 * Every pointer left out of the comparison, and why, is in IGNORES below. AKS's own kube-apiserver
 * connection (docs/fidelity.md "AKS's own kube-apiserver connection") is not in the example's list:
 * it is taken out of our list before comparing.
 */

const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/azure-spec-pec/", import.meta.url));

/** Loads an example as harness.ts's loadExample does, from this replay's own fixture folder. */
function loadExample(file: string): Example {
  const json = JSON.parse(readFileSync(FIXTURES + file, "utf8")) as Json;
  const parameters = json.parameters as Record<string, Json>;
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(parameters)) if (typeof v === "string" && k !== "api-version") params[k] = v;
  return { file, apiVersion: String(parameters["api-version"]), params, requestBody: parameters["parameters"], responses: json.responses };
}

const SUBID2 = "5b0c6e1e-7f34-4c1a-9d2b-0a9e3c4d5f62";
const ENDPOINT_NAME = "pe2";

/** `subid2` is not in the harness's placeholder map: it is the endpoint's subscription. */
function withSubid2(ex: Example): Example {
  return JSON.parse(JSON.stringify(ex).replace(/(?<![A-Za-z0-9])subid2(?![A-Za-z0-9])/g, SUBID2)) as Example;
}

const CONNECTION: Ignore[] = [
  { pointer: "/name", reason: "generated value: AKS names a connection <endpoint name>.<guid> (docs/fidelity.md \"Private endpoint connection type and id\")", match: `^${ENDPOINT_NAME}\\.[0-9a-f-]{36}$` },
  {
    pointer: "/id",
    reason: "example contradicts another example: the 2026-03-01 Update example's plural managedClusters id; the List/Get examples' singular `managedCluster` is not a valid ARM id",
    match: "^/subscriptions/[0-9a-f-]{36}/resourcegroups/rg1/providers/Microsoft\\.ContainerService/managedClusters/clustername1/privateEndpointConnections/pe2\\.[0-9a-f-]{36}$",
  },
  {
    pointer: "/type",
    reason: "example contradicts another example: the 2026-03-01 Update example and the SDK model use the ContainerService type (docs/fidelity.md \"Private endpoint connection type and id\")",
    expect: "Microsoft.ContainerService/managedClusters/privateEndpointConnections",
  },
  {
    pointer: "/properties/privateLinkServiceConnectionState/description",
    reason: "real traffic wins: aks-behavior.md §10 item 7 (the provider side keeps the connection's description; a manual endpoint without a request message has an empty one)",
  },
];

/** The same pointers under `/value/*` for list answers. */
const inList = (list: Ignore[]): Ignore[] => list.map((i) => ({ ...i, pointer: `/value/*${i.pointer}` }));

interface Case {
  file: string;
  kind: "list" | "get" | "update" | "delete";
  status: string;
}

const CASES: Case[] = [
  { file: "2026-04-01/examples/PrivateEndpointConnectionsList.json", kind: "list", status: "200" },
  { file: "2022-11-01/examples/PrivateEndpointConnectionsList.json", kind: "list", status: "200" },
  { file: "2026-03-01/examples/PrivateEndpointConnectionsGet.json", kind: "get", status: "200" },
  { file: "2026-03-01/examples/PrivateEndpointConnectionsUpdate.json", kind: "update", status: "200" },
  { file: "2022-11-01/examples/PrivateEndpointConnectionsUpdate.json", kind: "update", status: "200" },
  { file: "2026-04-01/examples/PrivateEndpointConnectionsDelete.json", kind: "delete", status: "200" },
  { file: "2026-04-01/examples/PrivateEndpointConnectionsDelete.json", kind: "delete", status: "204" },
  { file: "2022-11-01/examples/PrivateEndpointConnectionsDelete.json", kind: "delete", status: "200" },
  { file: "2022-11-01/examples/PrivateEndpointConnectionsDelete.json", kind: "delete", status: "204" },
];

describe("PrivateEndpointConnections fixtures", () => {
  test("every fixture is listed in its README with its size, and every one is replayed", () => {
    const readme = readFileSync(FIXTURES + "README.md", "utf8");
    const rows = [...readme.matchAll(/^\| `([^`]+\.json)` \| (\d+) \| ([0-9a-f]{40}) \|$/gm)].map((m) => ({ file: m[1]!, bytes: Number(m[2]) }));
    assert.deepEqual(rows.map((r) => r.file).sort(), [...new Set(CASES.map((c) => c.file))].sort());
    for (const r of rows) assert.equal(readFileSync(FIXTURES + r.file).length, r.bytes, r.file);
  });
});

describe("PrivateEndpointConnections examples replayed", () => {
  let te: TestEmulator;
  before(async () => {
    // Operations finish at once: the prerequisites need no polling; the delete's 200 has no operation to wait for.
    te = await startTestEmulator({ lroDurationMs: 0 });
  });
  after(async () => te.close());

  /** A private clustername1 in rg1 and the endpoint pe2 (manual, no message) in rg2 of subid2; returns the connection's name. */
  async function prerequisites(ex: Example): Promise<{ base: string; connection: string }> {
    const p = realParams(ex);
    const sub = p["subscriptionId"]!;
    const rg = p["resourceGroupName"]!;
    await createResourceGroup(te, sub, rg);
    const url = clusterUrl({ subscriptionId: sub, resourceGroupName: rg, resourceName: p["resourceName"]! }, "2026-04-01");
    const cluster = await te.request("PUT", url, {
      body: { location: "eastus", properties: { dnsPrefix: "clustername1", agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }], apiServerAccessProfile: { enablePrivateCluster: true } }, identity: { type: "SystemAssigned" } },
    });
    assert.ok(cluster.status === 201 || cluster.status === 200, cluster.text);
    await createResourceGroup(te, SUBID2, "rg2");
    const vnet = `/subscriptions/${SUBID2}/resourceGroups/rg2/providers/Microsoft.Network/virtualNetworks/vnet2`;
    const v = await te.request("PUT", `${vnet}?api-version=2025-05-01`, { body: { location: "eastus", properties: { addressSpace: { addressPrefixes: ["10.0.0.0/16"] }, subnets: [{ name: "default", properties: { addressPrefix: "10.0.0.0/24" } }] } } });
    assert.ok(v.status === 201 || v.status === 200, v.text);
    const pe = await te.request("PUT", `/subscriptions/${SUBID2}/resourceGroups/rg2/providers/Microsoft.Network/privateEndpoints/${ENDPOINT_NAME}?api-version=2025-05-01`, {
      body: { location: "eastus", properties: { subnet: { id: `${vnet}/subnets/default` }, manualPrivateLinkServiceConnections: [{ name: "c", properties: { privateLinkServiceId: cluster.json.id, groupIds: ["management"] } }] } },
    });
    assert.ok(pe.status === 201 || pe.status === 200, pe.text);
    const base = url.split("?")[0]! + "/privateEndpointConnections";
    const list = await te.request("GET", `${base}?api-version=${ex.apiVersion}`);
    const mine = list.json.value.find((c: Json) => String(c.name).startsWith(`${ENDPOINT_NAME}.`));
    assert.ok(mine, list.text);
    return { base, connection: mine.name };
  }

  /** Clean slate per case: the example's groups go (with the cluster and the endpoint). */
  async function cleanup(ex: Example): Promise<void> {
    const p = realParams(ex);
    for (const [sub, rg] of [[p["subscriptionId"]!, p["resourceGroupName"]!], [SUBID2, "rg2"]] as const) {
      const r = await te.request("DELETE", `/subscriptions/${sub}/resourcegroups/${rg}?api-version=2025-04-01`);
      assert.ok([202, 204, 404].includes(r.status), r.text);
    }
  }

  for (const c of CASES) {
    test(`${c.file} (${c.status})`, async () => {
      const ex = withSubid2(loadExample(c.file));
      const expected = substitute(ex.responses[c.status]?.body ?? null, te.endpoint);
      const { base, connection } = await prerequisites(ex);
      try {
        const v = `api-version=${ex.apiVersion}`;
        switch (c.kind) {
          case "list": {
            // The example's connection is Approved: approve ours first (a manual endpoint starts Pending).
            await te.request("PUT", `${base}/${connection}?${v}`, { body: { properties: { privateLinkServiceConnectionState: { status: "Approved" } } } });
            const res = await te.request("GET", `${base}?${v}`);
            assert.equal(res.status, 200);
            const ours = { ...res.json, value: res.json.value.filter((x: Json) => !String(x.name).startsWith("kube-apiserver.")) };
            assertMatchesExample(c.file, ours, expected, inList(CONNECTION), te.endpoint);
            break;
          }
          case "get": {
            // The example's connection is Approved: approve ours first (a manual endpoint starts Pending).
            await te.request("PUT", `${base}/${connection}?${v}`, { body: { properties: { privateLinkServiceConnectionState: { status: "Approved" } } } });
            const res = await te.request("GET", `${base}/${connection}?${v}`);
            assert.equal(res.status, 200);
            assertMatchesExample(c.file, res.json, expected, CONNECTION, te.endpoint);
            break;
          }
          case "update": {
            const res = await te.request("PUT", `${base}/${connection}?${v}`, { body: substitute(ex.requestBody, te.endpoint) });
            assert.equal(res.status, Number(c.status), res.text);
            assertMatchesExample(c.file, res.json, expected, CONNECTION, te.endpoint);
            break;
          }
          case "delete": {
            const name = c.status === "204" ? "privateendpointconnection1" : connection;
            const res = await te.request("DELETE", `${base}/${name}?${v}`);
            assert.equal(res.status, Number(c.status), res.text);
            assert.equal(res.text, "");
            if (c.status === "200") assert.equal((await te.request("GET", `${base}/${name}?${v}`)).status, 404);
            break;
          }
        }
      } finally {
        await cleanup(ex);
      }
    });
  }
});
