import { test } from "node:test";
import assert from "node:assert/strict";
import { registeredRoutes } from "../../src/kit/registry.js";
import { RESOURCE_TYPES } from "../../src/providers/registrations.js";

/**
 * The fuzz fixture and the authorization table take their bodies from the registry only
 * (test/support/fuzz-fixture.ts): every declared type that a PUT route serves has a sample, and
 * one with a PATCH route a PATCH body.
 */
test("every declared type with a PUT route has a sample, and with a PATCH route a PATCH body", () => {
  const missing: string[] = [];
  for (const route of registeredRoutes(RESOURCE_TYPES)) {
    const { namespace, type, sample } = route.declaration;
    if (route.method === "PUT" && !sample) missing.push(`${namespace}/${type}: no sample (PUT ${route.path})`);
    if (route.method === "PATCH" && sample?.patch === undefined) missing.push(`${namespace}/${type}: no sample.patch (PATCH ${route.path})`);
  }
  assert.deepEqual(missing, []);
});
