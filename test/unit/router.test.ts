import { test } from "node:test";
import assert from "node:assert/strict";
import { MAX_PARAM_LENGTH, Router, type HttpMethod, type Route } from "../../src/arm/router.js";

/**
 * The route matcher's rules (src/arm/router.ts), which are find-my-way's with caseSensitive: false,
 * ignoreTrailingSlash: true and maxParamLength: 2000 (the router it replaced); the expected
 * answers below are the ones find-my-way 9.10 gave.
 */

function route(method: HttpMethod, path: string): Route {
  return {
    method,
    path,
    apiVersions: { namespace: "Microsoft.Test", resourceType: "things", kind: "provider" },
    write: method !== "GET",
    body: "none",
    handler: async () => ({ status: 200 }),
  };
}

const router = new Router();
router.addAll([
  route("GET", "/subscriptions"),
  route("GET", "/subscriptions/:subscriptionId"),
  route("GET", "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName"),
  route("PUT", "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName"),
  route("GET", "/subscriptions/:subscriptionId/providers/:namespace"),
  route("GET", "/subscriptions/:subscriptionId/providers/Microsoft.Test/things"),
  route("GET", "/subscriptions/:id/providers/Microsoft.Test/things/:thingName/parts"),
]);

function matched(method: string, path: string): [string, Record<string, string>] | undefined {
  const m = router.match(method, path);
  return m && [m.route.path, m.params];
}

test("static segments match without case; parameters keep theirs", () => {
  assert.deepEqual(matched("GET", "/SUBSCRIPTIONS/AbC/RESOURCEGROUPS/Rg1"), [
    "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName",
    { subscriptionId: "AbC", resourceGroupName: "Rg1" },
  ]);
  assert.deepEqual(matched("GET", "/subscriptions/s/providers/microsoft.test/THINGS"), [
    "/subscriptions/:subscriptionId/providers/Microsoft.Test/things",
    { subscriptionId: "s" },
  ]);
});

test("a static segment wins over a parameter, and the matcher backtracks to the parameter", () => {
  assert.deepEqual(matched("GET", "/subscriptions/s/providers/Microsoft.Other"), [
    "/subscriptions/:subscriptionId/providers/:namespace",
    { subscriptionId: "s", namespace: "Microsoft.Other" },
  ]);
  assert.deepEqual(matched("GET", "/subscriptions/s/providers/Microsoft.Test"), [
    "/subscriptions/:subscriptionId/providers/:namespace",
    { subscriptionId: "s", namespace: "Microsoft.Test" },
  ]);
  // Parameter names are each route's own.
  assert.deepEqual(matched("GET", "/subscriptions/s/providers/Microsoft.Test/things/t/parts"), [
    "/subscriptions/:id/providers/Microsoft.Test/things/:thingName/parts",
    { id: "s", thingName: "t" },
  ]);
});

test("one trailing slash is ignored; empty segments are parameter values", () => {
  assert.deepEqual(matched("GET", "/subscriptions/"), ["/subscriptions", {}]);
  assert.deepEqual(matched("GET", "/subscriptions/s/resourceGroups/rg/"), [
    "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName",
    { subscriptionId: "s", resourceGroupName: "rg" },
  ]);
  assert.deepEqual(matched("GET", "/subscriptions//"), ["/subscriptions/:subscriptionId", { subscriptionId: "" }]);
  assert.deepEqual(matched("GET", "/subscriptions//resourceGroups/rg"), [
    "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName",
    { subscriptionId: "", resourceGroupName: "rg" },
  ]);
  assert.equal(matched("GET", "/subscriptions/s/resourceGroups/rg//"), undefined);
  assert.equal(matched("GET", "//subscriptions/s"), undefined);
  assert.equal(matched("GET", "/subscriptions/s/resourceGroups/"), undefined);
});

test("percent-encoding: decoded in parameters (%2F stays inside the value) and in static segments; a bad escape matches nothing", () => {
  assert.deepEqual(matched("GET", "/subscriptions/a%2Fb"), ["/subscriptions/:subscriptionId", { subscriptionId: "a/b" }]);
  assert.deepEqual(matched("GET", "/subscriptions/%C3%A9/resourceGroups/%2541"), [
    "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName",
    { subscriptionId: "é", resourceGroupName: "%41" },
  ]);
  assert.deepEqual(matched("GET", "/subscriptions/s/providers/Microsoft%2ETest/things"), [
    "/subscriptions/:subscriptionId/providers/Microsoft.Test/things",
    { subscriptionId: "s" },
  ]);
  assert.equal(matched("GET", "/subscriptions%2Fs"), undefined);
  assert.equal(matched("GET", "/subscriptions/s/resourceGroups/%"), undefined);
  assert.equal(matched("GET", "/subscriptions/%E0%A4%A"), undefined);
});

test("a parameter longer than MAX_PARAM_LENGTH (decoded) matches nothing", () => {
  const base = "/subscriptions/s/resourceGroups/";
  assert.equal(matched("GET", base + "x".repeat(MAX_PARAM_LENGTH))?.[1]["resourceGroupName"]?.length, MAX_PARAM_LENGTH);
  assert.equal(matched("GET", base + "x".repeat(MAX_PARAM_LENGTH + 1)), undefined);
  assert.equal(matched("GET", base + "%41".repeat(MAX_PARAM_LENGTH))?.[1]["resourceGroupName"]?.length, MAX_PARAM_LENGTH);
});

test("query, fragment and absolute-form targets", () => {
  assert.deepEqual(matched("GET", "/subscriptions/s?api-version=1"), ["/subscriptions/:subscriptionId", { subscriptionId: "s" }]);
  assert.deepEqual(matched("GET", "/subscriptions/s#x"), ["/subscriptions/:subscriptionId", { subscriptionId: "s" }]);
  assert.deepEqual(matched("GET", "https://management.azure.com/subscriptions/s"), ["/subscriptions/:subscriptionId", { subscriptionId: "s" }]);
  assert.equal(matched("GET", "https://management.azure.com/subscriptions/s#x"), undefined);
  assert.equal(matched("GET", "subscriptions/s"), undefined);
  assert.equal(matched("GET", "*"), undefined);
});

test("methods: no HEAD from GET, allowedMethods tells 405 from 404", () => {
  assert.equal(matched("HEAD", "/subscriptions/s"), undefined);
  assert.deepEqual(router.allowedMethods("/subscriptions/s/resourceGroups/rg"), ["GET", "PUT"]);
  assert.deepEqual(router.allowedMethods("/nowhere"), []);
});

test("the table refuses a second route for the same method and path, and patterns it does not support", () => {
  const r = new Router();
  r.add(route("GET", "/a/:x"));
  assert.throws(() => r.add(route("GET", "/A/:y")), /already in the table/);
  assert.throws(() => r.add(route("GET", "/a/*")), /whole-segment/);
  assert.throws(() => r.add(route("GET", "/a/:x(^\\d+$)")), /whole-segment/);
  assert.throws(() => r.add(route("GET", "a")), /must start with/);
  assert.deepEqual(
    r.routes.map((x) => x.path),
    ["/a/:x"],
  );
});
