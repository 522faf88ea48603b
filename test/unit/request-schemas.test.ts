import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Script } from "node:vm";
import type { Ajv as AjvInstance } from "ajv";
import type { Schema } from "../../src/arm/request-schemas/schema.js";
import { compiledValidators, validateRequestBody } from "../../src/arm/request-schemas/validate-body.js";
import { ArmError } from "../../src/arm/errors.js";

/**
 * The request-body schemas (src/arm/request-schemas/generated/) are what
 * scripts/generate-request-schemas.mjs makes of spec/definitions/, and the validators Ajv compiles
 * from them at build time (scripts/compile-request-validators.mjs, in dist/) judge bodies as Ajv
 * compiling the same schemas at run time does (docs/fidelity.md "Request body against the API definition").
 */

const root = resolve(import.meta.dirname, "../../..");
const generatedDir = resolve(root, "src/arm/request-schemas/generated");

interface SchemaGenerator {
  buildSchemas(): Map<string, string>;
}

interface SchemaFile {
  operations: Record<string, { schema: Schema }>;
  definitions: Record<string, Schema>;
}

const generator = (): Promise<SchemaGenerator> => import(new URL("../../../scripts/generate-request-schemas.mjs", import.meta.url).href);

test("the committed schemas are what the generator makes of the committed definitions (else: npm run generate)", async () => {
  const built = (await generator()).buildSchemas();
  assert.deepEqual(readdirSync(generatedDir).sort(), [...built.keys()].sort());
  for (const [name, text] of built) assert.equal(readFileSync(resolve(generatedDir, name), "utf8"), text, name);
});

test("the definition files left out (references into them are open) are exactly the referenced files not committed, each absent and with a reason", async () => {
  const gen = (await import(new URL("../../../scripts/generate-request-schemas.mjs", import.meta.url).href)) as {
    DEFINITIONS: { file: string }[];
    OMITTED_FILES: Record<string, string>;
    resolveFile(from: string, ref: string): string;
  };
  const { existsSync } = await import("node:fs");
  // Every file the listed definitions refer to, followed through the committed ones.
  const missing = new Set<string>();
  const seen = new Set<string>();
  const queue = gen.DEFINITIONS.map((d) => d.file);
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(resolve(root, file), "utf8");
    for (const m of text.matchAll(/"\$ref"\s*:\s*"([^"#]+)#/g)) {
      const target = gen.resolveFile(file, m[1]!);
      if (existsSync(resolve(root, target))) queue.push(target);
      else missing.add(target);
    }
  }
  // common-types v6 managedidentitywithdelegation.json names ./managedidentity.json, which no followed reference reaches (spec/PROVENANCE.md).
  missing.delete("spec/definitions/common-types/resource-management/v6/managedidentity.json");
  assert.deepEqual([...missing].sort(), Object.keys(gen.OMITTED_FILES).sort());
  for (const [file, reason] of Object.entries(gen.OMITTED_FILES)) {
    assert.equal(existsSync(resolve(root, file)), false, file);
    assert.ok(reason.length > 20, file);
  }
  // A reference into one is open in the request schema: a subnet's network security group takes any value.
  const network = JSON.parse(readFileSync(resolve(generatedDir, "microsoft.network-2025-05-01.json"), "utf8")) as SchemaFile;
  const subnet = Object.entries(network.definitions).find(([name]) => name.endsWith("SubnetPropertiesFormat"))![1];
  assert.deepEqual(subnet.properties!["networkSecurityGroup"], {});
  assert.ok(subnet.properties!["privateEndpointNetworkPolicies"]!.enumAnyCase!.includes("NetworkSecurityGroupEnabled"));
});

test("read-only properties are not in the request schemas, enums take the values of every version", () => {
  const newest = JSON.parse(readFileSync(resolve(generatedDir, "microsoft.containerservice-2026-04-01.json"), "utf8")) as SchemaFile;
  const older = JSON.parse(readFileSync(resolve(generatedDir, "microsoft.containerservice-2022-11-01.json"), "utf8")) as SchemaFile;
  const props = newest.definitions["ManagedClusterProperties"]!.properties!;
  assert.equal(props["provisioningState"], undefined);
  assert.equal(props["fqdn"], undefined);
  assert.ok(props["dnsPrefix"]);
  // AgentPoolMode gained "Gateway" and "Machines" after 2022-11-01: the older version's schema takes them too.
  const mode = (f: SchemaFile) => f.definitions["AgentPoolMode"]!.enumAnyCase!;
  assert.ok(mode(newest).includes("Gateway"), String(mode(newest)));
  assert.deepEqual(mode(older), mode(newest));
});

