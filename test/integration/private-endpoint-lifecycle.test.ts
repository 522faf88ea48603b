import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { clusterPath, startTestEmulator, type TestEmulator } from "../support/emulator.js";

/**
 * Private endpoints and a cluster's private endpoint connections through raw requests with a clock
 * the test moves: what the SDK suites (private-endpoints.test.ts) do not reach. An endpoint's ETag
 * is its body's `W/"…"` (kept while its delete runs, new when its PUT completes), conditional
 * headers are checked, a write while it is being deleted is refused, a missing group or endpoint
 * answers per verb; a connection's writes ignore conditional headers, are refused while its cluster
 * or itself is being deleted (and only then), and a PUT cannot create one.
 */

const LONG = 60_000;
const NET = "api-version=2025-05-01";
const AKS = "api-version=2026-04-01";

describe("private endpoints and connections: ETags, deletes in flight, missing parents", () => {
  let te: TestEmulator;
  let clusterId: string;
  const group = (name: string) => `/subscriptions/${te.subscriptionId}/resourceGroups/${name}`;
  const pe = (name: string, rg = "pe-rg") => `${group(rg)}/providers/Microsoft.Network/privateEndpoints/${name}`;
  const subnetId = () => `${group("pe-rg")}/providers/Microsoft.Network/virtualNetworks/v/subnets/s`;
  const peBody = (target: string, o: { manual?: boolean; subnet?: string; tags?: Record<string, string> } = {}) => ({
    location: "eastus",
    ...(o.tags ? { tags: o.tags } : {}),
    properties: {
      subnet: { id: o.subnet ?? subnetId() },
      [o.manual ? "manualPrivateLinkServiceConnections" : "privateLinkServiceConnections"]: [
        { name: "c", properties: { privateLinkServiceId: target, groupIds: ["management"], ...(o.manual ? { requestMessage: "please" } : {}) } },
      ],
    },
  });
  const connections = (cluster = "pc1") => `${clusterPath(te.subscriptionId, "pe-rg", cluster)}/privateEndpointConnections`;
  const connectionOf = async (peName: string, cluster = "pc1"): Promise<string> => {
    const list = await te.request("GET", `${connections(cluster)}?${AKS}`);
    return list.json.value.find((c: { name: string }) => c.name.startsWith(`${peName}.`)).name;
  };
  const createCluster = async (name: string) => {
    const put = await te.request("PUT", `${clusterPath(te.subscriptionId, "pe-rg", name)}?${AKS}`, {
      body: {
        location: "eastus",
        identity: { type: "SystemAssigned" },
        properties: {
          dnsPrefix: name,
          agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }],
          apiServerAccessProfile: { enablePrivateCluster: true },
        },
      },
    });
    assert.equal(put.status, 201, put.text);
    te.emulator.clock.advance(LONG);
    return String(put.json.id);
  };

  before(async () => {
    te = await startTestEmulator({ lroDurationMs: LONG });
    await te.request("PUT", `${group("pe-rg")}?api-version=2022-09-01`, { body: { location: "eastus" } });
    await te.request("PUT", `${group("pe-rg")}/providers/Microsoft.Network/virtualNetworks/v?${NET}`, {
      body: {
        location: "eastus",
        properties: { addressSpace: { addressPrefixes: ["10.4.0.0/16"] }, subnets: [{ name: "s", properties: { addressPrefix: "10.4.0.0/24" } }] },
      },
    });
    clusterId = await createCluster("pc1");
  });
  after(async () => te.close());

  it("an endpoint's ETag is its body's, checked by If-Match and If-None-Match, new when its PUT completes", async () => {
    const put = await te.request("PUT", `${pe("e1")}?${NET}`, { body: peBody(clusterId), headers: { "if-none-match": "*" } });
    assert.equal(put.status, 201, put.text);
    assert.equal(put.json.properties.provisioningState, "Updating");
    assert.match(String(put.json.etag), /^W\/"[0-9a-f-]{36}"$/);
    assert.equal(put.headers["azure-asyncnotification"], "Enabled");
    const during = await te.request("GET", `${pe("e1")}?${NET}`);
    assert.equal(during.headers["etag"], during.json.etag);
    te.emulator.clock.advance(LONG);
    const done = await te.request("GET", `${pe("e1")}?${NET}`);
    assert.equal(done.json.properties.provisioningState, "Succeeded");
    assert.equal(done.headers["etag"], done.json.etag);
    assert.notEqual(done.json.etag, put.json.etag, "a finished PUT gives a new ETag");

    assert.equal((await te.request("PUT", `${pe("e1")}?${NET}`, { body: peBody(clusterId), headers: { "if-none-match": "*" } })).status, 412);
    assert.equal((await te.request("PUT", `${pe("e1")}?${NET}`, { body: peBody(clusterId), headers: { "if-match": String(put.json.etag) } })).status, 412);
    const update = await te.request("PUT", `${pe("e1")}?${NET}`, {
      body: peBody(clusterId, { tags: { a: "b" } }),
      headers: { "if-match": String(done.json.etag) },
    });
    assert.equal(update.status, 200, update.text);
    assert.deepEqual(update.json.tags, { a: "b" });
    assert.equal(update.json.properties.provisioningState, "Updating");
    // Its connection is kept as it was, and the endpoint sits in its subnet.
    assert.equal(update.json.properties.privateLinkServiceConnections[0].properties.privateLinkServiceConnectionState.status, "Approved");
    const subnet = await te.request("GET", `${subnetId()}?${NET}`);
    assert.deepEqual(subnet.json.properties.privateEndpoints, [{ id: done.json.id }]);
    const moved = await te.request("PUT", `${pe("e1")}?${NET}`, { body: peBody(clusterId, { subnet: subnetId().replace(/\/s$/, "/other") }) });
    assert.equal(moved.status, 400);
    assert.equal(moved.json.error.code, "BadRequest");
    te.emulator.clock.advance(LONG);
  });

  it("while an endpoint's delete runs: its ETag stays, a second DELETE answers the same operation, a PUT is refused", async () => {
    const before = await te.request("GET", `${pe("e1")}?${NET}`);
    const connection = await connectionOf("e1");
    const del = await te.request("DELETE", `${pe("e1")}?${NET}`, { headers: { "if-match": String(before.headers["etag"]) } });
    assert.equal(del.status, 202, del.text);
    assert.match(String(del.headers["location"]), /\/providers\/Microsoft\.Network\/locations\/eastus\/operationResults\//);
    const during = await te.request("GET", `${pe("e1")}?${NET}`);
    assert.equal(during.json.properties.provisioningState, "Deleting");
    assert.equal(during.headers["etag"], before.headers["etag"]);
    assert.equal((await te.request("GET", `${connections()}/${connection}?${AKS}`)).status, 200, "the connection stays until the delete ends");
    const again = await te.request("DELETE", `${pe("e1")}?${NET}`);
    assert.equal(again.status, 202);
    assert.equal(again.headers["azure-asyncoperation"], del.headers["azure-asyncoperation"]);
    const put = await te.request("PUT", `${pe("e1")}?${NET}`, { body: peBody(clusterId) });
    assert.equal(put.status, 409);
    assert.equal(put.json.error.code, "AnotherOperationInProgress");
    te.emulator.clock.advance(LONG);
    assert.equal((await te.request("GET", `${pe("e1")}?${NET}`)).status, 404);
    assert.equal((await te.request("GET", `${connections()}/${connection}?${AKS}`)).status, 404);
    assert.equal((await te.request("DELETE", `${pe("e1")}?${NET}`)).status, 204);
    assert.equal((await te.request("DELETE", `${pe("e1")}?${NET}`, { headers: { "if-match": "*" } })).status, 412);
    assert.equal((await te.request("GET", `${subnetId()}?${NET}`)).json.properties.privateEndpoints, undefined);
  });

  it("a missing group or endpoint: 404 per verb, with the group as the request spells it; lists in the group and the subscription", async () => {
    const missing = await te.request("GET", `${pe("ghost", "PE-RG")}?${NET}`);
    assert.equal(missing.status, 404);
    assert.equal(missing.json.error.code, "ResourceNotFound");
    assert.match(missing.json.error.message, /'Microsoft\.Network\/privateEndpoints\/ghost' under resource group 'PE-RG'/);
    for (const method of ["GET", "DELETE", "PUT"] as const) {
      const res = await te.request(method, `${pe("ghost", "no-rg")}?${NET}`, method === "PUT" ? { body: peBody(clusterId) } : {});
      assert.equal(res.status, 404, `${method}: ${res.text}`);
      assert.equal(res.json.error.code, "ResourceGroupNotFound", method);
    }
    assert.equal((await te.request("GET", `${group("no-rg")}/providers/Microsoft.Network/privateEndpoints?${NET}`)).json.error.code, "ResourceGroupNotFound");

    assert.equal((await te.request("PUT", `${pe("e2")}?${NET}`, { body: peBody(clusterId, { manual: true }) })).status, 201);
    te.emulator.clock.advance(LONG);
    const inGroup = await te.request("GET", `${group("pe-rg")}/providers/Microsoft.Network/privateEndpoints?${NET}`);
    assert.equal(inGroup.status, 200);
    assert.deepEqual(
      inGroup.json.value.map((e: { name: string }) => e.name),
      ["e2"],
    );
    assert.equal(inGroup.json.nextLink, undefined);
    const inSubscription = await te.request("GET", `/subscriptions/${te.subscriptionId}/providers/Microsoft.Network/privateEndpoints?${NET}`);
    // AKS's own kube-apiserver endpoint in the node resource group, and e2.
    assert.deepEqual(inSubscription.json.value.map((e: { name: string }) => e.name).sort(), ["e2", "kube-apiserver"]);
    assert.equal(inSubscription.json.value.find((e: { name: string }) => e.name === "e2").properties.provisioningState, "Succeeded");
  });

  it("a connection: conditional headers not checked, a PUT cannot create one, writes refused only while it or its cluster is being deleted", async () => {
    const name = await connectionOf("e2");
    const path = `${connections()}/${name}?${AKS}`;
    const approve = { properties: { privateLinkServiceConnectionState: { status: "Approved", description: "ok" } } };
    const put = await te.request("PUT", path, { body: approve, headers: { "if-match": '"nothing-like-it"' } });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.headers["etag"], undefined);
    assert.deepEqual(put.json.properties.privateLinkServiceConnectionState, { status: "Approved", description: "ok" });
    assert.equal((await te.request("GET", path)).headers["etag"], undefined);
    const none = await te.request("PUT", path, { body: { properties: {} } });
    assert.equal(none.status, 400);
    assert.equal(none.json.error.code, "InvalidParameter");
    const created = await te.request("PUT", `${connections()}/e9.1?${AKS}`, { body: approve, headers: { "if-none-match": "*" } });
    assert.equal(created.status, 404);
    assert.equal(created.json.error.code, "ResourceNotFound");
    const underMissing = await te.request("PUT", `${connections("ghost")}/${name}?${AKS}`, { body: approve });
    assert.equal(underMissing.status, 404);
    assert.match(underMissing.json.error.message, /managedClusters\/ghost'/);
    assert.equal((await te.request("DELETE", `${connections("ghost")}/${name}?${AKS}`)).status, 404);
    assert.equal((await te.request("DELETE", `${connections()}/e9.1?${AKS}`, { headers: { "if-match": '"x"' } })).status, 204);

    // While the cluster is updating, a connection can change.
    const cluster = await te.request("GET", `${clusterPath(te.subscriptionId, "pe-rg", "pc1")}?${AKS}`);
    const update = await te.request("PUT", `${clusterPath(te.subscriptionId, "pe-rg", "pc1")}?${AKS}`, { body: { ...cluster.json, tags: { t: "1" } } });
    assert.equal(update.status, 200, update.text);
    assert.equal(update.json.properties.provisioningState, "Updating");
    const duringUpdate = await te.request("PUT", path, { body: { properties: { privateLinkServiceConnectionState: { status: "Rejected" } } } });
    assert.equal(duringUpdate.status, 200, duringUpdate.text);
    assert.deepEqual(duringUpdate.json.properties.privateLinkServiceConnectionState, { status: "Rejected", description: "ok" });
    te.emulator.clock.advance(LONG);

    // While the connection is being deleted: its PUT is refused, its GET shows Deleting.
    const del = await te.request("DELETE", path, { headers: { "if-match": '"x"' } });
    assert.equal(del.status, 200, del.text);
    assert.equal((await te.request("GET", path)).json.properties.provisioningState, "Deleting");
    const whileDeleting = await te.request("PUT", path, { body: approve });
    assert.equal(whileDeleting.status, 409);
    assert.equal(whileDeleting.json.error.code, "OperationNotAllowed");
    te.emulator.clock.advance(LONG);
    assert.equal((await te.request("GET", path)).status, 404);

    // While the cluster is being deleted, a connection's PUT is refused.
    const id2 = await createCluster("pc2");
    assert.equal((await te.request("PUT", `${pe("e3")}?${NET}`, { body: peBody(id2, { manual: true }) })).status, 201);
    te.emulator.clock.advance(LONG);
    const other = await connectionOf("e3", "pc2");
    assert.equal((await te.request("DELETE", `${clusterPath(te.subscriptionId, "pe-rg", "pc2")}?${AKS}`)).status, 202);
    const refused = await te.request("PUT", `${connections("pc2")}/${other}?${AKS}`, { body: approve });
    assert.equal(refused.status, 409, refused.text);
    assert.equal(refused.json.error.code, "OperationNotAllowed");
    assert.match(refused.json.error.message, /\(Deleting\)/);
    te.emulator.clock.advance(LONG);
    assert.equal(
      (await te.request("GET", `${pe("e3")}?${NET}`)).json.properties.manualPrivateLinkServiceConnections[0].properties.privateLinkServiceConnectionState
        .status,
      "Disconnected",
    );
  });
});

