import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { answerPruner, storedPruner } from "../../src/arm/response-shapes/shape-answer.js";

/**
 * The answer shapes (src/arm/response-shapes/generated/) are what scripts/generate-response-shapes.mjs
 * makes of spec/definitions/, and the pruners built from them leave the official examples' answers
 * whole and take out what a version does not define. docs/fidelity.md "Answers per api-version".
 */

const root = resolve(import.meta.dirname, "../../..");
const generatedDir = resolve(root, "src/arm/response-shapes/generated");
const NS = "Microsoft.ContainerService";
const CLUSTER = "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.ContainerService/managedClusters/:resourceName";

type Obj = Record<string, unknown>;

test("the committed shapes are what the generator makes of the committed definitions (else: npm run generate)", async () => {
  const generator = (await import(new URL("../../../scripts/generate-response-shapes.mjs", import.meta.url).href)) as { buildShapes(): Map<string, string> };
  const built = generator.buildShapes();
  assert.deepEqual(readdirSync(generatedDir).sort(), [...built.keys()].sort());
  for (const [name, text] of built) assert.equal(readFileSync(resolve(generatedDir, name), "utf8"), text, name);
});

test("every official example's answer passes its own version's shape whole", () => {
  let compared = 0;
  const problems: string[] = [];
  for (const version of ["2026-04-01", "2022-11-01"]) {
    const spec = JSON.parse(readFileSync(resolve(root, `spec/definitions/containerservice/${version}/managedClusters.json`), "utf8")) as {
      paths: Record<string, Record<string, { "x-ms-examples"?: Record<string, { $ref: string }> }>>;
    };
    for (const [template, item] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(item)) {
        for (const { $ref } of Object.values(op["x-ms-examples"] ?? {})) {
          const file = resolve(root, `test/fixtures/azure-spec/${version}`, $ref);
          if (!existsSync(file)) continue;
          const example = JSON.parse(readFileSync(file, "utf8")) as { responses: Record<string, { body?: unknown }> };
          const prune = answerPruner(NS, method.toUpperCase(), template, version);
          for (const [status, response] of Object.entries(example.responses)) {
            if (response.body === undefined || status === "202" || Number(status) >= 300) continue;
            if (prune === null) {
              problems.push(`${version} ${method} ${template}: no shape`);
              continue;
            }
            compared++;
            const pruned = prune(response.body);
            if (JSON.stringify(pruned) !== JSON.stringify(response.body))
              problems.push(`${version} ${$ref} ${status}: ${JSON.stringify(pruned).slice(0, 200)}`);
          }
        }
      }
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(compared >= 40, `${compared} answers compared`);
});

test("an answer at 2022-11-01 leaves out what only 2026-04-01 defines; unknown properties are not stored", () => {
  const cluster: Obj = {
    id: "/x",
    name: "c1",
    location: "eastus",
    tags: { a: "b" },
    properties: {
      dnsPrefix: "d",
      nodeProvisioningProfile: { mode: "Manual" },
      agentPoolProfiles: [{ name: "np1", count: 1, madeUp: 1 }],
      addonProfiles: { omsagent: { enabled: true, config: { k: "v" }, madeUp: 2 } },
      madeUp: 3,
    },
  };
  const older = answerPruner(NS, "GET", CLUSTER, "2022-11-01")!(cluster) as Obj;
  assert.deepEqual(older, {
    id: "/x",
    name: "c1",
    location: "eastus",
    tags: { a: "b" },
    properties: { dnsPrefix: "d", agentPoolProfiles: [{ name: "np1", count: 1 }], addonProfiles: { omsagent: { enabled: true, config: { k: "v" } } } },
  });
  const newer = answerPruner(NS, "GET", CLUSTER, "2026-04-01")!(cluster) as Obj;
  assert.deepEqual((newer["properties"] as Obj)["nodeProvisioningProfile"], { mode: "Manual" });
  assert.equal((newer["properties"] as Obj)["madeUp"], undefined);
  // Between the two: the nearer newer version's shape; after both: none (answered as stored).
  assert.deepEqual(((answerPruner(NS, "GET", CLUSTER, "2024-08-01")!(cluster) as Obj)["properties"] as Obj)["nodeProvisioningProfile"], { mode: "Manual" });
  assert.equal(answerPruner(NS, "GET", CLUSTER, "2026-10-01"), null);
  const stored = storedPruner(NS, CLUSTER)!(cluster) as Obj;
  assert.deepEqual(stored, newer);
  // Nothing to leave out: the same object back, not a copy.
  assert.equal(answerPruner(NS, "GET", CLUSTER, "2026-04-01")!(newer), newer);
  // A namespace without shapes is answered as stored.
  assert.equal(
    answerPruner(
      "Microsoft.Compute",
      "GET",
      "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.Compute/disks/:diskName",
      "2024-03-02",
    ),
    null,
  );
});
