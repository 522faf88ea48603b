import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { registeredRoutes } from "../../src/kit/registry.js";
import { servedSection, withServedTable } from "../../src/kit/served-table.js";
import { OFFICIAL_NAMESPACE, OFFICIAL_OPERATIONS } from "../../src/arm/official-operations.js";
import { RESOURCE_TYPES } from "../../src/providers/registrations.js";
import { startTestEmulator } from "../support/emulator.js";

/** The README's table of what is served is the registry's (src/kit/served-table.ts); `npm run generate` rewrites it. */

test("README.md's served table is the one the registry makes (run `npm run generate` after adding a type)", () => {
  const readme = readFileSync("README.md", "utf8");
  const expected = withServedTable(readme, servedSection(registeredRoutes(RESOURCE_TYPES), { operations: OFFICIAL_OPERATIONS, namespace: OFFICIAL_NAMESPACE }));
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

test("the README names exactly the official operations that answer 501 NotImplementedInEmulator", async () => {
  const readme = readFileSync("README.md", "utf8");
  const block = readme.slice(readme.indexOf("<!-- served-table:start"), readme.indexOf("<!-- served-table:end"));
  const te = await startTestEmulator();
  try {
    const wrong: string[] = [];
    for (const op of OFFICIAL_OPERATIONS) {
      const path = op.path.replace("{subscriptionId}", te.subscriptionId).replace(/\{[^}]+\}/g, "x1");
      const body = op.method === "GET" || op.method === "DELETE" || op.method === "HEAD" ? undefined : {};
      const r = await te.request(op.method, `${path}?api-version=2026-04-01`, { body });
      const named = block.includes(`\`${op.operationId}\``);
      if ((r.status === 501) !== named) wrong.push(`${op.operationId}: ${r.status}, ${named ? "named" : "not named"} in the README`);
    }
    assert.deepEqual(wrong, []);
  } finally {
    await te.close();
  }
});
