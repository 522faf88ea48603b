import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Ajv as AjvInstance } from "ajv";
import { checkSchema, type Schema } from "../../src/arm/request-schemas/check-schema.js";

/**
 * The request-body schemas (src/arm/request-schemas/generated/) are what
 * scripts/generate-request-schemas.mjs makes of spec/definitions/, and check-schema.ts, which walks
 * them at run time, judges bodies as Ajv does (docs/fidelity.md "Request body against the API definition").
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

test("check-schema and Ajv agree on the official examples' request bodies, and on each with one property changed or removed", () => {
  const require = createRequire(import.meta.url);
  const { Ajv } = require("ajv") as typeof import("ajv");
  const examples = resolve(root, "test/fixtures/azure-spec");
  const exampleFiles = readdirSync(examples, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".json"));
  let compared = 0;
  for (const name of readdirSync(generatedDir)) {
    const file = JSON.parse(readFileSync(resolve(generatedDir, name), "utf8")) as SchemaFile;
    const ajv: AjvInstance = new Ajv({ allErrors: true, strict: false, validateSchema: false, inlineRefs: false, code: { optimize: false } });
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
      const definition = ref.slice("#/definitions/".length);
      const validate = ajv.compile({ $ref: `file#/definitions/${definition}` });
      // Bodies: the examples' request bodies that fit this definition (the ones its operation sends, and others that happen to).
      const bodies = exampleFiles
        .map((f) => JSON.parse(readFileSync(resolve(examples, f), "utf8")) as { parameters?: Record<string, unknown> })
        .flatMap((e) => Object.values(e.parameters ?? {}).filter((p) => p !== null && typeof p === "object" && !Array.isArray(p)))
        .filter((b) => validate(b) === true);
      for (const body of bodies.slice(0, 3)) {
        for (const v of [{ at: [], op: "replace" as const, value: body }, ...variants(body)]) {
          const candidate = v.at.length === 0 ? body : applied(body, v);
          const mine = checkSchema(op.schema, candidate, file.definitions);
          const theirs = validate(candidate);
          compared++;
          assert.equal(
            mine === undefined,
            theirs,
            `${name} ${key} ${JSON.stringify(v)}: check-schema ${JSON.stringify(mine)}, Ajv ${JSON.stringify(validate.errors)}`,
          );
          if (mine !== undefined) {
            const paths = validate.errors!.map((e) => {
              const p = e.instancePath;
              return e.keyword === "required" ? `${p}/${(e.params as { missingProperty: string }).missingProperty}` : p;
            });
            const minePath = mine.path.map((p) => `/${String(p).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
            assert.ok(paths.includes(minePath), `${name} ${key}: check-schema names ${minePath}, Ajv ${paths.join(", ")}`);
          }
        }
      }
    }
  }
  assert.ok(compared > 1000, `only ${compared} bodies compared`);
});
