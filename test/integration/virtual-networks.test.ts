import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startTestEmulator, type TestEmulator } from "../support/emulator.js";

/**
 * Virtual networks and subnets in Network's long-running style, through raw requests with a
 * clock the test moves: what the SDK suites (private-endpoints.test.ts) do not reach. The ETag of
 * a resource stays while its delete runs and changes when its PUT completes; a write while the
 * network is being deleted is refused; a subnet's missing network answers per verb.
 */

const LONG = 60_000;
const API = "api-version=2024-03-01";

describe("virtual networks and subnets: deletes in flight, ETags, missing networks", () => {
  let te: TestEmulator;
  const vnet = (name: string, group = "vnet-rg") =>
    `/subscriptions/${te.subscriptionId}/resourceGroups/${group}/providers/Microsoft.Network/virtualNetworks/${name}`;
  const body = (prefix: string, subnets: { name: string; prefix: string }[]) => ({
    location: "eastus",
    properties: { addressSpace: { addressPrefixes: [prefix] }, subnets: subnets.map((s) => ({ name: s.name, properties: { addressPrefix: s.prefix } })) },
  });

  before(async () => {
    te = await startTestEmulator({ lroDurationMs: LONG });
    await te.request("PUT", `/subscriptions/${te.subscriptionId}/resourcegroups/vnet-rg?api-version=2022-09-01`, { body: { location: "eastus" } });
  });
  after(async () => te.close());

  it("a subnet PUT answers Updating, its GET carries the ETag of its body, and the ETag changes when it completes", async () => {
    await te.request("PUT", `${vnet("v1")}?${API}`, { body: body("10.1.0.0/16", []) });
    te.emulator.clock.advance(LONG);
    const put = await te.request("PUT", `${vnet("v1")}/subnets/a?${API}`, { body: { properties: { addressPrefix: "10.1.0.0/24" } } });
    assert.equal(put.status, 201, put.text);
    assert.equal(put.json.properties.provisioningState, "Updating");
    assert.equal(put.headers["azure-asyncnotification"], "Enabled");
    te.emulator.clock.advance(LONG);
    const got = await te.request("GET", `${vnet("v1")}/subnets/a?${API}`);
    assert.equal(got.json.properties.provisioningState, "Succeeded");
    assert.equal(got.headers["etag"], got.json.etag);
    assert.notEqual(got.json.etag, put.json.etag);
    const inline = (await te.request("GET", `${vnet("v1")}?${API}`)).json.properties.subnets;
    assert.deepEqual(inline, [got.json]);
  });

  it("while a network's delete runs: its ETag stays, a second DELETE answers the same operation, PUTs of it and its subnets are refused", async () => {
    await te.request("PUT", `${vnet("v2")}?${API}`, { body: body("10.2.0.0/16", [{ name: "a", prefix: "10.2.0.0/24" }]) });
    te.emulator.clock.advance(LONG);
    const before = await te.request("GET", `${vnet("v2")}?${API}`);
    const del = await te.request("DELETE", `${vnet("v2")}?${API}`);
    assert.equal(del.status, 202, del.text);
    const during = await te.request("GET", `${vnet("v2")}?${API}`);
    assert.equal(during.json.properties.provisioningState, "Deleting");
    assert.equal(during.headers["etag"], before.headers["etag"]);
    const again = await te.request("DELETE", `${vnet("v2")}?${API}`, { headers: { "if-match": String(before.headers["etag"]) } });
    assert.equal(again.status, 202);
    assert.equal(again.headers["azure-asyncoperation"], del.headers["azure-asyncoperation"]);
    const put = await te.request("PUT", `${vnet("v2")}?${API}`, { body: body("10.2.0.0/16", []) });
    assert.equal(put.status, 409);
    assert.equal(put.json.error.code, "AnotherOperationInProgress");
    // A subnet's PUT is refused before its body is read.
    for (const sent of [{ properties: { addressPrefix: "10.2.1.0/24" } }, []]) {
      const sub = await te.request("PUT", `${vnet("v2")}/subnets/b?${API}`, { body: sent });
      assert.equal(sub.status, 409, sub.text);
      assert.match(sub.json.error.message, /virtualNetworks\/v2'/);
    }
    te.emulator.clock.advance(LONG);
    assert.equal((await te.request("GET", `${vnet("v2")}/subnets/a?${API}`)).status, 404);
  });

  it("a PUT that completes after a DELETE started leaves the resource Deleting; then it goes", async () => {
    const put = await te.request("PUT", `${vnet("v3")}?${API}`, { body: body("10.3.0.0/16", []) });
    assert.equal(put.status, 201);
    te.emulator.clock.advance(LONG / 2);
    assert.equal((await te.request("DELETE", `${vnet("v3")}?${API}`)).status, 202);
    te.emulator.clock.advance(LONG / 2 + 1);
    const status = await te.request(
      "GET",
      new URL(String(put.headers["azure-asyncoperation"])).pathname + new URL(String(put.headers["azure-asyncoperation"])).search,
    );
    assert.deepEqual(status.json, { status: "Succeeded" });
    assert.equal((await te.request("GET", `${vnet("v3")}?${API}`)).json.properties.provisioningState, "Deleting");
    te.emulator.clock.advance(LONG);
    assert.equal((await te.request("GET", `${vnet("v3")}?${API}`)).status, 404);
  });

  it("a subnet of a missing network: ParentResourceNotFound on PUT, the network's ResourceNotFound on GET and list, 204 on DELETE (404 without the group)", async () => {
    const put = await te.request("PUT", `${vnet("nope")}/subnets/a?${API}`, { body: { properties: { addressPrefix: "10.0.0.0/24" } } });
    assert.equal(put.status, 404);
    assert.equal(put.json.error.code, "ParentResourceNotFound");
    for (const path of [`${vnet("nope")}/subnets/a?${API}`, `${vnet("nope")}/subnets?${API}`]) {
      const got = await te.request("GET", path);
      assert.equal(got.status, 404);
      assert.equal(got.json.error.code, "ResourceNotFound");
      assert.match(got.json.error.message, /virtualNetworks\/nope' under resource group 'vnet-rg'/);
    }
    assert.equal((await te.request("DELETE", `${vnet("nope")}/subnets/a?${API}`)).status, 204);
    const noGroup = await te.request("DELETE", `${vnet("nope", "no-such-rg")}/subnets/a?${API}`);
    assert.equal(noGroup.status, 404);
    assert.equal(noGroup.json.error.code, "ResourceGroupNotFound");
  });

  it("names the resource group of a missing network as the request spells it; a malformed subscription id is refused in lists", async () => {
    const got = await te.request("GET", `${vnet("nope", "VNET-RG")}?${API}`);
    assert.equal(got.status, 404);
    assert.match(got.json.error.message, /under resource group 'VNET-RG'/);
    const list = await te.request("GET", `/subscriptions/not-a-guid/providers/Microsoft.Network/virtualNetworks?${API}`);
    assert.equal(list.status, 400);
    assert.equal(list.json.error.code, "InvalidSubscriptionId");
  });
});