/** JSON values for the agreement check: each body of the official examples, and each with one property changed or removed. */
function* variants(value: unknown, at: (string | number)[] = []): Generator<{ at: (string | number)[]; op: "delete" | "replace"; value?: unknown }> {
  if (value === null || typeof value !== "object") return;
  for (const [k, v] of Object.entries(value)) {
    const key = Array.isArray(value) ? Number(k) : k;
    yield { at: [...at, key], op: "delete" };
    for (const other of ["text", 7, 2.5, -1, 99999, true, [], {}, "", "x".repeat(300)]) yield { at: [...at, key], op: "replace", value: other };
    yield* variants(v, [...at, key]);
  }
}

function applied(body: unknown, v: { at: (string | number)[]; op: "delete" | "replace"; value?: unknown }): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let o = copy;
  for (const k of v.at.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  const last = v.at[v.at.length - 1]!;
  if (v.op === "delete") {
    if (Array.isArray(o)) o.splice(Number(last), 1);
    else delete o[last];
  } else o[last] = v.value;
  return copy;
}

const validatorsDir = resolve(root, "dist/src/arm/request-schemas/validators");
type Validate = ((data: unknown) => boolean) & { errors?: { instancePath: string; keyword: string; params: Record<string, unknown> }[] | null };

test("a build-time validator script and its code cache for every generated schema file, one validator per operation", () => {
  const names = readdirSync(generatedDir).filter((f) => f.endsWith(".json"));
  assert.deepEqual(
    readdirSync(validatorsDir).sort(),
    ["index.json", ...names.flatMap((n) => [n.replace(/\.json$/, ".cache"), n.replace(/\.json$/, ".js")])].sort(),
  );
  const index = JSON.parse(readFileSync(resolve(validatorsDir, "index.json"), "utf8")) as Record<string, Record<string, string>>;
  for (const name of names) {
    const file = JSON.parse(readFileSync(resolve(generatedDir, name), "utf8")) as SchemaFile;
    assert.deepEqual(Object.keys(compiledValidators(name.replace(/\.json$/, ""))).sort(), Object.keys(file.operations).sort(), name);
    assert.deepEqual(
      index[name.replace(/\.json$/, "")],
      Object.fromEntries(Object.entries(file.operations).map(([key, op]) => [key, (op as { operationId?: string }).operationId])),
      name,
    );
    // The code cache belongs to the script and this Node: V8 takes it.
    const base = resolve(validatorsDir, name.replace(/\.json$/, ""));
    const script = new Script(readFileSync(`${base}.js`, "utf8"), { filename: `${base}.js`, cachedData: readFileSync(`${base}.cache`) });
    assert.equal(script.cachedDataRejected, false, name);
  }
});

test("the build-time validators and Ajv compiling at run time agree on the official examples' request bodies, and on each with one property changed or removed", async () => {
  const require = createRequire(import.meta.url);
  const { Ajv } = require("ajv") as typeof import("ajv");
  const examples = resolve(root, "test/fixtures/azure-spec");
  const exampleFiles = readdirSync(examples, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".json"));
  const exampleBodies = exampleFiles
    .map((f) => JSON.parse(readFileSync(resolve(examples, f), "utf8")) as { parameters?: Record<string, unknown> })
    .flatMap((e) => Object.values(e.parameters ?? {}).filter((p) => p !== null && typeof p === "object" && !Array.isArray(p)));
  let compared = 0;
  let refused = 0;
  for (const name of readdirSync(generatedDir)) {
    const file = JSON.parse(readFileSync(resolve(generatedDir, name), "utf8")) as SchemaFile;
    const compiled = { operations: compiledValidators(name.replace(/\.json$/, "")) as Record<string, Validate> };
    // The reference: Ajv's own compile, with enumAnyCase as a plain function (not the build's generated code).
    const ajv: AjvInstance = new Ajv({ allErrors: true, strict: false, validateSchema: false, inlineRefs: false });
    ajv.addKeyword({
      keyword: "enumAnyCase",
      type: "string",
      schemaType: "array",
      compile: (values: string[]) => (data: string) => values.some((v) => v.toLowerCase() === data.toLowerCase()),
    });
    ajv.addSchema({ $id: "file", definitions: file.definitions });
    for (const [key, op] of Object.entries(file.operations)) {
      const ref = (op.schema as { $ref?: string }).$ref;
      if (ref === undefined) continue;
      const validate = ajv.compile({ $ref: `file#/definitions/${ref.slice("#/definitions/".length)}` });
      const mine = compiled.operations[key]!;
      // Bodies: the examples' request bodies that fit this definition (the ones its operation sends, and others that happen to).
      const bodies = exampleBodies.filter((b) => validate(b) === true);
      for (const body of bodies.slice(0, 3)) {
        for (const v of [{ at: [], op: "replace" as const, value: body }, ...variants(body)]) {
          const candidate = v.at.length === 0 ? body : applied(body, v);
          const theirs = validate(candidate);
          const ours = mine(candidate);
          compared++;
          if (!ours) refused++;
          assert.equal(
            ours,
            theirs,
            `${name} ${key} ${JSON.stringify(v)}: build-time ${JSON.stringify(mine.errors)}, run-time ${JSON.stringify(validate.errors)}`,
          );
          if (!ours) {
            const where = (errors: NonNullable<Validate["errors"]>) => errors.map((e) => `${e.keyword} ${e.instancePath}`).sort();
            assert.deepEqual(where(mine.errors!), where(validate.errors as NonNullable<Validate["errors"]>), `${name} ${key} ${JSON.stringify(v)}`);
          }
        }
      }
    }
  }
  assert.ok(compared > 1000, `only ${compared} bodies compared`);
  assert.ok(refused > 100, `only ${refused} bodies refused`);
});

