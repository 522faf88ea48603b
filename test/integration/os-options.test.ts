import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startTestEmulator, type TestEmulator } from "../support/emulator.js";

/**
 * `locations/{l}/osOptions/default` (ManagedClusters_GetOSOptions, 2022-11-01 and earlier) raw; Debian's
 * Python SDK reads it in test/python/os_options.py, and the official example is replayed in
 * test/replay/trusted-access.test.ts. docs/fidelity.md "OS options".
 */
describe("OS options of a location", () => {
  let te: TestEmulator;
  const path = () => `/subscriptions/${te.subscriptionId}/providers/Microsoft.ContainerService/locations`;
  before(async () => {
    te = await startTestEmulator();
  });
  after(async () => te?.close());

  it("answers each OS type with and without a FIPS image, for managedClusters or no resource-type", async () => {
    for (const query of ["", "&resource-type=managedClusters"]) {
      const r = await te.request("GET", `${path()}/eastus/osOptions/default?api-version=2022-11-01${query}`);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json, {
        id: `${path()}/eastus/osOptions/default`,
        name: "default",
        type: "Microsoft.ContainerService/locations/osOptions",
        properties: {
          osOptionPropertyList: [
            { "os-type": "Linux", "enable-fips-image": false },
            { "os-type": "Linux", "enable-fips-image": true },
            { "os-type": "Windows", "enable-fips-image": false },
            { "os-type": "Windows", "enable-fips-image": true },
          ],
        },
      });
    }
  });

  it("refuses another resource-type and a location AKS does not serve", async () => {
    const other = await te.request("GET", `${path()}/eastus/osOptions/default?api-version=2022-11-01&resource-type=containerServices`);
    assert.equal(other.status, 400, other.text);
    assert.deepEqual([other.json.error.code, other.json.error.target], ["InvalidParameter", "resource-type"]);
    const nowhere = await te.request("GET", `${path()}/atlantis/osOptions/default?api-version=2022-11-01`);
    assert.equal(nowhere.status, 400, nowhere.text);
    assert.equal(nowhere.json.error.code, "LocationNotAvailableForResourceType");
  });
});
