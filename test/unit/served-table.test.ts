import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { registeredRoutes } from "../../src/kit/registry.js";
import { servedSection, withServedTable } from "../../src/kit/served-table.js";
import { CONTAINER_SERVICE_API_VERSIONS } from "../../src/arm/api-versions.js";
import { OFFICIAL_DEFINITIONS, OFFICIAL_NAMESPACE, OFFICIAL_OPERATIONS } from "../../src/arm/official-operations.js";
import { coverageDoc } from "../../src/kit/coverage.js";
import { RESOURCE_TYPES } from "../../src/providers/registrations.js";
import { startTestEmulator } from "../support/emulator.js";

/**
 * The README's table of what is served is the registry's (src/kit/served-table.ts), and docs/coverage.md
 * lists every operation of the committed definitions with whether it is served (src/kit/coverage.ts);
 * `npm run generate` rewrites both.
 */

const OFFICIAL = { operations: OFFICIAL_OPERATIONS, namespace: OFFICIAL_NAMESPACE, definitions: OFFICIAL_DEFINITIONS };

test("README.md's served table is the one the registry makes (run `npm run generate` after adding a type)", () => {
  const readme = readFileSync("README.md", "utf8");
  const expected = withServedTable(readme, servedSection(registeredRoutes(RESOURCE_TYPES), OFFICIAL));
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

test("docs/coverage.md is the one the registry and the definitions make (run `npm run generate`)", () => {
  assert.equal(readFileSync("docs/coverage.md", "utf8"), coverageDoc(registeredRoutes(RESOURCE_TYPES), OFFICIAL, CONTAINER_SERVICE_API_VERSIONS.length));
});

test("docs/coverage.md tells served from unserved as the running emulator answers, at each definition's api-version", async () => {
  const doc = readFileSync("docs/coverage.md", "utf8");
  const te = await startTestEmulator();
  try {
    const wrong: string[] = [];
    for (const { apiVersion } of OFFICIAL_DEFINITIONS) {
      const section = doc.slice(doc.indexOf(`\n## ${apiVersion}\n`)).split(/\n## /)[1]!;
      for (const op of OFFICIAL_OPERATIONS.filter((o) => o.apiVersions.includes(apiVersion))) {
        const row = section.split("\n").find((l) => l.startsWith(`| \`${op.operationId}\` |`));
        if (row === undefined) {
          wrong.push(`${apiVersion} ${op.operationId}: no row`);
          continue;
        }
        const path = op.path.replace("{subscriptionId}", te.subscriptionId).replace(/\{[^}]+\}/g, "x1");
        const body = op.method === "GET" || op.method === "DELETE" || op.method === "HEAD" ? undefined : {};
        const r = await te.request(op.method, `${path}?api-version=${apiVersion}`, { body, conformance: false });
        // Served: anything but the 501 and ARM's api-version refusal (a 404 of a missing resource, a 400 of a body, ...).
        const served = r.status !== 501 && !(r.status === 400 && r.json?.error?.code === "NoRegisteredProviderFound");
        if (served !== row.endsWith("| yes |"))
          wrong.push(`${apiVersion} ${op.operationId}: ${r.status} ${r.json?.error?.code ?? ""}, the doc says ${row.split("|").at(-2)!.trim()}`);
      }
    }
    assert.deepEqual(wrong, []);
  } finally {
    await te.close();
  }
});
