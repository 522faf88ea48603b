import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { OFFICIAL_OPERATIONS } from "../../src/arm/official-operations.js";
import type { Route } from "../../src/arm/router.js";
import { conformancePolicy } from "../support/conformance.js";
import { clusterBody, clusterPath, rgPath, startTestEmulator, TEST_SUBSCRIPTION, type RawResponse, type TestEmulator } from "../support/emulator.js";
import { credentialFor } from "../support/sdk-clients.js";

/**
 * Issue #15 item 5: a path the official AKS API has but aks-emulator does not serve yet answers
 * 501 NotImplementedInEmulator naming the operation and its type or action, not a 404 blaming a
 * type that works (docs/fidelity.md "Official operation not emulated yet"). Served routes answer as
 * before; an unknown type names its whole type path (docs/fidelity.md "Unknown route").
 * Raw HTTPS and the official TS SDK; every answer is checked against the SDK's schema.
 *
 * The gap is synthetic: aks-emulator serves every managedNamespaces operation, so the emulator here
 * serves the real route table less those routes (`withoutManagedNamespaces`), which the official
 * definitions still list. That keeps the example meaningful however much of the API is served.
 */

const SUB = TEST_SUBSCRIPTION;
const RG = "rg-unserved";
const API = "api-version=2026-04-01";
const CLUSTER = clusterPath(SUB, RG, "c1");
const PROVIDER = `/subscriptions/${SUB}/providers/Microsoft.ContainerService`;

/** The 501 of an official operation aks-emulator does not serve: its code, and a message naming the operation, the type or action, and our gap. */
function assertNotEmulated(res: RawResponse, operationId: string, typeOrAction: string): void {
  const where = `${res.status} ${res.text.slice(0, 400)}`;
  assert.equal(res.status, 501, where);
  assert.match(String(res.headers["content-type"]), /^application\/json/, where);
  assert.deepEqual(Object.keys(res.json), ["error"], where);
  assert.equal(res.json.error.code, "NotImplementedInEmulator", where);
  const message = String(res.json.error.message);
  assert.ok(message.includes(`'${operationId}'`), `message lacks the operationId '${operationId}': ${message}`);
  assert.ok(message.includes(`'Microsoft.ContainerService/${typeOrAction}'`), `message lacks 'Microsoft.ContainerService/${typeOrAction}': ${message}`);
  assert.match(message, /aks-emulator does not emulate .* yet/);
  assert.ok(typeof res.headers["x-ms-request-id"] === "string", "x-ms-request-id missing");
}

/** The real route table less every managedNamespaces route: an official type the emulator then does not serve. */
function withoutManagedNamespaces(routes: Route[]): Route[] {
  return routes.filter((r) => !/\/managedNamespaces(\/|$)/i.test(r.path));
}

