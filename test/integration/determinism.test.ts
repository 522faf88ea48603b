import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startTestEmulator, TEST_SUBSCRIPTION, type TestEmulator } from "../support/emulator.js";

/**
 * `--seed`: the same seed and the same requests give the same answers. Everything the emulator invents
 * (FQDN labels, principal ids, operation ids, ETags, resourceUID) derives from the seed and the resource;
 * only timestamps (and the port in absolute URLs) may differ between two runs.
 */

const SUB = TEST_SUBSCRIPTION;
const API = "2026-04-01";
const RG = `/subscriptions/${SUB}/resourcegroups/rg-det?api-version=2021-04-01`;
const MC = `/subscriptions/${SUB}/resourceGroups/rg-det/providers/Microsoft.ContainerService/managedClusters/aks-det`;
const CREATE = {
  location: "westeurope",
  tags: { env: "det" },
  properties: {
    dnsPrefix: "detprefix",
    agentPoolProfiles: [{ name: "nodepool1", count: 2, vmSize: "Standard_DS2_v2", mode: "System", osType: "Linux" }],
  },
  identity: { type: "SystemAssigned" },
};

/** Keys whose values are points in time. */
const TIME_KEYS = new Set(["startTime", "endTime", "createdAt", "lastModifiedAt", "timestamp"]);
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** Replaces timestamps and the port of absolute URLs; nothing else. */
function normalize(text: string, endpoint: string): string {
  const withoutPort = text.split(endpoint).join("https://EMULATOR");
  if (!withoutPort) return withoutPort;
  const value = JSON.parse(withoutPort) as unknown;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        if (TIME_KEYS.has(k) && typeof x === "string" && ISO_TIME.test(x)) out[k] = "<time>";
        // resourceUID is a creation timestamp (8 hex digits of Unix seconds) followed by generated hex.
        else if (k === "resourceUID" && typeof x === "string" && /^[0-9a-f]{8}/.test(x)) out[k] = `<time>${x.slice(8)}`;
        else out[k] = walk(x);
      }
      return out;
    }
    return v;
  };
  // Re-serialize in the original key order: byte comparison of everything but the replaced values.
  return JSON.stringify(walk(value));
}

interface Step {
  name: string;
  status: number;
  body: string;
  /** Normalized Azure-AsyncOperation / Location headers. */
  links: string;
}

/** The fixed request sequence; returns each answer (status, normalized body, normalized LRO headers). */
async function scenario(te: TestEmulator): Promise<{ steps: Step[]; raw: Record<string, any> }> {
  const steps: Step[] = [];
  const raw: Record<string, any> = {};
  const run = async (name: string, method: string, path: string, body?: unknown) => {
    const r = await te.request(method, path, body === undefined ? {} : { body });
    const links = ["azure-asyncoperation", "location"]
      .map((h) => (r.headers[h] === undefined ? "" : `${h}: ${String(r.headers[h]).split(te.endpoint).join("https://EMULATOR")}`))
      .join("\n");
    steps.push({ name, status: r.status, body: normalize(r.text, te.endpoint), links });
    raw[name] = r.json;
    return r;
  };
  // Operations take 1 ms of the emulator's clock (startTestEmulator): move it past that before a poll,
  // so the answer does not depend on whether a millisecond passed on the wall clock since the request.
  const poll = (name: string, url: string) => {
    te.emulator.clock.advance(1);
    return run(name, "GET", url.slice(te.endpoint.length));
  };
  await run("create group", "PUT", RG, { location: "westeurope", tags: { a: "b" } });
  const created = await run("create cluster", "PUT", `${MC}?api-version=${API}`, CREATE);
  assert.equal(created.status, 201, created.text);
  await poll("create operation", String(created.headers["azure-asyncoperation"]));
  await run("get cluster", "GET", `${MC}?api-version=${API}`);
  await run("list in group", "GET", `/subscriptions/${SUB}/resourceGroups/rg-det/providers/Microsoft.ContainerService/managedClusters?api-version=${API}`);
  await run("list in subscription", "GET", `/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters?api-version=${API}`);
  await run("patch tags", "PATCH", `${MC}?api-version=${API}`, { tags: { env: "det", stage: "2" } });
  await run("get after patch", "GET", `${MC}?api-version=${API}`);
  const updated = await run("update cluster", "PUT", `${MC}?api-version=${API}`, { ...CREATE, tags: { env: "det3" } });
  await poll("update operation", String(updated.headers["azure-asyncoperation"]));
  await run(
    "missing cluster",
    "GET",
    `/subscriptions/${SUB}/resourceGroups/rg-det/providers/Microsoft.ContainerService/managedClusters/nope?api-version=${API}`,
  );
  const deleted = await run("delete cluster", "DELETE", `${MC}?api-version=${API}`);
  assert.equal(deleted.status, 202, deleted.text);
  await poll("delete operation", String(deleted.headers["azure-asyncoperation"]));
  await run("delete result", "GET", String(deleted.headers["location"]).slice(te.endpoint.length));
  await run("list after delete", "GET", `/subscriptions/${SUB}/resourceGroups/rg-det/providers/Microsoft.ContainerService/managedClusters?api-version=${API}`);
  await run("get group", "GET", RG);
  return { steps, raw };
}

