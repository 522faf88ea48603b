import { after, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { ResourceManagementClient } from "@azure/arm-resources";
import type { TokenCredential } from "@azure/identity";
import { RestError } from "@azure/core-rest-pipeline";
import { clusterPath, rgPath, startTestEmulator, type TestEmulator } from "../support/emulator.js";
import { conformancePolicy } from "../support/conformance.js";
import { READER_PRINCIPAL } from "../../src/identity/principals.js";
import { dropSchemas, freshSchema, isCi, probePostgres } from "../support/postgres.js";

/** Issue 9's acceptance points, through the official TS SDK (docs/testing-controls.md). */

function sdkFor(te: TestEmulator, log?: string[]) {
  const credential: TokenCredential = { getToken: async () => ({ token: te.token(), expiresOnTimestamp: Date.now() + 3_600_000 }) };
  const additionalPolicies: any[] = [{ policy: conformancePolicy(), position: "perCall" }];
  if (log) {
    additionalPolicies.push({
      policy: {
        name: "log",
        async sendRequest(req: { method: string; url: string }, next: (r: any) => Promise<any>) {
          log.push(`${req.method} ${new URL(req.url).pathname}`);
          return next(req);
        },
      },
      position: "perRetry",
    });
  }
  const options = { endpoint: te.endpoint, additionalPolicies } as any;
  return {
    aks: new ContainerServiceClient(credential, te.subscriptionId, options),
    arm: new ResourceManagementClient(credential, te.subscriptionId, options),
  };
}

async function control(te: TestEmulator, method: string, path: string, body?: unknown): Promise<any> {
  const r = await te.request(method, path, body === undefined ? {} : { body });
  assert.ok(r.status < 300, `${method} ${path} -> ${r.status} ${r.text}`);
  return r.json;
}

const CLUSTERS = "Microsoft.ContainerService/managedClusters";

/** A create body in the SDK's model shape. */
function sdkCluster(extra: Record<string, unknown> = {}): any {
  return {
    location: "westeurope",
    dnsPrefix: "dns1",
    identity: { type: "SystemAssigned" },
    agentPoolProfiles: [{ name: "nodepool1", count: 1, vmSize: "Standard_DS2_v2", mode: "System", osType: "Linux" }],
    ...extra,
  };
}

describe("testing controls: faults", () => {
  let te: TestEmulator;
  let sdk: ReturnType<typeof sdkFor>;
  before(async () => {
    te = await startTestEmulator();
    sdk = sdkFor(te);
    await sdk.arm.resourceGroups.createOrUpdate("rg", { location: "westeurope" });
  });
  after(async () => te.close());
  beforeEach(async () => {
    await control(te, "DELETE", "/_emulator/faults");
  });

  it("an injected 429 on cluster PUT reaches the SDK as a RestError after its own retries; with count 1 the retry succeeds", async () => {
    const log: string[] = [];
    const { aks } = sdkFor(te, log);
    const fault = await control(te, "POST", "/_emulator/faults", {
      match: { method: "PUT", resourceType: CLUSTERS },
      effect: { status: 429, code: "TooManyRequests" },
    });
    assert.equal(fault.fired, 0);
    await assert.rejects(aks.managedClusters.beginCreateOrUpdateAndWait("rg", "throttled", sdkCluster()), (err: unknown) => {
      assert.ok(err instanceof RestError, String(err));
      assert.equal(err.statusCode, 429);
      assert.equal(err.code, "TooManyRequests");
      assert.equal(err.response?.headers.get("retry-after"), "1");
      return true;
    });
    const puts = log.filter((l) => l.startsWith("PUT "));
    assert.ok(puts.length > 1, `the SDK retried (${puts.length} PUTs)`);
    const [listed] = (await control(te, "GET", "/_emulator/faults")).value;
    assert.equal(listed.fired, puts.length, "every attempt met the fault");
    const missing = await te.request("GET", `${clusterPath(te.subscriptionId, "rg", "throttled")}?api-version=2026-04-01`);
    assert.equal(missing.status, 404, "a refused request changes nothing");

    await control(te, "DELETE", `/_emulator/faults/${fault.id}`);
    log.length = 0;
    await control(te, "POST", "/_emulator/faults", {
      match: { method: "PUT", path: "/subscriptions/*/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/*" },
      effect: { status: 429, code: "TooManyRequests" },
      count: 1,
    });
    const created = await aks.managedClusters.beginCreateOrUpdateAndWait("rg", "retried", sdkCluster());
    assert.equal(created.provisioningState, "Succeeded");
    assert.equal(log.filter((l) => l.startsWith("PUT ")).length, 2, "one refused attempt, one that succeeded");
    assert.deepEqual((await control(te, "GET", "/_emulator/faults")).value, [], "a used-up fault is gone");
  });

  it("operationFails makes createOrUpdate's poller reject with the code; the cluster shows Failed", async () => {
    await control(te, "POST", "/_emulator/faults", {
      match: { method: "PUT", resourceType: CLUSTERS },
      effect: { operationFails: { code: "VMExtensionProvisioningError", message: "VM has reported a failure when processing extension 'vmssCSE'." } },
      count: 1,
    });
    await assert.rejects(sdk.aks.managedClusters.beginCreateOrUpdateAndWait("rg", "failing", sdkCluster()), (err: any) => {
      // @azure/core-lro rejects with a plain Error: "The long-running operation has failed. <code>. <message>".
      assert.match(err.message, /failed\. VMExtensionProvisioningError\. VM has reported a failure when processing extension 'vmssCSE'/);
      return true;
    });
    const cluster = await sdk.aks.managedClusters.get("rg", "failing");
    assert.equal(cluster.provisioningState, "Failed");
    assert.equal(cluster.agentPoolProfiles?.[0]?.provisioningState, "Failed");
    const ops = (await control(te, "GET", "/_emulator/operations?status=Failed")).value;
    assert.equal(ops.length, 1);
    assert.deepEqual(ops[0].error, { code: "VMExtensionProvisioningError", message: "VM has reported a failure when processing extension 'vmssCSE'." });
    // The fault fired once: a second create of the same cluster (an update) succeeds.
    const again = await sdk.aks.managedClusters.beginCreateOrUpdateAndWait("rg", "failing", sdkCluster());
    assert.equal(again.provisioningState, "Succeeded");
  });

  it("an operation fault is not used up by a request that starts no operation", async () => {
    await control(te, "POST", "/_emulator/faults", { match: { resourceType: CLUSTERS }, effect: { operationFails: { code: "QuotaExceeded" } }, count: 1 });
    // A refused PUT (bad body) and a GET start nothing.
    const bad = await te.request("PUT", `${clusterPath(te.subscriptionId, "rg", "refused")}?api-version=2026-04-01`, { body: { location: 7 } });
    assert.equal(bad.status, 400);
    await assert.rejects(sdk.aks.managedClusters.get("rg", "refused"), (e: any) => e.statusCode === 404);
    const [fault] = (await control(te, "GET", "/_emulator/faults")).value;
    assert.equal(fault.fired, 0);
    assert.equal(fault.remaining, 1);
  });

  it("delayMs delays the answer; other matching requests are unaffected once it is cleared", async () => {
    await control(te, "POST", "/_emulator/faults", {
      match: { method: "GET", resourceType: "Microsoft.Resources/resourceGroups" },
      effect: { delayMs: 300 },
      count: 1,
    });
    const t0 = Date.now();
    await sdk.arm.resourceGroups.get("rg");
    assert.ok(Date.now() - t0 >= 290, "the first GET waited");
    assert.deepEqual((await control(te, "GET", "/_emulator/faults")).value, []);
  });

  it("bad fault documents are refused with an ARM error naming the property", async () => {
    for (const [body, target] of [
      [{ match: {}, effect: { status: 200, code: "X" } }, "effect.status"],
      [{ effect: { status: 429 } }, "effect.code"],
      [{ effect: { hangs: true, delayMs: 5 } }, "effect"],
      [{ match: { method: "FETCH" }, effect: { hangs: true } }, "match.method"],
      [{ match: { path: "no-slash" }, effect: { hangs: true } }, "match.path"],
      [{ effect: { delayMs: 1 }, count: 0 }, "count"],
      [{ effect: { delayMs: 1 }, extra: 1 }, "extra"],
    ] as const) {
      const r = await te.request("POST", "/_emulator/faults", { body });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.json.error.code, "InvalidRequestContent");
      assert.equal(r.json.error.target, target, r.text);
      assert.ok(r.json.error.message.includes(`'${target}'`), r.json.error.message);
    }
    assert.deepEqual((await control(te, "GET", "/_emulator/faults")).value, []);
    const gone = await te.request("DELETE", "/_emulator/faults/7d0c4a1e-0000-4000-8000-000000000000");
    assert.equal(gone.status, 404);
    assert.equal(gone.json.error.code, "NotFound");
  });
});

