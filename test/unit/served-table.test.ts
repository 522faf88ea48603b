import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { registeredRoutes } from "../../src/kit/registry.js";
import { servedTable, withServedTable } from "../../src/kit/served-table.js";
import { RESOURCE_TYPES } from "../../src/providers/registrations.js";
import { startTestEmulator } from "../support/emulator.js";

/** The README's table of what is served is the registry's (src/kit/served-table.ts); `npm run generate` rewrites it. */

test("README.md's served table is the one the registry makes (run `npm run generate` after adding a type)", () => {
  const readme = readFileSync("README.md", "utf8");
  const expected = withServedTable(readme, servedTable(registeredRoutes(RESOURCE_TYPES)));
  assert.ok(expected !== undefined, "README.md has the served-table markers");
  assert.equal(readme, expected);
});

test("the generated table's routes are exactly the running emulator's ARM routes", async () => {
  const te = await startTestEmulator();
  try {
    const live = te.emulator.router.routes.filter((r) => r.apiVersions.kind !== "emulator").map((r) => `${r.method} ${r.path}`);
    const declared = registeredRoutes(RESOURCE_TYPES).map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(live, declared);
  } finally {
    await te.close();
  }
});