const emulators: TestEmulator[] = [];
let first: Awaited<ReturnType<typeof scenario>>;
let second: Awaited<ReturnType<typeof scenario>>;
let other: Awaited<ReturnType<typeof scenario>>;

before(async () => {
  const [a, b, c] = await Promise.all([
    startTestEmulator({ seed: "determinism-seed-1" }),
    startTestEmulator({ seed: "determinism-seed-1" }),
    startTestEmulator({ seed: "determinism-seed-2" }),
  ]);
  emulators.push(a, b, c);
  assert.notEqual(a.endpoint, b.endpoint);
  // Sequentially, so that the two runs see the same order of events.
  first = await scenario(a);
  second = await scenario(b);
  other = await scenario(c);
});

after(async () => {
  await Promise.all(emulators.map((e) => e.close()));
});

test("the same seed and the same requests give byte-identical answers (timestamps and port aside)", () => {
  assert.equal(first.steps.length, second.steps.length);
  for (let i = 0; i < first.steps.length; i++) {
    const x = first.steps[i]!;
    const y = second.steps[i]!;
    assert.equal(y.name, x.name);
    assert.equal(y.status, x.status, x.name);
    assert.equal(y.body, x.body, `${x.name}: bodies differ`);
    assert.equal(y.links, x.links, `${x.name}: operation URLs differ`);
  }
  // The run did exercise generated values (and the operations did finish).
  const mc = first.raw["get cluster"];
  assert.match(mc.properties.fqdn, /^detprefix-[a-z0-9]+\.hcp\.westeurope\.azmk8s\.io$/);
  assert.match(mc.identity.principalId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(first.raw["create operation"].status, "Succeeded");
  assert.equal(first.raw["update operation"].status, "Succeeded");
  assert.equal(first.raw["delete operation"].status, "Succeeded");
});

test("the normalization only touches timestamps: the raw fields it replaces are real times", () => {
  const op = first.raw["create operation"];
  assert.match(op.startTime, ISO_TIME);
  assert.match(op.endTime, ISO_TIME);
  // Generated values other than time are compared raw, unnormalized.
  for (const name of ["get cluster", "get after patch"]) {
    const x = first.raw[name];
    const y = second.raw[name];
    assert.equal(y.properties.fqdn, x.properties.fqdn);
    assert.equal(y.properties.azurePortalFQDN, x.properties.azurePortalFQDN);
    assert.equal(y.identity.principalId, x.identity.principalId);
    assert.equal(y.eTag, x.eTag);
    assert.equal(y.properties.resourceUID.slice(8), x.properties.resourceUID.slice(8));
  }
  assert.equal(second.raw["create operation"].name, first.raw["create operation"].name);
});

test("a different seed gives different FQDN labels, principal ids, operation ids and ETags", () => {
  const x = first.raw["get cluster"];
  const z = other.raw["get cluster"];
  assert.notEqual(z.properties.fqdn, x.properties.fqdn);
  assert.match(z.properties.fqdn, /^detprefix-[a-z0-9]+\.hcp\.westeurope\.azmk8s\.io$/, "same shape, different label");
  assert.notEqual(z.identity.principalId, x.identity.principalId);
  assert.notEqual(z.eTag, x.eTag);
  assert.notEqual(other.raw["create operation"].name, first.raw["create operation"].name);
  // Whatever is not generated is the same: ids, names, the request's own values.
  assert.equal(z.id, x.id);
  assert.equal(z.properties.dnsPrefix, x.properties.dnsPrefix);
  assert.equal(z.properties.nodeResourceGroup, x.properties.nodeResourceGroup);
});