/** The ARM error validateRequestBody throws for a body (undefined when it takes it). */
async function refusal(apiVersion: string, routePath: string, body: unknown): Promise<{ code: string; target?: string; message: string } | undefined> {
  try {
    await validateRequestBody("Microsoft.ContainerService", apiVersion, "PUT", routePath, body);
    return undefined;
  } catch (e) {
    assert.ok(e instanceof ArmError, String(e));
    return { code: e.code, target: e.target, message: e.message };
  }
}

const CLUSTER = "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.ContainerService/managedClusters/:resourceName";

test("several problems in one body: the answer names the first in the body's order, a value's type before its rules, a missing property before the others", async () => {
  const pool = (extra: Record<string, unknown>) => ({ name: "np1", count: 1, mode: "System", ...extra });
  const body = (properties: Record<string, unknown>) => ({ location: "eastus", properties });
  // Two wrong values: whichever comes first in the body is named, though the definition lists them the other way.
  const a = await refusal("2026-04-01", CLUSTER, body({ networkProfile: { networkPolicy: "calicoo" }, dnsPrefix: 5 }));
  assert.equal(a?.target, "networkProfile.networkPolicy", JSON.stringify(a));
  assert.equal(a?.code, "InvalidParameter");
  assert.match(a!.message, /The value of parameter networkProfile\.networkPolicy is invalid: 'calicoo'\. Allowed values: none, calico, azure, cilium/);
  const b = await refusal("2026-04-01", CLUSTER, body({ dnsPrefix: 5, networkProfile: { networkPolicy: "calicoo" } }));
  assert.deepEqual(b, {
    code: "InvalidRequestContent",
    target: "properties.dnsPrefix",
    message: "The request content was invalid and could not be deserialized: property 'properties.dnsPrefix' must be a string, not number.",
  });
  // In an array, the first item with a problem.
  const c = await refusal("2026-04-01", CLUSTER, body({ agentPoolProfiles: [pool({}), pool({ count: "x" }), pool({ count: -5 })] }));
  assert.equal(c?.target, "properties.agentPoolProfiles[1].count", JSON.stringify(c));
  // A missing required property of an object before a wrong value in it; the range message names both bounds.
  const d = await refusal("2026-04-01", CLUSTER, body({ agentPoolProfiles: [{ count: 5000, mode: "System" }] }));
  assert.deepEqual(d, {
    code: "InvalidParameter",
    target: "agentPoolProfiles[0].name",
    message: "Required parameter agentPoolProfiles[0].name is missing (null).",
  });
  const e = await refusal("2026-04-01", CLUSTER, body({ agentPoolProfiles: [pool({ osDiskSizeGB: 5000 })] }));
  assert.equal(e?.target, "agentPoolProfiles[0].osDiskSizeGB", JSON.stringify(e));
  assert.match(e!.message, /: 5000\. It must be between 0 and 2048\./);
  // Enum values in any letter case; nulls are properties not given.
  assert.equal(await refusal("2026-04-01", CLUSTER, body({ networkProfile: { networkPolicy: "CALICO", podCidr: null }, dnsPrefix: null })), undefined);
  // At a version newer than every definition, an unknown value may be one the version added.
  assert.equal(await refusal("2099-01-01", CLUSTER, body({ networkProfile: { networkPolicy: "calicoo" } })), undefined);
});
