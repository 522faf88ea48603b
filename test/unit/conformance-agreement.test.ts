import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import exampleGet from "../fixtures/conformance-managedcluster-get.json" with { type: "json" };
import { checkConformance, modelForResponse } from "../support/conformance.js";
import { checkDefinition, definitionAnswer, definitionError } from "../support/definition-schema.js";

/**
 * Issue #16 item 5: the conformance check reads the generated shapes of the committed definitions
 * (definition-schema.ts) where it read the pinned SDK's compiled JavaScript (sdk-schema.ts). Before
 * the one replaces the other, both judge the same bodies: every official 2026-04-01 example answer
 * of a route both know (the SDK, 25.3.0, is of 2026-04-01), and each with one property added, removed
 * or given a value of another JSON type. They must flag the same paths for the same reasons, except
 * where the definition says more than the SDK (listed below, each with why).
 */

const root = resolve(import.meta.dirname, "../../..");
type Json = Record<string | number, unknown>;

/** `path|kind` of a problem, array indexes dropped. */
function kinds(problems: string[]): Set<string> {
  return new Set(
    problems.map((m) => {
      const at = m.slice(0, m.indexOf(": ")).replace(/\[\d+\]/g, "[]");
      const rest = m.slice(m.indexOf(": ") + 2);
      const kind = rest.startsWith("unknown property")
        ? "unknown"
        : rest.startsWith("missing required")
          ? "required"
          : rest.startsWith("null")
            ? "null"
            : "type";
      return `${at}|${kind}`;
    }),
  );
}

interface Mutation {
  at: (string | number)[];
  op: "delete" | "set";
  value?: unknown;
}

/** One property added to each object, each property removed, each value replaced by one of another JSON type. */
function* mutations(value: unknown, at: (string | number)[] = []): Generator<Mutation> {
  if (value === null || typeof value !== "object") return;
  if (!Array.isArray(value)) yield { at: [...at, "zzNotDefined"], op: "set", value: 1 };
  for (const [k, v] of Object.entries(value)) {
    const key = Array.isArray(value) ? Number(k) : k;
    if (!Array.isArray(value)) yield { at: [...at, key], op: "delete" };
    yield { at: [...at, key], op: "set", value: typeof v === "string" ? 7 : "text" };
    yield* mutations(v, [...at, key]);
  }
}

function applied(body: unknown, m: Mutation): unknown {
  const copy = structuredClone(body) as Json;
  let o = copy;
  for (const k of m.at.slice(0, -1)) o = o[k] as Json;
  const last = m.at[m.at.length - 1]!;
  if (m.op === "delete") delete o[last];
  else o[last] = m.value;
  return copy;
}

/**
 * Where the 2026-04-01 definition requires what the SDK's model leaves optional: the definition is
 * the source (a body without them is not what the API defines), and the emulator always sends them.
 */
const DEFINITION_STRICTER = [
  "PrivateEndpointConnectionListResult: value[].properties.privateLinkServiceConnectionState|required",
  "_TrustedAccessRoleBindingListResult: value[].properties|required",
];

test("the definitions' shapes and the SDK's models judge the official examples and their variants alike", () => {
  const version = "2026-04-01";
  const spec = JSON.parse(readFileSync(resolve(root, `spec/definitions/containerservice/${version}/managedClusters.json`), "utf8")) as {
    paths: Record<string, Record<string, { "x-ms-examples"?: Record<string, { $ref: string }> }>>;
  };
  const bodies: { method: string; url: string; status: number; body: unknown }[] = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      for (const { $ref } of Object.values(op["x-ms-examples"] ?? {})) {
        const file = resolve(root, `test/fixtures/azure-spec/${version}`, $ref);
        if (!existsSync(file)) continue;
        const example = JSON.parse(readFileSync(file, "utf8")) as { responses: Record<string, { body?: unknown }> };
        const url = `${template.replace(/\{[^}]+\}/g, "x1")}?api-version=${version}`;
        for (const [status, response] of Object.entries(example.responses)) {
          if (response.body !== undefined && Number(status) < 300)
            bodies.push({ method: method.toUpperCase(), url, status: Number(status), body: response.body });
        }
      }
    }
  }
  const MC = `/subscriptions/x1/resourceGroups/x1/providers/Microsoft.ContainerService/managedClusters/x1?api-version=${version}`;
  bodies.push({ method: "GET", url: MC, status: 200, body: exampleGet });
  // Error answers (docs/sources.md "ARM error answers"): the old check's ErrorResponse, the definition's error model.
  for (const error of [
    { error: { code: "ResourceNotFound", message: "The Resource 'Microsoft.ContainerService/managedClusters/c1' under resource group 'rg' was not found." } },
    { error: { code: "InvalidParameter", message: "m", target: "agentPoolProfile.count", details: [{ code: "c", message: "m" }] } },
  ]) {
    bodies.push({ method: "GET", url: MC, status: 404, body: error });
  }

  const routes = new Set<string>();
  const differences = new Map<string, number>();
  let variants = 0;
  for (const b of bodies) {
    const model = modelForResponse(b.method, b.url, b.status);
    const definition = b.status >= 400 ? definitionError(b.url, version) : definitionAnswer(b.method, b.url, version);
    if (model === undefined || definition === undefined) continue;
    routes.add(`${b.method} ${b.url.split("?")[0]} -> ${model}`);
    for (const m of [undefined, ...mutations(b.body)]) {
      const body = m ? applied(b.body, m) : b.body;
      variants++;
      const sdk = kinds(checkConformance(body, model));
      const defs = kinds(checkDefinition(body, definition));
      for (const k of sdk) if (!defs.has(k)) differences.set(`SDK only ${model}: ${k}`, (differences.get(`SDK only ${model}: ${k}`) ?? 0) + 1);
      for (const k of defs) if (!sdk.has(k)) differences.set(`${model}: ${k}`, (differences.get(`${model}: ${k}`) ?? 0) + 1);
    }
  }
  assert.deepEqual([...differences.keys()].sort(), DEFINITION_STRICTER.sort(), [...differences].map(([k, n]) => `${n} ${k}`).join("\n"));
  // The models the old check covered for AKS answers: clusters, pools, snapshots, credentials, private link, trusted access, ...
  assert.ok(routes.size >= 20, [...routes].join("\n"));
  assert.ok(
    [...routes].some((r) => r.endsWith("-> ErrorResponse")),
    "error answers compared",
  );
  assert.ok(variants >= 1000, `${variants} variants`);
});
