import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { startTestEmulator, type TestEmulator } from "../support/emulator.js";
import { fuzzTarget } from "../support/fuzz-fixture.js";
import { armErrorProblems, caseArb, checkCase, evilSegment, FUZZ_SEED, fuzzParams, runs, type FuzzTarget } from "../support/fuzz.js";
import { routeName } from "../support/routes.js";

/**
 * Issue #8 item 1: property-based fuzzing of every route in the router's own table (see
 * test/support/fuzz.ts for the generated requests and the properties). Fixed seed and run counts in
 * `npm test`; longer: `AKS_FUZZ_RUNS=20 AKS_FUZZ_SEED=$RANDOM node --test dist/test/fuzz/`.
 */

/** Runs per route (times AKS_FUZZ_RUNS). */
const PER_ROUTE = 6;

describe(`fuzzing the router's table (seed ${FUZZ_SEED})`, () => {
  let te: TestEmulator;
  let target: FuzzTarget & { close(): void };

  before(async () => {
    // lroDurationMs 0: every operation is due at once, so the read before each case settles it.
    te = await startTestEmulator({ lroDurationMs: 0 });
    target = fuzzTarget(te);
    await target.ensureFixture();
  });
  after(async () => {
    target?.close();
    await te?.close();
  });

  test("every route: never a 5xx, ARM error bodies, properties named, no state change on rejection, serving afterwards", async () => {
    const routes = te.emulator.router.routes;
    assert.ok(routes.length > 50, `the table has ${routes.length} routes`);
    for (const [i, route] of routes.entries()) {
      if (process.env["AKS_FUZZ_DEBUG"]) console.error(`fuzzing ${routeName(route)}`);
      await fc
        .assert(
          fc.asyncProperty(caseArb(target, [route]), (c) => checkCase(target, c)),
          { ...fuzzParams(PER_ROUTE), seed: FUZZ_SEED + i, path: undefined },
        )
        .catch((e: Error) => {
          throw new Error(`route ${routeName(route)} (seed ${FUZZ_SEED + i}):\n${e.message}`);
        });
    }
  });

  test("paths no route serves, any method: 4xx ARM errors (or 2xx), never a 5xx", async () => {
    const method = fc.constantFrom("GET", "PUT", "POST", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "PROPFIND");
    const segment = fc.oneof(
      evilSegment,
      fc.constantFrom(
        "subscriptions",
        "resourceGroups",
        "providers",
        "Microsoft.ContainerService",
        "managedClusters",
        "Microsoft.Foo",
        te.subscriptionId,
        "_emulator",
      ),
    );
    const path = fc.array(segment, { minLength: 0, maxLength: 12 }).map((s) => `/${s.join("/")}`);
    const query = fc.constantFrom("", "?api-version=2026-04-01", "?api-version=2022-09-01", "?api-version=x&api-version=y", "?%zz");
    await fc.assert(
      fc.asyncProperty(method, path, query, async (m, p, q) => {
        const res = await target.send({ method: m, url: p + q, headers: { authorization: `Bearer ${target.token}` } });
        assert.ok(res.status < 500, `${m} ${p}${q}: ${res.status} ${res.text.slice(0, 300)}`);
        if (res.status >= 400) assert.deepEqual(armErrorProblems(res, m), [], `${m} ${p}${q}: ${res.status} ${res.text.slice(0, 300)}`);
        const normal = await target.send(target.normalRequest);
        assert.equal(normal.status, 200);
      }),
      { seed: FUZZ_SEED, numRuns: runs(150), includeErrorInReport: true },
    );
  });
});