describe("testing controls: time and operations", () => {
  let te: TestEmulator;
  let sdk: ReturnType<typeof sdkFor>;
  before(async () => {
    te = await startTestEmulator({ lroDurationMs: 600_000 });
    sdk = sdkFor(te);
    await sdk.arm.resourceGroups.createOrUpdate("rg", { location: "westeurope" });
  });
  after(async () => te.close());

  it("a 10-minute create completes at once after clock/advance", async () => {
    const before = await control(te, "GET", "/_emulator/clock");
    const poller = await sdk.aks.managedClusters.beginCreateOrUpdate("rg", "slow", sdkCluster(), { updateIntervalInMs: 50 });
    await poller.poll();
    assert.equal(poller.getOperationState().status, "running");
    const moved = await control(te, "POST", "/_emulator/clock/advance", { ms: 600_000 });
    assert.ok(moved.offsetMs - before.offsetMs === 600_000, JSON.stringify(moved));
    assert.ok(Date.parse(moved.now) >= Date.now() + 599_000);
    const done = await poller.pollUntilDone();
    assert.equal(done.provisioningState, "Succeeded");
  });

  it("operations/complete finishes every in-flight operation now", async () => {
    const poller = await sdk.aks.managedClusters.beginCreateOrUpdate("rg", "slow2", sdkCluster(), { updateIntervalInMs: 50 });
    const inFlight = (await control(te, "GET", "/_emulator/operations?status=InProgress")).value;
    assert.equal(inFlight.length, 1);
    assert.equal(inFlight[0].held, false);
    const { completed } = await control(te, "POST", "/_emulator/operations/complete");
    assert.equal(completed, 1);
    assert.equal((await poller.pollUntilDone()).provisioningState, "Succeeded");
  });

  it("a hung operation completes only after its release", async () => {
    await control(te, "POST", "/_emulator/faults", { match: { method: "PUT", resourceType: CLUSTERS }, effect: { hangs: true }, count: 1 });
    const poller = await sdk.aks.managedClusters.beginCreateOrUpdate("rg", "hung", sdkCluster(), { updateIntervalInMs: 50 });
    const [op] = (await control(te, "GET", "/_emulator/operations?status=InProgress")).value;
    assert.equal(op.held, true);
    assert.equal(op.dueAt, null);
    await control(te, "POST", "/_emulator/clock/advance", { ms: 3_600_000 });
    assert.equal((await control(te, "POST", "/_emulator/operations/complete")).completed, 0);
    await poller.poll();
    assert.equal(poller.getOperationState().status, "running");
    assert.equal((await sdk.aks.managedClusters.get("rg", "hung")).provisioningState, "Creating");

    const released = await control(te, "POST", `/_emulator/operations/${op.id}/release`);
    assert.equal(released.status, "Succeeded", "its time was long up: it finished at once");
    assert.equal((await poller.pollUntilDone()).provisioningState, "Succeeded");
    const again = await te.request("POST", `/_emulator/operations/${op.id}/release`);
    assert.equal(again.status, 409);
    assert.equal(again.json.error.code, "Conflict");
  });

  it("a clock advance that is not a whole non-negative number is refused", async () => {
    for (const body of [{ ms: -1 }, { ms: 1.5 }, { ms: "5" }, {}]) {
      const r = await te.request("POST", "/_emulator/clock/advance", { body });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.json.error.code, "InvalidRequestContent");
      assert.match(r.json.error.message, /'ms'/);
    }
  });
});