describe("unserved official operations (raw HTTPS and the TS SDK)", () => {
  let te: TestEmulator;

  before(async () => {
    te = await startTestEmulator({ adjustRoutes: withoutManagedNamespaces });
    const rg = await te.request("PUT", `${rgPath(SUB, RG)}?api-version=2022-09-01`, { body: { location: "eastus" } });
    assert.ok(rg.status === 200 || rg.status === 201, rg.text);
    const put = await te.request("PUT", `${CLUSTER}?${API}`, { body: clusterBody() });
    assert.ok(put.status === 200 || put.status === 201, put.text);
  });
  after(async () => {
    await te?.close();
  });

  test("a child type: GET and PUT managedNamespaces answer 501 naming managedClusters/managedNamespaces, and PUT stores nothing", async () => {
    const NS = "managedClusters/managedNamespaces";
    assertNotEmulated(await te.request("GET", `${CLUSTER}/managedNamespaces?${API}`), "ManagedNamespaces_ListByManagedCluster", NS);
    assertNotEmulated(await te.request("GET", `${CLUSTER}/managedNamespaces/team1?${API}`), "ManagedNamespaces_Get", NS);
    const body = { location: "eastus", properties: { labels: { team: "one" } } };
    assertNotEmulated(await te.request("PUT", `${CLUSTER}/managedNamespaces/team1?${API}`, { body }), "ManagedNamespaces_CreateOrUpdate", NS);
    assertNotEmulated(await te.request("DELETE", `${CLUSTER}/managedNamespaces/team1?${API}`), "ManagedNamespaces_Delete", NS);
    // Nothing was stored: the GET is still the 501, not a namespace.
    assertNotEmulated(await te.request("GET", `${CLUSTER}/managedNamespaces/team1?${API}`), "ManagedNamespaces_Get", NS);
  });

  test("an action: POST .../managedNamespaces/{n}/listCredential answers 501 naming the action", async () => {
    assertNotEmulated(
      await te.request("POST", `${CLUSTER}/managedNamespaces/team1/listCredential?${API}`),
      "ManagedNamespaces_ListCredential",
      "managedClusters/managedNamespaces/listCredential",
    );
  });

  test("no location-scoped operation is left unserved: osOptions/default (2022-11-01), kubernetesVersions and orchestrators answer", async () => {
    assert.equal((await te.request("GET", `${PROVIDER}/locations/eastus/osOptions/default?api-version=2022-11-01`)).status, 200);
    assert.equal((await te.request("GET", `${PROVIDER}/locations/eastus/kubernetesVersions?${API}`)).status, 200);
    assert.equal((await te.request("GET", `${PROVIDER}/locations/eastus/orchestrators?api-version=2019-04-01&resource-type=managedClusters`)).status, 200);
  });

  test("matched as the router matches: case, percent-encoding, a trailing slash, an absolute-form target; HEAD as GET without a body", async () => {
    const upper = `/SUBSCRIPTIONS/${SUB}/RESOURCEGROUPS/${RG}/PROVIDERS/MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS/c1/MANAGEDNAMESPACES/`;
    assertNotEmulated(await te.request("GET", `${upper}?${API}`), "ManagedNamespaces_ListByManagedCluster", "managedClusters/managedNamespaces");
    assertNotEmulated(await te.request("GET", `${CLUSTER}/%6danagedNamespaces/team1?${API}`), "ManagedNamespaces_Get", "managedClusters/managedNamespaces");
    const head = await te.request("HEAD", `${CLUSTER}/managedNamespaces/team1?${API}`);
    assert.equal(head.status, 501);
    assert.equal(head.text, "");
  });

  test("a served route still answers as before, and a method the official API lacks is still a 405", async () => {
    const get = await te.request("GET", `${CLUSTER}?${API}`);
    assert.equal(get.status, 200, get.text);
    assert.equal(get.json.name, "c1");
    const missing = await te.request("GET", `${clusterPath(SUB, RG, "nope")}?${API}`);
    assert.equal(missing.status, 404, missing.text);
    assert.equal(missing.json.error.code, "ResourceNotFound");
    const pecs = await te.request("GET", `${CLUSTER}/privateEndpointConnections?${API}`);
    assert.equal(pecs.status, 200, pecs.text);
    const creds = await te.request("POST", `${CLUSTER}/listClusterUserCredential?${API}`);
    assert.equal(creds.status, 200, creds.text);
    // The official API has no POST on a cluster: 405 with Allow, as before (docs/fidelity.md "Method not allowed").
    const post = await te.request("POST", `${CLUSTER}?${API}`, { body: {} });
    assert.equal(post.status, 405, post.text);
    assert.equal(post.json.error.code, "MethodNotAllowed");
    assert.equal(post.headers["allow"], "GET, PUT, PATCH, DELETE");
  });

  test("an unknown type names the whole type path, nested or not; an unknown namespace is still NoRegisteredProviderFound", async () => {
    for (const [path, type] of [
      [`${CLUSTER}/fooBars/x`, "managedClusters/fooBars"],
      [`${CLUSTER}/fooBars`, "managedClusters/fooBars"],
      [`${CLUSTER}/agentPools/nodepool1/fooBars/y`, "managedClusters/agentPools/fooBars"],
      [`${PROVIDER}/locations/eastus/fooBars`, "locations/fooBars"],
      [`/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/fooBars/x`, "fooBars"],
    ] as const) {
      const res = await te.request("GET", `${path}?${API}`);
      assert.equal(res.status, 404, `${path}: ${res.text}`);
      assert.equal(res.json.error.code, "InvalidResourceType", path);
      assert.equal(
        res.json.error.message,
        `The resource type '${type}' could not be found in the namespace 'Microsoft.ContainerService' for api version '2026-04-01'.`,
      );
      assert.equal(res.headers["x-ms-failure-cause"], "gateway");
    }
    const foreign = await te.request("GET", `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Foo/bars/x?${API}`);
    assert.equal(foreign.status, 404, foreign.text);
    assert.equal(foreign.json.error.code, "NoRegisteredProviderFound");
  });

  test("every official operation: served ones are left to their routes, every other one answers 501 naming itself", async () => {
    const router = te.emulator.router;
    const served: string[] = [];
    const failures: string[] = [];
    for (const op of OFFICIAL_OPERATIONS) {
      const path = op.path
        .replace(/\{subscriptionId\}/g, SUB)
        .replace(/\{resourceGroupName\}/g, RG)
        .replace(/\{resourceName\}/g, "c1")
        .replace(/\{[^}]+\}/g, "x1");
      if (router.match(op.method, path) !== undefined) {
        served.push(op.operationId);
        continue;
      }
      const res = await te.request(
        op.method,
        `${path}?api-version=${op.apiVersions[op.apiVersions.length - 1]}`,
        op.method === "PUT" || op.method === "PATCH" ? { body: {} } : {},
      );
      try {
        assertNotEmulated(res, op.operationId, op.action ?? op.type);
      } catch (e) {
        failures.push(`${op.method} ${op.operationId}: ${(e as Error).message.split("\n")[0]}`);
      }
    }
    assert.deepEqual(failures, []);
    // Not vacuous: the served part of the API is left alone, and the routes taken out answer 501 here.
    for (const id of ["ManagedClusters_Get", "ManagedClusters_CreateOrUpdate", "PrivateEndpointConnections_List", "ResolvePrivateLinkServiceId_POST"])
      assert.ok(served.includes(id), `${id} not served?`);
    const removed = OFFICIAL_OPERATIONS.filter((op) => op.operationId.startsWith("ManagedNamespaces_")).map((op) => op.operationId);
    assert.equal(removed.length, 6, removed.join(", "));
    for (const id of removed) assert.ok(!served.includes(id), `${id} should be unserved here`);
  });

  describe("through the official TS SDK (@azure/arm-containerservice 25.3.0)", () => {
    let aks: ContainerServiceClient;
    /** Requests that left the SDK's retry policy (a perRetry policy sees every attempt), and the last body received. */
    let attempts = 0;
    let lastBody: string | undefined;

    before(() => {
      aks = new ContainerServiceClient(credentialFor(te), SUB, {
        endpoint: te.endpoint,
        additionalPolicies: [
          { policy: conformancePolicy(), position: "perCall" },
          {
            policy: {
              name: "countAttempts",
              sendRequest: async (req, next) => {
                attempts++;
                const res = await next(req);
                lastBody = res.bodyAsText ?? undefined;
                return res;
              },
            },
            position: "perRetry",
          },
        ],
      });
    });

    /**
     * The SDK's RestError for a 501: status, code, a message naming `name`; one attempt, no retry.
     * `where`: "message" (the SDK's error message is ours) or "body" (the SDK writes its own message,
     * as its paging helper does for any failed page: "Pagination failed with unexpected statusCode 501",
     * keeping only the code; ours is then in the body the SDK received).
     */
    async function refusedOnce(call: () => Promise<unknown>, name: string, where: "message" | "body" = "message"): Promise<void> {
      attempts = 0;
      lastBody = undefined;
      await assert.rejects(call(), (e: any) => {
        assert.equal(e.statusCode, 501, String(e));
        assert.equal(e.code, "NotImplementedInEmulator", String(e));
        const text = String(where === "message" ? e.message : lastBody);
        assert.ok(text.includes(name), `${where} lacks '${name}': ${text}`);
        return true;
      });
      assert.equal(attempts, 1, "the SDK retried a 501");
    }

    test("managedNamespaces.get rejects with 501 NotImplementedInEmulator naming managedClusters/managedNamespaces, without a retry", async () => {
      await refusedOnce(() => aks.managedNamespaces.get(RG, "c1", "team1"), "managedClusters/managedNamespaces");
    });

    test("a long-running PUT fails at once instead of polling", async () => {
      await refusedOnce(() => aks.managedNamespaces.beginCreateOrUpdateAndWait(RG, "c1", "team1", { location: "eastus" }), "managedClusters/managedNamespaces");
    });

    test("a list pages nothing and fails with the same error; a served call through the same client works", async () => {
      await refusedOnce(
        async () => {
          for await (const _ of aks.managedNamespaces.listByManagedCluster(RG, "c1")) void _;
        },
        "managedClusters/managedNamespaces",
        "body",
      );
      const got = await aks.managedClusters.get(RG, "c1");
      assert.equal(got.name, "c1");
    });
  });
});

