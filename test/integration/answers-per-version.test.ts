import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { clusterBody, clusterPath, rgPath, startTestEmulator, type TestEmulator } from "../support/emulator.js";

/**
 * Issue #16 item 4: an answer at an api-version carries only what that version's definition names
 * for its model (src/arm/response-shapes/), and a PUT stores nothing no version names.
 * `properties.nodeProvisioningProfile` is defined at 2026-04-01 and not at 2022-11-01.
 * docs/fidelity.md "Answers per api-version".
 */

type Obj = Record<string, unknown>;
const NEWER = "2026-04-01";
const OLDER = "2022-11-01";

describe("answers per api-version", () => {
  let te: TestEmulator;
  let path: string;
  before(async () => {
    te = await startTestEmulator();
    const rg = await te.request("PUT", `${rgPath(te.subscriptionId, "rg-answers")}?api-version=2022-09-01`, { body: { location: "eastus" } });
    assert.ok(rg.status < 300, rg.text);
    path = clusterPath(te.subscriptionId, "rg-answers", "c1");
  });
  after(async () => {
    await te?.close();
  });

  const props = (body: unknown): Obj => (body as Obj)["properties"] as Obj;

  test("a property only the newer version defines: kept, shown at it, absent at the older one", async () => {
    const body = clusterBody();
    props(body)["nodeProvisioningProfile"] = { mode: "Manual" };
    const created = await te.request("PUT", `${path}?api-version=${NEWER}`, { body });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(props(created.json)["nodeProvisioningProfile"], { mode: "Manual" });

    const older = await te.request("GET", `${path}?api-version=${OLDER}`);
    assert.equal(older.status, 200, older.text);
    assert.equal(props(older.json)["nodeProvisioningProfile"], undefined);
    assert.equal(props(older.json)["dnsPrefix"], "dns1");
    const olderList = await te.request(
      "GET",
      `${rgPath(te.subscriptionId, "rg-answers")}/providers/Microsoft.ContainerService/managedClusters?api-version=${OLDER}`,
    );
    assert.equal(olderList.status, 200, olderList.text);
    const listed = (olderList.json["value"] as Obj[]).find((c) => c["name"] === "c1")!;
    assert.equal(props(listed)["nodeProvisioningProfile"], undefined);
    assert.equal(props(listed)["dnsPrefix"], "dns1");

    const newer = await te.request("GET", `${path}?api-version=${NEWER}`);
    assert.deepEqual(props(newer.json)["nodeProvisioningProfile"], { mode: "Manual" });
    // A version newer than every definition we have is answered as stored.
    const latest = await te.request("GET", `${path}?api-version=2026-10-01`);
    assert.deepEqual(props(latest.json)["nodeProvisioningProfile"], { mode: "Manual" });
  });

  test("a property no version defines is not stored", async () => {
    const current = await te.request("GET", `${path}?api-version=${NEWER}`);
    const body = structuredClone(current.json) as Obj;
    body["madeUpTopLevel"] = "x";
    props(body)["madeUpProperty"] = { a: 1 };
    (props(body)["networkProfile"] as Obj)["madeUpNetworkSetting"] = true;
    const put = await te.request("PUT", `${path}?api-version=${NEWER}`, { body });
    assert.ok(put.status === 200 || put.status === 201, put.text);
    // Read at a version newer than every definition: what is stored, unpruned.
    const stored = await te.request("GET", `${path}?api-version=2026-10-01`);
    assert.equal(stored.status, 200, stored.text);
    assert.equal((stored.json as Obj)["madeUpTopLevel"], undefined);
    assert.equal(props(stored.json)["madeUpProperty"], undefined);
    assert.equal((props(stored.json)["networkProfile"] as Obj)["madeUpNetworkSetting"], undefined);
    assert.ok((props(stored.json)["networkProfile"] as Obj)["networkPlugin"] !== undefined, stored.text);
    assert.deepEqual(props(stored.json)["nodeProvisioningProfile"], { mode: "Manual" });
  });
});