describe("testing controls: state snapshots", () => {
  let te: TestEmulator;
  let sdk: ReturnType<typeof sdkFor>;
  before(async () => {
    te = await startTestEmulator();
    sdk = sdkFor(te);
  });
  after(async () => te.close());

  it("export, reset, import gives back the same answers; an invalid import changes nothing", async () => {
    await sdk.arm.resourceGroups.createOrUpdate("rg", { location: "westeurope" });
    await sdk.aks.managedClusters.beginCreateOrUpdateAndWait("rg", "public", sdkCluster());
    await sdk.aks.managedClusters.beginCreateOrUpdateAndWait("rg", "private", { ...sdkCluster(), apiServerAccessProfile: { enablePrivateCluster: true } });
    const paths = [
      rgPath(te.subscriptionId, "rg"),
      clusterPath(te.subscriptionId, "rg", "public"),
      clusterPath(te.subscriptionId, "rg", "private"),
      `${clusterPath(te.subscriptionId, "rg", "private")}/privateEndpointConnections`,
      `/subscriptions/${te.subscriptionId}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters`,
    ];
    const answers = async () => {
      const out: unknown[] = [];
      for (const p of paths) {
        const r = await te.request("GET", `${p}?api-version=${p.includes("ContainerService") ? "2026-04-01" : "2024-11-01"}`);
        out.push([r.status, r.json]);
      }
      return out;
    };
    const beforeExport = await answers();
    const doc = await control(te, "GET", "/_emulator/state");
    assert.equal(doc.format, "aks-emulator-state");
    assert.ok(doc.resources.length >= 4, `resources: ${doc.resources.length}`);
    assert.ok(doc.operations.length >= 2);

    await control(te, "POST", "/_emulator/reset");
    const empty = await te.request("GET", `${clusterPath(te.subscriptionId, "rg", "public")}?api-version=2026-04-01`);
    assert.equal(empty.status, 404);

    assert.deepEqual(await control(te, "PUT", "/_emulator/state", doc), { resources: doc.resources.length, operations: doc.operations.length });
    assert.deepEqual(await answers(), beforeExport);
    assert.equal((await sdk.aks.managedClusters.get("rg", "private")).apiServerAccessProfile?.enablePrivateCluster, true);

    const broken = structuredClone(doc);
    broken.resources[1].key = broken.resources[1].key.toUpperCase();
    const clusterAt = doc.resources.findIndex((r: any) => r.type === "microsoft.containerservice/managedclusters");
    const noResource = structuredClone(doc);
    noResource.resources[clusterAt].body = { meta: {} };
    const alienType = structuredClone(doc);
    alienType.resources[clusterAt].type = "microsoft.storage/storageaccounts";
    for (const [bad, target] of [
      [broken, "resources[1].key"],
      [{ ...doc, format: "other" }, "format"],
      [{ ...doc, resources: [doc.resources[0], doc.resources[0]] }, "resources[1].key"],
      [["not", "a document"], undefined],
      [noResource, `resources[${clusterAt}].body.resource`],
      [alienType, `resources[${clusterAt}].type`],
    ] as const) {
      const r = await te.request("PUT", "/_emulator/state", { body: bad });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.error.code, "InvalidStateDocument");
      assert.equal(r.json.error.target, target, r.text);
    }
    assert.deepEqual(await answers(), beforeExport, "a refused import changes nothing");
  });
});