describe("a method aks-emulator does not serve yet on a path it serves: the 501 wins over the 405", () => {
  let te: TestEmulator;
  const pec = `${CLUSTER}/privateEndpointConnections/conn1`;

  before(async () => {
    // The real route table less one route the official API has (PrivateEndpointConnections_Delete):
    // the other methods of that path stay served.
    te = await startTestEmulator({
      adjustRoutes: (routes) => routes.filter((r) => !(r.method === "DELETE" && r.path.endsWith("/privateEndpointConnections/:privateEndpointConnectionName"))),
    });
  });
  after(async () => {
    await te?.close();
  });

  test("DELETE answers 501 naming PrivateEndpointConnections_Delete; GET and PUT are still routed; POST (not in the official API) is still 405", async () => {
    assert.ok(te.emulator.router.match("GET", pec), "GET privateEndpointConnections/{name} should still be served");
    assertNotEmulated(await te.request("DELETE", `${pec}?${API}`), "PrivateEndpointConnections_Delete", "managedClusters/privateEndpointConnections");
    const get = await te.request("GET", `${pec}?${API}`);
    assert.notEqual(get.status, 501, get.text);
    const post = await te.request("POST", `${pec}?${API}`, { body: {} });
    assert.equal(post.status, 405, post.text);
    assert.equal(post.headers["allow"], "GET, PUT");
  });
});