describe("a cluster's connections are listed in one answer, whatever the page size", () => {
  let te: TestEmulator;
  before(async () => {
    te = await startTestEmulator({ lroDurationMs: 0, pageSize: 1 });
  });
  after(async () => te.close());

  it("lists every connection without a nextLink (the clients do not page that list), while endpoints page", async () => {
    const rg = `/subscriptions/${te.subscriptionId}/resourceGroups/one-page`;
    await te.request("PUT", `${rg}?api-version=2022-09-01`, { body: { location: "eastus" } });
    const cluster = await te.request("PUT", `${clusterPath(te.subscriptionId, "one-page", "c1")}?${AKS}`, {
      body: {
        location: "eastus",
        properties: {
          dnsPrefix: "c1",
          agentPoolProfiles: [{ name: "nodepool1", count: 1, mode: "System" }],
          apiServerAccessProfile: { enablePrivateCluster: true },
        },
      },
    });
    assert.equal(cluster.status, 201, cluster.text);
    await te.request("PUT", `${rg}/providers/Microsoft.Network/virtualNetworks/v?${NET}`, {
      body: {
        location: "eastus",
        properties: { addressSpace: { addressPrefixes: ["10.6.0.0/16"] }, subnets: [{ name: "s", properties: { addressPrefix: "10.6.0.0/24" } }] },
      },
    });
    for (const name of ["p1", "p2"]) {
      const put = await te.request("PUT", `${rg}/providers/Microsoft.Network/privateEndpoints/${name}?${NET}`, {
        body: {
          location: "eastus",
          properties: {
            subnet: { id: `${rg}/providers/Microsoft.Network/virtualNetworks/v/subnets/s` },
            privateLinkServiceConnections: [{ name: "c", properties: { privateLinkServiceId: cluster.json.id, groupIds: ["management"] } }],
          },
        },
      });
      assert.equal(put.status, 201, put.text);
    }
    const list = await te.request("GET", `${clusterPath(te.subscriptionId, "one-page", "c1")}/privateEndpointConnections?${AKS}`);
    assert.equal(list.status, 200);
    assert.deepEqual(list.json.value.map((c: { name: string }) => c.name.split(".")[0]).sort(), ["kube-apiserver", "p1", "p2"]);
    assert.equal(list.json.nextLink, undefined);
    const endpoints = await te.request("GET", `${rg}/providers/Microsoft.Network/privateEndpoints?${NET}`);
    assert.equal(endpoints.json.value.length, 1);
    assert.match(String(endpoints.json.nextLink), /skipToken=/);
  });
});