describe("testing controls: request log and access", () => {
  let te: TestEmulator;
  let sdk: ReturnType<typeof sdkFor>;
  before(async () => {
    te = await startTestEmulator();
    sdk = sdkFor(te);
  });
  after(async () => te.close());

  it("the request log shows the requests the test just made, in order, with their codes", async () => {
    await assert.rejects(sdk.aks.managedClusters.get("nope", "c1"));
    await sdk.arm.resourceGroups.createOrUpdate("logged", { location: "westeurope" });
    await sdk.arm.resourceGroups.get("logged");
    const log = (await control(te, "GET", "/_emulator/requests?limit=3")).value;
    assert.deepEqual(
      log.map((e: any) => [e.method, e.path, e.status, e.errorCode]),
      [
        ["GET", clusterPath(te.subscriptionId, "nope", "c1"), 404, "ResourceGroupNotFound"],
        ["PUT", rgPath(te.subscriptionId, "logged"), 201, null],
        ["GET", rgPath(te.subscriptionId, "logged"), 200, null],
      ],
    );
    assert.match(log[1].apiVersion, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(typeof log[1].principal === "string" && log[1].principal.length > 0);
    assert.ok(log.every((e: any) => typeof e.durationMs === "number" && e.requestId));
    const bad = await te.request("GET", "/_emulator/requests?limit=0");
    assert.equal(bad.status, 400);
  });

  it("every control route refuses a request without a token (401) and a Reader (403)", async () => {
    const controls = te.emulator.router.routes.filter((r) => r.apiVersions.kind === "emulator");
    assert.ok(controls.length >= 12, `control routes: ${controls.length}`);
    for (const route of controls) {
      const path = route.path.replace(/:[A-Za-z]+/g, "00000000-0000-4000-8000-000000000001");
      const body = route.body === "none" ? undefined : {};
      const anonymous = await te.request(route.method, path, { auth: false, body });
      assert.equal(anonymous.status, 401, `${route.method} ${route.path} without a token`);
      const reader = await te.request(route.method, path, { auth: `Bearer ${te.token(READER_PRINCIPAL)}`, body });
      assert.equal(reader.status, 403, `${route.method} ${route.path} as Reader`);
      assert.equal(reader.json.error.code, "AuthorizationFailed");
    }
  });
});

const pgAvail = await probePostgres();

describe("testing controls on a shared PostgreSQL store", { skip: pgAvail.url === undefined && !isCi() ? pgAvail.reason : false }, () => {
  let a: TestEmulator;
  let b: TestEmulator;
  const schema = freshSchema("controls");
  before(async () => {
    assert.ok(pgAvail.url, pgAvail.reason);
    const common = { store: "postgres" as const, postgresUrl: pgAvail.url, postgresSchema: schema, inMemory: false, lroDurationMs: 600_000 };
    a = await startTestEmulator(common);
    b = await startTestEmulator(common);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    if (pgAvail.url) await dropSchemas(pgAvail.url, [schema]);
  });

  it("a clock advance on one instance moves the clock of the other, and finishes its operations", async () => {
    const sdkB = sdkFor(b);
    await sdkB.arm.resourceGroups.createOrUpdate("rg", { location: "westeurope" });
    const poller = await sdkB.aks.managedClusters.beginCreateOrUpdate("rg", "shared", sdkCluster(), { updateIntervalInMs: 50 });
    const moved = await control(a, "POST", "/_emulator/clock/advance", { ms: 600_000 });
    const seenByB = await control(b, "GET", "/_emulator/clock");
    assert.equal(seenByB.offsetMs, moved.offsetMs);
    assert.equal((await poller.pollUntilDone()).provisioningState, "Succeeded");
  });

  it("a count-1 fault added on one instance fires once, on whichever instance the request reaches", async () => {
    await control(a, "POST", "/_emulator/faults", {
      match: { method: "GET", resourceType: "Microsoft.Resources/resourceGroups" },
      effect: { status: 503, code: "ServiceUnavailable" },
      count: 1,
    });
    const path = `${rgPath(a.subscriptionId, "rg")}?api-version=2024-11-01`;
    const answers = await Promise.all([a.request("GET", path), b.request("GET", path), a.request("GET", path), b.request("GET", path)]);
    assert.deepEqual(answers.map((r) => r.status).sort(), [200, 200, 200, 503]);
    assert.deepEqual((await control(b, "GET", "/_emulator/faults")).value, []);
  });
});
